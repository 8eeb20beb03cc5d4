"""The figures of the VoID description: triples in all and per subset, resources per class,
the linksets to Lovdata and example resources.

Counting them reads the whole store (tens of seconds with all of Lovdata loaded), so every
load and import computes them once, after it has written, and keeps them as data in the
named graph ``graf/statistikk`` (:func:`graph.importers.statistics.refresh_statistics`).
The VoID description reads them back with one query whose cost does not grow with the
legislation loaded: Lovdata's named graphs, one per act, form one subset there; the size
of each stays in ``graf/statistikk`` for SPARQL clients
(``GRAPH <…/graf/statistikk> { <…/graf/lovdata/> void:subset ?g . ?g void:triples ?n }``).

Figures computed before the last load (``prov:generatedAtTime`` earlier than the load
time) are stale; :func:`statistics` then counts afresh.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, VOID, XSD

from graph.model.vocab import GRAPH
from graph.questions.named import run_query
from graph.store import Store
from graph.store.load_marker import STATS_GRAPH, last_loaded

__all__ = [
    "LOVDATA_SUBSET",
    "DatasetStatistics",
    "Subset",
    "compute_statistics",
    "statistics",
    "stored_statistics",
]

LOVDATA_SUBSET = URIRef(GRAPH["lovdata/"])
"""The subset that stands for all of Lovdata's named graphs (``graf/lovdata/…``)."""


@dataclass(frozen=True)
class Subset:
    iri: URIRef
    triples: int
    title: str | None = None


@dataclass
class DatasetStatistics:
    """What the VoID description states about the store's size."""

    computed: datetime
    triples: int
    subsets: list[Subset] = field(default_factory=list)
    lovdata_graphs: list[Subset] = field(default_factory=list)
    classes: list[tuple[URIRef, int]] = field(default_factory=list)
    examples: list[URIRef] = field(default_factory=list)
    linksets: list[tuple[URIRef, int]] = field(default_factory=list)
    modified: Literal | None = None

    def to_graph(self) -> Graph:
        """The figures as the RDF kept in ``graf/statistikk``."""
        g = Graph()
        s = STATS_GRAPH
        g.add((s, PROV.generatedAtTime, Literal(self.computed.isoformat(), datatype=XSD.dateTime)))
        g.add((s, VOID.triples, Literal(self.triples)))
        for subset in self.subsets:
            g.add((s, VOID.subset, subset.iri))
            g.add((subset.iri, VOID.triples, Literal(subset.triples)))
            if subset.title:
                g.add((subset.iri, DCTERMS.title, Literal(subset.title, lang="nb")))
        for graph in self.lovdata_graphs:
            g.add((LOVDATA_SUBSET, VOID.subset, graph.iri))
            g.add((graph.iri, VOID.triples, Literal(graph.triples)))
        for cls, entities in self.classes:
            partition = BNode()
            g.add((s, VOID.classPartition, partition))
            g.add((partition, VOID["class"], cls))
            g.add((partition, VOID.entities, Literal(entities)))
        for example in self.examples:
            g.add((s, VOID.exampleResource, example))
        for predicate, triples in self.linksets:
            linkset = BNode()
            g.add((s, VOID.subset, linkset))
            g.add((linkset, VOID.linkPredicate, predicate))
            g.add((linkset, VOID.triples, Literal(triples)))
        if self.modified is not None:
            g.add((s, DCTERMS.modified, self.modified))
        return g


def _lovdata_title(graphs: int) -> str:
    return f"Lovdata: {graphs} lover og forskrifter, én navngitt graf for hver"


def compute_statistics(store: Store, now: datetime | None = None) -> DatasetStatistics:
    """Count everything afresh (reads the whole store)."""
    names = set(store.graph_names())
    sizes = {
        URIRef(str(row["graph"])): int(str(row["triples"]))
        for row in run_query(store, "void-graph-sizes")
        if URIRef(str(row.get("graph"))) in names
    }
    lovdata_prefix = str(LOVDATA_SUBSET)
    lovdata = [Subset(g, sizes[g]) for g in sorted(sizes) if str(g).startswith(lovdata_prefix)]
    subsets = [Subset(g, sizes[g]) for g in sorted(sizes) if not str(g).startswith(lovdata_prefix)]
    if lovdata:
        subsets.append(
            Subset(LOVDATA_SUBSET, sum(s.triples for s in lovdata), _lovdata_title(len(lovdata)))
        )
    stats = DatasetStatistics(
        computed=(now or datetime.now(UTC)).astimezone(UTC),
        triples=sum(sizes.values()),
        subsets=subsets,
        lovdata_graphs=lovdata,
        classes=[
            (URIRef(str(row["class"])), int(str(row["entities"])))
            for row in run_query(store, "void-class-partitions")
        ],
    )
    links = run_query(store, "void-links")
    if links:
        first = links[0]
        modified = first.get("modified")
        stats.modified = modified if isinstance(modified, Literal) else None
        stats.examples = [URIRef(str(r["example"])) for r in links if "example" in r]
        stats.linksets = [
            (predicate, int(str(first[key])))
            for key, predicate in (
                ("sameAs", URIRef("http://www.w3.org/2002/07/owl#sameAs")),
                ("seeAlso", URIRef("http://www.w3.org/2000/01/rdf-schema#seeAlso")),
            )
            if key in first
        ]
    return stats


def stored_statistics(store: Store) -> DatasetStatistics | None:
    """The figures ``graf/statistikk`` holds, None when it holds none or they were computed
    before the last load."""
    rows = run_query(store, "void-statistics")
    computed = next((r["computed"] for r in rows if "computed" in r), None)
    when = computed.toPython() if isinstance(computed, Literal) else None
    if not isinstance(when, datetime):
        return None
    when = when if when.tzinfo else when.replace(tzinfo=UTC)
    loaded = last_loaded(store)
    if loaded is not None and when < loaded:
        return None
    stats = DatasetStatistics(computed=when, triples=0)
    for row in rows:
        if "triples" in row:
            stats.triples = int(str(row["triples"]))
        elif "subset" in row:
            title = row.get("subsetTitle")
            stats.subsets.append(
                Subset(
                    URIRef(str(row["subset"])),
                    int(str(row["subsetTriples"])),
                    str(title) if title is not None else None,
                )
            )
        elif "class" in row:
            stats.classes.append((URIRef(str(row["class"])), int(str(row["entities"]))))
        elif "example" in row:
            stats.examples.append(URIRef(str(row["example"])))
        elif "linkPredicate" in row:
            stats.linksets.append((URIRef(str(row["linkPredicate"])), int(str(row["linkTriples"]))))
        elif "modified" in row and isinstance(row["modified"], Literal):
            stats.modified = row["modified"]
    stats.subsets.sort(key=lambda s: str(s.iri))
    stats.classes.sort(key=lambda c: str(c[0]))
    stats.examples.sort(key=str)
    stats.linksets.sort(key=lambda link: str(link[0]))
    return stats


def statistics(store: Store) -> DatasetStatistics:
    """The stored figures when they are current, else counted afresh."""
    return stored_statistics(store) or compute_statistics(store)
