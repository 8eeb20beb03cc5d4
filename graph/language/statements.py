"""A text split into its normative statements: sentences, headings and list items, each
with its offsets, its place (paragraph, list item) and the strength its wording gives it.

A list that mixes several recommendations is several statements: every list item is read on
its own, and so is every sentence of a paragraph.

Blocks: when the text has blank lines, they separate paragraphs and a single line break is
layout (text extracted from PDF); otherwise every line is a block (text from HTML, as
:func:`graph.importers.helsedir_text.html_to_text` writes it). A line that opens with a
bullet ("•", "-", "–", "*", "o", "1.", "a)") is a list item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import URIRef

from graph.language.wording import Wording, is_question, sentence_wording
from graph.model.vocab import STRENGTH

__all__ = ["Statement", "split_statements"]

_BULLET = re.compile(r"[ \t]*(?:[•\-–*▪◦o]|\d{1,2}[.)]|[a-zæøå]\))[ \t]+(?=\S)")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
# a sentence ends at . ! ? (and a closing quote or bracket) before a space and a capital,
# a digit, a quote or a bullet; not after the abbreviations guideline text uses
_SENTENCE_END = re.compile(r"[.!?][»”\")]*(?=\s+[«\"“(]?[A-ZÆØÅ0-9§•])")
_ABBREVIATIONS = re.compile(
    r"(?:\b(?:jf|jfr|f\.eks|eks|bl\.a|nr|mv|m\.m|m\.v|dvs|ca|pkt|kap|osv|etc|evt|ev|mht|"
    r"ifm|iht|pga|vedr|tlf|St|Prop|Meld|NOU|kl|mill|mrd|bokst|fig|tab|s|ca|o\.l|m\.fl|"
    r"Ot\.prp|Innst|Dok)|§\s*\d+[-\d\w]*|\b[A-ZÆØÅ])\.$"
)


@dataclass(frozen=True)
class Statement:
    """One sentence, heading or list item of a text.

    ``text == source[start:end]``; ``paragraph`` is the index of its block (paragraph,
    heading or list item) in the text, ``item`` its index within its list (None outside a
    list); ``strength`` a concept of the strength scheme (``uavklart`` where nothing
    decides), ``evidence`` the deciding words with their context, ``marker`` the deciding
    words alone, ``negated`` whether it says what is not to be done, ``question`` whether
    it asks.
    """

    text: str
    start: int
    end: int
    paragraph: int
    item: int | None
    strength: URIRef
    evidence: str | None = None
    marker: str | None = None
    negated: bool = False
    question: bool = False

    @property
    def strength_name(self) -> str:
        """``skal``, ``bor``, ``kan`` or ``uavklart``."""
        return str(self.strength).rsplit("/", 1)[-1]


def _blocks(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, is_list_item) of every block, in order."""
    soft_breaks = bool(_BLANK_LINE.search(text))
    lines: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    blocks: list[tuple[int, int, bool]] = []
    current: list[int] | None = None  # [start, end, is_item]
    for start, end in lines:
        line = text[start:end]
        if not line.strip():
            if current:
                blocks.append((current[0], current[1], bool(current[2])))
            current = None
            continue
        bullet = _BULLET.match(line)
        if bullet or not soft_breaks or current is None:
            if current:
                blocks.append((current[0], current[1], bool(current[2])))
            current = [start + (bullet.end() if bullet else 0), end, 1 if bullet else 0]
        else:
            current[1] = end
    if current:
        blocks.append((current[0], current[1], bool(current[2])))
    return blocks


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = start
    block = text[start:end]
    for m in _SENTENCE_END.finditer(block):
        stop = start + m.end()
        if _ABBREVIATIONS.search(text[pos : start + m.start() + 1]):
            continue
        spans.append((pos, stop))
        pos = stop
    spans.append((pos, end))
    trimmed = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            trimmed.append((s, e))
    return trimmed


def _statement(text: str, start: int, end: int, paragraph: int, item: int | None) -> Statement:
    sentence = text[start:end]
    wording: Wording | None = sentence_wording(sentence)
    if wording is None:
        return Statement(
            sentence,
            start,
            end,
            paragraph,
            item,
            STRENGTH.uavklart,
            question=is_question(sentence),
        )
    return Statement(
        sentence,
        start,
        end,
        paragraph,
        item,
        STRENGTH[wording.kind],
        wording.evidence,
        wording.marker,
        wording.negated,
    )


def split_statements(text: str) -> list[Statement]:
    """The statements of ``text``, in order.

    >>> [(s.text, s.strength_name, s.item) for s in split_statements(
    ...     "Kommunen skal ha rutiner.\\n• Lederen bør følge opp\\n• Teamet kan bruke sjekkliste")]
    [('Kommunen skal ha rutiner.', 'skal', None), ('Lederen bør følge opp', 'bor', 0), \
('Teamet kan bruke sjekkliste', 'kan', 1)]
    """
    statements: list[Statement] = []
    item_index = -1
    for paragraph, (start, end, is_item) in enumerate(_blocks(text)):
        item_index = item_index + 1 if is_item else -1
        for s, e in _sentences(text, start, end):
            statements.append(_statement(text, s, e, paragraph, item_index if is_item else None))
    return statements
