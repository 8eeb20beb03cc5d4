"""Marking the words of a text that match a query, with the same rules the index matches by:
the same Norwegian stem, or a word within the allowed number of edits."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape

from graph.search.index import stem_analyzer, word_analyzer

__all__ = ["Terms", "edits_allowed", "highlight", "snippet", "stem_of"]

_WORD = re.compile(r"\w+")
_STEM = stem_analyzer()
_LOWER = word_analyzer()


def edits_allowed(word: str) -> int:
    """How many edits a query word may be from a word of the text: none for short words,
    one from four letters, two from eight."""
    n = len(word)
    return 0 if n < 4 else 1 if n < 8 else 2


@lru_cache(maxsize=100_000)
def stem_of(word: str) -> str:
    tokens = _STEM.analyze(word)
    return tokens[0] if tokens else word.lower()


def _distance(a: str, b: str, limit: int) -> int:
    """Edit distance with adjacent transpositions counted as one edit, giving up past
    ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


@dataclass(frozen=True)
class Terms:
    """The words of a query, lower-cased, their stems, and how many edits each may be from
    a word of the text (by default :func:`edits_allowed`)."""

    words: tuple[str, ...]
    stems: frozenset[str] = field(default_factory=frozenset)
    edits: tuple[int, ...] = ()
    _seen: dict[str, bool] = field(default_factory=dict, compare=False, hash=False, repr=False)

    @classmethod
    def of(cls, query: str) -> Terms:
        words = tuple(dict.fromkeys(_LOWER.analyze(query)))
        return cls(words, frozenset(stem_of(w) for w in words))

    def limited(self, edits: tuple[int, ...]) -> Terms:
        """The same words, each allowed the given number of edits."""
        return Terms(self.words, self.stems, edits)

    def edits_of(self, i: int) -> int:
        return self.edits[i] if i < len(self.edits) else edits_allowed(self.words[i])

    def matches(self, token: str) -> bool:
        low = token.lower()
        known = self._seen.get(low)
        if known is None:
            known = (
                low in self.words
                or stem_of(low) in self.stems
                or any(
                    (d := self.edits_of(i)) and _distance(low, w, d) <= d
                    for i, w in enumerate(self.words)
                )
            )
            self._seen[low] = known
        return known


def _spans(text: str, terms: Terms) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _WORD.finditer(text) if terms.matches(m.group())]


def _marked(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    out: list[str] = []
    pos = start
    for a, b in spans:
        if b <= start or a >= end:
            continue
        out.append(escape(text[pos:a]))
        out.append(f"<mark>{escape(text[a:b])}</mark>")
        pos = b
    out.append(escape(text[pos:end]))
    return "".join(out)


def highlight(text: str, terms: Terms) -> str:
    """The whole text, HTML-escaped, with the matching words in ``<mark>``."""
    return _marked(text, _spans(text, terms), 0, len(text))


def snippet(text: str, terms: Terms, width: int = 240) -> tuple[str, bool]:
    """A window of about ``width`` characters of ``text`` around its densest run of matching
    words, HTML-escaped, matches in ``<mark>``; and whether it holds any match."""
    spans = _spans(text, terms)
    if not spans:
        end = _cut_after(text, min(len(text), width))
        return escape(text[:end]) + ("…" if end < len(text) else ""), False
    best, best_count = spans[0][0], 0
    for a, _ in spans:
        count = sum(1 for x, y in spans if a <= x and y <= a + width)
        if count > best_count:
            best, best_count = a, count
    start = _cut_before(text, max(0, best - width // 4))
    end = _cut_after(text, min(len(text), start + width))
    body = _marked(text, spans, start, end)
    return ("…" if start > 0 else "") + body + ("…" if end < len(text) else ""), True


def _cut_before(text: str, pos: int) -> int:
    """Move ``pos`` back to the start of the word it falls in."""
    while 0 < pos < len(text) and not text[pos - 1].isspace():
        pos -= 1
    return pos


def _cut_after(text: str, pos: int) -> int:
    """Move ``pos`` on to the end of the word it falls in."""
    while 0 < pos < len(text) and not text[pos].isspace():
        pos += 1
    return pos
