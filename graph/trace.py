"""Tracing a recommendation to the law: each legal basis up to its act, and the provision
that empowers the publisher of its product."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import URIRef

from graph.errors import NotFoundError
from graph.lookup import id_of, legal_ref, strength_label, text
from graph.named_queries import run_query
from graph.store import Store
from graph.summaries import ActorRef, ProductRef, legal_level

__all__ = ["BasisTrace", "ChainLink", "Trace", "legal_chain", "trace"]


@dataclass(frozen=True)
class ChainLink:
    """One level of a legal resource, from the act down."""

    iri: str
    ref: str
    level: str
    number: str | None
    title: str | None
    short_title: str | None


@dataclass
class BasisTrace:
    """A legal basis (or empowering provision) and its chain from the act down to it."""

    relation: str  # legalBasis, productLegalBasis or empowerment
    iri: str
    ref: str
    chain: list[ChainLink]
    act_based_on: list[str] = field(default_factory=list)
    """Lovdata references of what a regulation in the chain is made under (hj:basedOnLaw)."""
    publisher: ActorRef | None = None


@dataclass
class Trace:
    iri: str
    id: str
    title: str | None
    strength: str | None
    product: ProductRef | None
    legal_basis: list[BasisTrace]
    product_legal_basis: list[BasisTrace]
    empowerment: list[BasisTrace]

    @property
    def lacks_legal_basis(self) -> bool:
        return not self.legal_basis


def legal_chain(store: Store, iri: URIRef) -> list[ChainLink]:
    """The legal resource and every level above it, the act first."""
    rows = run_query(store, "legal-chain", resource=iri)
    rows.sort(key=lambda r: int(str(r.get("depth", 0))))
    return [
        ChainLink(
            iri=str(r["node"]),
            ref=text(r, "lovdataRef") or legal_ref(r["node"]),
            level=legal_level(str(r["node"])),
            number=text(r, "number"),
            title=text(r, "title"),
            short_title=text(r, "shortTitle"),
        )
        for r in rows
    ]


def trace(store: Store, recommendation_iri: URIRef) -> Trace:
    """The chain from the recommendation to the law.

    :raises NotFoundError: the store has no such recommendation.
    """
    main = [
        r
        for r in run_query(store, "recommendation", recommendation=recommendation_iri)
        if text(r, "part") == "main"
    ]
    if not main:
        raise NotFoundError(f"ukjent anbefaling / unknown recommendation: {recommendation_iri}")
    head = main[0]
    groups: dict[str, dict[str, BasisTrace]] = {
        "legalBasis": {},
        "productLegalBasis": {},
        "empowerment": {},
    }
    chains: dict[str, list[ChainLink]] = {}
    for row in run_query(store, "legal-basis", recommendation=recommendation_iri):
        relation, basis = str(row["relation"]), str(row["basis"])
        entry = groups[relation].get(basis)
        if entry is None:
            if basis not in chains:
                chains[basis] = legal_chain(store, URIRef(basis))
            publisher = None
            if "publisher" in row:
                publisher = ActorRef(
                    id_of(row["publisher"]), str(row["publisher"]), text(row, "publisherName")
                )
            entry = BasisTrace(relation, basis, legal_ref(basis), chains[basis], [], publisher)
            groups[relation][basis] = entry
        for based_on in (text(row, "actBasedOn") or "").split():
            if legal_ref(based_on) not in entry.act_based_on:
                entry.act_based_on.append(legal_ref(based_on))
    return Trace(
        iri=str(recommendation_iri),
        id=id_of(recommendation_iri),
        title=text(head, "title"),
        strength=strength_label(head.get("strength")),
        product=ProductRef.of(head.get("product"), head.get("productTitle")),
        legal_basis=list(groups["legalBasis"].values()),
        product_legal_basis=list(groups["productLegalBasis"].values()),
        empowerment=list(groups["empowerment"].values()),
    )
