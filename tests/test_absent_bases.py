"""Guidance resting on provisions absent from the current text, on both stores: the
bundled kvalitetsforskriften still names lov 30. mars 1984 nr. 15 § 7 (repealed, known
only as a reference target without text) as its legal basis."""

from __future__ import annotations

from fastapi.testclient import TestClient
from lxml import html
from rdflib import URIRef

from graph.model.vocab import BASE
from graph.questions.absent import absent_bases
from graph.questions.named import run_query
from graph.store import Store

REPEALED = "lov/1984-03-30-15/§7"
KVALITETSFORSKRIFTEN = "forskrift/2016-10-28-1250"


def test_the_repealed_basis_of_a_current_regulation_is_listed(store: Store) -> None:
    found = [a for a in absent_bases(store) if a.absent == REPEALED]
    assert found
    assert {a.reason for a in found} == {"act-without-current-text"}
    assert {a.via for a in found} == {KVALITETSFORSKRIFTEN}
    assert {a.act for a in found} == {"lov/1984-03-30-15"}
    # Everything listed rests on kvalitetsforskriften, by the dependents query.
    resting = {
        str(r["dependent"])
        for r in run_query(store, "dependents", provision=URIRef(BASE + KVALITETSFORSKRIFTEN))
        if str(r["kind"]) in ("recommendation", "product")
    }
    assert {a.dependent for a in found} <= resting
    assert all("lov 30. mars 1984 nr. 15 § 7" in a.description for a in found)
    assert all(a.description.endswith("loven har ingen gjeldende tekst (opphevet)") for a in found)


def test_a_current_basis_is_never_listed(store: Store) -> None:
    # hol. § 12-5 and pasientjournalforskriften § 6 are in the current text.
    absent = {a.absent for a in absent_bases(store)}
    assert not {
        a for a in absent if a.startswith(("lov/2011-06-24-30/", "forskrift/2019-03-01-168/"))
    }


def test_api_and_page(client: TestClient) -> None:
    body = client.get("/api/impact/absent").json()
    assert body["total"] >= 1
    assert any(i["absent"] == REPEALED for i in body["items"])
    page = html.fromstring(client.get("/endringer").text)
    (section,) = page.xpath('//section[@aria-labelledby="ikke-i-gjeldende-tekst"]')
    words = section.text_content()
    assert "Hviler på bestemmelser som ikke finnes i gjeldende tekst" in words
    assert "Lov 30. mars 1984 nr. 15 § 7" in words
    assert "w3id.org" not in words


def test_the_changes_page_is_paged(client: TestClient) -> None:
    assert client.get("/endringer", params={"side": 0}).status_code == 400
    later = html.fromstring(client.get("/endringer", params={"side": 2}).text)
    words = later.xpath("string(//article)")
    assert "Ingen flere endringslover" in words
    # The absent provisions are listed once, on the first page.
    assert not later.xpath('//section[@aria-labelledby="ikke-i-gjeldende-tekst"]')
