"""Counts of recommendations and the figures of ``stats``, kept as data.

Counting recommendations by product, strength and target group reads every recommendation
(18 s with 100,000 of them), so every load and import counts them once, after it has
written, in the same write as the VoID figures (:func:`graph.importers.statistics.
refresh_statistics`), and keeps them as ``hj:Tally`` resources in ``graf/statistikk``:

- ``graf/statistikk/anbefalinger``: product × strength × target group, what ``counts.rq``
  answers (a tally without a product, strength or target group counts the recommendations
  that have none);
- ``graf/statistikk/produkt-styrke`` and ``graf/statistikk/malgruppe-styrke``: a
  recommendation counted once per product (target group) and strength;
- ``graf/statistikk/oversikt``: what ``stats.rq`` answers;
- ``graf/statistikk/forside``: what ``describe-overview.rq`` answers and the number of
  named graphs (the front page's figures; it counts distinct resources, where
  ``stats.rq`` counts triples, which differs on a store whose default graph is the union
  of graphs that repeat a triple).

Figures computed before the last load are stale (the rule of :mod:`graph.questions.
void_statistics`); the questions below then count afresh.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import PROV, XSD
from rdflib.term import Identifier

from graph.model.vocab import GRAPH, HJ, SD, STRENGTH
from graph.questions.named import run_for_each, run_query
from graph.store import Row, Store
from graph.store.load_marker import STATS_GRAPH, last_loaded

__all__ = [
    "COUNTS_SET",
    "FRONT_PAGE_SET",
    "OVERVIEW_SET",
    "PRODUCT_STRENGTH_SET",
    "TARGET_STRENGTH_SET",
    "Tally",
    "compute_tallies",
    "counts",
    "stored_front_page_counts",
    "stored_stats_row",
    "stored_tallies",
    "tallies_current",
    "tally_graph",
]

COUNTS_SET = URIRef(GRAPH["statistikk/anbefalinger"])
PRODUCT_STRENGTH_SET = URIRef(GRAPH["statistikk/produkt-styrke"])
TARGET_STRENGTH_SET = URIRef(GRAPH["statistikk/malgruppe-styrke"])
OVERVIEW_SET = URIRef(GRAPH["statistikk/oversikt"])
FRONT_PAGE_SET = URIRef(GRAPH["statistikk/forside"])

_Key = tuple[URIRef, URIRef | None, URIRef | None, URIRef | None]
"""class counted, strength, property lacked, property had"""

_STATS_FIGURES: dict[str, _Key] = {
    # stats.rq column → what it counts
    "acts": (HJ.Act, None, None, None),
    "regulations": (HJ.Regulation, None, None, None),
    "provisions": (HJ.Provision, None, None, None),
    "products": (HJ.NormativeProduct, None, None, None),
    "recommendations": (HJ.Recommendation, None, None, None),
    "skal": (HJ.Recommendation, STRENGTH.skal, None, None),
    "bor": (HJ.Recommendation, STRENGTH.bor, None, None),
    "kan": (HJ.Recommendation, STRENGTH.kan, None, None),
    "uavklart": (HJ.Recommendation, STRENGTH.uavklart, None, None),
    "skalWithoutLegalBasis": (HJ.Recommendation, STRENGTH.skal, HJ.legalBasis, None),
    "objections": (HJ.Objection, None, None, None),
}
_FRONT_PAGE_FIGURES: dict[str, _Key] = {
    # describe-overview.rq key → what it counts
    "products": (HJ.NormativeProduct, None, None, None),
    "recommendations": (HJ.Recommendation, None, None, None),
    "skal": (HJ.Recommendation, STRENGTH.skal, None, None),
    "skalWithBasis": (HJ.Recommendation, STRENGTH.skal, None, HJ.legalBasis),
    "acts": (HJ.Act, None, None, None),
    "regulations": (HJ.Regulation, None, None, None),
    "provisions": (HJ.Provision, None, None, None),
    "actors": (HJ.Actor, None, None, None),
    "graphs": (SD.NamedGraph, None, None, None),  # the named graphs ``graph_names`` lists
}


@dataclass(frozen=True)
class Tally:
    set: URIRef
    count: int
    of: URIRef | None = None
    product: URIRef | None = None
    strength: URIRef | None = None
    target: URIRef | None = None
    lacks: URIRef | None = None
    has: URIRef | None = None

    @property
    def key(self) -> _Key:
        return (self.of or HJ.Tally, self.strength, self.lacks, self.has)


def _iri(row: Row, name: str) -> URIRef | None:
    value = row.get(name)
    return URIRef(str(value)) if value is not None else None


def compute_tallies(store: Store) -> list[Tally]:
    """Count afresh: three aggregates over the recommendations by type, and ``stats.rq``."""
    tallies = [
        Tally(
            COUNTS_SET,
            int(str(r["recommendations"])),
            HJ.Recommendation,
            _iri(r, "product"),
            _iri(r, "strength"),
            _iri(r, "target"),
        )
        for r in run_query(store, "tally-recommendations")
    ]
    tallies += [
        Tally(
            PRODUCT_STRENGTH_SET,
            int(str(r["recommendations"])),
            HJ.Recommendation,
            product=_iri(r, "product"),
            strength=_iri(r, "strength"),
        )
        for r in run_query(store, "tally-product-strength")
    ]
    tallies += [
        Tally(
            TARGET_STRENGTH_SET,
            int(str(r["recommendations"])),
            HJ.Recommendation,
            strength=_iri(r, "strength"),
            target=_iri(r, "target"),
        )
        for r in run_query(store, "tally-target-strength")
    ]
    row = run_query(store, "stats")[0]
    for name, (of, strength, lacks, has) in _STATS_FIGURES.items():
        count = int(str(row.get(name, 0)))
        tallies.append(Tally(OVERVIEW_SET, count, of, strength=strength, lacks=lacks, has=has))
    front = {str(r["key"]): int(str(r["count"])) for r in run_query(store, "describe-overview")}
    front["graphs"] = len(store.graph_names())
    for name, (of, strength, lacks, has) in _FRONT_PAGE_FIGURES.items():
        count = front.get(name, 0)
        tallies.append(Tally(FRONT_PAGE_SET, count, of, strength=strength, lacks=lacks, has=has))
    return tallies


def tally_graph(tallies: Iterable[Tally]) -> Graph:
    """The tallies as the RDF kept in ``graf/statistikk``. Their type, ``hj:Tally``, is
    implied by ``hj:tallySet`` (its domain) and not stated: the VoID figures count the
    resources of each class in the default graph, which holds this graph too."""
    g = Graph()
    for tally in tallies:
        node = BNode()
        g.add((node, HJ.tallySet, tally.set))
        g.add((node, HJ.tallyCount, Literal(tally.count, datatype=XSD.integer)))
        for prop, value in (
            (HJ.tallyOf, tally.of),
            (HJ.tallyProduct, tally.product),
            (HJ.tallyStrength, tally.strength),
            (HJ.tallyTargetGroup, tally.target),
            (HJ.tallyLacks, tally.lacks),
            (HJ.tallyHas, tally.has),
        ):
            if value is not None:
                g.add((node, prop, value))
    return g


_COMPUTED = (
    f"SELECT ?computed WHERE {{ GRAPH <{STATS_GRAPH}> "
    f"{{ <{STATS_GRAPH}> <{PROV.generatedAtTime}> ?computed . "
    f"FILTER EXISTS {{ ?tally <{HJ.tallySet}> ?set }} }} }}"
)


def tallies_current(store: Store) -> bool:
    """Whether ``graf/statistikk`` holds tallies computed after the last load."""
    rows = store.select(_COMPUTED)
    computed = rows[0].get("computed") if rows else None
    when = computed.toPython() if isinstance(computed, Literal) else None
    if not isinstance(when, datetime):
        return False
    when = when if when.tzinfo else when.replace(tzinfo=UTC)
    loaded = last_loaded(store)
    return loaded is None or when >= loaded


def stored_tallies(store: Store, tally_set: URIRef) -> list[Tally] | None:
    """The tallies of one set when they are current, else None."""
    if not tallies_current(store):
        return None
    return [
        Tally(
            tally_set,
            int(str(r["count"])),
            _iri(r, "of"),
            _iri(r, "product"),
            _iri(r, "strength"),
            _iri(r, "target"),
            _iri(r, "lacks"),
            _iri(r, "has"),
        )
        for r in run_query(store, "stored-tallies", set=tally_set)
    ]


def _figures(store: Store, tally_set: URIRef, names: dict[str, _Key]) -> dict[str, int] | None:
    tallies = stored_tallies(store, tally_set)
    if tallies is None:
        return None
    by_key = {t.key: t.count for t in tallies}
    return {name: by_key.get(key, 0) for name, key in names.items()}


def stored_stats_row(store: Store) -> dict[str, int] | None:
    """The figures of ``stats.rq`` from the stored tallies, None when they are stale."""
    return _figures(store, OVERVIEW_SET, _STATS_FIGURES)


def stored_front_page_counts(store: Store) -> dict[str, int] | None:
    """The figures of ``describe-overview.rq``, and the number of named graphs, from the
    stored tallies; None when they are stale."""
    return _figures(store, FRONT_PAGE_SET, _FRONT_PAGE_FIGURES)


def counts(store: Store, product: URIRef | None = None) -> list[Row]:
    """The rows of ``counts.rq`` (recommendations by product, strength and target group),
    read from the stored tallies when they are current, else counted afresh."""
    if not tallies_current(store):
        return run_query(store, "counts", product=product)
    if product is None:
        rows = run_query(store, "stored-counts")
    else:
        rows = run_query(store, "stored-counts-product", product=product)
    named = {r[k] for r in rows for k in ("product", "target") if k in r}
    titles: dict[Identifier, Identifier] = {}
    labels: dict[Identifier, Identifier] = {}
    for r in run_for_each(store, "resource-names", "resource", sorted(named)):
        if "title" in r:
            titles.setdefault(r["resource"], r["title"])
        if "label" in r:
            labels.setdefault(r["resource"], r["label"])
    out: list[Row] = []
    for r in rows:
        row = dict(r)
        if "product" in r and r["product"] in titles:
            row["productTitle"] = titles[r["product"]]
        if "target" in r and r["target"] in labels:
            row["targetLabel"] = labels[r["target"]]
        out.append(row)
    out.sort(
        key=lambda r: tuple(str(r.get(k, "")) for k in ("productTitle", "strength", "targetLabel"))
    )
    return out
