"""Checking any text for its legal basis: the check on the real source texts and
content-API documents, the API on both stores, the command and the page."""

from __future__ import annotations

import gc
import io
import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from graph.check import MAX_CHECK_BYTES, CheckResult, check_text
from graph.check.results import CheckedStatement
from graph.cli import main
from graph.errors import BadInputError, PayloadTooLargeError
from graph.importers.bundled import load_bundled
from graph.store import Store
from graph.store.embedded import EmbeddedStore

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT.parent / "shared" / "sources"
API_DOCS = sorted((ROOT.parent / "shared" / "data" / "helsedirektoratet-api").glob("*.json"))
SKAL_MESSAGE = "Skal-anbefalingen mangler hjemmel i lov eller forskrift"
SKAL_SHAPE = "https://w3id.org/hjemmel/shapes#SkalHasLegalBasis"
LEGAL_SHAPE = "https://w3id.org/hjemmel/shapes#LegalBasisIsLegalResource"
WITH_BASIS = (
    "Kommunen skal ha rutiner for oppfølging av pasienter, "
    "jf. helse- og omsorgstjenesteloven § 3-1 første ledd."
)
MIXED = (
    "Kommunen skal tilby tjenesten, jf. helse- og omsorgstjenesteloven § 3-1\n"
    "Kommunen skal ha en plan for dette. Dette følger av helse- og omsorgstjenesteloven "
    "§ 3-2.\n"
    "Tjenesten skal evalueres hvert år.\n"
    "Virksomheten bør ha en kontaktperson, jf. helse- og omsorgstjenesteloven § 3-3.\n"
    "Lederen skal rapportere, jf. helse- og omsorgstjenesteloven § 99-9.\n"
)


def source(prefix: str) -> str:
    path = next(SOURCES.glob(f"{prefix}_*.txt"), None)
    if path is None:
        pytest.fail(f"the real source {prefix} is missing from {SOURCES}")
    return path.read_text(encoding="utf-8")


def find(result: CheckResult, start: str) -> CheckedStatement:
    for statement in result.statements:
        if " ".join(statement.text.split()).startswith(start):
            return statement
    raise AssertionError(f"no statement starts with {start!r}")


# -- the check ----------------------------------------------------------------------------


def test_the_drafts_skal_for_virksomhetsleder_fails(embedded_store: Store) -> None:
    result = check_text(embedded_store, source("000"))
    statement = find(result, "Virksomhetsleder skal sørge for at praksis i egen virksomhet")
    assert statement.strength == "skal"
    assert statement.evidence and "skal" in statement.evidence
    assert statement.item is not None  # a list item of the draft's "Rådets inndeling"
    assert result.text[statement.start : statement.end] == statement.text
    assert statement.legal_basis == []
    assert statement.conforms is False
    assert [f.shape for f in statement.findings] == [SKAL_SHAPE]
    assert statement.findings[0].message.nb == SKAL_MESSAGE
    assert statement.findings[0].severity == "Violation"
    bor = find(result, "Implementering av nasjonale faglige råd og anbefalinger bør")
    assert bor.strength == "bør" and bor.conforms is None and bor.findings == []
    assert result.conforms is False
    assert result.summary.skal_not_conforming >= 1


def test_a_skal_with_jf_passes(embedded_store: Store) -> None:
    result = check_text(embedded_store, WITH_BASIS)
    [statement] = result.statements
    assert statement.strength == "skal"
    assert statement.conforms is True and statement.findings == []
    [basis] = statement.legal_basis
    assert basis.ref == "lov/2011-06-24-30/§3-1/ledd/1"
    assert basis.cue == "jf."
    assert basis.level == "ledd"
    assert basis.act_short_title and "omsorgstjenesteloven" in basis.act_short_title.lower()
    assert basis.title == "Kommunens overordnede ansvar for helse- og omsorgstjenester"
    [ref] = statement.refs
    assert ref.resolved and ref.basis and ref.where == "statement" and ref.via == "sitat"
    assert WITH_BASIS[ref.start : ref.end] == ref.text
    assert result.conforms is True
    assert result.summary.skal_with_basis == 1 and result.summary.skal_without_basis == 0


def test_basis_in_context_unknown_provision_and_strengths(embedded_store: Store) -> None:
    result = check_text(embedded_store, MIXED)
    by_start = {s.text.split(",")[0].split(".")[0]: s for s in result.statements}
    first = by_start["Kommunen skal tilby tjenesten"]
    assert [b.ref for b in first.legal_basis] == ["lov/2011-06-24-30/§3-1"]
    assert first.conforms is True
    plan = by_start["Kommunen skal ha en plan for dette"]
    assert [(b.ref, b.cue) for b in plan.legal_basis] == [("lov/2011-06-24-30/§3-2", "følger av")]
    assert plan.refs[0].where == "context" and plan.conforms is True
    evaluated = by_start["Tjenesten skal evalueres hvert år"]
    assert evaluated.conforms is False and evaluated.findings[0].message.nb == SKAL_MESSAGE
    bor = by_start["Virksomheten bør ha en kontaktperson"]
    assert bor.strength == "bør" and bor.conforms is None
    assert [b.ref for b in bor.legal_basis] == ["lov/2011-06-24-30/§3-3"]
    unknown = by_start["Lederen skal rapportere"]
    # a provision the store does not know is never a legal basis, and the shape says why
    assert unknown.legal_basis == []
    assert [(r.ref, r.resolved, r.iri) for r in unknown.refs] == [
        ("lov/2011-06-24-30/§99-9", False, None)
    ]
    assert [f.shape for f in unknown.findings] == [LEGAL_SHAPE]
    s = result.summary
    assert (s.skal, s.skal_with_basis, s.skal_without_basis, s.skal_not_conforming) == (4, 2, 2, 2)
    assert s.by_strength["bør"] == 1 and s.unresolved_refs == 1
    assert {p.ref: p.statements for p in s.provisions} == {
        "lov/2011-06-24-30/§3-1": 1,
        "lov/2011-06-24-30/§3-2": 1,
        "lov/2011-06-24-30/§3-3": 1,
    }


def test_html_with_a_lovdata_link(embedded_store: Store) -> None:
    html = (
        "<h2>Oversikt</h2><ul><li>Kommunen skal sørge for tilbudet "
        '(<a href="https://lovdata.no/lov/2011-06-24-30/§3-1">lovens § 3-1</a>).</li>'
        "<li>Kommunen skal også ha en plan.</li></ul>"
    )
    result = check_text(embedded_store, html, "html")
    assert result.format == "html"
    linked, plain = result.statements
    assert linked.item == 0 and plain.item == 1
    assert [(b.ref, b.cue) for b in linked.legal_basis] == [
        ("lov/2011-06-24-30/§3-1", "lovdata-lenke")
    ]
    assert linked.refs[0].via == "lenke" and linked.conforms is True
    assert plain.conforms is False


def test_the_guide_the_slides_and_the_draft(embedded_store: Store) -> None:
    guide = check_text(embedded_store, source("004"))
    assert guide.summary.sentences > 100
    assert guide.summary.by_strength["skal"] >= 5
    assert guide.summary.skal_with_basis >= 1
    relied = {p.ref for p in guide.summary.provisions}
    assert "lov/2011-06-24-30/§3-1" in relied
    # "… jf. spesialisthelsetjenesteloven § 7-3 (lovdata.no), helse- og
    # omsorgstjenesteloven § 12-5 (lovdata.no) og folkehelseloven § 24": one list
    listed = find(guide, "Nasjonale anbefalinger baseres på kunnskap om god praksis")
    assert {b.ref for b in listed.legal_basis} >= {
        "lov/1999-07-02-61/§7-3",
        "lov/2011-06-24-30/§12-5",
        "lov/2011-06-24-29/§24",
    }
    slides = check_text(embedded_store, source("001"))
    assert slides.summary.statements > 30
    assert slides.summary.skal_without_basis > 0
    assert all(
        st.legal_basis == [] or st.conforms is not False
        for st in slides.statements
        if all(r.resolved for r in st.refs)
    )
    for result in (guide, slides):
        for st in result.statements:
            assert result.text[st.start : st.end] == st.text
            assert (st.conforms is None) == (st.strength != "skal")
            for b in st.legal_basis:
                assert b.iri.startswith("https://w3id.org/hjemmel/")


@pytest.mark.parametrize("path", API_DOCS, ids=[p.name for p in API_DOCS])
def test_content_api_documents(embedded_store: Store, path: Path) -> None:
    result = check_text(embedded_store, path.read_bytes(), name=path.name)
    assert result.format == "json"
    s = result.summary
    assert s.statements == sum(s.by_strength[k] for k in ("skal", "bør", "kan"))
    assert s.sentences == s.statements + s.by_strength["uavklart"]
    for st in result.statements:
        assert result.text[st.start : st.end] == st.text
        assert st.section is not None
    if path.name in ("anbefaling-by-id.json", "kapittel-by-id.json", "rad-by-id.json"):
        assert s.statements > 0 and s.skal > 0
    if path.name == "index.json":
        assert s.sentences == 0


def test_too_large_and_unreadable(embedded_store: Store) -> None:
    with pytest.raises(PayloadTooLargeError, match="for stor"):
        check_text(embedded_store, "Kommunen skal. " * (MAX_CHECK_BYTES // 10))
    with pytest.raises(BadInputError, match="UTF-8"):
        check_text(embedded_store, b"Kommunen skal \xff")
    with pytest.raises(BadInputError, match="JSON"):
        check_text(embedded_store, "{nei", "json")


# -- the API ------------------------------------------------------------------------------


def post(client: Any, body: str | bytes, media_type: str) -> Any:
    return client.post("/api/check", content=body, headers={"content-type": media_type})


def test_api_checks_text_html_and_json(client: TestClient) -> None:
    r = post(client, MIXED, "text/plain; charset=utf-8")
    assert r.status_code == 200, r.text
    doc = r.json()
    assert doc["format"] == "text" and doc["conforms"] is False
    assert doc["summary"]["skal"] == 4 and doc["summary"]["skal_with_basis"] == 2
    first = doc["statements"][0]
    assert first["legal_basis"][0]["ref"] == "lov/2011-06-24-30/§3-1"
    assert first["legal_basis"][0]["cue"] == "jf."
    assert first["conforms"] is True
    failing = [s for s in doc["statements"] if s["conforms"] is False]
    assert {f["shape"] for s in failing for f in s["findings"]} == {SKAL_SHAPE, LEGAL_SHAPE}
    assert all(s["conforms"] is None for s in doc["statements"] if s["strength"] == "bør")

    wrapped = post(client, json.dumps({"text": WITH_BASIS}), "application/json").json()
    assert wrapped["conforms"] is True and wrapped["statements"][0]["conforms"] is True

    html = post(client, "<p>Kommunen skal ha en plan.</p>", "text/html").json()
    assert html["format"] == "html" and html["summary"]["skal_without_basis"] == 1

    doc_path = next(p for p in API_DOCS if p.name == "anbefaling-by-id.json")
    api_doc = post(client, doc_path.read_bytes(), "application/json")
    assert api_doc.status_code == 200 and api_doc.json()["summary"]["skal"] > 0


def test_api_errors(client: TestClient) -> None:
    r = post(client, "Kommunen skal.", "application/pdf")
    assert r.status_code == 415 and r.json()["error"]["code"] == "unsupported_media_type"
    r = post(client, "x" * (MAX_CHECK_BYTES + 1), "text/plain")
    assert r.status_code == 413 and r.json()["error"]["code"] == "too_large"
    r = post(client, "[1, 2]", "application/json")
    assert r.status_code == 400 and r.json()["error"]["code"] == "bad_input"


# -- the command --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("check") / "store"
    store = EmbeddedStore(path)
    load_bundled(store)
    store.close()
    del store
    gc.collect()  # pyoxigraph releases the directory lock when the store is collected
    return str(path)


def test_cli_exit_codes_and_formats(
    store_path: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    draft = next(SOURCES.glob("000_*.txt"))
    assert main(["--store-path", store_path, "check", str(draft)]) == 1
    out = capsys.readouterr().out
    assert "Virksomhetsleder skal sørge for" in out and SKAL_MESSAGE in out
    good = tmp_path / "god.txt"
    good.write_text(WITH_BASIS, encoding="utf-8")
    assert main(["--store-path", store_path, "check", str(good), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["statements"][0]["legal_basis"][0]["ref"] == "lov/2011-06-24-30/§3-1/ledd/1"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(MIXED.encode("utf-8"))))
    assert main(["--store-path", store_path, "check", "-"]) == 1
    out = capsys.readouterr().out
    assert "hjemmel: lov/2011-06-24-30/§3-2" in out and "«følger av»" in out
    assert "ukjent henvisning" in out
    assert main(["--store-path", store_path, "check", str(tmp_path / "finnes-ikke.txt")]) == 2


# -- the page -----------------------------------------------------------------------------


def test_page_highlights_statements(client: TestClient) -> None:
    r = client.get("/sjekk")
    assert r.status_code == 200 and '<textarea id="text" name="text"' in r.text
    r = client.post("/sjekk", data={"text": MIXED})
    assert r.status_code == 200, r.text
    marks = re.findall(r'<mark id="utsagn-(\d+)" class="statement strength-(\w+)( fails)?"', r.text)
    assert [(n, s, bool(f)) for n, s, f in marks] == [
        ("1", "skal", False),
        ("2", "skal", False),
        ("3", "skal", True),
        ("4", "bor", False),
        ("5", "skal", True),
    ]
    assert SKAL_MESSAGE in r.text and "«jf.»" in r.text
    assert 'data-conforms="false"' in r.text
    upload = client.post(
        "/sjekk",
        files={"file": ("utkast.txt", source("000").encode("utf-8"), "text/plain")},
    )
    assert upload.status_code == 200 and "Virksomhetsleder skal sørge for" in upload.text
    empty = client.post("/sjekk", data={"text": "  "})
    assert empty.status_code == 400 and "Lim inn en tekst" in empty.text
