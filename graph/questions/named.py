"""The named SPARQL queries of ``queries/*.rq``: their headers, parameters and execution.

A query file opens with a comment header::

    # title: Hjemmelen for en anbefaling / The legal basis of a recommendation
    # description: ... (nb) / ... (en)
    # param: recommendation iri required — the recommendation
    # param: strength iri optional — skal, bor or kan
    # columns: recommendation, basis, act, ...

Parameter kinds: ``iri`` (bound as an IRI), ``string`` (a plain literal), ``lang`` (a
literal tagged ``nb``), ``integer``, ``date``, ``boolean``. A value is always bound as an
RDF term. A query whose header says ``# paged: yes`` ends with an ORDER BY that is a total
order, so :func:`run_page` may add ``LIMIT`` and ``OFFSET`` to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

from graph.errors import BadInputError, NotFoundError, UsageError
from graph.model.resources import queries_dir
from graph.store import Row, Store
from graph.store.binding import inject_values_rows, slice_clause
from graph.store.forms import request_form

__all__ = [
    "NamedQuery",
    "Param",
    "get_query",
    "list_queries",
    "run_construct",
    "run_for_each",
    "run_page",
    "run_query",
]

_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s+(?P<kind>iri|string|lang|integer|date|boolean)"
    r"\s+(?P<req>required|optional)\s*(?:[—-]+\s*(?P<doc>.*))?$"
)


@dataclass(frozen=True)
class Param:
    name: str
    kind: str
    required: bool
    doc: str = ""

    def to_term(self, value: str | Identifier) -> Identifier:
        """The RDF term for a raw value, checked against the parameter's kind."""
        if isinstance(value, Identifier):
            return value
        try:
            if self.kind == "iri":
                if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]*$", value):
                    raise ValueError("not an absolute IRI")
                return URIRef(value)
            if self.kind == "integer":
                return Literal(int(value))
            if self.kind == "boolean":
                if value.lower() not in ("true", "false"):
                    raise ValueError("not true or false")
                return Literal(value.lower() == "true")
            if self.kind == "date":
                return Literal(value, datatype=XSD.date, normalize=False)
            if self.kind == "lang":
                return Literal(value, lang="nb")
            return Literal(value)
        except ValueError as e:
            raise BadInputError(
                f"parameter {self.name}: ugyldig verdi / invalid value {value!r} ({e})"
            ) from e


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    text: str
    title: str
    description: str
    params: tuple[Param, ...]
    columns: tuple[str, ...]
    extra: dict[str, str] = field(default_factory=dict)

    @cached_property
    def form(self) -> str | None:
        """``select``, ``ask``, ``construct`` or ``describe``, read from the query text."""
        return request_form(self.text)

    def bindings(self, values: dict[str, str | Identifier]) -> dict[str, Identifier]:
        known = {p.name: p for p in self.params}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise UsageError(
                f"{self.name}: ukjent parameter / unknown parameter {', '.join(unknown)}; "
                f"known: {', '.join(known) or '(none)'}"
            )
        missing = [p.name for p in self.params if p.required and p.name not in values]
        if missing:
            raise UsageError(
                f"{self.name}: mangler parameter / missing parameter {', '.join(missing)}"
            )
        return {name: known[name].to_term(v) for name, v in values.items() if v is not None}


def _parse(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    header: dict[str, str] = {}
    params: list[Param] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        key, _, value = line.lstrip("# ").partition(":")
        key, value = key.strip().lower(), value.strip()
        if key == "param":
            m = _PARAM.match(value)
            if not m:
                raise ValueError(f"{path}: bad param line {value!r}")
            params.append(
                Param(m["name"], m["kind"], m["req"] == "required", (m["doc"] or "").strip())
            )
        elif key:
            header[key] = (header[key] + " " + value) if key in header else value
    for required in ("title", "description", "columns"):
        if required not in header:
            raise ValueError(f"{path}: header lacks '# {required}:'")
    columns = tuple(c.strip() for c in header.pop("columns").split(",") if c.strip())
    return NamedQuery(
        name=path.stem,
        path=path,
        text=text,
        title=header.pop("title"),
        description=header.pop("description"),
        params=tuple(params),
        columns=columns,
        extra=header,
    )


@cache
def _all() -> dict[str, NamedQuery]:
    return {p.stem: _parse(p) for p in sorted(queries_dir().glob("*.rq"))}


def list_queries() -> list[NamedQuery]:
    return list(_all().values())


def get_query(name: str) -> NamedQuery:
    try:
        return _all()[name]
    except KeyError:
        raise NotFoundError(
            f"ukjent spørring / unknown query {name!r}; known: {', '.join(_all())}"
        ) from None


def run_query(store: Store, name: str, **values: str | Identifier | None) -> list[Row]:
    """Run the named query on ``store`` with parameters bound as RDF terms."""
    query = get_query(name)
    if query.form != "select":
        raise BadInputError(f"{name} er en {query.form}-spørring / is a {query.form} query")
    given = {k: v for k, v in values.items() if v is not None}
    return store.select(query.text, query.bindings(given))


def run_page(
    store: Store, name: str, limit: int | None, offset: int = 0, **values: str | Identifier | None
) -> list[Row]:
    """The rows ``offset`` … ``offset + limit`` of the named query, cut by the store itself
    (``LIMIT``/``OFFSET`` after the query's ORDER BY), not after the whole answer.

    :raises BadInputError: the query is not marked ``# paged: yes``, or ``limit`` or
        ``offset`` is not an integer ≥ 0.
    """
    query = get_query(name)
    if query.extra.get("paged") != "yes" or query.form != "select":
        raise BadInputError(f"{name} kan ikke blas / cannot be paged")
    given = {k: v for k, v in values.items() if v is not None}
    text = query.text.rstrip() + slice_clause(limit, offset)
    return store.select(text, query.bindings(given))


def run_for_each(
    store: Store,
    name: str,
    param: str,
    terms: list[Identifier],
    **values: str | Identifier | None,
) -> list[Row]:
    """Run the named query once for all of ``terms`` as values of ``param`` (an inline
    VALUES block, each term written as an RDF term); the rows of all of them together.

    :raises UsageError: ``param`` is not a parameter of the query.
    """
    query = get_query(name)
    known = {p.name: p for p in query.params}
    if param not in known:
        raise UsageError(f"{name}: ukjent parameter / unknown parameter {param}")
    if query.form != "select":
        raise BadInputError(f"{name} er en {query.form}-spørring / is a {query.form} query")
    if not terms:
        return []
    bound = [known[param].to_term(term) for term in terms]
    given = {k: v for k, v in values.items() if v is not None}
    bindings = query.bindings({**given, param: bound[0]})
    del bindings[param]
    return store.select(inject_values_rows(query.text, param, bound), bindings)


def run_construct(store: Store, name: str, **values: str | Identifier | None) -> Graph:
    """Run the named CONSTRUCT query on ``store`` with parameters bound as RDF terms."""
    query = get_query(name)
    if query.form not in ("construct", "describe"):
        raise BadInputError(f"{name} er ikke en construct-spørring / is not a construct query")
    given = {k: v for k, v in values.items() if v is not None}
    return store.construct(query.text, query.bindings(given))
