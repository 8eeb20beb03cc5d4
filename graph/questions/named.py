"""The named SPARQL queries of ``queries/*.rq``: their headers, parameters and execution.

A query file opens with a comment header::

    # title: Hjemmelen for en anbefaling / The legal basis of a recommendation
    # description: ... (nb) / ... (en)
    # param: recommendation iri required — the recommendation
    # param: strength iri optional — skal, bor or kan
    # columns: recommendation, basis, act, ...

Parameter kinds: ``iri`` (bound as an IRI), ``string`` (a plain literal), ``lang`` (a
literal tagged ``nb``), ``integer``, ``date``. A value is always bound as an RDF term.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

from graph.errors import BadInputError, NotFoundError, UsageError
from graph.model.resources import queries_dir
from graph.store import Row, Store
from graph.store.forms import request_form

__all__ = ["NamedQuery", "Param", "get_query", "list_queries", "run_construct", "run_query"]

_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s+(?P<kind>iri|string|lang|integer|date)"
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

    @property
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


def run_construct(store: Store, name: str, **values: str | Identifier | None) -> Graph:
    """Run the named CONSTRUCT query on ``store`` with parameters bound as RDF terms."""
    query = get_query(name)
    if query.form not in ("construct", "describe"):
        raise BadInputError(f"{name} er ikke en construct-spørring / is not a construct query")
    given = {k: v for k, v in values.items() if v is not None}
    return store.construct(query.text, query.bindings(given))
