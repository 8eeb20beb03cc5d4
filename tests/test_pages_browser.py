"""The HTML pages in a real browser: Debian's Chromium driven by Playwright, the service
under uvicorn on a free loopback port with the bundled graph."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from live_server import live_service
from rdflib import Literal, URIRef

from graph.model.vocab import BASE
from graph.store import Store

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOT = "/tmp/hjemmel-resource-page.png"
HJ = "PREFIX hj: <https://w3id.org/hjemmel/ontology#>\n"


@pytest.fixture(scope="module")
def base_url(embedded_store: Store) -> Iterator[str]:
    with live_service(embedded_store) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if shutil.which(CHROMIUM) is None:
        pytest.fail(f"{CHROMIUM} is missing: run tests/system-deps.sh (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(locale="nb-NO", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def _path(iri: URIRef) -> str:
    assert str(iri).startswith(BASE)
    return "/" + str(iri)[len(BASE) :]


def test_front_page_shows_the_counts_of_the_store(
    page: object, base_url: str, embedded_store: Store
) -> None:
    page.goto(base_url + "/")
    assert page.locator("h1").inner_text().startswith("Hjemmel")
    triples = page.locator('[data-count="triples"]').inner_text()
    assert int(triples) == embedded_store.count()
    recommendations = embedded_store.select(
        HJ + "SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r a hj:Recommendation }"
    )[0]["n"]
    assert int(page.locator('[data-count="recommendations"]').inner_text()) == int(recommendations)
    assert int(recommendations) > 0


def _provision_with_dependent(store: Store) -> tuple[URIRef, URIRef, str]:
    """A provision and a resource whose legal basis is it (or one of its parts); hol § 12-5
    first when the graph has something resting on it."""
    rows = store.select(
        HJ
        + """
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?provision ?resource ?label WHERE {
          ?provision a hj:Provision .
          ?target hj:partOf* ?provision .
          ?resource hj:legalBasis ?target .
          ?resource rdfs:label|dcterms:title ?label .
          FILTER(lang(?label) = "nb")
          BIND(?provision = <https://w3id.org/hjemmel/lov/2011-06-24-30/paragraf/12-5> AS ?hol)
        }
        ORDER BY DESC(?hol) ?provision ?resource
        LIMIT 1
        """
    )
    assert rows, "the bundled graph has no provision that anything rests on"
    return rows[0]["provision"], rows[0]["resource"], str(rows[0]["label"])


def test_click_from_a_provision_to_what_rests_on_it(
    page: object, base_url: str, embedded_store: Store
) -> None:
    provision, resource, label = _provision_with_dependent(embedded_store)
    page.goto(base_url + _path(provision) + "?view=data")
    section = page.locator("section.rests-on")
    assert section.locator("h2").inner_text() == "Hva hviler på denne"
    link = section.locator(f'a.rests-on-link[href="{_path(resource)}"]')
    assert link.count() >= 1
    link.first.click()
    page.wait_for_url(base_url + _path(resource))
    assert page.locator("h1").inner_text().strip() == label.strip()
    assert page.locator(f'main a[href^="{_path(provision)}"]').count() >= 1


def test_resource_page_shows_its_provenance_quote(
    page: object, base_url: str, embedded_store: Store
) -> None:
    rows = embedded_store.select(
        HJ
        + """
        PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?resource ?quote WHERE {
          ?resource a hj:Recommendation ; prov:qualifiedDerivation/hj:quote ?quote .
        }
        ORDER BY ?resource ?quote
        LIMIT 1
        """
    )
    assert rows, "the bundled graph has no recommendation with a provenance quote"
    resource, quote_text = rows[0]["resource"], rows[0]["quote"]
    assert isinstance(quote_text, Literal)
    page.goto(base_url + quote(_path(resource), safe="/%-._~"))
    quotes = page.locator("blockquote.provenance")
    assert quotes.count() >= 1
    texts = [t.strip("«» \n") for t in quotes.all_inner_texts()]
    assert str(quote_text).strip() in texts
    assert quotes.first.is_visible()
    page.screenshot(path=SCREENSHOT, full_page=True)
