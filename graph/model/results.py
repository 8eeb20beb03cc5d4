"""The short forms of resources that the domain results embed — a product, a target group,
a legal resource, a recommendation, an actor — and the field types they share.

Result types are plain dataclasses; ``Annotated[..., Field(description=...)]`` and
``Literal`` types document their fields wherever they are served as JSON (the REST API's
OpenAPI schemas are built from them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import Field
from rdflib.term import Node

from graph.model.iris import id_of, legal_ref
from graph.model.strength import Strength, strength_label

__all__ = [
    "ActorRef",
    "Id",
    "Iri",
    "LegalLevel",
    "LegalRef",
    "LevelField",
    "LovdataRef",
    "ProductRef",
    "RecommendationRef",
    "StrengthField",
    "TargetRef",
    "legal_level",
    "natural_key",
]

LegalLevel = Literal["act", "chapter", "provision", "ledd", "point"]
"""How deep a legal resource sits: a whole act (or regulation), a chapter, a provision
(paragraf), a ledd, or a point (bokstav or nummer)."""

Iri = Annotated[str, Field(description="ressursens IRI / the resource's IRI")]
Id = Annotated[str, Field(description="siste ledd av IRI-en / last segment of the IRI")]
LovdataRef = Annotated[
    str,
    Field(
        description="Lovdata-referanse / Lovdata reference",
        examples=["lov/2011-06-24-30/§12-5"],
    ),
]
LevelField = Annotated[
    LegalLevel,
    Field(
        description="nivå: hel lov, kapittel, paragraf, ledd eller bokstav/nummer / "
        "level: act, chapter, provision, ledd or point"
    ),
]
StrengthField = Annotated[
    Strength | None,
    Field(
        description="styrke: skal, bør, kan eller uavklart / strength: skal, bør, kan or uavklart"
    ),
]


@dataclass(frozen=True)
class ProductRef:
    """En lenke til et normerende produkt / a link to a normative product."""

    id: Id
    iri: Iri
    title: Annotated[str | None, Field(description="produktets tittel / title of the product")]

    @classmethod
    def of(cls, iri: Node | str | None, title: Node | str | None) -> ProductRef | None:
        if iri is None:
            return None
        return cls(id_of(iri), str(iri), None if title is None else str(title))


@dataclass(frozen=True)
class TargetRef:
    """En lenke til en målgruppe / a link to a target group."""

    id: Id
    iri: Iri
    label: Annotated[str | None, Field(description="målgruppens navn / name of the target group")]


@dataclass(frozen=True)
class ActorRef:
    """En lenke til en aktør / a link to an actor (an authority or organisation)."""

    id: Id
    iri: Iri
    name: Annotated[str | None, Field(description="aktørens navn / name of the actor")]


@dataclass(frozen=True)
class LegalRef:
    """En lenke til en lov, forskrift, paragraf, ledd eller bokstav / a link to a legal
    resource, as a recommendation or provision list shows it."""

    ref: LovdataRef
    iri: Iri
    title: Annotated[str | None, Field(description="paragrafens tittel / title of the provision")]
    act_short_title: Annotated[
        str | None, Field(description="lovens korttittel / short title of the act")
    ]
    level: LevelField

    @classmethod
    def of(
        cls, iri: Node | str, title: Node | str | None, act_short_title: Node | str | None
    ) -> LegalRef:
        return cls(
            legal_ref(iri),
            str(iri),
            None if title is None else str(title),
            None if act_short_title is None else str(act_short_title),
            legal_level(str(iri)),
        )


@dataclass(frozen=True)
class RecommendationRef:
    """En lenke til en anbefaling / a link to a recommendation."""

    id: Id
    iri: Iri
    title: Annotated[str | None, Field(description="anbefalingens tittel / title")]
    strength: StrengthField
    product: Annotated[
        ProductRef | None, Field(description="produktet den står i / the product it is in")
    ]

    @classmethod
    def of(
        cls,
        iri: Node | str,
        title: Node | str | None,
        strength: Node | str | None,
        product: Node | str | None,
        product_title: Node | str | None,
    ) -> RecommendationRef:
        return cls(
            id_of(iri),
            str(iri),
            None if title is None else str(title),
            strength_label(strength),
            ProductRef.of(product, product_title),
        )


def legal_level(iri: str) -> LegalLevel:
    """``act``, ``chapter``, ``provision``, ``ledd`` or ``point``, read from the IRI's path.

    >>> legal_level("https://w3id.org/hjemmel/lov/2011-06-24-30/paragraf/12-5/ledd/1")
    'ledd'
    """
    if "/bokstav/" in iri or "/nummer/" in iri:
        return "point"
    if "/ledd/" in iri:
        return "ledd"
    if "/paragraf/" in iri:
        return "provision"
    if "/kapittel/" in iri or "/seksjon/" in iri:
        return "chapter"
    return "act"


def natural_key(text: str | None) -> tuple[tuple[int, object], ...]:
    """Sort key that puts "2-1" before "12-5" and "9" before "10".

    >>> sorted(["12-5", "2-1", "2-10", "2-2"], key=natural_key)
    ['2-1', '2-2', '2-10', '12-5']
    """
    parts = re.split(r"(\d+)", text or "")
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts if p)
