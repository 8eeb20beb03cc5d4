"""``hjemmel load``: the bundled graph into the configured store."""

from __future__ import annotations

import argparse

from graph.cli._common import add_format, settings_from, store_from, write_json
from graph.importers.bundled import load_bundled
from graph.search import rebuild_index


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "load", help="last inn ontologi, shapes og den medfølgende grafen / load the bundled graph"
    )
    add_format(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    quiet = args.format == "json"
    with store_from(args) as store:
        report = load_bundled(store, progress=None if quiet else lambda m: print(f"  {m}"))
        info = rebuild_index(store, settings_from(args))
    if quiet:
        write_json(
            {"graphs": report.graphs, "triples": report.total, "search_documents": info.documents}
        )
        return 0
    for name, n in sorted(report.graphs.items()):
        if "/lovdata/" not in name:
            print(f"{n:>9} tripler  {name}")
    lovdata = [n for name, n in report.graphs.items() if "/lovdata/" in name]
    if lovdata:
        print(f"{sum(lovdata):>9} tripler  {len(lovdata)} lover og forskrifter fra Lovdata")
    print(f"{report.total:>9} tripler i alt / triples in all")
    print(f"{info.documents:>9} dokumenter i søkeindeksen / documents in the search index")
    return 0
