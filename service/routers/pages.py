"""HTML pages (Norwegian Bokmål): the front page, and the rendering every HTML view shares."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from graph.linked_data.overview_views import front_page_tables
from graph.linked_data.views import overview
from graph.search import KINDS, search
from service.deps import SettingsDep, StoreDep
from service.negotiation import best_match

__all__ = ["TEMPLATES", "local_href", "render", "router"]

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).resolve().parent.parent / "templates"))

router = APIRouter(tags=["sider / pages"])


def local_href(request: Request, iri: str) -> str:
    """Where the service serves ``iri``: IRIs under the configured base map onto the
    service's own paths, others are left as they are."""
    base = request.app.state.settings.base_iri
    if iri.startswith(base):
        return request.scope.get("root_path", "") + "/" + iri[len(base) :]
    return iri


def render(
    request: Request, template: str, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    """A template with the helpers every page uses: ``href(iri)`` and ``root``."""
    context = {
        **context,
        "href": lambda iri: local_href(request, iri),
        "root": request.scope.get("root_path", ""),
    }
    response = TEMPLATES.TemplateResponse(request, template, context, status_code=status_code)
    response.headers["Vary"] = "Accept"
    return response


@router.get(
    "/",
    summary="Forside / front page",
    response_class=HTMLResponse,
    responses={303: {"description": "RDF-klienter sendes til VoID / RDF clients go to VoID"}},
)
def front_page(request: Request, store: StoreDep) -> Response:
    rdf = ["text/turtle", "application/ld+json", "application/rdf+xml", "application/n-triples"]
    if best_match(request.headers.get("accept"), ["text/html", *rdf]) in rdf:
        return RedirectResponse(str(request.url_for("void")), status_code=303)
    return render(
        request, "index.html", {"overview": overview(store), "tables": front_page_tables(store)}
    )


@router.get(
    "/sok",
    summary="Søk / search",
    response_class=HTMLResponse,
    responses={303: {"description": "En lovhenvisning går rett til bestemmelsen"}},
)
def search_page(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    q: str = "",
    kind: str | None = None,
) -> Response:
    """Full-text search as an HTML page; a legal reference goes straight to its page."""
    q = q.strip()
    kind = kind if kind in KINDS else None
    result = search(store, q, kind=kind, limit=50 if kind else 10, settings=settings) if q else None
    if result is not None and result.reference is not None:
        return RedirectResponse(local_href(request, result.reference.iri), status_code=303)
    return render(request, "search.html", {"q": q, "kind": kind, "kinds": KINDS, "result": result})
