"""N-Triples terms written as text, for importers that generate many triples fast.

>>> literal('Sa "hei"\\n', lang="nb")
'"Sa \\\\"hei\\\\"\\\\n"@nb'
>>> iri("https://w3id.org/hjemmel/lov/2011-06-24-30")
'<https://w3id.org/hjemmel/lov/2011-06-24-30>'
"""

from __future__ import annotations

import re

__all__ = ["XSD_DATE", "date_literal", "escape_string", "iri", "literal", "triple"]

XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"

# ECHAR for the characters N-Triples forbids raw in a string; other control characters as UCHAR.
_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
}
_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f]')
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def _escape_char(m: re.Match[str]) -> str:
    c = m.group(0)
    return _ESCAPES.get(c) or f"\\u{ord(c):04X}"


def escape_string(value: str) -> str:
    """The body of an N-Triples string literal: ``\\``, ``"``, line breaks and control
    characters escaped, everything else (``§``, ``æøå``) kept as UTF-8."""
    if _NEEDS_ESCAPE.search(value) is None:
        return value
    return _NEEDS_ESCAPE.sub(_escape_char, value)


def literal(value: str, *, lang: str | None = None, datatype: str | None = None) -> str:
    """A literal term: plain, language-tagged or typed."""
    body = f'"{escape_string(value)}"'
    if lang:
        return f"{body}@{lang}"
    if datatype:
        return f"{body}^^<{datatype}>"
    return body


def date_literal(value: str) -> str:
    return f'"{value}"^^<{XSD_DATE}>'


def iri(value: str) -> str:
    """An IRI term; characters N-Triples forbids in an IRI are percent-encoded.

    >>> iri("https://lovdata.no/lov/2011-06-24-30/§12 5")
    '<https://lovdata.no/lov/2011-06-24-30/§12%205>'
    """
    if _IRI_FORBIDDEN.search(value) is not None:
        value = _IRI_FORBIDDEN.sub(
            lambda m: "".join(f"%{b:02X}" for b in m.group(0).encode()), value
        )
    return f"<{value}>"


def triple(s: str, p: str, o: str) -> str:
    """One N-Triples line from terms already written as text."""
    return f"{s} {p} {o} .\n"
