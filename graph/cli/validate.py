"""``hjemmel validate``: check the store, or RDF files, against the SHACL shapes."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rdflib import Graph

from graph.cli._common import store_from, write_json
from graph.errors import UsageError
from graph.model.resources import parse_rdf_file
from graph.validation.in_parts import validate_store_in_parts
from graph.validation.shacl import (
    ENGINES,
    ValidationReport,
    validate_graph,
    validate_legislation,
    validate_store,
)


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "validate",
        help="valider grafen eller RDF-filer mot reglene (SHACL) / validate against the shapes",
        description=(
            "Uten filer valideres lagringen (kjør `hjemmel load` først); med filer valideres "
            "filene, mot lovverket i lagringen når det finnes. Avslutter med 1 ved brudd. / "
            "Without files the store is validated; with files, the files are. Exits 1 on a "
            "violation."
        ),
    )
    p.add_argument(
        "files",
        nargs="*",
        type=Path,
        metavar="FIL",
        help="Turtle, N-Triples, JSON-LD eller RDF/XML (format etter filendelsen)",
    )
    p.add_argument("--format", choices=("text", "turtle", "json"), default="text")
    p.add_argument(
        "--lang", choices=("nb", "en"), default="nb", help="språk i tekstrapporten / language"
    )
    p.add_argument(
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help="valider lagringen i deler på N prosesser (samme funn) / validate the store in "
        "parts on N processes with pySHACL (the same findings)",
    )
    p.add_argument(
        "--engine",
        choices=ENGINES,
        default="auto",
        help="hele lagringen: reglene som SPARQL (sparql), med pySHACL (pyshacl), eller SPARQL "
        "når reglene lar seg oversette, ellers pySHACL (auto) / the whole store: the shapes as "
        "SPARQL, with pySHACL, or SPARQL when the shapes compile, else pySHACL",
    )
    p.add_argument(
        "--lov",
        action="append",
        default=[],
        metavar="REFID",
        help="valider også én lov eller forskrift, f.eks. lov/2011-06-24-30 (kan gjentas)",
    )
    p.set_defaults(func=run)


def _read(files: list[Path]) -> Graph:
    data = Graph()
    for path in files:
        if not path.is_file():
            raise UsageError(f"finner ikke fila / file not found: {path}")
        data += parse_rdf_file(path)
    return data


def _print(report: ValidationReport, fmt: str, lang: str) -> None:
    if fmt == "json":
        write_json(report.outcome)
    elif fmt == "turtle":
        print(report.to_turtle())
    else:
        print(report.to_text(lang), end="")


def run(args: argparse.Namespace) -> int:
    data = _read(args.files) if args.files else None
    with store_from(args, read_only=True) as store:
        if data is not None:
            reports = [validate_graph(data, store if store.count() else None)]
        elif not store.count():
            print(
                "Lagringen er tom: kjør `hjemmel load` først. / "
                "The store is empty: run `hjemmel load` first.",
                file=sys.stderr,
            )
            return 2
        elif args.jobs:
            reports = [validate_store_in_parts(store, workers=args.jobs)]
        else:
            reports = [validate_store(store, engine=args.engine)]
        reports += [validate_legislation(store, refid) for refid in args.lov]
    for report in reports:
        _print(report, args.format, args.lang)
    return 1 if any(r.violations for r in reports) else 0
