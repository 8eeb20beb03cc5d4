"""The room for local judgement (handlingsrom) of a target group: what binds it — "skal"
with a legal basis, grouped by provision — and what only advises it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

from pydantic import Field
from rdflib import URIRef

from graph.errors import NotFoundError
from graph.model.iris import id_of
from graph.model.results import LegalRef, RecommendationRef, TargetRef
from graph.questions.lookup import text
from graph.questions.named import run_query
from graph.store import Store

__all__ = ["BindingGroup", "Handlingsrom", "handlingsrom"]


@dataclass
class BindingGroup:
    """En bestemmelse og skal-anbefalingene som har hjemmel i den / a provision and the skal
    recommendations based on it."""

    provision: Annotated[
        LegalRef, Field(description="bestemmelsen som binder / the binding provision")
    ]
    recommendations: Annotated[
        list[RecommendationRef],
        Field(description="anbefalingene som hviler på den / the recommendations resting on it"),
    ] = field(default_factory=list)


@dataclass
class Handlingsrom:
    """Hva som binder en målgruppe, og hva som bare er råd / what binds a target group, and
    what only advises it."""

    target: Annotated[TargetRef, Field(description="målgruppen / the target group")]
    binding: Annotated[
        list[BindingGroup],
        Field(
            description="skal med hjemmel, etter bestemmelse / skal with a legal basis, "
            "by provision"
        ),
    ]
    advice: Annotated[list[RecommendationRef], Field(description="bør og kan / bør and kan")]
    lacking_legal_basis: Annotated[
        list[RecommendationRef],
        Field(
            description="skal uten hjemmel: pliktspråk som ikke binder / skal with no legal "
            "basis: worded as duties, binding no one"
        ),
    ]
    unclear: Annotated[
        list[RecommendationRef], Field(description="uavklart styrke / unclear strength")
    ]
    counts: Annotated[
        dict[str, int],
        Field(
            description="antall i hver gruppe; provisions teller bestemmelsene / count of "
            "each group; provisions counts the provisions"
        ),
    ]


def handlingsrom(store: Store, target: URIRef) -> Handlingsrom:
    """Binding requirements grouped by provision, and advice, for one target group; all
    lists are empty for a target group no recommendation addresses.

    :raises NotFoundError: ``target`` is not a target group of the graph.
    """
    rows = run_query(store, "requirements-for-target", target=target)
    if not rows:
        known = {
            row["target"]: text(row, "label") for row in run_query(store, "target-group-labels")
        }
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
                    LegalRef.of(key, row.get("provisionTitle"), row.get("actShortTitle"))
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
