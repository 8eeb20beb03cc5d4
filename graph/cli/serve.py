"""``hjemmel serve``: the HTTP service on the configured store."""

from __future__ import annotations

import argparse
import os


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("serve", help="start tjenesten / start the service")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import uvicorn

    if args.store_path:
        os.environ["HJEMMEL_STORE_PATH"] = args.store_path
    os.environ.setdefault("HJEMMEL_PUBLIC_URL", f"http://{args.host}:{args.port}")
    uvicorn.run("service.app:create_app", factory=True, host=args.host, port=args.port)
    return 0
