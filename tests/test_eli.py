"""ELI in the data (graf/eli, derived at load) and the dataset dumps: an ELI client that
knows nothing of hj: finds acts, walks to their provisions and to what rests on them, and
the whole dataset downloads as gzipped N-Quads."""

from __future__ import annotations

import gzip

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, RDF, RDFS, VOID

from graph.importers.bundled import load_bundled
from graph.importers.entailment import refresh_eli
from graph.model.iris import lovdata_graph, ref_to_iri
from graph.model.vocab import ELI_GRAPH, HJ
from graph.store import Store

ELI_PREFIX = "PREFIX eli: <http://data.europa.eu/eli/ontology#>\n"
HOL = ref_to_iri("lov/2011-06-24-30")
HOL_12_5 = ref_to_iri("lov/2011-06-24-30/§12-5")
PRIORITERING = URIRef(
    "https://w3id.org/hjemmel/produkt/"
    "nasjonal-veileder-for-prioriteringer-i-kommunale-helse-og-omsorgstjenester"
)


def _number(store: Store, query: str) -> int:
    [row] = store.select(ELI_PREFIX + query)
    return int(str(row["n"]))


def test_eli_types_and_relations_are_in_the_data(store: Store) -> None:
    acts = _number(
        store,
        "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a eli:LegalResource "
        "FILTER NOT EXISTS { ?s a eli:LegalResourceSubdivision } }",
    )
    provisions = _number(
        store, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a eli:LegalResourceSubdivision }"
    )
    hj_provisions = _number(
        store,
        "PREFIX hj: <https://w3id.org/hjemmel/ontology#>\n"
        "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a hj:Provision }",
    )
    assert acts >= 12
    assert provisions > hj_provisions > 1000
    for prop in ("is_part_of", "has_part", "based_on", "cites"):
        assert _number(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s eli:{prop} ?o }}") > 0, prop
    # eli:has_part is the inverse of eli:is_part_of
    assert store.ask(ELI_PREFIX + "ASK { ?p eli:is_part_of ?w }")
    assert not store.ask(
        ELI_PREFIX + "ASK { ?p eli:is_part_of ?w FILTER NOT EXISTS { ?w eli:has_part ?p } }"
    )
    # an ELI object property never gets a literal (hj:ministry is a datatype property)
    assert not store.ask(ELI_PREFIX + "ASK { ?s eli:responsibility_of ?o }")


def test_an_eli_client_walks_act_provision_and_what_rests_on_it(store: Store) -> None:
    rows = store.select(
        ELI_PREFIX
        + """SELECT DISTINCT ?act ?provision ?dependent WHERE {
          ?act owl:sameAs <https://lovdata.no/eli/lov/2011/06/24/30/nor> ;
               a eli:LegalResource .
          ?provision eli:is_part_of+ ?act ; eli:number "12-5" .
          ?part eli:is_part_of* ?provision .
          ?dependent eli:based_on ?part .
        }""".replace("SELECT", "PREFIX owl: <http://www.w3.org/2002/07/owl#>\nSELECT", 1)
    )
    found = {(r["act"], r["provision"], r["dependent"]) for r in rows}
    assert (HOL, HOL_12_5, PRIORITERING) in found


def test_acts_and_provisions_link_to_lovdata(store: Store) -> None:
    assert store.ask(
        "ASK { ?act <http://www.w3.org/2002/07/owl#sameAs> ?eli }",
        {"act": HOL, "eli": URIRef("https://lovdata.no/eli/lov/2011/06/24/30/nor")},
    )
    assert store.ask(
        "ASK { GRAPH ?g { ?act <http://www.w3.org/2002/07/owl#sameAs> ?eli } }",
        {
            "g": ELI_GRAPH,
            "act": ref_to_iri("forskrift/2016-10-28-1250"),
            "eli": URIRef("https://lovdata.no/eli/forskrift/2016/10/28/1250/nor"),
        },
    )
    see_also = {
        r["page"]
        for r in store.select(
            "SELECT ?page WHERE { ?p <http://www.w3.org/2000/01/rdf-schema#seeAlso> ?page }",
            {"p": HOL_12_5},
        )
    }
    assert see_also == {URIRef("https://lovdata.no/lov/2011-06-24-30/§12-5")}
    # no owl:sameAs for provisions: Lovdata's data shows no ELI form for them
    assert not store.ask("ASK { ?p <http://www.w3.org/2002/07/owl#sameAs> ?x }", {"p": HOL_12_5})


@pytest.fixture(params=["embedded", "oxigraph"])
def target_store(request: pytest.FixtureRequest) -> Store:
    return request.getfixturevalue(f"empty_{request.param}_store")


def test_reloading_and_refreshing_do_not_duplicate(target_store: Store) -> None:
    report = load_bundled(target_store)
    derived = target_store.count(ELI_GRAPH)
    total = target_store.count()
    assert report.graphs[str(ELI_GRAPH)] == derived > 10_000
    assert refresh_eli(target_store) == derived
    load_bundled(target_store)
    assert target_store.count(ELI_GRAPH) == derived
    assert target_store.count() == total


def test_refresh_follows_a_dropped_act(empty_store: Store, shared_data: object) -> None:
    """Dropping an act and refreshing removes its ELI statements; the ontology drives it."""
    load_bundled(empty_store)
    act = ref_to_iri("lov/2014-06-20-42")
    query = "ASK { GRAPH ?g { ?a a <http://data.europa.eu/eli/ontology#LegalResource> } }"
    assert empty_store.ask(query, {"g": ELI_GRAPH, "a": act})
    empty_store.drop_graph(lovdata_graph("lov/2014-06-20-42"))
    refresh_eli(empty_store)
    assert not empty_store.ask(query, {"g": ELI_GRAPH, "a": act})


def test_without_the_ontology_nothing_is_derived(empty_store: Store) -> None:
    g = Graph()
    g.add((HOL, RDF.type, HJ.Act))
    g.add(
        (HOL, URIRef("https://w3id.org/hjemmel/ontology#lovdataRef"), Literal("lov/2011-06-24-30"))
    )
    empty_store.replace_graph(lovdata_graph("lov/2011-06-24-30"), g)
    assert refresh_eli(empty_store) == 0
    assert empty_store.graph_names() == [lovdata_graph("lov/2011-06-24-30")]


# -- dumps ---------------------------------------------------------------------------------


def test_dump_is_the_whole_dataset_as_gzipped_nquads(client: object, store: Store) -> None:
    response = client.get("/dump")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/gzip"
    assert 'filename="hjemmel.nq.gz"' in response.headers["content-disposition"]
    raw = gzip.decompress(response.content)
    dataset = Dataset()
    dataset.parse(data=raw, format="nquads")
    graphs = {URIRef(g.identifier): len(g) for g in dataset.graphs() if len(g)}
    assert sum(graphs.values()) == store.count()
    assert set(graphs) == set(store.graph_names())
    assert ELI_GRAPH in graphs


def test_dump_of_one_graph(client: object, store: Store) -> None:
    response = client.get("/dump/lovdata/lov/2011-06-24-30")
    assert response.status_code == 200
    raw = gzip.decompress(response.content)
    dataset = Dataset()
    dataset.parse(data=raw, format="nquads")
    [graph] = [g for g in dataset.graphs() if len(g)]
    assert graph.identifier == lovdata_graph("lov/2011-06-24-30")
    assert len(graph) == store.count(lovdata_graph("lov/2011-06-24-30"))
    assert client.get("/dump/lovdata/lov/1900-01-01-1").status_code == 404


def test_void_has_dump_links_examples_and_dcat_ap_no(client: object, store: Store) -> None:
    response = client.get("/.well-known/void")
    graph = Graph().parse(data=response.content, format="turtle")
    dataset = next(graph.subjects(RDF.type, DCAT.Dataset))
    assert graph.value(dataset, VOID.dataDump) == URIRef("http://testserver/dump")
    distributions = set(graph.objects(dataset, DCAT.distribution))
    assert any(
        graph.value(d, DCAT.downloadURL) == URIRef("http://testserver/dump") for d in distributions
    )
    assert graph.value(dataset, DCTERMS.modified) is not None
    examples = set(graph.objects(dataset, VOID.exampleResource))
    assert len(examples) >= 3
    for example in examples:
        assert store.ask("ASK { ?s ?p ?o }", {"s": example})
    linksets = {
        graph.value(ls, VOID.linkPredicate): ls for ls in graph.subjects(RDF.type, VOID.Linkset)
    }
    assert set(linksets) == {OWL.sameAs, RDFS.seeAlso}
    assert graph.value(linksets[OWL.sameAs], VOID.objectsTarget) == URIRef(
        "https://lovdata.no/eli/"
    )
    assert graph.value(linksets[OWL.sameAs], VOID.triples).toPython() >= 14
    assert (dataset, DCAT.theme, None) in graph and (dataset, DCAT.keyword, None) in graph
    assert (dataset, DCTERMS.language, None) in graph
