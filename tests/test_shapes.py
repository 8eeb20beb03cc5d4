"""The SHACL shapes, driven by data: every file in tests/shapes/valid must conform, every
file in tests/shapes/invalid must produce exactly the results its header declares::

    # expect: Violation hjsh:SkalHasLegalBasis
    # today: 2026-01-15        (optional: the validation date, for date-bound shapes)
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from graph.model.resources import parse_rdf_file, read_ontology, read_shapes
from graph.model.vocab import SH
from graph.validation.shacl import SHAPES, validate_graph

CASES = Path(__file__).parent / "shapes"
VALID = sorted((CASES / "valid").glob("*.ttl"))
INVALID = sorted((CASES / "invalid").glob("*.ttl"))


def _header(path: Path) -> tuple[set[tuple[str, str]], dt.date | None]:
    expected: set[tuple[str, str]] = set()
    today = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if m := re.match(r"^#\s*expect:\s*(Violation|Warning|Info)\s+hjsh:(\w+)\s*$", line):
            expected.add((m[1], str(SHAPES[m[2]])))
        elif m := re.match(r"^#\s*today:\s*(\d{4}-\d{2}-\d{2})\s*$", line):
            today = dt.date.fromisoformat(m[1])
    return expected, today


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_data_conforms(path: Path) -> None:
    expected, today = _header(path)
    assert not expected, "a valid case must not declare expected results"
    report = validate_graph(parse_rdf_file(path), today=today)
    assert report.conforms, report.to_text("en")
    assert report.results == []


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_data_gives_the_declared_results(path: Path) -> None:
    expected, today = _header(path)
    assert expected, f"{path.name} declares no '# expect: <severity> hjsh:<Shape>' line"
    report = validate_graph(parse_rdf_file(path), today=today)
    assert not report.conforms
    assert {(f.severity, f.shape) for f in report.results} == expected, report.to_text("en")
    for finding in report.results:
        assert finding.message.nb and finding.message.en
        assert finding.message.nb != finding.message.en


def _shapes() -> Graph:
    return read_shapes()


def _named_shapes() -> set[URIRef]:
    g = _shapes()
    shapes = {s for s in g.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef)}
    return shapes | {s for s in g.subjects(RDF.type, SH.PropertyShape) if isinstance(s, URIRef)}


def test_every_shape_has_a_valid_and_an_invalid_case() -> None:
    expected_anywhere = {shape for p in INVALID for _, shape in _header(p)[0]}
    missing = sorted(str(s) for s in _named_shapes() if str(s) not in expected_anywhere)
    assert not missing, f"shapes without an invalid test case: {missing}"
    # each shape's targets occur in some valid case, so each shape is also checked passing
    ontology = read_ontology()
    valid = Graph()
    for path in VALID:
        valid += parse_rdf_file(path)
    typed = set(valid.objects(None, RDF.type))
    used = set(valid.predicates())
    g = _shapes()
    for shape in _named_shapes():
        for target in g.objects(shape, SH.targetClass):
            classes = {target, *ontology.transitive_subjects(RDFS.subClassOf, target)}
            assert classes & typed, f"{shape}: no valid case has an instance of {target}"
        for prop in g.objects(shape, SH.targetSubjectsOf):
            assert prop in used, f"{shape}: no valid case uses {prop}"


def test_every_shape_has_severity_and_messages_in_both_languages() -> None:
    g = _shapes()
    for shape in _named_shapes():
        assert g.value(shape, SH.severity) in (SH.Violation, SH.Warning, SH.Info), shape
        langs = {m.language for m in g.objects(shape, SH.message)}
        assert {"nb", "en"} <= langs, shape


def test_shapes_use_sparql_free_core_only() -> None:
    g = _shapes()
    assert not list(g.subjects(SH.sparql, None))
    assert not list(g.subjects(SH.select, None))
