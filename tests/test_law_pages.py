"""The law pages on real data: a recommendation with its legal-basis trace, a provision,
a product and an act, each on both kinds of store; the data view behind ``?view=data``."""

from __future__ import annotations

import re
from itertools import pairwise
from urllib.parse import quote

import pytest
from lxml import html as lxml_html

from graph.store import Store

BASE = "https://w3id.org/hjemmel/"
HOL_12_5 = "/lov/2011-06-24-30/paragraf/12-5"
HOL = "/lov/2011-06-24-30"
SKAL_ID = (
    "virksomhetsleder-skal-sorge-for-at-praksis-i-egen-virksomhet-regelmessig-vurderes-"
    "opp-mot-nasjonale-faglige-rad-og-anbefalinger"
)
SKAL_REC = f"/anbefaling/{SKAL_ID}"
PRODUCT = "/produkt/implementering-av-nasjonale-faglige-rad-og-anbefalinger"
HTML = {"Accept": "text/html"}


def _get(client: object, path: str, **params: str) -> lxml_html.HtmlElement:
    response = client.get(path, params=params, headers=HTML)  # type: ignore[attr-defined]
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    return lxml_html.fromstring(response.text)


def _text(node: lxml_html.HtmlElement) -> str:
    return " ".join(node.text_content().split())


def _section(doc: lxml_html.HtmlElement, heading_id: str) -> lxml_html.HtmlElement:
    [section] = doc.xpath(f'//section[@aria-labelledby="{heading_id}"]')
    return section


def _recommendation_with_basis(store: Store) -> tuple[str, str]:
    rows = store.select(
        """PREFIX hj: <https://w3id.org/hjemmel/ontology#>
        SELECT ?r ?basis WHERE { ?r a hj:Recommendation ; hj:legalBasis ?basis }
        ORDER BY ?r ?basis LIMIT 1"""
    )
    assert rows, "the bundled graph has a recommendation with a legal basis"
    return str(rows[0]["r"]), str(rows[0]["basis"])


def _path(iri: str) -> str:
    return "/" + quote(iri[len(BASE) :], safe="/-._~:@!$&'()*+,;=")


def test_provision_heading_names_act_number_and_title(client: object) -> None:
    doc = _get(client, HOL_12_5)
    [h1] = doc.xpath("//h1")
    assert _text(h1) == (
        "helse- og omsorgstjenesteloven § 12-5 Nasjonale faglige retningslinjer, "
        "veiledere og kvalitetsindikatorer"
    )
    assert doc.xpath('//a[starts-with(@href, "https://lovdata.no/lov/2011-06-24-30/")]')


def test_provision_text_is_numbered_by_ledd_and_lettered_by_point(client: object) -> None:
    doc = _get(client, HOL_12_5)
    ledd = doc.xpath('//ol[@class="ledd-list"]/li')
    assert [li.get("id") for li in ledd] == ["ledd-1", "ledd-2"]
    assert [_text(li.xpath('.//span[@class="ledd-no"]')[0]) for li in ledd] == ["(1)", "(2)"]
    assert "Helsedirektoratet skal utvikle" in _text(ledd[0])
    # A point is lettered under its ledd, and the ledd keeps only its own opening words.
    pjf = _get(client, "/forskrift/2019-03-01-168/paragraf/6/ledd/1/bokstav/g")
    points = pjf.xpath('//li[@id="ledd-1"]//ol[@class="point-list"]/li')
    assert [_text(p.xpath('.//span[@class="point-no"]')[0]) for p in points][:3] == [
        "a)",
        "b)",
        "c)",
    ]
    [current] = pjf.xpath('//li[@aria-current="location"]')
    assert current.get("id") == "ledd-1-bokstav-g"
    intro = _text(pjf.xpath('//li[@id="ledd-1"]/div/p')[0])
    assert intro.endswith("Oversikten er ikke uttømmende.")


def test_provision_lists_what_rests_on_it_apart_from_legislation(client: object) -> None:
    doc = _get(client, HOL_12_5)
    rests = _section(doc, "hviler")
    assert _text(rests.xpath("h2")[0]) == "Hva hviler på bestemmelsen"
    guidance = _section(rests, "veiledning")
    products = [a.get("href") for a in guidance.xpath(".//a")]
    assert (
        "/produkt/nasjonal-veileder-for-prioriteringer-i-kommunale-helse-og-omsorgstjenester"
        in (products)
    )
    assert "Helsedirektoratet" in _text(guidance)
    legislation = _section(rests, "regelverk")
    assert "Forskrifter gitt med hjemmel i bestemmelsen" in _text(legislation)
    amendments = _text(_section(doc, "endringer"))
    assert "Endret ved lov 20. desember 2023 nr. 106, i kraft 1. januar 2024." in amendments


PJF_6 = "/forskrift/2019-03-01-168/paragraf/6"
SOURCE_SKAL = (
    "/anbefaling/dersom-helsepersonell-eller-institusjoner-velger-a-fravike-anbefalinger-i-"
    "en-retningslinje-skal-dette-dokumenteres-og-begrunnes"
)
PRODUCT_BOR = (
    "/anbefaling/dersom-tjenestene-velger-en-annen-praksis-enn-anbefalt-bor-dette-vaere-"
    "basert-pa-en-konkret-og-begrunnet-vurdering-som-dokumenteres"
)


@pytest.mark.parametrize("path", [PJF_6, PJF_6 + "/ledd/1", PJF_6 + "/ledd/1/bokstav/g"])
def test_provision_lists_recommendations_resting_on_its_points(client: object, path: str) -> None:
    """A recommendation whose basis is a point (§ 6 first ledd letter g) rests on the
    paragraph too, whether it stands in a product or in a source document."""
    guidance = _section(_section(_get(client, path), "hviler"), "veiledning")

    def listed(strength: str) -> list[str]:
        group = f'.//section[contains(@class, "strength-group-{strength}")]//li/a[1]/@href'
        return [str(href) for href in guidance.xpath(group)]

    assert SOURCE_SKAL in listed("skal"), listed("skal")
    assert PRODUCT_BOR in listed("bor"), listed("bor")


def test_provision_citing_it_is_named_by_act_and_number(client: object) -> None:
    doc = _get(client, "/lov/2011-06-24-30/paragraf/3-1")
    legislation = _section(doc, "regelverk")
    links = [_text(a) for a in legislation.xpath(".//a")]
    assert any(re.match(r"^ftrl\. § 5-\d+ \S", t) for t in links), links


def test_skal_without_basis_is_red_with_the_shape_message_and_ks_objection(
    client: object,
) -> None:
    doc = _get(client, SKAL_REC)
    message = "Skal-anbefalingen mangler hjemmel i lov eller forskrift"
    [alert] = doc.xpath('//div[@class="missing-basis"]')
    assert message in _text(alert)
    trace = _section(doc, "sporing")
    missing = trace.xpath('.//*[local-name()="g"][contains(@class, "node-missing")]')
    assert missing and message in _text(missing[0])
    [start] = trace.xpath(f'.//*[local-name()="a"][@href="{SKAL_REC}"]')[:1]
    assert "node-missing" in start.get("class")
    objections = _section(doc, "innsigelser")
    assert "Innsigelse fra KS" in _text(objections)
    assert "lovhjemmel" in _text(objections)
    assert objections.xpath('.//a[@href="/lov/2018-06-22-83"]')


def test_empowerment_chain_shows_hol_and_sphl_apart(client: object) -> None:
    doc = _get(client, SKAL_REC)
    labels = [a.get("aria-label") for a in doc.xpath('//*[local-name()="a"][@aria-label]')]
    assert any(label.startswith("hol. § 12-5: Nasjonale faglige") for label in labels), labels
    assert any(label.startswith("sphl. § 7-3: Nasjonale faglige") for label in labels), labels


def test_recommendation_with_basis_draws_the_chain_as_links(client: object, store: Store) -> None:
    rec, basis = _recommendation_with_basis(store)
    doc = _get(client, _path(rec))
    assert not doc.xpath('//div[@class="missing-basis"]')
    lane = doc.xpath('//section[@aria-labelledby="lane-1"]')[0]
    [svg] = lane.xpath('.//*[local-name()="svg"][contains(@class, "trace-horizontal")]')[:1]
    assert svg.xpath('./*[local-name()="title"]') and svg.xpath('./*[local-name()="desc"]')
    hrefs = [a.get("href") for a in svg.xpath('.//*[local-name()="a"]')]
    provision_path = _path(basis.split("/ledd/")[0])
    act_path = _path(basis.split("/paragraf/")[0])
    assert hrefs[0] == _path(rec)
    assert any(h.startswith(provision_path + "#ledd-") for h in hrefs), hrefs
    assert provision_path in hrefs and act_path in hrefs
    assert hrefs[-1] == act_path
    quote_text = _text(doc.xpath('//blockquote[@class="provenance"]')[0])
    assert quote_text.startswith("«") and len(quote_text) > 20


def test_product_groups_recommendations_by_strength(client: object) -> None:
    doc = _get(client, PRODUCT)
    section = _section(doc, "anbefalinger")
    headings = [_text(h) for h in section.xpath(".//h3")]
    assert headings[0].startswith("Skal") and headings[1].startswith("Bør"), headings
    skal = _section(section, "styrke-skal")
    assert skal.xpath(f'.//a[@href="{SKAL_REC}"]')
    assert "Mangler hjemmel" in _text(skal)
    actors = _section(doc, "aktorer")
    [folded] = actors.xpath('.//section[@aria-labelledby="rolle-consultedBody"]//details')
    assert len(folded.xpath(".//li")) > 8
    assert "fireårsregelen" in _text(doc.xpath('//dd[contains(@class, "revision")]')[0])


def test_act_page_folds_chapters_and_holds_no_provision_text(client: object) -> None:
    response = client.get(HOL, headers=HTML)  # type: ignore[attr-defined]
    doc = lxml_html.fromstring(response.text)
    chapters = doc.xpath('//section[@aria-labelledby="innhold"]//details[@class="chapter"]')
    assert len(chapters) >= 10
    assert not any(d.get("open") is not None for d in chapters)
    assert doc.xpath(f'//details//a[@href="{HOL_12_5}"]')
    assert "Helsedirektoratet skal utvikle, formidle" not in response.text
    assert not doc.xpath('//ol[@class="ledd-list"]')
    opened = _get(client, HOL + "/kapittel/12")
    assert opened.xpath('//details[@id="kapittel-12"][@open]')
    assert "Nasjonal veileder for prioriteringer" in _text(_section(doc, "hviler"))


@pytest.mark.parametrize("path", [SKAL_REC, HOL_12_5, PRODUCT, HOL])
def test_pages_speak_law_not_rdf(client: object, path: str) -> None:
    response = client.get(path, headers=HTML)  # type: ignore[attr-defined]
    assert response.status_code == 200
    for word in ("prov:", "@nb", "qualifiedDerivation", "hj:", "rdf:type"):
        assert word not in response.text, (path, word)
    doc = lxml_html.fromstring(response.text)
    assert not doc.xpath("//script")
    levels = [int(h.tag[1]) for h in doc.xpath("//main//*[self::h1 or self::h2 or self::h3]")]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in pairwise(levels))


@pytest.mark.parametrize("path", [SKAL_REC, HOL_12_5, PRODUCT, HOL])
def test_data_view_serves_the_generic_page_and_rdf_is_unchanged(client: object, path: str) -> None:
    doc = _get(client, path, view="data")
    assert doc.xpath('//section[@aria-labelledby="egenskaper"]')
    page = _get(client, path)
    assert page.xpath('//nav[@class="view-tabs"]//a[@href="?view=data"]')
    turtle = client.get(path, headers={"Accept": "text/turtle"})  # type: ignore[attr-defined]
    assert turtle.headers["content-type"].startswith("text/turtle")
    assert f"<{BASE}{path.lstrip('/')}>" in turtle.text or path.rsplit("/", 1)[-1] in turtle.text
