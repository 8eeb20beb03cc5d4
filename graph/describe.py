"""Descriptions of resources and of the dataset, as RDF bytes for linked-data clients and as
plain dicts for the HTML pages.

Everything returned here is free of rdflib types: IRIs and literals are strings, so the
service can render them without importing an RDF library.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, VOID, XSD
from rdflib.term import Node

from graph.errors import NotFoundError
from graph.iris import iri_to_ref
from graph.loading import ONTOLOGY_GRAPH, SHAPES_GRAPH
from graph.named_queries import get_query, run_query
from graph.store import RdfFormat, ResultsFormat, Row, Store
from graph.vocab import BASE, ELI, GRAPH, HJ, ORG, SH, STATUS, STRENGTH

__all__ = [
    "LABEL_PROPERTIES",
    "dataset_description",
    "describe_graph",
    "describe_resource",
    "document",
    "ontology_view",
    "overview",
    "resource_view",
    "serialize",
    "service_description",
    "shapes_view",
]

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
NLOD = URIRef("https://data.norge.no/nlod/no/2.0")
LOVDATA = URIRef("https://lovdata.no/")
HELSEDIR = URIRef("https://www.helsedirektoratet.no/")

LABEL_PROPERTIES = (RDFS.label, DCTERMS.title, SKOS.prefLabel)
_LANG_ORDER = ("nb", "no", "nn", "", "en")
_RDFLIB_FORMATS = {
    RdfFormat.TURTLE: "turtle",
    RdfFormat.NTRIPLES: "nt",
    RdfFormat.JSONLD: "json-ld",
    RdfFormat.RDFXML: "xml",
    RdfFormat.NQUADS: "nquads",
    RdfFormat.TRIG: "trig",
}
_PREFIXES = {
    "hj": HJ,
    "eli": ELI,
    "org": ORG,
    "sh": SH,
    "prov": PROV,
    "dcterms": DCTERMS,
    "skos": SKOS,
    "rdfs": RDFS,
    "rdf": RDF,
    "owl": OWL,
    "xsd": XSD,
    "void": VOID,
    "dcat": DCAT,
    "foaf": FOAF,
    "sd": SD,
    "styrke": STRENGTH,
    "status": STATUS,
    "graf": GRAPH,
}
# Named queries whose results become RDF are CONSTRUCTs, run with bound parameters.


def _construct(store: Store, name: str, **values: str) -> Graph:
    query = get_query(name)
    return store.construct(query.text, query.bindings(dict(values)))


def _bind_prefixes(graph: Graph) -> Graph:
    for prefix, namespace in _PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def serialize(graph: Graph, fmt: RdfFormat) -> bytes:
    """``graph`` in ``fmt``, UTF-8."""
    _bind_prefixes(graph)
    if fmt is RdfFormat.JSONLD:
        context = {p: str(ns) for p, ns in _PREFIXES.items()}
        return graph.serialize(format="json-ld", context=context, encoding="utf-8")
    return graph.serialize(format=_RDFLIB_FORMATS[fmt], encoding="utf-8")


# -- resources ---------------------------------------------------------------------------


def describe_graph(store: Store, iri: str) -> Graph:
    """The description of ``iri``: its own statements, the blank nodes below it, the
    labels of what it links to and up to 200 resources that link to it, with their labels.
    A named graph of the store is also described by its triple count.

    :raises NotFoundError: nothing is said about ``iri``, neither as subject nor as object.
    """
    return _describe(store, iri)[0]


def _describe(store: Store, iri: str) -> tuple[Graph, list[Row]]:
    resource = URIRef(iri)
    graph = _construct(store, "describe-resource", resource=iri)
    incoming = run_query(store, "describe-incoming", resource=resource)
    for row in incoming:
        graph.add((row["subject"], row["predicate"], resource))
        if "label" in row:
            graph.add((row["subject"], RDFS.label, row["label"]))
    if resource in set(store.graph_names()):
        graph.add((resource, RDF.type, VOID.Dataset))
        graph.add((resource, VOID.triples, Literal(store.count(resource))))
    if len(graph) == 0:
        raise NotFoundError(f"ingen opplysninger om / nothing known about <{iri}>")
    return graph, incoming


def describe_resource(store: Store, iri: str, fmt: RdfFormat) -> bytes:
    """:func:`describe_graph` serialised in ``fmt``.

    :raises NotFoundError: nothing is said about ``iri``.
    """
    return serialize(describe_graph(store, iri), fmt)


def _lang_rank(node: Node) -> int:
    lang = (getattr(node, "language", None) or "").lower()
    return _LANG_ORDER.index(lang) if lang in _LANG_ORDER else len(_LANG_ORDER)


def _best_literal(values: Iterable[Node]) -> str | None:
    literals = [v for v in values if isinstance(v, Literal)]
    if not literals:
        return None
    return str(min(literals, key=lambda v: (_lang_rank(v), str(v))))


def curie(iri: str) -> str:
    """A short name for an IRI: ``hj:legalBasis``, or the IRI itself.

    >>> curie("https://w3id.org/hjemmel/ontology#legalBasis")
    'hj:legalBasis'
    """
    best = ""
    for prefix, namespace in _PREFIXES.items():
        ns = str(namespace)
        if iri.startswith(ns) and len(ns) > len(best) and "/" not in iri[len(ns) :]:
            best = ns
            name = f"{prefix}:{iri[len(ns) :]}"
    return name if best else iri


class _Labels:
    """Labels of IRIs from one or more graphs, Bokmål first."""

    def __init__(self, *graphs: Graph) -> None:
        found: dict[Node, list[Node]] = defaultdict(list)
        for graph in graphs:
            for prop in (*LABEL_PROPERTIES,):
                for s, o in graph.subject_objects(prop):
                    found[s].append(o)
        self._labels = {s: _best_literal(v) for s, v in found.items()}

    def add(self, node: Node, label: Node) -> None:
        if isinstance(label, Literal):
            current = self._labels.get(node)
            candidates = [label] + ([Literal(current, lang="nb")] if current else [])
            self._labels[node] = _best_literal(candidates)

    def __call__(self, node: Node) -> str:
        label = self._labels.get(node)
        if label:
            return label
        return curie(str(node)) if isinstance(node, URIRef) else str(node)


def _term(node: Node, labels: _Labels, graph: Graph, depth: int = 0) -> dict[str, Any]:
    if isinstance(node, Literal):
        return {
            "kind": "literal",
            "value": str(node),
            "label": str(node),
            "lang": node.language or "",
            "datatype": curie(str(node.datatype)) if node.datatype else "",
        }
    if isinstance(node, BNode):
        return {
            "kind": "blank",
            "value": str(node),
            "label": labels(node),
            "properties": _properties(graph, node, labels, depth + 1) if depth < 3 else [],
        }
    return {"kind": "iri", "value": str(node), "label": labels(node)}


def _properties(
    graph: Graph, subject: Node, labels: _Labels, depth: int = 0, skip: Sequence[Node] = ()
) -> list[dict[str, Any]]:
    by_predicate: dict[Node, list[Node]] = defaultdict(list)
    for p, o in graph.predicate_objects(subject):
        if p not in skip:
            by_predicate[p].append(o)
    out = []
    for p in sorted(by_predicate, key=lambda p: (p != RDF.type, labels(p).lower())):
        values = sorted(by_predicate[p], key=lambda o: (_lang_rank(o), str(o)))
        out.append(
            {
                "predicate": {"kind": "iri", "value": str(p), "label": labels(p)},
                "objects": [_term(o, labels, graph, depth) for o in values],
            }
        )
    return out


def _quotes(graph: Graph, resource: URIRef, labels: _Labels) -> list[dict[str, Any]]:
    """The provenance quotes (``hj:quote``) on the resource, on the blank nodes below it and
    on reified statements about it; a statement's quote says which statement it backs."""
    holders: list[tuple[Node, dict[str, Any] | None]] = [(resource, None)]
    for o in graph.objects(resource):
        if isinstance(o, BNode):
            holders.append((o, None))
    for statement in graph.subjects(RDF.subject, resource):
        predicate = graph.value(statement, RDF.predicate)
        obj = graph.value(statement, RDF.object)
        about = None
        if predicate is not None and obj is not None:
            about = {
                "predicate": {"value": str(predicate), "label": labels(predicate)},
                "object": _term(obj, labels, graph, 3),
            }
        holders.append((statement, about))
        holders += [(o, about) for o in graph.objects(statement) if isinstance(o, BNode)]
    quotes = []
    seen: set[tuple[str, str]] = set()
    for holder, about in holders:
        sources = [
            o
            for p in (PROV.entity, PROV.hadPrimarySource, DCTERMS.source)
            for o in graph.objects(holder, p)
            if isinstance(o, URIRef)
        ]
        for quote in graph.objects(holder, HJ.quote):
            key = (str(quote), str(about))
            if key in seen:
                continue
            seen.add(key)
            quotes.append(
                {
                    "text": str(quote),
                    "about": about,
                    "sources": [_term(s, labels, graph, 3) for s in sources],
                }
            )
    return sorted(quotes, key=lambda q: (q["about"] is not None, q["text"]))


def _ref_label(iri: str) -> str:
    return iri_to_ref(iri) if iri.startswith(BASE) else curie(iri)


def _rests_on(store: Store, resource: URIRef, labels: _Labels) -> list[dict[str, Any]]:
    rows = run_query(store, "describe-rests-on", provision=resource)
    grouped: dict[tuple[Node, Node, Node], dict[str, Any]] = {}
    for row in rows:
        key = (row["resource"], row["predicate"], row["target"])
        entry = grouped.setdefault(
            key,
            {
                "resource": str(row["resource"]),
                "predicate": str(row["predicate"]),
                "predicate_label": labels(row["predicate"]),
                "target": str(row["target"]),
                "target_label": _ref_label(str(row["target"])),
                "labels": [],
                "types": set(),
                "strength": "",
            },
        )
        if "label" in row:
            entry["labels"].append(row["label"])
        if "type" in row:
            entry["types"].add(labels(row["type"]))
        if "strength" in row:
            entry["strength"] = labels(row["strength"])
    out = []
    for entry in grouped.values():
        entry["label"] = _best_literal(entry.pop("labels")) or curie(entry["resource"])
        entry["types"] = sorted(entry["types"])
        out.append(entry)
    return sorted(out, key=lambda e: (e["predicate"], e["label"].lower()))


def resource_view(store: Store, iri: str) -> dict[str, Any]:
    """What the HTML page of a resource shows: title, types, properties with labels,
    provenance quotes, the provision text, what rests on it and what links to it.

    :raises NotFoundError: nothing is said about ``iri``.
    """
    resource = URIRef(iri)
    graph, incoming_rows = _describe(store, iri)
    labels = _Labels(store.triples_in(ONTOLOGY_GRAPH), graph)
    count_rows = run_query(store, "describe-incoming-count", resource=resource)
    incoming: dict[tuple[str, str], dict[str, Any]] = {}
    for row in incoming_rows:
        if "label" in row:
            labels.add(row["subject"], row["label"])
    for row in incoming_rows:
        key = (str(row["predicate"]), str(row["subject"]))
        incoming[key] = {
            "predicate": {"value": key[0], "label": labels(row["predicate"])},
            "subject": {"kind": "iri", "value": key[1], "label": labels(row["subject"])},
        }
    own = [o for o in graph.objects(resource, None)]
    title = _best_literal(o for p in LABEL_PROPERTIES for o in graph.objects(resource, p))
    texts = sorted(graph.objects(resource, HJ.text), key=lambda o: (_lang_rank(o), str(o)))
    return {
        "iri": iri,
        "title": title or curie(iri),
        "types": [_term(t, labels, graph) for t in sorted(graph.objects(resource, RDF.type))],
        "text": [str(t) for t in texts],
        "properties": _properties(graph, resource, labels, skip=(RDF.type, HJ.text)),
        "quotes": _quotes(graph, resource, labels),
        "rests_on": _rests_on(store, resource, labels),
        "incoming": list(incoming.values()),
        "incoming_count": int(count_rows[0]["count"]) if count_rows else 0,
        "has_statements": bool(own),
        "lovdata_url": next((str(o) for o in graph.objects(resource, HJ.lovdataUrl)), ""),
    }


# -- whole documents: ontology and shapes ------------------------------------------------

_DOCUMENT_GRAPHS = {"ontology": ONTOLOGY_GRAPH, "shapes": SHAPES_GRAPH}


def document(store: Store, name: str, fmt: RdfFormat) -> bytes:
    """The ontology (``name="ontology"``) or the SHACL shapes (``"shapes"``) in ``fmt``.

    :raises NotFoundError: the store holds no such graph.
    """
    graph = store.triples_in(_DOCUMENT_GRAPHS[name])
    if len(graph) == 0:
        raise NotFoundError(f"{name}: ikke lastet / not loaded")
    return serialize(graph, fmt)


def _lang_values(graph: Graph, subject: Node, *props: URIRef) -> dict[str, str]:
    """Language → text, Bokmål first."""
    out: dict[str, str] = {}
    for prop in props:
        for o in sorted(graph.objects(subject, prop), key=_lang_rank):
            if isinstance(o, Literal):
                out.setdefault(o.language or "", str(o))
    return out


def _short(node: Node) -> dict[str, str]:
    iri = str(node)
    return {"value": iri, "label": curie(iri), "anchor": iri.split("#", 1)[1] if "#" in iri else ""}


def ontology_view(store: Store) -> dict[str, Any]:
    """Classes, properties and concept schemes of the ontology with nb/en labels and
    definitions.

    :raises NotFoundError: the ontology is not loaded.
    """
    graph = store.triples_in(ONTOLOGY_GRAPH)
    if len(graph) == 0:
        raise NotFoundError("ontologien er ikke lastet / the ontology is not loaded")

    def entry(term: Node) -> dict[str, Any]:
        labels = _lang_values(graph, term, RDFS.label, SKOS.prefLabel)
        definitions = _lang_values(graph, term, SKOS.definition, RDFS.comment)
        return {
            **_short(term),
            "label_nb": labels.get("nb") or labels.get("") or "",
            "label_en": labels.get("en", ""),
            "definition_nb": definitions.get("nb") or definitions.get("") or "",
            "definition_en": definitions.get("en", ""),
            "parents": [
                _short(o) for o in graph.objects(term, RDFS.subClassOf) if isinstance(o, URIRef)
            ]
            + [_short(o) for o in graph.objects(term, RDFS.subPropertyOf)],
            "domain": [
                _short(o) for o in graph.objects(term, RDFS.domain) if isinstance(o, URIRef)
            ],
            "range": [_short(o) for o in graph.objects(term, RDFS.range) if isinstance(o, URIRef)],
        }

    def ours(term: Node) -> bool:
        return isinstance(term, URIRef) and str(term).startswith(BASE)

    classes = sorted({c for c in graph.subjects(RDF.type, OWL.Class) if ours(c)}, key=str)
    property_types = (
        OWL.ObjectProperty,
        OWL.DatatypeProperty,
        OWL.AnnotationProperty,
        RDF.Property,
    )
    properties = sorted(
        {p for t in property_types for p in graph.subjects(RDF.type, t) if ours(p)}, key=str
    )
    schemes = []
    for scheme in sorted(graph.subjects(RDF.type, SKOS.ConceptScheme), key=str):
        concepts = sorted(set(graph.subjects(SKOS.inScheme, scheme)), key=str)
        schemes.append({**entry(scheme), "concepts": [entry(c) for c in concepts]})
    ontologies = [entry(o) for o in graph.subjects(RDF.type, OWL.Ontology)]
    return {
        "ontology": ontologies[0] if ontologies else None,
        "classes": [entry(c) for c in classes],
        "properties": [entry(p) for p in properties],
        "schemes": schemes,
        "triples": len(graph),
    }


def shapes_view(store: Store) -> dict[str, Any]:
    """The SHACL node shapes with their targets, severity, messages and property shapes.

    :raises NotFoundError: the shapes are not loaded.
    """
    graph = store.triples_in(SHAPES_GRAPH)
    if len(graph) == 0:
        raise NotFoundError("shapes er ikke lastet / the shapes are not loaded")

    def messages(node: Node) -> dict[str, str]:
        return _lang_values(graph, node, SH.message)

    def severity(node: Node) -> str:
        value = graph.value(node, SH.severity)
        return curie(str(value)).removeprefix("sh:") if value is not None else "Violation"

    def path_text(path: Node | None) -> str:
        if isinstance(path, URIRef):
            return curie(str(path))
        for prop, suffix in ((SH.oneOrMorePath, "+"), (SH.zeroOrMorePath, "*")):
            inner = graph.value(path, prop)
            if inner is not None:
                return path_text(inner) + suffix
        inverse = graph.value(path, SH.inversePath)
        if inverse is not None:
            return "^" + path_text(inverse)
        return "(sti / path)"

    def constraint(node: Node) -> dict[str, Any]:
        path = graph.value(node, SH.path)
        facets = []
        for p, o in sorted(graph.predicate_objects(node), key=lambda po: str(po[0])):
            if p in _NOT_FACETS:
                continue
            if isinstance(o, BNode):
                o = "(…)"
            facets.append({"name": curie(str(p)), "value": curie(str(o))})
        return {
            "path": path_text(path),
            "name": _lang_values(graph, node, SH.name),
            "severity": severity(node),
            "messages": messages(node),
            "facets": facets,
        }

    shapes = []
    nested = set(graph.objects(None, SH.property))
    top_level = set(graph.subjects(RDF.type, SH.NodeShape)) | (
        set(graph.subjects(RDF.type, SH.PropertyShape)) - nested
    )
    for shape in sorted(top_level, key=str):
        targets = [
            curie(str(o))
            for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
            for o in graph.objects(shape, p)
        ]
        sparql = [
            {
                "messages": messages(c),
                "severity": severity(c) if graph.value(c, SH.severity) else severity(shape),
            }
            for c in graph.objects(shape, SH.sparql)
        ]
        shapes.append(
            {
                **_short(shape),
                "anchor": str(shape).rsplit("#", 1)[-1].rsplit("/", 1)[-1],
                "label": _lang_values(graph, shape, RDFS.label, SH.name),
                "comment": _lang_values(graph, shape, RDFS.comment, SH.description),
                "targets": targets,
                "severity": severity(shape),
                "messages": messages(shape),
                "properties": [constraint(p) for p in graph.objects(shape, SH.property)]
                + (
                    [{**constraint(shape), "messages": {}}]
                    if graph.value(shape, SH.path) is not None
                    else []
                ),
                "sparql": sparql,
            }
        )
    return {"shapes": shapes, "triples": len(graph)}


_NOT_FACETS = {
    SH.path,
    SH.message,
    SH.severity,
    SH.name,
    SH.description,
    RDF.type,
    RDFS.label,
    RDFS.comment,
    SH.targetClass,
    SH.targetNode,
    SH.targetSubjectsOf,
    SH.targetObjectsOf,
    SH.sparql,
    SH.property,
}

# -- the service and the dataset -------------------------------------------------------

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


def overview(store: Store) -> dict[str, Any]:
    """Counts and products for the front page."""
    counts = {str(r["key"]): int(r["count"]) for r in run_query(store, "describe-overview")}
    labels = _Labels(store.triples_in(ONTOLOGY_GRAPH))
    products = [
        {
            "iri": str(r["product"]),
            "title": str(r.get("title") or curie(str(r["product"]))),
            "type": labels(r["type"]) if "type" in r else "",
            "recommendations": int(r["recommendations"]),
        }
        for r in run_query(store, "describe-products")
    ]
    graphs = store.graph_names()
    return {
        "triples": store.count(),
        "graphs": len(graphs),
        "counts": {
            key: counts.get(key, 0)
            for key in (
                "products",
                "recommendations",
                "skal",
                "skalWithBasis",
                "acts",
                "regulations",
                "provisions",
                "actors",
            )
        },
        "products": products,
    }
