"""SHACL validation of the graph against ``shapes/*.ttl``, the only module that calls pySHACL.

The ontology (with its SKOS concepts) is added to every data graph: its ``rdfs:subClassOf``
statements let ``sh:class hj:LegalAct`` accept an ``hj:Act`` without RDFS inference. Data
graphs are built from named CONSTRUCT queries (``queries/validation-*.rq``) so the whole of
Lovdata never goes into pySHACL at once: the guidance graphs plus the type and ``hj:partOf``
chain of each legal resource they name, or one Lovdata graph at a time.
"""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import asdict, dataclass, field
from functools import cache
from typing import Annotated, Any, cast

from pydantic import Field
from pyshacl import validate as _pyshacl_validate
from pyshacl.shape import Shape as _PyshaclShape
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from graph.errors import NotFoundError
from graph.model.iris import lovdata_graph
from graph.model.resources import read_ontology, read_shapes
from graph.model.vocab import BASE, HJ, RDF, SH, STATUS, STRENGTH, XSD
from graph.questions.named import get_query
from graph.store import Store

__all__ = [
    "ENGINES",
    "SEVERITIES",
    "SHAPES",
    "Engine",
    "Finding",
    "Message",
    "Severity",
    "ValidationOutcome",
    "ValidationReport",
    "revision_bound",
    "shapes_for",
    "validate_graph",
    "validate_legislation",
    "validate_store",
]

SHAPES = Namespace(BASE + "shapes#")
"""Namespace of the shapes in ``shapes/hjemmel.ttl``."""

Severity = typing.Literal["Violation", "Warning", "Info"]
SEVERITIES: tuple[Severity, ...] = ("Violation", "Warning", "Info")
_SEVERITY_NB = {"Violation": "Brudd", "Warning": "Advarsel", "Info": "Merknad"}
_DETAIL_WORDS = {False: ("regel", "egenskap", "verdi"), True: ("rule", "property", "value")}
_PREFIXES = {"hj": HJ, "hjsh": SHAPES, "styrke": STRENGTH, "status": STATUS, "sh": SH}


@dataclass(frozen=True, order=True)
class Message:
    """Meldingen på norsk og engelsk / the message in Norwegian and English."""

    nb: Annotated[str, Field(description="på norsk / in Norwegian")]
    en: Annotated[str, Field(description="på engelsk / in English")]


@dataclass(frozen=True, order=True)
class Finding:
    """Ett valideringsresultat / one validation result."""

    focus: Annotated[str, Field(description="ressursen det gjelder (IRI) / the focus node")]
    severity: Annotated[
        Severity,
        Field(description="brudd, advarsel eller merknad / Violation, Warning or Info"),
    ]
    shape: Annotated[str, Field(description="regelen (IRI) / the shape")]
    path: Annotated[str | None, Field(description="egenskapen / the property path")]
    value: Annotated[str | None, Field(description="verdien / the offending value")]
    message: Annotated[Message, Field(description="meldingen fra regelen / the shape's message")]


@dataclass(frozen=True)
class ValidationOutcome:
    """Utfallet av en validering / the outcome of a validation. As in SHACL, conforms is
    false when there is any result, Info and Warning included."""

    conforms: Annotated[
        bool, Field(description="ingen resultater i det hele tatt / no results at all")
    ]
    counts: Annotated[
        dict[Severity, int], Field(description="antall etter alvorlighet / count by severity")
    ]
    results: Annotated[list[Finding], Field(description="funnene / the findings")]

    @classmethod
    def of(cls, findings: list[Finding]) -> ValidationOutcome:
        counts = dict.fromkeys(SEVERITIES, 0)
        for finding in findings:
            counts[finding.severity] += 1
        return cls(conforms=not findings, counts=counts, results=findings)


@dataclass
class ValidationReport:
    """The outcome of a validation and the standard SHACL report graph; :attr:`violations`
    is what decides an exit code."""

    outcome: ValidationOutcome
    graph: Graph = field(repr=False)

    @property
    def conforms(self) -> bool:
        return self.outcome.conforms

    @property
    def results(self) -> list[Finding]:
        return self.outcome.results

    @property
    def counts(self) -> dict[Severity, int]:
        return self.outcome.counts

    @property
    def violations(self) -> int:
        return self.counts["Violation"]

    def to_json(self) -> dict[str, Any]:
        return asdict(self.outcome)

    def to_turtle(self) -> str:
        """The standard SHACL validation report graph."""
        return self.graph.serialize(format="turtle")

    def to_text(self, lang: str = "nb") -> str:
        """A report a jurist can read, in Norwegian (``nb``) or English (``en``)."""
        c = self.counts
        if lang == "en":
            head = (
                f"Validation: {c['Violation']} violation(s), {c['Warning']} warning(s), "
                f"{c['Info']} note(s)"
            )
            if self.conforms:
                head += " — the data conforms to the shapes."
        else:
            head = (
                f"Validering: {c['Violation']} brudd, {c['Warning']} advarsler, "
                f"{c['Info']} merknader"
            )
            if self.conforms:
                head += " — dataene oppfyller alle regler."
        lines = [head]
        for f in self.results:
            label = f.severity if lang == "en" else _SEVERITY_NB[f.severity]
            message = f.message.en if lang == "en" else f.message.nb
            lines.append("")
            lines.append(f"[{label}] {_short(f.focus)}")
            lines.append(f"  {message}")
            rule, prop, val = _DETAIL_WORDS[lang == "en"]
            detail = [f"{rule}: {_short(f.shape)}"]
            if f.path:
                detail.append(f"{prop}: {_short(f.path)}")
            if f.value and f.value != f.focus:
                detail.append(f"{val}: {_short(f.value)}")
            lines.append("  " + " · ".join(detail))
        return "\n".join(lines) + "\n"


def _short(iri: str) -> str:
    for prefix, ns in _PREFIXES.items():
        if iri.startswith(str(ns)):
            return f"{prefix}:{iri[len(str(ns)) :]}"
    return iri


# -- shapes with today's date bound -------------------------------------------------------


@cache
def _ontology() -> Graph:
    return read_ontology()


@cache
def _shapes() -> Graph:
    return read_shapes()


def revision_bound(today: dt.date, years: int) -> dt.date:
    """The date ``years`` years before ``today`` (29 February falls back to the 28th).

    >>> revision_bound(dt.date(2024, 2, 29), 4)
    datetime.date(2020, 2, 29)
    >>> revision_bound(dt.date(2024, 2, 29), 1)
    datetime.date(2023, 2, 28)
    """
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def _below(graph: Graph, node: Node) -> Iterable[Node]:
    """``node`` and every blank node reachable from it, RDF lists included."""
    seen: set[Node] = set()
    todo = [node]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        yield current
        for obj in graph.objects(current, None):
            if isinstance(obj, BNode):
                todo.append(obj)
                if graph.value(obj, RDF.first) is not None:
                    todo.extend(o for o in Collection(graph, obj) if isinstance(o, BNode))


def shapes_for(today: dt.date | None = None) -> Graph:
    """The shapes with each date bound below an ``hj:revisionIntervalYears`` shape set to
    ``today`` minus that many years (SHACL Core has no notion of the current date)."""
    today = today or dt.date.today()
    shapes = Graph()
    shapes += _shapes()
    for shape, years in list(shapes.subject_objects(HJ.revisionIntervalYears)):
        bound = revision_bound(today, int(str(years)))
        for node in list(_below(shapes, shape)):
            for old in list(shapes.objects(node, SH.minInclusive)):
                if not isinstance(old, Literal):
                    continue
                if old.datatype == XSD.dateTime:
                    new = Literal(dt.datetime.combine(bound, dt.time()), datatype=XSD.dateTime)
                else:
                    new = Literal(bound, datatype=XSD.date)
                shapes.remove((node, SH.minInclusive, old))
                shapes.add((node, SH.minInclusive, new))
    for prefix, ns in _PREFIXES.items():
        shapes.bind(prefix, ns)
    return shapes


# -- running pySHACL ----------------------------------------------------------------------


def _path_text(graph: Graph, path: Node | None) -> str | None:
    if path is None:
        return None
    if isinstance(path, URIRef):
        return str(path)
    for operator, suffix in ((SH.oneOrMorePath, "+"), (SH.zeroOrMorePath, "*")):
        inner = graph.value(path, operator)
        if inner is not None:
            return f"{_path_text(graph, inner)}{suffix}"
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return f"^{_path_text(graph, inverse)}"
    if graph.value(path, RDF.first) is not None:
        return "/".join(_path_text(graph, p) or "" for p in Collection(graph, path))
    return str(path)


def _messages(graph: Graph, result: Node) -> tuple[str, str]:
    by_lang: dict[str | None, str] = {}
    for message in graph.objects(result, SH.resultMessage):
        if isinstance(message, Literal):
            by_lang.setdefault(message.language, str(message))
    fallback = next(iter(by_lang.values()), "")
    return by_lang.get("nb", fallback), by_lang.get("en", fallback)


def _copy_tree(source: Graph, node: Node, target: Graph) -> None:
    for n in _below(source, node):
        for p, o in source.predicate_objects(n):
            target.add((n, p, o))


_TARGETS_ONLY: ContextVar[set[Node] | None] = ContextVar("targets_only", default=None)
_shape_focus_nodes = _PyshaclShape.focus_nodes


def _focus_nodes(self: _PyshaclShape, data_graph: Graph, debug: bool = False) -> set[Node]:
    """A shape's targets in ``data_graph``, only those in :data:`_TARGETS_ONLY` when set.

    pySHACL's own ``focus_nodes`` option also filters the value nodes handed to nested
    shapes (``sh:or``, ``sh:node``), which changes their outcome; this narrows only the
    targets, so every result about a kept focus node is the same.
    """
    found = _shape_focus_nodes(self, data_graph, debug)
    only = _TARGETS_ONLY.get()
    return found if only is None else {node for node in found if node in only}


_PyshaclShape.focus_nodes = _focus_nodes  # type: ignore[method-assign]


def _run(
    data: Graph, today: dt.date | None, keep: set[Node] | None = None, *, owned: bool = False
) -> ValidationReport:
    """Validate ``data``; with ``keep``, report only results whose focus node is in it (and
    validate no other focus node). With ``owned``, ``data`` is the caller's to change: the
    ontology is added to it instead of to a copy."""
    # The whole ontology joins the data (pySHACL's ont_graph would copy only the class and
    # property axioms, not the typed SKOS concepts that sh:class hj:Strength looks for).
    if owned:
        graph = data
    else:
        graph = Graph()
        graph += data
    graph += _ontology()
    token = _TARGETS_ONLY.set(keep)
    try:
        results_graph = _validate_with_pyshacl(graph, today)
    finally:
        _TARGETS_ONLY.reset(token)
    return _report(graph, results_graph, keep)


def _validate_with_pyshacl(graph: Graph, today: dt.date | None) -> Graph:
    _, results_graph, _ = _pyshacl_validate(
        graph,
        shacl_graph=shapes_for(today),
        inference="none",
        inplace=True,
        advanced=False,
        meta_shacl=False,
        abort_on_first=False,
        allow_infos=False,
        allow_warnings=False,
        debug=False,
    )
    return cast(Graph, results_graph)


def _report(graph: Graph, results_graph: Graph, keep: set[Node] | None) -> ValidationReport:
    report = Graph()
    for prefix, ns in _PREFIXES.items():
        report.bind(prefix, ns)
    report_node = BNode()
    report.add((report_node, RDF.type, SH.ValidationReport))
    findings: set[Finding] = set()
    for result in results_graph.subjects(RDF.type, SH.ValidationResult):
        focus = results_graph.value(result, SH.focusNode)
        if keep is not None and focus not in keep:
            continue
        severity = results_graph.value(result, SH.resultSeverity)
        shape = results_graph.value(result, SH.sourceShape)
        value = results_graph.value(result, SH.value)
        nb, en = _messages(results_graph, result)
        findings.add(
            Finding(
                focus=str(focus),
                severity=cast(Severity, str(severity).removeprefix(str(SH))),
                shape=str(shape),
                path=_path_text(results_graph, results_graph.value(result, SH.resultPath)),
                value=None if value is None else str(value),
                message=Message(nb, en),
            )
        )
        report.add((report_node, SH.result, result))
        _copy_tree(results_graph, result, report)
    for finding, result_graph in _legal_review_due(graph, keep):
        result = next(iter(result_graph.subjects(RDF.type, SH.ValidationResult)))
        findings.add(finding)
        report.add((report_node, SH.result, result))
        report += result_graph
    outcome = ValidationOutcome.of(ordered(findings))
    report.add((report_node, SH.conforms, Literal(outcome.conforms)))
    return ValidationReport(outcome, graph=report)


def ordered(findings: Iterable[Finding]) -> list[Finding]:
    """Findings by severity, then focus node, shape, path and value (none before any)."""

    def key(f: Finding) -> tuple[int, str, str, str, bool, str, Message]:
        path, value = f.path or "", f.value or ""
        return (
            SEVERITIES.index(f.severity),
            f.focus,
            f.shape,
            path,
            f.value is not None,
            value,
            f.message,
        )

    return sorted(findings, key=key)


LEGAL_REVIEW_SHAPE = SHAPES["LegalBasisChangedAfterRevision"]


def _legal_review_due(graph: Graph, keep: set[Node] | None) -> Iterable[tuple[Finding, Graph]]:
    """The results of ``hjsh:LegalBasisChangedAfterRevision``, which SHACL Core cannot
    express: one per recommendation and amending act, from ``queries/legal-basis-changed.rq``
    over the data graph, with the shape's severity and messages."""
    rows = cast(Iterable[Any], graph.query(get_query("legal-basis-changed").text))
    return _legal_review_results(((row.recommendation, row.act) for row in rows), keep)


def _legal_review_results(
    rows: Iterable[tuple[Node, Node]], keep: set[Node] | None
) -> Iterable[tuple[Finding, Graph]]:
    """The results of ``hjsh:LegalBasisChangedAfterRevision`` from the (recommendation,
    amending act) rows of ``queries/legal-basis-changed.rq``."""
    shapes = _shapes()
    severity = shapes.value(LEGAL_REVIEW_SHAPE, SH.severity) or SH.Warning
    messages = [m for m in shapes.objects(LEGAL_REVIEW_SHAPE, SH.message)]
    by_lang = {m.language: str(m) for m in messages if isinstance(m, Literal)}
    seen: set[tuple[Node, Node]] = set()
    for recommendation, act in rows:
        if (keep is not None and recommendation not in keep) or (recommendation, act) in seen:
            continue
        seen.add((recommendation, act))
        result = BNode()
        g = Graph()
        g.add((result, RDF.type, SH.ValidationResult))
        g.add((result, SH.focusNode, recommendation))
        g.add((result, SH.resultSeverity, severity))
        g.add((result, SH.sourceShape, LEGAL_REVIEW_SHAPE))
        g.add((result, SH.resultPath, HJ.legalBasis))
        g.add((result, SH.value, act))
        for message in messages:
            g.add((result, SH.resultMessage, message))
        yield (
            Finding(
                focus=str(recommendation),
                severity=cast(Severity, str(severity).removeprefix(str(SH))),
                shape=str(LEGAL_REVIEW_SHAPE),
                path=str(HJ.legalBasis),
                value=str(act),
                message=Message(by_lang.get("nb", ""), by_lang.get("en", "")),
            ),
            g,
        )


# -- data graphs from the store -----------------------------------------------------------


def _construct(store: Store, name: str, **params: URIRef) -> Graph:
    query = get_query(name)
    return store.construct(query.text, query.bindings(dict(params)))


def _referenced(data: Graph) -> set[URIRef]:
    """Every IRI ``data`` mentions as subject or object, classes excepted."""
    iris = {s for s in data.subjects() if isinstance(s, URIRef)}
    iris |= {o for p, o in data.predicate_objects() if isinstance(o, URIRef) and p != RDF.type}
    return iris


def _add_context(store: Store, data: Graph, iris: Iterable[URIRef]) -> None:
    for iri in sorted(iris):
        data += _construct(store, "validation-resource-context", resource=iri)


Engine = typing.Literal["auto", "sparql", "pyshacl"]
ENGINES: tuple[Engine, ...] = ("auto", "sparql", "pyshacl")


def validate_store(
    store: Store,
    focus: list[URIRef] | None = None,
    *,
    today: dt.date | None = None,
    engine: Engine = "auto",
) -> ValidationReport:
    """Validate the guidance data in ``store`` (every graph outside Lovdata, the ontology
    and the shapes) with the legal resources it names.

    Without ``focus`` the whole guidance graph is validated, by the shapes compiled to
    SPARQL (:mod:`graph.validation.sparql_engine`, the same findings) unless ``engine`` is
    ``pyshacl``; with ``auto`` pySHACL runs when the compiler refuses the shapes, with
    ``sparql`` the compiler's refusal
    (:class:`~graph.validation.sparql_engine.UnsupportedShapeError`) is raised.

    With ``focus``, only those resources are validated (by pySHACL): their own triples and
    the type and ``hj:partOf`` chain of what they refer to are fetched, and only results
    about them are reported.
    """
    if focus is None and engine != "pyshacl":
        from graph.validation import sparql_engine

        try:
            return sparql_engine.validate_store_sparql(store, today=today)
        except sparql_engine.UnsupportedShapeError:
            if engine == "sparql":
                raise
    if focus is None:
        data = _construct(store, "validation-data")
        data += _construct(store, "validation-context")
        return _run(data, today)
    data = Graph()
    for node in focus:
        data += _construct(store, "validation-resource", resource=node)
    _add_context(store, data, _referenced(data) | set(focus))
    return _run(data, today, keep=set(focus))


def validate_legislation(
    store: Store, refid: str, *, today: dt.date | None = None
) -> ValidationReport:
    """Validate one imported act or regulation (``lov/2011-06-24-30``) on its own.

    :raises BadInputError: ``refid`` is not a Lovdata refid.
    :raises NotFoundError: the store has no graph for it.
    """
    graph = lovdata_graph(refid)
    if not store.has_graph(graph):
        raise NotFoundError(f"loven finnes ikke i lagringen / act not in the store: {refid}")
    return _run(_construct(store, "validation-legislation", graph=graph), today)


def validate_graph(
    data: Graph, store: Store | None = None, *, today: dt.date | None = None
) -> ValidationReport:
    """Validate submitted ``data`` against the shapes. With ``store``, the type and
    ``hj:partOf`` chain of every resource the data names are taken from the store, so a
    submitted recommendation may cite provisions (and name products) the store knows;
    only results about the submitted resources are reported."""
    if store is None:
        return _run(data, today)
    combined = Graph()
    combined += data
    _add_context(store, combined, _referenced(data))
    keep: set[Node] = set(data.subjects())
    return _run(combined, today, keep=keep)
