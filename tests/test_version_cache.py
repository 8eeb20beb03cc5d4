"""Answers kept per store version are recomputed after every write."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef

from graph.store.embedded import EmbeddedStore
from graph.store.load_marker import mark_loaded
from graph.store.version_cache import cached_per_version

G = URIRef("https://w3id.org/hjemmel/graf/test")


def _graph(n: int) -> Graph:
    graph = Graph()
    for i in range(n):
        graph.add((URIRef(f"https://example.org/{i}"), URIRef("https://example.org/p"), Literal(i)))
    return graph


def test_kept_until_the_store_is_written() -> None:
    store = EmbeddedStore()
    store.replace_graph(G, _graph(2))
    mark_loaded(store)
    calls: list[int] = []

    def count() -> int:
        calls.append(1)
        return store.count(G)

    assert cached_per_version(store, "n", count) == 2
    assert cached_per_version(store, "n", count) == 2
    assert len(calls) == 1
    store.replace_graph(G, _graph(3))  # a write without a new load marker
    assert cached_per_version(store, "n", count) == 3
    mark_loaded(store)
    assert cached_per_version(store, "n", count) == 3
    assert len(calls) == 3


def test_not_kept_without_a_load_marker() -> None:
    store = EmbeddedStore()
    store.replace_graph(G, _graph(1))
    calls: list[int] = []

    def count() -> int:
        calls.append(1)
        return store.count(G)

    cached_per_version(store, "n", count)
    cached_per_version(store, "n", count)
    assert len(calls) == 2
