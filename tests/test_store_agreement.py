"""Trace and validation give the same answers on every kind of store: the embedded store
compared with the bundled graph on a real Oxigraph server and on Debian's Virtuoso (marked
``virtuoso``). The Store contract itself, on every kind, is in test_remote_store.py."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from mini_graph import MINI_GRAPH, TEST_GRAPH, load_mini
from rdflib import Graph, URIRef

from graph.errors import NotFoundError, QueryError
from graph.model.vocab import BASE, HJ
from graph.questions.trace import trace
from graph.store import Store
from graph.store.embedded import EmbeddedStore
from graph.validation.shacl import validate_store

EX = "https://example.org/store-agreement/"
TODAY = dt.date(2026, 1, 1)


def _normalised(value: Any) -> Any:
    data = dataclasses.asdict(value)
    for key in ("legal_basis", "product_legal_basis", "empowerment"):
        for basis in data[key]:
            basis["act_based_on"].sort()
        data[key].sort(key=lambda b: b["iri"])
    return data


def _recommendations(store: Store) -> list[URIRef]:
    rows = store.select(
        "SELECT DISTINCT ?r ?type WHERE { ?r a ?type } ORDER BY ?r", {"type": HJ.Recommendation}
    )
    return [URIRef(r["r"]) for r in rows]


def test_trace_matches_the_embedded_store(embedded_store: Store, server_store: Store) -> None:
    recommendations = _recommendations(embedded_store)
    assert recommendations
    assert _recommendations(server_store) == recommendations
    with_basis = 0
    for iri in recommendations:
        expected = trace(embedded_store, iri)
        assert _normalised(trace(server_store, iri)) == _normalised(expected), iri
        with_basis += bool(expected.legal_basis)
    assert with_basis > 0


@pytest.fixture
def server_with_mini(server_store: Store) -> Iterator[Store]:
    """The bundled graph on a server plus the synthetic test graph, which is removed after."""
    server_store.replace_graph(TEST_GRAPH, Graph().parse(MINI_GRAPH, format="turtle"))
    yield server_store
    server_store.drop_graph(TEST_GRAPH)


def test_trace_through_points_chapters_and_mandates(server_with_mini: Store) -> None:
    """The synthetic graph has a point under a ledd, a regulation made under an act, and a
    mandate inside a chapter: deeper chains than the bundled graph's."""
    mini = load_mini(EmbeddedStore())
    recommendations = [r for r in _recommendations(mini) if str(r).startswith(BASE)]
    assert len(recommendations) > 3
    depths: set[int] = set()
    based_on: set[str] = set()
    for iri in recommendations:
        expected = trace(mini, iri)
        assert _normalised(trace(server_with_mini, iri)) == _normalised(expected), iri
        depths |= {len(b.chain) for b in expected.legal_basis + expected.empowerment}
        based_on |= {ref for b in expected.legal_basis for ref in b.act_based_on}
    assert {3, 4} <= depths
    assert based_on
    mini.close()


def test_trace_of_an_unknown_recommendation(server_store: Store) -> None:
    with pytest.raises(NotFoundError):
        trace(server_store, URIRef(EX + "no-such-recommendation"))


def test_validation_matches_the_embedded_store(embedded_store: Store, server_store: Store) -> None:
    expected = validate_store(embedded_store, today=TODAY)
    report = validate_store(server_store, today=TODAY)
    assert report.conforms == expected.conforms
    assert sorted(report.results) == sorted(expected.results)
    assert report.counts == expected.counts


def test_malformed_query_names_the_error(server_store: Store) -> None:
    with pytest.raises(QueryError, match=r"(?i)syntax|parse|expect"):
        server_store.select("SELECT ?s WHERE { ?s ?p ")
