"""The HTML of Helsedirektoratet's content API reduced to plain text, keeping where each
link stands in that text.

Block elements (paragraphs, headings, list items, table rows) become lines; list items
start with "• "; runs of whitespace and non-breaking spaces become one space; entities are
decoded by the HTML parser.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree
from lxml import html as lxml_html

__all__ = ["HtmlText", "TextLink", "html_to_text", "parse_html"]

_BLOCKS = frozenset(
    {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "table", "thead"}
    | {"tbody", "tr", "blockquote", "section", "article", "header", "footer", "figure"}
    | {"figcaption", "dl", "dt", "dd", "pre", "hr"}
)
_SKIPPED = frozenset({"script", "style", "template"})


@dataclass(frozen=True)
class TextLink:
    """An ``<a href>`` and the span its text occupies in the plain text."""

    href: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class HtmlText:
    text: str
    links: tuple[TextLink, ...] = ()


@dataclass
class _Builder:
    parts: list[str] = field(default_factory=list)
    length: int = 0
    pending_space: bool = False
    pending_break: bool = False
    pending_bullet: bool = False
    open_links: list[list[object]] = field(default_factory=list)
    links: list[TextLink] = field(default_factory=list)

    def _emit(self, s: str) -> None:
        self.parts.append(s)
        self.length += len(s)

    def text(self, s: str | None) -> None:
        if not s:
            return
        s = s.replace("\xa0", " ")
        words = s.split()
        if not words:
            self.pending_space = True
            return
        if self.length:
            if self.pending_break:
                self._emit("\n")
            elif self.pending_space or s[0].isspace():
                self._emit(" ")
        self.pending_break = self.pending_space = False
        if self.pending_bullet:
            self._emit("• ")
            self.pending_bullet = False
        for link in self.open_links:
            if link[1] is None:
                link[1] = self.length
        self._emit(" ".join(words))
        self.pending_space = s[-1].isspace()

    def block(self) -> None:
        if self.length:
            self.pending_break = True
        self.pending_space = False

    def open_link(self, href: str) -> None:
        self.open_links.append([href, None])

    def close_link(self) -> None:
        href, start = self.open_links.pop()
        begin = self.length if start is None else int(start)  # type: ignore[call-overload]
        text = "".join(self.parts)[begin : self.length]
        self.links.append(TextLink(str(href), text, begin, self.length))

    def result(self) -> HtmlText:
        return HtmlText("".join(self.parts), tuple(self.links))


def _walk(el: etree._Element, out: _Builder) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in _SKIPPED:
        return
    if not tag:  # comments and processing instructions: only their tail is text
        return
    if tag in _BLOCKS:
        out.block()
    if tag == "br":
        out.block()
    if tag == "li":
        out.pending_bullet = True
    href = el.get("href") if tag == "a" else None
    if href:
        out.open_link(href.strip())
    out.text(el.text)
    for child in el:
        _walk(child, out)
        out.text(child.tail)
    if href:
        out.close_link()
    if tag == "li":
        out.pending_bullet = False
    if tag in _BLOCKS:
        out.block()


def parse_html(markup: str | None) -> HtmlText:
    """Plain text and links of an HTML fragment.

    >>> r = parse_html('<p>jf.&nbsp;<a href="https://lovdata.no/lov/1999-07-02-63/§1-3">'
    ...                'loven § 1-3</a>.</p><ul><li>én</li></ul>')
    >>> r.text
    'jf. loven § 1-3.\\n• én'
    >>> r.links[0].text, r.text[r.links[0].start:r.links[0].end]
    ('loven § 1-3', 'loven § 1-3')
    """
    if not markup or not markup.strip():
        return HtmlText("")
    root = lxml_html.fragment_fromstring(markup, create_parent="div")
    out = _Builder()
    _walk(root, out)
    return out.result()


def html_to_text(markup: str | None) -> str:
    """The plain text of an HTML fragment (no tags, no entities).

    >>> html_to_text("<h3>&nbsp;</h3>\\n\\n<ol>\\n</ol>\\n")
    ''
    """
    return parse_html(markup).text
