"""Lookups in the legislation index (``graph/data/legislation-index.jsonl.gz``, built by
``hjemmel index``): which acts, provisions, ledd and points exist in the Lovdata files.

Provision numbers are matched without case and returned as Lovdata writes them
(``4a-5`` → ``4A-5``). An act's JSON is decoded the first time it is asked for.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from graph.importers.legislation_index import INDEX_FILE
from graph.model.resources import data_dir

__all__ = ["ActEntry", "LegislationIndex", "legislation"]


@dataclass(frozen=True)
class ActEntry:
    """One act of the index."""

    refid: str
    legacy: str
    title: str
    short: str
    lang: str
    chapters: tuple[tuple[str, str], ...]  # (data-name, heading), in order
    numbers: tuple[str, ...]  # provision numbers without "§", in order
    titles: tuple[str, ...]
    chapter_of: tuple[int, ...]  # index into chapters, -1 for none
    ledd: tuple[tuple[str, ...], ...]  # per provision: the point labels of each ledd
    aliases: tuple[str, ...] = ()  # names Lovdata's links write it with
    based_on: tuple[str, ...] = ()  # a regulation's legal basis, as Lovdata writes it
    has_text: bool = True  # False: known only from links (repealed), provisions unknown
    _at: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for i, n in enumerate(self.numbers):
            self._at.setdefault(n.lower(), i)

    @property
    def kind(self) -> str:
        return self.refid.split("/", 1)[0]

    def position(self, number: str) -> int | None:
        """The place of a provision in the act (case-insensitive), or None."""
        return self._at.get(number.removeprefix("§").lower())

    def provision(self, number: str) -> str | None:
        """The provision's number as Lovdata writes it, or None when it does not exist."""
        at = self.position(number)
        return None if at is None else self.numbers[at]

    def between(self, first: str, last: str) -> list[str] | None:
        """The provisions strictly between two provisions in document order; None when
        either is missing or ``last`` comes before ``first``."""
        a, b = self.position(first), self.position(last)
        if a is None or b is None or b < a:
            return None
        return list(self.numbers[a + 1 : b])

    def ledd_count(self, number: str) -> int:
        at = self.position(number)
        return 0 if at is None else len(self.ledd[at])

    def has_point(self, number: str, label: str, kind: str = "bokstav",
                  ledd: int | None = None) -> bool:  # fmt: skip
        """Whether the provision (in ledd ``ledd``, or in any ledd) has the point."""
        at = self.position(number)
        if at is None:
            return False
        ledds = self.ledd[at]
        chosen = ledds if ledd is None else ledds[ledd - 1 : ledd] if ledd >= 1 else ()
        for labels in chosen:
            numbered = labels.startswith("#")
            if numbered == (kind == "nummer") and label in labels.lstrip("#").split():
                return True
        return False

    def has_chapter(self, number: str) -> bool:
        wanted = "kap" + number.lower()
        return any(name.lower() == wanted for name, _ in self.chapters)

    def chapter(self, number: str) -> str | None:
        """The chapter's number as Lovdata writes it (``4a`` → ``4A``), or None."""
        wanted = "kap" + number.lower()
        return next((n[3:] for n, _ in self.chapters if n.lower() == wanted), None)


def _entry(data: dict[str, Any]) -> ActEntry:
    provisions = data["provisions"]
    return ActEntry(
        refid=data["refid"],
        legacy=data["legacy"],
        title=data["title"],
        short=data["short"],
        lang=data["lang"],
        chapters=tuple((c[0], c[1]) for c in data["chapters"]),
        numbers=tuple(p[0].removeprefix("§") for p in provisions),
        titles=tuple(p[3] for p in provisions),
        chapter_of=tuple(p[1] for p in provisions),
        ledd=tuple(tuple(p[2]) for p in provisions),
        aliases=tuple(data.get("aliases", ())),
        based_on=tuple(data.get("based_on", ())),
        has_text=data.get("text", True),
    )


class LegislationIndex:
    """Every act of the Lovdata files, by refid."""

    def __init__(self, lines: dict[str, bytes]) -> None:
        self._lines = lines
        self._acts: dict[str, ActEntry] = {}

    def __contains__(self, refid: object) -> bool:
        return refid in self._lines

    def __len__(self) -> int:
        return len(self._lines)

    def refids(self) -> list[str]:
        return sorted(self._lines)

    def act(self, refid: str) -> ActEntry | None:
        entry = self._acts.get(refid)
        if entry is None:
            line = self._lines.get(refid)
            if line is None:
                return None
            entry = self._acts[refid] = _entry(json.loads(line))
        return entry


@cache
def legislation() -> LegislationIndex:
    """The bundled legislation index (read once)."""
    lines: dict[str, bytes] = {}
    with gzip.open(data_dir() / INDEX_FILE, "rb") as f:
        for line in f:
            if line.strip():
                # every line starts {"refid":"…"
                refid = line[10 : line.index(b'"', 10)].decode()
                lines[refid] = line
    return LegislationIndex(lines)
