"""The REST API under /api: every endpoint, its filters, paging and errors on the synthetic
test graph, the facts of the curated graph on every store kind, and the OpenAPI examples."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from pydantic import TypeAdapter

from graph.settings import Settings
from graph.store import Store
from service.app import create_app
from service.routers.api import router as api_router

B = "https://w3id.org/hjemmel/"
VIRKSOMHETSLEDER = (
    "virksomhetsleder-skal-sorge-for-at-praksis-i-egen-virksomhet-regelmessig-vurderes-"
    "opp-mot-nasjonale-faglige-rad-og-anbefalinger"
)


@pytest.fixture(scope="module")
def mini_client(mini_store: Store) -> Iterator[TestClient]:
    """The service on the synthetic test graph, on each kind of store."""
    with TestClient(create_app(Settings(store_path=None), store=mini_store)) as c:
        yield c


def ok(client: TestClient, url: str, **kwargs: Any) -> Any:
    r = client.get(url, **kwargs)
    assert r.status_code == 200, (url, r.status_code, r.text)
    return r.json()


def error(client: TestClient, url: str, status: int) -> dict[str, str]:
    r = client.get(url)
    assert r.status_code == status, (url, r.status_code, r.text)
    return r.json()["error"]


# -- recommendations ------------------------------------------------------------------


def test_recommendations_list_items(mini_client: TestClient) -> None:
    page = ok(mini_client, "/api/recommendations")
    assert page["total"] == 6
    assert [i["id"] for i in page["items"]] == [
        "test-a1",
        "test-a2",
        "test-a3",
        "test-b1",
        "test-b2",
        "test-c1",
    ]
    a1 = page["items"][0]
    assert a1["strength"] == "skal"
    assert a1["product"] == {
        "id": "testveileder-a",
        "iri": B + "produkt/testveileder-a",
        "title": "Testveileder A",
    }
    assert a1["target_groups"] == [
        {"id": "testledere", "iri": B + "malgruppe/testledere", "label": "Testledere"}
    ]
    assert a1["legal_basis"] == [
        {
            "ref": "forskrift/1900-01-02-2/§6/ledd/1/bokstav/g",
            "iri": B + "forskrift/1900-01-02-2/paragraf/6/ledd/1/bokstav/g",
            "title": "Testjournalens innhold",
            "act_short_title": "testjf.",
            "level": "point",
        }
    ]


@pytest.mark.parametrize(
    ("query", "ids"),
    [
        ("q=testjournal", ["test-a1", "test-b1"]),
        ("strength=skal", ["test-a1", "test-a2", "test-c1"]),
        ("strength=bør", ["test-a3", "test-b1"]),
        ("strength=bor", ["test-a3", "test-b1"]),
        ("strength=kan", ["test-b2"]),
        ("target=testpersonell", ["test-a3", "test-b2", "test-c1"]),
        ("target=Testpersonell", ["test-a3", "test-b2", "test-c1"]),
        ("product=testretningslinje-b", ["test-b1", "test-b2"]),
        ("without_legal_basis=true", ["test-a2", "test-a3", "test-b2"]),
        ("without_legal_basis=true&strength=skal", ["test-a2"]),
        (
            "q=testanbefaling&strength=skal&target=testledere&product=testveileder-a",
            ["test-a1", "test-a2"],
        ),
    ],
)
def test_recommendations_filters(mini_client: TestClient, query: str, ids: list[str]) -> None:
    page = ok(mini_client, "/api/recommendations?" + query)
    assert [i["id"] for i in page["items"]] == ids
    assert page["total"] == len(ids)


def test_recommendations_paging(mini_client: TestClient) -> None:
    first = ok(mini_client, "/api/recommendations?limit=2")
    second = ok(mini_client, "/api/recommendations?limit=2&offset=2")
    last = ok(mini_client, "/api/recommendations?limit=4&offset=4")
    beyond = ok(mini_client, "/api/recommendations?offset=10")
    assert [i["id"] for i in first["items"]] == ["test-a1", "test-a2"]
    assert [i["id"] for i in second["items"]] == ["test-a3", "test-b1"]
    assert [i["id"] for i in last["items"]] == ["test-b2", "test-c1"]
    assert beyond == {"total": 6, "items": [], "limit": 20, "offset": 10}
    assert {first["total"], second["total"], last["total"]} == {6}
    assert (second["limit"], second["offset"]) == (2, 2)


def _links(response: Any) -> dict[str, str]:
    """``rel`` → target of a ``Link`` header."""
    found = {}
    for part in filter(None, (response.headers.get("link") or "").split(",")):
        target, rel = part.split(";")
        found[rel.strip().removeprefix('rel="').removesuffix('"')] = target.strip()[1:-1]
    return found


@pytest.mark.parametrize(
    "path", ["/api/recommendations?strength=skal", "/api/products", "/api/overlaps"]
)
def test_every_list_links_its_next_and_previous_page(mini_client: TestClient, path: str) -> None:
    sep = "&" if "?" in path else "?"
    first = mini_client.get(path + sep + "limit=1")
    assert first.status_code == 200
    body = first.json()
    assert (body["limit"], body["offset"], len(body["items"])) == (1, 0, 1)
    assert body["total"] >= 2
    links = _links(first)
    assert set(links) == {"next"}
    second = mini_client.get(links["next"])
    assert second.json()["offset"] == 1
    assert second.json()["items"] != body["items"]
    assert mini_client.get(_links(second)["prev"]).json() == body
    if "strength=skal" in path:
        assert "strength=skal" in links["next"]
    whole = mini_client.get(path + sep + "limit=500")
    assert "link" not in whole.headers
    assert len(whole.json()["items"]) == whole.json()["total"]
    assert mini_client.get(path + sep + "limit=0").status_code == 400


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/recommendations?strength=maa", 400),
        ("/api/recommendations?limit=0", 400),
        ("/api/recommendations?limit=100000", 400),
        ("/api/recommendations?offset=-1", 400),
        ("/api/recommendations?target=ingen-slik", 404),
        ("/api/recommendations?product=ingen-slik", 404),
        ("/api/recommendations/ingen-slik", 404),
        ("/api/recommendations/test-innsigelse", 404),
    ],
)
def test_recommendations_errors(mini_client: TestClient, url: str, status: int) -> None:
    err = error(mini_client, url, status)
    assert err["code"] and err["message"]


def test_recommendation_detail_with_provenance_and_chain(mini_client: TestClient) -> None:
    rec = ok(mini_client, "/api/recommendations/test-a1")
    assert rec["title"] == "Testanbefaling A1 om testjournal"
    assert rec["provenance"] == [
        {
            "source": B + "kilde/testkilde",
            "source_file": "testkilde.txt",
            "quote": "Testleder skal føre testjournal.",
        }
    ]
    [basis] = rec["trace"]["legal_basis"]
    assert [link["ref"] for link in basis["chain"]] == [
        "forskrift/1900-01-02-2",
        "forskrift/1900-01-02-2/§6",
        "forskrift/1900-01-02-2/§6/ledd/1",
        "forskrift/1900-01-02-2/§6/ledd/1/bokstav/g",
    ]
    assert [link["level"] for link in basis["chain"]] == ["act", "provision", "ledd", "point"]
    assert basis["act_based_on"] == ["lov/1900-01-01-1/§1-2"]
    [mandate] = rec["trace"]["empowerment"]
    assert mandate["ref"] == "lov/1900-01-01-1/§1-2"
    assert mandate["publisher"]["name"] == "Testdirektoratet"
    assert [link["level"] for link in mandate["chain"]] == ["act", "chapter", "provision"]
    by_iri = ok(mini_client, "/api/recommendations/" + quote(B + "anbefaling/test-a1", safe=""))
    assert by_iri["id"] == "test-a1"


def test_recommendation_without_legal_basis(mini_client: TestClient) -> None:
    rec = ok(mini_client, "/api/recommendations/test-a2")
    assert rec["legal_basis"] == [] and rec["trace"]["legal_basis"] == []
    assert rec["trace"]["empowerment"][0]["ref"] == "lov/1900-01-01-1/§1-2"


# -- provisions and acts --------------------------------------------------------------


@pytest.mark.parametrize(
    "ref",
    [
        "forskrift/1900-01-02-2/§6",
        "FOR-1900-01-02-2/§6",
        "forskrift/1900-01-02-2/%C2%A76",
        "forskrift/1900-01-02-2/paragraf/6",
        "https://lovdata.no/forskrift/1900-01-02-2/§6",
        "https://lovdata.no/dokument/SF/forskrift/1900-01-02-2/§6",
    ],
)
def test_provision_ref_forms(mini_client: TestClient, ref: str) -> None:
    body = ok(mini_client, "/api/provisions/" + ref)
    assert body["iri"] == B + "forskrift/1900-01-02-2/paragraf/6"
    assert body["ref"] == "forskrift/1900-01-02-2/§6"
    assert body["act"]["short_title"] == "testjf."
    assert body["lovdata_url"] == "https://lovdata.no/forskrift/1900-01-02-2/§6"
    assert body["text"] == "Testjournalen skal inneholde:\na) testnavn\ng) testopplysninger"
    deps = body["dependents"]
    assert sorted(r["id"] for r in deps["recommendations"]) == ["test-a1", "test-b1"]
    assert [p["id"] for p in deps["products"]] == ["testretningslinje-b"]


def test_provision_point_without_its_ledd(mini_client: TestClient) -> None:
    body = ok(mini_client, "/api/provisions/forskrift/1900-01-02-2/§6/bokstav/g")
    assert body["iri"] == B + "forskrift/1900-01-02-2/paragraf/6/ledd/1/bokstav/g"
    assert body["level"] == "point" and body["text"] == "testopplysninger"
    assert [r["id"] for r in body["dependents"]["recommendations"]] == ["test-a1"]


def test_provision_dependents_through_ledd_and_empowerment(mini_client: TestClient) -> None:
    body = ok(mini_client, "/api/provisions/lov/1900-01-01-1/§2-1")
    assert body["chapter_title"] == "Kapittel 2. Testplikter"
    assert sorted(r["id"] for r in body["dependents"]["recommendations"]) == ["test-a3", "test-c1"]
    mandate = ok(mini_client, "/api/provisions/LOV-1900-01-01-1/§1-2")["dependents"]
    assert [a["name"] for a in mandate["actors"]] == ["Testdirektoratet"]
    assert [r["ref"] for r in mandate["regulations"]] == ["forskrift/1900-01-02-2"]


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/provisions/ikke-en-referanse", 400),
        ("/api/provisions/lov/1900-01-01-1/§99", 404),
        ("/api/provisions/forskrift/1900-01-02-2/§6/bokstav/z", 404),
        ("/api/provisions/lov/1900-01-01-1", 404),
        ("/api/acts/ikke-en-referanse", 400),
        ("/api/acts/lov/1900-01-01-9", 404),
        ("/api/acts/lov/1900-01-01-1/§1-1", 404),
    ],
)
def test_legal_errors(mini_client: TestClient, url: str, status: int) -> None:
    assert error(mini_client, url, status)["message"]


def test_act_with_chapters_and_provisions(mini_client: TestClient) -> None:
    body = ok(mini_client, "/api/acts/LOV-1900-01-01-1")
    assert body["kind"] == "lov" and body["short_title"] == "testl."
    assert [c["number"] for c in body["chapters"]] == ["1", "2"]
    assert [p["number"] for p in body["chapters"][0]["provisions"]] == ["1-1", "1-2"]
    assert [p["ref"] for p in body["provisions"]] == [
        "lov/1900-01-01-1/§1-1",
        "lov/1900-01-01-1/§1-2",
        "lov/1900-01-01-1/§2-1",
    ]
    regulation = ok(mini_client, "/api/acts/forskrift/1900-01-02-2")
    assert regulation["kind"] == "forskrift"
    assert regulation["based_on"] == ["lov/1900-01-01-1/§1-2"]
    assert [p["number"] for p in regulation["provisions"]] == ["6"]


# -- products, overlaps, handlingsrom, stats ------------------------------------------


def test_products_with_counts(mini_client: TestClient) -> None:
    page = ok(mini_client, "/api/products")
    assert (page["total"], page["limit"], page["offset"]) == (3, 100, 0)
    items = {p["id"]: p for p in page["items"]}
    assert set(items) == {"testveileder-a", "testretningslinje-b", "testrad-c"}
    a = items["testveileder-a"]
    assert a["recommendations"] == 3
    assert a["by_strength"] == {"bør": 1, "skal": 2}
    assert [(t["id"], t["count"]) for t in a["by_target"]] == [
        ("testledere", 2),
        ("testpersonell", 1),
    ]
    assert items["testrad-c"]["status"] == "horingsutkast"


def test_product_detail(mini_client: TestClient) -> None:
    body = ok(mini_client, "/api/products/testretningslinje-b")
    assert body["type"] == "NationalGuideline"
    assert body["legal_basis"] == ["lov/1900-01-01-1/§1-1"]
    assert body["by_strength"] == {"bør": 1, "kan": 1}
    a = ok(mini_client, "/api/products/testveileder-a")
    roles = {(r["role"], r["actor"]["name"]) for r in a["actors"]}
    assert ("publisher", "Testdirektoratet") in roles and ("referenceGroup", "Testrådet") in roles
    assert a["chapters"][0]["title"] == "Testkapittel 1"
    assert error(mini_client, "/api/products/test-a1", 404)["code"] == "not_found"


def test_overlaps(mini_client: TestClient) -> None:
    page = ok(mini_client, "/api/overlaps")
    assert page["total"] == 2
    pairs = page["items"]
    got = {(p["a"]["id"], p["b"]["id"]): p for p in pairs}
    assert set(got) == {("test-a1", "test-b1"), ("test-a3", "test-b2")}
    journal = got[("test-a1", "test-b1")]
    assert journal["conflict"] is True
    assert [r["reason"] for r in journal["reasons"]] == ["provision"]
    assert journal["reasons"][0]["shared_label"] == "forskrift/1900-01-02-2/§6"
    topic = got[("test-a3", "test-b2")]["reasons"][0]
    assert (topic["reason"], topic["topic"], topic["shared_label"]) == (
        "target-topic",
        "testopplæring",
        "Testpersonell",
    )


@pytest.mark.parametrize(
    ("query", "pairs"),
    [
        ("target=testpersonell", [("test-a3", "test-b2")]),
        ("provision=forskrift/1900-01-02-2/§6", [("test-a1", "test-b1")]),
        # B1 rests on § 6 as a whole, not on its point g
        ("provision=FOR-1900-01-02-2/§6/bokstav/g", []),
        ("product=testrad-c", []),
        ("product=testretningslinje-b&target=testledere", [("test-a1", "test-b1")]),
    ],
)
def test_overlaps_filters(mini_client: TestClient, query: str, pairs: list) -> None:
    got = ok(mini_client, "/api/overlaps?" + query)["items"]
    assert sorted((p["a"]["id"], p["b"]["id"]) for p in got) == pairs


def test_overlaps_errors(mini_client: TestClient) -> None:
    error(mini_client, "/api/overlaps?provision=nonsens", 400)
    error(mini_client, "/api/overlaps?product=finnes-ikke", 404)


def test_handlingsrom(mini_client: TestClient) -> None:
    body = ok(mini_client, "/api/handlingsrom?target=testledere")
    assert body["target"]["label"] == "Testledere"
    [group] = body["binding"]
    assert group["provision"]["ref"] == "forskrift/1900-01-02-2/§6"
    assert [r["id"] for r in group["recommendations"]] == ["test-a1"]
    assert [r["id"] for r in body["advice"]] == ["test-b1"]
    assert [r["id"] for r in body["lacking_legal_basis"]] == ["test-a2"]
    assert body["counts"] == {
        "binding": 1,
        "provisions": 1,
        "advice": 1,
        "lacking_legal_basis": 1,
        "unclear": 0,
    }
    other = ok(mini_client, "/api/handlingsrom?target=" + quote(B + "malgruppe/testpersonell"))
    assert [g["provision"]["ref"] for g in other["binding"]] == ["lov/1900-01-01-1/§2-1"]
    assert sorted(r["id"] for r in other["advice"]) == ["test-a3", "test-b2"]
    error(mini_client, "/api/handlingsrom?target=ingen", 404)
    error(mini_client, "/api/handlingsrom", 400)


def test_stats(mini_client: TestClient) -> None:
    assert ok(mini_client, "/api/stats") == {
        "acts": 1,
        "regulations": 1,
        "provisions": 4,
        "products": 3,
        "recommendations": 6,
        "by_strength": {"skal": 3, "bør": 2, "kan": 1, "uavklart": 0},
        "skal_without_legal_basis": 1,
        "objections": 1,
    }


# -- validation and citations ---------------------------------------------------------

_VALID = f"""@prefix hj: <https://w3id.org/hjemmel/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<{B}anbefaling/testinnsending> a hj:Recommendation ;
    dcterms:title "Testinnsending"@nb .
"""


def test_validate_turtle_reports_results(mini_client: TestClient) -> None:
    r = mini_client.post("/api/validate", content=_VALID, headers={"content-type": "text/turtle"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["conforms"] is False
    focus = {x["focus"] for x in body["results"]}
    assert focus == {B + "anbefaling/testinnsending"}
    for result in body["results"]:
        assert result["message"]["nb"] and result["message"]["en"] and result["shape"]
    again = ok(mini_client, "/api/recommendations?q=Testinnsending")
    assert again["total"] == 0  # nothing submitted is stored


def test_validate_other_rdf_forms_and_report_graph(mini_client: TestClient) -> None:
    nt = f'<{B}anbefaling/testinnsending> <http://purl.org/dc/terms/title> "T" .\n'
    r = mini_client.post(
        "/api/validate", content=nt, headers={"content-type": "application/n-triples"}
    )
    assert r.status_code == 200 and "conforms" in r.json()
    jsonld = (
        f'{{"@id": "{B}anbefaling/x", "@type": "https://w3id.org/hjemmel/ontology#Recommendation"}}'
    )
    r = mini_client.post(
        "/api/validate", content=jsonld, headers={"content-type": "application/ld+json"}
    )
    assert r.status_code == 200 and r.json()["conforms"] is False
    r = mini_client.post(
        "/api/validate",
        content=_VALID,
        headers={"content-type": "text/turtle", "accept": "text/turtle"},
    )
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    assert "ValidationReport" in r.text


def test_validate_errors(mini_client: TestClient) -> None:
    r = mini_client.post(
        "/api/validate", content="ikke rdf", headers={"content-type": "text/plain"}
    )
    assert r.status_code == 415 and r.json()["error"]["code"] == "unsupported_media_type"
    r = mini_client.post(
        "/api/validate",
        content="@prefix x: <http://x#> .\nx:a x:b",
        headers={"content-type": "text/turtle"},
    )
    assert r.status_code == 400
    assert "line 2" in r.json()["error"]["message"]
    r = mini_client.post("/api/validate", content="{", headers={"content-type": "application/json"})
    assert r.status_code == 400


def test_citations(mini_client: TestClient) -> None:
    text = "Helsedirektoratet har myndighet etter helse- og omsorgstjenesteloven § 12-5."
    r = mini_client.post("/api/citations", json={"text": text})
    assert r.status_code == 200, r.text
    [cit] = r.json()["citations"]
    assert cit["refs"] == ["lov/2011-06-24-30/§12-5"]
    assert text[cit["start"] : cit["end"]] == cit["text"]
    assert mini_client.post("/api/citations", json={}).status_code == 400


# -- OpenAPI ----------------------------------------------------------------------------


def test_every_api_operation_has_an_example(mini_client: TestClient) -> None:
    spec = ok(mini_client, "/openapi.json")
    api_paths = {p: ops for p, ops in spec["paths"].items() if p.startswith("/api/")}
    assert {"/api/recommendations", "/api/search", "/api/impact", "/api/check"} <= set(api_paths)
    for path, ops in api_paths.items():
        for method, op in ops.items():
            content = op["responses"]["200"]["content"]
            examples = [c.get("example") or c.get("examples") for c in content.values()]
            assert any(examples), (method, path)
            assert op["tags"] == ["api"]


def _property(spec: dict[str, Any], schema: str, name: str) -> dict[str, Any]:
    prop: dict[str, Any] = spec["components"]["schemas"][schema]["properties"][name]
    return prop


def _enum(prop: dict[str, Any]) -> list[str]:
    """The allowed values of a property, nullable or not."""
    [values] = [p["enum"] for p in [prop, *prop.get("anyOf", [])] if "enum" in p]
    return list(values)


def test_openapi_documents_fields_with_descriptions_and_enums(mini_client: TestClient) -> None:
    spec = ok(mini_client, "/openapi.json")
    strength = _property(spec, "RecommendationRef", "strength")
    assert _enum(strength) == ["skal", "bør", "kan", "uavklart"]
    assert " / " in strength["description"]
    levels = ["act", "chapter", "provision", "ledd", "point"]
    for schema in ("LegalRef", "ChainLink", "ProvisionDetail"):
        assert _enum(_property(spec, schema, "level")) == levels, schema
    assert _enum(_property(spec, "BasisTrace", "relation")) == [
        "legalBasis",
        "productLegalBasis",
        "empowerment",
    ]
    assert _enum(_property(spec, "ActDetail", "kind")) == ["lov", "forskrift"]
    assert _enum(_property(spec, "OverlapReason", "reason")) == ["provision", "target-topic"]
    assert _enum(_property(spec, "Finding", "severity")) == ["Violation", "Warning", "Info"]
    assert "publisher" in _enum(_property(spec, "ActorRole", "role"))
    for schema, name in [
        ("LegalRef", "ref"),
        ("RecommendationPage", "total"),
        ("Overlap", "conflict"),
        ("Trace", "empowerment"),
        ("ActorRole", "empowered_by"),
    ]:
        assert " / " in _property(spec, schema, name)["description"], (schema, name)


def test_openapi_examples_fit_their_response_models() -> None:
    routes = [r for r in api_router.routes if isinstance(r, APIRoute)]
    assert len(routes) >= 15
    for route in routes:
        example = route.responses[200]["content"]["application/json"]["example"]
        TypeAdapter(route.response_model).validate_python(example)


# -- the curated graph, on every store kind ---------------------------------------------


def test_curated_skal_recommendation_without_legal_basis(client: Any) -> None:
    rec = ok(client, "/api/recommendations/" + VIRKSOMHETSLEDER)
    assert rec["strength"] == "skal"
    assert rec["legal_basis"] == []
    mandates = {m["ref"]: m for m in rec["trace"]["empowerment"]}
    assert "lov/2011-06-24-30/§12-5" in mandates
    assert mandates["lov/2011-06-24-30/§12-5"]["publisher"]["name"] == "Helsedirektoratet"
    assert any(p["source_file"] == "000_aa27acb256f578c0.txt" for p in rec["provenance"])
    page = ok(client, "/api/recommendations?strength=skal&without_legal_basis=true&limit=500")
    assert VIRKSOMHETSLEDER in [i["id"] for i in page["items"]]


def test_curated_provision_forms_and_dependents(client: Any) -> None:
    point = ok(client, "/api/provisions/forskrift/2019-03-01-168/§6/bokstav/g")
    assert point["iri"] == B + "forskrift/2019-03-01-168/paragraf/6/ledd/1/bokstav/g"
    assert point["dependents"]["recommendations"]
    hol = ok(client, "/api/provisions/LOV-2011-06-24-30/%C2%A712-5")
    assert hol["ref"] == "lov/2011-06-24-30/§12-5"
    assert "Helsedirektoratet" in [a["name"] for a in hol["dependents"]["actors"]]


def test_curated_stats_agree_with_lists(client: Any) -> None:
    stats = ok(client, "/api/stats")
    page = ok(client, "/api/recommendations?limit=1")
    assert 0 < page["total"] <= stats["recommendations"]
    assert ok(client, "/api/products")["total"] == stats["products"]
    skal = ok(client, "/api/recommendations?strength=skal&without_legal_basis=true&limit=1")
    assert skal["total"] == stats["skal_without_legal_basis"] >= 1


def test_validate_helsedirektoratet_document(mini_client: TestClient) -> None:
    document = (Path(__file__).parent.parent / "graph" / "data" / "helsedir").glob("*.json")
    body = next(iter(sorted(document))).read_bytes()
    r = mini_client.post(
        "/api/validate", content=body, headers={"content-type": "application/json"}
    )
    assert r.status_code == 200, r.text
    assert set(r.json()) >= {"conforms", "results"}
    r = mini_client.post(
        "/api/validate",
        content=_VALID,
        headers={"content-type": "text/turtle", "accept": "application/xml"},
    )
    assert r.status_code == 406


def test_curated_handlingsrom_of_a_target_group_no_recommendation_addresses(client: Any) -> None:
    # 004 defines "kommunens ledelse" as a target group of the prioriteringsveileder, but the
    # chapter in the sources quotes no recommendation addressed to it.
    body = ok(client, "/api/handlingsrom?target=kommunens-ledelse")
    assert body["target"]["id"] == "kommunens-ledelse"
    assert body["binding"] == [] and body["advice"] == []
    assert set(body["counts"].values()) == {0}
    lead = ok(client, "/api/handlingsrom?target=virksomhetsleder")
    assert [r["strength"] for r in lead["lacking_legal_basis"]] == ["skal"]


def test_curated_overlap_conflict_on_pasientjournalforskriften_6g(client: Any) -> None:
    body = ok(client, "/api/overlaps?provision=" + quote("forskrift/2019-03-01-168/§6/bokstav/g"))
    [pair] = body["items"]
    assert pair["conflict"] is True
    assert {pair["a"]["strength"], pair["b"]["strength"]} == {"skal", "bør"}
    assert [r["reason"] for r in pair["reasons"]] == ["provision"]
