"""``hjemmel impact``: what an amending act changes, or what changes a provision, and the
guidance it touches."""

from __future__ import annotations

import argparse

from graph.cli._common import store_from, write_json
from graph.questions.impact import (
    AmendmentDetail,
    ChangeDetail,
    ImpactGroup,
    ProvisionImpact,
    amendment,
    change_set,
    impact_of_provision,
    is_amendment,
    is_change_set,
)
from graph.store import Store

__all__ = ["format_amendment", "format_provision_impact", "register", "run"]

_RELATION_NB = {"legalBasis": "hjemmel", "cites": "henvisning", "empoweredBy": "myndighet"}


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "impact",
        help="hva en lovendring berører / the guidance a change in the law touches",
        description="REF er et endringsdokument (lov/2025-06-20-72), en ny import fra "
        "Lovdata (lovdata-import/…/lov/2011-06-24-30, som i /api/lovdata-imports) eller en "
        "lovhenvisning (lov/1999-07-02-61/§4-1): endringene i tekst, også de fra nye "
        "importer fra Lovdata, og anbefalingene og produktene de berører, skal-anbefalinger "
        "på opphevet eller omnummerert grunnlag først.",
    )
    p.add_argument("ref", metavar="REF")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=run)


def _changes(changes: list[ChangeDetail]) -> list[str]:
    if not changes:
        return ["  ingen / none"]
    return [f"  {c.position}: {c.description}" for c in changes]


def _groups(groups: list[ImpactGroup]) -> list[str]:
    lines = ["", "Berørt veiledning / guidance touched:"]
    if not groups:
        return [*lines, "  ingen / none"]
    for group in groups:
        lines.append(f"  {group.heading}:")
        for item in group.items:
            name = item.title or item.id
            where = f" ({item.product.title})" if item.product and item.product.title else ""
            lines.append(f"    - {name}{where}")
            lines.append(f"      {_RELATION_NB[item.relation]} i {item.basis}; {item.description}")
    return lines


def format_amendment(detail: AmendmentDetail) -> str:
    a = detail.amendment
    lines = [f"{a.name[:1].upper()}{a.name[1:]}: {a.title or a.ref}", f"  i kraft: {a.in_force}"]
    if a.amends:
        lines.append("  endrer / amends: " + ", ".join(a.amends))
    lines += ["", "Endringer / changes:", *_changes(detail.changes), *_groups(detail.impact)]
    return "\n".join(lines)


def format_provision_impact(result: ProvisionImpact) -> str:
    lines = [f"Endringer som berører {result.ref} / changes touching it:"]
    lines += [*_changes(result.changes), *_groups(result.impact)]
    return "\n".join(lines)


def impact_of(store: Store, ref: str) -> AmendmentDetail | ProvisionImpact:
    """The amending act or the re-import from Lovdata ``ref`` names, or else the changes
    touching the legal resource."""
    if is_change_set(ref):
        return change_set(store, ref)
    if is_amendment(store, ref):
        return amendment(store, ref)
    return impact_of_provision(store, ref)


def run(args: argparse.Namespace) -> int:
    with store_from(args) as store:
        result = impact_of(store, args.ref)
    if args.format == "json":
        write_json(result)
    elif isinstance(result, AmendmentDetail):
        print(format_amendment(result))
    else:
        print(format_provision_impact(result))
    return 0
