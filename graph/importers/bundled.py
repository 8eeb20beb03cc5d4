"""Loading the ontology, the shapes and the bundled graph into a store, each part in its
own named graph."""

from __future__ import annotations

import gzip
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph, URIRef

from graph.importers.entailment import refresh_eli
from graph.importers.statistics import refresh_statistics
from graph.model.resources import data_dir, parse_rdf_file, read_ontology, read_shapes
from graph.model.vocab import CURATED_GRAPH, ELI_GRAPH, ONTOLOGY_GRAPH, SHAPES_GRAPH
from graph.store import Store
from graph.store.load_marker import replace_graphs_marked

__all__ = ["LoadReport", "load_bundled"]


@dataclass
class LoadReport:
    """How many triples each named graph received."""

    graphs: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.graphs.values())


def _legislation(path: Path) -> dict[URIRef, Graph]:
    dataset = Dataset()
    with gzip.open(path, "rb") as f:
        dataset.parse(data=f.read(), format="nquads")
    return {
        URIRef(g.identifier): Graph() + g
        for g in dataset.graphs()
        if isinstance(g.identifier, URIRef) and len(g)
    }


def load_bundled(store: Store, progress: Callable[[str], None] | None = None) -> LoadReport:
    """Load ontology, shapes, the curated graph, the bundled legislation and the bundled
    Helsedirektoratet documents; each named graph is replaced, so loading twice is safe.
    Then ``graf/eli`` is derived from them (:func:`graph.importers.entailment.refresh_eli`)."""
    say = progress or (lambda _msg: None)
    graphs: dict[URIRef, Graph] = {
        ONTOLOGY_GRAPH: read_ontology(),
        SHAPES_GRAPH: read_shapes(),
    }
    curated = data_dir() / "curated.ttl"
    if curated.exists():
        graphs[CURATED_GRAPH] = parse_rdf_file(curated)
    legislation = data_dir() / "legislation.nq.gz"
    if legislation.exists():
        say("lovdata: " + legislation.name)
        graphs.update(_legislation(legislation))
    helsedir = data_dir() / "helsedir"
    if helsedir.is_dir():
        from graph.importers.helsedir import read_documents

        say("helsedirektoratet: " + str(helsedir))
        graphs.update(read_documents(sorted(helsedir.glob("*.json"))))
    replace_graphs_marked(store, graphs)
    report = LoadReport({str(name): len(g) for name, g in graphs.items()})
    say("eli: " + str(ELI_GRAPH))
    report.graphs[str(ELI_GRAPH)] = refresh_eli(store)
    refresh_statistics(store)
    return report
