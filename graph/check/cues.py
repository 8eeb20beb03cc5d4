"""The wording by which a text gives a reference as its legal basis.

A reference is given as the basis when one of these phrases stands right before it (a few
filler words such as "også", "blant annet" or "bestemmelsene i" may come between):
"jf." / "jfr.", "følger av", "i medhold av", "hjemmel i" / "hjemlet i", "med grunnlag i",
"i henhold til" / "iht.", "etter", "regulert i", "se". A lovdata.no link is a basis by
itself. A reference joined to a basis reference by "og", "eller" or a comma ("jf. § 3-1
og § 3-2") shares its wording.
"""

from __future__ import annotations

import re

__all__ = ["CUES", "LINK_CUE", "basis_cue", "continues"]

CUES: tuple[str, ...] = (
    "jf.",
    "følger av",
    "i medhold av",
    "hjemmel i",
    "med grunnlag i",
    "i henhold til",
    "etter",
    "regulert i",
    "se",
)
"""The basis wordings, as reported in a result's ``cue``."""

LINK_CUE = "lovdata-lenke"
"""The wording reported for a lovdata.no link."""

_CUE_PATTERNS: tuple[tuple[str, str], ...] = (
    ("jf.", r"jfr?\.?"),
    ("følger av", r"følger\s+(?:direkte\s+|også\s+)?av"),
    ("i medhold av", r"i\s+medhold\s+av"),
    ("hjemmel i", r"(?:hjemmel|hjemlet|forankret|hjemles)\s+i"),
    ("med grunnlag i", r"(?:med\s+)?grunnlag\s+i"),
    ("i henhold til", r"i\s+henhold\s+til|iht\.?"),
    ("etter", r"etter"),
    ("regulert i", r"(?:regulert|fastsatt|nedfelt)\s+i"),
    ("se", r"se"),
)
_FILLER = (
    r"(?:\s*\(|\s+(?:også|bl\.\s*a\.|blant\s+annet|for\s+eksempel|f\.\s*eks\.|særlig"
    r"|bestemmelsene?|kravene?|kravet|reglene?|plikten|regelen|i|om|reglene\s+om))*"
)
_BEFORE = re.compile(
    r"(?:^|(?<=[\s(,;:]))(?:"
    + "|".join(f"(?P<c{i}>{pattern})" for i, (_, pattern) in enumerate(_CUE_PATTERNS))
    + r")"
    + _FILLER
    + r"\s*$",
    re.IGNORECASE,
)
_JOINED = re.compile(r"^\s*(?:\([^()]{0,40}\)\s*)?(?:,|og|eller|samt|,\s*og)?\s*$", re.IGNORECASE)


def basis_cue(before: str) -> str | None:
    """The basis wording ``before`` (the text up to a reference) ends with, or None.

    >>> basis_cue("Kommunen skal ha rutiner, jf. ")
    'jf.'
    >>> basis_cue("Dette følger også av ")
    'følger av'
    >>> basis_cue("Plikten er regulert i ")
    'regulert i'
    >>> basis_cue("Kommunen skal, etter bestemmelsene i ")
    'etter'
    >>> basis_cue("Kommunen skal vurdere ") is None
    True
    """
    m = _BEFORE.search(before[-80:])
    if not m:
        return None
    for i, (name, _) in enumerate(_CUE_PATTERNS):
        if m.group(f"c{i}"):
            return name
    return None


def continues(between: str) -> bool:
    """Whether ``between`` (the text between two references) joins them into one list.

    >>> continues(" og "), continues(" (lovdata.no), "), continues(" for å sikre ")
    (True, True, False)
    """
    return bool(_JOINED.match(between))
