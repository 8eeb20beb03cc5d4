"""The short forms of resources that the domain results embed: a product, a target group,
a legal resource, a recommendation, an actor."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib.term import Node

from graph.model.iris import id_of, legal_ref
from graph.model.strength import strength_label

__all__ = [
    "ActorRef",
    "LegalSummary",
    "ProductRef",
    "RecommendationRef",
    "TargetRef",
    "legal_level",
    "natural_key",
]


@dataclass(frozen=True)
class ProductRef:
    id: str
    iri: str
    title: str | None

    @classmethod
    def of(cls, iri: Node | str | None, title: Node | str | None) -> ProductRef | None:
        if iri is None:
            return None
        return cls(id_of(iri), str(iri), None if title is None else str(title))


@dataclass(frozen=True)
class TargetRef:
    id: str
    iri: str
    label: str | None


@dataclass(frozen=True)
class ActorRef:
    id: str
    iri: str
    name: str | None


@dataclass(frozen=True)
class LegalSummary:
    """A legal resource as a recommendation or provision list shows it."""

    ref: str
    iri: str
    title: str | None
    act_short_title: str | None
    level: str

    @classmethod
    def of(
        cls, iri: Node | str, title: Node | str | None, act_short_title: Node | str | None
    ) -> LegalSummary:
        return cls(
            legal_ref(iri),
            str(iri),
            None if title is None else str(title),
            None if act_short_title is None else str(act_short_title),
            legal_level(str(iri)),
        )


@dataclass(frozen=True)
class RecommendationRef:
    id: str
    iri: str
    title: str | None
    strength: str | None
    product: ProductRef | None

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


def legal_level(iri: str) -> str:
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
