"""Load, trace and validate on a real Virtuoso (Debian's virtuoso-opensource), compared with
the embedded store, and the remote store's writing paths on Virtuoso's SPARQL dialect."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import servers
from mini_graph import MINI_GRAPH, TEST_GRAPH, load_mini
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import XSD

from graph.errors import HjemmelError, NotFoundError, QueryError
from graph.model.vocab import BASE, HJ
from graph.questions.trace import trace
from graph.store import RdfFormat, ResultsFormat, Store
from graph.store.embedded import EmbeddedStore
from graph.store.remote import RemoteStore
from graph.validation.shacl import validate_store

pytestmark = pytest.mark.virtuoso

EX = "https://example.org/virtuoso-test/"
G1, G2 = URIRef(EX + "g1"), URIRef(EX + "g2")
P = URIRef(EX + "p")
TODAY = dt.date(2026, 1, 1)


def _sample() -> Graph:
    g = Graph()
    node = BNode()
    literals = [
        Literal('he said "skal"'),
        Literal("line one\nline two\ttabbed"),
        Literal("back\\slash"),
        Literal("Pasienten skal få tilbud", lang="nb"),
        Literal("2024-01-01", datatype=XSD.date),
        Literal(42),
        Literal('" } ; DROP ALL ; #'),
    ]
    for i, lit in enumerate(literals):
        g.add((URIRef(f"{EX}s{i}"), P, lit))
    g.add((URIRef(EX + "shape"), URIRef(EX + "property"), node))
    g.add((node, URIRef(EX + "path"), P))
    return g


@pytest.fixture(params=["graph-store", "insert-data"])
def writer(request: pytest.FixtureRequest, virtuoso_server: servers.VirtuosoServer) -> Store:
    """A store on the Virtuoso that loads through its Graph Store Protocol endpoint, or by
    INSERT DATA in batches of three triples; the test graphs are dropped afterwards."""
    v = virtuoso_server
    if request.param == "graph-store":
        store = RemoteStore(v.sparql_url, v.sparql_url, v.graph_store_url)
    else:
        store = RemoteStore(v.sparql_url, v.sparql_url, batch_triples=3)
    yield store
    store.drop_graph(G1)
    store.drop_graph(G2)


def test_bundled_graph_loads_the_same(embedded_store: Store, virtuoso_store: Store) -> None:
    names = embedded_store.graph_names()
    assert names
    assert virtuoso_store.graph_names() == names
    assert {g: virtuoso_store.count(g) for g in names} == {
        g: embedded_store.count(g) for g in names
    }
    assert virtuoso_store.count() == embedded_store.count()


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


def test_trace_matches_the_embedded_store(embedded_store: Store, virtuoso_store: Store) -> None:
    recommendations = _recommendations(embedded_store)
    assert recommendations
    assert _recommendations(virtuoso_store) == recommendations
    with_basis = 0
    for iri in recommendations:
        expected = trace(embedded_store, iri)
        assert _normalised(trace(virtuoso_store, iri)) == _normalised(expected), iri
        with_basis += bool(expected.legal_basis)
    assert with_basis > 0


@pytest.fixture
def virtuoso_with_mini(virtuoso_store: Store) -> Iterator[Store]:
    """The bundled graph on Virtuoso plus the synthetic test graph, which is removed after."""
    virtuoso_store.replace_graph(TEST_GRAPH, Graph().parse(MINI_GRAPH, format="turtle"))
    yield virtuoso_store
    virtuoso_store.drop_graph(TEST_GRAPH)


def test_trace_through_points_chapters_and_mandates(virtuoso_with_mini: Store) -> None:
    """The synthetic graph has a point under a ledd, a regulation made under an act, and a
    mandate inside a chapter: deeper chains than the bundled graph's."""
    mini = load_mini(EmbeddedStore())
    recommendations = [r for r in _recommendations(mini) if str(r).startswith(BASE)]
    assert len(recommendations) > 3
    depths: set[int] = set()
    based_on: set[str] = set()
    for iri in recommendations:
        expected = trace(mini, iri)
        assert _normalised(trace(virtuoso_with_mini, iri)) == _normalised(expected), iri
        depths |= {len(b.chain) for b in expected.legal_basis + expected.empowerment}
        based_on |= {ref for b in expected.legal_basis for ref in b.act_based_on}
    assert {3, 4} <= depths
    assert based_on
    mini.close()


def test_trace_of_an_unknown_recommendation(virtuoso_store: Store) -> None:
    with pytest.raises(NotFoundError):
        trace(virtuoso_store, URIRef(EX + "no-such-recommendation"))


def test_validation_matches_the_embedded_store(
    embedded_store: Store, virtuoso_store: Store
) -> None:
    expected = validate_store(embedded_store, today=TODAY)
    report = validate_store(virtuoso_store, today=TODAY)
    assert report.conforms == expected.conforms
    assert sorted(report.results) == sorted(expected.results)
    assert report.counts == expected.counts


def test_replace_round_trip(writer: Store) -> None:
    data = _sample()
    writer.replace_graphs({G1: data, G2: data})
    assert isomorphic(writer.triples_in(G1), data)
    assert writer.count(G2) == len(data)
    writer.replace_graphs({G1: Graph(), G2: _sample()})
    assert writer.count(G1) == 0
    assert isomorphic(writer.triples_in(G2), data)
    rows = writer.select(
        "SELECT ?s ?o WHERE { ?s ?p ?o }",
        {"p": P, "o": Literal("Pasienten skal få tilbud", lang="nb")},
    )
    assert [r["s"] for r in rows] == [URIRef(EX + "s3")]
    rows = writer.select("SELECT ?s ?o WHERE { ?s ?p ?o }", {"o": Literal('" } ; DROP ALL ; #')})
    assert [r["s"] for r in rows] == [URIRef(EX + "s6")]
    assert writer.count(G2) == len(data)


def test_failed_load_changes_nothing(writer: Store) -> None:
    data = _sample()
    writer.replace_graphs({G1: data, G2: data})
    good = "\n".join(f'<{EX}n{i}> <{P}> "{i}" .' for i in range(5))
    bad = good + f'\n<{EX}broken> <{P}> "unterminated .\n'
    assert isinstance(writer, RemoteStore)
    # Virtuoso answers bad data with HTTP 500 on its graph store, 400 on /sparql.
    with pytest.raises(HjemmelError, match=r"unterminated|SP029|SP030"):
        writer.replace_graphs_nt({G1: good.encode(), G2: bad.encode()})
    assert isomorphic(writer.triples_in(G1), data)
    assert isomorphic(writer.triples_in(G2), data)
    assert not [g for g in writer.graph_names() if str(g).startswith("urn:hjemmel:staging:")]


@pytest.mark.parametrize("fmt", list(ResultsFormat), ids=lambda f: f.name)
def test_select_in_every_results_format(virtuoso_store: Store, fmt: ResultsFormat) -> None:
    result = virtuoso_store.query_serialized(
        "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g = ?ont) } LIMIT 1".replace(
            "?ont", "<https://w3id.org/hjemmel/graf/ontologi>"
        ),
        results_format=fmt,
    )
    assert result.kind == "select"
    assert result.media_type == fmt.media_type
    assert "https://w3id.org/hjemmel/graf/ontologi" in result.body.decode("utf-8")


@pytest.mark.parametrize("fmt", list(RdfFormat), ids=lambda f: f.name)
def test_construct_in_every_rdf_format(writer: Store, fmt: RdfFormat) -> None:
    data = _sample()
    writer.replace_graph(G1, data)
    result = writer.query_serialized(
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}", rdf_format=fmt
    )
    assert result.kind == "graph"
    assert result.media_type == fmt.media_type
    rdflib_format = {"nq": "nquads", "rdf": "xml", "jsonld": "json-ld", "nt": "nt"}.get(
        fmt.extension, fmt.extension
    )
    parsed = Graph()
    if fmt in (RdfFormat.NQUADS, RdfFormat.TRIG):
        from rdflib import Dataset

        ds = Dataset()
        ds.parse(data=result.body, format=rdflib_format)
        for quad in ds.quads():
            parsed.add(quad[:3])
    else:
        parsed.parse(data=result.body, format=rdflib_format)
    assert isomorphic(parsed, data)


def test_malformed_query_names_the_error(virtuoso_store: Store) -> None:
    with pytest.raises(QueryError, match="syntax error"):
        virtuoso_store.select("SELECT ?s WHERE { ?s ?p ")
