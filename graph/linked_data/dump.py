"""The whole dataset, or one named graph, as gzipped N-Quads, produced graph by graph so
a large store is never held in memory at once.

Each graph is read with ``CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }`` over that graph
alone, as N-Triples, and every line gets the graph's name: N-Triples never holds a raw
line break inside a term, so `` .\\n`` ends a statement and nothing else. The same code
runs on every store.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator

from rdflib import URIRef

from graph.errors import NotFoundError
from graph.model.vocab import GRAPH
from graph.store import RdfFormat, Store

__all__ = ["dump", "gzip_chunks", "nquads"]

_ALL = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


def nquads(store: Store, graphs: Iterable[URIRef] | None = None) -> Iterator[bytes]:
    """N-Quads of ``graphs`` (every named graph when None), one chunk per graph."""
    for name in store.graph_names() if graphs is None else graphs:
        body = store.query_serialized(
            _ALL, rdf_format=RdfFormat.NTRIPLES, default_graph=[name]
        ).body
        if body:
            yield body.replace(b" .\n", f" <{name}> .\n".encode())


def gzip_chunks(chunks: Iterable[bytes], level: int = 6) -> Iterator[bytes]:
    """One gzip member compressed as ``chunks`` arrive."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, 31)
    for chunk in chunks:
        out = compressor.compress(chunk)
        if out:
            yield out
    yield compressor.flush()


def dump(store: Store, graph_path: str | None = None) -> Iterator[bytes]:
    """The gzipped N-Quads of every named graph, or of the one at ``graf/{graph_path}``.

    :raises NotFoundError: the store has no such graph.
    """
    if graph_path is None:
        return gzip_chunks(nquads(store))
    name = URIRef(f"{GRAPH}{graph_path.strip('/')}")
    if not graph_path.strip("/") or name not in store.graph_names():
        raise NotFoundError(f"ukjent graf / unknown graph: {name}")
    return gzip_chunks(nquads(store, [name]))
