"""Overlaps between products: recommendations from different products that rest on the
same provision, or address the same target group and topic.

Every question starts from a bound resource (a provision, a target group, a product or one
recommendation) in small named queries (``overlap-*``), and the pairs are formed here, so
that the cost follows the answer and not the size of the store; the whole list is cut into
pages in its query (``overlaps``, ``overlaps-count``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Literal

from pydantic import Field
from rdflib import URIRef
from rdflib.term import Identifier, Node

from graph.model.iris import legal_ref
from graph.model.results import RecommendationRef
from graph.questions.lookup import text
from graph.questions.named import get_query, run_query
from graph.store import Store
from graph.store.version_cache import cached_per_version

__all__ = [
    "Overlap",
    "OverlapKind",
    "OverlapReason",
    "overlap_count",
    "overlap_page",
    "overlaps",
    "recommendation_overlaps",
]


OverlapKind = Literal["provision", "target-topic"]


@dataclass(frozen=True)
class OverlapReason:
    """Hvorfor to anbefalinger overlapper / why two recommendations overlap."""

    reason: Annotated[
        OverlapKind,
        Field(
            description="samme bestemmelse, eller samme målgruppe og tema / the same "
            "provision, or the same target group and topic"
        ),
    ]
    shared: Annotated[
        str, Field(description="bestemmelsen eller målgruppen (IRI) / the provision or target")
    ]
    shared_label: Annotated[str | None, Field(description="navnet på den / its name")]
    topic: Annotated[str | None, Field(description="det felles temaet / the shared topic")]


@dataclass
class Overlap:
    """To anbefalinger fra ulike produkter som overlapper / two recommendations from
    different products that overlap."""

    a: Annotated[RecommendationRef, Field(description="den ene anbefalingen / one recommendation")]
    b: Annotated[
        RecommendationRef, Field(description="den andre anbefalingen / the other recommendation")
    ]
    conflict: Annotated[bool, Field(description="ulik styrke / different strengths")]
    reasons: Annotated[
        list[OverlapReason], Field(description="hvorfor de overlapper / why they overlap")
    ] = field(default_factory=list)


@dataclass
class _Facts:
    """What a recommendation's overlaps are computed from (``overlap-facts``)."""

    iri: str
    product: Node | None = None
    product_title: Node | None = None
    title: Node | None = None
    strength: Node | None = None
    provisions: dict[str, set[str | None]] = field(default_factory=dict)
    """each provision it rests on → its Lovdata references"""
    topics: dict[tuple[str, Identifier], set[str | None]] = field(default_factory=dict)
    """each (target group, topic) → the target group's labels"""
    targets: set[str] = field(default_factory=set)

    def ref(self) -> RecommendationRef:
        return RecommendationRef.of(
            self.iri, self.title, self.strength, self.product, self.product_title
        )

    def shares(self) -> list[tuple[str, str, Identifier | None]]:
        """What another recommendation must share with it to overlap."""
        return [("provision", p, None) for p in self.provisions] + [
            ("target-topic", t, topic) for t, topic in self.topics
        ]


def _first(current: Node | None, value: Node | None) -> Node | None:
    """The smaller of two values (by text), so that the pick does not depend on row order."""
    if value is None or (current is not None and str(current) <= str(value)):
        return current
    return value


class _FactsReader:
    """The facts of each recommendation asked for, one ``overlap-facts`` query each."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.known: dict[str, _Facts] = {}

    def __call__(self, iri: str) -> _Facts:
        found = self.known.get(iri)
        if found is None:
            found = self.known[iri] = self._read(iri)
        return found

    def _read(self, iri: str) -> _Facts:
        facts = _Facts(iri)
        for row in run_query(self.store, "overlap-facts", recommendation=URIRef(iri)):
            product = row.get("product")
            if product is not None and (facts.product is None or str(product) < str(facts.product)):
                facts.product, facts.product_title = product, row.get("productTitle")
            facts.title = _first(facts.title, row.get("title"))
            facts.strength = _first(facts.strength, row.get("strength"))
            if "shared" in row:
                facts.provisions.setdefault(str(row["shared"]), set()).add(text(row, "sharedLabel"))
            if "target" in row:
                facts.targets.add(str(row["target"]))
                if "topic" in row:
                    facts.topics.setdefault((str(row["target"]), row["topic"]), set()).add(
                        text(row, "targetLabel")
                    )
        return facts


def _reasons(a: _Facts, b: _Facts) -> list[OverlapReason]:
    reasons = []
    for shared in sorted(a.provisions.keys() & b.provisions.keys()):
        labels = a.provisions[shared] | b.provisions[shared]
        for label in sorted(labels, key=lambda v: (v is not None, v or "")):
            reasons.append(OverlapReason("provision", shared, label or legal_ref(shared), None))
    for target, topic in sorted(a.topics.keys() & b.topics.keys(), key=lambda k: (k[0], str(k[1]))):
        labels = a.topics[(target, topic)]
        for label in sorted(labels, key=lambda v: (v is not None, v or "")):
            reasons.append(OverlapReason("target-topic", target, label, str(topic)))
    return reasons


def _pair(a: _Facts, b: _Facts) -> Overlap | None:
    """The overlap of two recommendations from different products, None if there is none;
    ``a`` is the one whose IRI sorts first."""
    if b.iri < a.iri:
        a, b = b, a
    if a.iri == b.iri or a.product is None or b.product is None or a.product == b.product:
        return None
    reasons = _reasons(a, b)
    if not reasons:
        return None
    conflict = a.strength is not None and b.strength is not None and a.strength != b.strength
    return Overlap(a.ref(), b.ref(), conflict, reasons)


def _order(pair: Overlap) -> tuple:
    """The list's order: the first one's product title, the two titles, the two IRIs
    (unbound before any value, as SPARQL sorts)."""

    def key(value: str | None) -> tuple[bool, str]:
        return (value is not None, value or "")

    a_product = pair.a.product.title if pair.a.product else None
    return (key(a_product), key(pair.a.title), key(pair.b.title), pair.a.iri, pair.b.iri)


def _recommendations(store: Store, query: str, **params: Identifier) -> set[str]:
    return {str(row["recommendation"]) for row in run_query(store, query, **params)}


def _partners(store: Store, facts: _Facts) -> set[str]:
    """Every recommendation that shares a provision, or a target group and topic, with it."""
    found: set[str] = set()
    for provision in facts.provisions:
        found |= _recommendations(store, "overlap-resting-on", provision=URIRef(provision))
    for target, topic in facts.topics:
        found |= _recommendations(
            store, "overlap-same-target-topic", target=URIRef(target), topic=topic
        )
    return found


def _pairs_among(facts: list[_Facts]) -> list[Overlap]:
    """The overlaps between any two of ``facts``, found through what they share."""
    by_key: dict[tuple[str, str, str | None], list[_Facts]] = {}
    for f in facts:
        for kind, shared, topic in f.shares():
            by_key.setdefault((kind, shared, None if topic is None else str(topic)), []).append(f)
    seen: set[tuple[str, str]] = set()
    pairs = []
    for group in by_key.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                key = (a.iri, b.iri) if a.iri < b.iri else (b.iri, a.iri)
                if key in seen:
                    continue
                seen.add(key)
                pair = _pair(a, b)
                if pair is not None:
                    pairs.append(pair)
    return pairs


def overlaps(
    store: Store,
    product: URIRef | None = None,
    provision: URIRef | None = None,
    target: URIRef | None = None,
) -> list[Overlap]:
    """Pairs of recommendations from different products that overlap, each with its reasons,
    ordered by the first one's product title and the two titles.

    ``product``: one of the two is from it; ``provision``: both rest on it (or on its ledd and
    points); ``target``: both address it. Each starts from the bound resource: the
    recommendations resting on the provision (walking ``hj:partOf`` down from it), those
    addressed to the target group, or those of the product and the ones sharing a provision
    or a target group and topic with them; the pairs are formed here. With no filter, the
    whole list (see :func:`overlap_page`).
    """
    if product is None and provision is None and target is None:
        return overlap_page(store)
    facts = _FactsReader(store)
    pool: set[str] | None = None
    if provision is not None:
        pool = _recommendations(store, "overlap-resting-on", provision=provision)
    if target is not None:
        addressed = _recommendations(store, "overlap-target-recommendations", target=target)
        pool = addressed if pool is None else pool & addressed
    if pool is not None:
        pairs = _pairs_among([facts(r) for r in sorted(pool)])
        if product is not None:
            pairs = [
                p
                for p in pairs
                if str(product) in {r.product.iri for r in (p.a, p.b) if r.product is not None}
            ]
    else:
        assert product is not None
        own = _recommendations(store, "overlap-product-recommendations", product=product)
        pairs = _with_partners(store, facts, [facts(r) for r in sorted(own)], str(product))
    return sorted(pairs, key=_order)


def _with_partners(
    store: Store, facts: _FactsReader, own: list[_Facts], product: str | None = None
) -> list[Overlap]:
    """The overlaps of each of ``own`` (those in ``product``, when given) with the
    recommendations that share a provision, or a target group and topic, with it."""
    found: dict[tuple[str, str], Overlap] = {}
    for mine in own:
        if product is not None and (mine.product is None or str(mine.product) != product):
            continue
        for other in sorted(_partners(store, mine)):
            pair = _pair(mine, facts(other))
            if pair is not None:
                found.setdefault((pair.a.iri, pair.b.iri), pair)
    return list(found.values())


def recommendation_overlaps(store: Store, recommendation: URIRef) -> list[Overlap]:
    """The overlaps of one recommendation, in the order of :func:`overlaps`."""
    facts = _FactsReader(store)
    return sorted(_with_partners(store, facts, [facts(str(recommendation))]), key=_order)


def overlap_page(store: Store, limit: int | None = None, offset: int = 0) -> list[Overlap]:
    """One page of the whole list of overlaps, in the order of :func:`overlaps`: the page
    is cut in the query (LIMIT and OFFSET), and only its recommendations' reasons are read."""
    query = get_query("overlaps").text
    if limit is not None:
        query += f"\nLIMIT {int(limit)}"
    if offset:
        query += f"\nOFFSET {int(offset)}"
    facts = _FactsReader(store)
    pairs = []
    for row in store.select(query):
        pair = _pair(facts(str(row["a"])), facts(str(row["b"])))
        if pair is not None:
            pairs.append(pair)
    return pairs


def overlap_count(store: Store) -> int:
    """The number of pairs in the whole list of overlaps, counted once per store version."""

    def count() -> int:
        rows = run_query(store, "overlaps-count")
        return int(str(rows[0].get("pairs", 0))) if rows else 0

    return cached_per_version(store, "overlap-count", count)
