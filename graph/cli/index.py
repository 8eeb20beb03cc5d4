"""``hjemmel index``: rebuild ``graph/data/legislation-index.jsonl.gz``, the index of every
act and provision of the Lovdata files that the citation parser resolves against."""

from __future__ import annotations

import argparse
from pathlib import Path

from graph.importers.bundle import ARCHIVES, DEFAULT_LOVDATA
from graph.importers.legislation_index import INDEX_FILE, build_index
from graph.model.resources import data_dir


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "index",
        help="skriv registeret over lover og paragrafer / write the legislation index",
        description=f"Skriv graph/data/{INDEX_FILE} fra Lovdata-filene / write the index",
    )
    p.add_argument("--lovdata", type=Path, default=DEFAULT_LOVDATA, help="mappe med tarballene")
    p.add_argument("--out", type=Path, default=data_dir() / INDEX_FILE)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    n = build_index(args.out, [args.lovdata / a for a in ARCHIVES])
    size = args.out.stat().st_size
    print(f"{args.out}: {n} lover og forskrifter, {size / 1e6:.1f} MB")
    return 0
