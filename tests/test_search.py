"""Full-text search on the bundled graph, on the embedded store and on a real Oxigraph
server: Norwegian stemming, typo tolerance, legal references, highlights, ``/api/search``,
the ``/sok`` page, and the index that ``hjemmel load`` rebuilds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graph.cli import main
from graph.errors import BadInputError
from graph.search import KINDS, SearchResult, index_for, rebuild_index, search
from graph.search.highlight import Terms, highlight, snippet
from graph.settings import Settings
from graph.store import Store
from graph.store.embedded import EmbeddedStore

B = "https://w3id.org/hjemmel/"
HOL_12_5 = B + "lov/2011-06-24-30/paragraf/12-5"
PRIORITERING = (
    B + "produkt/nasjonal-veileder-for-prioriteringer-i-kommunale-helse-og-omsorgstjenester"
)
PASIENTJOURNAL = "forskrift/2019-03-01-168/"

_built: set[int] = set()


@pytest.fixture()
def indexed(store: Store) -> Store:
    """The bundled store with its index built in this session (a remote store's index lives
    in a shared temporary folder, which an earlier session may have left behind)."""
    if id(store) not in _built:
        rebuild_index(store)
        _built.add(id(store))
    return store


def group(result: SearchResult, kind: str) -> list[str]:
    return [h.iri for g in result.groups if g.kind == kind for h in g.items]


def test_inflected_form_finds_the_prioritisation_guide(indexed: Store) -> None:
    result = search(indexed, "prioriteringer")
    assert PRIORITERING in group(result, "product")
    hit = next(h for g in result.groups for h in g.items if h.iri == PRIORITERING)
    assert "<mark>prioriteringer</mark>" in hit.title_html
    # a singular form reaches the same guide through the stem
    assert PRIORITERING in group(search(indexed, "prioritering"), "product")


def test_plural_finds_virksomhetsleder(indexed: Store) -> None:
    result = search(indexed, "virksomhetsledere")
    recs = group(result, "recommendation")
    assert any("virksomhetsleder-skal-sorge-for" in iri for iri in recs)
    assert any(iri.endswith("/virksomhetsleder") for iri in group(result, "target"))
    titles = [h.title_html for g in result.groups for h in g.items]
    assert any(re.search(r"<mark>Virksomhetsleder</mark>", t) for t in titles)


def test_misspelling_finds_forsvarlig_provisions(indexed: Store) -> None:
    result = search(indexed, "forsvarilg")
    provisions = next(g for g in result.groups if g.kind == "provision")
    assert provisions.total >= 10
    assert all(re.search(r"<mark>u?forsvarli", h.snippet, re.I) for h in provisions.items)
    # the exact spelling ranks provisions the same way and finds at least as many
    exact = next(g for g in search(indexed, "forsvarlig").groups if g.kind == "provision")
    assert exact.total >= provisions.total


def test_journal_finds_pasientjournalforskriften(indexed: Store) -> None:
    result = search(indexed, "journal", kind="provision", limit=200)
    ids = [h.id for g in result.groups for h in g.items]
    assert [g.kind for g in result.groups] == ["provision"]
    assert sum(1 for i in ids if i.startswith(PASIENTJOURNAL)) >= 5


def test_words_must_all_match_unless_none_has_them_all(indexed: Store) -> None:
    both = search(indexed, "helsepersonelloven taushetsplikt", kind="provision")
    assert both.matched_all_words
    top = [h.id for g in both.groups for h in g.items][:3]
    assert len(top) == 3 and all(i.startswith("lov/1999-07-02-64/") for i in top)
    neither = search(indexed, "taushetsplikt xqzvw")
    assert not neither.matched_all_words and neither.groups


@pytest.mark.parametrize(
    ("query", "ref"),
    [
        ("hol § 12-5", "lov/2011-06-24-30/§12-5"),
        ("LOV-2011-06-24-30-§12-5", "lov/2011-06-24-30/§12-5"),
        ("lov/2011-06-24-30/§12-5", "lov/2011-06-24-30/§12-5"),
        ("pasientjournalforskriften § 6 g", "forskrift/2019-03-01-168/§6/ledd/1/bokstav/g"),
    ],
)
def test_legal_reference_resolves(indexed: Store, query: str, ref: str) -> None:
    result = search(indexed, query)
    assert result.reference is not None
    assert result.reference.ref == ref
    if ref.endswith("§12-5"):
        assert result.reference.iri == HOL_12_5
        assert "Nasjonale faglige retningslinjer" in result.reference.title


def test_words_are_not_a_reference(indexed: Store) -> None:
    assert search(indexed, "journal").reference is None
    assert search(indexed, "helsepersonelloven").reference is None  # the act, by title
    acts = group(search(indexed, "helsepersonelloven"), "act")
    assert B + "lov/1999-07-02-64" in acts


def test_bad_kind_and_limit(indexed: Store) -> None:
    with pytest.raises(BadInputError):
        search(indexed, "journal", kind="nope")
    with pytest.raises(BadInputError):
        search(indexed, "journal", limit=0)


def test_highlights_escape_the_text() -> None:
    terms = Terms.of("journal")
    assert highlight("<b>journal</b> & Journalen", terms) == (
        "&lt;b&gt;<mark>journal</mark>&lt;/b&gt; &amp; <mark>Journalen</mark>"
    )
    cut, found = snippet("a " * 300 + "pasientens journal <script>", terms, width=60)
    assert found and cut.startswith("…") and "<mark>journal</mark>" in cut
    assert "&lt;script&gt;" in cut and "<script>" not in cut
    assert snippet("ingenting her", terms) == ("ingenting her", False)


def test_api_search(client, indexed: Store) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/api/search", params={"q": "forsvarilg", "limit": 3})
    assert r.status_code == 200
    body = r.json()
    assert body["query"] == "forsvarilg" and body["reference"] is None
    kinds = [g["kind"] for g in body["groups"]]
    assert "provision" in kinds and kinds == [k for k in KINDS if k in kinds]
    provisions = body["groups"][kinds.index("provision")]
    assert provisions["label"] == "Bestemmelser" and len(provisions["items"]) == 3
    assert {"id", "iri", "title", "title_html", "snippet", "score"} <= set(provisions["items"][0])
    assert "<mark>" in provisions["items"][0]["snippet"]

    ref = client.get("/api/search", params={"q": "hol § 12-5"}).json()["reference"]
    assert ref["ref"] == "lov/2011-06-24-30/§12-5" and ref["iri"] == HOL_12_5
    assert client.get("/api/search", params={"q": "x", "kind": "nope"}).status_code == 400


def test_search_page(client, indexed: Store) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/sok", params={"q": "prioriteringer"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    html = r.text
    assert 'data-kind="product"' in html and "<h2" in html and "Produkter" in html
    assert "<mark>prioriteringer</mark>" in html
    assert 'href="/produkt/nasjonal-veileder-for-prioriteringer' in html

    r = client.get("/sok", params={"q": "hol § 12-5"}, follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/lov/2011-06-24-30/paragraf/12-5"

    empty = client.get("/sok", params={"q": "qqqzzzxxx"})
    assert empty.status_code == 200 and "Ingen treff" in empty.text
    assert 'action="/sok"' in client.get("/").text
    assert "/api/recommendations" not in client.get("/").text


def test_load_rebuilds_the_index(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "store"
    assert main(["--store-path", str(path), "load"]) == 0
    assert "dokumenter i søkeindeksen" in capsys.readouterr().out
    settings = Settings(store_path=path)
    with EmbeddedStore(path) as store:
        index = index_for(store, settings)
        assert index.path == tmp_path / "store-search"
        first = index.info
        assert first is not None and first.documents > 1000
        assert PRIORITERING in group(search(store, "prioriteringer", settings=settings), "product")
        # a resource added behind the index's back is found only after the next load
        store.update(
            "INSERT DATA { GRAPH <" + B + "graf/test> { <" + B + "anbefaling/test-q> a "
            "<https://w3id.org/hjemmel/ontology#Recommendation> ; "
            "<http://purl.org/dc/terms/title> 'Kvernsteinsforvaltning skal dokumenteres' } }"
        )
        assert not search(store, "kvernsteinsforvaltning", settings=settings).groups
    del store  # the embedded store keeps its folder locked while the object lives
    assert main(["--store-path", str(path), "load"]) == 0
    with EmbeddedStore(path) as store:
        index = index_for(store, settings)
        assert index.info is not None and index.info.built_at > first.built_at
        found = search(store, "kvernsteinsforvaltningen", settings=settings)
        assert group(found, "recommendation") == [B + "anbefaling/test-q"]
