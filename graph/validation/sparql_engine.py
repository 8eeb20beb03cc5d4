"""SHACL validation as SPARQL: the shapes of ``shapes/hjemmel.ttl`` compiled into one
SELECT per shape and constraint kind, run on a pyoxigraph store holding the data graph,
with the same findings as pySHACL (:mod:`graph.validation.shacl`) on the same data graph.

The data graph is the one pySHACL validates: the guidance graphs and their legal context
(``validation-data`` and ``validation-context``) plus the ontology. It is loaded into a
store of its own, because a target such as ``sh:targetClass hj:Provision`` covers only
the provisions in the data graph, not every provision of Lovdata in the store.

Each constraint follows its SPARQL-based definition in the SHACL specification; the
compiler knows only what the shapes use (:data:`SUPPORTED`), and refuses a shape with
anything else (:class:`UnsupportedShapeError`) rather than skip it:

- targets: ``sh:targetClass`` (instances through ``rdf:type/rdfs:subClassOf*``) and
  ``sh:targetSubjectsOf``; ``sh:deactivated``, ``sh:severity``, ``sh:message``;
- paths: a predicate, or ``sh:oneOrMorePath`` of one;
- ``sh:minCount``, ``sh:maxCount``, ``sh:qualifiedValueShape`` with
  ``sh:qualifiedMinCount``/``sh:qualifiedMaxCount``;
- ``sh:class``, ``sh:datatype``, ``sh:nodeKind``, ``sh:hasValue``, ``sh:in``,
  ``sh:minInclusive``, and ``sh:or``, ``sh:and``, ``sh:not`` of shapes built of these.

A result has what pySHACL gives it: the focus node, the shape, its path, its severity and
messages, and the value node (the focus node for a node shape; none for a count).
``hjsh:LegalBasisChangedAfterRevision`` is reported from the named query
``legal-basis-changed`` over the same store, as :mod:`graph.validation.shacl` does.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Iterator
from functools import cache
from typing import cast

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from graph.model.vocab import RDF, RDFS, SH, XSD
from graph.questions.named import get_query
from graph.store import Store
from graph.store.base import RdfFormat
from graph.store.binding import term_n3
from graph.store.terms import from_oxigraph
from graph.validation import shacl

__all__ = [
    "SUPPORTED",
    "CompiledShapes",
    "UnsupportedShapeError",
    "compile_shapes",
    "validate_data_sparql",
    "validate_graph_sparql",
    "validate_store_sparql",
]


class UnsupportedShapeError(ValueError):
    """The shapes use something the SPARQL compiler does not know."""


_TARGETS = {SH.targetClass, SH.targetSubjectsOf}
_ABOUT = {SH.severity, SH.message, SH.deactivated, SH.path, SH.name, SH.description}
_NODE = {SH["class"], SH.datatype, SH.nodeKind, SH.hasValue, SH["in"], SH.minInclusive}
_LOGIC = {SH["or"], SH["and"], SH["not"]}
_COUNTS = {SH.minCount, SH.maxCount}
_QUALIFIED = {SH.qualifiedValueShape, SH.qualifiedMinCount, SH.qualifiedMaxCount}
SUPPORTED = frozenset(_TARGETS | _ABOUT | _NODE | _LOGIC | _COUNTS | _QUALIFIED)
"""The SHACL predicates the compiler turns into SPARQL."""

_NODE_KINDS = {SH.IRI: "isIRI", SH.BlankNode: "isBlank", SH.Literal: "isLiteral"}
_TYPE_PATH = f"{term_n3(RDF.type)}/{term_n3(RDFS.subClassOf)}*"


class _Query:
    """One SELECT of a shape: its text, and whether its ``?value`` is the result's value."""

    def __init__(self, text: str, *, with_value: bool) -> None:
        self.text = text
        self.with_value = with_value


class CompiledShape:
    """A top-level shape: its queries and what each of its results says."""

    def __init__(
        self,
        iri: URIRef,
        severity: shacl.Severity,
        messages: list[Literal],
        path: Node | None,
        path_text: str | None,
        queries: list[_Query],
    ) -> None:
        self.iri = iri
        self.severity = severity
        self.messages = messages
        self.path = path
        self.path_text = path_text
        self.queries = queries
        by_lang = {m.language: str(m) for m in messages}
        fallback = next(iter(by_lang.values()), "")
        self.message = shacl.Message(by_lang.get("nb", fallback), by_lang.get("en", fallback))


class CompiledShapes:
    """Every active shape of a shapes graph, compiled; :attr:`graph` keeps the paths."""

    def __init__(self, graph: Graph, shapes: list[CompiledShape]) -> None:
        self.graph = graph
        self.shapes = shapes

    def queries(self) -> Iterator[tuple[CompiledShape, _Query]]:
        for shape in self.shapes:
            for query in shape.queries:
                yield shape, query


class _Compiler:
    def __init__(self, graph: Graph) -> None:
        self.g = graph
        self.fresh = itertools.count()

    def var(self) -> str:
        return f"?v{next(self.fresh)}"

    def check(self, shape: Node, allowed: set[URIRef]) -> None:
        for predicate in set(self.g.predicates(shape)):
            if str(predicate).startswith(str(SH)) and predicate not in allowed:
                raise UnsupportedShapeError(f"{shape}: {predicate} is not supported")

    def one(self, shape: Node, predicate: URIRef) -> Node:
        values = list(self.g.objects(shape, predicate))
        if len(values) != 1:
            raise UnsupportedShapeError(f"{shape}: {len(values)} values of {predicate}")
        return values[0]

    def integer(self, shape: Node, predicate: URIRef) -> int:
        value = self.one(shape, predicate)
        if not isinstance(value, Literal) or not isinstance(value.toPython(), int):
            raise UnsupportedShapeError(f"{shape}: {predicate} is not an integer")
        return int(value.toPython())

    def members(self, node: Node) -> list[Node]:
        if node != RDF.nil and self.g.value(node, RDF.first) is None:
            raise UnsupportedShapeError(f"{node}: not an RDF list")
        return list(Collection(self.g, node))

    def path(self, shape: Node) -> str | None:
        path = self.g.value(shape, SH.path)
        if path is None:
            return None
        if isinstance(path, URIRef):
            return term_n3(path)
        inner = self.g.value(path, SH.oneOrMorePath)
        predicates = set(self.g.predicates(path))
        if isinstance(inner, URIRef) and predicates == {SH.oneOrMorePath}:
            return f"{term_n3(inner)}+"
        raise UnsupportedShapeError(f"{shape}: path {path} is not supported")

    def term(self, node: Node) -> str:
        if isinstance(node, URIRef | Literal):
            return term_n3(node)
        raise UnsupportedShapeError(f"a blank node as a constraint value: {node}")

    # -- a value node's own constraints, as a SPARQL expression that never errors -----

    def node_test(self, shape: Node, predicate: Node, value: Node, v: str) -> str:
        if predicate == SH["class"]:
            return f"EXISTS {{ {v} {_TYPE_PATH} {self.term(value)} }}"
        if predicate == SH.datatype:
            test = f"isLiteral({v}) && sameTerm(DATATYPE({v}), {self.term(value)})"
            if (
                isinstance(value, URIRef)
                and str(value).startswith(str(XSD))
                and value not in (XSD.string,)
            ):
                # an ill-formed lexical form (``"2024-13-01"^^xsd:date``) fails the cast
                test += f" && sameTerm({self.term(value)}({v}), {self.term(value)}({v}))"
            return f"COALESCE({test}, false)"
        if predicate == SH.nodeKind:
            if value not in _NODE_KINDS:
                raise UnsupportedShapeError(f"{shape}: sh:nodeKind {value}")
            return f"{_NODE_KINDS[cast(URIRef, value)]}({v})"
        if predicate == SH.hasValue:
            return f"sameTerm({v}, {self.term(value)})"
        if predicate == SH["in"]:
            options = [f"sameTerm({v}, {self.term(m)})" for m in self.members(value)]
            return "(" + (" || ".join(options) or "false") + ")"
        if predicate == SH.minInclusive:
            return f"COALESCE({v} >= {self.term(value)}, false)"
        if predicate == SH["or"]:
            options = [self.conforms(m, v) for m in self.members(value)]
            return "(" + (" || ".join(options) or "false") + ")"
        if predicate == SH["and"]:
            parts = [self.conforms(m, v) for m in self.members(value)]
            return "(" + (" && ".join(parts) or "true") + ")"
        if predicate == SH["not"]:
            return f"!{self.conforms(value, v)}"
        raise UnsupportedShapeError(f"{shape}: {predicate} is not supported")

    def node_tests(self, shape: Node, v: str) -> list[str]:
        return [
            self.node_test(shape, p, o, v)
            for p, o in sorted(self.g.predicate_objects(shape))
            if p in _NODE | _LOGIC
        ]

    # -- whether a node conforms to a nested shape ---------------------------------------

    def conforms(self, shape: Node, v: str) -> str:
        """A SPARQL expression, true when ``v`` conforms to the nested ``shape``."""
        self.check(shape, _NODE | _LOGIC | _COUNTS | {SH.path})
        path = self.path(shape)
        if path is None:
            if any(p in _COUNTS for p in self.g.predicates(shape)):
                raise UnsupportedShapeError(f"{shape}: a count without a path")
            tests = self.node_tests(shape, v)
        else:
            tests = []
            least = self.integer(shape, SH.minCount) if (shape, SH.minCount, None) in self.g else 0
            if least > 1:
                raise UnsupportedShapeError(f"{shape}: nested sh:minCount above 1")
            if least == 1:
                tests.append(f"EXISTS {{ {v} {path} {self.var()} }}")
            if SH.maxCount in set(self.g.predicates(shape)):
                most = self.integer(shape, SH.maxCount)
                a, b = self.var(), self.var()
                if most == 0:
                    tests.append(f"NOT EXISTS {{ {v} {path} {a} }}")
                elif most == 1:
                    tests.append(
                        f"NOT EXISTS {{ {v} {path} {a} . {v} {path} {b} "
                        f"FILTER(!sameTerm({a}, {b})) }}"
                    )
                else:
                    raise UnsupportedShapeError(f"{shape}: nested sh:maxCount above 1")
            x = self.var()
            value_tests = [
                self.node_test(shape, p, o, x)
                for p, o in sorted(self.g.predicate_objects(shape))
                if p in _NODE | _LOGIC and p != SH.hasValue
            ]
            has_values = list(self.g.objects(shape, SH.hasValue))
            for value in has_values:
                tests.append(f"EXISTS {{ {v} {path} {self.term(value)} }}")
            if value_tests:
                tests.append(
                    f"NOT EXISTS {{ {v} {path} {x} FILTER(!({' && '.join(value_tests)})) }}"
                )
        return "(" + (" && ".join(tests) or "true") + ")"

    # -- top-level shapes ---------------------------------------------------------------

    def targets(self, shape: URIRef) -> str:
        parts = []
        for predicate, value in sorted(self.g.predicate_objects(shape)):
            if predicate == SH.targetClass:
                parts.append(f"{{ ?focus {_TYPE_PATH} {self.term(value)} }}")
            elif predicate == SH.targetSubjectsOf:
                parts.append(f"{{ ?focus {self.term(value)} [] }}")
        if not parts:
            raise UnsupportedShapeError(f"{shape}: no target")
        return f"{{ SELECT DISTINCT ?focus WHERE {{ {' UNION '.join(parts)} }} }}"

    def shape(self, shape: URIRef) -> CompiledShape | None:
        self.check(shape, set(SUPPORTED))
        if self.g.value(shape, SH.deactivated) == Literal(True):
            return None
        severity = self.g.value(shape, SH.severity) or SH.Violation
        name = str(severity).removeprefix(str(SH))
        if name not in shacl.SEVERITIES:
            raise UnsupportedShapeError(f"{shape}: severity {severity}")
        messages = [m for m in self.g.objects(shape, SH.message) if isinstance(m, Literal)]
        if not messages:
            raise UnsupportedShapeError(f"{shape}: no sh:message")
        target = self.targets(shape)
        path = self.path(shape)
        predicates = set(self.g.predicates(shape))
        queries: list[_Query] = []
        if path is None:
            if predicates & (_COUNTS | _QUALIFIED):
                raise UnsupportedShapeError(f"{shape}: a count without a path")
            tests = self.node_tests(shape, "?focus")
            if tests:
                queries.append(
                    _Query(
                        f"SELECT DISTINCT ?focus WHERE {{ {target} "
                        f"FILTER(!({' && '.join(tests)})) }}",
                        with_value=False,
                    )
                )
        else:
            queries += self.counts(shape, target, path, predicates)
            if SH.hasValue in predicates:
                raise UnsupportedShapeError(f"{shape}: sh:hasValue on a property shape")
            tests = self.node_tests(shape, "?value")
            if tests:
                queries.append(
                    _Query(
                        f"SELECT DISTINCT ?focus ?value WHERE {{ {target} ?focus {path} ?value "
                        f"FILTER(!({' && '.join(tests)})) }}",
                        with_value=True,
                    )
                )
        path_node = self.g.value(shape, SH.path)
        return CompiledShape(
            shape,
            name,
            messages,
            path_node,
            shacl._path_text(self.g, path_node),
            queries,
        )

    def counts(self, shape: URIRef, target: str, path: str, predicates: set[Node]) -> list[_Query]:
        queries = []
        if SH.minCount in predicates and (least := self.integer(shape, SH.minCount)) > 0:
            queries.append(
                _Query(
                    f"SELECT ?focus WHERE {{ {{ SELECT ?focus (COUNT(DISTINCT ?x) AS ?n) "
                    f"WHERE {{ {target} OPTIONAL {{ ?focus {path} ?x }} }} GROUP BY ?focus }} "
                    f"FILTER(?n < {least}) }}",
                    with_value=False,
                )
            )
        if SH.maxCount in predicates:
            most = self.integer(shape, SH.maxCount)
            queries.append(
                _Query(
                    f"SELECT ?focus WHERE {{ {target} ?focus {path} ?x }} GROUP BY ?focus "
                    f"HAVING (COUNT(DISTINCT ?x) > {most})",
                    with_value=False,
                )
            )
        if SH.qualifiedValueShape in predicates:
            inner = self.one(shape, SH.qualifiedValueShape)
            x = self.var()
            bounds = []
            if SH.qualifiedMinCount in predicates:
                bounds.append(f"?n < {self.integer(shape, SH.qualifiedMinCount)}")
            if SH.qualifiedMaxCount in predicates:
                bounds.append(f"?n > {self.integer(shape, SH.qualifiedMaxCount)}")
            if not bounds:
                raise UnsupportedShapeError(f"{shape}: sh:qualifiedValueShape without a count")
            queries.append(
                _Query(
                    f"SELECT ?focus WHERE {{ {{ SELECT ?focus (COUNT(DISTINCT {x}) AS ?n) "
                    f"WHERE {{ {target} OPTIONAL {{ ?focus {path} {x} "
                    f"FILTER({self.conforms(inner, x)}) }} }} GROUP BY ?focus }} "
                    f"FILTER({' || '.join(bounds)}) }}",
                    with_value=False,
                )
            )
        elif predicates & {SH.qualifiedMinCount, SH.qualifiedMaxCount}:
            raise UnsupportedShapeError(f"{shape}: a qualified count without a shape")
        return queries


def _top_level(graph: Graph) -> list[URIRef]:
    shapes: set[Node] = set(graph.subjects(RDF.type, SH.NodeShape))
    shapes |= set(graph.subjects(RDF.type, SH.PropertyShape))
    for target in _TARGETS | {SH.targetNode, SH.targetObjectsOf, SH.target}:
        shapes |= set(graph.subjects(target, None))
    for shape in shapes:
        if not isinstance(shape, URIRef):
            raise UnsupportedShapeError(f"a top-level shape without an IRI: {shape}")
        if graph.value(None, SH.property, shape) is not None:
            raise UnsupportedShapeError(f"{shape}: sh:property is not supported")
    return sorted(cast(set[URIRef], shapes))


def compile_shapes(graph: Graph) -> CompiledShapes:
    """The SPARQL of every active shape in ``graph``.

    :raises UnsupportedShapeError: a shape uses what the compiler does not know.
    """
    compiler = _Compiler(graph)
    compiled = [c for s in _top_level(graph) if (c := compiler.shape(s)) is not None]
    return CompiledShapes(graph, compiled)


@cache
def compiled_for(today: dt.date) -> CompiledShapes:
    """The shapes with ``today``'s date bounds (:func:`shacl.shapes_for`), compiled."""
    return compile_shapes(shacl.shapes_for(today))


@cache
def _ontology_nt() -> bytes:
    return shacl._ontology().serialize(format="nt", encoding="utf-8")


# -- running ----------------------------------------------------------------------------


def _findings(
    data: ox.Store, shapes: CompiledShapes, keep: set[Node] | None
) -> Iterator[tuple[shacl.Finding, CompiledShape, Node, Node | None]]:
    for shape, query in shapes.queries():
        for row in cast(ox.QuerySolutions, data.query(query.text)):
            focus = from_oxigraph(row["focus"])
            if keep is not None and focus not in keep:
                continue
            value = from_oxigraph(row["value"]) if query.with_value else None
            if value is None and shape.path is None:
                value = focus
            yield (
                shacl.Finding(
                    focus=str(focus),
                    severity=shape.severity,
                    shape=str(shape.iri),
                    path=shape.path_text,
                    value=None if value is None else str(value),
                    message=shape.message,
                ),
                shape,
                focus,
                value,
            )


def _legal_review_rows(data: ox.Store) -> Iterable[tuple[Node, Node]]:
    for row in cast(ox.QuerySolutions, data.query(get_query("legal-basis-changed").text)):
        yield from_oxigraph(row["recommendation"]), from_oxigraph(row["act"])


def validate_data_sparql(
    data: ox.Store,
    today: dt.date | None = None,
    keep: set[Node] | None = None,
) -> shacl.ValidationReport:
    """Validate the data graph in ``data`` (ontology included) with the compiled shapes;
    with ``keep``, only results about those focus nodes.

    :raises UnsupportedShapeError: the shapes use what the compiler does not know.
    """
    shapes = compiled_for(today or dt.date.today())
    report = Graph()
    for prefix, ns in shacl._PREFIXES.items():
        report.bind(prefix, ns)
    report_node = BNode()
    report.add((report_node, RDF.type, SH.ValidationReport))
    findings: set[shacl.Finding] = set()
    for finding, shape, focus, value in _findings(data, shapes, keep):
        if finding in findings:
            continue
        findings.add(finding)
        result = BNode()
        report.add((report_node, SH.result, result))
        report.add((result, RDF.type, SH.ValidationResult))
        report.add((result, SH.focusNode, focus))
        report.add((result, SH.resultSeverity, SH[shape.severity]))
        report.add((result, SH.sourceShape, shape.iri))
        if shape.path is not None:
            report.add((result, SH.resultPath, shape.path))
            shacl._copy_tree(shapes.graph, shape.path, report)
        if value is not None:
            report.add((result, SH.value, value))
        for message in shape.messages:
            report.add((result, SH.resultMessage, message))
    for finding, result_graph in shacl._legal_review_results(_legal_review_rows(data), keep):
        if finding in findings:
            continue
        findings.add(finding)
        review = next(iter(result_graph.subjects(RDF.type, SH.ValidationResult)))
        report.add((report_node, SH.result, review))
        report += result_graph
    outcome = shacl.ValidationOutcome.of(shacl.ordered(findings))
    report.add((report_node, SH.conforms, Literal(outcome.conforms)))
    return shacl.ValidationReport(outcome, graph=report)


def _load(nt: Iterable[bytes]) -> ox.Store:
    data = ox.Store()
    for body in [*nt, _ontology_nt()]:
        if body.strip():
            data.load(body, format=ox.RdfFormat.N_TRIPLES)
    return data


def validate_store_sparql(store: Store, *, today: dt.date | None = None) -> shacl.ValidationReport:
    """Validate the guidance data in ``store`` as :func:`shacl.validate_store` does without
    ``focus``, with the same findings, on the compiled shapes.

    :raises UnsupportedShapeError: the shapes use what the compiler does not know (checked
        before any data is read).
    """
    today = today or dt.date.today()
    compiled_for(today)
    answers = [
        store.query_serialized(get_query(name).text, rdf_format=RdfFormat.NTRIPLES).body
        for name in ("validation-data", "validation-context")
    ]
    return validate_data_sparql(_load(answers), today)


def validate_graph_sparql(data: Graph, *, today: dt.date | None = None) -> shacl.ValidationReport:
    """Validate ``data`` on its own (with the ontology), as :func:`shacl.validate_graph`
    does without a store."""
    today = today or dt.date.today()
    compiled_for(today)
    return validate_data_sparql(_load([data.serialize(format="nt", encoding="utf-8")]), today)
