"""Tracing a recommendation to the law: each legal basis up to its act, and the provision
that empowers the publisher of its product."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, Literal, cast

from pydantic import Field
from rdflib import URIRef

from graph.errors import NotFoundError, QueryError
from graph.model.iris import id_of, legal_ref
from graph.model.results import ActorRef, Iri, LevelField, LovdataRef, legal_level
from graph.questions.lookup import text
from graph.questions.named import run_query
from graph.store import Row, Store

__all__ = ["BasisTrace", "ChainLink", "Relation", "Trace", "legal_chain", "trace", "traced"]


Relation = Literal["legalBasis", "productLegalBasis", "empowerment"]
"""How a legal resource bears on a recommendation: its own legal basis, the legal basis of
its product, or the provision that empowers the product's publisher."""


@dataclass(frozen=True)
class ChainLink:
    """Ett nivå av en rettskilde, fra loven og ned / one level of a legal resource, from the
    act down."""

    iri: Iri
    ref: LovdataRef
    level: LevelField
    number: Annotated[
        str | None, Field(description="paragraf-, ledd- eller bokstavnummer / number")
    ]
    title: Annotated[str | None, Field(description="tittel / title")]
    short_title: Annotated[
        str | None, Field(description="lovens korttittel / short title of the act")
    ]


@dataclass
class BasisTrace:
    """En hjemmel (eller myndighetsbestemmelse) og kjeden fra loven ned til den / a legal
    basis (or empowering provision) and its chain from the act down to it."""

    relation: Annotated[
        Relation,
        Field(
            description="egen hjemmel, produktets hjemmel eller utgiverens myndighet / "
            "legalBasis, productLegalBasis or empowerment"
        ),
    ]
    iri: Iri
    ref: LovdataRef
    chain: Annotated[list[ChainLink], Field(description="fra loven og ned / from the act down")]
    act_based_on: Annotated[
        list[str],
        Field(
            description="hjemmelen for en forskrift i kjeden (Lovdata-referanser) / what a "
            "regulation in the chain is made under (Lovdata references)"
        ),
    ] = field(default_factory=list)
    publisher: Annotated[
        ActorRef | None,
        Field(description="utgiveren som får myndighet / the publisher it empowers"),
    ] = None


@dataclass
class Trace:
    """Hjemmelskjedene for en anbefaling / the chains from a recommendation to the law."""

    legal_basis: Annotated[
        list[BasisTrace], Field(description="anbefalingens hjemmel / its legal basis")
    ]
    product_legal_basis: Annotated[
        list[BasisTrace],
        Field(description="produktets hjemmel / the legal basis of its product"),
    ]
    empowerment: Annotated[
        list[BasisTrace],
        Field(description="bestemmelsen som gir utgiveren myndighet / what empowers the publisher"),
    ]


@dataclass
class _Level:
    """One node of a walk up the hierarchy: each column's values over its rows."""

    values: dict[str, set[str]] = field(default_factory=dict)

    def first(self, column: str) -> str | None:
        """The least value, so that every store picks the same one of several."""
        return min(self.values.get(column, ()), default=None)

    def all(self, column: str) -> list[str]:
        return sorted(self.values.get(column, ()))


def _walk_up(store: Store, iri: URIRef) -> dict[str, _Level]:
    """The resource and everything it is part of, one ``legal-node`` query per node: for a
    store that cannot run ``legal-trace`` (see :func:`_one_query`). The chain is short (at
    most 11 levels above a point in Lovdata's acts and regulations).
    """
    levels: dict[str, _Level] = {}
    todo = [str(iri)]
    while todo:
        node = todo.pop()
        if node in levels:
            continue
        level = levels[node] = _Level()
        for row in run_query(store, "legal-node", resource=URIRef(node)):
            for column, value in row.items():
                level.values.setdefault(column, set()).add(str(value))
        todo.extend(level.all("parent"))
    return levels


def _levels_from(facts: dict[str, _Level], iri: str) -> dict[str, _Level]:
    """What :func:`_walk_up` gives, read from the facts ``legal-trace`` fetched at once."""
    levels: dict[str, _Level] = {}
    todo = [iri]
    while todo:
        node = todo.pop()
        if node in levels:
            continue
        level = levels[node] = facts.get(node) or _Level()
        todo.extend(level.all("parent"))
    return levels


_ONE_QUERY: weakref.WeakKeyDictionary[Store, bool] = weakref.WeakKeyDictionary()
"""Per store: whether it ran ``legal-trace`` (a path from a bound start), learnt once."""


def _one_query(store: Store, recommendation_iri: URIRef) -> list[Row] | None:
    """The rows of ``legal-trace``, or None on a store that refuses the query (remembered,
    so the refusal is paid once per store); the caller then walks one level at a time."""
    if _ONE_QUERY.get(store) is False:
        return None
    try:
        rows = run_query(store, "legal-trace", recommendation=recommendation_iri)
    except QueryError:
        _ONE_QUERY[store] = False
        return None
    _ONE_QUERY[store] = True
    return rows


def _ancestors(levels: dict[str, _Level], node: str) -> set[str]:
    seen: set[str] = set()
    todo = levels[node].all("parent")
    while todo:
        parent = todo.pop()
        if parent not in seen:
            seen.add(parent)
            todo.extend(levels[parent].all("parent"))
    return seen


def _chain(levels: dict[str, _Level]) -> list[ChainLink]:
    depth = {node: len(_ancestors(levels, node)) for node in levels}
    return [
        ChainLink(
            iri=node,
            ref=levels[node].first("lovdataRef") or legal_ref(node),
            level=legal_level(node),
            number=levels[node].first("number"),
            title=levels[node].first("title"),
            short_title=levels[node].first("shortTitle"),
        )
        for node in sorted(levels, key=lambda n: (depth[n], n))
    ]


def legal_chain(store: Store, iri: URIRef) -> list[ChainLink]:
    """The legal resource and every level above it, the act first."""
    return _chain(_walk_up(store, iri))


def trace(store: Store, recommendation_iri: URIRef) -> Trace:
    """The chains from the recommendation to the law.

    :raises NotFoundError: the store has no such recommendation.
    """
    rows = _one_query(store, recommendation_iri)
    if rows is None:
        rows = run_query(store, "recommendation", recommendation=recommendation_iri)
        found = any(text(r, "part") == "main" for r in rows)
    else:
        found = any(text(r, "part") == "recommendation" for r in rows)
    if not found:
        raise NotFoundError(f"ukjent anbefaling / unknown recommendation: {recommendation_iri}")
    return traced(store, recommendation_iri, rows)


def traced(store: Store, recommendation_iri: URIRef, rows: list[Row] | None = None) -> Trace:
    """:func:`trace` for a recommendation known to be in the store: one ``legal-trace``
    query (``rows``, when the caller has them), or on a store that cannot run it,
    ``legal-basis`` and a ``legal-node`` query per level."""
    if rows is None or not any(text(r, "part") == "recommendation" for r in rows):
        rows = _one_query(store, recommendation_iri)
    if rows is None:
        basis_rows = run_query(store, "legal-basis", recommendation=recommendation_iri)
        walks: dict[str, dict[str, _Level]] = {}

        def levels_of(basis: str) -> dict[str, _Level]:
            if basis not in walks:
                walks[basis] = _walk_up(store, URIRef(basis))
            return walks[basis]

        return _trace(basis_rows, levels_of)
    facts: dict[str, _Level] = {}
    for row in rows:
        if "node" in row and "value" in row:
            level = facts.setdefault(str(row["node"]), _Level())
            level.values.setdefault(str(row["part"]), set()).add(str(row["value"]))
    basis_rows = sorted(
        (r for r in rows if text(r, "part") == "basis"),
        key=lambda r: (str(r["relation"]), str(r["basis"])),
    )
    return _trace(basis_rows, lambda basis: _levels_from(facts, basis))


def _trace(rows: list[Row], levels_of: Callable[[str], dict[str, _Level]]) -> Trace:
    """The trace from the legal-basis rows (ordered by relation and basis) and the levels
    above each basis."""
    groups: dict[Relation, dict[str, BasisTrace]] = {
        "legalBasis": {},
        "productLegalBasis": {},
        "empowerment": {},
    }
    names: dict[str, set[str]] = {}
    for row in rows:
        if "publisher" in row and "publisherName" in row:
            names.setdefault(str(row["publisher"]), set()).add(str(row["publisherName"]))
    for row in rows:
        relation, basis = cast(Relation, str(row["relation"])), str(row["basis"])
        if basis in groups[relation]:
            continue
        levels = levels_of(basis)
        publisher = None
        if "publisher" in row:
            iri = str(row["publisher"])
            publisher = ActorRef(id_of(iri), iri, min(names.get(iri, ()), default=None))
        act_based_on = sorted(
            {legal_ref(b) for level in levels.values() for b in level.all("actBasedOn")}
        )
        groups[relation][basis] = BasisTrace(
            relation, basis, legal_ref(basis), _chain(levels), act_based_on, publisher
        )
    return Trace(
        legal_basis=list(groups["legalBasis"].values()),
        product_legal_basis=list(groups["productLegalBasis"].values()),
        empowerment=list(groups["empowerment"].values()),
    )
