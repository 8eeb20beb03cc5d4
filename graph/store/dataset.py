"""The dataset clause of a SPARQL query: the graphs its ``FROM`` and ``FROM NAMED`` name.

A query's dataset clause stands at the top level, after the query form and before the
``WHERE`` clause (SPARQL 1.1 §13.2; a sub-SELECT has none). :func:`dataset_clause` reads it
with the tokenizer of :mod:`graph.store.nesting`, which skips strings, IRIs and comments, so
``FROM`` inside a literal or a comment is not taken for the keyword, and resolves prefixed
names and relative IRIs with the query's own ``PREFIX`` and ``BASE`` declarations.

A store that is not sure to honour the clause itself (an Oxigraph server started with
``--union-default-graph`` ignores ``FROM``) sends these graphs as the protocol's
``default-graph-uri`` and ``named-graph-uri``, which name the same dataset.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin

from graph.store.nesting import _TOKEN, unescape_codepoints

__all__ = ["DatasetClause", "dataset_clause"]

_LOCAL_ESCAPE = re.compile(r"\\([_~.!$&'()*+,;=/?#@%-])")


@dataclass(frozen=True)
class DatasetClause:
    """The graphs a query's ``FROM`` (``default``) and ``FROM NAMED`` (``named``) name,
    in the order given, repeats removed."""

    default: tuple[str, ...] = ()
    named: tuple[str, ...] = ()


def _iri(token: str, prefixes: dict[str, str], base: str | None) -> str | None:
    if token.startswith("<") and token.endswith(">"):
        iri = token[1:-1]
        return urljoin(base, iri) if base else iri
    prefix, colon, local = token.partition(":")
    if not colon or prefix not in prefixes:
        return None
    return prefixes[prefix] + _LOCAL_ESCAPE.sub(r"\1", local)


def dataset_clause(text: str) -> DatasetClause | None:
    """The query's ``FROM`` and ``FROM NAMED`` graphs; None when it has neither (or is
    not a query the scanner can read: the parser then reports the error).

    >>> dataset_clause('''PREFIX g: <https://w3id.org/hjemmel/graf/>
    ... SELECT (COUNT(*) AS ?n) # FROM <in-a-comment>
    ... FROM g:ontologi FROM NAMED <https://w3id.org/hjemmel/graf/shapes>
    ... WHERE { ?s ?p "FROM <x>" }''')
    DatasetClause(default=('https://w3id.org/hjemmel/graf/ontologi',), named=('https://w3id.org/hjemmel/graf/shapes',))
    >>> dataset_clause("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }") is None
    True
    >>> dataset_clause("BASE <http://example.org/d/> ASK FROM <g1> {}")
    DatasetClause(default=('http://example.org/d/g1',), named=())
    """
    prefixes: dict[str, str] = {}
    base: str | None = None
    default: list[str] = []
    named: list[str] = []
    tokens = [
        m.group(0) for m in _TOKEN.finditer(unescape_codepoints(text)) if m.group(0)[0] != "#"
    ]
    i = 0
    # The prologue.
    while i < len(tokens):
        word = tokens[i].upper()
        if word == "BASE" and i + 1 < len(tokens):
            iri = tokens[i + 1][1:-1]
            base = urljoin(base, iri) if base else iri
            i += 2
        elif word == "PREFIX" and i + 2 < len(tokens):
            name = tokens[i + 1]
            resolved = _iri(tokens[i + 2], {}, base)
            if name.endswith(":") and resolved is not None:
                prefixes[name[:-1]] = resolved
            i += 3
        else:
            break
    if i >= len(tokens) or tokens[i].upper() not in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
        return None
    form = tokens[i].upper()
    i += 1
    if form == "CONSTRUCT" and i < len(tokens) and tokens[i] == "{":
        depth = 0
        while i < len(tokens):  # the template
            if tokens[i] == "{":
                depth += 1
            elif tokens[i] == "}":
                depth -= 1
                if depth == 0:
                    i += 1
                    break
            i += 1
    depth = 0
    while i < len(tokens):
        token = tokens[i]
        word = token.upper()
        if token in ("(", "["):
            depth += 1
        elif token in (")", "]"):
            depth = max(depth - 1, 0)
        elif depth == 0 and (token == "{" or word == "WHERE"):
            break
        elif depth == 0 and word == "FROM" and i + 1 < len(tokens):
            target = default
            if tokens[i + 1].upper() == "NAMED" and i + 2 < len(tokens):
                target = named
                i += 1
            graph = _iri(tokens[i + 1], prefixes, base)
            if graph is not None and graph not in target:
                target.append(graph)
            i += 1
        i += 1
    if not default and not named:
        return None
    return DatasetClause(tuple(default), tuple(named))
