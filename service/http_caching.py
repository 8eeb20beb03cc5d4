"""Caching for GET (and HEAD, which arrives here as GET): ``ETag`` and ``Last-Modified``
derived from the store's last load, ``304 Not Modified`` on ``If-None-Match`` or
``If-Modified-Since``, ``Cache-Control`` and ``Vary`` on every response.

The ETag is weak (the same for the gzip and identity encodings) and differs by path, query
string and ``Accept``, so each negotiated variant has its own.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.store_version import StoreVersion

__all__ = ["CACHE_CONTROL", "NO_STORE", "HttpCachingMiddleware", "etag_matches"]

CACHE_CONTROL = "public, max-age=60"
"""For successful GET responses: fresh for a minute, then revalidated with the ETag."""
NO_STORE = "no-store"
"""For errors and health checks."""
VARY = ("Accept", "Accept-Encoding")
_UNVALIDATED_PREFIXES = ("/static/",)
"""Served with their own validators (file time and size)."""
_UNCACHED_PATHS = ("/health",)
"""Always asked anew."""
# Headers a 304 keeps (RFC 9110, 15.4.5): the rest describe a body it does not have.
_DROPPED_ON_304 = ("content-length", "content-type", "content-encoding")


def etag_matches(header: str, etag: str) -> bool:
    """Weak comparison of ``If-None-Match`` with ``etag``.

    >>> etag_matches('"a", W/"b"', 'W/"b"')
    True
    >>> etag_matches('W/"a"', 'W/"b"')
    False
    """
    if header.strip() == "*":
        return True
    wanted = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == wanted for tag in header.split(","))


def _not_modified_since(header: str, last_modified: datetime) -> bool:
    try:
        since = parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return False
    if since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    return last_modified.replace(microsecond=0) <= since


def _merge_vary(headers: MutableHeaders) -> None:
    present = [v.strip() for v in ",".join(headers.getlist("vary")).split(",") if v.strip()]
    names: dict[str, str] = {}
    for name in (*present, *VARY):
        names.setdefault(name.lower(), name)
    del headers["vary"]
    headers["Vary"] = ", ".join(names.values())


class HttpCachingMiddleware:
    """Validators from ``app.state.store``'s last load; see the module docstring."""

    def __init__(self, app: ASGIApp, version: StoreVersion | None = None) -> None:
        self.app = app
        self.version = version or StoreVersion()

    def _etag(self, scope: Scope, version: datetime) -> str:
        request = Headers(scope=scope)
        parts = (
            version.isoformat(),
            str(getattr(scope["app"], "version", "")),
            scope.get("root_path", ""),
            scope["path"],
            scope.get("query_string", b"").decode("latin-1"),
            request.get("accept", ""),
        )
        digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]
        return f'W/"{digest}"'

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        uncached = scope["path"] in _UNCACHED_PATHS
        validated = not uncached and not scope["path"].startswith(_UNVALIDATED_PREFIXES)
        store = getattr(scope["app"].state, "store", None)
        version = await self.version.get(store) if validated and store is not None else None
        request = Headers(scope=scope)
        dropping = False

        async def send_wrapper(message: Message) -> None:
            nonlocal dropping
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                status = message["status"]
                if status == 200 and version is not None:
                    etag = self._etag(scope, version)
                    headers["ETag"] = etag
                    headers["Last-Modified"] = format_datetime(version, usegmt=True)
                    if _is_not_modified(request, etag, version):
                        message["status"] = 304
                        for name in _DROPPED_ON_304:
                            del headers[name]
                        dropping = True
                if "cache-control" not in headers:
                    cacheable = status < 400 and not uncached
                    headers["Cache-Control"] = CACHE_CONTROL if cacheable else NO_STORE
                _merge_vary(headers)
            elif message["type"] == "http.response.body" and dropping:
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app(scope, receive, send_wrapper)


def _is_not_modified(request: Headers, etag: str, version: datetime) -> bool:
    if "if-none-match" in request:
        return etag_matches(request["if-none-match"], etag)
    if "if-modified-since" in request:
        return _not_modified_since(request["if-modified-since"], version)
    return False
