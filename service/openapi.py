"""The OpenAPI document tells the truth: readable operation ids, one ``Error`` schema on
every error status an operation can send, and no 422 (request validation answers 400 in the
error shape, see ``service.errors``)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute
from pydantic import BaseModel, Field

__all__ = ["Error", "ErrorBody", "ErrorResponse", "install_openapi", "operation_id"]


class ErrorBody(BaseModel):
    """Feilen / the error."""

    code: str = Field(
        description="maskinlesbar kode / machine-readable code", examples=["not_found"]
    )
    message: str = Field(
        description="forklaring for mennesker / explanation for people",
        examples=["ukjent anbefaling / unknown recommendation: x"],
    )


class Error(BaseModel):
    """Svaret ved enhver feil / the answer to every failed request."""

    error: ErrorBody = Field(description="feilen / the error")


_ERROR_REF = {"$ref": "#/components/schemas/Error"}
_STATUS_TEXT = {
    "400": "ugyldig forespørsel / bad request",
    "403": "ikke tillatt / forbidden",
    "404": "finnes ikke / not found",
    "406": "Accept kan ikke oppfylles / Accept cannot be met",
    "413": "for stor / too large",
    "415": "medietypen tas ikke imot / unsupported media type",
    "503": "lageret svarer ikke / the store does not answer",
}


def ErrorResponse(description: str | None = None) -> dict[str, Any]:
    """A ``responses`` entry whose body is the ``Error`` schema."""
    entry: dict[str, Any] = {"model": Error}
    if description:
        entry["description"] = description
    return entry


def operation_id(route: APIRoute) -> str:
    """The handler's name in camelCase: ``list_recommendations`` → ``listRecommendations``."""
    head, *rest = route.name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _has_parameters(operation: dict[str, Any]) -> bool:
    """Whether a request can fail validation: a query parameter or a body (a path
    parameter is any text)."""
    params = operation.get("parameters") or []
    return bool(operation.get("requestBody")) or any(p.get("in") != "path" for p in params)


def _tidy(spec: dict[str, Any], store_users: set[str]) -> dict[str, Any]:
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    for ops in spec.get("paths", {}).values():
        for method, operation in ops.items():
            responses: dict[str, Any] = operation.get("responses", {})
            if method in ("post", "put", "patch"):
                # service.limits refuses a body over the path's limit
                responses.setdefault("413", {})
            if operation.get("operationId") in store_users:
                responses.setdefault("503", {})
            # FastAPI's own 422 (request validation, answered as 400 here); a 422 an operation
            # declares itself (an answer too large) stays
            had_422 = (responses.get("422") or {}).get("description") == "Validation Error"
            if had_422:
                responses.pop("422")
            if had_422 and "400" not in responses and _has_parameters(operation):
                responses["400"] = {}
            for status, response in responses.items():
                if not re.fullmatch(r"[45]\d\d", status):
                    continue
                response["content"] = {"application/json": {"schema": dict(_ERROR_REF)}}
                if not response.get("description") or response["description"] in (
                    "Successful Response",
                    "Validation Error",
                ):
                    response["description"] = _STATUS_TEXT.get(status, "feil / error")
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    return spec


def install_openapi(app: FastAPI, routers: Iterable[APIRouter]) -> None:
    """Replaces ``app.openapi`` by the tidied document (built once, then cached).
    ``routers`` are the routers the app includes: their operations that read the store also
    document 503 (a remote store that does not answer)."""
    store_users = {
        operation_id(route)
        for router in routers
        for route in router.routes
        if isinstance(route, APIRoute) and _uses_store(route)
    }

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            spec = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            spec.setdefault("components", {}).setdefault("schemas", {}).update(_error_schemas())
            app.openapi_schema = _tidy(spec, store_users)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _error_schemas() -> dict[str, Any]:
    schema = Error.model_json_schema(ref_template="#/components/schemas/{model}")
    defs = schema.pop("$defs", {})
    return {"Error": schema, **defs}


def _uses_store(route: APIRoute) -> bool:
    from service.deps import get_store

    pending = [route.dependant]
    while pending:
        dependant = pending.pop()
        if dependant.call is get_store:
            return True
        pending.extend(dependant.dependencies)
    return False
