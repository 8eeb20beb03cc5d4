"""Counts over the whole graph."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated

from pydantic import Field

from graph.model.strength import Strength
from graph.questions.named import run_query
from graph.questions.tallies import stored_stats_row
from graph.store import Store

__all__ = ["Stats", "stats"]


@dataclass(frozen=True)
class Stats:
    """Antall i hele grafen / counts over the whole graph."""

    acts: Annotated[int, Field(description="lover / acts")]
    regulations: Annotated[int, Field(description="forskrifter / regulations")]
    provisions: Annotated[int, Field(description="paragrafer / provisions")]
    products: Annotated[int, Field(description="normerende produkter / normative products")]
    recommendations: Annotated[int, Field(description="anbefalinger / recommendations")]
    by_strength: Annotated[
        dict[Strength, int], Field(description="anbefalinger etter styrke / by strength")
    ]
    skal_without_legal_basis: Annotated[
        int, Field(description="skal-anbefalinger uten hjemmel / skal without a legal basis")
    ]
    objections: Annotated[int, Field(description="innsigelser / objections")]


def stats(store: Store) -> Stats:
    """How many acts, provisions, products and recommendations the graph holds: the
    figures kept at load when they are current, else counted afresh."""
    row: Mapping[str, object] = stored_stats_row(store) or run_query(store, "stats")[0]

    def n(name: str) -> int:
        return int(str(row.get(name, 0)))

    return Stats(
        acts=n("acts"),
        regulations=n("regulations"),
        provisions=n("provisions"),
        products=n("products"),
        recommendations=n("recommendations"),
        by_strength={
            "skal": n("skal"),
            "bør": n("bor"),
            "kan": n("kan"),
            "uavklart": n("uavklart"),
        },
        skal_without_legal_basis=n("skalWithoutLegalBasis"),
        objections=n("objections"),
    )
