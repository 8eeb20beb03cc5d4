"""Guidance resting on provisions absent from the current consolidated text.

A legal resource is absent when no Lovdata graph (``graf/lovdata/…`` or
``graf/lovdata-referanser``) has it as a resource, while its act is known there: so the
answer is only given where the store can tell. Two reasons follow from the data:

- ``missing-from-current-text``: the act is imported from Lovdata (it has parts) but the
  provision, ledd or point is not in it — repealed, renumbered, or gone at a re-import;
- ``act-without-current-text``: the act is known only as a reference target, without text
  (a repealed act such as lov/1984-03-30-15, which kvalitetsforskriften still names as
  its basis).

Guidance rests on such a resource directly (legal basis, citation, the provision that
empowers its publisher), or through a regulation it rests on that names the resource as
its own legal basis (``via``). The cost follows the guidance, not the store: one query
starts from the guidance and gives what it rests on (:file:`guidance-bases.rq`), then one
bound lookup per batch of those IRIs and their acts says which a Lovdata graph has and which
acts have parts (:file:`lovdata-presence.rq`); the rule is decided here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Literal, cast

from pydantic import Field
from rdflib import URIRef
from rdflib.term import Identifier

from graph.model.iris import legal_ref
from graph.model.results import Iri, LovdataRef, ProductRef, StrengthField
from graph.model.strength import strength_label
from graph.model.vocab import BASE
from graph.questions.impact import act_name, describe_target
from graph.questions.lookup import text
from graph.questions.named import run_for_each, run_query
from graph.store import Row, Store

__all__ = ["REASON_NB", "AbsentBasis", "AbsentReason", "absent_bases"]

AbsentReason = Literal["missing-from-current-text", "act-without-current-text"]

REASON_NB: dict[AbsentReason, str] = {
    "missing-from-current-text": "finnes ikke i den importerte gjeldende teksten",
    "act-without-current-text": "loven har ingen gjeldende tekst (opphevet)",
}
_RELATION_NB = {
    "legalBasis": "har hjemmel i",
    "cites": "viser til",
    "empoweredBy": "har utgiverens myndighet fra",
}


@dataclass(frozen=True)
class AbsentBasis:
    """Veiledning som hviler på en bestemmelse som ikke finnes i gjeldende tekst /
    guidance resting on a provision absent from the current text."""

    dependent: Iri
    kind: Annotated[
        Literal["recommendation", "product"],
        Field(description="anbefaling eller produkt / recommendation or product"),
    ]
    title: Annotated[str | None, Field(description="tittel / title")]
    strength: StrengthField
    product: Annotated[
        ProductRef | None, Field(description="produktet den står i / the product it is in")
    ]
    relation: Annotated[
        Literal["legalBasis", "cites", "empoweredBy"],
        Field(description="hvordan den hviler på grunnlaget / how it rests on its basis"),
    ]
    basis: Annotated[LovdataRef, Field(description="det den hviler på / what it rests on")]
    via: Annotated[
        LovdataRef | None,
        Field(
            description="forskriften som har den fraværende bestemmelsen som hjemmel / the "
            "regulation naming the absent provision as its basis"
        ),
    ]
    absent: Annotated[
        LovdataRef, Field(description="bestemmelsen som ikke finnes / the absent provision")
    ]
    act: Annotated[LovdataRef, Field(description="loven den hører til / its act")]
    reason: Annotated[
        AbsentReason,
        Field(
            description="missing-from-current-text (loven er importert, bestemmelsen mangler) "
            "eller act-without-current-text (loven er bare kjent som henvisningsmål)"
        ),
    ]
    description: Annotated[str, Field(description="i tekst / in words")]


def _words(ref: str) -> str:
    """``lov/1984-03-30-15/§7`` → ``lov 30. mars 1984 nr. 15 § 7``."""
    refid = "/".join(ref.split("/")[:2])
    iri = ref if ref.startswith("http") else BASE + ref.replace("/§", "/paragraf/")
    return f"{act_name(refid)} {describe_target(iri)}".strip()


_ACT = re.compile(r"^(https://w3id.org/hjemmel/(?:lov|forskrift)/[^/]+)/.+$")
_BATCH = 200
"""IRIs per presence lookup: a VALUES block of this size stays a short query text."""
_KEY_COLUMNS = (
    "dependent",
    "kind",
    "title",
    "strength",
    "product",
    "productTitle",
    "relation",
    "basis",
)


@dataclass(frozen=True)
class _Candidate:
    """One way a piece of guidance rests on a legal resource that may be absent."""

    row: Row
    absent: str
    via: str | None
    act: str


_REGULATION = re.compile(r"^(https://w3id.org/hjemmel/forskrift/[^/]+)(/.*)?$")


def _candidates(store: Store, rows: list[Row]) -> list[_Candidate]:
    """Each basis itself (``direct``) and, when it is in a regulation naming its own legal
    basis (the regulation read from its IRI), that basis (``via``); only resources below an
    act (an act is never absent)."""
    regulations = {m[1] for row in rows if (m := _REGULATION.match(str(row["basis"])))}
    regulation_bases: dict[str, list[str]] = {}
    for row in _for_each(store, "regulation-bases", "regulation", regulations):
        regulation_bases.setdefault(str(row["regulation"]), []).append(str(row["regulationBasis"]))
    out: dict[tuple[str, ...], _Candidate] = {}
    for row in rows:
        basis = str(row["basis"])
        routes: list[tuple[str, str | None]] = [(basis, None)]
        if m := _REGULATION.match(basis):
            routes += [(b, m[1]) for b in regulation_bases.get(m[1], [])]
        for absent, via in routes:
            act = _ACT.match(absent)
            if act is None:
                continue
            key = (*(str(row.get(c, "")) for c in _KEY_COLUMNS), absent, via or "")
            out.setdefault(key, _Candidate(row, absent, via, act[1]))
    return list(out.values())


def _for_each(store: Store, name: str, param: str, iris: set[str]) -> list[Row]:
    """The rows of a named query for each of ``iris`` as ``param``, in batches."""
    ordered = sorted(iris)
    rows: list[Row] = []
    for i in range(0, len(ordered), _BATCH):
        batch: list[Identifier] = [URIRef(x) for x in ordered[i : i + _BATCH]]
        rows += run_for_each(store, name, param, batch)
    return rows


def _presence(store: Store, iris: set[str]) -> tuple[set[str], set[str]]:
    """(the IRIs a Lovdata graph has, the IRIs something is part of), by bound lookups."""
    known: set[str] = set()
    with_parts: set[str] = set()
    for row in _for_each(store, "lovdata-presence", "resource", iris):
        if _true(row.get("known")):
            known.add(str(row["resource"]))
        if _true(row.get("hasParts")):
            with_parts.add(str(row["resource"]))
    return known, with_parts


def _true(value: object) -> bool:
    return value is not None and str(value).lower() in ("true", "1")


def absent_bases(store: Store) -> list[AbsentBasis]:
    """Every recommendation and product resting on a provision absent from the current
    text, repealed acts first within each absent provision's order."""
    candidates = _candidates(store, run_query(store, "guidance-bases"))
    acts = {c.act for c in candidates}
    known, with_parts = _presence(store, {c.absent for c in candidates} | acts)
    found: list[tuple[tuple[str, ...], AbsentBasis]] = []
    for c in candidates:
        if c.absent in known or c.act not in known:
            continue
        reason: AbsentReason = (
            "missing-from-current-text" if c.act in with_parts else "act-without-current-text"
        )
        item = _item(c, reason)
        order = (reason, c.absent, item.kind, item.dependent, item.relation, str(c.row["basis"]))
        found.append((order, item))
    return [item for _, item in sorted(found, key=lambda pair: pair[0])]


def _item(c: _Candidate, reason: AbsentReason) -> AbsentBasis:
    row = c.row
    relation = str(row["relation"])
    basis, absent = legal_ref(row["basis"]), legal_ref(URIRef(c.absent))
    via = legal_ref(URIRef(c.via)) if c.via else None
    kind = str(row["kind"])
    name = text(row, "title") or ("Anbefalingen" if kind == "recommendation" else "Produktet")
    if via == basis:
        sentence = (
            f"{name} {_RELATION_NB[relation]} {_words(via)}, som har hjemmel i "
            f"{_words(absent)}: {REASON_NB[reason]}"
        )
    elif via:
        sentence = (
            f"{name} {_RELATION_NB[relation]} {_words(basis)}, i {_words(via)}, som har "
            f"hjemmel i {_words(absent)}: {REASON_NB[reason]}"
        )
    else:
        sentence = f"{name} {_RELATION_NB[relation]} {_words(absent)}: {REASON_NB[reason]}"
    return AbsentBasis(
        dependent=str(row["dependent"]),
        kind=cast(Literal["recommendation", "product"], kind),
        title=text(row, "title"),
        strength=strength_label(row.get("strength")),
        product=ProductRef.of(row.get("product"), row.get("productTitle")),
        relation=cast(Literal["legalBasis", "cites", "empoweredBy"], relation),
        basis=basis,
        via=via,
        absent=absent,
        act=legal_ref(URIRef(c.act)),
        reason=reason,
        description=sentence,
    )
