"""A syntactically invalid IRI, sent wherever an id or IRI is taken, is bad input (400 in
the one error shape) on every store, never a server error."""

from __future__ import annotations

from typing import Any

import pytest

BAD_IRI_PATHS = [
    "/api/recommendations/https://x%3Ey",
    "/api/provisions/https://w3id.org/hjemmel/lov/x%3Ey",
    "/api/recommendations/https://x%22y",
    "/api/recommendations/https://x%20y",
]


@pytest.mark.parametrize("path", BAD_IRI_PATHS)
def test_invalid_iri_is_bad_input(client: Any, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["error"]["code"] == "bad_input"
    assert "IRI" in body["error"]["message"]


def test_embedded_count_is_named_graphs_only() -> None:
    from rdflib import Graph, Literal, URIRef

    from graph.store.embedded import EmbeddedStore

    store = EmbeddedStore()
    store.update('INSERT DATA { <urn:x:s> <urn:x:p> "in the default graph" }')
    store.replace_graph(
        URIRef("urn:x:g"), Graph().add((URIRef("urn:x:a"), URIRef("urn:x:p"), Literal(1)))
    )
    assert store.count() == 1
    assert store.count(URIRef("urn:x:g")) == 1
    store.close()
