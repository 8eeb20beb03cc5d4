"""The pages for the law as it changes, on real data: the bundled graph, the three real
Norsk Lovtidend files and the synthetic recommendations of tests/data/impact-fixture.ttl
(resting on provisions those acts change). Runs on the embedded store and on a real
Oxigraph server."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import pytest
import servers
from fastapi.testclient import TestClient
from lxml import html as lxml_html
from rdflib import Graph, URIRef

from graph.importers.bundled import load_bundled
from graph.importers.lovtidend import import_files
from graph.model.vocab import BASE
from graph.settings import Settings
from graph.store import Store
from graph.store.embedded import EmbeddedStore
from graph.store.remote import RemoteStore
from service.app import create_app

FIXTURE = Path(__file__).parent / "data" / "impact-fixture.ttl"
FIXTURE_GRAPH = URIRef(BASE + "graf/test-impact")
RENUMBERED = "/anbefaling/testanbefaling-omnummerert-ledd"
REPEALED = "/anbefaling/testanbefaling-opphevet-ledd"
IN_CHAPTER = "/anbefaling/testanbefaling-nytt-i-kapittel"
LAW_72 = "/lov/2025-06-20-72"
SPHL_4_1 = "/lov/1999-07-02-61/paragraf/4-1"
SENTENCE = (
    "spesialisthelsetjenesteloven § 4-1 tredje ledd blir fjerde ledd ved lov 20. juni 2025 "
    "nr. 72; i kraft: fra den tid Kongen bestemmer"
)
HTML = {"Accept": "text/html"}


def _fill(store: Store, lovtidend: Path) -> Store:
    load_bundled(store)
    import_files(store, [lovtidend])
    store.replace_graphs({FIXTURE_GRAPH: Graph().parse(FIXTURE, format="turtle")})
    return store


@pytest.fixture(scope="module", params=["embedded", "oxigraph"])
def client(request: pytest.FixtureRequest, shared_data: Path) -> Iterator[TestClient]:
    lovtidend = shared_data / "lovdata" / "lovtidend-2025"
    if request.param == "embedded":
        store = _fill(EmbeddedStore(), lovtidend)
        with TestClient(create_app(Settings(store_path=None), store=store)) as c:
            yield c
        store.close()
        return
    with servers.oxigraph_server() as server:
        remote = RemoteStore(server.query_url, server.update_url, server.graph_store_url)
        _fill(remote, lovtidend)
        with TestClient(create_app(Settings(store_path=None), store=remote)) as c:
            yield c


def _get(client: TestClient, path: str) -> lxml_html.HtmlElement:
    response = client.get(path, headers=HTML)
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    doc = lxml_html.fromstring(response.text)
    assert not doc.xpath("//script"), "no inline or external script on the page"
    return doc


def _text(node: lxml_html.HtmlElement) -> str:
    return " ".join(node.text_content().split())


def _main(doc: lxml_html.HtmlElement) -> lxml_html.HtmlElement:
    [main] = doc.xpath("//main")
    return main


def _section(doc: lxml_html.HtmlElement, heading_id: str) -> lxml_html.HtmlElement:
    [section] = doc.xpath(f'//section[@aria-labelledby="{heading_id}"]')
    return section


def _facts(node: lxml_html.HtmlElement) -> dict[str, str]:
    """A definition list as term → description."""
    return {_text(dt): _text(dt.getnext()) for dt in node.xpath(".//dl/dt")}


def _speaks_law(doc: lxml_html.HtmlElement) -> None:
    """No IRI in the page's visible text, and headings that never skip a level."""
    visible = _text(_main(doc))
    for word in ("https://w3id.org", "w3id.org/hjemmel", "hj:", "eli:", "endringstype/"):
        assert word not in visible, word
    levels = [int(h.tag[1]) for h in _main(doc).xpath(".//*[self::h1 or self::h2 or self::h3]")]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in pairwise(levels)), levels


def test_list_names_the_amending_acts_with_what_they_touch(client: TestClient) -> None:
    doc = _get(client, "/endringer")
    _speaks_law(doc)
    cards = doc.xpath('//li[@class="amendment-card"]')
    assert [_text(c.xpath("h3")[0]) for c in cards] == [
        "Lov 20. juni 2025 nr. 72",
        "Lov 20. juni 2025 nr. 74",
        "Forskrift 4. april 2025 nr. 599",
    ]
    assert cards[0].xpath(f'h3/a[@href="{LAW_72}"]')
    law72 = _facts(cards[0])
    assert law72["Dato"] == "20. juni 2025"
    assert law72["I kraft"] == "fra den tid Kongen bestemmer"
    assert law72["Endrer"] == "Helse- og omsorgstjenesteloven, Spesialisthelsetjenesteloven"
    assert law72["Endringer"] == "8"
    # The renumbered ledd carries a skal from the fixture.
    assert law72["Berørt veiledning"].startswith("3 anbefalinger, av dem 1 skal;")
    regulation = _facts(cards[2])
    assert regulation["I kraft"].endswith("gjelder til og med 31. desember 2025")
    assert regulation["Berørt veiledning"] == "ingen i grafen"
    # The nav on every page leads here.
    assert doc.xpath('//header//nav//a[@href="/endringer"]')


def test_amending_act_page_shows_changes_by_act_and_the_guidance_they_touch(
    client: TestClient,
) -> None:
    doc = _get(client, LAW_72)
    _speaks_law(doc)
    assert _text(doc.xpath("//h1")[0]) == "Lov 20. juni 2025 nr. 72"
    changes = _section(doc, "endringene")
    acts = [_text(h) for h in changes.xpath('.//section[@class="amended-act"]/h3')]
    assert acts[0].startswith("Helse- og omsorgstjenesteloven (lov 24. juni 2011 nr. 30)")
    assert acts[1].startswith("Spesialisthelsetjenesteloven (lov 2. juli 1999 nr. 61)")
    sphl = changes.xpath('.//section[@class="amended-act"]')[1]
    sentences = [_text(p) for p in sphl.xpath('.//p[@class="change-sentence"]')]
    assert SENTENCE in sentences
    assert len(sentences) == 5
    # New wording is folded; a renumbering has none.
    renumbering = sphl.xpath('.//li[contains(@class, "change-omnummerert")]')[0]
    assert not renumbering.xpath(".//details")
    inserted = sphl.xpath('.//li[contains(@class, "change-innsatt")]')[0]
    [wording] = inserted.xpath('.//details[@class="new-wording"]')
    assert wording.get("open") is None
    assert "betegnelsen sykehus" in _text(wording)
    # The renumbered ledd links to where its text stands today.
    assert renumbering.xpath(f'.//a[@href="{SPHL_4_1}#ledd-3"]')
    touched = _section(doc, "berort")
    groups = touched.xpath('.//section[@data-touch="omnummerert"]')
    assert groups, "a group for guidance resting on something renumbered"
    first = touched.xpath(".//section")[0]
    assert first.get("data-touch") == "omnummerert"
    assert "Skal-anbefalinger som hviler på noe som får nytt nummer" in _text(first)
    assert first.xpath(f'.//a[@href="{RENUMBERED}"]')
    assert "Hjemmel i spesialisthelsetjenesteloven § 4-1 tredje ledd, som blir fjerde ledd" in (
        _text(first)
    )
    # A kan in the chapter that gets a new § 12-7 is listed once, with both new provisions.
    inserted_group = touched.xpath('.//section[@data-touch="innsatt"]')[0]
    links = inserted_group.xpath(f'.//a[@href="{IN_CHAPTER}"]')
    assert len(links) == 1
    how = _text(links[0].getparent())
    assert "ny § 12-7" in how and "ny § 12-8" in how


def test_amending_act_page_offers_the_data_view_and_rdf(client: TestClient) -> None:
    data = _get(client, LAW_72 + "?view=data")
    assert data.xpath('//section[@aria-labelledby="egenskaper"]')
    turtle = client.get(LAW_72, headers={"Accept": "text/turtle"})
    assert turtle.headers["content-type"].startswith("text/turtle")
    assert "AmendingAct" in turtle.text


def test_provision_page_has_the_changes_in_words(client: TestClient) -> None:
    doc = _get(client, SPHL_4_1)
    _speaks_law(doc)
    section = _section(doc, "endringer-lovtidend")
    assert _text(section.xpath("h2")[0]) == "Endringer"
    sentences = [_text(p) for p in section.xpath('.//p[@class="change-sentence"]')]
    assert SENTENCE in sentences
    # Only changes inside § 4-1: the new § 3-8 a of the same act is not here.
    assert all("§ 4-1" in s for s in sentences), sentences
    assert section.xpath(f'.//a[starts-with(@href, "{LAW_72}#endring-")]')
    assert section.xpath(f'.//a[@href="{RENUMBERED}"]')
    # Lovdata's own history stays beside it.
    assert "Endringshistorikk" in _text(_section(doc, "endringer"))
    # § 12-5 itself is unchanged, but lov 20. juni 2025 nr. 72 gives its chapter a new § 12-7.
    beside = _section(_get(client, "/lov/2011-06-24-30/paragraf/12-5"), "endringer-lovtidend")
    assert "får ny § 12-7" in _text(beside)
    untouched = _section(_get(client, "/lov/1999-07-02-61/paragraf/2-1a"), "endringer-lovtidend")
    assert "Ingen av endringslovene" in _text(untouched)


def test_recommendation_page_warns_that_its_basis_is_renumbered(client: TestClient) -> None:
    doc = _get(client, RENUMBERED)
    _speaks_law(doc)
    [warning] = doc.xpath('//div[@class="basis-changed"]')
    text = _text(warning)
    assert "Hjemmelen er endret" in text
    assert f"Hjemmelen får nytt nummer: {SENTENCE}" in text
    assert warning.xpath(f'.//a[@href="{LAW_72}"]')
    section = _section(doc, "endringer-lovtidend")
    kinds = {
        li.get("class").split()[1] for li in section.xpath('.//li[contains(@class, "change ")]')
    }
    assert kinds == {"change-omnummerert", "change-erstattet"}
    assert "Del I, endring 3" in _text(section)
    # The page does not list the recommendation as guidance its own changes touch.
    assert not section.xpath(f'.//a[@href="{RENUMBERED}"]')
    repealed = _get(client, REPEALED)
    assert "Hjemmelen oppheves: pasient- og brukerrettighetsloven § 7-4 andre ledd oppheves" in (
        _text(repealed.xpath('//div[@class="basis-changed"]')[0])
    )
    # A recommendation whose basis is unchanged has no warning.
    calm = _get(client, IN_CHAPTER)
    assert not calm.xpath('//div[@class="basis-changed"]')
    assert "Ingen av endringslovene" in _text(_section(calm, "endringer-lovtidend"))


def test_recommendation_page_names_new_provisions_in_its_chapter(client: TestClient) -> None:
    """The recommendation rests on hol. § 12-6; lov 20. juni 2025 nr. 72 adds §§ 12-7 and
    12-8 to chapter 12."""
    section = _section(_get(client, IN_CHAPTER), "endringer-lovtidend")
    lines = [_text(li) for li in section.xpath('.//ul[@class="new-in-chapter"]/li')]
    by = "(ved lov 20. juni 2025 nr. 72; i kraft: fra den tid Kongen bestemmer)"
    assert lines == [
        "Ny bestemmelse i samme kapittel: helse- og omsorgstjenesteloven § 12-7 «Godkjenning "
        f"av virksomheter og tjenesteytere» {by}",
        "Ny bestemmelse i samme kapittel: helse- og omsorgstjenesteloven § 12-8 «Beskyttelse "
        f"av betegnelsen legevakt» {by}",
    ]
    # A recommendation in a chapter that gets no new provision has no such line.
    assert not _get(client, RENUMBERED).xpath('//ul[@class="new-in-chapter"]')
