"""The room for local judgement (handlingsrom) of a target group: what binds it — "skal"
with a legal basis, grouped by provision — and what only advises it."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import URIRef

from graph.errors import NotFoundError
from graph.model.iris import id_of
from graph.model.results import LegalSummary, RecommendationRef, TargetRef
from graph.questions.lookup import text
from graph.questions.named import run_query
from graph.store import Store

__all__ = ["BindingGroup", "Handlingsrom", "handlingsrom"]


@dataclass
class BindingGroup:
    provision: LegalSummary
    recommendations: list[RecommendationRef] = field(default_factory=list)


@dataclass
class Handlingsrom:
    target: TargetRef
    binding: list[BindingGroup]
    advice: list[RecommendationRef]
    lacking_legal_basis: list[RecommendationRef]
    """"Skal" recommendations with no legal basis: worded as duties, binding no one."""
    unclear: list[RecommendationRef]
    counts: dict[str, int]


def handlingsrom(store: Store, target: URIRef) -> Handlingsrom:
    """Binding requirements grouped by provision, and advice, for one target group; all
    lists are empty for a target group no recommendation addresses.

    :raises NotFoundError: ``target`` is not a target group of the graph.
    """
    rows = run_query(store, "requirements-for-target", target=target)
    if not rows:
        known = {row["target"]: text(row, "label") for row in run_query(store, "target-groups")}
        if target not in known:
            raise NotFoundError(f"ukjent målgruppe / unknown target group: {target}")
        return Handlingsrom(
            target=TargetRef(id_of(target), str(target), known[target]),
            binding=[],
            advice=[],
            lacking_legal_basis=[],
            unclear=[],
            counts=dict.fromkeys(
                ("binding", "provisions", "advice", "lacking_legal_basis", "unclear"), 0
            ),
        )
    groups: dict[str, BindingGroup] = {}
    lists: dict[str, list[RecommendationRef]] = {"advisory": [], "lacks_basis": [], "unclear": []}
    binding_recs: set[str] = set()
    seen: set[tuple[str, str]] = set()
    for row in rows:
        rec = RecommendationRef.of(
            row["recommendation"],
            row.get("title"),
            row.get("strength"),
            row.get("product"),
            row.get("productTitle"),
        )
        kind = str(row["kind"])
        if kind == "binding":
            key = str(row.get("provision") or row["basis"])
            group = groups.get(key)
            if group is None:
                group = groups[key] = BindingGroup(
                    LegalSummary.of(key, row.get("provisionTitle"), row.get("actShortTitle"))
                )
            if (key, rec.iri) not in seen:
                seen.add((key, rec.iri))
                group.recommendations.append(rec)
            binding_recs.add(rec.iri)
        elif (kind, rec.iri) not in seen:
            seen.add((kind, rec.iri))
            lists[kind].append(rec)
    label = text(rows[0], "targetLabel")
    binding = sorted(groups.values(), key=lambda g: g.provision.ref)
    return Handlingsrom(
        target=TargetRef(id_of(target), str(target), label),
        binding=binding,
        advice=lists["advisory"],
        lacking_legal_basis=lists["lacks_basis"],
        unclear=lists["unclear"],
        counts={
            "binding": len(binding_recs),
            "provisions": len(binding),
            "advice": len(lists["advisory"]),
            "lacking_legal_basis": len(lists["lacks_basis"]),
            "unclear": len(lists["unclear"]),
        },
    )
