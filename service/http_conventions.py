"""The HTTP conventions of a read-only public service, installed in one call: CORS for any
origin (no credentials), HEAD and OPTIONS, gzip for text above a small size, and
validators and Cache-Control from the store's last load.

Order, outermost first: CORS (answers preflight requests), methods (OPTIONS, HEAD as GET),
caching (ETag, 304), gzip.
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from service.http_caching import HttpCachingMiddleware
from service.http_methods import HttpMethodsMiddleware

__all__ = ["GZIP_MINIMUM_SIZE", "GZipWhenAcceptedMiddleware", "install_http_conventions"]

GZIP_MINIMUM_SIZE = 1000
"""Bytes below which a response is sent uncompressed."""


class GZipWhenAcceptedMiddleware:
    """Starlette's gzip for clients that accept it; others go straight to the app (its
    identity path changes nothing but ``Vary``, which the caching middleware sets on every
    response, and costs a header parse per request)."""

    def __init__(self, app: ASGIApp, minimum_size: int = GZIP_MINIMUM_SIZE) -> None:
        self.app = app
        self.gzip = GZipMiddleware(app, minimum_size=minimum_size)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            for name, value in scope["headers"]:
                if name == b"accept-encoding" and b"gzip" in value:
                    await self.gzip(scope, receive, send)
                    return
        await self.app(scope, receive, send)


def install_http_conventions(app: FastAPI) -> None:
    # add_middleware puts each one outside those added before it.
    app.add_middleware(GZipWhenAcceptedMiddleware, minimum_size=GZIP_MINIMUM_SIZE)
    app.add_middleware(HttpCachingMiddleware)
    app.add_middleware(HttpMethodsMiddleware)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_credentials=False,
        allow_methods=["GET", "HEAD", "POST", "OPTIONS"],
        allow_headers=["*"],
        expose_headers=["ETag", "Link", "Location"],
        max_age=86400,
    )
