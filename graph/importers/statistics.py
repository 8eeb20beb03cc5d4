"""Keeping the figures of the VoID description in step with the store: every load and
import calls :func:`refresh_statistics` as its last write (after ``graf/eli`` is derived),
so the description never counts the store while a client waits."""

from __future__ import annotations

from graph.questions.void_statistics import DatasetStatistics, compute_statistics
from graph.store import Store
from graph.store.load_marker import STATS_GRAPH

__all__ = ["refresh_statistics"]


def refresh_statistics(store: Store) -> DatasetStatistics:
    """Count the store afresh and replace ``graf/statistikk`` by the figures."""
    stats = compute_statistics(store)
    store.replace_graph(STATS_GRAPH, stats.to_graph())
    return stats
