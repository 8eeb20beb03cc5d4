"""``hjemmel serve``: the HTTP service on the configured store.

On SIGTERM or Ctrl-C the service stops taking requests, gives the running ones
:data:`SHUTDOWN_GRACE_SECONDS` to finish, then cancels them: their query workers are killed
and the store is closed (releasing its ``LOCK``), so a new ``hjemmel serve`` on the same
store starts at once. A thread still waiting on a remote store is not waited for.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys

SHUTDOWN_GRACE_SECONDS = 2


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
    uvicorn.run(
        "service.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        timeout_graceful_shutdown=SHUTDOWN_GRACE_SECONDS,
    )
    # The store is closed and the workers are gone; threads blocked in a remote call would
    # keep the interpreter alive until their timeout.
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
