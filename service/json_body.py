"""JSON bodies written straight from the result dataclasses by pydantic-core, at the speed
of the query: FastAPI's own path validates a returned value against the response model
again and walks it in Python before it writes it, which costs more than the query for a
list of a thousand rows. The response model still documents the endpoint; the body is
the same JSON."""

from __future__ import annotations

from typing import Any

from fastapi.responses import Response
from pydantic import TypeAdapter

__all__ = ["json_body"]


_ADAPTERS: dict[type, TypeAdapter[Any]] = {}


def _adapter(cls: type) -> TypeAdapter[Any]:
    adapter = _ADAPTERS.get(cls)
    if adapter is None:
        adapter = _ADAPTERS[cls] = TypeAdapter(cls)
    return adapter


def json_body(value: Any, links: str | None = None) -> Response:
    """``value`` (a dataclass or pydantic model) as an ``application/json`` response, with
    ``links`` as its ``Link`` header when given."""
    body = _adapter(type(value)).dump_json(value)
    response = Response(body, media_type="application/json")
    if links:
        response.headers["Link"] = links
    return response
