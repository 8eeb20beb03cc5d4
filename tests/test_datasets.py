"""SPARQL datasets: ``FROM`` and ``FROM NAMED`` (and the protocol's ``default-graph-uri`` and
``named-graph-uri``) define a query's dataset when given; otherwise the default graph is the
RDF merge of the named graphs, where a triple stated in two graphs is one triple.

The W3C SPARQL query evaluation tests for datasets (``tests/data/w3c-dataset``, a copy of
``sparql10/dataset`` of the W3C test suite) run on a fresh store of each kind: every graph a
test's query names in ``FROM`` or ``FROM NAMED`` is loaded from the file of that name into
a named graph of that IRI, and the solutions must equal the expected ones as a multiset
(blank nodes matched one to one).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
import servers
from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import Identifier

from graph.model.vocab import HJ, ONTOLOGY_GRAPH, SHAPES_GRAPH
from graph.settings import Settings
from graph.store import Store
from graph.store.dataset import DatasetClause, dataset_clause
from graph.store.embedded import EmbeddedStore
from graph.store.factory import open_store
from graph.store.load_marker import BOOKKEEPING_GRAPHS
from graph.store.remote import RemoteStore
from graph.store.terms import from_sparql_json

SUITE = Path(__file__).resolve().parent / "data" / "w3c-dataset"
BASE = "http://www.w3.org/2001/sw/DataAccess/tests/data-r2/dataset/"
"""The suite's own location, against which its queries' relative IRIs resolve."""
STORE_KINDS = ["embedded", "oxigraph"]

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
RS = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/result-set#")
_FROM = re.compile(r"FROM\s+(NAMED\s+)?<([^>]*)>", re.IGNORECASE)

Solution = dict[str, Identifier]


@dataclass(frozen=True)
class DatasetTest:
    name: str
    comment: str
    query: Path
    result: Path


def read_manifest() -> list[DatasetTest]:
    m = Graph().parse(SUITE / "manifest.ttl", format="turtle", publicID=BASE + "manifest.ttl")
    manifest = next(m.subjects(RDF.type, MF.Manifest))
    tests = []
    for entry in Collection(m, m.value(manifest, MF.entries)):
        action = m.value(entry, MF.action)
        query, result = m.value(action, QT.query), m.value(entry, MF.result)
        assert not list(m.objects(action, QT.data)), "the dataset tests name their data in FROM"
        tests.append(
            DatasetTest(
                name=str(m.value(entry, MF.name)),
                comment=str(m.value(entry, URIRef("http://www.w3.org/2000/01/rdf-schema#comment"))),
                query=SUITE / str(query).removeprefix(BASE),
                result=SUITE / str(result).removeprefix(BASE),
            )
        )
    return tests


def expected_solutions(path: Path) -> list[Solution]:
    g = Graph().parse(path, format="turtle", publicID=BASE + path.name)
    result_set = next(g.subjects(RDF.type, RS.ResultSet))
    return [
        {str(g.value(b, RS.variable)): g.value(b, RS.value) for b in g.objects(s, RS.binding)}
        for s in g.objects(result_set, RS.solution)
    ]


def _match(expected: list[Solution], actual: list[Solution], bnodes: dict[BNode, BNode]) -> bool:
    """Whether the solutions pair off one to one, blank nodes mapped consistently."""
    if not expected:
        return not actual
    first, rest = expected[0], expected[1:]
    for i, candidate in enumerate(actual):
        if candidate.keys() != first.keys():
            continue
        mapping = dict(bnodes)
        ok = True
        for var, term in first.items():
            other = candidate[var]
            if isinstance(term, BNode) and isinstance(other, BNode):
                if mapping.setdefault(term, other) != other or (
                    list(mapping.values()).count(other) > 1
                ):
                    ok = False
                    break
            elif term != other:
                ok = False
                break
        if ok and _match(rest, actual[:i] + actual[i + 1 :], mapping):
            return True
    return False


def run_select(store: Store, query: str) -> list[Solution]:
    """The query through :meth:`Store.query_serialized`, as ``/sparql`` runs it."""
    result = store.query_serialized(query)
    assert result.kind == "select"
    data = json.loads(result.body)
    return [
        {name: from_sparql_json(value) for name, value in row.items()}
        for row in data["results"]["bindings"]
    ]


TESTS = read_manifest()
_PASSED: Counter[str] = Counter()


@pytest.fixture(scope="module", autouse=True)
def _report(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    for kind in STORE_KINDS:
        if _PASSED[kind] and reporter is not None:
            reporter.write_line(
                f"\nW3C SPARQL dataset tests [{kind}]: {_PASSED[kind]}/{len(TESTS)} passed"
            )


@pytest.fixture(params=STORE_KINDS)
def fresh_store(request: pytest.FixtureRequest) -> Iterator[Store]:
    if request.param == "embedded":
        store = EmbeddedStore()
        yield store
        store.close()
        return
    yield request.getfixturevalue("empty_oxigraph_store")


def test_the_suite_is_complete() -> None:
    assert [t.name for t in TESTS] == [
        "dataset-01",
        "dataset-02",
        "dataset-03",
        "dataset-04",
        "dataset-05",
        "dataset-06",
        "dataset-07",
        "dataset-08",
        "dataset-11",
        "dataset-09b",
        "dataset-10b",
        "dataset-12b",
    ]


@pytest.mark.parametrize("test", TESTS, ids=[t.name for t in TESTS])
def test_w3c_dataset(fresh_store: Store, test: DatasetTest, request: pytest.FixtureRequest) -> None:
    text = test.query.read_text(encoding="utf-8")
    for _, name in _FROM.findall(text):
        data = Graph().parse(SUITE / name, format="turtle", publicID=BASE + name)
        fresh_store.replace_graph(URIRef(BASE + name), data)
    # Data the query does not name must stay out of its dataset.
    fresh_store.replace_graph(
        URIRef("http://example.org/not-in-the-dataset"),
        Graph().parse(data="<http://example/x> <http://example/p> 7 .", format="turtle"),
    )
    actual = run_select(fresh_store, f"BASE <{BASE}>\n{text}")
    expected = expected_solutions(test.result)
    assert _match(expected, actual, {}), (
        f"{test.name} ({test.comment}):\nexpected {expected}\nactual {actual}"
    )
    _PASSED[request.node.callspec.params["fresh_store"]] += 1


# -- the examples on the bundled graph -----------------------------------------------

COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
DISTINCT_TRIPLES = (
    "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"
)
SERVERS_COUNT_TWICE = (
    "a server's union default graph (Virtuoso's, Oxigraph's --union-default-graph) is "
    "evaluated over the quads: a triple stated in two named graphs matches once per graph"
)


SEVERAL_COUNT_TWICE = (
    "an Oxigraph or Virtuoso server evaluates a default graph of several graphs over their "
    "quads: a triple in two of them matches twice"
)


def _count(store: Store, query: str) -> int:
    rows = store.select(query)
    return int(rows[0]["n"])


def _union_counts_twice(request: pytest.FixtureRequest, store: Store) -> None:
    if isinstance(store, RemoteStore) and store.default_graph == "union":
        request.applymarker(pytest.mark.xfail(reason=SERVERS_COUNT_TWICE, strict=True))


def test_from_defines_the_default_graph(store: Store) -> None:
    query = f"SELECT (COUNT(*) AS ?n) FROM <{ONTOLOGY_GRAPH}> WHERE {{ ?s ?p ?o }}"
    assert _count(store, query) == store.count(ONTOLOGY_GRAPH) < _count(store, COUNT_ALL)
    prefixed = (
        "PREFIX graf: <https://w3id.org/hjemmel/graf/>\n"
        "SELECT (COUNT(*) AS ?n) FROM graf:ontologi FROM graf:shapes WHERE { ?s ?p ?o }"
    )
    assert _count(store, prefixed) == store.count(ONTOLOGY_GRAPH) + store.count(SHAPES_GRAPH)


def test_from_named_alone_leaves_the_default_graph_empty(store: Store) -> None:
    assert (
        _count(store, f"SELECT (COUNT(*) AS ?n) FROM NAMED <{ONTOLOGY_GRAPH}> {{ ?s ?p ?o }}") == 0
    )
    graphs = store.select(
        f"SELECT DISTINCT ?g FROM NAMED <{ONTOLOGY_GRAPH}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    )
    assert graphs == [{"g": ONTOLOGY_GRAPH}]


def test_from_in_a_string_or_comment_is_not_a_dataset(store: Store) -> None:
    query = (
        f"SELECT (COUNT(*) AS ?n) # FROM <{ONTOLOGY_GRAPH}>\n"
        f'WHERE {{ ?s ?p ?o FILTER (?o != "FROM <{ONTOLOGY_GRAPH}>") }}'
    )
    assert _count(store, query) == _count(store, COUNT_ALL)


def test_protocol_dataset_overrides_from(store: Store) -> None:
    query = f"SELECT (COUNT(*) AS ?n) FROM <{ONTOLOGY_GRAPH}> WHERE {{ ?s ?p ?o }}"
    result = store.query_serialized(query, default_graph=[SHAPES_GRAPH])
    n = json.loads(result.body)["results"]["bindings"][0]["n"]["value"]
    assert int(n) == store.count(SHAPES_GRAPH)


def test_default_graph_is_a_set(store: Store, request: pytest.FixtureRequest) -> None:
    """The bundled graph states some triples in two graphs (an act in graf/kuratert and in
    its graf/lovdata graph, and its ELI types in graf/eli)."""
    _union_counts_twice(request, store)
    bookkeeping = ", ".join(f"<{g}>" for g in BOOKKEEPING_GRAPHS)
    distinct_data = DISTINCT_TRIPLES.replace(
        "{ ?s ?p ?o } }", f"{{ ?s ?p ?o }} FILTER (?g NOT IN ({bookkeeping})) }}"
    )
    assert distinct_data != DISTINCT_TRIPLES
    assert store.count() > _count(store, distinct_data)
    assert _count(store, COUNT_ALL) == _count(store, DISTINCT_TRIPLES)


def test_acts_are_counted_once(store: Store, request: pytest.FixtureRequest) -> None:
    _union_counts_twice(request, store)
    acts = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?act a <{HJ.Act}> }}"
    distinct = f"SELECT (COUNT(DISTINCT ?act) AS ?n) WHERE {{ ?act a <{HJ.Act}> }}"
    assert _count(store, acts) == _count(store, distinct) > 0


def test_sparql_endpoint_honours_from(client: object, store: Store) -> None:
    query = f"SELECT (COUNT(*) AS ?n) FROM <{ONTOLOGY_GRAPH}> WHERE {{ ?s ?p ?o }}"
    response = client.get(  # type: ignore[attr-defined]
        "/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"}
    )
    assert response.status_code == 200, response.text
    n = response.json()["results"]["bindings"][0]["n"]["value"]
    assert int(n) == store.count(ONTOLOGY_GRAPH)


# -- keeping the merge in step (embedded) ----------------------------------------------------

G1, G2 = URIRef("http://example.org/g1"), URIRef("http://example.org/g2")


def _graph(turtle: str) -> Graph:
    return Graph().parse(data="@prefix : <http://example.org/> .\n" + turtle, format="turtle")


def _values(store: Store) -> list[int]:
    return sorted(int(r["o"]) for r in store.select("SELECT ?o WHERE { ?s ?p ?o }"))


@pytest.mark.parametrize("kind", ["embedded", "oxigraph", "oxigraph_batched"])
def test_every_write_keeps_the_merge(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """On disk, and on an Oxigraph server with a real default graph (``merge`` mode),
    through the Graph Store Protocol and through ``INSERT DATA`` batches (staging graphs
    moved onto their targets)."""
    store: Store
    if kind == "embedded":
        store = EmbeddedStore(tmp_path / "store")
    elif kind == "oxigraph":
        store = request.getfixturevalue("empty_oxigraph_store")
    else:
        server = request.getfixturevalue("empty_oxigraph_server")
        store = RemoteStore(server.query_url, server.update_url, batch_triples=1)
        store.drop_all()
    store.replace_graphs({G1: _graph(":a :p 1 , 7 ."), G2: _graph(":a :p 2 , 7 .")})
    assert _values(store) == [1, 2, 7]
    # 7 was in both and is in neither now; 2 moves from G2 to G1
    store.replace_graphs({G1: _graph(":a :p 1 , 2 ."), G2: _graph(":a :p 2 , 3 .")})
    assert _values(store) == [1, 2, 3]
    store.replace_graph(G1, _graph(":a :p 3 , 4 ."))  # 1 and 2 leave, 4 comes; 3 stays
    assert _values(store) == [2, 3, 4]
    store.drop_graph(G2)  # 2 leaves, 3 stays (still in G1)
    assert _values(store) == [3, 4]
    store.update(
        "INSERT DATA { GRAPH <http://example.org/g3> { <http://example.org/a> "
        "<http://example.org/p> 4 , 5 } } # a comment at the end"
    )
    assert _values(store) == [3, 4, 5]
    store.update("DROP GRAPH <http://example.org/g1> ;")
    assert _values(store) == [4, 5]
    store.update("INSERT DATA { <http://example.org/a> <http://example.org/p> 6 }")
    assert _values(store) == [4, 5], "the default graph is derived from the named graphs"
    if isinstance(store, EmbeddedStore):
        with store.staged() as stage:
            stage.remove_graph(ox.NamedNode("http://example.org/g3"))
        assert _values(store) == []
    store.close()


def test_a_remote_store_in_merge_mode_writes_a_missing_merge(
    empty_oxigraph_server: servers.OxigraphServer,
) -> None:
    """Named graphs loaded in ``union`` mode (or by other means) get their merge written
    when a writable store opens in ``merge`` mode."""
    union = RemoteStore(
        empty_oxigraph_server.query_url, empty_oxigraph_server.update_url, default_graph="union"
    )
    union.drop_all()
    union.replace_graphs({G1: _graph(":a :p 1 , 2 ."), G2: _graph(":a :p 2 .")})
    assert union.select("SELECT ?o WHERE { ?s ?p ?o }") == []
    settings = Settings(
        store="remote",
        sparql_query_url=empty_oxigraph_server.query_url,
        sparql_update_url=empty_oxigraph_server.update_url,
    )
    assert isinstance(open_store(settings, read_only=True), RemoteStore)
    assert union.select("SELECT ?o WHERE { ?s ?p ?o }") == [], "a reader writes nothing"
    merged = open_store(settings)
    assert _values(merged) == [1, 2]
    assert isinstance(merged, RemoteStore) and not merged.ensure_merge()
    union.drop_all()


def test_union_mode_on_a_union_server() -> None:
    """``union`` mode on Oxigraph started with ``--union-default-graph``: the named graphs
    are read as the default graph, and ``FROM`` still defines the dataset."""
    with servers.oxigraph_server(union=True) as server:
        store = RemoteStore(server.query_url, server.update_url, default_graph="union")
        store.replace_graphs({G1: _graph(":a :p 1 , 2 ."), G2: _graph(":a :p 2 , 3 .")})
        assert _count(store, COUNT_ALL) == 4  # 2 once per graph: what "union" documents
        assert _count(store, f"SELECT (COUNT(*) AS ?n) FROM <{G2}> {{ ?s ?p ?o }}") == 2
        store.drop_graph(G1)
        assert _values(store) == [2, 3]


def test_blank_nodes_in_the_merge_are_the_same_nodes() -> None:
    store = EmbeddedStore()
    store.replace_graph(G1, _graph(":a :p [ :q 1 ] ."))
    with store.staged():
        pass  # a whole rebuild
    query = "ASK { ?s ?p ?b . ?b ?q 1 GRAPH ?g { ?s ?p ?b2 } FILTER (sameTerm(?b, ?b2)) }"
    assert store.ask(query)


def test_a_store_written_without_the_merge_gets_it(tmp_path: Path) -> None:
    raw = ox.Store(str(tmp_path / "store"))
    a, p = ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/p")
    for g in (G1, G2):
        raw.add(ox.Quad(a, p, ox.Literal("1"), ox.NamedNode(str(g))))
    raw.flush()
    del raw
    store = EmbeddedStore(tmp_path / "store")
    assert _count(store, COUNT_ALL) == 1
    store.close()


def test_several_default_graphs_are_merged(rw_store: Store, request: pytest.FixtureRequest) -> None:
    """``FROM g1 FROM g2`` (or two ``default-graph-uri``): the default graph is the RDF merge
    of both, a set, beside only the ``FROM NAMED`` graphs."""
    if isinstance(rw_store, RemoteStore):
        request.applymarker(pytest.mark.xfail(reason=SEVERAL_COUNT_TWICE, strict=True))
    g3 = URIRef("http://example.org/g3")
    rw_store.replace_graphs(
        {G1: _graph(":a :p 1 , 2 ."), G2: _graph(":a :p 1 , 3 ."), g3: _graph(":a :p 1 .")}
    )
    both = f"SELECT (COUNT(*) AS ?n) FROM <{G1}> FROM <{G2}> {{ ?s ?p ?o }}"
    assert _count(rw_store, both) == 3
    named = (
        f"SELECT ?g (COUNT(*) AS ?n) FROM <{G1}> FROM <{G2}> FROM NAMED <{g3}> "
        "{ GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    )
    assert [(r["g"], int(r["n"])) for r in rw_store.select(named)] == [(g3, 1)]
    result = rw_store.query_serialized(COUNT_ALL, default_graph=[G1, G2, G1])
    assert json.loads(result.body)["results"]["bindings"][0]["n"]["value"] == "3"


# -- reading the dataset clause -------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "clause"),
    [
        ("SELECT * { ?s ?p ?o }", None),
        ("SELECT * FROM <http://x/g> { ?s ?p ?o }", DatasetClause(("http://x/g",))),
        ("select * from named <http://x/g> where {}", DatasetClause((), ("http://x/g",))),
        (
            "CONSTRUCT { ?s <http://x/from> ?o } FROM <http://x/g> WHERE {}",
            DatasetClause(("http://x/g",)),
        ),
        ("CONSTRUCT FROM <http://x/g> WHERE { ?s ?p ?o }", DatasetClause(("http://x/g",))),
        ("DESCRIBE <http://x/a> FROM <http://x/g>", DatasetClause(("http://x/g",))),
        ('SELECT ("FROM <http://x/g>" AS ?x) { }', None),
        ("SELECT * { { SELECT * { ?s ?p ?o } } } # FROM <http://x/g>", None),
        (
            "BASE <http://x/> PREFIX e: <d/> "
            "SELECT * FROM e:g FROM NAMED <h> FROM <http://x/d/g> {}",
            DatasetClause(("http://x/d/g",), ("http://x/h",)),
        ),
        ("SELECT * FROM \\u003Chttp://x/g> {}", DatasetClause(("http://x/g",))),
        ("INSERT DATA { GRAPH <http://x/g> { <a> <b> <c> } }", None),
    ],
)
def test_dataset_clause(query: str, clause: DatasetClause | None) -> None:
    assert dataset_clause(query) == clause


def test_literal_values_compare_as_terms() -> None:
    """The harness compares terms, not their lexical forms loosely."""
    assert not _match([{"o": Literal(1)}], [{"o": Literal("1")}], {})
    assert _match(
        [{"s": BNode("a")}, {"s": BNode("b")}], [{"s": BNode("x")}, {"s": BNode("y")}], {}
    )
    assert not _match(
        [{"s": BNode("a")}, {"s": BNode("a")}], [{"s": BNode("x")}, {"s": BNode("y")}], {}
    )
