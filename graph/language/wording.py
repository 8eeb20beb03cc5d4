"""The strength one sentence's wording gives it: skal, bør, kan or none.

Helsedirektoratet grades a recommendation by the words it uses (source 001, section 3.2.2):
"skal" where the content is regulated by law or so clearly grounded that departing from it is
seldom responsible; "bør"/"anbefaler" for strong recommendations; "kan"/"foreslår" for weak
ones. Guideline text also says the same things in other words; this module reads them:

* binding: ``skal``, ``må``, ``plikter``, ``har plikt til``, ``er pliktig til``,
  ``er forpliktet til`` → skal;
* strong: ``bør``, ``anbefaler``, ``anbefales``, ``er anbefalt``, ``gir en sterk
  anbefaling`` → bør; negated: ``bør ikke``, ``anbefales ikke``, ``det er ikke anbefalt``,
  ``fraråder``, ``frarådes`` → bør, marked as negated (a recommendation against);
* weak: ``kan``, ``foreslår``, ``foreslås``, ``gir en svak anbefaling`` → kan; ``kan`` only
  where it grants or suggests an action, not where it describes a possibility ("kan være",
  "kan gi", "kan ikke se");
* ``skal ikke``/``må ikke`` is a binding prohibition: skal, negated.

What does not decide:

* a question ("Hvordan kan kommunen …?") — a heading that asks is not a recommendation;
* a modal in a subordinate clause: within three words after a subordinator (``som``,
  ``hvis``, ``dersom``, ``når``, ``om``, ``at``, …; adverbs such as ``ikke`` not counted), as
  in "Dersom pasienten ikke kan samtykke, skal …", where ``skal`` decides. A clause after
  "mener at", "ber om at", "forventer at" is the speaker's own position and does decide
  ("KS mener at kommunen bør …");
* a modal inside quotation marks («…», “…”, "…"): the verb of a quoted provision or a
  mentioned word, not the sentence's own.

The first modal that decides gives the strength; the evidence is that modal with up to three
words of its clause on either side.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Wording", "is_question", "mask_quotes", "sentence_wording"]

_NEG = r"(?:\s+ikke)?"
_MODAL = re.compile(
    r"\b(?:"
    r"(?P<skal>skal" + _NEG + r"|må" + _NEG + r"|plikter|har\s+(?:en\s+)?plikt\s+til"
    r"|er\s+(?:pliktig|forpliktet)\s+til)"
    r"|(?P<bor_neg>(?:det\s+)?er\s+ikke\s+anbefalt|fraråder|frarådes|anbefales\s+ikke"
    r"|anbefaler\s+ikke|gir\s+en\s+sterk\s+anbefaling\s+mot)"
    r"|(?P<bor>bør" + _NEG + r"|anbefaler|anbefales|er\s+anbefalt"
    r"|gir\s+en\s+sterk\s+anbefaling|sterk\s+anbefaling)"
    r"|(?P<kan>kan" + _NEG + r"|foreslår|foreslås|gir\s+en\s+svak\s+anbefaling"
    r"|svak\s+anbefaling)"
    r")\b",
    re.IGNORECASE,
)
_SUBORDINATORS = frozenset(
    {
        "som",
        "hvis",
        "dersom",
        "når",
        "hvor",
        "der",
        "at",
        "om",
        "fordi",
        "hvilke",
        "hvilken",
        "hvordan",
        "hva",
        "hvem",
        "hvorfor",
        "mens",
        "enn",
    }
)
# a clause after these is the speaker's own position: "KS mener at kommunen bør …"
_STANCE = frozenset({"mener", "ber", "forventer", "understreker", "påpeker", "tilrår", "vil"})
_ADVERBS = frozenset(
    {
        "ikke",
        "også",
        "alltid",
        "aldri",
        "likevel",
        "derfor",
        "normalt",
        "vanligvis",
        "ofte",
        "fortsatt",
        "da",
        "bare",
        "kun",
        "heller",
        "gjerne",
        "fremdeles",
        "allerede",
        "nå",
    }
)
# "kan" followed by these describes a possibility rather than granting an action
_DESCRIPTIVE_AFTER_KAN = frozenset(
    {
        "være",
        "bli",
        "gi",
        "føre",
        "ha",
        "bidra",
        "skje",
        "oppstå",
        "medføre",
        "påvirke",
        "virke",
        "se",
        "tenkes",
        "finnes",
        "utfordre",
        "hemme",
        "synes",
        "variere",
        "innebære",
        "øke",
        "redusere",
        "oppleves",
        "forekomme",
        "gjøre",
        "skyldes",
        "komme",
        "få",
        "bety",
        "forsvare",
        "forklare",
        "mangle",
        "endre",
        "si",
        "sies",
        "løse",
    }
)
_SKIP_AFTER_KAN = frozenset({"ikke", "også", "gjerne", "derfor", "likevel", "i", "seg", "selv"})
_CLAUSE_BREAK = re.compile(r"[.,;:!?()\n•–]")
_WORD = re.compile(r"[\wæøåÆØÅ/§-]+")
_QUOTES = re.compile(r"«[^«»]*»|“[^“”]*”|\"[^\"\n]*\"")
_CONTEXT_WORDS = 3


@dataclass(frozen=True)
class Wording:
    """What decided a sentence's strength: ``kind`` is ``skal``, ``bor`` or ``kan``;
    ``marker`` the deciding words as written ("må", "fraråder"), ``negated`` whether it
    says what is not to be done, ``evidence`` the marker with up to three words of its
    clause on either side, ``start``/``end`` the marker's offsets in the sentence."""

    kind: str
    marker: str
    negated: bool
    evidence: str
    start: int
    end: int


def mask_quotes(text: str) -> str:
    """``text`` with every quoted span («…», “…”, "…") blanked out, offsets kept."""
    return _QUOTES.sub(lambda m: " " * len(m.group(0)), text)


def is_question(sentence: str) -> bool:
    """A sentence that asks: it ends with a question mark (quotes not counted)."""
    return mask_quotes(sentence).rstrip().rstrip("»”\"'").rstrip().endswith("?")


def _clause_before(text: str, pos: int) -> str:
    head = text[:pos]
    breaks = list(_CLAUSE_BREAK.finditer(head))
    return head[breaks[-1].end() :] if breaks else head


def _clause_after(text: str, pos: int) -> str:
    tail = text[pos:]
    m = _CLAUSE_BREAK.search(tail)
    return tail[: m.start()] if m else tail


def _is_subordinate(text: str, start: int) -> bool:
    words = [w.lower() for w in _WORD.findall(_clause_before(text, start))]
    content = [w for w in words if w not in _ADVERBS]
    for j in range(max(0, len(content) - 3), len(content)):
        if content[j] not in _SUBORDINATORS:
            continue
        previous = content[j - 1] if j > 0 else ""
        if (content[j] == "at" and previous in _STANCE) or (
            content[j] == "om" and previous == "ber"
        ):
            continue  # "mener at kommunen bør": the speaker's own position decides
        return True
    return False


def _is_descriptive_kan(text: str, end: int) -> bool:
    for word in _WORD.findall(_clause_after(text, end)):
        w = word.lower()
        if w in _SKIP_AFTER_KAN:
            continue
        return w in _DESCRIPTIVE_AFTER_KAN
    return True  # "kan" with no verb after it in its clause


def _evidence(text: str, start: int, end: int) -> str:
    before = _WORD.findall(_clause_before(text, start))[-_CONTEXT_WORDS:]
    after = _WORD.findall(_clause_after(text, end))[:_CONTEXT_WORDS]
    return " ".join([*before, " ".join(text[start:end].split()), *after])


def sentence_wording(sentence: str, *, allow_kan: bool = True) -> Wording | None:
    """The wording that gives ``sentence`` its strength, or None (no modal decides, or the
    sentence is a question). ``allow_kan=False`` ignores the weak markers.

    >>> w = sentence_wording("Dersom pasienten ikke kan samtykke, skal helsepersonellet "
    ...                      "vurdere om det er nødvendig")
    >>> w.kind, w.evidence
    ('skal', 'skal helsepersonellet vurdere om')
    >>> sentence_wording("Hvordan kan kommunen organisere arbeidet?") is None
    True
    """
    if is_question(sentence):
        return None
    text = mask_quotes(sentence)
    for m in _MODAL.finditer(text):
        group = m.lastgroup or ""
        kind = "bor" if group == "bor_neg" else group
        marker = " ".join(m.group(0).split())
        if kind == "kan" and not allow_kan:
            continue
        if _is_subordinate(text, m.start()):
            continue
        if marker.lower() in {"kan", "kan ikke"} and _is_descriptive_kan(text, m.end()):
            continue
        negated = group == "bor_neg" or marker.lower().endswith(" ikke")
        return Wording(
            kind, marker, negated, _evidence(sentence, m.start(), m.end()), m.start(), m.end()
        )
    return None
