"""Splitting text into the tokens the citation grammar reads."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Token", "tokenize", "words"]

# Text pulled out of HTML often glues a heading to the next sentence ("anvendelseForvaltnings-
# loven", "kapittel 4Bestemmelsene"); a capital after a small letter starts a new word. List
# items lose their break too ("etter § 5-2medlemmer"): a number glued to a word ends there,
# unless the word may start with the number's letter ("§ 10aopplysninger": 10a or 10?).
_GLUED = re.compile(r"(?<=[a-zæøå])(?=[A-ZÆØÅ][a-zæøå])")
_TOKEN = re.compile(
    r"(?P<url>(?:https?://)?(?:www\.)?lovdata\.no/[^\s<>\"'\]\)]+)"
    r"|(?P<sec>§§|§)"
    r"|(?P<num>\d+(?:-\d+)?(?=[i-zæøå][a-zæøå])"
    r"|\d+[A-Za-z]?(?:-\d+[A-Za-z]?)?(?![^\W_A-ZÆØÅ]|[A-ZÆØÅ](?![a-zæøå])|-\d))"
    r"|(?P<word>[^\W\d_](?:[^\W_]|-(?=[^\W_]))*-?)"
    r"|(?P<punct>[^\s\w])"
)


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # url, sec, num, word, punct
    text: str
    start: int
    end: int

    @property
    def norm(self) -> str:
        """Lower case, without a trailing hyphen (``helse-`` in ``helse- og …``)."""
        return self.text.lower().rstrip("-")


def tokenize(text: str) -> list[Token]:
    tokens = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "punct"
        start, end = m.span()
        value = m.group()
        if kind == "url":
            stripped = value.rstrip(".,;:")
            end -= len(value) - len(stripped)
            value = stripped
        if kind == "word" and _GLUED.search(value):
            pos = start
            for part in _GLUED.split(value):
                tokens.append(Token(kind, part, pos, pos + len(part)))
                pos += len(part)
            continue
        tokens.append(Token(kind, value, start, end))
    return tokens


_WORD = re.compile(r"\d+[A-Za-z]?(?:-\d+[A-Za-z]?)?|[^\W\d_](?:[^\W_]|-(?=[^\W_]))*-?")


def words(name: str) -> tuple[str, ...]:
    """The normalised words of a name, as :attr:`Token.norm` gives them for the text."""
    return tuple(part.lower().rstrip("-") for w in _WORD.findall(name) for part in _GLUED.split(w))
