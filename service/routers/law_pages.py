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

from collections.abc import Callable
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


def _reading_page(prefix: str) -> Callable[..., Response]:
    def page(
        request: Request,
        rest: str,
        store: StoreDep,
        format: linked_data.FormatParam = None,
        view: ViewParam = None,
    ) -> Response:
        return _serve(request, f"{prefix}/{rest}", store, format, view)

    return page


for _prefix, _name, _summary in (
    ("anbefaling", "recommendation", "Anbefaling / recommendation"),
    ("produkt", "product", "Produkt / product"),
    ("lov", "act_or_provision", "Lov eller bestemmelse / act or provision"),
    (
        "forskrift",
        "regulation_or_provision",
        "Forskrift eller bestemmelse / regulation or provision",
    ),
):
    router.add_api_route(
        f"/{_prefix}/{{rest:path}}",
        _reading_page(_prefix),
        methods=["GET"],
        name=_name,
        summary=_summary,
        description=_DOC,
    )
