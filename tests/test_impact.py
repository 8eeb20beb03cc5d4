"""Impact of amending acts on guidance: the three real Norsk Lovtidend files imported into a
store with the bundled graph and tests/data/impact-fixture.ttl, a synthetic product whose
recommendations rest on provisions those acts change. Runs on the embedded store and on a
real Oxigraph server."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import servers
from fastapi.testclient import TestClient
from rdflib import Graph, URIRef

from graph.cli import main as cli_main
from graph.importers.bundled import load_bundled
from graph.importers.lovtidend import import_files
from graph.model.iris import ref_to_iri
from graph.model.vocab import BASE
from graph.questions import impact
from graph.questions.named import run_query
from graph.settings import Settings
from graph.store import Store
from graph.store.embedded import EmbeddedStore
from graph.store.remote import RemoteStore
from graph.validation.shacl import validate_store
from service.app import create_app

FIXTURE = Path(__file__).parent / "data" / "impact-fixture.ttl"
FIXTURE_GRAPH = URIRef(BASE + "graf/test-impact")
RENUMBERED = BASE + "anbefaling/testanbefaling-omnummerert-ledd"
REPEALED = BASE + "anbefaling/testanbefaling-opphevet-ledd"
IN_CHAPTER = BASE + "anbefaling/testanbefaling-nytt-i-kapittel"
SENTENCE = (
    "spesialisthelsetjenesteloven § 4-1 tredje ledd blir fjerde ledd ved lov 20. juni 2025 "
    "nr. 72; i kraft: fra den tid Kongen bestemmer"
)


def _fill(store: Store, lovtidend: Path) -> Store:
    load_bundled(store)
    import_files(store, [lovtidend])
    store.replace_graphs({FIXTURE_GRAPH: Graph().parse(FIXTURE, format="turtle")})
    return store


@pytest.fixture(scope="module", params=["embedded", "oxigraph"])
def changed_store(request: pytest.FixtureRequest, shared_data: Path) -> Iterator[Store]:
    lovtidend = shared_data / "lovdata" / "lovtidend-2025"
    if request.param == "embedded":
        store = _fill(EmbeddedStore(), lovtidend)
        yield store
        store.close()
        return
    with servers.oxigraph_server() as server:
        yield _fill(
            RemoteStore(server.query_url, server.update_url, server.graph_store_url), lovtidend
        )


def test_amendments_list_and_filters(changed_store: Store) -> None:
    refs = [a.ref for a in impact.amendments(changed_store)]
    assert refs == ["lov/2025-06-20-72", "lov/2025-06-20-74", "forskrift/2025-04-04-599"]
    phlr = ref_to_iri("lov/1999-07-02-63")
    assert [a.ref for a in impact.amendments(changed_store, amended=phlr)] == ["lov/2025-06-20-74"]
    assert [a.ref for a in impact.amendments(changed_store, since="2025-05-01")] == [
        "lov/2025-06-20-72",
        "lov/2025-06-20-74",
    ]
    assert [a.ref for a in impact.amendments(changed_store, until="2025-05-01")] == [
        "forskrift/2025-04-04-599"
    ]
    law72 = impact.amendments(changed_store)[0]
    assert law72.name == "lov 20. juni 2025 nr. 72"
    assert law72.in_force == "fra den tid Kongen bestemmer"
    assert law72.amends == ["lov/1999-07-02-61", "lov/2011-06-24-30"]
    assert law72.changes == 8


def test_renumbered_ledd_in_words_and_its_guidance(changed_store: Store) -> None:
    detail = impact.amendment(changed_store, "lov/2025-06-20-72")
    renumbering = [c for c in detail.changes if c.kind == "omnummerert"]
    assert [(c.old_number, c.new_number) for c in renumbering] == [("3", "4"), ("4", "5")]
    first = renumbering[0]
    assert first.description == SENTENCE
    assert first.position == "del I, endring 3"
    assert "https://" not in first.description
    assert [i.iri for i in first.impact] == [RENUMBERED]
    item = first.impact[0]
    assert (item.strength, item.relation, item.basis) == (
        "skal",
        "legalBasis",
        "lov/1999-07-02-61/§4-1/ledd/3",
    )
    assert item.last_professional_change == "2024-01-01"
    # The renumbered fourth ledd carries no guidance.
    assert renumbering[1].impact == []
    # The first group is the skal resting on the renumbered ledd.
    assert (detail.impact[0].touch, detail.impact[0].strength) == ("omnummerert", "skal")
    assert [i.iri for i in detail.impact[0].items] == [RENUMBERED]


def test_new_provision_touches_guidance_in_its_chapter(changed_store: Store) -> None:
    detail = impact.amendment(changed_store, "lov/2025-06-20-72")
    new_12_7 = next(c for c in detail.changes if c.target == "lov/2011-06-24-30/§12-7")
    assert new_12_7.description.startswith(
        "helse- og omsorgstjenesteloven får ny § 12-7 «Godkjenning av virksomheter og "
        "tjenesteytere» ved lov 20. juni 2025 nr. 72"
    )
    assert new_12_7.scope == "lov/2011-06-24-30/kapittel/12"
    assert IN_CHAPTER in {i.iri for i in new_12_7.impact}
    # Inserting a punktum touches what rests on its ledd; § 1-2 first ledd carries none here.
    punktum = next(c for c in detail.changes if c.target_level == "punktum")
    assert punktum.scope == "lov/2011-06-24-30/§1-2/ledd/1"
    assert punktum.description.startswith(
        "helse- og omsorgstjenesteloven § 1-2 første ledd får nytt andre punktum"
    )


def test_repealed_ledd_and_ordering(changed_store: Store) -> None:
    detail = impact.amendment(changed_store, "lov/2025-06-20-74")
    repeal = next(c for c in detail.changes if c.kind == "opphevet")
    assert repeal.description == (
        "pasient- og brukerrettighetsloven § 7-4 andre ledd oppheves ved lov 20. juni 2025 "
        "nr. 74; i kraft: fra den tid Kongen bestemmer"
    )
    assert [i.iri for i in repeal.impact] == [REPEALED]
    groups = [(g.touch, g.strength) for g in detail.impact]
    assert ("opphevet", "bør") in groups
    # A bør on a repealed ledd comes before anything resting on replaced text.
    assert all(
        groups.index(("opphevet", "bør")) < groups.index(g) for g in groups if g[0] == "erstattet"
    )
    reg = impact.amendment(changed_store, "forskrift/2025-04-04-599")
    assert reg.changes[0].description.endswith(
        "i kraft: straks (4. april 2025), gjelder til og med 31. desember 2025"
    )


def test_impact_of_a_provision(changed_store: Store) -> None:
    result = impact.impact_of_provision(changed_store, "lov/1999-07-02-61/§4-1/ledd/3")
    kinds = sorted(c.kind for c in result.changes)
    # The ledd is replaced and renumbered by lov 20. juni 2025 nr. 72.
    assert kinds == ["erstattet", "omnummerert"]
    assert [g.touch for g in result.impact] == ["omnummerert", "erstattet"]
    assert SENTENCE in {c.description for c in result.changes}
    # A provision outside every change has no changes and no impact.
    untouched = impact.impact_of_provision(changed_store, "lov/1999-07-02-61/§2-1a")
    assert (untouched.changes, untouched.impact) == ([], [])


def test_impact_of_a_provision_lists_a_new_provision_beside_it(changed_store: Store) -> None:
    # § 12-6 itself is unchanged; lov 20. juni 2025 nr. 72 inserts § 12-7 in its chapter.
    result = impact.impact_of_provision(changed_store, "lov/2011-06-24-30/§12-6")
    (new_12_7,) = [c for c in result.changes if c.target == "lov/2011-06-24-30/§12-7"]
    assert new_12_7.kind == "innsatt"
    assert new_12_7.scope == "lov/2011-06-24-30/kapittel/12"
    assert IN_CHAPTER in {i.iri for g in result.impact if g.touch == "innsatt" for i in g.items}
    # The same from a ledd of the provision; a provision in another chapter gets none.
    below = impact.impact_of_provision(changed_store, "lov/2011-06-24-30/§12-6/ledd/1")
    assert "lov/2011-06-24-30/§12-7" in {c.target for c in below.changes}
    other = impact.impact_of_provision(changed_store, "lov/2011-06-24-30/§3-1")
    assert "lov/2011-06-24-30/§12-7" not in {c.target for c in other.changes}


def test_named_query_runs_from_the_changed_resource(changed_store: Store) -> None:
    rows = run_query(
        changed_store, "impact-of-change", resource=ref_to_iri("lov/1999-07-02-61/§4-1")
    )
    assert {(str(r["dependent"]), str(r["kind"])) for r in rows} == {(RENUMBERED, "recommendation")}


def test_api(changed_store: Store) -> None:
    with TestClient(create_app(Settings(store_path=None), store=changed_store)) as client:
        listed = client.get("/api/amendments", params={"act": "lov/1999-07-02-61"})
        assert listed.status_code == 200
        refs = [a["ref"] for a in listed.json()["items"]]
        assert refs == ["lov/2025-06-20-72", "lov/2025-06-20-74"]
        assert listed.json()["total"] == 2
        paged = client.get("/api/amendments", params={"act": "lov/1999-07-02-61", "limit": 1})
        assert [a["ref"] for a in paged.json()["items"]] == refs[:1]
        assert 'rel="next"' in paged.headers["link"]
        dated = client.get("/api/amendments", params={"since": "2025-06-21"})
        assert dated.json()["items"] == []
        bad = client.get("/api/amendments", params={"since": "juni"})
        assert bad.status_code == 400
        detail = client.get("/api/amendments/lov/2025-06-20-72").json()
        renumbered = next(c for c in detail["changes"] if c["kind"] == "omnummerert")
        assert renumbered["description"] == SENTENCE
        assert (renumbered["old_number"], renumbered["new_number"]) == ("3", "4")
        assert detail["impact"][0]["items"][0]["iri"] == RENUMBERED
        result = client.get("/api/impact", params={"provision": "lov/1999-07-02-61/§4-1"})
        assert result.status_code == 200
        assert RENUMBERED in {i["iri"] for g in result.json()["impact"] for i in g["items"]}
        missing = client.get("/api/amendments/lov/2025-06-20-99")
        assert missing.status_code == 404
        assert "error" in missing.json()
        assert client.get("/api/impact", params={"provision": "ikke en lov"}).status_code == 400


def test_validation_warns_about_guidance_due_for_legal_review(changed_store: Store) -> None:
    report = validate_store(changed_store, [URIRef(RENUMBERED), URIRef(IN_CHAPTER)])
    due = [f for f in report.results if f.shape.endswith("#LegalBasisChangedAfterRevision")]
    assert [(f.focus, f.severity, f.value) for f in due] == [
        (RENUMBERED, "Warning", BASE + "lov/2025-06-20-72")
    ]
    assert "juridisk" in due[0].message.nb
    # § 12-6 itself is unchanged: the new § 12-7 beside it is no change of its legal basis.
    assert all(f.focus != IN_CHAPTER for f in due)


@pytest.fixture(scope="module")
def cli_path(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> str:
    """A store folder for the CLI; the store is released (its lock freed) on return."""
    path = tmp_path_factory.mktemp("impact-store")
    with EmbeddedStore(path) as store:
        _fill(store, shared_data / "lovdata" / "lovtidend-2025")
    return str(path)


def test_cli(cli_path: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = cli_path
    assert cli_main(["--store-path", str(path), "impact", "lov/2025-06-20-72"]) == 0
    out = capsys.readouterr().out
    assert SENTENCE in out
    assert "Skal-anbefalinger som hviler på noe som får nytt nummer" in out
    assert "Testanbefaling: skal, hviler på et ledd som får nytt nummer" in out
    assert "https://" not in out
    assert (
        cli_main(
            ["--store-path", str(path), "impact", "lov/1999-07-02-61/§4-1", "--format", "json"]
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert data["ref"] == "lov/1999-07-02-61/§4-1"
    assert SENTENCE in {c["description"] for c in data["changes"]}
    assert cli_main(["--store-path", str(path), "impact", "lov/2025-06-20-99"]) == 3
    assert cli_main(["--store-path", str(path), "validate", "--format", "json"]) in (0, 1)
    findings = json.loads(capsys.readouterr().out)["results"]
    due = {f["focus"] for f in findings if f["shape"].endswith("#LegalBasisChangedAfterRevision")}
    assert due == {RENUMBERED, REPEALED}
