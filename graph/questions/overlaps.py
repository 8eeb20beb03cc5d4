"""Overlaps between products: recommendations from different products that rest on the
same provision, or address the same target group and topic."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Literal, cast

from pydantic import Field
from rdflib import URIRef

from graph.model.iris import legal_ref
from graph.model.results import RecommendationRef
from graph.questions.lookup import text
from graph.questions.named import run_query
from graph.store import Row, Store

__all__ = ["Overlap", "OverlapKind", "OverlapReason", "overlaps"]


OverlapKind = Literal["provision", "target-topic"]


@dataclass(frozen=True)
class OverlapReason:
    """Hvorfor to anbefalinger overlapper / why two recommendations overlap."""

    reason: Annotated[
        OverlapKind,
        Field(
            description="samme bestemmelse, eller samme målgruppe og tema / the same "
            "provision, or the same target group and topic"
        ),
    ]
    shared: Annotated[
        str, Field(description="bestemmelsen eller målgruppen (IRI) / the provision or target")
    ]
    shared_label: Annotated[str | None, Field(description="navnet på den / its name")]
    topic: Annotated[str | None, Field(description="det felles temaet / the shared topic")]


@dataclass
class Overlap:
    """To anbefalinger fra ulike produkter som overlapper / two recommendations from
    different products that overlap."""

    a: Annotated[RecommendationRef, Field(description="den ene anbefalingen / one recommendation")]
    b: Annotated[
        RecommendationRef, Field(description="den andre anbefalingen / the other recommendation")
    ]
    conflict: Annotated[bool, Field(description="ulik styrke / different strengths")]
    reasons: Annotated[
        list[OverlapReason], Field(description="hvorfor de overlapper / why they overlap")
    ] = field(default_factory=list)


def _side(row: Row, p: str) -> RecommendationRef:
    return RecommendationRef.of(
        row[p],
        row.get(f"{p}Title"),
        row.get(f"{p}Strength"),
        row.get(f"{p}Product"),
        row.get(f"{p}ProductTitle"),
    )


def overlaps(
    store: Store,
    product: URIRef | None = None,
    provision: URIRef | None = None,
    target: URIRef | None = None,
) -> list[Overlap]:
    """Pairs of recommendations from different products that overlap, each with its reasons.

    ``product``: one of the two is from it; ``provision``: both rest on it (or on its ledd and
    points); ``target``: both address it.
    """
    pairs: dict[tuple[str, str], Overlap] = {}
    for row in run_query(store, "overlaps", product=product, provision=provision, target=target):
        key = (str(row["a"]), str(row["b"]))
        pair = pairs.get(key)
        if pair is None:
            conflict = str(row.get("conflict", "false")).lower() == "true"
            pair = pairs[key] = Overlap(_side(row, "a"), _side(row, "b"), conflict)
        shared = str(row["shared"])
        label = text(row, "sharedLabel")
        kind = cast(OverlapKind, str(row["reason"]))
        if kind == "provision":
            label = label or legal_ref(shared)
        reason = OverlapReason(kind, shared, label, text(row, "topic"))
        if reason not in pair.reasons:
            pair.reasons.append(reason)
    return list(pairs.values())
