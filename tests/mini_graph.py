"""The synthetic test graph ``tests/data/mini-graph.ttl`` (with ontology and shapes) on a
store, and a compact view of query rows for assertions."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, URIRef

from graph.model.resources import read_ontology, read_shapes
from graph.model.vocab import BASE, HJ, ONTOLOGY_GRAPH, SHAPES_GRAPH
from graph.questions.named import run_query
from graph.store import Store

MINI_GRAPH = Path(__file__).parent / "data" / "mini-graph.ttl"
TEST_GRAPH = URIRef(BASE + "graf/test")


def load_mini(store: Store) -> Store:
    data = Graph()
    data.parse(MINI_GRAPH, format="turtle")
    store.replace_graphs(
        {ONTOLOGY_GRAPH: read_ontology(), SHAPES_GRAPH: read_shapes(), TEST_GRAPH: data}
    )
    return store


def short(value: object) -> str:
    """A term without the common IRI bases, for readable expectations."""
    text = str(value)
    for base in (str(HJ), BASE):
        if text.startswith(base):
            return text[len(base) :]
    return text


def rows(store: Store, name: str, *columns: str, **params: object) -> list[tuple[str, ...]]:
    """The named query's rows as tuples of the given columns ("" when unbound), sorted."""
    bound = {
        k: (URIRef(BASE + v) if isinstance(v, str) and "/" in v[1:] and v[0] != "/" else v)
        for k, v in params.items()
    }
    result = run_query(store, name, **bound)  # type: ignore[arg-type]
    return sorted(tuple(short(r[c]) if c in r else "" for c in columns) for r in result)
