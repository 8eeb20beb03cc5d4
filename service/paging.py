"""Paging for every list of the REST API: one envelope (``items``, ``total``, ``limit``,
``offset``) and ``Link`` headers to the next and previous page (RFC 8288)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Query, Request, Response
from pydantic import BaseModel, Field

from graph.questions import absent as absent_mod
from graph.questions import impact as impact_mod
from graph.questions import overlaps as overlaps_mod
from graph.questions import products

__all__ = [
    "MAX_LIMIT",
    "AbsentBasisPage",
    "AmendmentPage",
    "ChangeSetPage",
    "Limit",
    "Offset",
    "OverlapPage",
    "Page",
    "ProductPage",
    "link_header",
    "page_of",
]

MAX_LIMIT = 500
T = TypeVar("T")
P = TypeVar("P", bound="Page[Any]")

Limit = Annotated[
    int, Query(ge=1, le=MAX_LIMIT, description="høyst så mange elementer / at most this many")
]
Offset = Annotated[int, Query(ge=0, description="hopp over så mange / skip this many")]


class Page(BaseModel, Generic[T]):
    """Én side av en liste / one page of a list."""

    items: Annotated[list[T], Field(description="elementene på siden / the items on this page")]
    total: Annotated[int, Field(description="antall elementer i alt / number of items in all")]
    limit: Annotated[int, Field(description="sidens største lengde / the page size asked for")]
    offset: Annotated[int, Field(description="elementer hoppet over / items skipped")]


class ProductPage(Page[products.ProductItem]):
    """Én side av produktlisten / one page of the products."""


class OverlapPage(Page[overlaps_mod.Overlap]):
    """Én side av overlappene / one page of the overlaps."""


class AmendmentPage(Page[impact_mod.AmendmentRef]):
    """Én side av endringsdokumentene / one page of the amending acts."""


class ChangeSetPage(Page[impact_mod.AmendmentRef]):
    """Én side av de nye importene fra Lovdata / one page of the re-imports from Lovdata."""


class AbsentBasisPage(Page[absent_mod.AbsentBasis]):
    """Én side av veiledningen som hviler på bestemmelser som ikke finnes i gjeldende tekst
    / one page of the guidance resting on provisions absent from the current text."""


def link_header(request: Request, total: int, limit: int, offset: int) -> str | None:
    """``Link`` with ``rel="next"`` and ``rel="prev"`` for the page, or None for a single
    page; the other query parameters are kept."""
    links = []
    if offset + limit < total:
        url = request.url.include_query_params(limit=limit, offset=offset + limit)
        links.append(f'<{url.path}?{url.query}>; rel="next"')
    if offset > 0:
        url = request.url.include_query_params(limit=limit, offset=max(offset - limit, 0))
        links.append(f'<{url.path}?{url.query}>; rel="prev"')
    return ", ".join(links) or None


def set_links(request: Request, response: Response, total: int, limit: int, offset: int) -> None:
    """Sets ``Link`` on ``response`` when there is a next or a previous page."""
    links = link_header(request, total, limit, offset)
    if links:
        response.headers["Link"] = links


def page_of(
    cls: type[P],
    everything: Sequence[Any],
    request: Request,
    response: Response,
    limit: int,
    offset: int,
) -> P:
    """The page ``offset``…``offset + limit`` of ``everything``, with its ``Link`` header."""
    set_links(request, response, len(everything), limit, offset)
    return cls(
        items=list(everything[offset : offset + limit]),
        total=len(everything),
        limit=limit,
        offset=offset,
    )
