"""Overview pages (Norwegian Bokmål): the list of recommendations behind the front page's
counts, overlaps and conflicts between products, the handlingsrom of a target group, the
SPARQL page's result table, and the API documentation served without a CDN."""

from __future__ import annotations

from importlib.resources import files
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from graph.errors import HjemmelError
from graph.linked_data.overview_views import (
    handlingsrom_view,
    overlaps_view,
    recommendation_list_view,
    target_groups_view,
)
from graph.linked_data.query_table import EXAMPLES, example, query_table
from graph.store.guard import QueryLimits
from service.deps import StoreDep
from service.errors import status_of
from service.routers.pages import render

__all__ = ["DOCS_ASSETS", "docs_assets", "page_query", "router", "sparql_page"]

router = APIRouter(tags=["sider / pages"])

DOCS_ASSETS = "/docs/assets"
"""Where Swagger UI's script and stylesheet are served (from the fastapi-offline package)."""

Text = Annotated[str, Query(max_length=500)]


def docs_assets() -> StaticFiles:
    """Swagger UI's files, as the installed fastapi-offline package holds them."""
    return StaticFiles(directory=str(files("fastapi_offline") / "static"))


@router.get("/docs", include_in_schema=False, response_class=HTMLResponse)
def docs(request: Request) -> HTMLResponse:
    root = request.scope.get("root_path", "")
    return render(
        request,
        "overview/docs.html",
        {
            "openapi_url": root + request.app.openapi_url,
            "assets": root + DOCS_ASSETS,
        },
    )


@router.get(
    "/anbefalinger",
    summary="Anbefalinger, filtrert / recommendations, filtered",
    response_class=HTMLResponse,
)
def recommendations_page(
    request: Request,
    store: StoreDep,
    produkt: Text = "",
    styrke: Text = "",
    malgruppe: Text = "",
    uten_hjemmel: Text = "",
    q: Text = "",
    side: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    view = recommendation_list_view(
        store,
        product=produkt.strip(),
        strength=styrke.strip(),
        target=malgruppe.strip(),
        without_legal_basis=uten_hjemmel.strip().lower() in ("ja", "1", "true", "on"),
        q=q.strip(),
        page=side,
    )
    query = {k: v for k, v in view["filters"].items() if v}
    if query.get("uten_hjemmel"):
        query["uten_hjemmel"] = "ja"

    def page_href(page: int) -> str:
        return "?" + urlencode({**query, "side": page})

    return render(request, "overview/recommendations.html", {"view": view, "page_href": page_href})


@router.get(
    "/overlapp",
    summary="Overlapp og konflikter mellom produkter / overlaps and conflicts",
    response_class=HTMLResponse,
)
def overlaps_page(
    request: Request,
    store: StoreDep,
    produkt: Text = "",
    bestemmelse: Text = "",
    malgruppe: Text = "",
    side: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    view = overlaps_view(
        store,
        product=produkt.strip(),
        provision=bestemmelse.strip(),
        target=malgruppe.strip(),
        page=side,
    )
    query = {k: v for k, v in view["filters"].items() if v}

    def page_href(page: int) -> str:
        return "?" + urlencode({**query, "side": page})

    return render(request, "overview/overlaps.html", {"view": view, "page_href": page_href})


@router.get(
    "/handlingsrom",
    summary="Målgrupper og deres handlingsrom / target groups",
    response_class=HTMLResponse,
)
def target_groups_page(request: Request, store: StoreDep) -> HTMLResponse:
    return render(request, "overview/target_groups.html", {"groups": target_groups_view(store)})


@router.get(
    "/handlingsrom/{target}",
    summary="Handlingsrommet til en målgruppe / the room for local choice of a target group",
    response_class=HTMLResponse,
)
def handlingsrom_page(request: Request, store: StoreDep, target: str) -> HTMLResponse:
    return render(request, "overview/handlingsrom.html", {"view": handlingsrom_view(store, target)})


def page_query(query: str | None, example_id: str = "") -> str | None:
    """The query the SPARQL page runs: the one given, else the chosen example, else none."""
    if query is not None:
        return query
    chosen = example(example_id)
    return chosen.query if chosen is not None else None


def sparql_page(
    request: Request,
    store: StoreDep,
    query: str | None,
    endpoint: str,
    example_id: str = "",
    limits: QueryLimits | None = None,
    answer: dict[str, Any] | HjemmelError | None = None,
) -> HTMLResponse:
    """The SPARQL page: the editor with ``query`` (or an example), and its answer as a
    table when a query was given. A query the store refuses shows its message in the page.

    ``answer`` is the answer to :func:`page_query` (a :func:`table_of` table, or the error it
    gave) when the caller has run it; else the page runs it here, in the calling thread."""
    chosen = example(example_id)
    text = query if query is not None else (chosen or EXAMPLES[0]).query
    result = None
    error = None
    status = 200
    run = page_query(query, example_id)
    if run is not None and answer is None:
        try:
            answer = query_table(store, run, limits=limits)
        except HjemmelError as e:
            answer = e
    if isinstance(answer, HjemmelError):
        error = str(answer)
        status = status_of(answer)
    elif answer is not None:
        result = answer
    return render(
        request,
        "sparql.html",
        {
            "endpoint": endpoint,
            "query": text,
            "examples": EXAMPLES,
            "example_href": lambda e: "?" + urlencode({"query": e.query}),
            "result": result,
            "error": error,
        },
        status_code=status,
    )
