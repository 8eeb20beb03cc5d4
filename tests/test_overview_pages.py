"""The overview pages on both stores: the front page's product × strength table and the
lists its counts link to, overlaps and conflicts with their filters, the handlingsrom of a
target group, the SPARQL page's result table (and the protocol left as it was), /docs
without a CDN, and the Norwegian 404 page for browsers."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient
from lxml import html

from graph.linked_data.query_table import EXAMPLES, LISTINGS

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
CONFLICT_PROVISION = "forskrift/2019-03-01-168/§6"
POINT_G = "forskrift/2019-03-01-168/§6/bokstav/g"
PRIORITERING = "nasjonal-veileder-for-prioriteringer-i-kommunale-helse-og-omsorgstjenester"
MULTIDOSE = "0006-0020-2400d7b5-48c6-4436-885c-f16b7bdcc3a1"
SKAL_WITHOUT_BASIS = "Virksomhetsleder skal sørge for at praksis i egen virksomhet"


def page(client: TestClient, path: str, status: int = 200, **params: str) -> html.HtmlElement:
    response = client.get(path, params=params, headers=BROWSER)
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    return html.fromstring(response.text)


def text_of(element: html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


# -- front page ------------------------------------------------------------------------


def test_front_page_counts_link_to_lists_of_exactly_that_many(client: TestClient) -> None:
    doc = page(client, "/")
    table = doc.get_element_by_id("produkter-tabell")
    links = table.xpath(".//tbody//a[contains(@class, 'count-link')]")
    assert links, "the product × strength table has no counts"
    checked = set()
    for link in links:
        href = link.get("href")
        query = parse_qs(urlsplit(href).query)
        assert "produkt" in query
        listed = page(client, urlsplit(href).path, **{k: v[0] for k, v in query.items()})
        total = listed.xpath("//*[@data-total]")[0].get("data-total")
        assert int(total) == int(link.text_content()), href
        assert len(listed.xpath("//li[contains(@class, 'recommendation')]")) == int(total)
        checked.add((query["produkt"][0], query.get("styrke", [""])[0]))
    # the one skal recommendation of the implementation guide is counted and listed
    assert ("implementering-av-nasjonale-faglige-rad-og-anbefalinger", "skal") in checked
    footer = table.xpath(".//tfoot//a[contains(@class, 'count-link')]")
    all_link = next(a for a in footer if urlsplit(a.get("href")).query == "")
    everything = page(client, "/anbefalinger")
    assert everything.xpath("//*[@data-total]")[0].get("data-total") == all_link.text_content()


def test_front_page_lists_skal_without_basis_and_products_due(client: TestClient) -> None:
    doc = page(client, "/")
    without = text_of(doc.xpath("//section[@aria-labelledby='uten-hjemmel']")[0])
    assert SKAL_WITHOUT_BASIS in without
    due = text_of(doc.xpath("//section[@aria-labelledby='revisjon']")[0])
    assert "langtids mekanisk ventilasjon" in due and "2012-06-01" in due
    targets = doc.get_element_by_id("malgrupper-tabell")
    link = targets.xpath(".//a[@href='/anbefalinger?malgruppe=virksomhetsleder&styrke=skal']")
    assert [a.text_content() for a in link] == ["1"]


def test_recommendation_list_filters_by_strength_and_legal_basis(client: TestClient) -> None:
    skal = page(client, "/anbefalinger", styrke="skal", uten_hjemmel="ja")
    titles = [text_of(li) for li in skal.xpath("//li[contains(@class, 'recommendation')]")]
    assert len(titles) == 1 and SKAL_WITHOUT_BASIS in titles[0]
    assert "binder ikke" in titles[0]
    kan = page(client, "/anbefalinger", styrke="kan")
    assert kan.xpath("//*[@data-total]")[0].get("data-total") == "0"


# -- overlaps --------------------------------------------------------------------------


def _pairs(doc: html.HtmlElement) -> list[html.HtmlElement]:
    return doc.xpath("//li[contains(@class, 'overlap ')]")


def test_overlaps_mark_the_skal_bor_conflict_on_pasientjournalforskriften(
    client: TestClient,
) -> None:
    doc = page(client, "/overlapp")
    conflicts = doc.xpath("//li[contains(@class, 'overlap-conflict')]")
    on_6 = [li for li in conflicts if CONFLICT_PROVISION in text_of(li)]
    assert len(on_6) == 1
    pair = text_of(on_6[0])
    assert "Konflikt" in pair and "«skal» mot «bør»" in pair
    assert "Pasientjournalforskriften § 6" in pair
    options = doc.xpath("//select[@name='bestemmelse']/option/@value")
    assert CONFLICT_PROVISION in options
    # the point both recommendations give as their basis is offered too, after its provision
    point = POINT_G.replace("§6/bokstav", "§6/ledd/1/bokstav")
    assert options.index(point) == options.index(CONFLICT_PROVISION) + 1
    [label] = doc.xpath(f"//select[@name='bestemmelse']/option[@value='{point}']/text()")
    assert label == "Pasientjournalforskriften § 6 første ledd bokstav g"
    assert "virksomhetsleder" in doc.xpath("//select[@name='malgruppe']/option/@value")
    assert PRIORITERING in doc.xpath("//select[@name='produkt']/option/@value")


@pytest.mark.parametrize(
    ("params", "pairs"),
    [
        ({"bestemmelse": POINT_G}, 1),
        ({"bestemmelse": CONFLICT_PROVISION, "produkt": PRIORITERING}, 1),
        ({"produkt": MULTIDOSE}, 0),
        ({"malgruppe": "virksomhetsleder"}, 0),
        ({"bestemmelse": "lov/2011-06-24-30/§12-5"}, 0),
    ],
)
def test_overlap_filters_narrow_the_list(
    client: TestClient, params: dict[str, str], pairs: int
) -> None:
    everything = len(_pairs(page(client, "/overlapp")))
    doc = page(client, "/overlapp", **params)
    assert len(_pairs(doc)) == pairs <= everything
    for name, value in params.items():
        selected = doc.xpath(f"//select[@name='{name}']/option[@selected]/@value")
        # a point given without its ledd is resolved to its full reference
        assert selected == [value.replace("§6/bokstav", "§6/ledd/1/bokstav")]


def test_overlap_filter_with_unknown_product_is_a_norwegian_404(client: TestClient) -> None:
    doc = page(client, "/overlapp", 404, produkt="finnes-ikke")
    assert "ukjent produkt" in text_of(doc)


# -- handlingsrom ----------------------------------------------------------------------


def test_handlingsrom_of_virksomhetsleder_has_the_three_sections(client: TestClient) -> None:
    doc = page(client, "/handlingsrom/virksomhetsleder")
    assert "virksomhetsleder" in text_of(doc.xpath("//h1")[0])
    sections = {
        s.get("aria-labelledby"): text_of(s) for s in doc.xpath("//section[@aria-labelledby]")
    }
    assert {"bindende", "omstridt", "rad"} <= set(sections)
    assert sections["bindende"].startswith("Bindende minimum (0)")
    assert sections["omstridt"].startswith("«Skal» uten hjemmel – omstridt (1)")
    assert SKAL_WITHOUT_BASIS in sections["omstridt"]
    assert SKAL_WITHOUT_BASIS not in sections["bindende"] + sections["rad"]
    assert sections["rad"].startswith("Råd – her kan dere velge (0)")


def test_handlingsrom_list_links_every_target_group(client: TestClient) -> None:
    doc = page(client, "/handlingsrom")
    hrefs = doc.xpath("//ul[@class='target-groups']//a/@href")
    assert "/handlingsrom/virksomhetsleder" in hrefs
    advice = page(client, "/handlingsrom/tjenestene")
    rad = text_of(advice.xpath("//section[@aria-labelledby='rad']")[0])
    assert rad.startswith("Råd – her kan dere velge (1)")


# -- SPARQL ----------------------------------------------------------------------------


@pytest.mark.parametrize("example", EXAMPLES + LISTINGS, ids=lambda e: e.id)
def test_sparql_page_shows_each_example_as_a_table(client: TestClient, example: object) -> None:
    query = example.query  # type: ignore[attr-defined]
    doc = page(client, "/sparql", query=query)
    rows = doc.xpath("//table[@class='results']/tbody/tr")
    assert rows, "the example returns no rows"
    assert int(doc.xpath("//*[@data-rows]")[0].get("data-rows")) == len(rows)
    assert doc.get_element_by_id("query").text_content().strip() == query.strip()
    data = client.get(
        "/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"}
    )
    assert data.headers["content-type"].startswith("application/sparql-results+json")
    assert len(data.json()["results"]["bindings"]) == len(rows)


def test_sparql_examples_are_linked_and_run_from_the_page(client: TestClient) -> None:
    doc = page(client, "/sparql")
    hrefs = doc.xpath("//nav[@class='examples']//a/@href")
    assert len(hrefs) == len(EXAMPLES)
    ran = page(client, "/sparql", eksempel=EXAMPLES[2].id)
    assert ran.xpath("//table[@class='results']/tbody/tr")


def test_sparql_protocol_clients_still_get_results_not_a_page(client: TestClient) -> None:
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    for accept in (None, "*/*", "application/sparql-results+json"):
        headers = {"Accept": accept} if accept else {}
        response = client.get("/sparql", params={"query": query}, headers=headers)
        assert response.headers["content-type"].startswith("application/sparql-results+json")
        assert int(response.json()["results"]["bindings"][0]["n"]["value"]) > 0
    csv = client.post("/sparql", data={"query": query}, headers={"Accept": "text/csv"})
    assert csv.headers["content-type"].startswith("text/csv") and csv.text.startswith("n")


def test_sparql_page_shows_errors_and_refuses_updates(client: TestClient) -> None:
    bad = page(client, "/sparql", 400, query="SELECT ?s WHERE { ?s ")
    assert bad.xpath("//p[@class='error']")
    update = page(client, "/sparql", 403, query="DELETE WHERE { ?s ?p ?o }")
    assert "oppdateringer" in text_of(update.xpath("//p[@class='error']")[0])
    ask = page(client, "/sparql", query="ASK { ?s a <https://w3id.org/hjemmel/ontology#Act> }")
    assert ask.xpath("//*[@data-boolean='true']")


# -- /docs and errors ------------------------------------------------------------------


def test_docs_use_only_local_assets_and_they_are_served(client: TestClient) -> None:
    response = client.get("/docs", headers=BROWSER)
    assert response.status_code == 200
    doc = html.fromstring(response.text)
    assets = doc.xpath("//script/@src | //link/@href")
    assert len(assets) >= 3
    assert not doc.xpath("//script[not(@src)]"), "inline script"
    for asset in assets:
        assert asset.startswith("/") and not asset.startswith("//"), asset
        served = client.get(asset)
        assert served.status_code == 200, asset
        assert len(served.content) > 100
    assert "SwaggerUIBundle" in client.get("/docs/assets/swagger-ui-bundle.js").text
    assert client.get(doc.xpath("//main/@data-openapi-url")[0]).json()["info"]["title"]


def test_unknown_path_is_a_norwegian_page_for_browsers_and_json_for_clients(
    client: TestClient,
) -> None:
    doc = page(client, "/finnes-ikke-her", 404)
    assert doc.get("lang") == "nb"
    assert text_of(doc.xpath("//h1")[0]) == "Siden finnes ikke"
    assert "/finnes-ikke-her" in text_of(doc)
    for accept in ("application/json", "*/*"):
        response = client.get("/finnes-ikke-her", headers={"Accept": accept})
        assert response.status_code == 404
        error = response.json()["error"]
        assert set(response.json()) == {"error"} and set(error) == {"code", "message"}
        assert error["code"] == "not_found" and "finnes-ikke-her" in error["message"]
    api = client.get("/api/recommendations/finnes-ikke", headers={"Accept": "application/json"})
    assert api.status_code == 404 and api.json()["error"]["code"] == "not_found"
    redoc = client.get("/redoc", headers=BROWSER)
    assert redoc.status_code == 404


def test_bad_filter_value_is_a_norwegian_400_page(client: TestClient) -> None:
    doc = page(client, "/anbefalinger", 400, styrke="kanskje")
    assert text_of(doc.xpath("//h1")[0]) == "Forespørselen kan ikke leses"
    assert "ukjent styrke" in text_of(doc)
