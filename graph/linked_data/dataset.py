"""The description of the service and the dataset: the SPARQL 1.1 service description and
the VoID/DCAT description with one subset per named graph."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, PROV, RDF, RDFS, SKOS, VOID

from graph.linked_data.common import HELSEDIR, LOVDATA, NLOD, serialize
from graph.model.vocab import BASE, ELI, FORMATS, GRAPH, HJ, ORG, SD, SH
from graph.questions.named import run_query
from graph.store import RdfFormat, ResultsFormat, Store

__all__ = ["dataset_description", "dataset_graph", "service_description"]


_RESULT_FORMAT_IRIS = {
    ResultsFormat.JSON: FORMATS.SPARQL_Results_JSON,
    ResultsFormat.XML: FORMATS.SPARQL_Results_XML,
    ResultsFormat.CSV: FORMATS.SPARQL_Results_CSV,
    ResultsFormat.TSV: FORMATS.SPARQL_Results_TSV,
}
_RDF_FORMAT_IRIS = {
    RdfFormat.TURTLE: FORMATS.Turtle,
    RdfFormat.NTRIPLES: FORMATS["N-Triples"],
    RdfFormat.JSONLD: FORMATS["JSON-LD"],
    RdfFormat.RDFXML: FORMATS.RDF_XML,
}


def service_description(store: Store, endpoint: str, fmt: RdfFormat) -> bytes:
    """The SPARQL 1.1 service description of the endpoint at ``endpoint``."""
    graph = Graph()
    service = URIRef(endpoint)
    dataset = BNode("dataset")
    default = BNode("defaultGraph")
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, service))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    graph.add((service, SD.feature, SD.BasicFederatedQuery))
    for iri in (*_RESULT_FORMAT_IRIS.values(), *_RDF_FORMAT_IRIS.values()):
        graph.add((service, SD.resultFormat, iri))
    graph.add((service, DCTERMS.title, Literal("hjemmel SPARQL-endepunkt", lang="nb")))
    graph.add((service, DCTERMS.title, Literal("hjemmel SPARQL endpoint", lang="en")))
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    graph.add(
        (
            default,
            RDFS.comment,
            Literal("Standardgrafen er unionen av alle navngitte grafer.", lang="nb"),
        )
    )
    graph.add(
        (
            default,
            RDFS.comment,
            Literal("The default graph is the union of all named graphs.", lang="en"),
        )
    )
    for name in store.graph_names():
        named = BNode()
        graph.add((dataset, SD.namedGraph, named))
        graph.add((named, RDF.type, SD.NamedGraph))
        graph.add((named, SD.name, name))
    return serialize(graph, fmt)


def _graph_source(name: str) -> URIRef | None:
    if name.startswith(str(GRAPH) + "lovdata/"):
        return LOVDATA
    if name.startswith(str(GRAPH) + "helsedir/"):
        return HELSEDIR
    return None


def dataset_graph(store: Store, *, dataset_iri: str, sparql_endpoint: str, home: str) -> Graph:
    """The VoID and DCAT description of the dataset: its size, endpoint, IRI space,
    vocabularies, one subset per named graph with its size, licence and sources."""
    graph = Graph()
    dataset = URIRef(dataset_iri)
    graph.add((dataset, RDF.type, VOID.Dataset))
    graph.add((dataset, RDF.type, DCAT.Dataset))
    graph.add((dataset, DCTERMS.title, Literal("hjemmel", lang="nb")))
    graph.add(
        (
            dataset,
            DCTERMS.description,
            Literal(
                "Kunnskapsgraf som gjør hjemmelen for Helsedirektoratets normerende produkter "
                "sporbar.",
                lang="nb",
            ),
        )
    )
    graph.add(
        (
            dataset,
            DCTERMS.description,
            Literal(
                "A knowledge graph tracing the legal basis of Helsedirektoratet's normative "
                "products.",
                lang="en",
            ),
        )
    )
    graph.add((dataset, DCTERMS.license, NLOD))
    graph.add((dataset, DCTERMS.source, LOVDATA))
    graph.add((dataset, DCTERMS.source, HELSEDIR))
    graph.add((dataset, FOAF.homepage, URIRef(home)))
    graph.add((dataset, VOID.sparqlEndpoint, URIRef(sparql_endpoint)))
    graph.add((dataset, VOID.uriSpace, Literal(BASE)))
    graph.add((dataset, VOID.triples, Literal(store.count())))
    for vocabulary in (HJ, ELI, PROV, SKOS, DCTERMS, ORG, SH):
        graph.add((dataset, VOID.vocabulary, URIRef(str(vocabulary))))
    service = URIRef(sparql_endpoint)
    distribution = BNode("sparql")
    graph.add((dataset, DCAT.distribution, distribution))
    graph.add((distribution, RDF.type, DCAT.Distribution))
    graph.add((distribution, DCAT.accessService, service))
    graph.add((service, RDF.type, DCAT.DataService))
    graph.add((service, DCAT.endpointURL, service))
    graph.add((service, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))
    for name in store.graph_names():
        graph.add((dataset, VOID.subset, name))
        graph.add((name, RDF.type, VOID.Dataset))
        graph.add((name, VOID.triples, Literal(store.count(name))))
        source = _graph_source(str(name))
        if source is not None:
            graph.add((name, DCTERMS.source, source))
            graph.add((name, DCTERMS.license, NLOD))
    for row in run_query(store, "void-class-partitions"):
        partition = BNode()
        graph.add((dataset, VOID.classPartition, partition))
        graph.add((partition, VOID["class"], row["class"]))
        graph.add((partition, VOID.entities, row["entities"]))
    return graph


def dataset_description(
    store: Store, *, dataset_iri: str, sparql_endpoint: str, home: str, fmt: RdfFormat
) -> bytes:
    """:func:`dataset_graph` serialised in ``fmt``."""
    return serialize(
        dataset_graph(store, dataset_iri=dataset_iri, sparql_endpoint=sparql_endpoint, home=home),
        fmt,
    )
