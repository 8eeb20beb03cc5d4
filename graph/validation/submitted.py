"""RDF sent to the service for validation: parsed by media type, never stored."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph

from graph.errors import BadInputError, UnsupportedMediaTypeError
from graph.store.nesting import check_body_depth

__all__ = ["SUBMITTED_RDF_TYPES", "parse_submitted"]

SUBMITTED_RDF_TYPES: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}


def parse_submitted(body: bytes, media_type: str, max_depth: int = 100) -> Graph:
    """The triples of ``body`` in Turtle, N-Triples or JSON-LD.

    A body nesting deeper than ``max_depth`` (JSON objects and arrays, Turtle blank nodes
    and collections) is refused before it is parsed: the parser recurses per level. A
    JSON-LD ``@context`` given by URL is never fetched; such a body is refused.

    :raises UnsupportedMediaTypeError: another media type.
    :raises BadInputError: the body does not parse (the message gives line and column) or
        nests too deeply.
    """
    fmt = SUBMITTED_RDF_TYPES.get(media_type.split(";")[0].strip().lower())
    if fmt is None:
        raise UnsupportedMediaTypeError(
            f"kan ikke validere / cannot validate {media_type!r}; bruk / use "
            + ", ".join([*SUBMITTED_RDF_TYPES, "application/json"])
        )
    check_body_depth(body, media_type, max_depth)
    try:
        triples = list(ox.parse(body, format=fmt))
    except SyntaxError as e:
        raise BadInputError(f"RDF-syntaksfeil / RDF syntax error: {e}") from e
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    graph = Graph()
    graph.parse(data=data.decode("utf-8"), format="nt")
    return graph
