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
from collections.abc import Iterator

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


_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
_WHERE_OPTIONAL = ("SELECT", "ASK", "DESCRIBE")  # forms whose first group is the WHERE group


def _lexeme(query: str, i: int) -> tuple[str, int]:
    """The kind of the lexeme at ``i`` and the index after it.

    Kinds: ``comment``, ``literal`` (a string or an IRI), ``var``, ``word`` (a keyword or
    the like; not a prefixed name's local part), ``open`` and ``close`` (braces), ``space``
    and ``other`` (one character each).
    """
    c = query[i]
    if c == "#":
        k = query.find("\n", i)
        return "comment", len(query) if k < 0 else k + 1
    if c in "\"'":
        return "literal", _string_end(query, i)
    if c == "<" and (m := _IRI.match(query, i)):
        return "literal", m.end()
    if c in "?$" and (m := _VAR.match(query, i)) and not _continues_name(query, i, "_:"):
        return "var", m.end()
    if c.isalpha() and not _continues_name(query, i, "?$:_"):
        m = _WORD.match(query, i)
        assert m is not None
        return "word", m.end()
    if c in "{}":
        return "open" if c == "{" else "close", i + 1
    return "space" if c.isspace() else "other", i + 1


def _string_end(query: str, i: int) -> int:
    """Index just after the string literal that starts at ``i``."""
    c, n = query[i], len(query)
    triple = query[i : i + 3]
    if triple in ('"""', "'''"):
        k = query.find(triple, i + 3)
        return n if k < 0 else k + 3
    j = i + 1
    while j < n and query[j] != c:
        j += 2 if query[j] == "\\" else 1
    return j + 1


def _continues_name(query: str, i: int, chars: str) -> bool:
    """Whether the character before ``i`` is a letter, a digit or one of ``chars``."""
    return i > 0 and (query[i - 1].isalnum() or query[i - 1] in chars)


def _outer_lexemes(query: str) -> Iterator[tuple[str, int, int]]:
    """(kind, start, end) of every lexeme outside all groups, the ``{`` of each included."""
    i, depth = 0, 0
    while i < len(query):
        kind, end = _lexeme(query, i)
        if depth == 0:
            yield kind, i, end
        depth += (kind == "open") - (kind == "close")
        i = end


def _where_brace(query: str) -> int:
    """Index just after the ``{`` that opens the outermost WHERE group."""
    form: str | None = None
    first_group = True
    saw_where = False
    for kind, start, end in _outer_lexemes(query):
        if kind == "open":
            if saw_where or (first_group and form in _WHERE_OPTIONAL):
                return end
            first_group = False
        elif kind == "word":
            word = query[start:end].upper()
            if word in _FORMS and form is None:
                form = word
            elif word == "WHERE":
                saw_where = True
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
    group = _WhereGroup(terms)
    i = start
    while i < len(query) and group.depth > 0:
        kind, end = _lexeme(query, i)
        out.append(group.read(kind, query[i:end]))
        i = end
    out.append(query[i:])
    return "".join(out)


class _WhereGroup:
    """Where ``_substitute`` is inside the WHERE group, and whether a variable there may be
    replaced by its term."""

    def __init__(self, terms: dict[str, str]) -> None:
        self.terms = terms
        self.depth = 1
        self.subqueries: list[int] = []  # depth of the group holding each open subquery
        self.values_head = False  # between VALUES and its data block
        self.after_as = False  # right after AS
        self.minus_at: int | None = None  # depth of the open MINUS group
        self.minus_next = False  # the next group is MINUS's

    def read(self, kind: str, text: str) -> str:
        """The text to write for a lexeme of ``kind``."""
        if kind == "var":
            return self.variable(text)
        if kind == "word":
            self.keyword(text.upper())
        elif kind == "open":
            self.open_group()
        elif kind == "close":
            self.close_group()
        elif kind in ("literal", "other"):
            self.after_as = False
        return text

    def variable(self, text: str) -> str:
        keep = self.subqueries or self.values_head or self.after_as or self.minus_at is not None
        if text[1:] in self.terms and not keep:
            return self.terms[text[1:]]
        self.after_as = False
        return text

    def keyword(self, word: str) -> None:
        self.after_as = word == "AS"
        if word == "SELECT":
            self.subqueries.append(self.depth)
        elif word == "VALUES":
            self.values_head = True
        elif word == "MINUS":
            self.minus_next = True

    def open_group(self) -> None:
        self.depth += 1
        self.values_head = self.after_as = False
        if self.minus_next and self.minus_at is None:
            self.minus_at = self.depth
        self.minus_next = False

    def close_group(self) -> None:
        if self.minus_at == self.depth:
            self.minus_at = None
        self.depth -= 1
        self.after_as = False
        if self.subqueries and self.depth < self.subqueries[-1]:
            self.subqueries.pop()


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
