"""The SPARQL 1.1 Protocol endpoint at /sparql on each store kind (read-only checks), and
two real clients, SPARQLWrapper and rdflib's SPARQLStore, against a live server."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from xml.etree import ElementTree

import pytest
from live_server import live_service
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, SKOS

from graph.store import Store

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
SKAL = URIRef("https://w3id.org/hjemmel/styrke/skal")
ONTOLOGY_GRAPH = "https://w3id.org/hjemmel/graf/ontologi"
SHAPES_GRAPH = "https://w3id.org/hjemmel/graf/shapes"
SRX = "{http://www.w3.org/2005/sparql-results#}"

# Every concept of the strength scheme with its Bokmål label.
SELECT_CONCEPTS = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?concept ?label WHERE {
  ?concept skos:inScheme ?scheme ; skos:prefLabel ?label .
  FILTER(STRSTARTS(STR(?concept), "https://w3id.org/hjemmel/styrke/") && lang(?label) = "nb")
}
ORDER BY ?concept
"""
CONSTRUCT_SKAL = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
CONSTRUCT { <https://w3id.org/hjemmel/styrke/skal> ?p ?o }
WHERE { <https://w3id.org/hjemmel/styrke/skal> ?p ?o }
"""
ASK_SKAL = "ASK { <https://w3id.org/hjemmel/styrke/skal> ?p ?o }"


def _expected_concepts(store: Store) -> list[tuple[str, str]]:
    rows = [(str(r["concept"]), str(r["label"])) for r in store.select(SELECT_CONCEPTS)]
    assert len(rows) >= 3, "the strength scheme (skal, bør, kan) should be loaded"
    return rows


def _media_type(response: object) -> str:
    return response.headers["content-type"].split(";")[0].strip()


def _error(response: object, status: int, code: str | None = None) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    if code is not None:
        assert body["error"]["code"] == code
    return body["error"]["message"]


# -- SELECT and ASK in each results format -------------------------------------------------


def test_select_defaults_to_json(client: object, store: Store) -> None:
    response = client.get("/sparql", params={"query": SELECT_CONCEPTS})
    assert response.status_code == 200
    assert _media_type(response) == "application/sparql-results+json"
    assert "Accept" in {v.strip() for v in response.headers["vary"].split(",")}
    data = response.json()
    assert data["head"]["vars"] == ["concept", "label"]
    got = [(b["concept"]["value"], b["label"]["value"]) for b in data["results"]["bindings"]]
    assert got == _expected_concepts(store)
    assert all(b["label"]["xml:lang"] == "nb" for b in data["results"]["bindings"])


def test_select_as_xml(client: object, store: Store) -> None:
    response = client.get(
        "/sparql",
        params={"query": SELECT_CONCEPTS},
        headers={"Accept": "application/sparql-results+xml"},
    )
    assert _media_type(response) == "application/sparql-results+xml"
    root = ElementTree.fromstring(response.content)
    got = []
    for result in root.iter(f"{SRX}result"):
        values = {b.get("name"): "".join(b.itertext()).strip() for b in result}
        got.append((values["concept"], values["label"]))
    assert got == _expected_concepts(store)


@pytest.mark.parametrize(
    ("accept", "delimiter"), [("text/csv", ","), ("text/tab-separated-values", "\t")]
)
def test_select_as_csv_and_tsv(client: object, store: Store, accept: str, delimiter: str) -> None:
    response = client.get("/sparql", params={"query": SELECT_CONCEPTS}, headers={"Accept": accept})
    assert _media_type(response) == accept
    quoting = csv.QUOTE_MINIMAL if delimiter == "," else csv.QUOTE_NONE
    rows = list(csv.reader(io.StringIO(response.text), delimiter=delimiter, quoting=quoting))
    assert [c.lstrip("?") for c in rows[0]] == ["concept", "label"]
    expected = _expected_concepts(store)
    if delimiter == ",":
        assert [tuple(r) for r in rows[1:]] == expected
    else:  # TSV writes terms in Turtle syntax
        assert [tuple(r) for r in rows[1:]] == [(f"<{c}>", f'"{lbl}"@nb') for c, lbl in expected]


def test_accept_q_values_decide_the_format(client: object) -> None:
    response = client.get(
        "/sparql",
        params={"query": ASK_SKAL},
        headers={"Accept": "text/csv;q=0.5, application/sparql-results+xml;q=0.9, */*;q=0.1"},
    )
    assert _media_type(response) == "application/sparql-results+xml"
    assert ElementTree.fromstring(response.content).find(f"{SRX}boolean").text == "true"


def test_ask_answers_true_and_false(client: object) -> None:
    yes = client.get("/sparql", params={"query": ASK_SKAL})
    no = client.get("/sparql", params={"query": "ASK { <urn:x:nothing> ?p ?o }"})
    assert yes.json()["boolean"] is True
    assert no.json()["boolean"] is False


def test_post_form_and_post_direct_give_the_same_result(client: object, store: Store) -> None:
    form = client.post("/sparql", data={"query": SELECT_CONCEPTS})
    direct = client.post(
        "/sparql",
        content=SELECT_CONCEPTS.encode(),
        headers={"Content-Type": "application/sparql-query"},
    )
    assert form.status_code == direct.status_code == 200
    assert form.json() == direct.json()
    assert len(form.json()["results"]["bindings"]) == len(_expected_concepts(store))


def test_default_graph_uri_restricts_the_dataset(client: object) -> None:
    in_ontology = client.get(
        "/sparql", params={"query": ASK_SKAL, "default-graph-uri": ONTOLOGY_GRAPH}
    )
    in_shapes = client.get("/sparql", params={"query": ASK_SKAL, "default-graph-uri": SHAPES_GRAPH})
    assert in_ontology.json()["boolean"] is True
    assert in_shapes.json()["boolean"] is False


def test_named_graph_uri_lists_the_named_graphs(client: object) -> None:
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    response = client.get("/sparql", params={"query": query, "named-graph-uri": SHAPES_GRAPH})
    graphs = [b["g"]["value"] for b in response.json()["results"]["bindings"]]
    assert graphs == [SHAPES_GRAPH]


# -- CONSTRUCT and DESCRIBE in each RDF format -------------------------------------------


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [
        (None, "turtle"),
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ],
)
def test_construct_in_each_rdf_format(
    client: object, store: Store, accept: str | None, rdflib_format: str
) -> None:
    headers = {"Accept": accept} if accept else {}
    response = client.get("/sparql", params={"query": CONSTRUCT_SKAL}, headers=headers)
    assert response.status_code == 200
    assert _media_type(response) == (accept or "text/turtle")
    graph = Graph().parse(data=response.content, format=rdflib_format)
    expected = store.construct(CONSTRUCT_SKAL)
    assert len(graph) == len(expected) > 0
    assert (SKAL, RDF.type, SKOS.Concept) in graph
    assert set(graph.objects(SKAL, SKOS.prefLabel)) == set(expected.objects(SKAL, SKOS.prefLabel))


def test_describe_returns_turtle(client: object) -> None:
    response = client.post(
        "/sparql",
        content=f"DESCRIBE <{SKAL}>".encode(),
        headers={"Content-Type": "application/sparql-query"},
    )
    assert _media_type(response) == "text/turtle"
    graph = Graph().parse(data=response.content, format="turtle")
    assert (SKAL, RDF.type, SKOS.Concept) in graph


# -- errors ------------------------------------------------------------------------------


def test_malformed_query_is_400_with_the_parser_position(client: object) -> None:
    message = _error(client.get("/sparql", params={"query": "SELECT * WHERE {\n  ?s ?p \n}"}), 400)
    assert re.search(r"\b3:\d+\b", message), message


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"method": "GET", "params": {"query": "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }"}},
        {"method": "GET", "params": {"update": "CLEAR ALL"}},
        {"method": "POST", "data": {"update": "DROP ALL"}},
        {
            "method": "POST",
            "content": b"PREFIX x: <urn:x:>\nCLEAR ALL",
            "headers": {"Content-Type": "application/sparql-update"},
        },
        {
            "method": "POST",
            "content": b"# a comment\nDELETE WHERE { ?s ?p ?o }",
            "headers": {"Content-Type": "application/sparql-query"},
        },
    ],
    ids=["get-query", "get-update", "form-update", "direct-update", "update-as-query"],
)
def test_updates_are_forbidden(client: object, store: Store, request_kwargs: dict) -> None:
    before = store.count()
    kwargs = dict(request_kwargs)
    response = client.request(kwargs.pop("method"), "/sparql", **kwargs)
    _error(response, 403, "update_forbidden")
    assert store.count() == before


def test_two_queries_or_query_and_update_are_400(client: object) -> None:
    _error(client.get("/sparql", params=[("query", ASK_SKAL), ("query", ASK_SKAL)]), 400)
    _error(client.post("/sparql", data={"query": ASK_SKAL, "update": "CLEAR ALL"}), 400)


def test_unacceptable_accept_is_406(client: object) -> None:
    response = client.get("/sparql", params={"query": ASK_SKAL}, headers={"Accept": "image/png"})
    _error(response, 406, "unsupported_format")
    response = client.get(
        "/sparql", params={"query": CONSTRUCT_SKAL}, headers={"Accept": "text/csv"}
    )
    _error(response, 406)


@pytest.mark.parametrize(
    "content_type",
    [None, "text/plain", "application/json", "application/sparql-query; charset=UTF-16"],
)
def test_wrong_content_type_is_415(client: object, content_type: str | None) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    body = ASK_SKAL.encode("utf-16" if content_type and "16" in content_type else "utf-8")
    _error(client.post("/sparql", content=body, headers=headers), 415, "unsupported_media_type")


def test_other_methods_are_405_in_the_error_shape(client: object) -> None:
    _error(client.put("/sparql", content=b"ASK {}"), 405, "method_not_allowed")


def test_unknown_api_route_is_404_in_the_error_shape(client: object) -> None:
    _error(client.get("/api/no-such-route-here"), 404, "not_found")


# -- the service description -------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [(None, "turtle"), ("application/ld+json", "json-ld"), ("application/rdf+xml", "xml")],
)
def test_get_without_query_is_the_service_description(
    client: object, store: Store, accept: str | None, rdflib_format: str
) -> None:
    headers = {"Accept": accept} if accept else {}
    response = client.get("/sparql", headers=headers)
    assert response.status_code == 200
    graph = Graph().parse(data=response.content, format=rdflib_format)
    service = URIRef("http://testserver/sparql")
    assert (service, RDF.type, SD.Service) in graph
    assert (service, SD.endpoint, service) in graph
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    formats = set(graph.objects(service, SD.resultFormat))
    assert URIRef("http://www.w3.org/ns/formats/SPARQL_Results_JSON") in formats
    assert URIRef("http://www.w3.org/ns/formats/Turtle") in formats
    dataset = graph.value(service, SD.defaultDataset)
    assert graph.value(dataset, SD.defaultGraph) is not None
    names = {graph.value(n, SD.name) for n in graph.objects(dataset, SD.namedGraph)}
    assert names == set(store.graph_names())


def test_browser_gets_a_query_form(client: object) -> None:
    response = client.get("/sparql", headers={"Accept": "text/html"})
    assert _media_type(response) == "text/html"
    assert '<form class="sparql"' in response.text


# -- real clients against a live server ------------------------------------------------


@pytest.fixture(scope="module")
def endpoint(store: Store) -> Iterator[str]:
    with live_service(store) as url:
        yield url + "/sparql"


def test_sparqlwrapper_select_ask_construct(endpoint: str, store: Store) -> None:
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(endpoint)
    client.setQuery(SELECT_CONCEPTS)
    client.setReturnFormat(JSON)
    data = client.query().convert()
    got = [(b["concept"]["value"], b["label"]["value"]) for b in data["results"]["bindings"]]
    assert got == _expected_concepts(store)

    client = SPARQLWrapper(endpoint)
    client.setQuery(ASK_SKAL)
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True

    client = SPARQLWrapper(endpoint)
    client.setQuery(CONSTRUCT_SKAL)
    graph = client.queryAndConvert()
    assert isinstance(graph, Graph)
    assert len(graph) == len(store.construct(CONSTRUCT_SKAL))

    client = SPARQLWrapper(endpoint)
    client.setMethod("POST")
    client.setQuery(ASK_SKAL)
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True


def test_rdflib_sparqlstore_select_ask_construct(endpoint: str, store: Store) -> None:
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    remote = SPARQLStore(endpoint, returnFormat="json")
    try:
        rows = [(str(r.concept), str(r.label)) for r in remote.query(SELECT_CONCEPTS)]
        assert rows == _expected_concepts(store)
        assert remote.query(ASK_SKAL).askAnswer is True
        graph = remote.query(CONSTRUCT_SKAL).graph
        assert (SKAL, RDF.type, SKOS.Concept) in graph
        labels = {o for o in graph.objects(SKAL, SKOS.prefLabel) if isinstance(o, Literal)}
        assert labels == set(store.construct(CONSTRUCT_SKAL).objects(SKAL, SKOS.prefLabel))
    finally:
        remote.close()


def test_json_body_is_valid_json(client: object) -> None:
    response = client.get(
        "/sparql", params={"query": ASK_SKAL}, headers={"Accept": "application/json"}
    )
    assert json.loads(response.content)["boolean"] is True
