"""References to EU and EEA law: the General Data Protection Regulation (personvernforordningen,
GDPR) and the EEA Agreement (EØS-avtalen), with their articles.

References take the form Lovdata's own links give them (``lov/2018-06-15-38/gdpr/a6``,
``lov/1992-11-27-109/eøsl/a53``: the acts that make them Norwegian law, personopplysningsloven
§ 1 and EØS-loven § 1), below them ``/nummer/1`` for a numbered paragraph (``nr. 1``) and
``/bokstav/e`` for a point, as in ``personvernforordningen artikkel 6 nr. 1 bokstav e``.

:func:`eu_iri` gives each its own IRI. The GDPR's is under the regulation's ELI,
``http://data.europa.eu/eli/reg/2016/679``, with ``art_6``, ``par_1``, ``pnt_e`` below it
(segments named after ELI's subdivision types article, paragraph and point). The act's ELI
follows the EU's ELI pattern ``eli/{type}/{year}/{number}``; the shared data holds no
published subdivision IRIs to check the segments below it against, so they are this
project's choice, kept in this one function. The
EEA Agreement has no ELI; its articles get ``https://w3id.org/hjemmel/eos-avtalen/artikkel/N``.

Article numbers are checked against the texts' extent: the GDPR has articles 1–99 (OJ L 119,
4.5.2016), the main part of the EEA Agreement articles 1–129. Paragraphs and points are not
checked: their texts are not in the Lovdata files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import URIRef

from graph.citations.tokens import Token
from graph.model.vocab import BASE

__all__ = ["EU_ACTS", "Article", "EuAct", "eu_iri", "eu_name", "parse_articles"]


@dataclass(frozen=True)
class EuAct:
    ref: str
    articles: int  # the highest article number


GDPR = EuAct("lov/2018-06-15-38/gdpr", 99)
EEA = EuAct("lov/1992-11-27-109/eøsl", 129)
EU_ACTS = (GDPR, EEA)
_NAMES = {
    ("personvernforordningen",): GDPR, ("personvernforordninga",): GDPR,
    ("personvernforordning",): GDPR, ("gdpr",): GDPR,
    ("eøs-avtalen",): EEA, ("eøs-avtala",): EEA, ("eøsavtalen",): EEA,
}  # fmt: skip
_ARTICLE = {"artikkel", "art", "artiklene", "artikler", "artikkels"}
_LIST = {"og", "eller", ",", "samt"}


def eu_name(tokens: list[Token], i: int) -> tuple[EuAct, int] | None:
    """The EU act named at ``i`` (``personvernforordningen``, ``GDPR``, ``EØS-avtalens``,
    ``forordning (EU) 2016/679``) and the index after the name."""
    tok = tokens[i]
    if tok.kind != "word":
        return None
    w = tok.norm
    for word in (w, w[:-1] if w.endswith("s") else w):
        act = _NAMES.get((word,))
        if act is not None:
            return act, i + 1
    if w in ("forordning", "forordningen", "europaparlaments-"):
        text = " ".join(t.text for t in tokens[i : i + 8])
        m = re.match(r"^[\w-]+(?: og rådsforordning)? \( EU \) (?:nr \. )?2016 / 679", text)
        if m:
            return GDPR, i + len(m.group().split())
    return None


@dataclass
class Article:
    start: int
    end: int
    number: int
    paragraph: str | None = None
    point: str | None = None

    def ref(self, act: EuAct) -> str:
        ref = f"{act.ref}/a{self.number}"
        if self.paragraph:
            ref += f"/nummer/{self.paragraph}"
        if self.point:
            ref += f"/bokstav/{self.point}"
        return ref


def _skip_dot(tokens: list[Token], j: int) -> int:
    return j + 1 if j < len(tokens) and tokens[j].text == "." else j


def _article(tokens: list[Token], j: int) -> tuple[Article, int] | None:
    """``6 nr. 1 bokstav e``, ``6 (1) (e)`` at ``j``."""
    if j >= len(tokens) or not tokens[j].text.isdigit():
        return None
    art = Article(tokens[j].start, tokens[j].end, int(tokens[j].text))
    k = j + 1
    t = tokens
    if k + 1 < len(t) and t[k].norm in ("nr", "nummer"):
        n = _skip_dot(t, k + 1)
        if n < len(t) and t[n].text.isdigit():
            art.paragraph, art.end, k = t[n].text, t[n].end, n + 1
    elif k + 2 < len(t) and t[k].text == "(" and t[k + 1].text.isdigit() and t[k + 2].text == ")":
        art.paragraph, art.end, k = t[k + 1].text, t[k + 2].end, k + 3
    if k + 1 < len(t) and t[k].norm in ("bokstav", "litra") and _letter(t[k + 1]):
        art.point, art.end, k = t[k + 1].text, t[k + 1].end, k + 2
    elif k + 2 < len(t) and t[k].text == "(" and _letter(t[k + 1]) and t[k + 2].text == ")":
        art.point, art.end, k = t[k + 1].text, t[k + 2].end, k + 3
    return art, k


def _letter(tok: Token) -> bool:
    return tok.kind == "word" and len(tok.text) == 1 and tok.text.islower()


def parse_articles(tokens: list[Token], i: int) -> tuple[list[Article], int]:
    """``artikkel 6 nr. 1 bokstav e og 9``, ``art. 9`` at ``i``: the articles and the index
    after them (``[]``, ``i`` when there is none)."""
    if i >= len(tokens) or tokens[i].norm not in _ARTICLE:
        return [], i
    k = _skip_dot(tokens, i + 1)
    found = _article(tokens, k)
    if found is None:
        return [], i
    items = [found[0]]
    items[0].start = tokens[i].start
    k = found[1]
    while k < len(tokens) and tokens[k].norm in _LIST:
        n = word = k + 1
        if n < len(tokens) and tokens[n].norm in _ARTICLE:
            n = _skip_dot(tokens, n + 1)
        nxt = _article(tokens, n)
        if nxt is None:
            break
        nxt[0].start = tokens[word].start
        items.append(nxt[0])
        k = nxt[1]
    return items, k


def eu_iri(ref: str) -> URIRef | None:
    """The IRI of an EU reference (see the module text); None when it is not one.

    >>> eu_iri("lov/2018-06-15-38/gdpr/a6/nummer/1/bokstav/e")
    rdflib.term.URIRef('http://data.europa.eu/eli/reg/2016/679/art_6/par_1/pnt_e')
    """
    for act, base in ((GDPR, "http://data.europa.eu/eli/reg/2016/679"),
                      (EEA, f"{BASE}eos-avtalen")):  # fmt: skip
        if ref == act.ref:
            return URIRef(base)
        if not ref.startswith(act.ref + "/"):
            continue
        m = re.match(r"^a(\d+)(?:/nummer/(\d+))?(?:/bokstav/([a-z]))?$", ref[len(act.ref) + 1 :])
        if m is None:
            return None
        if act is EEA:
            return URIRef(f"{base}/artikkel/{m[1]}") if not (m[2] or m[3]) else None
        iri = f"{base}/art_{m[1]}"
        iri += f"/par_{m[2]}" if m[2] else ""
        iri += f"/pnt_{m[3]}" if m[3] else ""
        return URIRef(iri)
    return None
