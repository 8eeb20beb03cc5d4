"""The strength (skal / bør / kan) of a recommendation, read from its wording.

Helsedirektoratet grades its recommendations by the modal verb they use, not by a field:
"skal" where the content is regulated by law or is so clearly grounded that departing from
it is seldom responsible; "bør" or "anbefaler" for strong recommendations; "kan" or
"foreslår" for weak ones (source 001, section 3.2.2).

The rules, in order:

1. The title decides. Its first modal word that stands in a main clause gives the strength:
   ``skal``/``skal ikke`` → skal; ``bør``/``bør ikke``/``anbefaler``/``anbefales`` → bør;
   ``kan``/``foreslår``/``foreslås`` → kan.
2. A modal right after a subordinator in the same clause (``som``, ``hvis``, ``dersom``,
   ``når``, ``hvor``, ``der``, ``at``; at most one word between, as in "om pasienten skal"
   or "som ikke kan") belongs to a subordinate clause and does not decide:
   "… kriterier for hvilke pasienter som kan tilbys multidose" is not a kan.
3. When the title has no deciding modal, the text decides by the same rule, except that
   ``kan`` never decides in a text: running text uses it descriptively ("kan være",
   "kan gi god effekt") far more often than as a grading.
4. Otherwise the strength is ``uavklart`` (undetermined).

The phrase that decided is kept as evidence: the modal with up to three words of its clause
on either side.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import URIRef

from graph.model.vocab import STRENGTH

__all__ = ["StrengthResult", "detect_strength"]

_MODAL = re.compile(
    r"\b(?:(?P<skal>skal(?:\s+ikke)?)"
    r"|(?P<bor>bør(?:\s+ikke)?|anbefaler(?:\s+ikke)?|anbefales(?:\s+ikke)?)"
    r"|(?P<kan>kan|foreslår|foreslås))\b",
    re.IGNORECASE,
)
_SUBORDINATORS = frozenset({"som", "hvis", "dersom", "når", "hvor", "der", "at"})
_CLAUSE_BREAK = re.compile(r"[.,;:!?()\n•]")
_WORD = re.compile(r"[\wæøåÆØÅ/-]+")
_CONTEXT_WORDS = 3


@dataclass(frozen=True)
class StrengthResult:
    """The detected strength: a concept of the strength scheme, the deciding phrase and
    where it was found (``"tittel"`` or ``"tekst"``; both None for ``uavklart``)."""

    concept: URIRef
    evidence: str | None = None
    source: str | None = None

    @property
    def name(self) -> str:
        """The concept's local name: ``skal``, ``bor``, ``kan`` or ``uavklart``."""
        return str(self.concept).rsplit("/", 1)[-1]


def _clause_before(text: str, pos: int) -> str:
    head = text[:pos]
    breaks = list(_CLAUSE_BREAK.finditer(head))
    return head[breaks[-1].end() :] if breaks else head


def _clause_after(text: str, pos: int) -> str:
    tail = text[pos:]
    m = _CLAUSE_BREAK.search(tail)
    return tail[: m.start()] if m else tail


def _is_subordinate(text: str, start: int) -> bool:
    words = _WORD.findall(_clause_before(text, start))
    return any(w.lower() in _SUBORDINATORS for w in words[-2:])


def _evidence(text: str, start: int, end: int) -> str:
    before = _WORD.findall(_clause_before(text, start))[-_CONTEXT_WORDS:]
    after = _WORD.findall(_clause_after(text, end))[:_CONTEXT_WORDS]
    return " ".join([*before, " ".join(text[start:end].split()), *after])


def _first_modal(text: str, *, allow_kan: bool) -> StrengthResult | None:
    for m in _MODAL.finditer(text):
        kind = m.lastgroup or ""
        if not allow_kan and m.group(0).lower() == "kan":
            continue
        if _is_subordinate(text, m.start()):
            continue
        return StrengthResult(STRENGTH[kind], _evidence(text, m.start(), m.end()))
    return None


def detect_strength(title: str, text: str | None = None) -> StrengthResult:
    """The strength of a recommendation from its title, else from its plain text.

    >>> r = detect_strength("Virksomhetsleder skal sørge for at praksis i egen virksomhet "
    ...                     "regelmessig vurderes opp mot nasjonale faglige råd og anbefalinger")
    >>> r.name, r.evidence, r.source
    ('skal', 'Virksomhetsleder skal sørge for at', 'tittel')
    >>> detect_strength("Metode og prosess").name
    'uavklart'
    """
    found = _first_modal(title or "", allow_kan=True)
    if found:
        return StrengthResult(found.concept, found.evidence, "tittel")
    if text:
        found = _first_modal(text, allow_kan=False)
        if found:
            return StrengthResult(found.concept, found.evidence, "tekst")
    return StrengthResult(STRENGTH.uavklart)
