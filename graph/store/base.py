"""The one interface every store implements: the embedded Oxigraph store and any remote
SPARQL 1.1 endpoint.

Terms cross this interface as rdflib terms (``URIRef``, ``Literal``, ``BNode``), so callers
never depend on which store is behind it. Queries read the union of all named graphs as
their default graph.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum

from rdflib import Graph
from rdflib.term import Identifier, URIRef

from graph.store.guard import QueryLimits

__all__ = [
    "Bindings",
    "RdfFormat",
    "ResultsFormat",
    "Row",
    "SerializedResult",
    "Store",
]

Row = dict[str, Identifier]
"""One SELECT solution: variable name (no ``?``) → term; unbound variables are absent."""
Bindings = Mapping[str, Identifier]
"""Parameter values for a query: variable name (no ``?``) → the RDF term bound to it."""


class _MediaFormat(Enum):
    """A serialisation: its media type and its file extension."""

    @property
    def media_type(self) -> str:
        return str(self.value[0])

    @property
    def extension(self) -> str:
        return str(self.value[1])


class RdfFormat(_MediaFormat):
    """RDF serialisations offered for graphs and CONSTRUCT/DESCRIBE results."""

    TURTLE = ("text/turtle", "ttl")
    NTRIPLES = ("application/n-triples", "nt")
    NQUADS = ("application/n-quads", "nq")
    TRIG = ("application/trig", "trig")
    JSONLD = ("application/ld+json", "jsonld")
    RDFXML = ("application/rdf+xml", "rdf")


class ResultsFormat(_MediaFormat):
    """SPARQL results serialisations for SELECT and ASK."""

    JSON = ("application/sparql-results+json", "json")
    XML = ("application/sparql-results+xml", "xml")
    CSV = ("text/csv", "csv")
    TSV = ("text/tab-separated-values", "tsv")


@dataclass(frozen=True)
class SerializedResult:
    """A query result already serialised, as the SPARQL protocol sends it."""

    body: bytes
    media_type: str
    kind: str  # "select", "ask" or "graph"


class Store(ABC):
    """A quad store reached through SPARQL 1.1 and whole-graph loading.

    Every implementation treats the default graph of a query as the union of all named
    graphs, and replaces a named graph atomically.
    """

    name: str = "store"

    # -- queries -------------------------------------------------------------------------
    @abstractmethod
    def select(self, query: str, bindings: Bindings | None = None) -> list[Row]:
        """Run a SELECT query with ``bindings`` bound as RDF terms, never pasted as text.

        :raises QueryError: the query does not parse or the server refused it.
        """

    @abstractmethod
    def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        """Run an ASK query."""

    @abstractmethod
    def construct(self, query: str, bindings: Bindings | None = None) -> Graph:
        """Run a CONSTRUCT or DESCRIBE query and return the triples as an rdflib graph."""

    @abstractmethod
    def query_serialized(
        self,
        query: str,
        results_format: ResultsFormat = ResultsFormat.JSON,
        rdf_format: RdfFormat = RdfFormat.TURTLE,
        *,
        default_graph: Sequence[URIRef] | None = None,
        named_graphs: Sequence[URIRef] | None = None,
        limits: QueryLimits | None = None,
    ) -> SerializedResult:
        """Run any read query and serialise its result: ``results_format`` for SELECT and
        ASK, ``rdf_format`` for CONSTRUCT and DESCRIBE.

        ``default_graph`` and ``named_graphs`` are the SPARQL protocol's
        ``default-graph-uri`` and ``named-graph-uri``: when either is given, the query's
        dataset is exactly these graphs (the one not given is empty), overriding FROM and
        FROM NAMED in the query and the union default graph.

        This is where text from outside enters: the text is checked against ``limits``
        (:func:`graph.store.guard.check_query`; the default limits when None) before it is
        parsed or sent anywhere.

        :raises QueryError: the query does not parse, or is an update.
        :raises LimitExceededError: the query is too long or nests too deeply.
        :raises ServiceNotAllowedError: the query calls a SERVICE endpoint not allowed.
        """

    # -- writing -------------------------------------------------------------------------
    @abstractmethod
    def update(self, update: str) -> None:
        """Run a SPARQL 1.1 Update request."""

    @abstractmethod
    def replace_graph(self, graph: URIRef, data: Graph) -> None:
        """Replace the content of the named graph ``graph`` by ``data``, atomically where
        the store allows it: readers see the old or the new content, never a mix."""

    @abstractmethod
    def replace_graphs(self, graphs: Mapping[URIRef, Graph]) -> None:
        """Replace several named graphs in one transaction (an import's all-or-nothing)."""

    @abstractmethod
    def drop_graph(self, graph: URIRef) -> None:
        """Remove a named graph; no error when it does not exist."""

    @abstractmethod
    def graph_names(self) -> list[URIRef]:
        """The named graphs that hold at least one triple."""

    @abstractmethod
    def triples_in(self, graph: URIRef) -> Graph:
        """The content of one named graph."""

    @abstractmethod
    def count(self, graph: URIRef | None = None) -> int:
        """Number of quads in ``graph``, or in all named graphs when ``graph`` is None."""

    def close(self) -> None:  # noqa: B027 - optional for stores that hold nothing open
        """Release files or connections."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- helpers built on the primitives -------------------------------------------------
    def has_graph(self, graph: URIRef) -> bool:
        return self.ask("ASK { GRAPH ?g { ?s ?p ?o } }", {"g": graph})
