"""Validation of the store, of submitted data and of one act at a time, and the
``hjemmel validate`` command.

The data is small and loaded here: helse- og omsorgstjenesteloven § 12-5 in chapter 12
(Lovdata, lov/2011-06-24-30), the draft "Implementering av nasjonale faglige råd og
anbefalinger" and its recommendations as quoted in source 000_aa27acb256f578c0.txt. The
legal-basis links are test constructions.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from graph.cli import main
from graph.errors import NotFoundError
from graph.model.iris import lovdata_graph
from graph.model.vocab import BASE, CURATED_GRAPH, HJ, SH, STATUS, STRENGTH
from graph.store import Store
from graph.store.embedded import EmbeddedStore
from graph.validation.shacl import SHAPES, validate_graph, validate_legislation, validate_store

XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")

PREFIXES = f"""
@base <{BASE}> .
@prefix hj: <{HJ}> .
@prefix styrke: <{STRENGTH}> .
@prefix status: <{STATUS}> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

HOL_VALID = PREFIXES + (
    "<lov/2011-06-24-30> a hj:Act .\n"
    "<lov/2011-06-24-30/kapittel/12> a hj:LegalChapter ; hj:partOf <lov/2011-06-24-30> .\n"
    "<lov/2011-06-24-30/paragraf/12-5> a hj:Provision ;"
    " hj:partOf <lov/2011-06-24-30/kapittel/12> .\n"
)
HOL = HOL_VALID + "<lov/2011-06-24-30/paragraf/4-2> a hj:Provision .\n"
PRODUCT = "<produkt/implementering> a hj:NationalAdvice ; hj:status status:gjeldende"

GUIDANCE = (
    PREFIXES
    + """
<produkt/implementering> a hj:NationalAdvice ;
    hj:publisher <aktor/helsedirektoratet> ; hj:status status:horingsutkast .
<anbefaling/med-hjemmel> a hj:Recommendation ; hj:strength styrke:skal ;
    hj:product <produkt/implementering> ; hj:targetGroup <malgruppe/virksomhetsleder> ;
    hj:legalBasis <lov/2011-06-24-30/paragraf/12-5> .
<anbefaling/uten-hjemmel> a hj:Recommendation ; hj:strength styrke:skal ;
    hj:product <produkt/implementering> ; hj:targetGroup <malgruppe/virksomhetsleder> .
<anbefaling/ukjent-hjemmel> a hj:Recommendation ; hj:strength styrke:skal ;
    hj:product <produkt/implementering> ; hj:targetGroup <malgruppe/virksomhetsleder> ;
    hj:legalBasis <lov/2011-06-24-30/paragraf/99-9> .
"""
)

HOL_GRAPH = lovdata_graph("lov/2011-06-24-30")
MED = URIRef(BASE + "anbefaling/med-hjemmel")
UTEN = URIRef(BASE + "anbefaling/uten-hjemmel")
UKJENT = URIRef(BASE + "anbefaling/ukjent-hjemmel")


def _g(text: str) -> Graph:
    return Graph().parse(data=text, format="turtle")


def _load(store: Store) -> None:
    store.replace_graphs({HOL_GRAPH: _g(HOL), CURATED_GRAPH: _g(GUIDANCE)})


def _found(report: object) -> set[tuple[str, str, str]]:
    return {(f.focus, f.severity, f.shape.removeprefix(str(SHAPES))) for f in report.results}


@pytest.fixture
def loaded(empty_store: Store) -> Store:
    _load(empty_store)
    return empty_store


def test_validate_store_reports_the_guidance_with_the_law_it_names(loaded: Store) -> None:
    report = validate_store(loaded)
    assert _found(report) == {
        (str(UTEN), "Violation", "SkalHasLegalBasis"),
        (str(UKJENT), "Violation", "LegalBasisIsLegalResource"),
        # § 4-2 is not referenced by the guidance, so its missing hj:partOf is not seen here
    }
    assert report.counts == {"Violation": 2, "Warning": 0, "Info": 0}
    assert not report.conforms


def test_validate_store_sees_a_broken_chain_of_a_referenced_provision(loaded: Store) -> None:
    broken = _g(HOL)
    broken.remove((None, HJ.partOf, URIRef(BASE + "lov/2011-06-24-30")))
    loaded.replace_graph(HOL_GRAPH, broken)
    found = _found(validate_store(loaded))
    assert (BASE + "lov/2011-06-24-30/paragraf/12-5", "Violation", "ProvisionInOneAct") in found


def test_focus_mode_validates_only_the_focus_nodes(loaded: Store) -> None:
    assert validate_store(loaded, focus=[MED]).conforms
    report = validate_store(loaded, focus=[UTEN])
    assert _found(report) == {(str(UTEN), "Violation", "SkalHasLegalBasis")}
    report = validate_store(loaded, focus=[MED, UKJENT])
    assert _found(report) == {(str(UKJENT), "Violation", "LegalBasisIsLegalResource")}


def test_validate_legislation_checks_one_act(loaded: Store) -> None:
    report = validate_legislation(loaded, "lov/2011-06-24-30")
    assert _found(report) == {
        (BASE + "lov/2011-06-24-30/paragraf/4-2", "Violation", "ProvisionPartOf"),
        (BASE + "lov/2011-06-24-30/paragraf/4-2", "Violation", "ProvisionInOneAct"),
    }
    with pytest.raises(NotFoundError):
        validate_legislation(loaded, "lov/1999-07-02-61")


def test_a_regulation_without_enabling_act_is_a_warning(empty_store: Store) -> None:
    graph = lovdata_graph("forskrift/2016-10-28-1250")
    reg = URIRef(BASE + "forskrift/2016-10-28-1250")
    empty_store.replace_graph(graph, _g(PREFIXES + "<forskrift/2016-10-28-1250> a hj:Regulation ."))
    report = validate_legislation(empty_store, "forskrift/2016-10-28-1250")
    assert _found(report) == {(str(reg), "Warning", "RegulationBasedOnLaw")}
    assert report.violations == 0


SUBMITTED = (
    PREFIXES
    + """
<anbefaling/ny> a hj:Recommendation ; hj:strength styrke:skal ;
    hj:product <produkt/implementering> ; hj:targetGroup <malgruppe/virksomhetsleder> ;
    hj:legalBasis <lov/2011-06-24-30/paragraf/12-5> .
"""
)


def test_validate_graph_takes_the_law_and_products_from_the_store(loaded: Store) -> None:
    data = _g(SUBMITTED)
    alone = _found(validate_graph(data))
    assert {s for _, _, s in alone} == {"LegalBasisIsLegalResource", "RecommendationProduct"}
    with_store = validate_graph(data, loaded)
    assert with_store.conforms, with_store.to_text("en")
    assert len(data) == 5  # the submitted graph is not changed


def test_validate_graph_reports_only_on_submitted_resources(empty_store: Store) -> None:
    # a product in the store without publisher: referenced, but not reported
    empty_store.replace_graph(CURATED_GRAPH, _g(PREFIXES + PRODUCT + " ."))
    empty_store.replace_graph(HOL_GRAPH, _g(HOL))
    report = validate_graph(_g(SUBMITTED), empty_store)
    assert report.conforms, report.to_text("en")
    assert not validate_store(empty_store).conforms


def _product(last_change: dt.date) -> Graph:
    g = _g(PREFIXES + PRODUCT + " ; hj:publisher <aktor/a> .")
    change = Literal(last_change, datatype=XSD_DATE)
    g.add((URIRef(BASE + "produkt/implementering"), HJ.lastProfessionalChange, change))
    return g


def test_the_revision_threshold_moves_with_today() -> None:
    today = dt.date.today()
    five_years_ago = today - dt.timedelta(days=5 * 365 + 2)
    one_year_ago = today - dt.timedelta(days=365)
    old = validate_graph(_product(five_years_ago))
    assert _found(old) == {(BASE + "produkt/implementering", "Info", "ProductRevisionDue")}
    assert old.violations == 0 and not old.conforms
    assert validate_graph(_product(one_year_ago)).conforms
    # the same data, validated as of six years from now, is due
    later = validate_graph(_product(one_year_ago), today=today + dt.timedelta(days=6 * 365))
    assert {s for _, _, s in _found(later)} == {"ProductRevisionDue"}


def test_report_serialisations(loaded: Store) -> None:
    report = validate_store(loaded, focus=[UTEN])
    doc = report.to_json()
    assert doc["conforms"] is False
    (result,) = doc["results"]
    assert result["focus"] == str(UTEN)
    assert result["severity"] == "Violation"
    assert result["shape"] == str(SHAPES.SkalHasLegalBasis)
    assert result["message"]["nb"] == "Skal-anbefalingen mangler hjemmel i lov eller forskrift"
    assert "lacks a legal basis" in result["message"]["en"]
    json.dumps(doc)
    shacl = Graph().parse(data=report.to_turtle(), format="turtle")
    (node,) = list(shacl.subjects(RDF.type, SH.ValidationReport))
    assert shacl.value(node, SH.conforms).toPython() is False
    assert len(list(shacl.objects(node, SH.result))) == 1
    assert "mangler hjemmel" in report.to_text() and "Brudd" in report.to_text()
    assert "lacks a legal basis" in report.to_text("en")


# -- the command --------------------------------------------------------------------------


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_cli_validates_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store_path = str(tmp_path / "store")
    submitted = SUBMITTED.replace(PREFIXES, "")
    good = _write(
        tmp_path, "good.ttl", HOL_VALID + submitted + PRODUCT + " ; hj:publisher <aktor/a> ."
    )
    bad = _write(tmp_path, "bad.ttl", GUIDANCE)
    broken = _write(tmp_path, "broken.ttl", "<a> <b> ")
    assert main(["--store-path", store_path, "validate", str(good)]) == 0
    assert "0 brudd" in capsys.readouterr().out
    assert main(["--store-path", store_path, "validate", str(bad), "--format", "json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["counts"]["Violation"] >= 1
    assert main(["--store-path", store_path, "validate", str(broken)]) == 3  # bad input
    assert main(["--store-path", store_path, "validate", str(tmp_path / "missing.ttl")]) == 2
    nt = _write(tmp_path, "bad.nt", _g(GUIDANCE).serialize(format="nt"))
    assert main(["--store-path", store_path, "validate", str(nt), "--format", "turtle"]) == 1
    assert "sh:ValidationReport" in capsys.readouterr().out


def _write_store(path: Path, write: Callable[[Store], None]) -> None:
    store = EmbeddedStore(path)
    write(store)
    store.close()
    del store
    gc.collect()  # pyoxigraph releases the directory lock when the store is collected


def test_cli_validates_the_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store_path = tmp_path / "store"
    assert main(["--store-path", str(store_path), "validate"]) == 2
    assert "hjemmel load" in capsys.readouterr().err
    _write_store(store_path, _load)
    assert main(["--store-path", str(store_path), "validate", "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "The shall-recommendation lacks a legal basis" in out
    only_valid = _g(GUIDANCE.split("<anbefaling/uten-hjemmel>")[0])
    _write_store(store_path, lambda s: s.replace_graph(CURATED_GRAPH, only_valid))
    assert main(["--store-path", str(store_path), "validate"]) == 0
    # a submitted file may cite a provision the store knows
    sub = _write(tmp_path, "sub.ttl", SUBMITTED)
    assert main(["--store-path", str(store_path), "validate", str(sub)]) == 0


def test_both_engines_find_the_same_on_each_kind_of_store(store: Store) -> None:
    """The bundled graph, embedded and on the Oxigraph server."""
    today = dt.date(2026, 6, 1)
    ours = validate_store(store, today=today, engine="sparql")
    assert ours.results == validate_store(store, today=today, engine="pyshacl").results
    assert ours.results


def test_both_engines_find_the_same_on_the_test_data(loaded: Store) -> None:
    report = validate_store(loaded, engine="sparql")
    assert report.results == validate_store(loaded, engine="pyshacl").results
    assert (str(UTEN), "Violation", "SkalHasLegalBasis") in _found(report)


def test_cli_engine_choice_gives_the_same_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store_path = tmp_path / "store"
    _write_store(store_path, _load)
    outputs = []
    for engine in ([], ["--engine", "sparql"], ["--engine", "pyshacl"]):
        assert main(["--store-path", str(store_path), "validate", "--format", "json", *engine]) == 1
        outputs.append(json.loads(capsys.readouterr().out))
    assert outputs[0] == outputs[1] == outputs[2]
    assert outputs[0]["counts"]["Violation"] >= 2
