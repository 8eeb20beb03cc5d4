"""``hjemmel serve``: the HTTP service on the configured store.

On SIGTERM or Ctrl-C the service stops taking requests, gives the running ones
:data:`SHUTDOWN_GRACE_SECONDS` to finish, then cancels them: their query workers are killed
and the store is closed (releasing its ``LOCK``), so a new ``hjemmel serve`` on the same
store starts at once. A thread still waiting on a remote store is not waited for.

An idle connection stays open ``HJEMMEL_KEEP_ALIVE_SECONDS`` (75 s, as nginx) for the
client's next request. uvicorn's own 5 s is as short as clients keep theirs (httpx: 5 s):
a client reusing a connection the server is just closing loses its request to a reset
(``httpx.ReadError``), most often when the event loop is busy.

``--read-only`` opens an embedded store read-only: the service never writes to it (a store
another process may not change, or one on read-only media). ``--workers N`` serves the
store from N processes, each with the store opened read-only (pyoxigraph allows several
read-only openers); they share the port, so N requests run Python at once.
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
    p.add_argument(
        "--read-only",
        action="store_true",
        help="åpne lageret bare for lesing / open the embedded store read-only (never written)",
    )
    p.add_argument(
        "--workers",
        type=int,
        default=1,
        help="antall tjenesteprosesser / service processes on one store (more than one opens "
        "an embedded store read-only)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from graph.cli._common import settings_from

    if args.store_path:
        os.environ["HJEMMEL_STORE_PATH"] = args.store_path
    os.environ.setdefault("HJEMMEL_PUBLIC_URL", f"http://{args.host}:{args.port}")
    workers = max(1, args.workers)
    keep_alive = settings_from(args).keep_alive_seconds
    if args.read_only or workers > 1:
        # the worker processes read the settings from the environment
        os.environ["HJEMMEL_READ_ONLY"] = "true"
    uvicorn.run(
        "service.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=workers,
        timeout_graceful_shutdown=SHUTDOWN_GRACE_SECONDS,
        timeout_keep_alive=keep_alive,
    )
    # The store is closed and the workers are gone; threads blocked in a remote call would
    # keep the interpreter alive until their timeout.
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
