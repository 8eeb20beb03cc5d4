"""Normative products: the list with counts, and one product with its actors."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Annotated, Literal, cast

from pydantic import Field
from rdflib import URIRef

from graph.errors import NotFoundError
from graph.model.iris import id_of, legal_ref
from graph.model.results import ActorRef, Id, Iri
from graph.model.strength import strength_label
from graph.questions.lookup import text
from graph.questions.named import run_for_each, run_page, run_query
from graph.store import Row, Store

__all__ = [
    "ActorRole",
    "ActorRoleName",
    "ChapterRef",
    "ProductDetail",
    "ProductItem",
    "TargetCount",
    "product",
    "products",
    "products_page",
]


ActorRoleName = Literal[
    "publisher", "commissionedBy", "consultedBody", "participant", "referenceGroup", "projectGroup"
]


@dataclass(frozen=True)
class TargetCount:
    """En målgruppe og hvor mange anbefalinger som retter seg mot den / a target group and
    how many recommendations address it."""

    id: Id
    iri: Iri
    label: Annotated[str | None, Field(description="målgruppens navn / name of the target group")]
    count: Annotated[int, Field(description="antall anbefalinger / number of recommendations")]


@dataclass
class ProductItem:
    """Et normerende produkt med antall anbefalinger / a normative product with counts."""

    id: Id
    iri: Iri
    title: Annotated[str | None, Field(description="produktets tittel / title of the product")]
    type: Annotated[
        str | None,
        Field(description="produkttype / product type", examples=["NationalAdvice"]),
    ]
    status: Annotated[
        str | None,
        Field(description="status hos Helsedirektoratet / status", examples=["horingsutkast"]),
    ]
    publisher: Annotated[ActorRef | None, Field(description="utgiveren / the publisher")]
    first_published: Annotated[str | None, Field(description="først publisert / first published")]
    last_professional_change: Annotated[
        str | None, Field(description="sist faglig endret / last professional change")
    ]
    recommendations: Annotated[
        int, Field(description="antall anbefalinger / number of recommendations")
    ]
    by_strength: Annotated[
        dict[str, int],
        Field(description="antall etter styrke / counts by strength (skal, bør, kan, uavklart)"),
    ] = field(default_factory=dict)
    by_target: Annotated[
        list[TargetCount], Field(description="antall etter målgruppe / counts by target group")
    ] = field(default_factory=list)


@dataclass(frozen=True)
class ActorRole:
    """En aktørs rolle for et produkt / the role of an actor for a product."""

    role: Annotated[
        ActorRoleName,
        Field(
            description="utgiver, oppdragsgiver, høringsinstans, deltaker, referansegruppe "
            "eller prosjektgruppe / publisher, commissioning body, consulted body, participant, "
            "reference group or project group"
        ),
    ]
    actor: Annotated[ActorRef, Field(description="aktøren / the actor")]
    empowered_by: Annotated[
        list[str],
        Field(
            description="bestemmelser som gir aktøren myndighet / provisions empowering the actor"
        ),
    ]


@dataclass(frozen=True)
class ChapterRef:
    """En lenke til et kapittel i et produkt / a link to a chapter of a product."""

    id: Id
    iri: Iri
    title: Annotated[str | None, Field(description="kapittelets tittel / title of the chapter")]


@dataclass
class ProductDetail(ProductItem):
    """Ett produkt med kapitler, hjemmel, aktører og antall / one product with its chapters,
    legal basis, actors and counts."""

    helsedir_url: Annotated[
        str | None,
        Field(description="siden hos Helsedirektoratet / the page at helsedirektoratet.no"),
    ] = None
    legal_basis: Annotated[
        list[str],
        Field(
            description="produktets hjemmel (Lovdata-referanser) / its legal basis (Lovdata "
            "references)"
        ),
    ] = field(default_factory=list)
    chapters: Annotated[
        list[ChapterRef], Field(description="produktets kapitler / the product's chapters")
    ] = field(default_factory=list)
    actors: Annotated[
        list[ActorRole], Field(description="aktørene og rollene deres / the actors and their roles")
    ] = field(default_factory=list)


def _local(iri: object) -> str | None:
    if iri is None:
        return None
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _item(row: Row) -> ProductItem:
    publisher = None
    if "publisher" in row:
        publisher = ActorRef(
            id_of(row["publisher"]), str(row["publisher"]), text(row, "publisherName")
        )
    return ProductItem(
        id=id_of(row["product"]),
        iri=str(row["product"]),
        title=text(row, "title"),
        type=_local(row.get("type")),
        status=_local(row.get("status")),
        publisher=publisher,
        first_published=text(row, "firstPublished"),
        last_professional_change=text(row, "lastProfessionalChange"),
        recommendations=int(str(row.get("recommendations", 0))),
    )


def products(store: Store) -> list[ProductItem]:
    """Every normative product with its recommendation counts by strength and target group."""
    return products_page(store, None)[0]


def products_page(
    store: Store, limit: int | None, offset: int = 0
) -> tuple[list[ProductItem], int]:
    """The products ``offset`` … ``offset + limit`` (all from ``offset`` when ``limit`` is
    None), ordered by title, with their counts, and the number of products in all; the
    store cuts the page, and only the page's products are counted."""
    page = [URIRef(str(r["product"])) for r in run_page(store, "products-page", limit, offset)]
    total = len(page)
    if offset or total == limit:  # a first page that is not full is all there is
        total = int(str(run_query(store, "products-count")[0]["total"]))
    rows = {str(r["product"]): r for r in run_for_each(store, "products", "product", list(page))}
    items = [_item(rows[str(iri)]) for iri in page if str(iri) in rows]
    by_strength, by_target = _page_counts(store, page)
    for item in items:
        item.by_strength = dict(sorted(by_strength.get(item.iri, Counter()).items()))
        item.by_target = by_target.get(item.iri, [])
    return items, total


def _page_counts(
    store: Store, page: list[URIRef]
) -> tuple[dict[str, Counter], dict[str, list[TargetCount]]]:
    """Counts by strength and by target group of the products of ``page``."""
    by_strength: dict[str, Counter] = defaultdict(Counter)
    by_target: dict[str, list[TargetCount]] = defaultdict(list)
    for row in run_for_each(store, "products-strength-counts", "product", list(page)):
        label = strength_label(row.get("strength")) or "?"
        by_strength[str(row["product"])][label] += int(str(row["recommendations"]))
    rows = run_for_each(store, "products-target-counts", "product", list(page))
    labels = {str(r["target"]): text(r, "label") for r in run_query(store, "target-group-labels")}
    for row in rows:
        target, n = str(row["target"]), int(str(row["recommendations"]))
        count = TargetCount(id_of(target), target, labels.get(target), n)
        by_target[str(row["product"])].append(count)
    for groups in by_target.values():
        groups.sort(key=lambda t: (-t.count, t.label or ""))
    return by_strength, by_target


def product(store: Store, iri: URIRef) -> ProductDetail:
    """One product with its chapters, legal basis, actors and counts.

    :raises NotFoundError: the store has no such product.
    """
    rows = run_query(store, "product", product=iri)
    if not rows:
        raise NotFoundError(f"ukjent produkt / unknown product: {iri}")
    listed = run_query(store, "products", product=iri)
    head = dict(rows[0])
    count = listed[0].get("recommendations") if listed else None
    if count is not None:
        head["recommendations"] = count
    base = _item(head)
    detail = ProductDetail(**vars(base))
    detail.helsedir_url = text(head, "helsedirUrl")
    detail.legal_basis = [legal_ref(b) for b in (text(head, "legalBasis") or "").split() if b]
    detail.chapters = [
        ChapterRef(id_of(r["chapter"]), str(r["chapter"]), text(r, "chapterTitle"))
        for r in rows
        if "chapter" in r
    ]
    by_strength, by_target = _page_counts(store, [iri])
    detail.by_strength = dict(sorted(by_strength.get(str(iri), Counter()).items()))
    detail.by_target = by_target.get(str(iri), [])
    detail.actors = [
        ActorRole(
            cast(ActorRoleName, str(r["role"])),
            ActorRef(id_of(r["actor"]), str(r["actor"]), text(r, "actorName")),
            sorted(legal_ref(iri) for iri in (text(r, "empoweredBy") or "").split()),
        )
        for r in run_query(store, "product-actors", product=iri)
    ]
    return detail
