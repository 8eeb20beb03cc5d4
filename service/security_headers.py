"""Security headers: ``X-Content-Type-Options: nosniff`` on every response; on HTML pages
also a Content-Security-Policy, ``Referrer-Policy`` and ``X-Frame-Options``.

The policy allows scripts and styles from the service itself only. An inline
``<script>`` or ``<style>`` is allowed by its SHA-256 hash, computed from the page as it is
sent (the pages of this service have none). The API documentation (``/docs``) runs
Swagger UI from the service's own files; its policy adds only blob: workers.
"""

from __future__ import annotations

import base64
import hashlib
import re

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["DOCS_PATHS", "SecurityHeadersMiddleware", "content_security_policy"]

DOCS_PATHS = frozenset({"/docs", "/docs/oauth2-redirect"})
_INLINE = re.compile(rb"<(script|style)(?![^>]*\bsrc=)[^>]*>(.*?)</\1\s*>", re.S | re.I)


def _hash(content: bytes) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(content).digest()).decode() + "'"


def content_security_policy(html: bytes, docs: bool = False) -> str:
    """The policy for one HTML page: its inline scripts and styles allowed by hash.

    >>> content_security_policy(b"<p>hei</p>")  # doctest: +NORMALIZE_WHITESPACE
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;
    object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    """
    scripts = ["'self'"]
    styles = ["'self'"]
    images = ["'self'", "data:"]
    extra: list[str] = []
    for m in _INLINE.finditer(html):
        (scripts if m.group(1).lower() == b"script" else styles).append(_hash(m.group(2)))
    if docs:
        extra = ["worker-src 'self' blob:"]
    return "; ".join(
        [
            "default-src 'self'",
            "script-src " + " ".join(dict.fromkeys(scripts)),
            "style-src " + " ".join(dict.fromkeys(styles)),
            "img-src " + " ".join(images),
            *extra,
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


class SecurityHeadersMiddleware:
    """Adds the headers; holds back an HTML response's start until its body is complete, to
    hash its inline scripts."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        docs = scope["path"].rstrip("/") in DOCS_PATHS
        start: Message | None = None
        chunks: list[bytes] = []

        async def wrapped(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["X-Content-Type-Options"] = "nosniff"
                if headers.get("content-type", "").startswith("text/html"):
                    start = message
                    return
            elif message["type"] == "http.response.body" and start is not None:
                chunks.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                body = b"".join(chunks)
                headers = MutableHeaders(scope=start)
                headers["Content-Security-Policy"] = content_security_policy(body, docs)
                headers["Referrer-Policy"] = "no-referrer"
                headers["X-Frame-Options"] = "DENY"
                await send(start)
                message = {"type": "http.response.body", "body": body, "more_body": False}
            await send(message)

        await self.app(scope, receive, wrapped)
