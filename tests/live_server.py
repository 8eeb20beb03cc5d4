"""The service under a real uvicorn server in a thread, on a free loopback port, for tests
that need real HTTP clients (SPARQLWrapper, rdflib's SPARQLStore, a browser)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn

from graph.settings import Settings
from graph.store import Store
from service.app import create_app

__all__ = ["live_service"]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def live_service(store: Store) -> Iterator[str]:
    """Serve ``store`` until the block ends; yields the base URL (no trailing slash)."""
    port = _free_port()
    app = create_app(Settings(store_path=None), store=store)
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"uvicorn did not start on port {port}")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
