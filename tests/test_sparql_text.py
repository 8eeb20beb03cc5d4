"""Binding query parameters into query text (graph/sparql_text.py): the bound terms replace
their variables inside the WHERE group, except where a constant would change the query."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef

from graph.errors import BadInputError
from graph.store import Store
from graph.store.binding import bind_terms

A = URIRef("https://example.org/a")


def _where(text: str) -> str:
    """The text after the injected VALUES block."""
    return text.split("}\n", 1)[1]


def test_variables_in_patterns_filters_and_exists_become_the_term() -> None:
    q = "SELECT ?s WHERE { ?s <p> ?o . OPTIONAL { ?s <q> ?x } FILTER EXISTS { ?s <r> ?o } }"
    body = _where(bind_terms(q, {"s": A}))
    assert "?s" not in body
    assert body.count(f"<{A}>") == 3


def test_projection_modifiers_and_keywords_keep_their_variable() -> None:
    q = (
        "SELECT ?s (COUNT(?o) AS ?n) WHERE { ?s <p> ?o . BIND(?o AS ?s2) "
        "VALUES (?s ?o) { (<x> <y>) } MINUS { ?s <gone> ?o } "
        "{ SELECT ?s WHERE { ?s <q> ?o } GROUP BY ?s } } GROUP BY ?s ORDER BY ?s"
    )
    text = bind_terms(q, {"s": A, "s2": A})
    assert text == (
        f"SELECT ?s (COUNT(?o) AS ?n) WHERE {{ VALUES (?s ?s2) {{ (<{A}> <{A}>) }}\n"
        f" <{A}> <p> ?o . BIND(?o AS ?s2) VALUES (?s ?o) {{ (<x> <y>) }} "
        "MINUS { ?s <gone> ?o } { SELECT ?s WHERE { ?s <q> ?o } GROUP BY ?s } } "
        "GROUP BY ?s ORDER BY ?s"
    )


def test_names_inside_strings_iris_comments_and_longer_names_stay() -> None:
    q = 'SELECT ?s WHERE { ?sx <p?s> "?s" . # ?s\n ?s <p>? ?o }'
    body = _where(bind_terms(q, {"s": A}))
    assert body == f' ?sx <p?s> "?s" . # ?s\n <{A}> <p>? ?o }}'


def test_literals_are_escaped_and_blank_nodes_refused() -> None:
    attack = Literal('x" } ; DROP ALL ; SELECT * WHERE { ?a ?b "')
    text = bind_terms("SELECT ?o WHERE { ?s ?p ?o }", {"o": attack})
    assert _where(text) == f" ?s ?p {attack.n3()} }}"
    from rdflib import BNode

    with pytest.raises(BadInputError):
        bind_terms("SELECT ?o WHERE { ?s ?p ?o }", {"o": BNode()})


def test_bound_optional_sees_the_term_on_every_store(store: Store) -> None:
    """An OPTIONAL whose own group does not bind the parameter still joins on it."""
    rec = URIRef(
        "https://w3id.org/hjemmel/anbefaling/virksomhetsleder-skal-sorge-for-at-praksis-i-"
        "egen-virksomhet-regelmessig-vurderes-opp-mot-nasjonale-faglige-rad-og-anbefalinger"
    )
    rows = store.select(
        "SELECT ?r ?t WHERE { { BIND(1 AS ?one) OPTIONAL { ?r "
        "<http://purl.org/dc/terms/title> ?t } } }",
        {"r": rec},
    )
    assert len(rows) == 1
    assert rows[0]["r"] == rec
    assert str(rows[0]["t"]).startswith("Virksomhetsleder skal")
