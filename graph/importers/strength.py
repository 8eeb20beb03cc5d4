"""The strength (skal / bør / kan) of a recommendation, read from its wording.

Helsedirektoratet grades its recommendations by the words they use, not by a field:
"skal" where the content is regulated by law or is so clearly grounded that departing from
it is seldom responsible; "bør" or "anbefaler" for strong recommendations; "kan" or
"foreslår" for weak ones (source 001, section 3.2.2). The words each sentence may use, and
what does not decide (questions, subordinate clauses, quoted provisions), are in
:mod:`graph.language.wording`.

The rules, in order:

1. The title decides: the strength of its wording (a title that asks a question does not
   decide).
2. Otherwise the text decides, statement by statement (:func:`graph.language.statements.
   split_statements`: every sentence and every list item on its own), except that the bare
   ``kan`` never decides in a text: running text uses it descriptively far more often than
   as a grading ("foreslår", "foreslås" do). When its statements agree, that strength;
   when they differ (a list that mixes skal and bør recommendations), the text is several
   statements, not one: ``uavklart``, with the differing evidence.
3. Otherwise the strength is ``uavklart`` (undetermined).

The evidence is the deciding words with up to three words of their clause on either side.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef

from graph.language.statements import split_statements
from graph.language.wording import sentence_wording
from graph.model.vocab import STRENGTH

__all__ = ["StrengthResult", "detect_strength"]

_LABEL = {"skal": "skal", "bor": "bør", "kan": "kan"}


@dataclass(frozen=True)
class StrengthResult:
    """The detected strength: a concept of the strength scheme, the deciding phrase and
    where it was found (``"tittel"`` or ``"tekst"``). For ``uavklart`` both are None, unless
    the text's statements differ in strength: then the evidence names each strength's first
    statement and the source is ``"tekst"``."""

    concept: URIRef
    evidence: str | None = None
    source: str | None = None

    @property
    def name(self) -> str:
        """The concept's local name: ``skal``, ``bor``, ``kan`` or ``uavklart``."""
        return str(self.concept).rsplit("/", 1)[-1]


def detect_strength(title: str, text: str | None = None) -> StrengthResult:
    """The strength of a recommendation from its title, else from its plain text.

    >>> r = detect_strength("Virksomhetsleder skal sørge for at praksis i egen virksomhet "
    ...                     "regelmessig vurderes opp mot nasjonale faglige råd og anbefalinger")
    >>> r.name, r.evidence, r.source
    ('skal', 'Virksomhetsleder skal sørge for at', 'tittel')
    >>> detect_strength("Metode og prosess").name
    'uavklart'
    """
    wording = sentence_wording(" ".join((title or "").split()))
    if wording is not None:
        return StrengthResult(STRENGTH[wording.kind], wording.evidence, "tittel")
    if text:
        deciding = [
            s
            for s in split_statements(text)
            if s.marker is not None and s.marker.lower() not in ("kan", "kan ikke")
        ]
        kinds = {s.strength for s in deciding}
        if len(kinds) == 1:
            return StrengthResult(deciding[0].strength, deciding[0].evidence, "tekst")
        if len(kinds) > 1:
            first: dict[URIRef, str] = {}
            for s in deciding:
                first.setdefault(s.strength, f"{_LABEL[s.strength_name]}: {s.evidence}")
            evidence = "; ".join(first.values())
            return StrengthResult(STRENGTH.uavklart, evidence, "tekst")
    return StrengthResult(STRENGTH.uavklart)
