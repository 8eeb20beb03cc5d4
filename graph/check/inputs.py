"""What a text to be checked can be: plain text, HTML, or Helsedirektoratet content-API
JSON (one document or a list of them), read into sections of plain text.

Each section keeps the lovdata.no (and other) links of its HTML with their places in its
text. The sections of one input are checked as one text, joined by a blank line; a
section's ``start`` is where it begins in that text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

from lxml import etree
from lxml import html as lxml_html

from graph.errors import BadInputError, PayloadTooLargeError
from graph.importers.helsedir_text import HtmlText, TextLink, parse_html

__all__ = [
    "MAX_CHECK_BYTES",
    "InputFormat",
    "Section",
    "decode",
    "guess_format",
    "read_input",
]

MAX_CHECK_BYTES = 1_000_000
"""The largest input the check reads: 1 MB (1 000 000 bytes) of UTF-8."""

InputFormat = Literal["text", "html", "json"]

_SECTION_GAP = "\n\n"
# the fields of a content-API document that hold its text, in reading order
_DOCUMENT_FIELDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("tittel", ("tittel",)),
    ("intro", ("intro",)),
    ("tekst", ("tekst",)),
    ("data.praktisk", ("data", "praktisk")),
    ("data.rasjonale", ("data", "rasjonale")),
)


@dataclass(frozen=True)
class Section:
    """A part of the input as plain text: the whole of a plain text or HTML input, or one
    field of one content-API document. ``label`` names it ("tekst", or "Tittel: tekst" for
    a document field); ``start`` is its offset in the text that is checked."""

    label: str | None
    content: HtmlText
    start: int = 0

    @property
    def text(self) -> str:
        return self.content.text

    @property
    def links(self) -> tuple[TextLink, ...]:
        return self.content.links


def decode(data: bytes | str) -> str:
    """``data`` as text; bytes must be UTF-8 (a byte-order mark is skipped).

    :raises PayloadTooLargeError: larger than :data:`MAX_CHECK_BYTES`.
    :raises BadInputError: not UTF-8.
    """
    size = len(data.encode("utf-8")) if isinstance(data, str) else len(data)
    if size > MAX_CHECK_BYTES:
        raise PayloadTooLargeError(
            f"teksten er for stor / the text is too large: {size} byte, høyst / at most "
            f"{MAX_CHECK_BYTES}"
        )
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise BadInputError(f"ikke UTF-8 / not UTF-8 (byte {e.start})") from e


def guess_format(text: str, name: str | None = None) -> InputFormat:
    """The format of an input by its file name, else by its first character.

    >>> guess_format('[{"tittel": "x"}]'), guess_format("<p>Kommunen skal</p>")
    ('json', 'html')
    >>> guess_format("Kommunen skal ha rutiner."), guess_format("x", "side.htm")
    ('text', 'html')
    """
    lower = (name or "").lower()
    if lower.endswith(".json"):
        return "json"
    if lower.endswith((".html", ".htm", ".xhtml")):
        return "html"
    if lower.endswith((".txt", ".md")):
        return "text"
    head = text.lstrip("\ufeff \t\r\n")[:1]
    if head in ("{", "["):
        return "json"
    if head == "<":
        return "html"
    return "text"


def _html(markup: str) -> HtmlText:
    """The text of an HTML fragment or of a whole page (its body)."""
    if "<body" in markup.lower() or "<html" in markup.lower():
        try:
            doc = lxml_html.document_fromstring(markup)
        except (etree.ParserError, ValueError) as e:
            raise BadInputError(f"kan ikke lese HTML / cannot read HTML: {e}") from e
        body = doc.find("body")
        if body is None:
            return HtmlText("")
        inner = (body.text or "") + "".join(
            etree.tostring(child, encoding="unicode") for child in body
        )
        return parse_html(inner)
    try:
        return parse_html(markup)
    except (etree.ParserError, ValueError) as e:
        raise BadInputError(f"kan ikke lese HTML / cannot read HTML: {e}") from e


def _field(doc: dict[str, Any], path: tuple[str, ...]) -> str:
    value: Any = doc
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    return value if isinstance(value, str) else ""


def _documents(value: Any) -> list[dict[str, Any]]:
    items = value if isinstance(value, list) else [value]
    if not all(isinstance(item, dict) for item in items):
        raise BadInputError(
            "forventet et JSON-objekt eller en liste av objekter / "
            "expected a JSON object or a list of objects"
        )
    return items


def _json_sections(text: str) -> list[Section]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as e:
        raise BadInputError(
            f"ugyldig JSON / invalid JSON: {e.msg} (linje {e.lineno}, kolonne {e.colno})"
        ) from e
    if isinstance(value, dict) and isinstance(value.get("text"), str) and "tittel" not in value:
        fmt = value.get("format", "text")
        if fmt not in ("text", "html"):
            raise BadInputError(f"ukjent format / unknown format {fmt!r}; bruk text eller html")
        return _plain_sections(value["text"], fmt)
    sections: list[Section] = []
    for doc in _documents(value):
        title = _field(doc, ("tittel",)).strip()
        for name, path in _DOCUMENT_FIELDS:
            markup = _field(doc, path)
            content = HtmlText(markup.strip()) if name == "tittel" else _html(markup)
            if content.text.strip():
                label = name if not title or name == "tittel" else f"{title}: {name}"
                sections.append(Section(label, content))
    return sections


def _plain_sections(text: str, fmt: InputFormat) -> list[Section]:
    if fmt == "html":
        return [Section(None, _html(text))]
    return [Section(None, HtmlText(text.replace("\r\n", "\n")))]


def read_input(
    data: bytes | str, fmt: InputFormat | None = None, name: str | None = None
) -> tuple[InputFormat, str, list[Section]]:
    """The format, the text to be checked and its sections.

    A JSON object with a string field ``text`` (and no ``tittel``) is a wrapper, ``{"text":
    "…", "format": "text"|"html"}``; any other JSON is one content-API document or a list
    of them, whose title, intro, text, practical text and rationale are read.

    :raises BadInputError: too large, not UTF-8, or JSON or HTML that cannot be read.
    """
    text = decode(data)
    fmt = fmt or guess_format(text, name)
    raw = _json_sections(text) if fmt == "json" else _plain_sections(text, fmt)
    placed: list[Section] = []
    pos = 0
    for section in raw:
        if placed:
            pos += len(_SECTION_GAP)
        placed.append(Section(section.label, section.content, pos))
        pos += len(section.text)
    joined = _SECTION_GAP.join(s.text for s in placed)
    return fmt, joined, placed
