"""The recommendation counts and the figures of ``stats`` are written by every load and
import (``hj:Tally`` in ``graf/statistikk``) and answer what counting the store afresh
answers, on the embedded store and on an Oxigraph server; tallies older than the last load
are not used."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from rdflib import URIRef

from graph.importers.bundled import load_bundled
from graph.importers.helsedir import import_files as import_helsedir
from graph.linked_data.overview_views import front_page_tables
from graph.linked_data.views import _overview_figures
from graph.model.resources import data_dir
from graph.questions.named import Row, run_query
from graph.questions.stats import stats
from graph.questions.tallies import (
    COUNTS_SET,
    counts,
    stored_stats_row,
    stored_tallies,
    tallies_current,
)
from graph.store import Store
from graph.store.embedded import EmbeddedStore
from graph.store.load_marker import STATS_GRAPH, mark_loaded

PRIO = URIRef(
    "https://w3id.org/hjemmel/produkt/"
    "nasjonal-veileder-for-prioriteringer-i-kommunale-helse-og-omsorgstjenester"
)
COLUMNS = ("product", "productTitle", "strength", "target", "targetLabel", "recommendations")


@pytest.fixture(params=["embedded", "oxigraph"])
def writable(request: pytest.FixtureRequest) -> Iterator[Store]:
    if request.param == "embedded":
        store = EmbeddedStore()
        yield store
        store.close()
    else:
        yield request.getfixturevalue("empty_oxigraph_store")


def _rows(rows: list[Row]) -> list[tuple[str, ...]]:
    return sorted(tuple(str(r.get(c, "")) for c in COLUMNS) for r in rows)


def _tables(store: Store) -> dict[str, Any]:
    tables = front_page_tables(store)
    return {
        key: [(r["iri"], r["title"], dict(r["counts"])) for r in tables[key]["rows"]]
        for key in ("by_product", "by_target")
    }


def _check_current(store: Store) -> None:
    assert tallies_current(store), "the last write left current tallies"
    assert STATS_GRAPH not in store.graph_names()
    live = run_query(store, "counts")
    assert live, "the store holds recommendations"
    assert _rows(counts(store)) == _rows(live)
    assert _rows(counts(store, PRIO)) == _rows(run_query(store, "counts", product=PRIO))
    assert _rows(counts(store, PRIO)), "the product has recommendations"
    stored_stats = stored_stats_row(store)
    assert stored_stats is not None
    live_stats = run_query(store, "stats")[0]
    assert stored_stats == {k: int(str(live_stats.get(k, 0))) for k in live_stats}
    stored_figures = _overview_figures(store)
    stored_tables = _tables(store)
    mark_loaded(store)  # the tallies are now stale: the same figures counted afresh
    assert not tallies_current(store)
    assert stored_tables == _tables(store)
    fresh_figures = _overview_figures(store)
    assert stored_figures["triples"] == fresh_figures["triples"] == store.count()
    assert stored_figures["graphs"] == fresh_figures["graphs"]
    fresh = fresh_figures["counts"]
    assert {k: v for k, v in stored_figures["counts"].items() if v or k in fresh} == fresh


def test_every_load_and_import_leaves_current_tallies(writable: Store) -> None:
    load_bundled(writable)
    _check_current(writable)
    import_helsedir(writable, [data_dir() / "helsedir" / "rad-by-id.json"])
    _check_current(writable)


def test_tallies_older_than_the_last_load_are_not_used(writable: Store) -> None:
    load_bundled(writable)
    before = stats(writable)
    assert stored_tallies(writable, COUNTS_SET)
    writable.drop_graph(URIRef("https://w3id.org/hjemmel/graf/kuratert"))
    mark_loaded(writable)  # a write that did not refresh the tallies
    assert stored_tallies(writable, COUNTS_SET) is None
    assert stored_stats_row(writable) is None
    after = stats(writable)
    assert after.recommendations < before.recommendations
    assert after.recommendations == int(str(run_query(writable, "stats")[0]["recommendations"]))
    assert _rows(counts(writable)) == _rows(run_query(writable, "counts"))
