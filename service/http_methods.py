"""HEAD wherever GET is, OPTIONS with the methods a path allows, and the same ``Allow`` on
405 responses. The methods are read from the application's routes.

CORS preflight requests (``OPTIONS`` with ``Origin`` and ``Access-Control-Request-Method``)
are answered before they get here, by the CORS middleware.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from starlette.datastructures import MutableHeaders
from starlette.responses import Response
from starlette.routing import BaseRoute, Match, Mount, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.errors import error_response
from service.routers.linked_data import RESERVED

__all__ = ["CATCH_ALL_PATH", "HttpMethodsMiddleware", "allowed_methods"]

CATCH_ALL_PATH = "/{path:path}"
"""The linked-data route that answers GET for every path outside ``RESERVED``."""
_ORDER = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def _route_methods(route: BaseRoute, scope: Scope) -> set[str]:
    if isinstance(route, Mount):
        match, _ = route.matches(scope)
        return {"GET"} if match != Match.NONE else set()
    if not isinstance(route, Route):
        return set()
    if route.path == CATCH_ALL_PATH:
        first = scope["path"].lstrip("/").split("/", 1)[0]
        if not first or first in RESERVED:
            return set()
    match, _ = route.matches(scope)
    return set(route.methods or ()) if match != Match.NONE else set()


def _flat(routes: Iterable[BaseRoute]) -> Iterator[BaseRoute]:
    """The routes of included routers too (FastAPI keeps an included router as one route
    holding the original router; older versions copy its routes)."""
    for route in routes:
        included = getattr(route, "original_router", None)
        if included is not None:
            yield from _flat(included.routes)
        else:
            yield route


def allowed_methods(routes: Iterable[BaseRoute], scope: Scope) -> list[str]:
    """The methods the routes accept on the scope's path, HEAD with GET and OPTIONS with
    anything; empty when no route serves the path."""
    probe = {**scope, "method": "GET"}
    methods: set[str] = set()
    for route in _flat(routes):
        methods |= _route_methods(route, probe)
    if not methods:
        return []
    if "GET" in methods:
        methods.add("HEAD")
    methods.add("OPTIONS")
    return sorted(methods, key=lambda m: (_ORDER.index(m) if m in _ORDER else len(_ORDER), m))


class HttpMethodsMiddleware:
    """Answers OPTIONS itself; turns HEAD into GET and drops the body (the headers stay
    those of GET, ``Content-Length`` included); puts the full ``Allow`` on 405 responses."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        routes: list[BaseRoute] = scope["app"].router.routes
        method = scope["method"]
        if method == "OPTIONS":
            await self._options(routes, scope, receive, send)
            return
        head = method == "HEAD"
        inner = {**scope, "method": "GET"} if head else scope

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 405:
                headers = MutableHeaders(scope=message)
                headers["Allow"] = ", ".join(allowed_methods(routes, scope))
            elif message["type"] == "http.response.body" and head:
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app(inner, receive, send_wrapper)

    @staticmethod
    async def _options(routes: list[BaseRoute], scope: Scope, receive: Receive, send: Send) -> None:
        allowed = allowed_methods(routes, scope)
        response: Response
        if allowed:
            response = Response(status_code=204, headers={"Allow": ", ".join(allowed)})
        else:
            response = error_response(404, "not_found", f"finnes ikke / not found: {scope['path']}")
        await response(scope, receive, send)
