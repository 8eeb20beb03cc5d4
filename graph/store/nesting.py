"""Non-recursive scanners that measure how deeply a text nests before any parser sees it.

pyoxigraph's SPARQL, Turtle and JSON-LD parsers and Python's ``json`` recurse once per
level of nesting; a few thousand levels overflow the stack and end the whole process. These
scanners walk the text in one pass with a counter, so they cannot overflow, and the callers
refuse a text that nests deeper than a limit before it is parsed.

The SPARQL/Turtle scanner skips what can hide brackets (strings and comments) the same way
the grammars do, and errs on the side of counting: brackets inside IRIs are counted, a
closing bracket never takes the depth below zero, and a backslash outside a string takes the
next character with it (``ex:a\\#b`` is a prefixed name, not the start of a comment).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graph.errors import LimitExceededError

__all__ = [
    "JSON_MEDIA_TYPES",
    "TURTLE_MEDIA_TYPES",
    "Scan",
    "check_body_depth",
    "check_json_depth",
    "check_turtle_depth",
    "json_depth",
    "scan_sparql",
    "unescape_codepoints",
]

JSON_MEDIA_TYPES = frozenset({"application/json", "application/ld+json"})
TURTLE_MEDIA_TYPES = frozenset({"text/turtle", "application/trig", "application/x-turtle"})

_NAME_CHAR = r"\w\u00b7-\U000effff"
_TOKEN = re.compile(
    rf'''"""(?:[^"\\]|\\.|"(?!""))*"""
      | \'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
      | "(?:[^"\\\n\r]|\\.)*"
      | '(?:[^'\\\n\r]|\\.)*'
      | <[^<>"{{}}|^`\\\x00-\x20]*>
      | \#[^\n\r]*
      | \\.
      | [?$][{_NAME_CHAR}]*
      | @[A-Za-z]+(?:-[A-Za-z0-9]+)*
      | [{_NAME_CHAR}][{_NAME_CHAR}.-]*(?::[{_NAME_CHAR}.:%-]*)?
      | :[{_NAME_CHAR}.:%-]*
      | \S
    ''',
    re.VERBOSE | re.DOTALL,
)
_OPEN = frozenset("{([")
_CLOSE = frozenset("})]")
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


@dataclass
class Scan:
    """What one pass over a SPARQL or Turtle text found."""

    depth: int = 0
    """The deepest nesting of ``{``, ``(`` and ``[``."""
    tokens: int = 0
    """Tokens other than whitespace and comments."""
    services: list[str] = field(default_factory=list)
    """For each ``SERVICE``, the token naming its endpoint (``SILENT`` skipped); empty
    when the keyword is glued to other characters (``SERVICEex:x``, ``1SERVICE``), which
    the SPARQL parser still reads as ``SERVICE``."""


def unescape_codepoints(text: str) -> str:
    r"""``\uXXXX`` and ``\UXXXXXXXX`` replaced by their characters, as the SPARQL grammar
    allows anywhere in a query; escapes of characters that cannot stand in text stay.

    >>> unescape_codepoints(r"\u0053ERVICE")
    'SERVICE'
    """

    def replace(m: re.Match[str]) -> str:
        code = int(m.group(1) or m.group(2), 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            return m.group(0)
        return chr(code)

    return _CODEPOINT.sub(replace, text)


def scan_sparql(text: str) -> Scan:
    """Depth, token count and ``SERVICE`` keywords of a SPARQL or Turtle text.

    A word (not a variable, language tag, string, IRI or comment) is taken as ``SERVICE``
    when the part before its first colon contains the letters, in any case: the parser
    reads ``SERVICESILENT<…>``, ``SERVICEex:x`` and ``1SERVICE`` as the keyword too.

    >>> s = scan_sparql('SELECT * { "{{{" SERVICE <http://x/> { ?service ex:SERVICE 1 } } # }}}')
    >>> s.depth, s.services
    (2, ['<http://x/>'])
    >>> scan_sparql("ASK { ?o.service<http://x/>{} }").services
    ['<http://x/>']
    >>> scan_sparql("ASK { ?s ?p 1SERVICE <http://x/> {} }").services
    ['']
    """
    scan = Scan()
    depth = 0
    pending = False
    for m in _TOKEN.finditer(text):
        token = m.group(0)
        first = token[0]
        if first == "#":
            continue
        scan.tokens += 1
        if pending and token.upper() != "SILENT":
            scan.services.append(token)
            pending = False
        if first in _OPEN:
            depth += 1
            scan.depth = max(scan.depth, depth)
        elif first in _CLOSE:
            depth = max(depth - 1, 0)
        elif first == "<" and len(token) > 1:
            # An IRI, or a less-than the grammar reads differently: count its brackets.
            for char in token:
                if char in "([":
                    depth += 1
                    scan.depth = max(scan.depth, depth)
                elif char in ")]":
                    depth = max(depth - 1, 0)
        elif first not in "?$@\\\"'" and "SERVICE" in token.split(":", 1)[0].upper():
            if token.upper() == "SERVICE":
                pending = True
            else:
                scan.services.append("")
    if pending:
        scan.services.append("")
    return scan


def json_depth(data: bytes) -> int:
    """The deepest nesting of objects and arrays in a JSON text, strings skipped; the text
    need not be valid JSON.

    >>> json_depth(b'{"a": [1, {"b": "[[[["}]}')
    3
    """
    depth = deepest = 0
    for m in _JSON_TOKEN.finditer(data):
        char = m.group(0)[:1]
        if char in (b"{", b"["):
            depth += 1
            deepest = max(deepest, depth)
        elif char in (b"}", b"]"):
            depth = max(depth - 1, 0)
    return deepest


_JSON_TOKEN = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


def _too_deep(depth: int, limit: int, what: str) -> LimitExceededError:
    return LimitExceededError(
        f"{what} er nøstet {depth} nivåer dypt; grensen er {limit} / "
        f"{what} nests {depth} levels deep; the limit is {limit}"
    )


def check_json_depth(data: bytes, limit: int) -> None:
    """:raises LimitExceededError: ``data`` nests objects and arrays deeper than ``limit``."""
    depth = json_depth(data)
    if depth > limit:
        raise _too_deep(depth, limit, "JSON")


def check_turtle_depth(data: bytes, limit: int) -> None:
    """:raises LimitExceededError: blank nodes, collections or graph blocks nest deeper than
    ``limit``."""
    depth = scan_sparql(data.decode("utf-8", errors="replace")).depth
    if depth > limit:
        raise _too_deep(depth, limit, "RDF")


def check_body_depth(data: bytes, media_type: str, limit: int) -> None:
    """Check a request body of a JSON or Turtle-family media type; other types pass."""
    media_type = media_type.split(";")[0].strip().lower()
    if media_type in JSON_MEDIA_TYPES or media_type.endswith("+json"):
        check_json_depth(data, limit)
    elif media_type in TURTLE_MEDIA_TYPES:
        check_turtle_depth(data, limit)
