"""Trace in one query (``legal-trace``: a path up to the act from the bound recommendation)
gives what the walk one level at a time (``legal-basis`` and ``legal-node`` per level)
gives, on each kind of store; a store that refuses the path gets the walk, and is asked
once."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from mini_graph import load_mini
from rdflib import URIRef

from graph.errors import NotFoundError, QueryError
from graph.model.vocab import HJ
from graph.questions import trace as trace_mod
from graph.questions.trace import trace, traced
from graph.store import Bindings, Row, Store
from graph.store.embedded import EmbeddedStore


class PathlessStore(EmbeddedStore):
    """An embedded store that refuses the path of ``legal-trace``, as a server without paths from a
    bound start would; counts the refusals."""

    refused = 0

    def select(self, query: str, bindings: Bindings | None = None) -> list[Row]:
        if "?basis hj:partOf* ?node" in query:
            self.refused += 1
            raise QueryError("property paths are not supported here")
        return super().select(query, bindings)


def _normalised(value: Any) -> Any:
    data = dataclasses.asdict(value)
    for key in ("legal_basis", "product_legal_basis", "empowerment"):
        for basis in data[key]:
            basis["act_based_on"].sort()
    return data


def _recommendations(store: Store) -> list[URIRef]:
    rows = store.select(
        "SELECT DISTINCT ?r WHERE { ?r a ?t } ORDER BY ?r", {"t": HJ.Recommendation}
    )
    return [URIRef(r["r"]) for r in rows]


def _pathless(loader: Any) -> PathlessStore:
    store = PathlessStore()
    loader(store)
    return store


def test_one_query_matches_the_walk_on_the_bundled_graph(store: Store) -> None:
    from graph.importers.bundled import load_bundled

    walking = _pathless(load_bundled)
    recommendations = _recommendations(store)
    assert recommendations
    chains = 0
    for iri in recommendations:
        one = trace(store, iri)
        assert _normalised(one) == _normalised(trace(walking, iri)), iri
        chains += sum(len(b.chain) for b in one.legal_basis + one.empowerment)
    assert chains > len(recommendations)
    assert trace_mod._ONE_QUERY.get(store) is True
    walking.close()


def test_one_query_matches_the_walk_on_deeper_chains(mini_store: Store) -> None:
    """Points under ledd, regulations made under acts, mandates inside chapters."""
    walking = _pathless(load_mini)
    depths: set[int] = set()
    based_on: set[str] = set()
    for iri in _recommendations(mini_store):
        one = traced(mini_store, iri)
        assert _normalised(one) == _normalised(traced(walking, iri)), iri
        depths |= {len(b.chain) for b in one.legal_basis + one.empowerment}
        based_on |= {ref for b in one.legal_basis for ref in b.act_based_on}
    assert {3, 4} <= depths
    assert based_on
    walking.close()


def test_a_store_that_refuses_the_path_is_asked_once() -> None:
    walking = _pathless(load_mini)
    recommendations = _recommendations(walking)
    assert len(recommendations) > 1
    for iri in recommendations:
        traced(walking, iri)
    assert walking.refused == 1
    with pytest.raises(NotFoundError):
        trace(walking, URIRef("https://example.org/no-such-recommendation"))
    walking.close()


def test_trace_of_an_unknown_recommendation_in_one_query(store: Store) -> None:
    with pytest.raises(NotFoundError):
        trace(store, URIRef("https://example.org/no-such-recommendation"))
