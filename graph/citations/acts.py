"""The act-name index: every name, short title and abbreviation of the laws and central
regulations in force, from Lovdata's short-title lists in ``graph/data``."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from graph.citations.legislation_index import legislation as legislation_index
from graph.citations.tokens import words

__all__ = ["ActIndex", "Entry", "Node", "act_index", "words"]

DATA = Path(__file__).resolve().parent.parent / "data"
FILES = ("korttitler-gjeldende-lover.tsv", "korttitler-gjeldende-sentrale-forskrifter.tsv")
PENDING = "lover-ikke-i-kraft.tsv"
REPEALED = "lover-opphevet.tsv"  # repealed laws still cited in laws in force
SNAPSHOT = "2025-11-08"  # date of the Lovdata data the lists are taken from

# A name that ends like this names an act on its own; other names (abbreviations, short
# titles such as "Svalbard") count only when a provision or chapter follows them.
_ACT_WORD = re.compile(
    r"(lov|loven|lova|lovs|forskrift|forskriften|forskrifta|instruks|instruksen|"
    r"reglement|reglementet|vedtekter|vedtektene|traktaten|avtalen|forretningsorden)$"
)
_TITLE_HEAD = {"lov", "forskrift", "instruks", "reglement", "vedtekter"}
_AMENDMENT = re.compile(r"\b(endr\.|endring\w*|overgangsregl\w*|ikraftsetting\w*)", re.IGNORECASE)
_TAIL = re.compile(r"\s*(?:m\.m\.|m\.v\.|mv\.?|m\.fl\.|mm\.?)\s*$", re.IGNORECASE)
_BRACKETS = re.compile(r"\s*[\(\[]([^()\[\]]*)[\)\]]")
_CODE = re.compile(r"^[A-ZÆØÅ]{2,}\d{2}$")  # "Byggteknisk forskrift (TEK17)"


@dataclass(frozen=True, slots=True)
class Entry:
    refid: str
    standalone: bool  # names the act without a provision after it


class Node:
    """One word of a name in the index: the acts the name so far names, and the words that
    may follow."""

    __slots__ = ("_below", "children", "entries")

    def __init__(self) -> None:
        self.children: dict[str, Node] = {}
        self.entries: list[Entry] = []
        self._below: frozenset[str] | None = None

    def below(self) -> frozenset[str]:
        """The acts of every name that starts with the words leading here."""
        if self._below is None:
            refids = {e.refid for e in self.entries}
            for child in self.children.values():
                refids |= child.below()
            self._below = frozenset(refids)
        return self._below


class ActIndex:
    """Names → acts, walked word by word (a trie over normalised words)."""

    def __init__(self) -> None:
        self.root = Node()
        self.titles: dict[str, str] = {}
        self.short_titles: dict[str, str] = {}
        self.in_force_from: dict[str, tuple[str, ...]] = {}  # acts not in force at snapshot
        self.repealed: set[str] = set()

    def pending(self, refid: str, today: str) -> bool:
        """Whether no part of the act is in force on ``today`` (ISO date)."""
        dates = self.in_force_from.get(refid)
        return dates is not None and not any(d <= today for d in dates)

    def add(self, name: str, refid: str, *, standalone: bool) -> None:
        key = words(name)
        if not key:
            return
        node = self.root
        for w in key:
            child = node.children.get(w)
            if child is None:
                child = node.children[w] = Node()
            node = child
        if all(e.refid != refid for e in node.entries):
            node.entries.append(Entry(refid, standalone))
        elif standalone:
            node.entries = [Entry(refid, True) if e.refid == refid else e for e in node.entries]

    def node(self, key: tuple[str, ...]) -> Node | None:
        node = self.root
        for w in key:
            child = node.children.get(w)
            if child is None:
                return None
            node = child
        return node

    def __contains__(self, refid: str) -> bool:
        return refid in self.titles

    def kind_of(self, refid: str) -> str:
        return refid.split("/", 1)[0]


def _variants(name: str) -> list[str]:
    """Bokmål and nynorsk forms of an act's name (``arkivlova``/``arkivloven``,
    ``pasientjournalforskrifta``/``…forskriften``) and the indefinite ``Grunnlov``
    (``denne Grunnlov``, ``Grunnlovs § 6``)."""
    if name.endswith("loven"):
        return [name[:-2] + "a", name[:-2]]
    if name.endswith("lova"):
        return [name[:-1] + "en", name[:-1]]
    if name.endswith("forskriften"):
        return [name[:-2] + "a"]
    if name.endswith("forskrifta"):
        return [name[:-1] + "en"]
    return []


def _names(row: dict[str, str]) -> list[tuple[str, bool]]:
    """(name, standalone) pairs for one row of a short-title list."""
    out: list[tuple[str, bool]] = []
    short, _, abbrev = row["titleShort"].partition(" – ")
    out.extend((inner, True) for inner in _BRACKETS.findall(short) if _CODE.match(inner))
    short = _BRACKETS.sub("", short).strip()
    if short:
        ws = words(short)
        standalone = bool(ws) and (bool(_ACT_WORD.search(ws[-1])) or ws[0] in _TITLE_HEAD)
        out.append((short, standalone))
        out.extend((v, standalone) for v in _variants(short))
    if abbrev.strip():
        ws = words(abbrev.strip())
        standalone = bool(ws) and bool(re.search(r"(loven|lova)$", ws[-1]))
        out.append((abbrev.strip(), standalone))
        if standalone:
            out.extend((v, True) for v in _variants(abbrev.strip()))
    title = row["title"].strip()
    bare = _BRACKETS.sub("", title).strip().rstrip(".").strip()
    if bare:
        ws = words(bare)
        out.append((bare, bool(ws) and ws[0] in _TITLE_HEAD))
        trimmed = _TAIL.sub("", bare + ("." if bare.endswith(("m.m", "m.v", "mv")) else ""))
        if trimmed != bare:
            out.append((trimmed, bool(ws) and ws[0] in _TITLE_HEAD))
    if not _AMENDMENT.search(title) and not _AMENDMENT.search(row["titleShort"]):
        kind_law = row["refid"].startswith("lov/")
        for inner in _BRACKETS.findall(title):
            ws = words(inner)
            if not ws or not _ACT_WORD.search(ws[-1]):
                continue
            if kind_law == bool(re.search(r"(lov|loven|lova)$", ws[-1])):
                out.append((inner, True))
                out.extend((v, True) for v in _variants(inner))
    return out


def _rows(name: str) -> Iterator[dict[str, str]]:
    """The rows of a tab-separated list in ``graph/data``."""
    with (DATA / name).open(encoding="utf-8", newline="") as f:
        yield from csv.DictReader(f, delimiter="\t")


def _add_names(index: ActIndex, row: dict[str, str], refid: str) -> None:
    for n, standalone in _names(row):
        index.add(n, refid, standalone=standalone)


@cache
def act_index() -> ActIndex:
    """The index of every act in ``graph/data/korttitler-*.tsv`` (built once)."""
    index = ActIndex()
    for name in FILES:
        for row in _rows(name):
            refid = row["refid"].strip()
            if not refid:
                continue
            if refid not in index.titles or "(bokmål)" in row["titleShort"]:
                index.titles[refid] = row["title"].strip()
                index.short_titles[refid] = row["titleShort"].strip()
            _add_names(index, row, refid)
    for row in _rows(PENDING):
        index.in_force_from[row["refid"]] = tuple(
            re.findall(r"\d{4}-\d{2}-\d{2}", row["dateInForce"])
        )
    legislation = legislation_index()
    for refid in legislation.refids():
        entry = legislation.act(refid)
        if entry is None or not entry.has_text:
            continue
        if refid not in index.titles:
            index.titles[refid] = entry.title
            index.short_titles[refid] = entry.short
        for alias in entry.aliases:
            index.add(alias, refid, standalone=True)
            for v in _variants(alias):
                index.add(v, refid, standalone=True)
    for row in _rows(REPEALED):
        index.repealed.add(row["refid"])
        index.titles[row["refid"]] = row["title"]
        index.short_titles[row["refid"]] = row["titleShort"]
        _add_names(index, row, row["refid"])
    return index
