"""Binding parameters into query text for stores that cannot take them separately.

A remote endpoint has no substitution API, so the bound terms go into the query as an
inline ``VALUES`` block at the start of the outermost ``WHERE`` group. Each term is written
by rdflib's ``n3()``, which escapes literals and IRIs: the value is data, never query text.
"""

from __future__ import annotations

import re

from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier

from graph.errors import BadInputError

__all__ = ["inject_values", "term_n3"]

_IRI = re.compile(r"<[^<>\"{}|^`\\\s]*>")
_WORD = re.compile(r"[A-Za-z_]+")
_VAR_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_IRI_BAD = re.compile(r"[<>\"{}|^`\\\s]")


def term_n3(term: Identifier) -> str:
    """A term as SPARQL text, refusing IRIs that could break out of ``<…>``.

    >>> term_n3(Literal('he said "skal"', lang="nb"))
    '"he said \\\\"skal\\\\""@nb'
    """
    if isinstance(term, URIRef):
        if _IRI_BAD.search(str(term)):
            raise BadInputError(f"ugyldig IRI / invalid IRI: {str(term)!r}")
        return f"<{term}>"
    if isinstance(term, Literal):
        return term.n3()
    if isinstance(term, BNode):
        raise BadInputError("blank nodes cannot be bound as query parameters")
    raise BadInputError(f"cannot bind {type(term).__name__}")


def _where_brace(query: str) -> int:
    """Index just after the ``{`` that opens the outermost WHERE group."""
    i, depth, n = 0, 0, len(query)
    form: str | None = None
    first_brace: int | None = None
    saw_where = False
    while i < n:
        c = query[i]
        if c == "#":
            j = query.find("\n", i)
            i = n if j < 0 else j + 1
            continue
        if c in "\"'":
            triple = query[i : i + 3]
            if triple in ('"""', "'''"):
                j = query.find(triple, i + 3)
                i = n if j < 0 else j + 3
                continue
            j = i + 1
            while j < n and query[j] != c:
                j += 2 if query[j] == "\\" else 1
            i = j + 1
            continue
        if c == "<":
            m = _IRI.match(query, i)
            if m:
                i = m.end()
                continue
        if c == "{":
            if depth == 0:
                if saw_where:
                    return i + 1
                if first_brace is None:
                    first_brace = i + 1
                    if form in ("SELECT", "ASK", "DESCRIBE"):
                        return i + 1
            depth += 1
        elif c == "}":
            depth -= 1
        elif c.isalpha() and (i == 0 or not (query[i - 1].isalnum() or query[i - 1] in "?$:_")):
            m = _WORD.match(query, i)
            assert m is not None
            word = m.group(0).upper()
            if depth == 0:
                if word in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE") and form is None:
                    form = word
                elif word == "WHERE":
                    saw_where = True
            i = m.end()
            continue
        i += 1
    raise BadInputError("fant ingen WHERE-blokk / no WHERE group found in the query")


def inject_values(query: str, bindings: dict[str, Identifier]) -> str:
    """Bind ``bindings`` by an inline VALUES block at the start of the WHERE group.

    >>> q = "SELECT ?p WHERE { ?s ?p ?o }"
    >>> inject_values(q, {"s": URIRef("https://example.org/a")})
    'SELECT ?p WHERE { VALUES (?s) { (<https://example.org/a>) }\\n ?s ?p ?o }'
    """
    if not bindings:
        return query
    names = list(bindings)
    for name in names:
        if not _VAR_NAME.match(name):
            raise BadInputError(f"ugyldig variabelnavn / invalid variable name: {name!r}")
    at = _where_brace(query)
    head = " ".join(f"?{name}" for name in names)
    row = " ".join(term_n3(bindings[name]) for name in names)
    return f"{query[:at]} VALUES ({head}) {{ ({row}) }}\n{query[at:]}"
