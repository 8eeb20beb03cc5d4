"""Dereferenceable IRIs, the ontology and shapes documents and the VoID description, on
each store kind (read-only checks against the bundled graph)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from graph.model.vocab import BASE, HJ, ONTOLOGY_GRAPH, SH, SHAPES_GRAPH
from graph.settings import Settings
from graph.store import Store
from service.app import create_app

VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
SKAL = URIRef(BASE + "styrke/skal")
NLOD = URIRef("https://data.norge.no/nlod/no/2.0")
RDF_FORMATS = {
    "text/turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
    "application/n-triples": "nt",
}
FORMAT_NAMES = {"ttl": "turtle", "jsonld": "json-ld", "rdf": "xml", "nt": "nt"}
KINDS_QUERY = """
PREFIX hj: <https://w3id.org/hjemmel/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?kind (MIN(STR(?s)) AS ?example) WHERE {
  VALUES ?kind {
    hj:Recommendation hj:NormativeProduct hj:ProductChapter hj:Provision hj:Subsection
    hj:Point hj:LegalAct hj:Actor hj:TargetGroup hj:SourceDocument hj:ProductStatus
    hj:Strength hj:Objection
  }
  ?s a/rdfs:subClassOf* ?kind .
  FILTER(STRSTARTS(STR(?s), "https://w3id.org/hjemmel/"))
}
GROUP BY ?kind
"""


def _path(iri: str) -> str:
    assert iri.startswith(BASE)
    return "/" + iri[len(BASE) :]


def _own_statements(store: Store, iri: URIRef) -> set[tuple[URIRef, object]]:
    rows = store.select("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", {"s": iri})
    return {(r["p"], r["o"]) for r in rows if not isinstance(r["o"], BNode)}


def _error(response: object, status: int) -> dict[str, str]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body["error"]) == {"code", "message"}
    return body["error"]


# -- resources -------------------------------------------------------------------------


@pytest.mark.parametrize("accept", [None, "*/*", *RDF_FORMATS])
def test_concept_in_each_rdf_format(client: object, store: Store, accept: str | None) -> None:
    response = client.get(_path(SKAL), headers={"Accept": accept} if accept else {})
    assert response.status_code == 200
    media_type = response.headers["content-type"].split(";")[0]
    assert media_type == (accept if accept in RDF_FORMATS else "text/turtle")
    assert "Accept" in response.headers["vary"]
    graph = Graph().parse(data=response.content, format=RDF_FORMATS[media_type])
    own = _own_statements(store, SKAL)
    assert own, "styrke/skal is declared in ontology/concepts.ttl"
    assert own <= set(graph.predicate_objects(SKAL))
    assert (SKAL, RDF.type, SKOS.Concept) in graph


@pytest.mark.parametrize("name", ["ttl", "jsonld", "rdf", "nt"])
def test_format_parameter_overrides_accept(client: object, name: str) -> None:
    response = client.get(_path(SKAL), params={"format": name}, headers={"Accept": "text/html"})
    assert response.status_code == 200
    graph = Graph().parse(data=response.content, format=FORMAT_NAMES[name])
    assert (SKAL, RDF.type, SKOS.Concept) in graph


def test_browser_gets_html_with_the_label(client: object, store: Store) -> None:
    labels = {
        str(o)
        for o in store.construct(
            "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {"s": SKAL, "p": SKOS.prefLabel}
        ).objects(SKAL, SKOS.prefLabel)
        if isinstance(o, Literal) and o.language == "nb"
    }
    response = client.get(
        _path(SKAL), headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    )
    assert response.headers["content-type"].startswith("text/html")
    assert labels and any(f"<h1>{label}</h1>" in response.text for label in labels)


def test_links_are_labelled_in_the_description(client: object, store: Store) -> None:
    rows = store.select(
        """PREFIX hj: <https://w3id.org/hjemmel/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?r ?label WHERE { ?r hj:strength ?s . ?s skos:prefLabel ?label }
        ORDER BY ?r LIMIT 1"""
    )
    assert rows, "the bundled graph has recommendations with a strength"
    response = client.get(_path(str(rows[0]["r"])), headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=response.content, format="turtle")
    strength = graph.value(rows[0]["r"], HJ.strength)
    assert rows[0]["label"] in set(graph.objects(strength, SKOS.prefLabel))


def test_every_kind_of_resource_dereferences(client: object, store: Store) -> None:
    examples = {str(r["kind"]): str(r["example"]) for r in store.select(KINDS_QUERY)}
    assert len(examples) >= 5, examples
    for kind, iri in examples.items():
        response = client.get(_path(iri), headers={"Accept": "text/turtle"})
        assert response.status_code == 200, (kind, iri, response.text[:300])
        graph = Graph().parse(data=response.content, format="turtle")
        assert _own_statements(store, URIRef(iri)) <= set(graph.predicate_objects(URIRef(iri)))
        html = client.get(_path(iri), params={"format": "html"})
        assert html.status_code == 200 and "<h1>" in html.text


def test_provision_page_lists_what_rests_on_it(client: object, store: Store) -> None:
    rows = store.select(
        """PREFIX hj: <https://w3id.org/hjemmel/ontology#>
        SELECT ?provision ?resource WHERE {
          ?provision a hj:Provision . ?target hj:partOf* ?provision .
          ?resource hj:legalBasis ?target .
        } ORDER BY ?provision ?resource LIMIT 1"""
    )
    assert rows, "the bundled graph has a provision that something rests on"
    response = client.get(
        _path(str(rows[0]["provision"])), params={"view": "data"}, headers={"Accept": "text/html"}
    )
    section = response.text.split('<section class="rests-on"', 1)[1].split("</section>", 1)[0]
    assert "Hva hviler på denne" in section
    assert f'href="{_path(str(rows[0]["resource"]))}"' in section


def test_named_graph_iri_describes_its_size(client: object, store: Store) -> None:
    response = client.get(_path(str(ONTOLOGY_GRAPH)), headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=response.content, format="turtle")
    assert graph.value(ONTOLOGY_GRAPH, VOID.triples).toPython() == store.count(ONTOLOGY_GRAPH)


def test_unknown_iri_is_404_and_bad_accept_is_406(client: object) -> None:
    assert _error(client.get("/anbefaling/finnes-ikke-i-grafen"), 404)["code"] == "not_found"
    assert _error(client.get(_path(SKAL), headers={"Accept": "image/png"}), 406)["code"] == (
        "unsupported_format"
    )


def test_service_routes_are_not_taken_by_linked_data(client: object) -> None:
    assert client.get("/health").json()["status"] == "ok"
    assert client.get("/openapi.json").json()["info"]["title"] == "hjemmel"
    assert client.get("/docs").status_code == 200
    assert client.get("/static/style.css").status_code == 200


@pytest.fixture
def percent_client(empty_store: Store) -> Iterator[TestClient]:
    product = URIRef(BASE + "produkt/p%C3%A5r%C3%B8rende-veileder")
    graph = Graph()
    graph.add((product, RDF.type, HJ.NationalGuide))
    graph.add((product, DCTERMS.title, Literal("Pårørendeveileder", lang="nb")))
    empty_store.replace_graph(URIRef(BASE + "graf/test"), graph)
    with TestClient(create_app(Settings(store_path=None), store=empty_store)) as c:
        yield c


def test_percent_encoded_iris_dereference(percent_client: TestClient) -> None:
    response = percent_client.get(
        "/produkt/p%C3%A5r%C3%B8rende-veileder", headers={"Accept": "text/turtle"}
    )
    assert response.status_code == 200, response.text
    graph = Graph().parse(data=response.content, format="turtle")
    product = URIRef(BASE + "produkt/p%C3%A5r%C3%B8rende-veileder")
    assert graph.value(product, DCTERMS.title) == Literal("Pårørendeveileder", lang="nb")
    html = percent_client.get("/produkt/p%C3%A5r%C3%B8rende-veileder?format=html")
    assert "<h1>Pårørendeveileder</h1>" in html.text


# -- ontology and shapes ---------------------------------------------------------------


@pytest.mark.parametrize(
    "path,graph_name", [("/ontology", ONTOLOGY_GRAPH), ("/shapes", SHAPES_GRAPH)]
)
@pytest.mark.parametrize("accept", list(RDF_FORMATS))
def test_documents_in_each_rdf_format(
    client: object, store: Store, path: str, graph_name: URIRef, accept: str
) -> None:
    response = client.get(path, headers={"Accept": accept})
    assert response.status_code == 200
    graph = Graph().parse(data=response.content, format=RDF_FORMATS[accept])
    assert len(graph) == store.count(graph_name) > 0


def test_ontology_page_shows_terms_with_labels(client: object, store: Store) -> None:
    ontology = store.triples_in(ONTOLOGY_GRAPH)
    label = next(
        o
        for o in ontology.objects(
            HJ.legalBasis, URIRef("http://www.w3.org/2000/01/rdf-schema#label")
        )
        if o.language == "nb"
    )
    response = client.get("/ontology", headers={"Accept": "text/html"})
    assert response.status_code == 200
    term = response.text.split('id="legalBasis"', 1)[1].split("</article>", 1)[0]
    assert str(label) in term


def test_shapes_page_shows_severity_and_messages(client: object, store: Store) -> None:
    shapes = store.triples_in(SHAPES_GRAPH)
    messages = [str(m) for m in shapes.objects(None, SH.message) if m.language in ("nb", None)]
    response = client.get("/shapes", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert 'class="severity' in response.text
    assert messages and all(m in response.text for m in messages[:5])


# -- VoID -----------------------------------------------------------------------------


def test_void_counts_equal_the_store(client: object, store: Store) -> None:
    response = client.get("/.well-known/void")
    assert response.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=response.content, format="turtle")
    dataset = next(graph.subjects(RDF.type, DCAT.Dataset))
    assert (dataset, RDF.type, VOID.Dataset) in graph
    assert graph.value(dataset, VOID.triples).toPython() == store.count()
    assert graph.value(dataset, VOID.sparqlEndpoint) == URIRef("http://testserver/sparql")
    assert str(graph.value(dataset, VOID.uriSpace)) == BASE
    assert (dataset, DCTERMS.license, NLOD) in graph
    assert (dataset, VOID.vocabulary, URIRef(str(HJ))) in graph
    linksets = set(graph.subjects(RDF.type, VOID.Linkset))
    subsets = set(graph.objects(dataset, VOID.subset)) - linksets
    # one subset per graph outside Lovdata, one for all of Lovdata's graphs
    lovdata_all = URIRef(BASE + "graf/lovdata/")
    names = store.graph_names()
    lovdata = [g for g in names if str(g).startswith(str(lovdata_all))]
    assert lovdata
    assert subsets == {g for g in names if g not in lovdata} | {lovdata_all}
    for subset in subsets - {lovdata_all}:
        assert graph.value(subset, VOID.triples).toPython() == store.count(subset)
    assert graph.value(lovdata_all, VOID.triples).toPython() == sum(store.count(g) for g in lovdata)
    assert f"{len(lovdata)} lover og forskrifter" in str(graph.value(lovdata_all, DCTERMS.title))
    assert (lovdata_all, DCTERMS.license, NLOD) in graph
    # the size of each of Lovdata's graphs is kept in graf/statistikk for SPARQL clients
    rows = store.select(
        "SELECT ?g ?n WHERE { GRAPH <https://w3id.org/hjemmel/graf/statistikk> { "
        "<https://w3id.org/hjemmel/graf/lovdata/> <http://rdfs.org/ns/void#subset> ?g . "
        "?g <http://rdfs.org/ns/void#triples> ?n } }"
    )
    assert {row["g"]: int(row["n"]) for row in rows} == {g: store.count(g) for g in lovdata}
    classes = {
        graph.value(p, VOID["class"]): graph.value(p, VOID.entities).toPython()
        for p in graph.objects(dataset, VOID.classPartition)
    }
    recommendations = store.select(
        "SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE "
        "{ ?r a <https://w3id.org/hjemmel/ontology#Recommendation> }"
    )
    assert classes[HJ.Recommendation] == int(recommendations[0]["n"]) > 0


def test_void_as_json_ld(client: object, store: Store) -> None:
    response = client.get("/.well-known/void", headers={"Accept": "application/ld+json"})
    graph = Graph().parse(data=response.content, format="json-ld")
    dataset = next(graph.subjects(RDF.type, VOID.Dataset, unique=True))
    assert graph.value(next(graph.subjects(RDF.type, DCAT.Dataset)), VOID.triples).toPython() == (
        store.count()
    )
    assert dataset is not None


def test_front_page_counts(client: object, store: Store) -> None:
    response = client.get("/", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert f'data-count="triples">{store.count()}<' in response.text
    rdf = client.get("/", headers={"Accept": "text/turtle"}, follow_redirects=False)
    assert rdf.status_code == 303 and rdf.headers["location"].endswith("/.well-known/void")
