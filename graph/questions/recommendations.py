"""Recommendations: search with filters and paging, and one recommendation in full."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Annotated

from pydantic import Field
from rdflib import Literal, URIRef
from rdflib.term import Identifier

from graph.errors import BadInputError, NotFoundError
from graph.model.iris import id_of
from graph.model.results import LegalRef, ProductRef, RecommendationRef, TargetRef
from graph.model.strength import strength_label
from graph.questions.lookup import text
from graph.questions.named import run_page, run_query
from graph.questions.trace import Trace, traced
from graph.store import Row, Store

__all__ = [
    "Provenance",
    "RecommendationDetail",
    "RecommendationItem",
    "RecommendationPage",
    "recommendation",
    "search_recommendations",
]

MAX_LIMIT = 500


@dataclass(frozen=True)
class RecommendationItem(RecommendationRef):
    """En anbefaling i en liste, med målgrupper og hjemmel / a recommendation as a list row,
    with its target groups and legal basis."""

    target_groups: Annotated[
        list[TargetRef], Field(description="målgruppene / the target groups")
    ] = field(default_factory=list)
    legal_basis: Annotated[
        list[LegalRef],
        Field(description="hjemmel i lov eller forskrift / legal basis in an act or regulation"),
    ] = field(default_factory=list)
    cites: Annotated[
        list[LegalRef],
        Field(description="lovhenvisninger som ikke er hjemmel / cited, not a legal basis"),
    ] = field(default_factory=list)


@dataclass(frozen=True)
class Provenance:
    """Hvor anbefalingen står i kildene / where the recommendation stands in the sources."""

    source: Annotated[str | None, Field(description="kildens IRI / IRI of the source")]
    source_file: Annotated[str | None, Field(description="kildefila / the source file")]
    quote: Annotated[str | None, Field(description="ordrett sitat / verbatim quote")]


@dataclass(frozen=True)
class RecommendationDetail(RecommendationItem):
    """Én anbefaling med tekst, kilde og hjemmelskjede / one recommendation with its text,
    source and chain to the law."""

    chapter: Annotated[str | None, Field(description="kapittelets IRI / IRI of the chapter")] = None
    chapter_title: Annotated[
        str | None, Field(description="kapittelets tittel / title of the chapter")
    ] = None
    practical_text: Annotated[
        str | None, Field(description="praktisk – slik kan anbefalingen følges opp / practical")
    ] = None
    rationale: Annotated[str | None, Field(description="begrunnelse / rationale")] = None
    topic: Annotated[str | None, Field(description="tema / topic")] = None
    provenance: Annotated[
        list[Provenance], Field(description="kildene med sitat / the sources with quotes")
    ] = field(default_factory=list)
    trace: Annotated[
        Trace | None, Field(description="hjemmelskjeden opp til loven / the chain up to the law")
    ] = None


@dataclass
class RecommendationPage:
    """Én side av et søk / one page of a search."""

    total: Annotated[int, Field(description="antall treff i alt / number of matches in all")]
    items: Annotated[
        list[RecommendationItem], Field(description="anbefalingene på siden / this page's items")
    ]
    limit: Annotated[int, Field(description="sidens største lengde / the page size asked for")] = 20
    offset: Annotated[int, Field(description="treff hoppet over / matches skipped")] = 0


def _detail(store: Store, iri: URIRef) -> RecommendationDetail:
    return _detail_of(iri, run_query(store, "recommendation", recommendation=iri))


def _detail_of(iri: URIRef, rows: list[Row]) -> RecommendationDetail:
    main = [r for r in rows if text(r, "part") == "main"]
    if not main:
        raise NotFoundError(f"ukjent anbefaling / unknown recommendation: {iri}")
    head = main[0]
    item = RecommendationDetail(
        id=id_of(iri),
        iri=str(iri),
        title=text(head, "title"),
        strength=strength_label(head.get("strength")),
        product=ProductRef.of(head.get("product"), head.get("productTitle")),
        chapter=text(head, "chapter"),
        chapter_title=text(head, "chapterTitle"),
        practical_text=text(head, "practicalText"),
        rationale=text(head, "rationale"),
        topic=text(head, "topic"),
    )
    seen: set[tuple[str, str]] = set()
    for row in rows:
        part = text(row, "part")
        if part == "target" and ("target", str(row["target"])) not in seen:
            seen.add(("target", str(row["target"])))
            item.target_groups.append(
                TargetRef(id_of(row["target"]), str(row["target"]), text(row, "targetLabel"))
            )
        elif part in ("basis", "cites") and (part, str(row["legal"])) not in seen:
            seen.add((part, str(row["legal"])))
            legal = LegalRef.of(row["legal"], row.get("legalTitle"), row.get("actShortTitle"))
            (item.legal_basis if part == "basis" else item.cites).append(legal)
        elif part == "source":
            prov = Provenance(text(row, "source"), text(row, "sourceFile"), text(row, "quote"))
            if prov not in item.provenance:
                item.provenance.append(prov)
    item.target_groups.sort(key=lambda t: (t.label or "", t.iri))
    item.legal_basis.sort(key=lambda s: s.ref)
    item.cites.sort(key=lambda s: s.ref)
    return item


def _item(detail: RecommendationDetail) -> RecommendationItem:
    return RecommendationItem(
        detail.id,
        detail.iri,
        detail.title,
        detail.strength,
        detail.product,
        detail.target_groups,
        detail.legal_basis,
        detail.cites,
    )


def search_recommendations(
    store: Store,
    q: str | None = None,
    strength: URIRef | None = None,
    target: URIRef | None = None,
    product: URIRef | None = None,
    without_legal_basis: bool = False,
    limit: int = 20,
    offset: int = 0,
) -> RecommendationPage:
    """Recommendations matching every given filter, ordered by title; ``total`` counts all
    matches, ``items`` holds the page ``offset`` … ``offset + limit``.

    :raises BadInputError: a negative offset or a limit outside 1 … 500.
    """
    if not 1 <= limit <= MAX_LIMIT or offset < 0:
        raise BadInputError(
            f"limit må være 1–{MAX_LIMIT} og offset ≥ 0 / limit must be 1–{MAX_LIMIT}, offset ≥ 0"
        )
    filters: dict[str, Identifier | None] = {
        "q": Literal(q) if q else None,
        "strength": strength,
        "target": target,
        "product": product,
        "withoutLegalBasis": Literal(True) if without_legal_basis else None,
    }
    page = run_page(store, "recommendations-page", limit, offset, **filters)
    total = len(page)
    if offset or total == limit:  # a first page that is not full is all there is
        total = int(str(run_query(store, "recommendations-count", **filters)[0]["total"]))
    # one query per item: each binds its recommendation as a constant, which a VALUES
    # block for the whole page cannot (the paths to the act would start from every node)
    items = [_item(_detail(store, URIRef(str(r["recommendation"])))) for r in page]
    return RecommendationPage(total=total, items=items, limit=limit, offset=offset)


def recommendation(store: Store, iri: URIRef) -> RecommendationDetail:
    """One recommendation with its provenance and the trace of each legal basis.

    :raises NotFoundError: the store has no such recommendation.
    """
    return replace(_detail(store, iri), trace=traced(store, iri))
