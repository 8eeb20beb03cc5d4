"""Binding parameters into query text for stores that cannot take them separately.

A remote endpoint has no substitution API, so the bound terms go into the query as an
inline ``VALUES`` block at the start of the outermost ``WHERE`` group, which keeps every
parameter in the results. Inside that group each bound variable is also replaced by its
term (``bind_terms``), as pyoxigraph's ``substitutions`` do: servers do not push a
``VALUES`` block into unions, optionals and property paths (Oxigraph evaluates
``?legal hj:partOf* ?provision`` from every node; Virtuoso refuses a path whose start
only ``VALUES`` binds), but start from a constant. Each term is written by rdflib's
``n3()``, which escapes literals and IRIs: the value is data, never query text.
"""

from __future__ import annotations

import re

from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier

from graph.errors import BadInputError

__all__ = ["bind_terms", "inject_values", "term_n3"]

_IRI = re.compile(r"<[^<>\"{}|^`\\\s]*>")
_WORD = re.compile(r"[A-Za-z_]+")
_VAR = re.compile(r"[?$]([A-Za-z0-9_]+)")
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


def _substitute(query: str, terms: dict[str, str]) -> str:
    """``query`` with the variables of ``terms`` replaced inside the outermost WHERE group.

    Left as variables (and so bound by the VALUES block): the projection and solution
    modifiers of the outer query, subqueries (whose projection would lose the variable),
    the variable lists of ``VALUES``, the targets of ``AS``, and everything inside
    ``MINUS``, where a constant would change what is removed.
    """
    start = _where_brace(query)
    out = [query[:start]]
    i, n, depth = start, len(query), 1
    subqueries: list[int] = []  # depth of the group holding each open subquery
    values_head = after_as = False
    minus_at: int | None = None
    minus_next = False
    while i < n and depth > 0:
        c = query[i]
        j = i + 1
        if c == "#":
            k = query.find("\n", i)
            j = n if k < 0 else k + 1
        elif c in "\"'":
            triple = query[i : i + 3]
            if triple in ('"""', "'''"):
                k = query.find(triple, i + 3)
                j = n if k < 0 else k + 3
            else:
                while j < n and query[j] != c:
                    j += 2 if query[j] == "\\" else 1
                j += 1
            after_as = False
        elif c == "<" and (m := _IRI.match(query, i)):
            j = m.end()
            after_as = False
        elif (
            c in "?$"
            and (m := _VAR.match(query, i))
            and not (i > 0 and (query[i - 1].isalnum() or query[i - 1] in "_:"))
        ):
            j = m.end()
            name = m.group(1)
            keep = subqueries or values_head or after_as or minus_at is not None
            if name in terms and not keep:
                out.append(terms[name])
                i = j
                continue
            after_as = False
        elif c.isalpha() and not (query[i - 1].isalnum() or query[i - 1] in "?$:_"):
            m = _WORD.match(query, i)
            assert m is not None
            j = m.end()
            word = m.group(0).upper()
            after_as = word == "AS"
            if word == "SELECT":
                subqueries.append(depth)
            elif word == "VALUES":
                values_head = True
            elif word == "MINUS":
                minus_next = True
        elif c == "{":
            depth += 1
            values_head = after_as = False
            if minus_next and minus_at is None:
                minus_at = depth
            minus_next = False
        elif c == "}":
            if minus_at == depth:
                minus_at = None
            depth -= 1
            after_as = False
            if subqueries and depth < subqueries[-1]:
                subqueries.pop()
        elif not c.isspace():
            after_as = False
        out.append(query[i:j])
        i = j
    out.append(query[i:])
    return "".join(out)


def bind_terms(query: str, bindings: dict[str, Identifier]) -> str:
    """Bind ``bindings`` by a VALUES block and by their terms in the WHERE group.

    >>> q = "SELECT ?s ?o WHERE { ?s <https://example.org/p> ?o . FILTER(?o != ?s) }"
    >>> print(bind_terms(q, {"s": URIRef("https://example.org/a")}))
    SELECT ?s ?o WHERE { VALUES (?s) { (<https://example.org/a>) }
     <https://example.org/a> <https://example.org/p> ?o . FILTER(?o != <https://example.org/a>) }
    """
    if not bindings:
        return query
    terms = {name: term_n3(term) for name, term in bindings.items()}
    return inject_values(_substitute(query, terms), bindings)
