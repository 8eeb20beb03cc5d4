"""Normative products: the list with counts, and one product with its actors."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from rdflib import URIRef

from graph.errors import NotFoundError
from graph.model.iris import id_of, legal_ref
from graph.model.results import ActorRef
from graph.model.strength import strength_label
from graph.questions.lookup import text
from graph.questions.named import run_query
from graph.store import Row, Store

__all__ = [
    "ActorRole",
    "ProductDetail",
    "ProductSummary",
    "TargetCount",
    "product",
    "products",
]


@dataclass(frozen=True)
class TargetCount:
    id: str
    iri: str
    label: str | None
    count: int


@dataclass
class ProductSummary:
    id: str
    iri: str
    title: str | None
    type: str | None
    status: str | None
    publisher: ActorRef | None
    first_published: str | None
    last_professional_change: str | None
    recommendations: int
    by_strength: dict[str, int] = field(default_factory=dict)
    by_target: list[TargetCount] = field(default_factory=list)


@dataclass(frozen=True)
class ActorRole:
    role: str
    actor: ActorRef
    empowered_by: list[str]


@dataclass
class ProductDetail(ProductSummary):
    helsedir_url: str | None = None
    legal_basis: list[str] = field(default_factory=list)
    chapters: list[dict[str, str | None]] = field(default_factory=list)
    actors: list[ActorRole] = field(default_factory=list)


def _local(iri: object) -> str | None:
    if iri is None:
        return None
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _summary(row: Row) -> ProductSummary:
    publisher = None
    if "publisher" in row:
        publisher = ActorRef(
            id_of(row["publisher"]), str(row["publisher"]), text(row, "publisherName")
        )
    return ProductSummary(
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


def _counts(store: Store, product: URIRef | None) -> tuple[dict[str, Counter], dict[str, list]]:
    """Counts by strength (each recommendation once) and by target group, per product."""
    by_strength: dict[str, Counter] = defaultdict(Counter)
    for row in run_query(store, "recommendations-search", product=product):
        if "product" not in row:
            continue
        by_strength[str(row["product"])][strength_label(row.get("strength")) or "?"] += 1
    targets: dict[str, dict[str, list]] = defaultdict(dict)
    for row in run_query(store, "counts", product=product):
        if "target" not in row or "product" not in row:
            continue
        entry = targets[str(row["product"])].setdefault(
            str(row["target"]), [text(row, "targetLabel"), 0]
        )
        entry[1] += int(str(row["recommendations"]))
    by_target = {
        p: [TargetCount(id_of(t), t, label, n) for t, (label, n) in groups.items()]
        for p, groups in targets.items()
    }
    for groups in by_target.values():
        groups.sort(key=lambda t: (-t.count, t.label or ""))
    return by_strength, by_target


def products(store: Store) -> list[ProductSummary]:
    """Every normative product with its recommendation counts by strength and target group."""
    items = [_summary(r) for r in run_query(store, "products")]
    by_strength, by_target = _counts(store, None)
    for item in items:
        item.by_strength = dict(sorted(by_strength.get(item.iri, Counter()).items()))
        item.by_target = by_target.get(item.iri, [])
    return items


def product(store: Store, iri: URIRef) -> ProductDetail:
    """One product with its chapters, legal basis, actors and counts.

    :raises NotFoundError: the store has no such product.
    """
    rows = run_query(store, "product", product=iri)
    if not rows:
        raise NotFoundError(f"ukjent produkt / unknown product: {iri}")
    listed = {r["product"]: r for r in run_query(store, "products")}
    head = dict(rows[0])
    head["recommendations"] = listed.get(iri, {}).get("recommendations", 0)
    base = _summary(head)
    detail = ProductDetail(**vars(base))
    detail.helsedir_url = text(head, "helsedirUrl")
    detail.legal_basis = [legal_ref(b) for b in (text(head, "legalBasis") or "").split() if b]
    detail.chapters = [
        {"iri": str(r["chapter"]), "id": id_of(r["chapter"]), "title": text(r, "chapterTitle")}
        for r in rows
        if "chapter" in r
    ]
    by_strength, by_target = _counts(store, iri)
    detail.by_strength = dict(sorted(by_strength.get(str(iri), Counter()).items()))
    detail.by_target = by_target.get(str(iri), [])
    detail.actors = [
        ActorRole(
            str(r["role"]),
            ActorRef(id_of(r["actor"]), str(r["actor"]), text(r, "actorName")),
            sorted(legal_ref(iri) for iri in (text(r, "empoweredBy") or "").split()),
        )
        for r in run_query(store, "product-actors", product=iri)
    ]
    return detail
