"""``hjemmel query`` and ``hjemmel trace`` on stores kept in a temporary folder: the
synthetic test graph for exact output, the bundled graph for the curated facts."""

from __future__ import annotations

import csv
import io
import json

import pytest
from mini_graph import load_mini

from graph.cli import main
from graph.importers.bundled import load_bundled
from graph.store.embedded import EmbeddedStore

B = "https://w3id.org/hjemmel/"
VIRKSOMHETSLEDER = (
    "virksomhetsleder-skal-sorge-for-at-praksis-i-egen-virksomhet-regelmessig-vurderes-"
    "opp-mot-nasjonale-faglige-rad-og-anbefalinger"
)


@pytest.fixture(scope="module")
def mini_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("mini-store")
    with EmbeddedStore(path) as store:
        load_mini(store)
    return str(path)


@pytest.fixture(scope="module")
def bundled_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("bundled-store")
    with EmbeddedStore(path) as store:
        load_bundled(store)
    return str(path)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_query_table(capsys: pytest.CaptureFixture[str], mini_path: str) -> None:
    code, out, _ = run(capsys, "--store-path", mini_path, "query", "skal-without-legal-basis")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == [
        "recommendation",
        "title",
        "product",
        "productTitle",
        "targets",
        "cites",
    ]
    assert "anbefaling/test-a2" in lines[2] and "Testanbefaling A2 uten hjemmel" in lines[2]
    assert lines[-1] == "(1 rad)"


def test_query_params_short_forms(capsys: pytest.CaptureFixture[str], mini_path: str) -> None:
    code, out, _ = run(
        capsys,
        "--store-path",
        mini_path,
        "query",
        "dependents",
        "--param",
        "provision=forskrift/1900-01-02-2/§6/bokstav/g",
    )
    assert code == 0
    assert "anbefaling/test-a1" in out and "test-b1" not in out
    assert "forskrift/1900-01-02-2/§6/ledd/1/bokstav/g" in out  # legal IRIs shown as refs
    assert "skal" in out and "(1 rad)" in out
    code, out, _ = run(
        capsys,
        "--store-path",
        mini_path,
        "query",
        "recommendations-search",
        "-p",
        "strength=styrke/kan",
        "-p",
        "q=test",
    )
    assert "anbefaling/test-b2" in out and "(1 rad)" in out


def test_query_json_and_csv(capsys: pytest.CaptureFixture[str], mini_path: str) -> None:
    code, out, _ = run(
        capsys,
        "--store-path",
        mini_path,
        "query",
        "products-due-for-revision",
        "--param",
        "years=3",
        "--param",
        "today=1907-01-01",
        "--format",
        "json",
    )
    assert code == 0
    assert json.loads(out) == [
        {
            "product": B + "produkt/testveileder-a",
            "title": "Testveileder A",
            "last_professional_change": "1902-06-15",
            "age_years": 4,
            "years": 3,
            "today": "1907-01-01",
        }
    ]
    code, out, _ = run(capsys, "--store-path", mini_path, "query", "stats", "--format", "csv")
    [row] = list(csv.DictReader(io.StringIO(out)))
    assert row["recommendations"] == "6" and row["skalWithoutLegalBasis"] == "1"


def test_query_list_and_errors(capsys: pytest.CaptureFixture[str], mini_path: str) -> None:
    code, out, _ = run(capsys, "--store-path", mini_path, "query")
    assert code == 0 and "legal-basis" in out and "parametre: recommendation" in out
    code, _, err = run(capsys, "--store-path", mini_path, "query", "finnes-ikke")
    assert code == 3 and "ukjent spørring" in err
    code, _, err = run(capsys, "--store-path", mini_path, "query", "legal-basis")
    assert code == 2 and "mangler parameter" in err
    code, _, err = run(capsys, "--store-path", mini_path, "query", "counts", "--param", "produkt")
    assert code == 2 and "navn=verdi" in err
    code, _, err = run(capsys, "--store-path", mini_path, "query", "counts", "--param", "ukjent=1")
    assert code == 2 and "ukjent parameter" in err


def test_trace_readable_chain(capsys: pytest.CaptureFixture[str], mini_path: str) -> None:
    code, out, _ = run(capsys, "--store-path", mini_path, "trace", "test-a1")
    assert code == 0
    assert out.splitlines()[0] == "Anbefaling: Testanbefaling A1 om testjournal"
    assert "styrke: skal · produkt: Testveileder A" in out
    assert "Forskrift om testjournal (testjournalforskriften) (testjf.)" in out
    assert "└ § 6 Testjournalens innhold" in out
    assert "└ ledd 1" in out and "└ bokstav g" in out
    assert "made under: lov/1900-01-01-1/§1-2" in out
    assert "Myndigheten til Testdirektoratet" in out and "§ 1-2 Testmyndighet" in out


def test_trace_by_iri_and_lacking_basis(capsys: pytest.CaptureFixture[str], mini_path: str) -> None:
    code, out, _ = run(capsys, "--store-path", mini_path, "trace", B + "anbefaling/test-a2")
    assert code == 0
    assert "Skal-anbefalingen mangler hjemmel / the skal recommendation lacks a legal basis" in out


def test_trace_legal_reference_and_errors(
    capsys: pytest.CaptureFixture[str], mini_path: str
) -> None:
    code, out, _ = run(capsys, "--store-path", mini_path, "trace", "LOV-1900-01-01-1/§2-1/ledd/2")
    assert code == 0
    assert out.splitlines()[1:] == [
        "  Lov om testing (testloven) (testl.)",
        "  └ Kapittel 2. Testplikter",
        "    └ § 2-1 Testplikt",
        "      └ ledd 2",
    ]
    code, _, err = run(capsys, "--store-path", mini_path, "trace", "finnes-ikke")
    assert code == 3 and "ukjent" in err


def test_trace_curated_recommendation(
    capsys: pytest.CaptureFixture[str], bundled_path: str
) -> None:
    code, out, _ = run(capsys, "--store-path", bundled_path, "trace", VIRKSOMHETSLEDER)
    assert code == 0
    assert "Skal-anbefalingen mangler hjemmel" in out
    assert "Myndigheten til Helsedirektoratet" in out
    assert "lov/2011-06-24-30/§12-5" in out


def test_query_curated_skal_without_legal_basis(
    capsys: pytest.CaptureFixture[str], bundled_path: str
) -> None:
    code, out, _ = run(
        capsys, "--store-path", bundled_path, "query", "skal-without-legal-basis", "-f", "json"
    )
    assert code == 0
    ids = [row["recommendation"] for row in json.loads(out)]
    assert B + "anbefaling/" + VIRKSOMHETSLEDER in ids


# -- JSON with the API's names, exit codes, references refused as in the API ------------


@pytest.mark.parametrize(
    ("value", "code", "words"),
    [
        ("not-a-ref", 3, "verken IRI"),
        ("lov/1900-01-01-1/§99", 3, "ukjent lovhenvisning"),
        ("https://w3id.org/hjemmel/lov/1900-01-01-1/paragraf/99", 3, "ukjent ressurs"),
    ],
)
def test_query_refuses_bad_references_as_the_api_does(
    capsys: pytest.CaptureFixture[str], mini_path: str, value: str, code: int, words: str
) -> None:
    got, out, err = run(
        capsys, "--store-path", mini_path, "query", "dependents", "-p", "provision=" + value
    )
    assert (got, out) == (code, "") and words in err


def test_trace_json_has_the_api_fields(capsys: pytest.CaptureFixture[str], mini_path: str) -> None:
    from fastapi.testclient import TestClient

    from graph.settings import Settings
    from service.app import create_app

    code, out, _ = run(capsys, "--store-path", mini_path, "trace", "test-a1", "--format", "json")
    assert code == 0
    cli = json.loads(out)
    store = load_mini(EmbeddedStore())  # the same graph, in memory
    with TestClient(create_app(Settings(store_path=None), store=store)) as client:
        api = client.get("/api/recommendations/test-a1").json()
    store.close()
    assert cli == api
    assert cli["trace"]["legal_basis"][0]["chain"][0]["level"] == "act"
    code, out, _ = run(
        capsys, "--store-path", mini_path, "trace", "lov/1900-01-01-1/§2-1", "--format", "json"
    )
    assert code == 0
    assert [link["level"] for link in json.loads(out)] == ["act", "chapter", "provision"]


def test_query_json_numbers_and_snake_case(
    capsys: pytest.CaptureFixture[str], mini_path: str
) -> None:
    code, out, _ = run(capsys, "--store-path", mini_path, "query", "stats", "--format", "json")
    assert code == 0
    [row] = json.loads(out)
    assert row["recommendations"] == 6 and row["skal_without_legal_basis"] == 1
    assert all(k == k.lower() for k in row)


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], mini_path: str) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["trace"])
    assert raised.value.code == 2
    code, _, err = run(capsys, "--store-path", mini_path, "query", "legal-basis")
    assert code == 2 and "mangler parameter" in err


def test_store_unavailable_exits_4(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HJEMMEL_STORE", "remote")
    monkeypatch.setenv("HJEMMEL_SPARQL_QUERY_URL", "http://127.0.0.1:9/query")
    monkeypatch.setenv("HJEMMEL_SPARQL_TIMEOUT", "2")
    code, _, err = run(capsys, "query", "stats")
    assert code == 4 and "feil" in err


def test_load_json(capsys: pytest.CaptureFixture[str], tmp_path: object) -> None:
    code, out, _ = run(capsys, "--store-path", str(tmp_path), "load", "--format", "json")
    assert code == 0
    report = json.loads(out)
    assert report["triples"] == sum(report["graphs"].values()) > 0
    assert isinstance(report["search_documents"], int) and report["search_documents"] > 0
