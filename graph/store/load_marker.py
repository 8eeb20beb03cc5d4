"""When the store was last loaded: one triple, ``<graf/lasting> dcterms:modified "…"``, in a
named graph of its own, written by every load (the bundled graph, Lovdata, Helsedirektoratet).

The service derives ETag and Last-Modified from it, so they follow the data even when
another process loads a remote store. The graph is bookkeeping: ``graph_names`` and
``count`` of every store leave it out, as they leave out ``graf/statistikk``, the figures
of the VoID description that every load and import writes after it
(:mod:`graph.importers.statistics`).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from datetime import UTC, datetime

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, XSD
from rdflib.term import URIRef

from graph.store.base import Store

__all__ = [
    "BOOKKEEPING_GRAPHS",
    "LOAD_GRAPH",
    "STATS_GRAPH",
    "count_load",
    "last_loaded",
    "loads_in_process",
    "mark_loaded",
    "marker_nquads",
    "marker_ntriples",
    "replace_graphs_marked",
]

LOAD_GRAPH = URIRef("https://w3id.org/hjemmel/graf/lasting")
"""The named graph holding the time of the last load."""
STATS_GRAPH = URIRef("https://w3id.org/hjemmel/graf/statistikk")
"""The named graph holding the store's figures (triples per graph, resources per class)."""
BOOKKEEPING_GRAPHS = (LOAD_GRAPH, STATS_GRAPH)
"""Graphs about the store rather than of its data: not named by ``graph_names`` nor
counted by ``count``."""

_QUERY = (
    f"SELECT ?when WHERE {{ GRAPH <{LOAD_GRAPH}> {{ <{LOAD_GRAPH}> <{DCTERMS.modified}> ?when }} }}"
)

_lock = threading.Lock()
_loads = 0


def _marker(when: datetime | None = None) -> Graph:
    graph = Graph()
    moment = (when or datetime.now(UTC)).astimezone(UTC)
    graph.add((LOAD_GRAPH, DCTERMS.modified, Literal(moment.isoformat(), datatype=XSD.dateTime)))
    return graph


def marker_ntriples() -> bytes:
    """The load-time triple for now, as N-Triples (for loads written as text)."""
    return _marker().serialize(format="nt", encoding="utf-8")


def marker_nquads() -> bytes:
    """The load-time triple for now, as an N-Quad in its graph."""
    return marker_ntriples().replace(b" .\n", f" <{LOAD_GRAPH}> .\n".encode())


def count_load() -> None:
    global _loads
    with _lock:
        _loads += 1


def loads_in_process() -> int:
    """How many loads this process has written; a cache of :func:`last_loaded` is stale
    when this number has changed."""
    return _loads


def replace_graphs_marked(store: Store, graphs: Mapping[URIRef, Graph]) -> None:
    """``store.replace_graphs(graphs)`` with the load time written in the same transaction."""
    store.replace_graphs({**graphs, LOAD_GRAPH: _marker()})
    count_load()


def mark_loaded(store: Store) -> None:
    """Record that ``store`` was loaded now (after loads that write in several steps)."""
    store.replace_graph(LOAD_GRAPH, _marker())
    count_load()


def last_loaded(store: Store) -> datetime | None:
    """The time of the last load recorded in ``store``; None when it records none."""
    for row in store.select(_QUERY):
        value = row.get("when")
        if isinstance(value, Literal):
            parsed = value.toPython()
            if isinstance(parsed, datetime):
                return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return None
