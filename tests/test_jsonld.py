"""JSON-LD for people: the context generated from the ontology at /context.jsonld, framed
descriptions with the REST API's names, the same bytes for the same request, plain JSON
for ``Accept: application/json``, and CONSTRUCT results compacted with the context."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from mini_graph import load_mini
from pyld import jsonld
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from graph.linked_data.jsonld import context
from graph.linked_data.resource import describe_graph
from graph.model.vocab import BASE, HJ
from graph.settings import Settings
from graph.store import Store
from graph.store.embedded import EmbeddedStore
from service.app import create_app

A1 = BASE + "anbefaling/test-a1"


@pytest.fixture(scope="module")
def mini() -> Iterator[tuple[TestClient, Store]]:
    store = load_mini(EmbeddedStore())
    with TestClient(create_app(Settings(store_path=None), store=store)) as client:
        yield client, store
    store.close()


def test_context_is_generated_from_the_ontology(mini: tuple[TestClient, Store]) -> None:
    client, _ = mini
    r = client.get("/context.jsonld")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/ld+json")
    terms = r.json()["@context"]
    assert terms["legal_basis"] == {"@id": str(HJ.legalBasis), "@type": "@id"}
    assert terms["strength"] == {"@id": str(HJ.strength), "@type": "@id"}
    assert terms["title"]["@container"] == "@language"
    assert terms["based_on_law"]["@id"] == str(HJ.basedOnLaw)
    ontology = Graph().parse("ontology/hjemmel.ttl")
    props = {
        str(s)
        for s, o in ontology.subject_objects(
            URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
        )
        if str(s).startswith(str(HJ)) and str(o).endswith(("ObjectProperty", "DatatypeProperty"))
    }
    ids = {t["@id"] if isinstance(t, dict) else t for t in terms.values()}
    assert props and props <= ids  # every hj: property has a short key


def _framed(client: TestClient, path: str, accept: str) -> Any:
    r = client.get(path, headers={"Accept": accept})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith(accept)
    return r


@pytest.mark.parametrize("accept", ["application/json", "application/ld+json"])
def test_resource_is_framed_with_the_api_names(mini: tuple[TestClient, Store], accept: str) -> None:
    client, _ = mini
    body = _framed(client, "/anbefaling/test-a1", accept).json()
    assert body["id"] == A1
    assert body["type"] == "hj:Recommendation"
    assert body["legal_basis"] == BASE + "forskrift/1900-01-02-2/paragraf/6/ledd/1/bokstav/g"
    assert body["title"] == {"nb": "Testanbefaling A1 om testjournal"}
    assert body["strength"]["pref_label"]["nb"] == "skal"
    api = client.get("/api/recommendations/test-a1").json()
    assert {"legal_basis", "strength", "title"} <= set(api) & set(body)
    derivation = body["qualified_derivation"]
    assert "id" not in derivation  # a blank node, embedded without a label
    if accept == "application/json":
        assert body["@context"] == "http://testserver/context.jsonld"
    else:
        assert body["@context"]["legal_basis"]["@id"] == str(HJ.legalBasis)


def test_same_request_same_bytes(mini: tuple[TestClient, Store]) -> None:
    client, _ = mini
    for path in ("/anbefaling/test-a1", "/ontology"):
        first = client.get(path, headers={"Accept": "application/ld+json"}).content
        again = client.get(path, headers={"Accept": "application/ld+json"}).content
        assert first == again, path
    plain = client.get("/anbefaling/test-a1", headers={"Accept": "application/json"}).content
    assert (
        plain
        == client.get("/anbefaling/test-a1?x=1", headers={"Accept": "application/json"}).content
    )


def test_framed_json_ld_is_the_same_graph(mini: tuple[TestClient, Store]) -> None:
    client, store = mini
    body = client.get("/anbefaling/test-a1", headers={"Accept": "application/ld+json"}).content
    parsed = Graph().parse(data=body, format="json-ld")
    assert isomorphic(parsed, describe_graph(store, A1))


def test_no_document_is_fetched() -> None:
    from graph.linked_data import jsonld as ours

    asked: list[str] = []

    def loader(url: str, options: Any = None) -> Any:
        asked.append(url)
        return ours._refuse(url, options)

    with pytest.raises(jsonld.JsonLdError, match="loading remote context failed"):
        jsonld.expand(
            {"@context": "https://example.org/c.jsonld", "a": 1}, {"documentLoader": loader}
        )
    assert asked == ["https://example.org/c.jsonld"]
    with pytest.raises(Exception, match="never fetched"):
        ours._refuse("https://example.org/c.jsonld")
    assert "@version" in context()


def test_construct_results_are_compacted(mini: tuple[TestClient, Store]) -> None:
    client, _ = mini
    query = f"CONSTRUCT {{ <{A1}> ?p ?o }} WHERE {{ <{A1}> ?p ?o }}"
    r = client.get("/sparql", params={"query": query}, headers={"Accept": "application/ld+json"})
    assert r.status_code == 200, r.text
    body = json.loads(r.content)
    assert body["legal_basis"] == BASE + "forskrift/1900-01-02-2/paragraf/6/ledd/1/bokstav/g"
    assert body["@context"]["strength"]["@id"] == str(HJ.strength)
