"""JSON-LD that reads as plain JSON: one context generated from the ontology, framed
descriptions of resources, and the same bytes for the same request.

Naming: the context's keys are the REST API's field names, snake_case — ``legal_basis``
is ``hj:legalBasis``, ``based_on_law`` is ``hj:basedOnLaw`` — so a client reads
``/api/recommendations/{id}`` and the resource's JSON-LD with the same names. Every ``hj:``
property of the ontology is a key (IRIs as plain strings for object properties,
``{"nb": …, "en": …}`` language maps for language-tagged literals such as ``title`` and
``label``); ``id`` and ``type`` stand for ``@id`` and ``@type``.

Blank nodes get canonical labels (RDF Dataset Canonicalization) before framing, and framing
embeds them without their labels, so the output is a function of the graph alone.
No document is ever fetched: the context is passed inline, and the document loader refuses
every URL.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from pyld import jsonld  # type: ignore[import-untyped]
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from graph.errors import UnsupportedFormatError
from graph.model.names import snake_case
from graph.model.resources import read_ontology
from graph.model.vocab import BASE, HJ, PREFIXES

__all__ = [
    "CONTEXT_PATH",
    "compact",
    "compact_document",
    "context",
    "context_document",
    "frame_resource",
]

CONTEXT_PATH = "/context.jsonld"
"""Where the service publishes the context."""

_LANG_STRING = RDF.langString
# Terms from other vocabularies that the descriptions use; the ontology's own come after.
_COMMON: dict[str, Any] = {
    "id": "@id",
    "type": "@type",
    "label": {"@id": str(RDFS.label), "@container": "@language"},
    "title": {"@id": str(DCTERMS.title), "@container": "@language"},
    "pref_label": {"@id": str(SKOS.prefLabel), "@container": "@language"},
    "alt_label": {"@id": str(SKOS.altLabel), "@container": "@language"},
    "definition": {"@id": str(SKOS.definition), "@container": "@language"},
    "comment": {"@id": str(RDFS.comment), "@container": "@language"},
    "in_scheme": {"@id": str(SKOS.inScheme), "@type": "@id"},
    "publisher": {"@id": str(DCTERMS.publisher), "@type": "@id"},
    "source": {"@id": str(DCTERMS.source), "@type": "@id"},
    "qualified_derivation": {"@id": str(PROV.qualifiedDerivation), "@type": "@id"},
    "entity": {"@id": str(PROV.entity), "@type": "@id"},
}


def _refuse(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    raise UnsupportedFormatError(f"JSON-LD-dokumenter hentes ikke / never fetched: {url}")


_OPTIONS: dict[str, Any] = {"documentLoader": _refuse}


def _term(ontology: Graph, prop: URIRef) -> dict[str, Any] | str:
    kinds = set(ontology.objects(prop, RDF.type))
    ranges = set(ontology.objects(prop, RDFS.range))
    if _LANG_STRING in ranges:
        return {"@id": str(prop), "@container": "@language"}
    if OWL.ObjectProperty in kinds:
        return {"@id": str(prop), "@type": "@id"}
    datatypes = [r for r in ranges if str(r).startswith(str(XSD))]
    if len(datatypes) == 1 and not str(datatypes[0]).endswith("#string"):
        return {"@id": str(prop), "@type": str(datatypes[0])}
    return str(prop)


@lru_cache(maxsize=1)
def context() -> dict[str, Any]:
    """The JSON-LD context, built once from ``ontology/hjemmel.ttl``."""
    ontology = read_ontology()
    # vocabulary prefixes only: the resources' own IRIs stay whole
    terms: dict[str, Any] = {
        prefix: str(ns)
        for prefix, ns in PREFIXES.items()
        if not str(ns).startswith(BASE) or str(ns) == str(HJ)
    }
    terms.update(_COMMON)
    props = {
        s
        for kind in (OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property)
        for s in ontology.subjects(RDF.type, kind)
        if isinstance(s, URIRef) and str(s).startswith(str(HJ))
    }
    for prop in sorted(props):
        terms[snake_case(str(prop)[len(str(HJ)) :])] = _term(ontology, prop)
    return {"@version": 1.1, **terms}


def context_document() -> bytes:
    """The document served at :data:`CONTEXT_PATH`."""
    return json.dumps({"@context": context()}, ensure_ascii=False, indent=2).encode("utf-8")


def _canonical(graph: Graph) -> list[dict[str, Any]]:
    """``graph`` as expanded JSON-LD, its blank nodes canonically labelled and its
    statements in canonical order."""
    nquads = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
    canonical = jsonld.normalize(
        nquads,
        {
            **_OPTIONS,
            "algorithm": "URDNA2015",
            "inputFormat": "application/n-quads",
            "format": "application/n-quads",
        },
    )
    expanded: list[dict[str, Any]] = jsonld.from_rdf(
        canonical, {**_OPTIONS, "format": "application/n-quads", "useNativeTypes": False}
    )
    return expanded


def _dump(document: dict[str, Any], context_url: str | None) -> bytes:
    if context_url is not None:
        document["@context"] = context_url
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")


def frame_resource(graph: Graph, iri: str, context_url: str | None = None) -> bytes:
    """The description of ``iri`` framed with the resource at the top: what it links to
    and the blank nodes below it embedded once, keys from :func:`context`. With
    ``context_url``, ``@context`` is that URL instead of the inline context."""
    expanded = _canonical(graph)
    options = {**_OPTIONS, "omitGraph": True, "processingMode": "json-ld-1.1"}
    framed: dict[str, Any] = jsonld.frame(
        expanded, {"@context": context(), "@id": iri}, {**options, "embed": "@once"}
    )
    # what links to the resource (and is not below it) comes as @included nodes
    shown = _ids(framed)
    flat = jsonld.frame(expanded, {"@context": context()}, {**options, "embed": "@never"})
    nodes = flat.get("@graph", [flat] if "id" in flat else [])
    included = [n for n in nodes if n.get("id") not in shown and not n["id"].startswith("_:")]
    if included:
        framed["@included"] = included
    return _dump(framed, context_url)


def _ids(node: Any) -> set[str]:
    """The ``id`` of every node in a compacted document."""
    if isinstance(node, list):
        return {i for item in node for i in _ids(item)}
    if not isinstance(node, dict):
        return set()
    found = {node["id"]} if isinstance(node.get("id"), str) and len(node) > 1 else set()
    return found | {i for key, value in node.items() if key != "@context" for i in _ids(value)}


def compact_document(body: bytes, context_url: str | None = None) -> bytes:
    """A JSON-LD document (a store's CONSTRUCT result, expanded) compacted as
    :func:`compact` does."""
    graph = Graph()
    graph.parse(data=body, format="json-ld")
    return compact(graph, context_url)


def compact(graph: Graph, context_url: str | None = None) -> bytes:
    """``graph`` compacted with :func:`context` (a ``@graph`` of nodes), in canonical
    order."""
    compacted: dict[str, Any] = jsonld.compact(_canonical(graph), context(), _OPTIONS)
    return _dump(compacted, context_url)
