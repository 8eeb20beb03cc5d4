"""Validation of the whole guidance graph in parts (graph/validation/in_parts.py) finds
exactly what one pySHACL run over the whole graph finds: on the bundled graph with a
small synthetic corpus on its provisions, in several parts, in this process and in two
worker processes."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.importers.bundled import load_bundled
from graph.model.vocab import RDF, SH
from graph.store.embedded import EmbeddedStore
from graph.validation.in_parts import validate_store_in_parts
from graph.validation.shacl import ValidationReport, validate_store

sys.path.insert(0, str(Path(__file__).parent / "benchmarks"))

from national_corpus import add_corpus

TODAY = dt.date(2026, 6, 1)


@pytest.fixture(scope="module")
def corpus_store() -> Iterator[EmbeddedStore]:
    store = EmbeddedStore()
    load_bundled(store)
    add_corpus(store, 300, batch=5)
    yield store
    store.close()


@pytest.fixture(scope="module")
def whole(corpus_store: EmbeddedStore) -> ValidationReport:
    return validate_store(corpus_store, today=TODAY)


def test_the_whole_run_has_findings_to_compare(whole: ValidationReport) -> None:
    shapes = {f.shape.rsplit("#", 1)[-1] for f in whole.results}
    assert "SkalHasLegalBasis" in shapes  # the corpus has skal without a legal basis
    assert whole.violations > 0


@pytest.mark.parametrize("workers", [1, 2])
def test_parts_find_what_the_whole_run_finds(
    corpus_store: EmbeddedStore, whole: ValidationReport, workers: int
) -> None:
    parts = validate_store_in_parts(corpus_store, today=TODAY, workers=workers, part_size=150)
    assert parts.results == whole.results
    assert parts.counts == whole.counts
    assert len(list(parts.graph.subjects(RDF.type, SH.ValidationResult))) == len(
        list(whole.graph.subjects(RDF.type, SH.ValidationResult))
    )
    assert parts.to_text() == whole.to_text()
