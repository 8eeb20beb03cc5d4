"""The SPARQL engine (graph/validation/sparql_engine.py) finds exactly what pySHACL finds
on the same shapes and data graph: on the bundled graph with a synthetic corpus, and on
each valid and invalid case of the shapes (tests/shapes); a shape it does not know makes it
refuse, and ``validate_store`` then falls back to pySHACL."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from graph.importers.bundled import load_bundled
from graph.model.resources import parse_rdf_file
from graph.model.vocab import HJ, RDF, SH
from graph.store.embedded import EmbeddedStore
from graph.validation import shacl, sparql_engine
from graph.validation.shacl import SHAPES, ValidationReport, validate_graph, validate_store
from graph.validation.sparql_engine import (
    UnsupportedShapeError,
    compile_shapes,
    validate_graph_sparql,
    validate_store_sparql,
)

sys.path.insert(0, str(Path(__file__).parent / "benchmarks"))

from national_corpus import add_corpus

TODAY = dt.date(2026, 6, 1)
CASES = sorted((Path(__file__).parent / "shapes").glob("*/*.ttl"))


@pytest.fixture(scope="module")
def corpus_store() -> Iterator[EmbeddedStore]:
    store = EmbeddedStore()
    load_bundled(store)
    add_corpus(store, 300, batch=5)
    cases = Graph()
    for path in CASES:
        cases += parse_rdf_file(path)
    store.replace_graph(URIRef("https://w3id.org/hjemmel/graf/test-shape-cases"), cases)
    yield store
    store.close()


@pytest.fixture(scope="module")
def pyshacl_whole(corpus_store: EmbeddedStore) -> ValidationReport:
    return validate_store(corpus_store, today=TODAY, engine="pyshacl")


def _same(ours: ValidationReport, theirs: ValidationReport) -> None:
    assert ours.results == theirs.results
    assert ours.counts == theirs.counts
    assert ours.to_text("en") == theirs.to_text("en")
    assert len(list(ours.graph.subjects(RDF.type, SH.ValidationResult))) == len(ours.results)


def test_the_corpus_and_the_cases_have_findings_of_many_shapes(
    pyshacl_whole: ValidationReport,
) -> None:
    shapes = {f.shape.rsplit("#", 1)[-1] for f in pyshacl_whole.results}
    assert {"SkalHasLegalBasis", "LegalBasisIsLegalResource", "ChangeWording"} <= shapes
    assert "LegalBasisChangedAfterRevision" in shapes
    assert pyshacl_whole.violations > 0


def test_the_sparql_engine_finds_what_pyshacl_finds_on_the_store(
    corpus_store: EmbeddedStore, pyshacl_whole: ValidationReport
) -> None:
    _same(validate_store_sparql(corpus_store, today=TODAY), pyshacl_whole)


def test_validate_store_runs_the_sparql_engine_by_default(
    corpus_store: EmbeddedStore, pyshacl_whole: ValidationReport, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("pySHACL ran")

    monkeypatch.setattr(shacl, "_validate_with_pyshacl", refuse)
    _same(validate_store(corpus_store, today=TODAY), pyshacl_whole)


@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.name}-{p.stem}")
def test_the_sparql_engine_finds_what_pyshacl_finds_in_each_case(path: Path) -> None:
    today = TODAY
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# today:"):
            today = dt.date.fromisoformat(line.split(":", 1)[1].strip())
    data = parse_rdf_file(path)
    theirs = validate_graph(data, today=today)
    ours = validate_graph_sparql(data, today=today)
    _same(ours, theirs)
    assert bool(ours.results) == (path.parent.name == "invalid")


def _with_extra(triples: list[tuple[URIRef, URIRef, object]]) -> Graph:
    shapes = shacl.shapes_for(TODAY)
    for s, p, o in triples:
        shapes.add((s, p, o))  # type: ignore[arg-type]
    return shapes


@pytest.mark.parametrize(
    "extra",
    [
        (SHAPES.RecommendationTargetGroup, SH.pattern, Literal("^a")),
        (SHAPES.ProductPublisher, SH.maxLength, Literal(3)),
        (SHAPES.SkalHasLegalBasis, SH.targetNode, HJ.Recommendation),
        (SHAPES.SkalHasLegalBasis, SH.property, SHAPES.ProductPublisher),
        (SHAPES.SkalHasLegalBasis, SH.sparql, SHAPES.x),
    ],
    ids=["pattern", "maxLength", "targetNode", "property", "sparql"],
)
def test_a_constraint_the_compiler_does_not_know_makes_it_refuse(
    extra: tuple[URIRef, URIRef, object],
) -> None:
    with pytest.raises(UnsupportedShapeError):
        compile_shapes(_with_extra([extra]))


def test_validate_store_falls_back_to_pyshacl_when_the_compiler_refuses(
    corpus_store: EmbeddedStore, pyshacl_whole: ValidationReport, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(today: dt.date) -> None:
        raise UnsupportedShapeError("not today")

    monkeypatch.setattr(sparql_engine, "compiled_for", refuse)
    assert validate_store(corpus_store, today=TODAY).results == pyshacl_whole.results
    with pytest.raises(UnsupportedShapeError):
        validate_store(corpus_store, today=TODAY, engine="sparql")
