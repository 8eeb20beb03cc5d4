"""What every linked-data output shares: labels chosen Bokmål first, serialisation with the
project's prefixes, and the publishers and licence the dataset names."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import DCTERMS, RDFS, SKOS
from rdflib.term import Node

from graph.model.vocab import PREFIXES, curie
from graph.store import RdfFormat

__all__ = [
    "HELSEDIR",
    "LABEL_PROPERTIES",
    "LOVDATA",
    "NLOD",
    "Labels",
    "best_literal",
    "lang_rank",
    "serialize",
]

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


def lang_rank(node: Node) -> int:
    lang = (getattr(node, "language", None) or "").lower()
    return _LANG_ORDER.index(lang) if lang in _LANG_ORDER else len(_LANG_ORDER)


def best_literal(values: Iterable[Node]) -> str | None:
    literals = [v for v in values if isinstance(v, Literal)]
    if not literals:
        return None
    return str(min(literals, key=lambda v: (lang_rank(v), str(v))))


class Labels:
    """Labels of IRIs from one or more graphs, Bokmål first."""

    def __init__(self, *graphs: Graph) -> None:
        found: dict[Node, list[Node]] = defaultdict(list)
        for graph in graphs:
            for prop in (*LABEL_PROPERTIES,):
                for s, o in graph.subject_objects(prop):
                    found[s].append(o)
        self._labels = {s: best_literal(v) for s, v in found.items()}

    def add(self, node: Node, label: Node) -> None:
        if isinstance(label, Literal):
            current = self._labels.get(node)
            candidates = [label] + ([Literal(current, lang="nb")] if current else [])
            self._labels[node] = best_literal(candidates)

    def __call__(self, node: Node) -> str:
        label = self._labels.get(node)
        if label:
            return label
        return curie(str(node)) if isinstance(node, URIRef) else str(node)


def _bind_prefixes(graph: Graph) -> Graph:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


_CANONICAL_UP_TO = 2_000
"""Graphs with blank nodes up to this size are written with canonical blank-node labels."""


def stable(graph: Graph) -> Graph:
    """``graph`` with blank nodes labelled from their content, so the same description is
    written as the same bytes on every request (and its ETag and length hold); larger
    graphs are returned as they are, canonical labelling being costly.

    >>> from rdflib import BNode, Literal, URIRef
    >>> def one() -> Graph:
    ...     g = Graph()
    ...     g.add((URIRef("urn:x:s"), URIRef("urn:x:p"), BNode()))
    ...     return g
    >>> stable(one()).serialize(format="nt") == stable(one()).serialize(format="nt")
    True
    """
    if len(graph) > _CANONICAL_UP_TO or not any(
        isinstance(term, BNode) for triple in graph for term in triple
    ):
        return graph
    canonical = Graph()
    canonical += to_canonical_graph(graph)
    return canonical


def serialize(graph: Graph, fmt: RdfFormat) -> bytes:
    """``graph`` in ``fmt``, UTF-8; small graphs the same bytes every time (:func:`stable`)."""
    _bind_prefixes(graph)
    if fmt is RdfFormat.JSONLD:
        from graph.linked_data.jsonld import compact

        return compact(graph)
    graph = _bind_prefixes(stable(graph))
    return graph.serialize(format=_RDFLIB_FORMATS[fmt], encoding="utf-8")
