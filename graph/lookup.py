"""Resolving what users type — ids, IRIs, Lovdata references, strength words — to the IRIs
of the graph, and the small conversions back that every domain function shares."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote

from rdflib import URIRef
from rdflib.term import Node

from graph.errors import BadInputError, NotFoundError
from graph.iris import iri_to_ref, product_iri, recommendation_iri, ref_to_iri, target_group_iri
from graph.named_queries import run_query
from graph.store import Row, Store
from graph.vocab import BASE, HJ, STRENGTH

__all__ = [
    "STRENGTH_LABELS",
    "id_of",
    "legal_ref",
    "resolve_legal",
    "resolve_product",
    "resolve_recommendation",
    "resolve_target",
    "strength_iri",
    "strength_label",
    "text",
    "types_of",
]

STRENGTH_LABELS = {"skal": "skal", "bor": "bør", "kan": "kan", "uavklart": "uavklart"}
"""Strength concept code (the IRI's last segment) → the word the documents use."""

_STRENGTH_WORDS = {"skal": "skal", "bor": "bor", "bør": "bor", "kan": "kan", "uavklart": "uavklart"}


def text(row: Row, name: str) -> str | None:
    """A column of a result row as a string, None when unbound."""
    value = row.get(name)
    return None if value is None else str(value)


def id_of(iri: Node | str) -> str:
    """The id of a guidance resource: its IRI's last path segment.

    >>> id_of("https://w3id.org/hjemmel/anbefaling/skal-vurdere-praksis")
    'skal-vurdere-praksis'
    """
    return unquote(str(iri).rstrip("/").rsplit("/", 1)[-1])


def legal_ref(iri: Node | str) -> str:
    """The Lovdata reference of a legal resource IRI (the IRI itself when it is foreign)."""
    try:
        return iri_to_ref(str(iri))
    except BadInputError:
        return str(iri)


def strength_iri(word: str) -> URIRef:
    """``skal``, ``bør`` (or ``bor``), ``kan``, ``uavklart`` or the concept's IRI → the IRI.

    >>> strength_iri("bør")
    rdflib.term.URIRef('https://w3id.org/hjemmel/styrke/bor')

    :raises BadInputError: not a strength.
    """
    key = word.strip().lower()
    if key.startswith(str(STRENGTH)):
        key = key[len(str(STRENGTH)) :]
    code = _STRENGTH_WORDS.get(unquote(key))
    if code is None:
        raise BadInputError(
            f"ukjent styrke / unknown strength {word!r}; bruk / use skal, bør, kan eller uavklart"
        )
    return URIRef(STRENGTH[code])


def strength_label(iri: Node | str | None) -> str | None:
    """The word of a strength concept: ``…/styrke/bor`` → ``bør``."""
    if iri is None:
        return None
    code = str(iri).rsplit("/", 1)[-1]
    return STRENGTH_LABELS.get(code, code)


def types_of(store: Store, iri: URIRef) -> set[URIRef]:
    return {row["type"] for row in run_query(store, "resource", resource=iri) if "type" in row}


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
    rows = run_query(store, "target-groups")
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
