"""SPARQL Update operations that keep a store's own default graph the RDF merge of its
named graphs: a set, where a triple stated in several named graphs is one triple.

The embedded store and a remote store in ``merge`` mode (an Oxigraph server started
without ``--union-default-graph``) write with them; graphs whose IRI starts with an
``ignore`` prefix (a remote store's staging graphs) take no part in the merge.
"""

from __future__ import annotations

from graph.store.nesting import _TOKEN, unescape_codepoints

__all__ = ["merge_all", "merge_graph", "rebuild_all", "then", "unmerge_graph"]


def _skip(variable: str, ignore: str | None) -> str:
    return f" FILTER (!STRSTARTS(STR({variable}), '{ignore}'))" if ignore else ""


def merge_all(ignore: str | None = None) -> str:
    """An operation adding the triples of every named graph to the default graph."""
    return f"INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }}{_skip('?g', ignore)} }}"


def rebuild_all(ignore: str | None = None) -> str:
    """Operations making the default graph the merge again, from scratch (after an update
    that may have touched any graph)."""
    return f"DROP SILENT DEFAULT ;\n{merge_all(ignore)}"


def merge_graph(graph: str) -> str:
    """An operation adding the triples of the named graph ``graph`` (an IRI in N-Triples
    form) to the default graph: run just after ``graph`` is written."""
    return f"INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}"


def unmerge_graph(graph: str, ignore: str | None = None) -> str:
    """An operation removing from the default graph the triples that are in the named graph
    ``graph`` (an IRI in N-Triples form) and in no other named graph: run just before
    ``graph`` is dropped or replaced, it keeps the default graph the merge."""
    return (
        f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} "
        f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER (?other != {graph})"
        f"{_skip('?other', ignore)} }} }}"
    )


def then(update: str, operations: str) -> str:
    """``update`` followed by ``operations`` in one request (one transaction on servers that
    run a request as one), whether or not ``update`` ends in ``;`` or a comment.

    >>> then("CLEAR GRAPH <g> ; # done", "DROP SILENT DEFAULT")
    'CLEAR GRAPH <g> ; # done\\nDROP SILENT DEFAULT'
    >>> then("CLEAR GRAPH <g>", "DROP SILENT DEFAULT")
    'CLEAR GRAPH <g>\\n;\\nDROP SILENT DEFAULT'
    """
    tokens = [m.group(0) for m in _TOKEN.finditer(unescape_codepoints(update))]
    last = next((t for t in reversed(tokens) if t[0] != "#"), None)
    return update + ("\n" if last in (None, ";") else "\n;\n") + operations
