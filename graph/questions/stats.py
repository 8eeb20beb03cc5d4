"""Counts over the whole graph."""

from __future__ import annotations

from dataclasses import dataclass

from graph.questions.named import run_query
from graph.store import Store

__all__ = ["Stats", "stats"]


@dataclass(frozen=True)
class Stats:
    acts: int
    regulations: int
    provisions: int
    products: int
    recommendations: int
    by_strength: dict[str, int]
    skal_without_legal_basis: int
    objections: int


def stats(store: Store) -> Stats:
    """How many acts, provisions, products and recommendations the graph holds."""
    row = run_query(store, "stats")[0]

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
