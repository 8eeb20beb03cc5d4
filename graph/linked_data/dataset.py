"""The description of the service and the dataset: the SPARQL 1.1 service description and
the VoID/DCAT description with one subset per named graph outside Lovdata and one for all
of Lovdata's (their figures come from ``graf/statistikk``:
:mod:`graph.questions.void_statistics`)."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, VOID

from graph.linked_data.common import HELSEDIR, LOVDATA, NLOD, serialize
from graph.model.vocab import BASE, ELI, ELI_GRAPH, FORMATS, GRAPH, HJ, ORG, SD, SH
from graph.questions.void_statistics import DatasetStatistics, statistics
from graph.store import RdfFormat, ResultsFormat, Store
from graph.store.version_cache import cached_per_version

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


VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
LOVDATA_ELI = URIRef("https://lovdata.no/eli/")
"""Lovdata's ELI URI space, the target of the owl:sameAs linkset."""
_EU = "http://publications.europa.eu/resource/authority/"
_IANA = "https://www.iana.org/assignments/media-types/"
THEMES = (URIRef(_EU + "data-theme/HEAL"), URIRef(_EU + "data-theme/JUST"))
"""EU data themes (DCAT-AP-NO dcat:theme): health, and justice and the legal system."""
KEYWORDS = ("hjemmel", "lovhjemmel", "helserett", "normerende produkter", "Lovdata", "ELI")


def _dcat_ap_no(
    graph: Graph,
    dataset: URIRef,
    dump: str | None,
    publisher: str | None,
    publisher_name: str | None,
    contact_email: str | None,
) -> None:
    """The fields data.norge.no reads for a dataset, where they can be stated truthfully:
    publisher and contact point only when configured."""
    for theme in THEMES:
        graph.add((dataset, DCAT.theme, theme))
    for keyword in KEYWORDS:
        graph.add((dataset, DCAT.keyword, Literal(keyword, lang="nb")))
    graph.add((dataset, DCTERMS.language, URIRef(_EU + "language/NOB")))
    graph.add((dataset, DCTERMS.accessRights, URIRef(_EU + "access-right/PUBLIC")))
    graph.add((dataset, DCTERMS.identifier, Literal(str(dataset))))
    if publisher:
        agent = URIRef(publisher)
        graph.add((dataset, DCTERMS.publisher, agent))
        graph.add((agent, RDF.type, FOAF.Agent))
        if publisher_name:
            graph.add((agent, FOAF.name, Literal(publisher_name, lang="nb")))
    if contact_email:
        contact = BNode("contact")
        graph.add((dataset, DCAT.contactPoint, contact))
        graph.add((contact, RDF.type, VCARD.Organization))
        graph.add((contact, VCARD.hasEmail, URIRef("mailto:" + contact_email)))
    if dump:
        url = URIRef(dump)
        graph.add((dataset, VOID.dataDump, url))
        distribution = BNode("dump")
        graph.add((dataset, DCAT.distribution, distribution))
        graph.add((distribution, RDF.type, DCAT.Distribution))
        graph.add((distribution, DCTERMS.title, Literal("Hele datasettet som N-Quads", lang="nb")))
        graph.add((distribution, DCAT.downloadURL, url))
        graph.add((distribution, DCAT.accessURL, url))
        graph.add((distribution, DCAT.mediaType, URIRef(_IANA + "application/n-quads")))
        graph.add((distribution, DCAT.compressFormat, URIRef(_IANA + "application/gzip")))
        graph.add((distribution, DCTERMS["format"], URIRef(_EU + "file-type/RDF_N_QUADS")))
        graph.add((distribution, DCTERMS.license, NLOD))


_LINKSETS = {
    OWL.sameAs: ("sameAs", LOVDATA_ELI, "Samme lov hos Lovdata (ELI)"),
    RDFS.seeAlso: ("seeAlso", LOVDATA, "Lov og paragraf på lovdata.no"),
}


def _links(graph: Graph, stats: DatasetStatistics, dataset: URIRef) -> None:
    """Linksets to Lovdata's ELI URIs and to lovdata.no, the date of the last load or
    import, and example resources."""
    if stats.modified is not None:
        graph.add((dataset, DCTERMS.modified, stats.modified))
    for example in stats.examples:
        graph.add((dataset, VOID.exampleResource, example))
    for predicate, count in stats.linksets:
        if predicate not in _LINKSETS or not count:
            continue
        key, target, title = _LINKSETS[predicate]
        linkset = URIRef(f"{_dataset_base(dataset)}#linkset-{key}")
        graph.add((dataset, VOID.subset, linkset))
        graph.add((linkset, RDF.type, VOID.Linkset))
        graph.add((linkset, DCTERMS.title, Literal(title, lang="nb")))
        graph.add((linkset, VOID.linkPredicate, predicate))
        graph.add((linkset, VOID.subjectsTarget, dataset))
        graph.add((linkset, VOID.objectsTarget, target))
        graph.add((linkset, VOID.triples, Literal(count)))
        graph.add((linkset, DCTERMS.source, ELI_GRAPH))
        graph.add((target, RDF.type, VOID.Dataset))


def _dataset_base(dataset: URIRef) -> str:
    return str(dataset).split("#", 1)[0]


def dataset_graph(
    store: Store,
    *,
    dataset_iri: str,
    sparql_endpoint: str,
    home: str,
    dump: str | None = None,
    publisher: str | None = None,
    publisher_name: str | None = None,
    contact_email: str | None = None,
) -> Graph:
    """The VoID and DCAT description of the dataset: its size, endpoint, dump, IRI space,
    vocabularies, subsets with their size, licence and sources (one per named graph outside
    Lovdata, one for all of Lovdata's), linksets to Lovdata and ELI, and the DCAT-AP-NO
    fields; the figures are those the last load or import stored."""
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
    stats = statistics(store)
    graph.add((dataset, VOID.triples, Literal(stats.triples)))
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
    for subset in stats.subsets:
        name = subset.iri
        graph.add((dataset, VOID.subset, name))
        graph.add((name, RDF.type, VOID.Dataset))
        graph.add((name, VOID.triples, Literal(subset.triples)))
        if subset.title:
            graph.add((name, DCTERMS.title, Literal(subset.title, lang="nb")))
        source = _graph_source(str(name))
        if source is not None:
            graph.add((name, DCTERMS.source, source))
            graph.add((name, DCTERMS.license, NLOD))
    _dcat_ap_no(graph, dataset, dump, publisher, publisher_name, contact_email)
    _links(graph, stats, dataset)
    for cls, entities in stats.classes:
        partition = BNode()
        graph.add((dataset, VOID.classPartition, partition))
        graph.add((partition, VOID["class"], cls))
        graph.add((partition, VOID.entities, Literal(entities)))
    return graph


def dataset_description(
    store: Store,
    *,
    dataset_iri: str,
    sparql_endpoint: str,
    home: str,
    fmt: RdfFormat,
    dump: str | None = None,
    publisher: str | None = None,
    publisher_name: str | None = None,
    contact_email: str | None = None,
) -> bytes:
    """:func:`dataset_graph` serialised in ``fmt``, kept per store version."""
    key = (
        "void",
        dataset_iri,
        sparql_endpoint,
        home,
        fmt,
        dump,
        publisher,
        publisher_name,
        contact_email,
    )
    return cached_per_version(
        store,
        key,
        lambda: serialize(
            dataset_graph(
                store,
                dataset_iri=dataset_iri,
                sparql_endpoint=sparql_endpoint,
                home=home,
                dump=dump,
                publisher=publisher,
                publisher_name=publisher_name,
                contact_email=contact_email,
            ),
            fmt,
        ),
    )
