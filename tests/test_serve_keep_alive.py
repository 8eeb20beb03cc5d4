"""``hjemmel serve`` keeps an idle connection open ``HJEMMEL_KEEP_ALIVE_SECONDS`` (75 s),
not uvicorn's own 5 s: a connection idle for longer than 5 s still answers its next request
(with 5 s the service closes it and the request gets no answer)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from servers import free_port

ROOT = Path(__file__).resolve().parent.parent
IDLE_SECONDS = 6  # longer than uvicorn's default keep-alive of 5 s
REQUEST = b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\r\n"


def _read_response(sock: socket.socket) -> bytes:
    """One HTTP/1.1 response with a Content-Length body; b"" when the server closed."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(
        int(line.split(b":", 1)[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


def second_request_after_idle(store: Path, env: dict[str, str]) -> bytes:
    """The answer to a second request on one connection, sent :data:`IDLE_SECONDS` after
    the first was answered; b"" or the error's name when the connection was closed or reset
    instead."""
    port = free_port()
    log = (store.parent / f"serve-{port}.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "graph", "--store-path", str(store), "serve", "--port", str(port)],
        cwd=ROOT,
        env={**{k: v for k, v in os.environ.items() if k != "HJEMMEL_KEEP_ALIVE_SECONDS"}, **env},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                sock = socket.create_connection(("127.0.0.1", port), timeout=5)
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((store.parent / f"serve-{port}.log").read_text()) from None
                time.sleep(0.2)
        with sock:
            sock.settimeout(60)
            sock.sendall(REQUEST)
            assert _read_response(sock).startswith(b"HTTP/1.1 200")
            time.sleep(IDLE_SECONDS)
            try:
                sock.sendall(REQUEST)
                return _read_response(sock)
            except OSError as e:
                return type(e).__name__.encode()
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def test_a_connection_idle_longer_than_uvicorns_keep_alive_is_served(tmp_path: Path) -> None:
    answer = second_request_after_idle(tmp_path / "store", {})
    assert answer.startswith(b"HTTP/1.1 200"), answer
