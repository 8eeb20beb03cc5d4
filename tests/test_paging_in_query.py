"""Lists paged by the store (LIMIT/OFFSET after a total ORDER BY, the total from a count
query): the pages put together are the whole list in its order, on the embedded store and
on an Oxigraph server; the limit and offset are integers, never text."""

from __future__ import annotations

import pytest
from rdflib import Literal

from graph.errors import BadInputError
from graph.questions import impact, products, recommendations
from graph.questions.named import run_page, run_query
from graph.store import Store
from graph.store.binding import slice_clause


def test_recommendation_pages_make_the_whole_list(mini_store: Store) -> None:
    whole = recommendations.search_recommendations(mini_store, limit=500)
    assert whole.total == len(whole.items) > 3
    paged = []
    for offset in range(0, whole.total + 2, 2):
        page = recommendations.search_recommendations(mini_store, limit=2, offset=offset)
        assert page.total == whole.total
        paged += page.items
    assert paged == whole.items
    titles = [(item.title or "").lower() for item in whole.items]
    assert titles == sorted(titles)


def test_recommendation_filters_are_counted_as_they_are_listed(mini_store: Store) -> None:
    without = recommendations.search_recommendations(mini_store, without_legal_basis=True)
    assert without.items and all(not item.legal_basis for item in without.items)
    assert without.total == len(without.items)
    first = recommendations.search_recommendations(mini_store, without_legal_basis=True, limit=1)
    assert first.total == without.total and first.items == without.items[:1]
    everything = recommendations.search_recommendations(mini_store, limit=500)
    assert without.total < everything.total


def test_product_pages_make_the_whole_list(mini_store: Store) -> None:
    whole = products.products(mini_store)
    assert len(whole) >= 2 and any(p.by_strength for p in whole)
    paged = []
    for offset in range(len(whole) + 1):
        page, total = products.products_page(mini_store, 1, offset)
        assert total == len(whole)
        paged += page
    assert paged == whole


def test_amendment_pages_make_the_whole_list(store: Store) -> None:
    whole = impact.amendments(store)
    page, total = impact.amendments_page(store, 1, 0)
    assert total == len(whole)
    assert page == whole[:1]


def test_only_a_query_marked_paged_is_paged(mini_store: Store) -> None:
    assert len(run_page(mini_store, "recommendations-page", 1)) == 1
    with pytest.raises(BadInputError):
        run_page(mini_store, "recommendations-search", 1)


@pytest.mark.parametrize("bad", [True, "1; DROP ALL", -1, 1.5])
def test_limit_and_offset_are_integers(bad: object) -> None:
    with pytest.raises(BadInputError):
        slice_clause(bad, 0)  # type: ignore[arg-type]
    with pytest.raises(BadInputError):
        slice_clause(10, bad)  # type: ignore[arg-type]


def test_a_count_agrees_with_its_page_query(mini_store: Store) -> None:
    for filters in ({}, {"q": Literal("a")}):
        rows = run_page(mini_store, "recommendations-page", 500, **filters)
        total = run_query(mini_store, "recommendations-count", **filters)[0]["total"]
        assert int(str(total)) == len(rows)
