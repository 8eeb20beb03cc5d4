"""Resolving what users type — ids, IRIs, Lovdata references — to the IRIs of the graph."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote

from rdflib import URIRef

from graph.errors import BadInputError, NotFoundError
from graph.model.iris import product_iri, recommendation_iri, ref_to_iri, target_group_iri
from graph.model.vocab import BASE, HJ
from graph.questions.named import run_query
from graph.store import Row, Store

__all__ = [
    "resolve_legal",
    "resolve_product",
    "resolve_recommendation",
    "resolve_target",
    "text",
    "types_of",
]


def text(row: Row, name: str) -> str | None:
    """A column of a result row as a string, None when unbound."""
    value = row.get(name)
    return None if value is None else str(value)


def types_of(store: Store, iri: URIRef) -> set[URIRef]:
    rows = run_query(store, "resource", resource=iri)
    return {URIRef(row["type"]) for row in rows if isinstance(row.get("type"), URIRef)}


def _resolve(
    store: Store,
    ident: str,
    make: Callable[[str], URIRef],
    found: Callable[[URIRef], bool],
    what: tuple[str, str],
) -> URIRef:
    ident = ident.strip()
    if not ident:
        raise BadInputError(f"tom {what[0]}-id / empty {what[1]} id")
    iri = URIRef(ident) if ident.startswith(("http://", "https://")) else make(ident)
    if not found(iri):
        raise NotFoundError(f"ukjent {what[0]} / unknown {what[1]}: {ident}")
    return iri


def resolve_recommendation(store: Store, ident: str) -> URIRef:
    """A recommendation's id or IRI → its IRI.

    :raises NotFoundError: the store has no such recommendation.
    """
    return _resolve(
        store,
        ident,
        recommendation_iri,
        lambda iri: HJ.Recommendation in types_of(store, iri),
        ("anbefaling", "recommendation"),
    )


def resolve_product(store: Store, ident: str) -> URIRef:
    """A product's id or IRI → its IRI.

    :raises NotFoundError: the store has no such product.
    """
    return _resolve(
        store,
        ident,
        product_iri,
        lambda iri: bool(run_query(store, "product", product=iri)),
        ("produkt", "product"),
    )


def resolve_target(store: Store, ident: str) -> URIRef:
    """A target group's id, IRI or label (any case) → its IRI.

    :raises NotFoundError: no such target group.
    """
    ident = ident.strip()
    rows = run_query(store, "target-group-labels")
    wanted = {ident, str(target_group_iri(ident))}
    for row in rows:
        label = text(row, "label") or ""
        if str(row["target"]) in wanted or label.lower() == ident.lower():
            return URIRef(row["target"])
    raise NotFoundError(f"ukjent målgruppe / unknown target group: {ident}")


def resolve_legal(store: Store, ref: str) -> URIRef:
    """A Lovdata reference (refid form, legacy ``LOV-…`` form, lovdata.no URL, percent-encoded
    ``§``) or a hjemmel IRI → the IRI of the act, provision, ledd or point in the store.

    A point given without its ledd (``…/§6/bokstav/g``) is looked up below the provision's
    ledd.

    :raises BadInputError: not a Lovdata reference.
    :raises NotFoundError: the store does not hold that resource.
    """
    text_ = unquote(ref.strip())
    iri = URIRef(text_) if text_.startswith(BASE) else ref_to_iri(text_)
    if types_of(store, iri):
        return iri
    head, sep, tail = str(iri).partition("/bokstav/")
    if not sep:
        head, sep, tail = str(iri).partition("/nummer/")
    if sep and "/ledd/" not in head:
        rows = run_query(store, "point-in-provision", provision=URIRef(head), suffix=f"{sep}{tail}")
        if rows:
            return URIRef(rows[0]["point"])
    raise NotFoundError(f"ukjent lovhenvisning / unknown legal reference: {ref}")
