"""Readable pages for the law and the guidance resting on it: a recommendation (with its
legal-basis trace drawn as SVG), a provision, a product and an act.

These routes sit in front of the linked-data catch-all for ``/anbefaling/…``,
``/produkt/…``, ``/lov/…`` and ``/forskrift/…``. A browser asking for HTML gets the page
here; every other media type, ``?format=…`` other than html, and the data view
``?view=data`` (the generic resource page listing every statement) go on to the
linked-data router unchanged. A ledd or point is shown on its provision's page, a chapter
on its act's page.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from graph.errors import NotFoundError
from graph.views.amendment_pages import AmendingActPage, changes_for, reading_page
from graph.views.law_pages import (
    ActPage,
    ProductPage,
    ProvisionPage,
    RecommendationPage,
)
from service.deps import StoreDep
from service.routers import linked_data
from service.routers.pages import render

__all__ = ["router"]

router = APIRouter(tags=["lenkede data / linked data"])

ViewParam = Annotated[
    Literal["data"] | None,
    Query(description="data: den generiske visningen med alle utsagn / the generic data view"),
]


_TEMPLATES: dict[type, str] = {
    RecommendationPage: "law/recommendation.html",
    ProductPage: "law/product.html",
    ProvisionPage: "law/provision.html",
    ActPage: "law/act.html",
    AmendingActPage: "law/amending_act.html",
}


def _page(request: Request, store: StoreDep, iri: str) -> Response:
    page = reading_page(store, iri)
    context = {"page": page, "changes": changes_for(store, page)}
    return render(request, _TEMPLATES[type(page)], context)


def _serve(
    request: Request, path: str, store: StoreDep, format: str | None, view: str | None
) -> Response:
    chosen = linked_data._negotiate(request, format)
    if chosen != linked_data.HTML or view == "data":
        return linked_data.resource(request, path, store, format)  # type: ignore[arg-type]
    base = request.app.state.settings.base_iri
    for iri in linked_data._candidate_iris(request, base):
        try:
            page = _page(request, store, iri)
        except NotFoundError:
            continue
        page.headers["Link"] = linked_data.link_header(request, chosen)
        return page
    return linked_data.resource(request, path, store, format)  # type: ignore[arg-type]


_DOC = (
    "Leseside for mennesker (HTML); ?view=data gir alle utsagn, Accept eller ?format= gir "
    "RDF / reading page (HTML); ?view=data gives every statement, Accept or ?format= RDF."
)


@router.get("/anbefaling/{key}", summary="Anbefaling / recommendation", description=_DOC)
def recommendation(
    request: Request,
    key: str,
    store: StoreDep,
    format: linked_data.FormatParam = None,
    view: ViewParam = None,
) -> Response:
    return _serve(request, f"anbefaling/{key}", store, format, view)


@router.get("/produkt/{key}", summary="Produkt / product", description=_DOC)
def product(
    request: Request,
    key: str,
    store: StoreDep,
    format: linked_data.FormatParam = None,
    view: ViewParam = None,
) -> Response:
    return _serve(request, f"produkt/{key}", store, format, view)


@router.get(
    "/lov/{rest:path}", summary="Lov eller bestemmelse / act or provision", description=_DOC
)
def act_or_provision(
    request: Request,
    rest: str,
    store: StoreDep,
    format: linked_data.FormatParam = None,
    view: ViewParam = None,
) -> Response:
    return _serve(request, f"lov/{rest}", store, format, view)


@router.get(
    "/forskrift/{rest:path}",
    summary="Forskrift eller bestemmelse / regulation or provision",
    description=_DOC,
)
def regulation_or_provision(
    request: Request,
    rest: str,
    store: StoreDep,
    format: linked_data.FormatParam = None,
    view: ViewParam = None,
) -> Response:
    return _serve(request, f"forskrift/{rest}", store, format, view)
