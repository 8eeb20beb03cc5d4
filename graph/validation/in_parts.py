"""Validation of the whole guidance graph in parts, in parallel processes, with the same
findings as one pySHACL run over all of it (:func:`graph.validation.shacl.validate_store`).

pySHACL's time per focus node grows with the size of the data graph, so the graph is
validated in parts, each with a narrow data graph: a set of focus subjects and what
validating them reads. The data of the whole run is fetched once, as N-Triples, by the
same two CONSTRUCT queries (``validation-data``: the guidance graphs; ``validation-context``:
the type, ``hj:partOf`` and ``hj:basedOnLaw`` of every legal resource they name, up its
chain). A part's data graph holds, for its focus subjects and every resource they name,
closed over ``hj:partOf``, ``hj:basedOnLaw`` and ``eli:changed_by``: all their triples of
both answers (blank nodes below them included), and the types of every resource those
triples name. The shapes follow no inverse paths and read only types beyond one step, so
a focus node sees in its part exactly what it sees in the whole graph. Each part reports
only the results about its own focus subjects; the parts cover every subject of the
whole graph (guidance subjects grouped by product, the other context subjects in
batches, the ontology's own subjects with the first part), so the findings are the
whole run's.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from collections import defaultdict
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from graph.model.vocab import HJ, RDF, SH
from graph.questions.named import get_query
from graph.store import Store
from graph.store.base import RdfFormat
from graph.validation import shacl

__all__ = ["PART_SIZE", "validate_store_in_parts"]

PART_SIZE = 2_000
"""Focus subjects per part: large enough that pySHACL's start per part is small beside it."""

_TYPE = f"<{RDF.type}>"
_FOLLOW = {
    f"<{HJ.partOf}>",
    f"<{HJ.basedOnLaw}>",
    "<http://data.europa.eu/eli/ontology#changed_by>",
}


class _Lines:
    """N-Triples lines grouped by subject (as written: ``<iri>`` or ``_:label``)."""

    def __init__(self, body: bytes) -> None:
        self.by_subject: dict[str, list[str]] = defaultdict(list)
        for line in body.decode("utf-8").splitlines():
            if line:
                self.by_subject[line.split(" ", 1)[0]].append(line)

    def get(self, subject: str) -> list[str]:
        return self.by_subject.get(subject, [])


def _parts_of(line: str) -> tuple[str, str, str]:
    subject, predicate, rest = line.split(" ", 2)
    return subject, predicate, rest[:-2].rstrip()


@dataclass
class _Data:
    guidance: _Lines
    context: _Lines

    def lines_of(self, node: str) -> Iterator[str]:
        """Every line about ``node`` and the blank nodes below it."""
        todo, seen = [node], set()
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            for source in (self.guidance, self.context):
                for line in source.get(current):
                    yield line
                    obj = _parts_of(line)[2]
                    if obj.startswith("_:"):
                        todo.append(obj)

    def part(self, focus: Iterable[str]) -> str:
        """The N-Triples of the data graph that validating ``focus`` reads."""
        lines: dict[str, None] = {}
        named: set[str] = set()
        seen: set[str] = set()
        todo = list(focus)
        first_step = set(todo)
        while todo:
            node = todo.pop()
            if node in seen:
                continue
            seen.add(node)
            for line in self.lines_of(node):
                lines[line] = None
                _, predicate, obj = _parts_of(line)
                if not obj.startswith("<"):
                    continue
                named.add(obj)
                if node in first_step or predicate in _FOLLOW:
                    todo.append(obj)
        for iri in named - seen:
            for source in (self.guidance, self.context):
                for line in source.get(iri):
                    if _parts_of(line)[1] == _TYPE:
                        lines[line] = None
        return "\n".join(lines) + "\n"


def _fetch(store: Store, name: str) -> _Lines:
    text = get_query(name).text
    return _Lines(store.query_serialized(text, rdf_format=RdfFormat.NTRIPLES).body)


def _product_key(data: _Data, subject: str) -> str:
    """The product a subject belongs to (its ``hj:product``), or the subject itself."""
    product = f"<{HJ.product}>"
    for line in data.guidance.get(subject):
        _, predicate, obj = _parts_of(line)
        if predicate == product:
            return obj
    return subject


def _partition(data: _Data, size: int) -> list[list[str]]:
    """Every IRI subject of both answers, in parts of about ``size``: a product with its
    recommendations, the context's own subjects after them."""
    groups: dict[str, list[str]] = defaultdict(list)
    guidance = [s for s in data.guidance.by_subject if s.startswith("<")]
    for subject in guidance:
        groups[_product_key(data, subject)].append(subject)
    known = set(guidance)
    rest = [s for s in data.context.by_subject if s.startswith("<") and s not in known]
    parts: list[list[str]] = [[]]
    for group in [*groups.values(), *([s] for s in rest)]:
        if len(parts[-1]) >= size:
            parts.append([])
        parts[-1].extend(group)
    return [p for p in parts if p]


def _validate_part(
    text: str, focus: list[str], today: dt.date | None, extra: list[str]
) -> tuple[list[shacl.Finding], str]:
    """Validate one part (in a worker process); its findings and its results as N-Triples."""
    data = Graph()
    data.parse(data=text, format="nt")
    keep: set[Node] = {URIRef(s[1:-1]) for s in focus} | {URIRef(s) for s in extra}
    report = shacl._run(data, today, keep=keep, owned=True)
    results = Graph()
    for result in report.graph.objects(None, SH.result):
        results.add((BNode("r"), SH.result, result))
        for node in shacl._below(report.graph, result):
            for p, o in report.graph.predicate_objects(node):
                results.add((node, p, o))
    return report.results, results.serialize(format="nt")


def _ontology_subjects(data: _Data) -> list[str]:
    """Subjects of the ontology that neither answer has: their results go with one part."""
    ours = {s[1:-1] for s in [*data.guidance.by_subject, *data.context.by_subject] if s[0] == "<"}
    found = {str(s) for s in shacl._ontology().subjects() if isinstance(s, URIRef)}
    return sorted(found - ours)


def validate_store_in_parts(
    store: Store,
    *,
    today: dt.date | None = None,
    workers: int | None = None,
    part_size: int = PART_SIZE,
) -> shacl.ValidationReport:
    """Validate the guidance data in ``store`` as :func:`shacl.validate_store` does without
    ``focus``, in parts of about ``part_size`` focus subjects on ``workers`` processes (the
    number of CPUs when None; 1 runs the parts in this process)."""
    today = today or dt.date.today()
    data = _Data(_fetch(store, "validation-data"), _fetch(store, "validation-context"))
    parts = _partition(data, part_size)
    if not parts:
        return shacl._run(Graph(), today)
    extra = _ontology_subjects(data)
    jobs = [
        (data.part(focus), focus, today, extra if i == 0 else []) for i, focus in enumerate(parts)
    ]
    workers = min(workers or os.cpu_count() or 1, len(jobs))
    if workers == 1:
        answers = [_validate_part(*job) for job in jobs]
    else:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            answers = list(pool.map(_validate_part, *zip(*jobs, strict=True)))
    return _merge(answers)


def _merge(answers: list[tuple[list[shacl.Finding], str]]) -> shacl.ValidationReport:
    findings: set[shacl.Finding] = set()
    report = Graph()
    for prefix, ns in shacl._PREFIXES.items():
        report.bind(prefix, ns)
    node = BNode()
    report.add((node, RDF.type, SH.ValidationReport))
    for found, text in answers:
        findings.update(found)
        part = Graph()
        part.parse(data=text, format="nt")
        for result in part.objects(None, SH.result):
            report.add((node, SH.result, result))
            for below in shacl._below(part, result):
                for p, o in part.predicate_objects(below):
                    report.add((below, p, o))
    outcome = shacl.ValidationOutcome.of(shacl.ordered(findings))
    report.add((node, SH.conforms, Literal(outcome.conforms)))
    return shacl.ValidationReport(outcome, graph=report)
