"""What the HTML pages show, as plain dicts free of rdflib types: a resource, the
ontology, the shapes and the front page's overview."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from graph.errors import NotFoundError
from graph.linked_data.common import LABEL_PROPERTIES, Labels, best_literal, lang_rank
from graph.linked_data.resource import describe
from graph.model.iris import iri_to_ref
from graph.model.vocab import BASE, HJ, ONTOLOGY_GRAPH, SH, SHAPES_GRAPH, curie
from graph.questions.named import run_query
from graph.questions.tallies import stored_front_page_counts
from graph.questions.void_statistics import stored_statistics
from graph.store import Store
from graph.store.version_cache import cached_per_version

__all__ = ["ontology_view", "overview", "resource_view", "shapes_view"]


def _term(node: Node, labels: Labels, graph: Graph, depth: int = 0) -> dict[str, Any]:
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
    graph: Graph, subject: Node, labels: Labels, depth: int = 0, skip: Sequence[Node] = ()
) -> list[dict[str, Any]]:
    by_predicate: dict[Node, list[Node]] = defaultdict(list)
    for p, o in graph.predicate_objects(subject):
        if p not in skip:
            by_predicate[p].append(o)
    out = []
    for p in sorted(by_predicate, key=lambda p: (p != RDF.type, labels(p).lower())):
        values = sorted(by_predicate[p], key=lambda o: (lang_rank(o), str(o)))
        out.append(
            {
                "predicate": {"kind": "iri", "value": str(p), "label": labels(p)},
                "objects": [_term(o, labels, graph, depth) for o in values],
            }
        )
    return out


def _quotes(graph: Graph, resource: URIRef, labels: Labels) -> list[dict[str, Any]]:
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


def _rests_on(store: Store, resource: URIRef, labels: Labels) -> list[dict[str, Any]]:
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
        entry["label"] = best_literal(entry.pop("labels")) or curie(entry["resource"])
        entry["types"] = sorted(entry["types"])
        out.append(entry)
    return sorted(out, key=lambda e: (e["predicate"], e["label"].lower()))


def resource_view(store: Store, iri: str) -> dict[str, Any]:
    """What the HTML page of a resource shows: title, types, properties with labels,
    provenance quotes, the provision text, what rests on it and what links to it.

    :raises NotFoundError: nothing is said about ``iri``.
    """
    resource = URIRef(iri)
    graph, incoming_rows = describe(store, iri)
    labels = Labels(store.triples_in(ONTOLOGY_GRAPH), graph)
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
    title = best_literal(o for p in LABEL_PROPERTIES for o in graph.objects(resource, p))
    texts = sorted(graph.objects(resource, HJ.text), key=lambda o: (lang_rank(o), str(o)))
    return {
        "iri": iri,
        "title": title or curie(iri),
        "types": [
            _term(t, labels, graph) for t in sorted(graph.objects(resource, RDF.type), key=str)
        ],
        "text": [str(t) for t in texts],
        "properties": _properties(graph, resource, labels, skip=(RDF.type, HJ.text)),
        "quotes": _quotes(graph, resource, labels),
        "rests_on": _rests_on(store, resource, labels),
        "incoming": list(incoming.values()),
        "incoming_count": int(count_rows[0]["count"]) if count_rows else 0,
        "has_statements": bool(own),
        "lovdata_url": next((str(o) for o in graph.objects(resource, HJ.lovdataUrl)), ""),
    }


def _lang_values(graph: Graph, subject: Node, *props: URIRef) -> dict[str, str]:
    """Language → text, Bokmål first."""
    out: dict[str, str] = {}
    for prop in props:
        for o in sorted(graph.objects(subject, prop), key=lang_rank):
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
            value = "(…)" if isinstance(o, BNode) else curie(str(o))
            facets.append({"name": curie(str(p)), "value": value})
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


def _overview_figures(store: Store) -> dict[str, Any]:
    """The front page's counts, triples and named graphs: from the figures kept at load
    when they are current (:mod:`graph.questions.tallies`, :mod:`graph.questions.
    void_statistics`), else counted afresh."""
    counts = stored_front_page_counts(store)
    void = stored_statistics(store) if counts is not None else None
    if counts is not None and void is not None:
        graphs = counts.pop("graphs")
        return {"counts": counts, "triples": void.triples, "graphs": graphs}
    return {
        "counts": {str(r["key"]): int(r["count"]) for r in run_query(store, "describe-overview")},
        "triples": store.count(),
        "graphs": len(store.graph_names()),
    }


def overview(store: Store) -> dict[str, Any]:
    """Counts and products for the front page; the counts over the whole store are kept
    per store version (:mod:`graph.store.version_cache`)."""
    figures = cached_per_version(store, "overview", lambda: _overview_figures(store))
    counts = figures["counts"]
    labels = Labels(store.triples_in(ONTOLOGY_GRAPH))
    products = [
        {
            "iri": str(r["product"]),
            "title": str(r.get("title") or curie(str(r["product"]))),
            "type": labels(r["type"]) if "type" in r else "",
            "recommendations": int(r["recommendations"]),
        }
        for r in run_query(store, "describe-products")
    ]
    return {
        "triples": figures["triples"],
        "graphs": figures["graphs"],
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
