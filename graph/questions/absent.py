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
its own legal basis (``via``). The query starts from the guidance (:file:`absent-bases.rq`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal, cast

from pydantic import Field

from graph.model.iris import legal_ref
from graph.model.results import Iri, LovdataRef, ProductRef, StrengthField
from graph.model.strength import strength_label
from graph.model.vocab import BASE
from graph.questions.impact import act_name, describe_target
from graph.questions.lookup import text
from graph.questions.named import run_query
from graph.store import Store

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


def absent_bases(store: Store) -> list[AbsentBasis]:
    """Every recommendation and product resting on a provision absent from the current
    text, repealed acts first within each absent provision's order."""
    out = []
    for row in run_query(store, "absent-bases"):
        reason = cast(AbsentReason, str(row["reason"]))
        relation = str(row["relation"])
        basis, absent = legal_ref(row["basis"]), legal_ref(row["absent"])
        via = legal_ref(row["via"]) if "via" in row else None
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
        out.append(
            AbsentBasis(
                dependent=str(row["dependent"]),
                kind=cast(Literal["recommendation", "product"], kind),
                title=text(row, "title"),
                strength=strength_label(row.get("strength")),
                product=ProductRef.of(row.get("product"), row.get("productTitle")),
                relation=cast(Literal["legalBasis", "cites", "empoweredBy"], relation),
                basis=basis,
                via=via,
                absent=absent,
                act=legal_ref(row["act"]),
                reason=reason,
                description=sentence,
            )
        )
    return out
