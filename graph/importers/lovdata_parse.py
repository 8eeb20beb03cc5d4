"""One Lovdata XML file (an act or a regulation) as N-Triples text.

What becomes what:

- the act: ``hj:Act`` (``lov/…``) or ``hj:Regulation`` (``forskrift/…``) with its header
  (title, short title, legacy id, refid, ELI IRI, ministry, dates in force, basedOn);
- ``section.section`` → ``hj:LegalChapter`` (``kapittel/12`` from data-name ``kap12``; a
  section without data-name takes its positional ``id`` as ``seksjon/{id}``);
- ``article.legalArticle`` → ``hj:Provision``, keyed by data-name (``§12-5`` → ``paragraf/12-5``);
- its child ``article.legalP`` / ``article.numberedLegalP`` → ``hj:Subsection`` (ledd 1, 2, …
  in document order);
- ``ol/li[@data-name]`` below a ledd → ``hj:LetteredPoint`` (``type="a"``/``"A"``) or
  ``hj:NumberedPoint`` (any other type); a list inside a point nests below that point;
- ``a[href^="lov/" or "forskrift/"]`` in the body → ``hj:cites`` from the smallest enclosing
  point, ledd or provision (the act when outside every provision); links in amendment
  notes, footnotes and not-yet-in-force articles are not citations;
- ``article.changesToParent`` of a provision → ``hj:amendment`` ``{provision}/endring/N``.

When a data-name repeats inside one act (or one list), its n-th occurrence (n ≥ 2) gets the
suffix ``_n`` (``paragraf/1_2``), so every IRI names one element. Text is whitespace
normalised; headings, footnotes and amendment notes are left out of it. Literals take the
document's language: ``nn`` for nynorsk, ``nb`` otherwise (Lovdata marks bokmål ``no``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import quote, unquote

from lxml import etree

from graph.citations.legislation_index import ActEntry, legislation
from graph.errors import BadInputError, ImportFailedError
from graph.importers.lovdata_nt import date_literal, iri, literal
from graph.model.dates import norwegian_date
from graph.model.iris import (
    act_iri,
    chapter_iri,
    ledd_iri,
    lovdata_graph,
    lovdata_url,
    point_iri,
    provision_iri,
)
from graph.model.vocab import BASE, DCTERMS, HJ, OWL, PROV, RDF

__all__ = ["ActCounts", "ParsedAct", "eli_iri", "parse_act", "provision_hash"]

_A = f"<{RDF.type}>"
_PART_OF = f"<{HJ.partOf}>"
_TEXT = f"<{HJ.text}>"
_REF = f"<{HJ.lovdataRef}>"
_NUMBER = f"<{HJ.number}>"
_TITLE = f"<{DCTERMS.title}>"
_CITES = f"<{HJ.cites}>"
_CLASS = {
    name: f"<{HJ[name]}>"
    for name in (
        "Act",
        "Regulation",
        "LegalChapter",
        "Provision",
        "Subsection",
        "LetteredPoint",
        "NumberedPoint",
        "Amendment",
    )
}

_ACT_PREFIX = re.compile(r"^(lov|forskrift)/\d{4}-\d{2}-\d{2}(?:-\d+)?(?=/|$|[^\d-])")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_IN_FORCE = re.compile(r"\((?:i kraft|ikr\.)\s+(?:fra\s+)?(\d{1,2})\.?\s+([a-zæøå]+)\.?\s+(\d{4})")
_NOT_AMENDING = re.compile(r"(iflg\.|kunngjort ved|kunngjort i|som endret ved(?: lov| lover)?)\s*$")

# Elements whose text and links belong to no provision text.
_NOT_TEXT = frozenset(
    {"changesToParent", "footnotes", "footnote", "futureLegalArticle", "footnotereference",
     "legalArticleHeader"}
)  # fmt: skip
_NOT_CITING = frozenset({"changesToParent", "footnotes", "footnote", "futureLegalArticle"})
_BLOCK = (
    "article", "section", "li", "p", "ol", "ul", "div", "h1", "h2", "h3", "h4", "h5", "h6",
    "table", "tr", "td", "th", "br", "blockquote", "dd", "dt", "dl", "footer", "header", "pre",
)  # fmt: skip
_SAFE = "-._~!$&'()*+,;=:@"  # as graph.model.iris quotes path segments
_LEDD = frozenset({"legalP", "numberedLegalP"})

_PARSER = etree.XMLParser(
    huge_tree=True, resolve_entities=False, no_network=True, remove_comments=True
)


@dataclass
class ActCounts:
    """What one import produced; the closing count of ``hjemmel import lovdata``."""

    acts: int = 0
    chapters: int = 0
    provisions: int = 0
    ledd: int = 0
    points: int = 0
    based_on: int = 0
    citations: int = 0
    amendments: int = 0
    triples: int = 0

    def add(self, other: ActCounts) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class ParsedAct:
    """One act, ready to replace its named graph."""

    refid: str
    graph: str
    source: str
    kind: str  # "lov" or "forskrift"
    title: str
    ntriples: str
    counts: ActCounts
    provision_hashes: dict[str, str] = field(default_factory=dict)
    """provision IRI → :func:`provision_hash` of its title and text."""
    version_date: str | None = None
    """The date of the consolidated text: its last change in force (``lastChangeInForce``)."""


def provision_hash(title: str | None, text: str | None) -> str:
    """A short digest of a provision's title and text, to tell which provisions changed."""
    data = f"{title or ''}\n{text or ''}".encode()
    return hashlib.blake2b(data, digest_size=12).hexdigest()


def eli_iri(refid: str) -> str | None:
    """Lovdata's ELI IRI of an act: ``lov/2011-06-24-30`` →
    ``https://lovdata.no/eli/lov/2011/06/24/30/nor``. None for an act without a number (such as
    Grunnloven, ``lov/1814-05-17``), whose ELI form Lovdata's data does not show.

    >>> eli_iri("forskrift/2019-03-01-168")
    'https://lovdata.no/eli/forskrift/2019/03/01/168/nor'
    >>> eli_iri("lov/1814-05-17") is None
    True
    """
    kind, _, rest = refid.partition("/")
    parts = rest.split("-")
    if len(parts) != 4:
        return None
    return f"https://lovdata.no/eli/{kind}/{'/'.join(parts)}/nor"


@lru_cache(maxsize=200_000)
def resolve_ref(href: str) -> str | None:
    """The IRI a Lovdata link or basedOn entry names, or None when it names no act.

    Checked against the legislation index (:mod:`graph.citations.legislation_index`): the
    provision is named as Lovdata writes it (``§4a-5`` → ``paragraf/4A-5``), a ledd or point
    only when it exists; anything finer than the graph models (``…/ledd/2/setning/1``) or
    that does not exist resolves to the nearest resource that does, chapter links
    (``…/kap3``) to the chapter. Below an act whose text is not among the Lovdata files
    (a repealed act) nothing can be checked, so the link resolves to the act.
    """
    href = href.strip()
    m = _ACT_PREFIX.match(href)
    if m is None:
        return None
    act = m.group(0)
    entry = legislation().act(act)
    rest = [unquote(s) for s in href[len(act) :].split("/") if s]
    if entry is None or not entry.has_text or not rest:
        return str(act_iri(act))
    if rest[0].startswith("kap"):
        chapter = entry.chapter(rest[0][3:])
        return str(chapter_iri(act, "kap" + chapter) if chapter else act_iri(act))
    number = entry.provision(rest[0]) if rest[0].startswith("§") else None
    if number is None:
        return str(act_iri(act))
    return _below_provision(entry, act, number, rest[1:])


def _below_provision(entry: ActEntry, act: str, number: str, rest: list[str]) -> str:
    iri = str(provision_iri(act, number))
    ledd: int | None = None
    if len(rest) >= 2 and rest[0] == "ledd" and rest[1].isdigit():
        if not 1 <= int(rest[1]) <= entry.ledd_count(number):
            return iri
        ledd = int(rest[1])
        iri = str(ledd_iri(iri, ledd))
        rest = rest[2:]
    if len(rest) < 2 or rest[0] not in ("bokstav", "nummer"):
        return iri
    kind, label = rest[0], rest[1]
    if ledd is None:
        found = [n for n in range(1, entry.ledd_count(number) + 1)
                 if entry.has_point(number, label, kind, n)]  # fmt: skip
        if len(found) != 1:
            return iri
        iri, ledd = str(ledd_iri(iri, found[0])), found[0]
    if not entry.has_point(number, label, kind, ledd):
        return iri
    return str(point_iri(iri, label, kind))


def _classes(el: etree._Element) -> str:
    return el.get("class") or ""


def _drop(el: etree._Element) -> None:
    """Remove an element, keeping the text that follows it."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _prepare_text(body: etree._Element) -> None:
    """Drop what is no provision text and space out block elements, so that lxml's own
    text serialisation gives the text (far faster than walking the tree in Python)."""
    for el in [e for e in body.iter("article", "footer", "sup", "h3", "h4", "h5", "div")
               if e.get("class") in _NOT_TEXT]:  # fmt: skip
        _drop(el)
    for el in body.iter(*_BLOCK):
        el.tail = " " + el.tail if el.tail else " "
        el.text = " " + el.text if el.text else " "


def text_of(el: etree._Element) -> str:
    """Whitespace-normalised text of an element prepared by :func:`_prepare_text`."""
    return " ".join(etree.tostring(el, method="text", encoding="unicode", with_tail=False).split())


def _plain(el: etree._Element | None) -> str:
    return " ".join(el.xpath("string()").split()) if el is not None else ""


def _dates(text: str) -> list[str]:
    out = []
    for m in _ISO_DATE.finditer(text):
        try:
            dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            continue
        out.append(m.group(0))
    return out


class _Names:
    """Unique names inside one scope: the n-th repetition (n ≥ 2) gets ``_n``."""

    def __init__(self) -> None:
        self.seen: Counter[str] = Counter()

    def unique(self, name: str) -> str:
        self.seen[name] += 1
        n = self.seen[name]
        return name if n == 1 else f"{name}_{n}"


class _ActWriter:
    def __init__(self, refid: str, lang: str) -> None:
        self.refid = refid
        self.act = str(act_iri(refid))
        self.lang = lang
        self.lines: list[str] = []
        self.counts = ActCounts(acts=1)
        self.hashes: dict[str, str] = {}
        self.owner: dict[etree._Element, str] = {}  # text-bearing element → its IRI
        self.texts: list[tuple[str, etree._Element, str | None]] = []  # IRI, element, title

    def add(self, s: str, p: str, o: str) -> None:
        self.lines.append(f"<{s}> {p} {o} .\n")

    def text(self, s: str, value: str, pred: str = _TEXT) -> None:
        if value:
            self.add(s, pred, literal(value, lang=self.lang))


def read_document(
    xml: bytes, source: str
) -> tuple[etree._Element, dict[str, etree._Element], str, str]:
    """The root, the header fields (by class), the legacy id and the refid of a Lovdata or
    Norsk Lovtidend XHTML document.

    :raises ImportFailedError: the XML is malformed, or lacks legacyID or a valid refid.
    """
    try:
        root = etree.fromstring(xml, _PARSER)
    except etree.XMLSyntaxError as e:
        where = f"{source}:{e.lineno}" if e.lineno else source
        raise ImportFailedError(f"ugyldig XML / malformed XML: {e.msg}", location=where) from e
    header: dict[str, etree._Element] = {}
    dl = root.find(".//dl")
    for dd in dl.iter("dd") if dl is not None else ():
        header.setdefault(_classes(dd), dd)
    legacy_id, refid = _plain(header.get("legacyID")), _plain(header.get("refid"))
    if not legacy_id or not refid:
        missing = "legacyID" if not legacy_id else "refid"
        raise ImportFailedError(f"mangler / lacks {missing}", location=source)
    try:
        act_iri(refid)
    except BadInputError as e:
        raise ImportFailedError(e.message, location=source) from e
    return root, header, legacy_id, refid


def parse_act(xml: bytes, source: str) -> ParsedAct:
    """Parse one Lovdata XML document into the N-Triples of its named graph.

    :raises ImportFailedError: the XML is malformed, or lacks legacyID or refid; the
        location names ``source`` and the line where the parser gives one.
    """
    root, header, legacy_id, refid = read_document(xml, source)
    lang = "nn" if (root.get("lang") or "").startswith("nn") else "nb"
    w = _ActWriter(refid, lang)
    kind = refid.split("/", 1)[0]
    title = _plain(header.get("title"))
    _header(w, header, kind, legacy_id, title, source)
    body = root.find(".//main")
    if body is not None:
        _body(w, body)
    graph = str(lovdata_graph(refid))
    dokid = _plain(header.get("dokid"))
    if dokid:
        w.lines.append(
            f"<{graph}> <{PROV.wasDerivedFrom}> {iri('https://lovdata.no/dokument/' + dokid)} .\n"
        )
    lines = list(dict.fromkeys(w.lines))
    w.counts.triples = len(lines)
    return ParsedAct(
        refid=refid,
        graph=graph,
        source=source,
        kind=kind,
        title=title,
        ntriples="".join(lines),
        counts=w.counts,
        provision_hashes=w.hashes,
        version_date=next(iter(_dates(_plain(header.get("lastChangeInForce")))), None),
    )


def _header(
    w: _ActWriter,
    header: dict[str, etree._Element],
    kind: str,
    legacy_id: str,
    title: str,
    source: str,
) -> None:
    act = w.act
    w.add(act, _A, _CLASS["Act" if kind == "lov" else "Regulation"])
    w.text(act, title, _TITLE)
    w.text(act, _plain(header.get("titleShort")), f"<{HJ.shortTitle}>")
    w.add(act, f"<{HJ.legacyId}>", literal(legacy_id))
    w.add(act, _REF, literal(w.refid))
    eli = eli_iri(w.refid)
    if eli is not None:
        w.add(act, f"<{OWL.sameAs}>", iri(eli))
    w.add(act, f"<{HJ.lovdataUrl}>", iri(lovdata_url(w.refid)))
    w.add(act, f"<{HJ.sourceFile}>", literal(source.rsplit("/", 1)[-1]))
    ministry = header.get("ministry")
    if ministry is not None:
        names = [_plain(li) for li in ministry.iter("li")] or [_plain(ministry)]
        for name in filter(None, names):
            w.add(act, f"<{HJ.ministry}>", literal(name, lang="nb"))
    for date in _dates(_plain(header.get("dateInForce"))):
        w.add(act, f"<{HJ.dateInForce}>", date_literal(date))
    for date in _dates(_plain(header.get("lastChangeInForce")))[:1]:
        w.add(act, f"<{HJ.lastChangeInForce}>", date_literal(date))
        w.add(act, f"<{DCTERMS.modified}>", date_literal(date))
    based_on = header.get("basedOn")
    if based_on is not None:
        for li in based_on.iter("li"):
            target = resolve_ref(_plain(li))
            if target is not None:
                w.add(act, f"<{HJ.basedOnLaw}>", f"<{target}>")
                w.counts.based_on += 1


def _body(w: _ActWriter, body: etree._Element) -> None:
    chapters: dict[etree._Element, str] = {}
    chapter_names = _Names()
    provision_names = _Names()
    for el in body.iter("section", "article"):
        cls = _classes(el)
        if el.tag == "section":
            name = el.get("data-name") or el.get("id")
            if not name:
                continue
            iri_ = str(chapter_iri(w.refid, chapter_names.unique(name)))
            chapters[el] = iri_
            _chapter(w, el, iri_, _container(el, chapters, w.act))
        elif cls == "legalArticle":
            name = el.get("data-name") or el.get("id") or ""
            _provision(w, el, provision_names.unique(name), _container(el, chapters, w.act))
    _citations(w, body)
    _prepare_text(body)
    for iri_, el, title in w.texts:
        text = text_of(el)
        w.text(iri_, text)
        if title is not None:
            w.hashes[iri_] = provision_hash(title, text)


def _container(el: etree._Element, chapters: dict[etree._Element, str], act: str) -> str:
    parent = el.getparent()
    while parent is not None:
        if parent.tag == "section" and parent in chapters:
            return chapters[parent]
        parent = parent.getparent()
    return act


def _chapter(w: _ActWriter, el: etree._Element, iri_: str, parent: str) -> None:
    w.counts.chapters += 1
    w.add(iri_, _A, _CLASS["LegalChapter"])
    w.add(iri_, _PART_OF, f"<{parent}>")
    name = el.get("data-name")
    if name:
        w.add(iri_, _NUMBER, literal(name.removeprefix("kap")))
    for child in el:
        if isinstance(child.tag, str) and child.tag[:1] == "h" and child.tag[1:].isdigit():
            w.text(iri_, _plain(child), _TITLE)
            break


def _provision(w: _ActWriter, el: etree._Element, name: str, parent: str) -> None:
    number = name.removeprefix("§").strip()
    iri_ = f"{w.act}/paragraf/{quote(number, safe=_SAFE)}"
    data_name = el.get("data-name") or name
    ref = f"{w.refid}/{data_name}"
    w.counts.provisions += 1
    w.owner[el] = iri_
    w.add(iri_, _A, _CLASS["Provision"])
    w.add(iri_, _PART_OF, f"<{parent}>")
    w.add(iri_, _NUMBER, literal(data_name.removeprefix("§").strip()))
    w.add(iri_, _REF, literal(ref))
    title_el = el.find(".//span[@class='legalArticleTitle']")
    title = _plain(title_el) if title_el is not None else ""
    w.text(iri_, title, _TITLE)
    w.texts.append((iri_, el, title))
    n = 0
    for child in el:
        cls = _classes(child)
        if cls in _LEDD:
            n += 1
            _ledd(w, child, f"{iri_}/ledd/{n}", f"{ref}/ledd/{n}", iri_)
        elif cls == "changesToParent":
            _amendments(w, child, iri_)


def _ledd(w: _ActWriter, el: etree._Element, iri_: str, ref: str, parent: str) -> None:
    w.counts.ledd += 1
    w.owner[el] = iri_
    w.add(iri_, _A, _CLASS["Subsection"])
    w.add(iri_, _PART_OF, f"<{parent}>")
    w.add(iri_, _REF, literal(ref))
    w.texts.append((iri_, el, None))
    _points(w, el, iri_, ref)


def _lists(el: etree._Element):  # type: ignore[no-untyped-def]
    for child in el:
        if child.tag == "ol":
            yield child
        elif isinstance(child.tag, str):
            yield from _lists(child)


def _points(w: _ActWriter, el: etree._Element, parent: str, parent_ref: str) -> None:
    names = _Names()
    for ol in _lists(el):
        kind = "bokstav" if ol.get("type") in ("a", "A") else "nummer"
        cls = _CLASS["LetteredPoint" if kind == "bokstav" else "NumberedPoint"]
        for li in ol:
            label = (li.get("data-name") or "").rstrip(".").strip() if li.tag == "li" else ""
            if not label:
                continue
            label = names.unique(f"{kind}/{label}").split("/", 1)[1]
            iri_ = f"{parent}/{kind}/{quote(label, safe=_SAFE)}"
            ref = f"{parent_ref}/{kind}/{label}"
            w.counts.points += 1
            w.owner[li] = iri_
            w.add(iri_, _A, cls)
            w.add(iri_, _PART_OF, f"<{parent}>")
            w.add(iri_, _NUMBER, literal(label))
            w.add(iri_, _REF, literal(ref))
            w.texts.append((iri_, li, None))
            _points(w, li, iri_, ref)


def _amendments(w: _ActWriter, note: etree._Element, provision: str) -> None:
    """Amending acts of one note: every act link except the in-force resolutions
    (``iflg. res. …``), each with the date of its ``(i kraft …)``/``(ikr. …)``."""
    found: list[tuple[str, list[str]]] = []
    before = note.text or ""
    for a in note.iter("a"):
        href = a.get("href") or ""
        m = _ACT_PREFIX.match(href)
        if m is not None and not _NOT_AMENDING.search(before):
            found.append((m.group(0), []))
        if found:
            found[-1][1].append(a.tail or "")
        before = a.tail or ""
    for n, (act, after) in enumerate(found, start=1):
        iri_ = f"{provision}/endring/{n}"
        w.counts.amendments += 1
        w.add(provision, f"<{HJ.amendment}>", f"<{iri_}>")
        w.add(iri_, _A, _CLASS["Amendment"])
        w.add(iri_, f"<{HJ.amendingAct}>", f"<{BASE}{act}>")
        m = _IN_FORCE.search("".join(after).split(")", 1)[0] + ")")
        date = norwegian_date(*m.groups()) if m else None
        if date:
            w.add(iri_, f"<{HJ.amendmentInForce}>", date_literal(date))


def _citations(w: _ActWriter, body: etree._Element) -> None:
    seen: set[tuple[str, str]] = set()
    for a in body.iter("a"):
        href = a.get("href") or ""
        if not (href.startswith("lov/") or href.startswith("forskrift/")):
            continue
        source: str | None = None
        parent = a.getparent()
        cited = True
        while parent is not None and parent is not body:
            if _classes(parent) in _NOT_CITING:
                cited = False
                break
            if source is None:
                source = w.owner.get(parent)
            parent = parent.getparent()
        if not cited:
            continue
        target = resolve_ref(href)
        if target is None:
            continue
        w.counts.citations += 1
        key = (source or w.act, target)
        if key not in seen:
            seen.add(key)
            w.add(key[0], _CITES, f"<{target}>")
