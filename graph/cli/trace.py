"""``hjemmel trace``: the chain from a recommendation (or a legal reference) to the law."""

from __future__ import annotations

import argparse

from graph.cli._common import add_format, store_from, write_json
from graph.errors import BadInputError, NotFoundError
from graph.questions.lookup import resolve_legal, resolve_recommendation
from graph.questions.recommendations import RecommendationDetail, recommendation
from graph.questions.trace import BasisTrace, ChainLink, legal_chain
from graph.store import Store

__all__ = ["format_chain", "format_trace", "register", "run"]

_LEVEL_NB = {"act": "", "chapter": "", "provision": "§ ", "ledd": "ledd ", "point": ""}


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "trace",
        help="spor en anbefaling til loven / trace a recommendation to the law",
        description="ID er anbefalingens id eller IRI, eller en Lovdata-referanse "
        "(lov/2011-06-24-30/§12-5) for å vise kjeden opp til loven.",
    )
    p.add_argument("id", metavar="ID")
    add_format(p)
    p.set_defaults(func=run)


def _link(link: ChainLink) -> str:
    if link.level == "act":
        name = link.title or link.ref
        return f"{name} ({link.short_title})" if link.short_title else name
    if link.level == "chapter":
        return link.title or f"kapittel {link.number or link.ref}"
    if link.level == "point":
        if not link.number:
            return link.ref
        return f"bokstav {link.number}" if link.number.isalpha() else f"nr. {link.number}"
    label = f"{_LEVEL_NB[link.level]}{link.number or ''}".strip() or link.ref
    return f"{label} {link.title}" if link.title else label


def format_chain(chain: list[ChainLink], indent: str = "    ") -> list[str]:
    """The chain from the act down, one level per line."""
    lines = []
    for depth, link in enumerate(chain):
        prefix = indent + ("  " * (depth - 1) + "└ " if depth else "")
        lines.append(prefix + _link(link))
    return lines


def _basis(entry: BasisTrace) -> list[str]:
    lines = [f"  {entry.ref}"]
    lines += (
        format_chain(entry.chain) if entry.chain else ["    (ikke i lagringen / not in the store)"]
    )
    if entry.act_based_on:
        lines.append("    forskriften er hjemlet i / made under: " + ", ".join(entry.act_based_on))
    return lines


def format_trace(rec: RecommendationDetail) -> str:
    """A recommendation's trace as lines a jurist can read."""
    lines = [f"Anbefaling: {rec.title or rec.id}", f"  {rec.iri}"]
    detail = [f"styrke: {rec.strength or '–'}"]
    if rec.product:
        detail.append(f"produkt: {rec.product.title or rec.product.id}")
    lines.append("  " + " · ".join(detail))
    if rec.trace is None:
        return "\n".join(lines)
    t = rec.trace
    lines.append("")
    lines.append("Hjemmel / legal basis:")
    for entry in t.legal_basis:
        lines += _basis(entry)
    if not t.legal_basis:
        if rec.strength == "skal":
            lines.append(
                "  Skal-anbefalingen mangler hjemmel / the skal recommendation lacks a legal basis"
            )
        else:
            lines.append("  ingen / none")
    if t.product_legal_basis:
        lines.append("")
        lines.append("Produktets hjemmel / the product's legal basis:")
        for entry in t.product_legal_basis:
            lines += _basis(entry)
    if t.empowerment:
        lines.append("")
        for entry in t.empowerment:
            who = entry.publisher.name if entry.publisher and entry.publisher.name else "utgiveren"
            lines.append(f"Myndigheten til {who} / the publisher's mandate:")
            lines += _basis(entry)
    return "\n".join(lines)


def _trace(store: Store, ident: str) -> RecommendationDetail | list[ChainLink]:
    """The recommendation ``ident`` names, or else the chain from the legal resource it
    names up to the act."""
    try:
        return recommendation(store, resolve_recommendation(store, ident))
    except NotFoundError:
        if not ident.lower().startswith(
            (
                "lov",
                "for",
                "https://lovdata",
                "https://w3id.org/hjemmel/lov",
                "https://w3id.org/hjemmel/forskrift",
            )
        ):
            raise
    try:
        iri = resolve_legal(store, ident)
    except BadInputError:
        raise NotFoundError(
            f"ukjent anbefaling eller referanse / unknown id or reference: {ident}"
        ) from None
    return legal_chain(store, iri)


def run(args: argparse.Namespace) -> int:
    with store_from(args, read_only=True) as store:
        found = _trace(store, args.id)
    if args.format == "json":
        write_json(found)
    elif isinstance(found, RecommendationDetail):
        print(format_trace(found))
    else:
        print("\n".join([f"Kjeden for {args.id}:", *format_chain(found, "  ")]))
    return 0
