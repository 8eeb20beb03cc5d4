"""The seeded benchmark corpus: the same corpus for the same seed, synthetic names only,
legal bases on real provisions of the store it is added to, products sharing provisions."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from graph.importers.bundled import load_bundled
from graph.model.vocab import HJ, RDF, STRENGTH
from graph.store.embedded import EmbeddedStore

sys.path.insert(0, str(Path(__file__).parent / "benchmarks"))

from national_corpus import add_corpus, corpus_graphs, provision_pool


@pytest.fixture(scope="module")
def pool() -> list[str]:
    store = EmbeddedStore()
    load_bundled(store)
    found = provision_pool(store)
    store.close()
    return found


def _parse(graphs: list[tuple[URIRef, str]]) -> Graph:
    g = Graph()
    for _, text in graphs:
        g.parse(data=text, format="nt")
    return g


def test_same_seed_same_corpus_other_seed_other(pool: list[str]) -> None:
    first = list(corpus_graphs(300, pool, seed=7))
    assert first == list(corpus_graphs(300, pool, seed=7))
    assert first != list(corpus_graphs(300, pool, seed=8))


def test_counts_names_and_bases(pool: list[str]) -> None:
    graphs = list(corpus_graphs(1000, pool))
    g = _parse(graphs)
    recommendations = set(g.subjects(RDF.type, HJ.Recommendation))
    assert len(recommendations) == 1000
    assert len(graphs) == 10
    subjects = {str(s) for s in g.subjects()}
    assert all("syntetisk" in s for s in subjects)
    bases = {str(o) for o in g.objects(None, HJ.legalBasis)}
    assert bases and bases <= set(pool)
    strengths = {o for o in g.objects(None, HJ.strength)}
    assert strengths == {STRENGTH.skal, STRENGTH.bor, STRENGTH.kan, STRENGTH.uavklart}
    unfounded = [
        r
        for r in recommendations
        if (r, HJ.strength, STRENGTH.skal) in g and (r, HJ.legalBasis, None) not in g
    ]
    assert 0 < len(unfounded) < 50


def test_products_share_provisions_across_products(pool: list[str]) -> None:
    g = _parse(list(corpus_graphs(2000, pool)))
    products_by_basis: dict[str, set[str]] = {}
    for rec, basis in g.subject_objects(HJ.legalBasis):
        product = str(g.value(rec, HJ.product))
        products_by_basis.setdefault(str(basis), set()).add(product)
    assert sum(1 for products in products_by_basis.values() if len(products) > 1) >= 10


def test_added_to_a_store_with_its_load_recorded(pool: list[str]) -> None:
    store = EmbeddedStore()
    load_bundled(store)
    before = len(store.graph_names())
    corpus = add_corpus(store, 250, batch=4)
    assert corpus.products == 10
    assert len(store.graph_names()) == before + 10
    rows = store.select(
        "SELECT (COUNT(?r) AS ?n) WHERE { ?r a <https://w3id.org/hjemmel/ontology#Recommendation> "
        "FILTER(CONTAINS(STR(?r), 'syntetisk')) }"
    )
    assert int(rows[0]["n"]) == 250
    store.close()
