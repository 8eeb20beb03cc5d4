"""One error shape for every failure: ``{"error": {"code": ..., "message": ...}}``.

Domain errors from ``graph.errors`` map to HTTP statuses here, once for the whole app. A
client that prefers HTML to JSON (a browser) gets the same status as a page in Norwegian.
"""

from __future__ import annotations

import logging
import re

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from graph.errors import (
    BadInputError,
    HjemmelError,
    NotFoundError,
    PayloadTooLargeError,
    ResultTooLargeError,
    StoreUnavailableError,
    UnsupportedFormatError,
    UnsupportedMediaTypeError,
    UpdateForbiddenError,
)
from service.negotiation import best_match

__all__ = ["error_response", "install_error_handlers", "public_message", "status_of"]

log = logging.getLogger("hjemmel.service")

# Most specific first: the first class an error is an instance of decides its status.
_STATUS: tuple[tuple[type[HjemmelError], int], ...] = (
    (PayloadTooLargeError, 413),
    (ResultTooLargeError, 422),
    (UnsupportedMediaTypeError, 415),
    (UnsupportedFormatError, 406),
    (UpdateForbiddenError, 403),
    (NotFoundError, 404),
    (BadInputError, 400),
    (StoreUnavailableError, 503),
)
_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "too_large",
    415: "unsupported_media_type",
    422: "result_too_large",
}


_URL = re.compile(r"\s*\(?\b[A-Za-z][A-Za-z0-9+.-]*://[^\s)]*\)?")


def public_message(message: str) -> str:
    """``message`` without URLs, for errors whose text may name internal endpoints (the
    remote store's); the full text goes to the log.

    >>> public_message("the endpoint cannot be reached (http://10.0.0.5:7878/query): refused")
    'the endpoint cannot be reached: refused'
    """
    return _URL.sub("", message)


def status_of(error: HjemmelError) -> int:
    for cls, status in _STATUS:
        if isinstance(error, cls):
            return status
    return 500


def error_response(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(
        {"error": {"code": code, "message": message}}, status_code=status, headers=headers
    )


_PAGE_TITLES = {
    400: "Forespørselen kan ikke leses",
    403: "Ikke tillatt",
    404: "Siden finnes ikke",
    405: "Metoden er ikke tillatt her",
    406: "Formatet kan ikke leveres",
    413: "Forespørselen er for stor",
    415: "Innholdstypen støttes ikke",
    503: "Databasen svarer ikke",
}


def _norwegian(message: str) -> str:
    """The Bokmål part of a message written «norsk / english: detail»."""
    nb, sep, rest = message.partition(" / ")
    if not sep:
        return message
    _, colon, detail = rest.partition(":")
    return f"{nb}:{detail}" if colon else nb


def _wants_html(request: Request) -> bool:
    return best_match(request.headers.get("accept"), ["application/json", "text/html"]) == (
        "text/html"
    )


def _respond(
    request: Request,
    status: int,
    code: str,
    message: str,
    headers: dict[str, str] | None = None,
) -> JSONResponse | HTMLResponse:
    if not _wants_html(request):
        return error_response(status, code, message, headers=headers)
    from service.routers.pages import render

    context = {
        "status": status,
        "heading": _PAGE_TITLES.get(status, "Noe gikk galt"),
        "message": _norwegian(message),
        "path": request.url.path,
    }
    response = render(request, "overview/error.html", context, status_code=status)
    response.headers.update(headers or {})
    return response


async def _domain_error(request: Request, exc: Exception) -> JSONResponse | HTMLResponse:
    assert isinstance(exc, HjemmelError)
    status = status_of(exc)
    message = str(exc)
    if status >= 500:
        log.warning("%s %s: %s", request.method, request.url.path, exc)
        message = public_message(message)
    return _respond(request, status, exc.code, message)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse | HTMLResponse:
    assert isinstance(exc, RequestValidationError)
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("body", "query"))
        parts.append(f"{where}: {err.get('msg', '')}" if where else str(err.get("msg", "")))
    message = "ugyldig forespørsel / invalid request: " + "; ".join(parts)
    return _respond(request, 400, "bad_input", message)


async def _http_error(request: Request, exc: Exception) -> JSONResponse | HTMLResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _HTTP_CODES.get(exc.status_code, "http_error")
    if exc.status_code == 404:
        message = f"finnes ikke / not found: {request.url.path}"
    elif exc.status_code == 405:
        message = f"metoden {request.method} er ikke tillatt her / method not allowed"
    else:
        message = str(exc.detail)
    return _respond(request, exc.status_code, code, message, headers=dict(exc.headers or {}))


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.error("%s %s: unexpected error", request.method, request.url.path, exc_info=exc)
    return error_response(500, "internal_error", "intern feil / internal error")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(HjemmelError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
