"""Conversion between rdflib terms (the interface) and pyoxigraph terms (the embedded store)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Identifier

from graph.errors import BadInputError, StoreUnavailableError

__all__ = [
    "IRI_FORBIDDEN",
    "GraphNames",
    "check_iri",
    "from_oxigraph",
    "from_sparql_json",
    "graph_iris",
    "to_oxigraph",
]

_PLAIN_DATATYPES = (str(XSD.string), str(RDF.langString))

IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
"""Characters RFC 3987 and SPARQL's IRIREF do not allow in an IRI."""


_ABSOLUTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")

GraphNames = list[URIRef]
"""Named graphs of a query's dataset."""


def graph_iris(iris: Sequence[str]) -> GraphNames:
    """Graph names given as text (the protocol's ``default-graph-uri``) as IRIs.

    >>> graph_iris(["https://w3id.org/hjemmel/graf/ontologi"])
    [rdflib.term.URIRef('https://w3id.org/hjemmel/graf/ontologi')]

    :raises BadInputError: one is not an absolute IRI.
    """
    for iri in iris:
        if not _ABSOLUTE.match(iri) or IRI_FORBIDDEN.search(iri):
            raise BadInputError(f"ugyldig graf-IRI / invalid graph IRI: {iri!r}")
    return [URIRef(iri) for iri in iris]


def check_iri(iri: str) -> str:
    """``iri`` unchanged when it can stand between ``<`` and ``>``.

    >>> check_iri("https://x>y")
    Traceback (most recent call last):
    ...
    graph.errors.BadInputError: ugyldig IRI / invalid IRI: 'https://x>y'

    :raises BadInputError: it holds a character an IRI cannot hold.
    """
    if IRI_FORBIDDEN.search(iri):
        raise BadInputError(f"ugyldig IRI / invalid IRI: {iri!r}")
    return iri


def to_oxigraph(term: Identifier) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as a pyoxigraph term.

    >>> to_oxigraph(URIRef("https://example.org/a"))
    <NamedNode value=https://example.org/a>
    """
    if isinstance(term, URIRef):
        return ox.NamedNode(check_iri(str(term)))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot bind {type(term).__name__} as an RDF term")


@lru_cache(maxsize=16384)
def from_oxigraph(term: object) -> Identifier:
    """A pyoxigraph term as an rdflib term (kept for the terms met most recently: both kinds
    are immutable, and answers repeat their IRIs and labels).

    >>> from_oxigraph(ox.Literal("skal", language="nb"))
    rdflib.term.Literal('skal', lang='nb')
    """
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype in _PLAIN_DATATYPES:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"unexpected term {term!r}")


def from_sparql_json(value: Mapping[str, str]) -> Identifier:
    """A SPARQL JSON results term as an rdflib term (``typed-literal`` is Virtuoso's old
    form).

    >>> from_sparql_json({"type": "literal", "value": "skal", "xml:lang": "nb"})
    rdflib.term.Literal('skal', lang='nb')
    """
    kind = value.get("type")
    text = value.get("value", "")
    if kind == "uri":
        return URIRef(text)
    if kind == "bnode":
        return BNode(text)
    if kind in ("literal", "typed-literal"):
        lang = value.get("xml:lang") or value.get("lang")
        if lang:
            return Literal(text, lang=lang)
        datatype = value.get("datatype")
        if datatype and datatype not in _PLAIN_DATATYPES:
            return Literal(text, datatype=URIRef(datatype))
        return Literal(text)
    raise StoreUnavailableError(f"ukjent term i svaret / unknown term type in the answer: {kind}")
