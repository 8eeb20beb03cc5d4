"""How the pages name legal resources, the way a jurist writes them: ``hol. § 12-5``,
``pasientjournalforskriften § 6 første ledd bokstav g``, ``lov 20. desember 2023 nr. 106``."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from graph.model.iris import legal_ref
from graph.questions.trace import ChainLink

__all__ = [
    "act_citation",
    "act_name",
    "chain_citation",
    "chapter_heading",
    "date_words",
    "lower_first",
    "ordinal",
    "part_words",
    "provision_citation",
    "refid_words",
]

_ORDINALS = (
    "første", "andre", "tredje", "fjerde", "femte", "sjette", "sjuende", "åttende", "niende",
    "tiende", "ellevte", "tolvte", "trettende", "fjortende", "femtende",
)  # fmt: skip
_MONTHS = (
    "januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september",
    "oktober", "november", "desember",
)  # fmt: skip
_REFID = re.compile(r"(lov|forskrift)/(\d{4})-(\d{2})-(\d{2})(?:-(\d+))?")


def ordinal(n: int) -> str:
    """The Norwegian ordinal word a ledd is named by.

    >>> ordinal(1), ordinal(3), ordinal(20)
    ('første', 'tredje', '20.')
    """
    return _ORDINALS[n - 1] if 1 <= n <= len(_ORDINALS) else f"{n}."


def lower_first(text: str) -> str:
    """``Helse- og omsorgstjenesteloven`` → ``helse- og omsorgstjenesteloven``; an
    abbreviation in capitals stays as it is.

    >>> lower_first("Helse- og omsorgstjenesteloven"), lower_first("LOV")
    ('helse- og omsorgstjenesteloven', 'LOV')
    """
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def act_name(short_title: str | None, title: str | None) -> str:
    """The act's name without its abbreviation: ``Helse- og omsorgstjenesteloven``.

    >>> act_name("Helse- og omsorgstjenesteloven – hol", None)
    'Helse- og omsorgstjenesteloven'
    >>> act_name(None, "Lov om folketrygd (folketrygdloven)")
    'Folketrygdloven'
    """
    if short_title:
        return short_title.split(" – ", 1)[0].strip()
    if title:
        m = re.search(r"\(([^()]+)\)\s*$", title)
        if m:
            return m.group(1)[0].upper() + m.group(1)[1:]
        return title
    return "Ukjent lov"


def act_citation(short_title: str | None, title: str | None) -> str:
    """How a citation names the act: its abbreviation (``hol.``) when it has one, else its
    name in running text (``pasientjournalforskriften``).

    >>> act_citation("Helse- og omsorgstjenesteloven – hol", None)
    'hol.'
    >>> act_citation("Grunnloven (bokmål) – Grl.", None)
    'Grl.'
    >>> act_citation("Pasientjournalforskriften", None)
    'pasientjournalforskriften'
    """
    if short_title and " – " in short_title:
        abbreviation = short_title.split(" – ", 1)[1].strip()
        return abbreviation if abbreviation.endswith(".") else abbreviation + "."
    return lower_first(act_name(short_title, title))


def part_words(iri: str) -> str:
    """The ledd and point of a legal IRI in words, after the provision number.

    >>> part_words("https://w3id.org/hjemmel/forskrift/2019-03-01-168/paragraf/6/ledd/1/bokstav/g")
    'første ledd bokstav g'
    >>> part_words("https://w3id.org/hjemmel/lov/1/paragraf/2/ledd/2/nummer/3")
    'andre ledd nr. 3'
    """
    words = []
    m = re.search(r"/ledd/(\d+)", iri)
    if m:
        words.append(f"{ordinal(int(m.group(1)))} ledd")
    m = re.search(r"/(bokstav|nummer)/([^/]+)$", iri)
    if m:
        words.append(("bokstav " if m.group(1) == "bokstav" else "nr. ") + m.group(2))
    return " ".join(words)


def provision_citation(act: str, number: str | None, iri: str = "") -> str:
    """``hol. § 12-5``, with the ledd and point when ``iri`` names one.

    >>> provision_citation("hol.", "12-5")
    'hol. § 12-5'
    """
    parts = [act]
    if number:
        parts.append(f"§ {number}")
    words = part_words(iri)
    if words:
        parts.append(words)
    return " ".join(parts)


def chain_citation(chain: Sequence[ChainLink]) -> str:
    """The citation of the last (most specific) link of a chain that starts at the act."""
    if not chain:
        return ""
    act = chain[0]
    name = act_citation(act.short_title, act.title)
    last = chain[-1]
    if last.level == "act":
        return act_name(act.short_title, act.title)
    if last.level == "chapter":
        return f"{name} kapittel {last.number}" if last.number else name
    provision = next((c for c in chain if c.level == "provision"), None)
    return provision_citation(name, provision.number if provision else None, last.iri)


def chapter_heading(number: str | None, title: str | None) -> str:
    """A chapter's title without a repeated ``Kapittel 12.`` prefix, which the page writes
    itself.

    >>> chapter_heading("12", "Kapittel 12. Forskjellige bestemmelser")
    'Forskjellige bestemmelser'
    >>> chapter_heading("7", "Kap. 7. Administrative organer")
    'Administrative organer'
    """
    text = title or ""
    m = re.match(r"^(?:Kapittel|Kap\.)\s*[\dA-Za-z]+\.?\s*", text)
    return (text[m.end() :] if m else text).strip() or (f"Kapittel {number}" if number else "")


def date_words(iso: str | None) -> str | None:
    """``2024-01-01`` → ``1. januar 2024``.

    >>> date_words("2023-12-20"), date_words(None)
    ('20. desember 2023', None)
    """
    if not iso:
        return None
    try:
        d = dt.date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    return f"{d.day}. {_MONTHS[d.month - 1]} {d.year}"


def refid_words(iri: str) -> str:
    """An act or regulation named by its date and number, as Lovdata does.

    >>> refid_words("https://w3id.org/hjemmel/lov/2023-12-20-106")
    'lov 20. desember 2023 nr. 106'
    """
    ref = legal_ref(iri)
    m = _REFID.match(ref)
    if not m:
        return ref
    kind, y, mo, d, n = m.groups()
    words = f"{kind} {date_words(f'{y}-{mo}-{d}')}"
    return f"{words} nr. {n}" if n else words
