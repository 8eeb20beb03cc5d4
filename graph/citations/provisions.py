"""The provision part of a citation: ``§§ 3-1, 3-2 og 3-3``, ``§ 2-4a annet ledd bokstav a``,
``§ 24 nr. 2``, ``§§ 13 til 13 e``, ``§ 3-1 flg.``, ``kapittel 4``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graph.citations.tokens import Token
from graph.model.dates import MONTHS

__all__ = ["CHAPTER_WORDS", "ORDINALS", "Item", "parse_chapters", "parse_sections"]

ORDINALS = {
    "første": 1, "fyrste": 1, "annen": 2, "annet": 2, "andre": 2, "tredje": 3, "fjerde": 4,
    "femte": 5, "sjette": 6, "sjuende": 7, "syvende": 7, "åttende": 8, "niende": 9,
    "tiende": 10, "ellevte": 11, "tolvte": 12,
}  # fmt: skip
_LIST_WORDS = {"og", "eller", "samt"}
_DASHES = {"–", "-", "—"}
_SUB_POINT = {"bokstav": "bokstav", "bokstavene": "bokstav", "litra": "bokstav",
              "nr": "nummer", "nummer": "nummer", "numrene": "nummer"}  # fmt: skip
_SENTENCE = {"punktum", "punkt", "setning", "setningene"}
_LEDD = {"ledd", "leddet", "ledda", "leddene"}
CHAPTER_WORDS = {"kapittel", "kap", "kapitlene", "kapitler", "kapitla", "kapitel"}
_NUMBER = re.compile(r"^\d+[A-Za-z]?(?:-\d+[a-z]?)?$")
_ROMAN = re.compile(r"^[IVXL]+$")


@dataclass
class Item:
    start: int
    end: int
    number: str
    ledd: list[int] = field(default_factory=list)
    points: list[str] = field(default_factory=list)
    point_kind: str = "bokstav"
    at: int = -1  # offset of the number itself
    sec: str = ""  # the "§" or "§§" right before it
    range_end: bool = False  # it ends a range that the item before it starts ("til", "–")

    def refs(self, act: str) -> list[str]:
        base = f"{act}/§{self.number}"
        parents = [f"{base}/ledd/{n}" for n in self.ledd] or [base]
        if not self.points:
            return parents
        return [f"{p}/{self.point_kind}/{x}" for p in parents for x in self.points]


class _Cursor:
    def __init__(self, tokens: list[Token], i: int) -> None:
        self.t = tokens
        self.i = i

    def at(self, k: int = 0) -> Token | None:
        j = self.i + k
        return self.t[j] if 0 <= j < len(self.t) else None

    def word(self, k: int = 0) -> str | None:
        tok = self.at(k)
        return tok.norm if tok is not None and tok.kind == "word" else None

    def punct(self, k: int = 0) -> str | None:
        tok = self.at(k)
        return tok.text if tok is not None and tok.kind == "punct" else None

    def dot(self) -> None:
        """Consume a full stop right after the previous token (``nr.``, ``flg.``)."""
        tok = self.at()
        prev = self.at(-1)
        if tok is not None and tok.text == "." and prev is not None and prev.end == tok.start:
            self.i += 1


def _letter(tok: Token | None) -> str | None:
    if tok is None or tok.kind != "word" or len(tok.text) != 1 or not tok.text.islower():
        return None
    return tok.text


def _separator(c: _Cursor) -> int:
    """The number of tokens of a list separator at the cursor (0 when none)."""
    if c.punct() in (",", ";"):
        return 2 if c.word(1) in _LIST_WORDS else 1
    if c.word() == "og" and c.punct(1) == "/" and c.word(2) == "eller":
        return 3
    if c.word() in _LIST_WORDS or c.word() == "til" or c.punct() in _DASHES:
        return 1
    return 0


def _ordinal(w: str | None) -> bool:
    return w in ORDINALS or w == "siste"


def _subparts(c: _Cursor, item: Item) -> None:
    """Ledd, point and sentence qualifiers after a provision number."""
    while True:
        start = c.i
        if c.punct() == "," and (c.word(1) in ORDINALS or c.word(1) in _SUB_POINT):
            c.i += 1
        w = c.word()
        if _ordinal(w):
            found = _ledd(c, item)
        elif w in _SUB_POINT:
            found = _points(c, item, _SUB_POINT[w])
        else:
            return
        if not found:
            c.i = start
            return
        item.end = c.t[c.i - 1].end


def _ledd(c: _Cursor, item: Item) -> bool:
    """``første og annet ledd``, ``siste punktum`` at the cursor; whether one was read.

    A ledd list with ``siste`` in it is read but adds no ledd numbers."""
    numbers = [ORDINALS.get(c.word() or "")]
    c.i += 1
    while (c.word() in _LIST_WORDS or c.punct() == ",") and _ordinal(c.word(1)):
        numbers.append(ORDINALS.get(c.word(1) or ""))
        c.i += 2
    if c.word() in _LEDD:
        c.i += 1
        if None not in numbers:
            item.ledd.extend(n for n in numbers if n is not None)
        return True
    if c.word() in _SENTENCE:
        c.i += 1
        return True
    return False


def _points(c: _Cursor, item: Item, kind: str) -> bool:
    """``bokstav a og b``, ``nr. 2``: the point word at the cursor and its labels; whether
    any label followed it."""
    c.i += 1
    c.dot()
    labels: list[str] = []
    while (label := _label(c.at(), kind)) is not None:
        labels.append(label)
        c.i += 1
        if c.punct() == ")":
            c.i += 1
        n = _separator(c)
        if not (n and c.word() != "til" and _label(c.at(n), kind) and c.word(n + 1) not in _LEDD):
            break
        c.i += n
    if not labels:
        return False
    item.points.extend(labels)
    item.point_kind = kind
    return True


def _label(tok: Token | None, kind: str) -> str | None:
    """A point label of ``kind``: a small letter for ``bokstav``, digits for ``nummer``."""
    if kind == "bokstav":
        return _letter(tok)
    return tok.text if tok is not None and tok.text.isdigit() else None


def _item(c: _Cursor) -> Item | None:
    tok = c.at()
    if tok is None or tok.kind != "num" or not _NUMBER.match(tok.text):
        return None
    after = c.at(2) if c.punct(1) == "." else c.at(1)
    if after is not None and after.norm in MONTHS:
        return None  # "tidligere § 7-6, 7 mai 2021 nr. 34": a date, not a provision
    number = tok.text
    c.i += 1
    end = tok.end
    nxt = c.at()
    letter = _letter(nxt)
    if letter and letter not in ("i", "å", "o") and nxt is not None and nxt.start - end <= 2:
        number += letter
        end = nxt.end
        c.i += 1
    item = Item(tok.start, end, number, at=tok.start)
    if c.word() in ("flg", "følgende", "ff"):
        c.i += 1
        c.dot()
        item.end = c.t[c.i - 1].end
    _subparts(c, item)
    return item


def parse_sections(tokens: list[Token], i: int) -> tuple[list[Item], int]:
    """Provisions from a ``§``/``§§`` token at ``i``: the items and the index after them.

    Every item (also each end of a range) becomes its own citation, the way Lovdata links
    them; the first item's span starts at the ``§``.
    """
    c = _Cursor(tokens, i + 1)
    first = _item(c)
    if first is None:
        return [], i
    first.start = tokens[i].start
    first.sec = tokens[i].text
    items = [first]
    while (nxt := _next_item(c)) is not None:
        items.append(nxt)
    groups: list[list[Item]] = []
    for it in items:
        if it.sec or not groups:
            groups.append([])
        groups[-1].append(it)
    return [r for g in groups for r in (_ranges(g) if g[0].sec == "§§" else g)], c.i


def _next_item(c: _Cursor) -> Item | None:
    """The next item of a provision list (``, 3-2``, ``og § 4``); None, with the cursor
    left where it was, when the list ends."""
    save = c.i
    n = _separator(c)
    if not n:
        return None
    is_range = c.word() == "til" or c.punct() in _DASHES
    c.i += n
    if c.word() == "jf":  # "§§ 266, 268, jf. 267, 270": a bare number goes on the list
        k = 2 if c.punct(1) == "." else 1
        nxt_tok = c.at(k)
        if nxt_tok is not None and nxt_tok.kind == "num":
            c.i += k
    sec = c.at()
    if sec is not None and sec.kind == "sec":
        c.i += 1
    nxt = _item(c)
    if nxt is None:
        c.i = save
        return None
    if sec is not None and sec.kind == "sec":
        nxt.start = sec.start
        nxt.sec = sec.text
    nxt.range_end = is_range
    return nxt


_SPAN = re.compile(r"^(\d+)-(\d+)([a-z]?)$")


def _ranges(items: list[Item]) -> list[Item]:
    """``§§ 56-59 a``, ``§§ 53, 56-59 a og 62-65 a``: in an act numbered without chapters a
    hyphen joins the ends of a range. It is read so when ``§§`` has only that item, or when
    other items of the list have no hyphen; each end becomes its own item, as Lovdata links
    them. ``§§ 3-1 og 3-2`` and ``§§ 2-4 første og annet ledd`` stay as they are."""
    spans = [_SPAN.match(it.number) for it in items]
    plain = any(_NUMBER.match(it.number) and "-" not in it.number for it in items)
    if not (plain or len(items) == 1):
        return items
    out: list[Item] = []
    for it, m in zip(items, spans, strict=True):
        if m is None or it.ledd or it.points or int(m[1]) >= int(m[2]):
            out.append(it)
            continue
        mid = it.at + len(m[1])
        out.append(Item(it.start, mid, m[1], at=it.at))
        out.append(Item(mid + 1, it.end, m[2] + m[3], at=mid + 1, range_end=True))
    return out


def _chapter_number(tok: Token | None) -> bool:
    if tok is None:
        return False
    if tok.kind == "num":
        return bool(re.match(r"^\d+[A-Za-z]?$", tok.text))
    return tok.kind == "word" and bool(_ROMAN.match(tok.text))


def parse_chapters(tokens: list[Token], i: int) -> tuple[list[Item], int]:
    """Chapter numbers after ``kapittel``/``kap.`` at ``i`` (``kapittel IV og V``)."""
    c = _Cursor(tokens, i + 1)
    c.dot()
    items: list[Item] = []
    while True:
        tok = c.at()
        if tok is None or not _chapter_number(tok):
            break
        items.append(Item(tok.start, tok.end, tok.text))
        c.i += 1
        n = _separator(c)
        if n and _chapter_number(c.at(n)):
            c.i += n
            continue
        break
    if items:
        items[0].start = tokens[i].start
    else:
        c.i = i
    return items, c.i
