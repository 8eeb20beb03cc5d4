"""RDF descriptions of one resource (what dereferencing its IRI returns) and of the
ontology and shapes documents."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, VOID

from graph.errors import NotFoundError
from graph.linked_data.common import serialize
from graph.model.vocab import ONTOLOGY_GRAPH, SHAPES_GRAPH
from graph.questions.named import run_construct, run_query
from graph.store import RdfFormat, Row, Store

__all__ = ["describe", "describe_graph", "describe_resource", "document"]


def describe_graph(store: Store, iri: str) -> Graph:
    """The description of ``iri``: its own statements, the blank nodes below it, the
    labels of what it links to and up to 200 resources that link to it, with their labels.
    A named graph of the store is also described by its triple count.

    :raises NotFoundError: nothing is said about ``iri``, neither as subject nor as object.
    """
    return describe(store, iri)[0]


def describe(store: Store, iri: str) -> tuple[Graph, list[Row]]:
    """:func:`describe_graph` and the rows of what links to ``iri``."""
    resource = URIRef(iri)
    graph = run_construct(store, "describe-resource", resource=resource)
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


_DOCUMENT_GRAPHS = {"ontology": ONTOLOGY_GRAPH, "shapes": SHAPES_GRAPH}


def document(store: Store, name: str, fmt: RdfFormat) -> bytes:
    """The ontology (``name="ontology"``) or the SHACL shapes (``"shapes"``) in ``fmt``.

    :raises NotFoundError: the store holds no such graph.
    """
    graph = store.triples_in(_DOCUMENT_GRAPHS[name])
    if len(graph) == 0:
        raise NotFoundError(f"{name}: ikke lastet / not loaded")
    return serialize(graph, fmt)
