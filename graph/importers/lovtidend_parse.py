"""One Norsk Lovtidend document (an amending law or regulation) as structured changes.

The document is the XHTML of Lovdata's consolidated files, with ``changesToDocuments``
(the amended acts) and ``dateInForce`` (``Kongen bestemmer`` or ``2025-04-04 – 2025-12-31``)
in its header. Its body has one ``section`` per Roman-numbered part. A part that amends an
act opens with a lead (``I lov 2. juli 1999 nr. 61 … gjøres følgende endringer:``) and
holds instructions (``article.defaultP``), each followed by its new wording: a
``futureLegalArticle`` (a whole provision) or ``legalP`` articles (ledd or punktum). The
last part, which amends nothing, holds the in-force rule.

The instructions are read from their Norwegian text (:mod:`graph.importers.lovtidend_text`);
Lovdata's own markup of a change (``data-change-part``, ``data-add-new-part``,
``data-repeal-part``, ``data-move-part``), where the document has it, is kept beside the
reading so the two can be compared. An instruction that fits no known form, or whose
wording does not match its targets, becomes a change of kind ``ulest`` (unread) with its
text and position; nothing is guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from graph.errors import BadInputError, ImportFailedError
from graph.importers.lovdata_parse import eli_iri, read_document, resolve_ref
from graph.importers.lovtidend_text import Instruction, Target, act_of_lead, parse_instruction
from graph.model.dates import MONTHS, norwegian_date
from graph.model.iris import act_iri, chapter_iri, ledd_iri, provision_iri, ref_to_iri

__all__ = [
    "Change",
    "InForce",
    "ParsedAmendingAct",
    "markup_iri",
    "parse_amending_act",
    "punktum_iri",
    "target_iri",
]

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True)
_WORDING = frozenset({"futureLegalArticle", "legalP", "numberedLegalP"})
_MARKUP = ("data-add-new-part", "data-change-part", "data-repeal-part", "data-move-part")
_ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_DATE = re.compile(
    r"(\d{1,2})\.\s*(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?\s+(\d{4})",
    re.IGNORECASE,
)


@dataclass
class Change:
    """One structured change: one target of one instruction (or one unread instruction)."""

    part: str  # the Roman number of the document part: "I", "II", …
    number: int  # the instruction's position in its part, from 1
    index: int  # the target's position in its instruction, from 1
    kind: str  # see graph.importers.lovtidend_text.KINDS
    instruction: str  # the instruction as printed
    amended: str | None  # refid of the amended act
    target: str | None = None  # IRI
    renumbered_to: str | None = None  # IRI
    wording: str | None = None  # new text, ledd separated by a line break
    title: str | None = None  # new provision title or heading
    markup: str | None = None  # the target by Lovdata's markup, as an IRI ("→" joins a move)
    reason: str | None = None  # why the instruction is unread
    element: str | None = None  # the id of the instruction's element in the document
    in_force: str | None = None  # first day in force of this change, when the act says
    until: str | None = None  # last day in force of this change, when the act says

    @property
    def position(self) -> str:
        return f"del {self.part}, endring {self.number}" + (
            f".{self.index}" if self.index > 1 else ""
        )

    def iri(self, act: str) -> str:
        return f"{act}/endring/{self.part}-{self.number}-{self.index}"


@dataclass
class InForce:
    """The in-force rule of an amending act, from its last part (and its header)."""

    rule: str | None = None  # "kongen-bestemmer", "straks" or "dato"
    date: str | None = None  # first day in force, when known
    until: str | None = None  # last day in force, for a time-limited act
    separately: bool = (
        False  # "Kongen kan sette i kraft de enkelte bestemmelsene … til forskjellig tid"
    )
    by_provision: dict[str, str] = field(default_factory=dict)
    """First day in force of named provisions ("§ 12-7 trer i kraft 1. juli 2026"), by
    number as in the IRI ("12-7", "3-8a")."""
    by_part: dict[str, str] = field(default_factory=dict)
    """First day in force of named parts ("Del II trer i kraft …"), by Roman number."""
    text: list[str] = field(default_factory=list)  # the sentences that say so
    other: list[str] = field(default_factory=list)  # further final clauses, kept as text


@dataclass
class ParsedAmendingAct:
    refid: str
    legacy_id: str
    title: str
    short_title: str
    source: str
    dokid: str
    published: str | None  # date of publication in Norsk Lovtidend
    header_in_force: str  # dateInForce as printed
    ministries: list[str]
    amends: list[str]  # refids of changesToDocuments
    based_on: list[str]  # IRIs of the regulation's legal basis (basedOn)
    changes: list[Change]
    in_force: InForce

    @property
    def act(self) -> str:
        return str(act_iri(self.refid))

    @property
    def eli(self) -> str | None:
        return eli_iri(self.refid)

    @property
    def unread(self) -> list[Change]:
        return [c for c in self.changes if c.kind == "ulest"]


def punktum_iri(ledd: str, n: int) -> str:
    """A punktum (sentence) of a ledd: ``…/ledd/1/punktum/2``."""
    return f"{ledd}/punktum/{n}"


def target_iri(refid: str, target: Target) -> str:
    """The IRI of what an instruction names in the act ``refid``.

    >>> target_iri("lov/2011-06-24-30", Target("1-2", 1, 2, True))
    'https://w3id.org/hjemmel/lov/2011-06-24-30/paragraf/1-2/ledd/1/punktum/2'
    """
    if target.chapter is not None:
        return str(chapter_iri(refid, f"kap{target.chapter}"))
    if target.provision is None:
        return str(act_iri(refid))
    iri = str(provision_iri(refid, target.provision))
    if target.ledd is not None:
        iri = str(ledd_iri(iri, target.ledd))
        if target.punktum is not None:
            iri = punktum_iri(iri, target.punktum)
    return iri


def markup_iri(ref: str) -> str | None:
    """A target in Lovdata's markup as an IRI (``…/§1-2/ledd/1/setning/2`` → ``…/punktum/2``).

    >>> markup_iri("lov/2011-06-24-30/§1-2/ledd/1/setning/2")
    'https://w3id.org/hjemmel/lov/2011-06-24-30/paragraf/1-2/ledd/1/punktum/2'
    """
    head, _, sentence = ref.partition("/setning/")
    try:
        iri = str(ref_to_iri(head))
    except BadInputError:
        return None
    return punktum_iri(iri, int(sentence)) if sentence.isdigit() else iri


def _markup(el: etree._Element | None) -> list[str]:
    """The targets of an ``article.change`` by Lovdata's markup (a move as ``old→new``)."""
    if el is None:
        return []
    out: list[str] = []
    for name in _MARKUP:
        for ref in (el.get(name) or "").split():
            pair = re.split(r";;|::", ref)
            iris = [markup_iri(p) for p in pair]
            out.append("→".join(i or p for i, p in zip(iris, pair, strict=True)))
    return out


def _plain(el: etree._Element | None) -> str:
    return " ".join(el.xpath("string()").split()) if el is not None else ""


def _with_points(el: etree._Element) -> str:
    """The text of a ledd with its listed points separated and labelled as Lovdata prints
    them (``… hensyn: a. tjenestetilbudets kvalitet b. pasientsikkerhet``); the label is
    the ``li``'s ``data-name``, the points' text is never run together."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        parts.append(node.text or "")
        for child in node:
            if isinstance(child.tag, str):
                if child.tag == "li":
                    parts.append(f" {child.get('data-name') or ''} ")
                walk(child)
                if child.tag in ("li", "ul", "ol", "article"):
                    parts.append(" ")
            parts.append(child.tail or "")

    walk(el)
    return " ".join("".join(parts).split())


def _cls(el: etree._Element) -> str:
    return el.get("class") or ""


def _wording_text(el: etree._Element) -> tuple[str | None, str]:
    """(title, text) of a wording element; a provision's ledd are separated by line breaks."""
    if _cls(el) == "futureLegalArticle":
        title_el = el.find(".//span[@class='legalArticleTitle']")
        ledd = [_with_points(c) for c in el if _cls(c) in ("legalP", "numberedLegalP")]
        return (_plain(title_el) or None), "\n".join(ledd)
    return None, _with_points(el)


def _iso_date(day: str, month: str, year: str) -> str:
    date = norwegian_date(day, month, year)
    if date is None:
        raise ImportFailedError(f"ugyldig dato / invalid date: {day}. {month} {year}")
    return date


@dataclass
class _Item:
    kind: str  # "instruction" or "wording"
    el: etree._Element
    part: str


def _items(main: etree._Element) -> list[_Item]:
    """Instructions and wordings of every part, in document order."""
    out: list[_Item] = []

    def walk(el: etree._Element, part: str | None) -> None:
        for child in el:
            if not isinstance(child.tag, str):
                continue
            cls = _cls(child)
            if child.tag == "section":
                heading = child.find("h2")
                walk(child, _plain(heading) or child.get("data-name") or "")
            elif part is None:
                continue  # the list of amended acts before the first part
            elif cls == "defaultP":
                out.append(_Item("instruction", child, part))
            elif cls in _WORDING:
                out.append(_Item("wording", child, part))
            else:
                walk(child, part)

    walk(main, None)
    return out


def parse_amending_act(xml: bytes, source: str) -> ParsedAmendingAct:
    """Parse one Norsk Lovtidend document.

    :raises ImportFailedError: the XML is malformed, lacks legacyID or refid, or names no
        amended act (``changesToDocuments``).
    """
    root, header, legacy_id, refid = read_document(xml, source)
    changes_to = header.get("changesToDocuments")
    amends = [_plain(li) for li in changes_to.iter("li")] if changes_to is not None else []
    if not amends:
        raise ImportFailedError(
            "ikke et endringsdokument (mangler changesToDocuments) / "
            "not an amending document (no changesToDocuments)",
            location=source,
        )
    ministry = header.get("ministry")
    published = _ISO.findall(_plain(header.get("dateOfPublication")))
    header_in_force = _plain(header.get("dateInForce"))
    main = root.find(".//main")
    items = _items(main) if main is not None else []
    changes, final = _changes(items, amends)
    in_force = _in_force(final, header_in_force)
    for change in changes:
        change.in_force, change.until = _change_in_force(change, in_force)
    return ParsedAmendingAct(
        refid=refid,
        legacy_id=legacy_id,
        title=_plain(header.get("title")),
        short_title=_plain(header.get("titleShort")),
        source=source,
        dokid=_plain(header.get("dokid")),
        published=published[0] if published else None,
        header_in_force=header_in_force,
        ministries=[_plain(li) for li in ministry.iter("li")] if ministry is not None else [],
        amends=amends,
        based_on=_based_on(header.get("basedOn")),
        changes=changes,
        in_force=in_force,
    )


def _based_on(dd: etree._Element | None) -> list[str]:
    refs = [resolve_ref(_plain(li)) for li in dd.iter("li")] if dd is not None else []
    return [r for r in refs if r is not None]


def _changes(items: list[_Item], amends: list[str]) -> tuple[list[Change], list[str]]:
    """The changes of every amending part, and the text of the parts that amend nothing."""
    changes: list[Change] = []
    final: list[str] = []
    parts_with_instructions = {i.part for i in items if i.kind == "instruction"}
    act: str | None = amends[0] if len(amends) == 1 else None
    context: str | None = None
    numbers: dict[str, int] = {}
    i = 0
    while i < len(items):
        item = items[i]
        i += 1
        if item.part not in parts_with_instructions:
            final.append(_plain(item.el))
            continue
        text = _plain(item.el)
        wordings: list[etree._Element] = []
        while i < len(items) and items[i].kind == "wording" and items[i].part == item.part:
            wordings.append(items[i].el)
            i += 1
        if item.kind == "wording":  # wording before any instruction of its part
            numbers[item.part] = numbers.get(item.part, 0) + 1
            reason = "ordlyd uten endringsinstruks / wording without an instruction"
            changes.append(_unread(item, numbers[item.part], text, act, reason))
            continue
        lead = act_of_lead(text)
        if lead is not None:
            act, text = lead
            context = None
            if not text:
                continue
        numbers[item.part] = numbers.get(item.part, 0) + 1
        number = numbers[item.part]
        instruction = parse_instruction(text, context)
        change_el = next((a for a in item.el.iterancestors() if _cls(a) == "change"), None)
        markup = _markup(change_el)
        if act is None:
            reason = "uklart hvilken lov som endres / unclear which act is amended"
            changes.append(_unread(item, number, text, act, reason))
            continue
        if instruction is None:
            reason = "ukjent form på endringsinstruksen / unknown form of instruction"
            changes.append(_unread(item, number, text, act, reason))
            continue
        made = _structured(item, number, text, act, instruction, wordings, markup)
        changes += made
        if made[0].kind != "ulest" and instruction.targets[0].provision is not None:
            context = instruction.targets[0].provision
    return changes, final


def _unread(item: _Item, number: int, text: str, act: str | None, reason: str) -> Change:
    return Change(
        part=item.part,
        number=number,
        index=1,
        kind="ulest",
        instruction=text,
        amended=act,
        reason=reason,
        element=item.el.get("id"),
    )


def _structured(
    item: _Item,
    number: int,
    text: str,
    act: str,
    instruction: Instruction,
    wordings: list[etree._Element],
    markup: list[str],
) -> list[Change]:
    targets = instruction.targets
    texts = [_wording_text(w) for w in wordings]
    if instruction.needs_wording:
        whole = all(t.ledd is None for t in targets)
        kinds_fit = all(
            (_cls(w) == "futureLegalArticle") == (whole and not instruction.title_only)
            for w in wordings
        )
        if len(wordings) != len(targets) or not kinds_fit:
            reason = (
                f"{len(targets)} mål, {len(wordings)} ordlyder / "
                f"{len(targets)} targets, {len(wordings)} wordings"
            )
            return [_unread(item, number, text, act, reason)]
    elif wordings:
        reason = "ordlyd etter en endring uten ny ordlyd / wording after a change that takes none"
        return [_unread(item, number, text, act, reason)]
    out = []
    for j, target in enumerate(targets):
        title, wording = texts[j] if instruction.needs_wording else (None, None)
        if instruction.title_only:
            title, wording = wording, None
        renumbered = (
            target_iri(act, instruction.renumbered_to[j]) if instruction.renumbered_to else None
        )
        out.append(
            Change(
                part=item.part,
                number=number,
                index=j + 1,
                kind=instruction.kind,
                instruction=text,
                amended=act,
                target=target_iri(act, target),
                renumbered_to=renumbered,
                wording=wording or None,
                title=title,
                markup=markup[j] if j < len(markup) else None,
                element=item.el.get("id"),
            )
        )
    return out


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=\.)\s+(?=[A-ZÆØÅ§])", text) if s.strip()]


_NAMED = re.compile(
    r"^(?:endringene?\s+i\s+|bestemmelsene?\s+i\s+)?(?P<names>(?:del|§§?)\s.+?)\s+"
    r"(?:trer|trår)\s+i\s+kraft\s+(?:fra\s+)?" + _DATE.pattern,
    re.IGNORECASE,
)
_NAMED_PROVISION = re.compile(r"(\d+(?:-\d+)*)(?:\s?([a-z])(?![\wæøå]))?")
_NAMED_PART = re.compile(r"\b([IVXLC]+)\b")


def _named_in_force(sentence: str, result: InForce) -> bool:
    """A sentence giving named provisions or parts their own first day in force
    ("§ 12-7 og § 12-8 trer i kraft 1. januar 2026", "Del II trer i kraft …")."""
    m = _NAMED.match(sentence.strip())
    if m is None:
        return False
    date = _iso_date(m.group(2), m.group(3), m.group(4))
    names = m.group("names")
    if names.lower().startswith("del"):
        for part in _NAMED_PART.findall(names):
            result.by_part[part] = date
    else:
        for number, letter in _NAMED_PROVISION.findall(names):
            result.by_provision[number + (letter or "")] = date
    return True


def _change_in_force(change: Change, in_force: InForce) -> tuple[str | None, str | None]:
    """The first and last day in force of one change: its provision's own date, its part's,
    or the act's."""
    m = re.search(r"/paragraf/([^/]+)", change.target or "")
    own = in_force.by_provision.get(m.group(1)) if m else None
    return own or in_force.by_part.get(change.part) or in_force.date, in_force.until


def _in_force(final: list[str], header: str) -> InForce:
    """The in-force rule: the final parts' sentences, read with the header's dates."""
    result = InForce()
    header_dates = _ISO.findall(header)
    for sentence in (s for text in final for s in _sentences(text)):
        low = sentence.lower()
        said = False
        if _named_in_force(sentence, result):
            said = True
        elif re.search(r"(gjelder|trer i kraft) fra den tid(?:en)? kongen bestemmer", low):
            result.rule, said = "kongen-bestemmer", True
        elif "trer i kraft straks" in low:
            result.rule, said = "straks", True
            result.date = header_dates[0] if header_dates else None
        elif m := re.search(r"(?:trer i kraft|gjelder fra)\s+" + _DATE.pattern, low):
            result.rule, said = "dato", True
            result.date = _iso_date(m.group(1), m.group(2), m.group(3))
        if re.search(
            r"kongen kan sette i kraft de enkelte bestemmelsene.*til forskjellig tid", low
        ):
            result.separately, said = True, True
        if m := re.search(r"gjelder (?:frem )?til og med\s+" + _DATE.pattern, low):
            result.until, said = _iso_date(m.group(1), m.group(2), m.group(3)), True
        (result.text if said else result.other).append(sentence)
    if result.rule is None and "kongen bestemmer" in header.lower():
        result.rule = "kongen-bestemmer"
    return result
