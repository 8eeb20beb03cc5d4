"""``hjemmel cite``: the references to law in a text, resolved to Lovdata refs."""

from __future__ import annotations

import argparse

from graph.citations import find_citations
from graph.citations.acts import act_index
from graph.cli._common import write_json


def _label(ref: str) -> str:
    act = "/".join(ref.split("/")[:2])
    name = act_index().short_titles.get(act, "")
    return f"{ref}  ({name})" if name else ref


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "cite",
        help="finn lovhenvisninger i en tekst / find legal citations in a text",
    )
    p.add_argument("text", help="teksten / the text")
    p.add_argument("--act", metavar="REFID", help="dokumentet teksten står i (lov/…, forskrift/…)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    cits = find_citations(args.text, context_act=args.act)
    if args.format == "json":
        write_json({"citations": cits})
        return 0
    if not cits:
        print("Ingen lovhenvisninger funnet.")
    for c in cits:
        print(f"{c.start}–{c.end}  «{c.text}»")
        for ref in c.refs:
            print(f"    henviser til: {_label(ref)}")
        if c.ambiguous:
            print("    tvetydig, kan være:")
            for ref in c.ambiguous:
                print(f"      {_label(ref)}")
        for ref in c.unresolved:
            print(f"    finnes ikke i Lovdata-filene: {ref}")
        if not c.refs and not c.ambiguous and not c.unresolved:
            print("    ikke løst (ukjent lov eller forskrift)")
    return 0
