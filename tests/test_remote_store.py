"""The Store contract on the embedded store and on a real Oxigraph server, and what only a
remote store does: HTTP errors, timeouts, authentication headers, configuration."""

from __future__ import annotations

import base64
import json
import socket
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import servers
from conftest import on_virtuoso
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import XSD

from graph.errors import HjemmelError, QueryError, StoreUnavailableError
from graph.settings import Settings
from graph.store import RdfFormat, ResultsFormat, Store, open_store
from graph.store.forms import request_form
from graph.store.remote import RemoteStore

EX = "https://example.org/test/"
G1, G2, G3 = URIRef(EX + "g1"), URIRef(EX + "g2"), URIRef(EX + "g3")
P = URIRef(EX + "p")

TRICKY_LITERALS = [
    Literal('he said "skal"'),
    Literal("line one\nline two\r\n\ttabbed"),
    Literal("back\\slash \\n not a newline"),
    Literal("Pasienten skal få tilbud", lang="nb"),
    Literal("nynorsk «sitat»", lang="nn"),
    Literal("2024-01-01", datatype=XSD.date),
    Literal('" } ; DROP ALL ; #'),
    Literal("'''\"\"\" ''' }}}"),
]


def _graph(*triples: tuple[object, object, object]) -> Graph:
    g = Graph()
    for t in triples:
        g.add(t)  # type: ignore[arg-type]
    return g


def _sample() -> Graph:
    return _graph(
        *((URIRef(f"{EX}s{i}"), P, lit) for i, lit in enumerate(TRICKY_LITERALS)),
        (URIRef(EX + "s0"), URIRef(EX + "link"), URIRef(EX + "s1")),
    )


# -- queries with bindings -------------------------------------------------------------------
@pytest.mark.parametrize("literal", TRICKY_LITERALS, ids=range(len(TRICKY_LITERALS)))
def test_literal_bindings_are_data(rw_store: Store, literal: Literal) -> None:
    rw_store.replace_graph(G1, _sample())
    before = rw_store.count()
    rows = rw_store.select("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", {"o": literal, "p": P})
    index = TRICKY_LITERALS.index(literal)
    assert rows == [{"s": URIRef(f"{EX}s{index}"), "p": P, "o": literal}]
    assert rw_store.ask("ASK { ?s ?p ?o }", {"o": literal})
    assert not rw_store.ask("ASK { ?s ?p ?o }", {"o": Literal(str(literal) + "x")})
    assert rw_store.count() == before


def test_injection_attempt_drops_nothing(rw_store: Store) -> None:
    rw_store.replace_graph(G1, _sample())
    before = rw_store.count()
    attack = Literal('x" } } ; DROP ALL ; SELECT * WHERE { ?a ?b "')
    assert rw_store.select("SELECT * WHERE { ?s ?p ?o }", {"o": attack}) == []
    assert not rw_store.ask("ASK { ?s ?p ?o }", {"o": attack})
    assert len(rw_store.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {"o": attack})) == 0
    assert rw_store.count() == before > 0


def test_select_returns_terms_of_every_kind(rw_store: Store) -> None:
    rw_store.replace_graph(G1, _sample())
    query = "SELECT ?o ?s ?p WHERE { ?s ?p ?o }"
    rows = rw_store.select(query, {"s": URIRef(EX + "s3"), "p": P})
    assert [r["o"] for r in rows] == [Literal("Pasienten skal få tilbud", lang="nb")]
    rows = rw_store.select(query, {"s": URIRef(EX + "s5"), "p": P})
    assert [r["o"] for r in rows] == [Literal("2024-01-01", datatype=XSD.date)]
    rows = rw_store.select(f"SELECT ?o ?missing WHERE {{ ?s <{EX}link> ?o }}")
    assert rows == [{"o": URIRef(EX + "s1")}]


def test_construct_with_iri_binding(rw_store: Store) -> None:
    rw_store.replace_graph(G1, _sample())
    g = rw_store.construct(
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {"s": URIRef(EX + "s1"), "p": P}
    )
    assert set(g) == {(URIRef(EX + "s1"), P, TRICKY_LITERALS[1])}


def test_default_graph_is_the_union(rw_store: Store) -> None:
    rw_store.replace_graphs(
        {
            G1: _graph((URIRef(EX + "a"), P, Literal("1"))),
            G2: _graph((URIRef(EX + "b"), P, Literal("2"))),
        }
    )
    rows = rw_store.select("SELECT ?s ?p WHERE { ?s ?p ?o } ORDER BY ?s", {"p": P})
    assert [r["s"] for r in rows] == [URIRef(EX + "a"), URIRef(EX + "b")]


# -- writing -----------------------------------------------------------------------------------
def test_replace_graph_replaces_content(rw_store: Store) -> None:
    rw_store.replace_graph(G1, _sample())
    new = _graph((URIRef(EX + "new"), P, Literal("ny")), (URIRef(EX + "new"), P, Literal("to")))
    rw_store.replace_graph(G1, new)
    assert isomorphic(rw_store.triples_in(G1), new)
    assert rw_store.count(G1) == 2
    assert not rw_store.ask("ASK { ?s ?p ?o }", {"s": URIRef(EX + "s0")})


def test_replace_graphs_several_and_empty(rw_store: Store) -> None:
    one = _graph((URIRef(EX + "a"), P, Literal("1")))
    two = _sample()
    rw_store.replace_graphs({G1: one, G2: two, G3: one})
    assert rw_store.graph_names() == [G1, G2, G3]
    assert rw_store.count() == 1 + len(two) + 1
    rw_store.replace_graphs({G1: two, G3: Graph()})
    assert rw_store.graph_names() == [G1, G2]
    assert isomorphic(rw_store.triples_in(G1), two)
    assert isomorphic(rw_store.triples_in(G2), two)
    assert rw_store.count(G3) == 0


def test_blank_nodes_keep_their_identity(rw_store: Store) -> None:
    node, other = BNode(), BNode()
    data = _graph(
        (URIRef(EX + "shape"), URIRef(EX + "property"), node),
        (node, URIRef(EX + "path"), URIRef(EX + "p")),
        (node, URIRef(EX + "minCount"), Literal(1)),
        (node, URIRef(EX + "next"), other),
        (other, URIRef(EX + "path"), URIRef(EX + "q")),
        *((URIRef(f"{EX}x{i}"), P, Literal(i)) for i in range(7)),
    )
    rw_store.replace_graph(G1, data)
    assert isomorphic(rw_store.triples_in(G1), data)
    rows = rw_store.select(
        "SELECT * WHERE { ?shape ?prop ?n . ?n ?path ?p . ?n ?min ?c . ?n ?next ?m . ?m ?path ?q }",
        {
            "shape": URIRef(EX + "shape"),
            "prop": URIRef(EX + "property"),
            "path": URIRef(EX + "path"),
            "min": URIRef(EX + "minCount"),
            "next": URIRef(EX + "next"),
        },
    )
    assert len(rows) == 1 and isinstance(rows[0]["n"], BNode)


def test_drop_graph_and_count(rw_store: Store) -> None:
    rw_store.replace_graphs({G1: _sample(), G2: _graph((URIRef(EX + "a"), P, Literal("1")))})
    assert rw_store.count(G1) == len(_sample())
    assert rw_store.has_graph(G2)
    rw_store.drop_graph(G1)
    rw_store.drop_graph(URIRef(EX + "never-there"))
    assert rw_store.graph_names() == [G2]
    assert rw_store.count() == 1
    assert len(rw_store.triples_in(G1)) == 0


def test_update_runs(rw_store: Store) -> None:
    rw_store.update(f'INSERT DATA {{ GRAPH <{G1}> {{ <{EX}a> <{P}> "u" }} }}')
    assert rw_store.ask("ASK { ?s ?p ?o }", {"o": Literal("u")})


# -- serialised results ------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", list(ResultsFormat), ids=lambda f: f.name)
def test_query_serialized_results(
    rw_store: Store, fmt: ResultsFormat, request: pytest.FixtureRequest
) -> None:
    if on_virtuoso(request):
        pytest.skip("Virtuoso escapes non-ASCII in JSON and writes ASK in CSV/TSV as a table")
    rw_store.replace_graph(G1, _sample())
    result = rw_store.query_serialized(f"SELECT ?o WHERE {{ <{EX}s3> ?p ?o }}", results_format=fmt)
    assert result.kind == "select"
    assert result.media_type == fmt.media_type
    assert "Pasienten skal få tilbud" in result.body.decode("utf-8")
    answer = rw_store.query_serialized(f"ASK {{ <{EX}s3> ?p ?o }}", results_format=fmt)
    assert answer.kind == "ask"
    assert answer.media_type == fmt.media_type
    assert "true" in answer.body.decode("utf-8").lower()


@pytest.mark.parametrize("fmt", list(RdfFormat), ids=lambda f: f.name)
def test_query_serialized_graph(
    rw_store: Store, fmt: RdfFormat, request: pytest.FixtureRequest
) -> None:
    if on_virtuoso(request):
        pytest.skip("Virtuoso's default graph holds its own system graphs too")
    rw_store.replace_graph(G1, _sample())
    result = rw_store.query_serialized("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", rdf_format=fmt)
    assert result.kind == "graph"
    assert result.media_type == fmt.media_type
    parsed = Graph()
    rdflib_format = {"nq": "nquads", "rdf": "xml", "jsonld": "json-ld"}.get(
        fmt.extension, fmt.extension
    )
    if fmt in (RdfFormat.NQUADS, RdfFormat.TRIG):
        from rdflib import Dataset

        ds = Dataset()
        ds.parse(data=result.body, format=rdflib_format)
        for quad in ds.quads():
            parsed.add(quad[:3])
    else:
        parsed.parse(data=result.body, format=rdflib_format)
    # XML parsers turn a carriage return into a line feed, so RDF/XML cannot carry one.
    expected = Graph()
    for s, p, o in _sample():
        expected.add(
            (
                s,
                p,
                Literal(str(o).replace("\r\n", "\n"), lang=o.language, datatype=o.datatype)
                if isinstance(o, Literal) and fmt is RdfFormat.RDFXML
                else o,
            )
        )
    assert isomorphic(parsed, expected)


def test_query_serialized_refuses_updates(rw_store: Store) -> None:
    with pytest.raises(QueryError):
        rw_store.query_serialized(f"DROP GRAPH <{G1}>")


# -- errors ----------------------------------------------------------------------------------
def test_malformed_query_raises_query_error(rw_store: Store) -> None:
    with pytest.raises(QueryError) as info:
        rw_store.select("SELECT ?s WHERE { ?s ?p ")
    assert info.value.message.strip()
    with pytest.raises(QueryError):
        rw_store.update("INSERT DATA { GRAPH <x:g> { <x:a> <x:b> } }")


def test_query_form_after_prologue() -> None:
    query = "BASE <https://e.org/>\nPREFIX : <https://e.org/#>\n# SELECT\nconstruct { ?s ?p ?o } {}"
    assert request_form(query) == "construct"
    assert request_form("PREFIX a: <x:> WITH <x:g> DELETE { ?s ?p ?o } WHERE {}") == "update"
    assert request_form("# nothing\n") is None


def test_wrong_form_is_refused(empty_oxigraph_store: Store) -> None:
    with pytest.raises(QueryError):
        empty_oxigraph_store.select("ASK { ?s ?p ?o }")
    with pytest.raises(QueryError):
        empty_oxigraph_store.update("SELECT * WHERE { ?s ?p ?o }")


def test_unreachable_server() -> None:
    port = servers.free_port()
    store = RemoteStore(f"http://127.0.0.1:{port}/query", timeout=2)
    with pytest.raises(StoreUnavailableError, match="kan ikke nås"):
        store.ask("ASK {}")


def test_client_timeout_against_a_silent_socket() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(4)
        port = listener.getsockname()[1]
        store = RemoteStore(f"http://127.0.0.1:{port}/query", timeout=1)
        with pytest.raises(StoreUnavailableError, match="innen 1 s"):
            store.select("SELECT * WHERE { ?s ?p ?o }")


def test_failed_load_changes_nothing(rw_store: Store) -> None:
    if not isinstance(rw_store, RemoteStore):
        pytest.skip("N-Triples loading by HTTP is the remote store's")
    original = _sample()
    rw_store.replace_graphs({G1: original, G2: original})
    good = "\n".join(f'<{EX}n{i}> <{P}> "{i}" .' for i in range(5))
    bad = good + f'\n<{EX}broken> <{P}> "unterminated .\n'
    # Oxigraph answers bad data with 400; Virtuoso with 500 on its graph store, 400 on /sparql.
    with pytest.raises(HjemmelError, match=r"unterminated|SP029|SP030|expected"):
        rw_store.replace_graphs_nt({G1: good.encode(), G2: bad.encode()})
    assert rw_store.graph_names() == [G1, G2]
    assert isomorphic(rw_store.triples_in(G1), original)
    assert isomorphic(rw_store.triples_in(G2), original)
    assert rw_store.count() == 2 * len(original)


# -- authentication and the timeout parameter, against a real HTTP server ----------------------
class _Recorder(BaseHTTPRequestHandler):
    seen: list[dict[str, str]] = []  # noqa: RUF012 - shared with the test through the class
    required: str | None = None

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        body = self.rfile.read(length).decode("utf-8")
        query = urllib.parse.urlparse(self.path).query
        self.seen.append(
            {"authorization": self.headers.get("Authorization", ""), "params": query, "body": body}
        )
        if self.required is not None and self.headers.get("Authorization") != self.required:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="sparql"')
            self.end_headers()
            return
        answer = {
            "head": {"vars": ["s", "n", "l", "b"]},
            "results": {
                "bindings": [
                    {
                        "s": {"type": "uri", "value": EX + "a"},
                        "n": {"type": "typed-literal", "datatype": str(XSD.integer), "value": "3"},
                        "l": {"type": "literal", "xml:lang": "nb", "value": "skal"},
                        "b": {"type": "bnode", "value": "b0"},
                    }
                ]
            },
        }
        data = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def recorder() -> Iterator[tuple[str, type[_Recorder]]]:
    handler = type("Recorder", (_Recorder,), {"seen": [], "required": None})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql", handler
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_basic_auth_and_timeout_reach_the_server(recorder: tuple[str, type[_Recorder]]) -> None:
    url, handler = recorder
    expected = "Basic " + base64.b64encode(b"leser:hemmelig").decode()
    handler.required = expected
    store = RemoteStore(url, user="leser", password="hemmelig", timeout=7.5)
    rows = store.select("SELECT * WHERE { ?s ?p ?o }", {"p": P})
    assert rows == [
        {
            "s": URIRef(EX + "a"),
            "n": Literal(3),
            "l": Literal("skal", lang="nb"),
            "b": BNode("b0"),
        }
    ]
    seen = handler.seen[-1]
    assert seen["authorization"] == expected
    form = urllib.parse.parse_qs(seen["params"] + "&" + seen["body"])
    assert form["timeout"] == ["7500"]
    assert f"VALUES (?p) {{ (<{P}>) }}" in form["query"][0]


def test_bearer_token_reaches_the_server(recorder: tuple[str, type[_Recorder]]) -> None:
    url, handler = recorder
    handler.required = "Bearer tok-123"
    store = RemoteStore(url, token="tok-123", timeout_parameter=None)
    assert store.select("SELECT * WHERE { ?s ?p ?o }")[0]["s"] == URIRef(EX + "a")
    assert handler.seen[-1]["authorization"] == "Bearer tok-123"
    seen = handler.seen[-1]
    assert "timeout" not in urllib.parse.parse_qs(seen["params"] + "&" + seen["body"])


def test_refused_credentials_say_so(recorder: tuple[str, type[_Recorder]]) -> None:
    url, handler = recorder
    handler.required = "Bearer right"
    store = RemoteStore(url, token="wrong")
    with pytest.raises(StoreUnavailableError, match="401"):
        store.select("SELECT * WHERE { ?s ?p ?o }")


# -- configuration and loading -----------------------------------------------------------------
def test_settings_open_a_remote_store(
    monkeypatch: pytest.MonkeyPatch, empty_oxigraph_store: Store
) -> None:
    assert isinstance(empty_oxigraph_store, RemoteStore)
    monkeypatch.setenv("HJEMMEL_STORE", "remote")
    monkeypatch.setenv("HJEMMEL_SPARQL_QUERY_URL", empty_oxigraph_store.query_url)
    monkeypatch.setenv("HJEMMEL_SPARQL_UPDATE_URL", empty_oxigraph_store.update_url)
    monkeypatch.setenv("HJEMMEL_SPARQL_TIMEOUT", "12")
    store = open_store(Settings(_env_file=None))
    assert isinstance(store, RemoteStore)
    assert store.timeout == 12
    assert store.graph_store_url is None
    store.replace_graph(G1, _sample())
    assert empty_oxigraph_store.count(G1) == len(_sample())


def test_bundled_graph_loads_the_same(embedded_store: Store, server_store: Store) -> None:
    names = embedded_store.graph_names()
    assert names, "the bundled graph is empty"
    assert server_store.graph_names() == names
    assert {g: server_store.count(g) for g in names} == {g: embedded_store.count(g) for g in names}
    assert server_store.count() == embedded_store.count()
