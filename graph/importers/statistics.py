"""Keeping the figures of the VoID description in step with the store: every load and
import calls :func:`refresh_statistics` as its last write (after ``graf/eli`` is derived),
so neither the description nor the counts and stats count the store while a client waits."""

from __future__ import annotations

from graph.questions.tallies import compute_tallies, tally_graph
from graph.questions.void_statistics import DatasetStatistics, compute_statistics
from graph.store import Store
from graph.store.load_marker import STATS_GRAPH

__all__ = ["refresh_statistics"]


def refresh_statistics(store: Store) -> DatasetStatistics:
    """Count the store afresh and replace ``graf/statistikk`` by the figures: the VoID
    description's and the recommendation counts (:mod:`graph.questions.tallies`)."""
    stats = compute_statistics(store)
    graph = stats.to_graph()
    graph += tally_graph(compute_tallies(store))
    store.replace_graph(STATS_GRAPH, graph)
    return stats
