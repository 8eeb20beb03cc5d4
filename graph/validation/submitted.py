"""RDF sent to the service for validation: parsed by media type, never stored."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph

from graph.errors import BadInputError, UnsupportedMediaTypeError

__all__ = ["SUBMITTED_RDF_TYPES", "parse_submitted"]

SUBMITTED_RDF_TYPES: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}


def parse_submitted(body: bytes, media_type: str) -> Graph:
    """The triples of ``body`` in Turtle, N-Triples or JSON-LD.

    :raises UnsupportedMediaTypeError: another media type.
    :raises BadInputError: the body does not parse; the message gives line and column.
    """
    fmt = SUBMITTED_RDF_TYPES.get(media_type.split(";")[0].strip().lower())
    if fmt is None:
        raise UnsupportedMediaTypeError(
            f"kan ikke validere / cannot validate {media_type!r}; bruk / use "
            + ", ".join([*SUBMITTED_RDF_TYPES, "application/json"])
        )
    try:
        triples = list(ox.parse(body, format=fmt))
    except SyntaxError as e:
        raise BadInputError(f"RDF-syntaksfeil / RDF syntax error: {e}") from e
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    graph = Graph()
    graph.parse(data=data.decode("utf-8"), format="nt")
    return graph
