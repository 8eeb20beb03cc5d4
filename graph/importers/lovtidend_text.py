"""The wording of amendment instructions in Norsk Lovtidend, read into targets and kinds.

An instruction names what it changes in Norwegian legal drafting style::

    Ny § 3-8 a skal lyde:                                   → a new provision
    § 4-1 andre og tredje ledd skal lyde:                   → two replaced ledd
    § 1-2 første ledd nytt annet punktum skal lyde:         → a new punktum
    § 7-4 andre ledd oppheves.                              → a repealed ledd
    Nåværende tredje og fjerde ledd blir fjerde og nytt femte ledd.   → two renumbered ledd
    Overskriften til § 5 skal lyde:                         → a new provision title

Targets are returned as :class:`Target` (provision number, ledd, punktum); a phrase that
names no provision takes the provision of the instruction before it. Text that fits no form
gives None: the caller keeps it as unread, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "ORDINALS",
    "Instruction",
    "Target",
    "act_of_lead",
    "parse_instruction",
    "parse_targets",
]

ORDINALS = {
    "første": 1, "andre": 2, "annet": 2, "annen": 2, "tredje": 3, "fjerde": 4, "femte": 5,
    "sjette": 6, "sjuende": 7, "syvende": 7, "åttende": 8, "niende": 9, "tiende": 10,
    "ellevte": 11, "tolvte": 12,
}  # fmt: skip
"""Ordinal words of Norwegian amendment instructions."""

_MONTHS = {
    "januar": 1, "februar": 2, "mars": 3, "april": 4, "mai": 5, "juni": 6, "juli": 7,
    "august": 8, "september": 9, "oktober": 10, "november": 11, "desember": 12,
}  # fmt: skip

KINDS = ("innsatt", "erstattet", "opphevet", "omnummerert", "ny-overskrift", "ulest")
"""The kinds of change, as the notation of the concepts in ``endringstype/``."""

_ORD = "(?:" + "|".join(sorted(ORDINALS, key=len, reverse=True)) + ")"
_NEW = r"(?:nytt?\s+)?"
_ORDS = rf"{_NEW}{_ORD}(?:\s*,\s*{_NEW}{_ORD})*(?:\s+og\s+{_NEW}{_ORD})?"
_PROV = r"§\s*(?P<num>\d+(?:-\d+)*(?:\s?[a-z](?![\wæøå]))?)"
_TARGET = re.compile(
    rf"^(?:{_PROV})?\s*(?:(?P<ledd>{_ORDS})\s+ledd)?\s*(?:(?P<pkt>{_ORDS})\s+punktum)?$",
    re.IGNORECASE,
)
_LEAD = re.compile(
    r"^I\s+(?P<kind>lov|forskrift)\s+(?P<day>\d{1,2})\.\s*(?P<month>[a-zæøå]+)\s+"
    r"(?P<year>\d{4})\s+nr\.\s*(?P<nr>\d+)\b(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)


@dataclass(frozen=True)
class Target:
    """One part of the amended act an instruction names."""

    provision: str | None  # "3-8a"; None for the chapter or act level
    ledd: int | None = None
    punktum: int | None = None
    new: bool = False  # the phrase says "ny"/"nytt" at its finest level
    chapter: str | None = None  # "4" for "kapittel 4"


@dataclass(frozen=True)
class Instruction:
    """What one instruction says: its kind and targets (several for "andre og tredje ledd")."""

    kind: str  # one of KINDS except "ulest"
    targets: tuple[Target, ...]
    renumbered_to: tuple[Target, ...] = ()
    needs_wording: bool = False  # ends with "skal lyde:"
    title_only: bool = False  # changes a heading, not the text


def _ordinals(text: str) -> list[tuple[int, bool]]:
    """``"fjerde og nytt femte"`` → ``[(4, False), (5, True)]``."""
    out = []
    for m in re.finditer(rf"(nytt?\s+)?({_ORD})", text, re.IGNORECASE):
        out.append((ORDINALS[m.group(2).lower()], bool(m.group(1))))
    return out


def parse_targets(phrase: str, context: str | None) -> list[Target] | None:
    """The targets a phrase names, or None when it is no target phrase.

    ``context`` is the provision of the instruction before, used when the phrase names none.

    >>> parse_targets("§ 4-1 andre og tredje ledd", None)
    [Target(provision='4-1', ledd=2, punktum=None, new=False, chapter=None), \
Target(provision='4-1', ledd=3, punktum=None, new=False, chapter=None)]
    >>> parse_targets("§ 1-2 første ledd nytt annet punktum", None)
    [Target(provision='1-2', ledd=1, punktum=2, new=True, chapter=None)]
    >>> parse_targets("§ 3-8 a", None)[0].provision
    '3-8a'
    >>> parse_targets("tredje ledd", None) is None
    True
    """
    phrase = " ".join(phrase.split()).rstrip(".:")
    m = _TARGET.match(phrase)
    if m is None or not phrase:
        return None
    number = m["num"].replace(" ", "") if m["num"] else context
    if number is None:
        return None
    ledd = _ordinals(m["ledd"]) if m["ledd"] else []
    punktum = _ordinals(m["pkt"]) if m["pkt"] else []
    if ledd and punktum and len(ledd) > 1:
        return None  # "første og andre ledd tredje punktum" names nothing unambiguous
    if punktum:
        base = ledd[0][0] if ledd else None
        if base is None:
            return None
        return [Target(number, base, p, new) for p, new in punktum]
    if ledd:
        return [Target(number, n, None, new) for n, new in ledd]
    return [Target(number)]


def _chapter(text: str) -> str | None:
    m = re.fullmatch(r"kapittel\s+(\d+(?:\s?[A-Za-z])?)", text.strip(), re.IGNORECASE)
    return m.group(1).replace(" ", "") if m else None


def parse_instruction(text: str, context: str | None) -> Instruction | None:
    """The kind and targets of one instruction, or None when it fits no known form.

    >>> parse_instruction("Ny § 3-8 a skal lyde:", None).kind
    'innsatt'
    >>> text = "Nåværende tredje og fjerde ledd blir fjerde og nytt femte ledd."
    >>> i = parse_instruction(text, "4-1")
    >>> [(t.ledd, n.ledd) for t, n in zip(i.targets, i.renumbered_to)]
    [(3, 4), (4, 5)]
    >>> parse_instruction("§ 7-4 andre ledd oppheves.", None).targets[0].ledd
    2
    >>> parse_instruction("Overskriften til kapittel 4 skal lyde:", None).targets
    (Target(provision=None, ledd=None, punktum=None, new=False, chapter='4'),)
    >>> parse_instruction("§ 7-6 overskriften skal lyde:", None).kind
    'ny-overskrift'
    >>> parse_instruction("I § 2 skal ordet «a» erstattes med «b».", None) is None
    True
    """
    text = " ".join(text.split())
    if m := re.fullmatch(r"Ny(?:tt)?\s+(§.+?)\s+skal\s+lyde:?", text, re.IGNORECASE):
        targets = parse_targets(m.group(1), context)
        if targets and all(t.ledd is None for t in targets):
            return Instruction("innsatt", tuple(targets), needs_wording=True)
        return None
    if m := re.fullmatch(
        r"(?:Overskriften\s+(?:til|i)\s+(.+?)|(.+?)\s+overskrift(?:en)?)\s+skal\s+lyde:?",
        text,
        re.IGNORECASE,
    ):
        phrase = m.group(1) or m.group(2)
        chapter = _chapter(phrase)
        if chapter is not None:
            targets = [Target(None, chapter=chapter)]
        else:
            targets = parse_targets(phrase, context) or []
        if len(targets) == 1 and targets[0].ledd is None:
            return Instruction("ny-overskrift", tuple(targets), needs_wording=True, title_only=True)
        return None
    if m := re.fullmatch(r"(.+?)\s+skal\s+lyde:?", text, re.IGNORECASE):
        targets = parse_targets(m.group(1), context)
        if not targets:
            return None
        kind = "innsatt" if targets[-1].new else "erstattet"
        if any(t.new for t in targets) and not all(t.new for t in targets):
            return None
        return Instruction(kind, tuple(targets), needs_wording=True)
    if m := re.fullmatch(r"(.+?)\s+oppheves\.?", text, re.IGNORECASE):
        targets = parse_targets(m.group(1), context)
        return Instruction("opphevet", tuple(targets)) if targets else None
    if m := re.fullmatch(r"(?:Nåværende\s+)?(.+?)\s+blir\s+(?:ny(?:tt)?\s+)?(.+?)\.?", text):
        old = parse_targets(m.group(1), context)
        if not old:
            return None
        new = parse_targets(m.group(2), old[0].provision)
        if not new or len(new) != len(old):
            return None
        return Instruction("omnummerert", tuple(old), renumbered_to=tuple(new))
    return None


def act_of_lead(text: str) -> tuple[str, str] | None:
    """The refid an instruction's lead names (``I lov 2. juli 1999 nr. 61 …``) and what
    follows the act's title: ``""`` for "gjøres følgende endringer", or the instruction the
    lead carries itself (``I lov … skal § 1-7 lyde:`` → ``"§ 1-7 skal lyde:"``).

    >>> act_of_lead("I lov 3. juni 1983 nr. 54 om tannhelsetjenesten skal § 1-7 lyde:")
    ('lov/1983-06-03-54', '§ 1-7 skal lyde:')
    >>> act_of_lead("I forskrift 20. mars 2015 nr. 231 om krav (x) gjøres følgende endring:")
    ('forskrift/2015-03-20-231', '')
    """
    text = " ".join(text.split())
    m = _LEAD.match(text)
    if m is None:
        return None
    month = _MONTHS.get(m["month"].lower())
    if month is None:
        return None
    refid = f"{m['kind'].lower()}/{m['year']}-{month:02d}-{int(m['day']):02d}-{int(m['nr'])}"
    rest = m["rest"]
    if re.search(r"\bgjøres\s+følgende\s+endring(?:er)?\b", rest):
        return refid, ""
    if inner := re.search(r"\bskal\s+(§.+?)\s+lyde:?$", rest):
        return refid, f"{inner.group(1)} skal lyde:"
    return None
