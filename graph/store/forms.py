"""The form of a SPARQL request text (SELECT, ASK, CONSTRUCT, DESCRIBE or an update), read
from the first keyword after the prologue, so a read-only endpoint can refuse updates and
pick a response format before it runs anything."""

from __future__ import annotations

import re

__all__ = ["READ_FORMS", "UPDATE_KEYWORDS", "request_form", "with_base"]

READ_FORMS = frozenset({"select", "ask", "construct", "describe"})
UPDATE_KEYWORDS = frozenset(
    {"insert", "delete", "load", "clear", "create", "drop", "copy", "move", "add", "with"}
)

_PROLOGUE = re.compile(
    r"""\s+
    | \#[^\n]*
    | PREFIX\s+[^\s:]*:\s*<[^>]*>
    | BASE\s*<[^>]*>
    """,
    re.IGNORECASE | re.VERBOSE,
)
_KEYWORD = re.compile(r"[A-Za-z]+")
_IRI_REF = re.compile(r"<([^<>\"{}|^`\\\s]*)>")
_ABSOLUTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_BASE_DECL = re.compile(r"^\s*BASE\b", re.IGNORECASE | re.MULTILINE)


def request_form(text: str) -> str | None:
    """``"select"``, ``"ask"``, ``"construct"``, ``"describe"``, ``"update"``, or None
    when the text starts with none of them (the parser then reports the error).

    >>> request_form("PREFIX hj: <https://w3id.org/hjemmel/ontology#>\\n# a comment\\nASK {}")
    'ask'
    >>> request_form("CLEAR ALL")
    'update'
    >>> request_form("{ oops") is None
    True
    """
    pos = 0
    while m := _PROLOGUE.match(text, pos):
        if m.end() == pos:
            break
        pos = m.end()
    m = _KEYWORD.match(text, pos)
    if not m:
        return None
    word = m.group(0).lower()
    if word in READ_FORMS:
        return word
    if word in UPDATE_KEYWORDS:
        return "update"
    return None


def with_base(text: str, base_iri: str) -> str:
    """The query with ``BASE <base_iri>`` put in front when it uses a relative IRI and
    declares no base, so relative IRIs resolve against the endpoint. The declaration goes
    on the first line, so line numbers in parser messages stay right.

    >>> with_base("CONSTRUCT { <s> <p> 1 } WHERE {}", "http://example.org/sparql")
    'BASE <http://example.org/sparql> CONSTRUCT { <s> <p> 1 } WHERE {}'
    >>> with_base("ASK { <http://a.example/s> ?p ?o }", "http://example.org/sparql")
    'ASK { <http://a.example/s> ?p ?o }'
    """
    if _BASE_DECL.search(text):
        return text
    if not any(not _ABSOLUTE.match(m.group(1)) for m in _IRI_REF.finditer(text)):
        return text
    return f"BASE <{base_iri}> {text}"
