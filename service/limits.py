"""Request body limits, applied before an endpoint reads a byte of the body.

Each endpoint that takes a body has its own size limit (``HJEMMEL_MAX_VALIDATE_BYTES``,
``HJEMMEL_MAX_CITATIONS_BYTES``, ``HJEMMEL_MAX_SPARQL_BODY_BYTES``; any other path
``HJEMMEL_MAX_BODY_BYTES``). A ``Content-Length`` over the limit is answered with 413 at
once; a body sent in chunks is counted while it arrives and refused as soon as it passes
the limit, so no more than the limit is ever held in memory. A JSON, JSON-LD or Turtle body
is then checked for nesting depth (``HJEMMEL_MAX_JSON_DEPTH``) before any parser sees it.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph.errors import HjemmelError, PayloadTooLargeError
from graph.settings import Settings
from graph.store.nesting import check_body_depth
from service.errors import error_response, status_of

__all__ = ["BodyLimitMiddleware", "body_limit"]

_METHODS = frozenset({"POST", "PUT", "PATCH"})


def body_limit(settings: Settings, path: str) -> int:
    """The body size limit, in bytes, of requests to ``path``."""
    path = path.rstrip("/")
    if path == "/api/validate":
        return settings.max_validate_bytes
    if path == "/api/citations":
        return settings.max_citations_bytes
    if path == "/sparql":
        return settings.max_sparql_body_bytes
    return settings.max_body_bytes


def _too_large(limit: int) -> PayloadTooLargeError:
    return PayloadTooLargeError(
        f"forespørselen er større enn grensen på {limit} byte / the request body is larger "
        f"than the limit of {limit} bytes"
    )


class BodyLimitMiddleware:
    """Reads the body of POST, PUT and PATCH requests up to the path's limit, checks its
    nesting, and hands it on in one piece."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in _METHODS:
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        limit = body_limit(self.settings, scope["path"])
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            await self._refuse(_too_large(limit), scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await self._refuse(_too_large(limit), scope, receive, send)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        try:
            check_body_depth(body, headers.get("content-type", ""), self.settings.max_json_depth)
        except HjemmelError as e:
            await self._refuse(e, scope, receive, send)
            return

        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    @staticmethod
    async def _refuse(error: HjemmelError, scope: Scope, receive: Receive, send: Send) -> None:
        headers = {"Connection": "close"} if isinstance(error, PayloadTooLargeError) else None
        response = error_response(status_of(error), error.code, str(error), headers=headers)
        await response(scope, receive, send)
