"""Checking any guidance text for its legal basis: ``POST /api/check`` and the page
``/sjekk``.

``POST /api/check`` takes the text as the request body: ``text/plain``, ``text/html``, or
``application/json`` — one Helsedirektoratet content-API document, a list of them, or a
wrapper ``{"text": "…", "format": "text"|"html"}``. At most 1 MB; larger is 400. The
offsets in the answer are character offsets in its ``text``, the plain text that was
checked (for HTML and JSON the text read out of the markup).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse

from graph.check import MAX_CHECK_BYTES, CheckResult, check_text
from graph.check.inputs import InputFormat
from graph.errors import (
    HjemmelError,
    PayloadTooLargeError,
    UnsupportedMediaTypeError,
)
from service.deps import StoreDep
from service.errors import status_of
from service.openapi_examples import EXAMPLES
from service.routers.pages import render

__all__ = ["router"]

router = APIRouter()

_ERR = {"description": 'feil / error: {"error": {"code", "message"}}'}
_MEDIA: dict[str, InputFormat] = {
    "text/plain": "text",
    "text/html": "html",
    "application/json": "json",
}
_EXAMPLE = (
    "Kommunen skal ha rutiner for oppfølging, jf. helse- og omsorgstjenesteloven § 3-1 "
    "første ledd.\nVirksomhetsleder skal sørge for at praksis vurderes jevnlig.\n"
    "Tjenesten bør ha en plan."
)


@router.post(
    "/api/check",
    tags=["api"],
    response_model=CheckResult,
    summary="Sjekk en tekst for hjemmel / check a text for its legal basis",
    description="Brødtekst: ren tekst (text/plain), HTML (text/html) eller JSON "
    "(application/json: et dokument eller en liste fra Helsedirektoratets innholds-API, "
    'eller {"text": "…", "format": "text"|"html"}), høyst 1 MB. Svaret gir hvert '
    "normerende utsagn med styrke, lovhenvisninger, hjemmel og dom etter valideringsreglene. "
    "Ingenting lagres.",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "text/plain": {"schema": {"type": "string"}, "example": _EXAMPLE},
                "text/html": {"schema": {"type": "string"}},
                "application/json": {"schema": {"type": "object"}},
            },
        }
    },
    responses={
        200: {"content": {"application/json": {"example": EXAMPLES["check"]}}},
        400: _ERR,
        413: _ERR,
        415: _ERR,
    },
)
async def check(request: Request, store: StoreDep) -> CheckResult:
    media_type = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    fmt = _MEDIA.get(media_type)
    if fmt is None:
        raise UnsupportedMediaTypeError(
            f"kan ikke sjekke / cannot check {media_type or 'en tekst uten type'!r}; "
            "bruk / use " + ", ".join(_MEDIA)
        )
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_CHECK_BYTES:
        raise PayloadTooLargeError(
            f"teksten er for stor / the text is too large: {declared} byte, høyst / at most "
            f"{MAX_CHECK_BYTES}"
        )
    body = await request.body()
    return await run_in_threadpool(check_text, store, body, fmt)


def _page(request: Request, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    return render(
        request,
        "check.html",
        {"max_bytes": MAX_CHECK_BYTES, "result": None, "error": None, "text": "", **context},
        status_code=status_code,
    )


@router.get(
    "/sjekk",
    tags=["sider / pages"],
    summary="Sjekk en tekst / check a text",
    response_class=HTMLResponse,
)
def check_form(request: Request) -> HTMLResponse:
    return _page(request, {})


@router.post(
    "/sjekk",
    tags=["sider / pages"],
    summary="Sjekk en tekst (skjema) / check a text (form)",
    response_class=HTMLResponse,
)
async def check_page(
    request: Request,
    store: StoreDep,
    text: Annotated[str, Form(description="teksten / the text")] = "",
    file: Annotated[UploadFile | None, File(description="fil / a file")] = None,
) -> HTMLResponse:
    data: bytes | str = text
    name: str | None = None
    if file is not None and file.filename:
        data = await file.read(MAX_CHECK_BYTES + 1)
        name = file.filename
    if not data.strip():
        return _page(request, {"error": "Lim inn en tekst eller velg en fil."}, 400)
    try:
        result = await run_in_threadpool(check_text, store, data, None, name)
    except HjemmelError as e:
        shown = text if isinstance(data, str) else ""
        return _page(request, {"error": e.message, "text": shown}, status_of(e))
    return _page(request, {"result": result, "text": text, "segments": _segments(result)})


def _segments(result: CheckResult) -> list[dict[str, Any]]:
    """The text cut into plain runs and statements, in order, for highlighting."""
    out: list[dict[str, Any]] = []
    pos = 0
    for statement in result.statements:
        if statement.start < pos:
            continue
        if statement.start > pos:
            out.append({"text": result.text[pos : statement.start], "statement": None})
        out.append({"text": statement.text, "statement": statement})
        pos = statement.end
    if pos < len(result.text):
        out.append({"text": result.text[pos:], "statement": None})
    return out
