"""``hjemmel import lovdata|helsedir|lovtidend FILE…``: real sources into the configured store.

Each importer module offers ``add_arguments(parser)`` and ``run_cli(args, store) -> int``.
"""

from __future__ import annotations

import argparse
import importlib

from graph.cli._common import settings_from, store_from
from graph.search import rebuild_index

_IMPORTERS = {
    "lovdata": "Lovdatas lover og forskrifter (tar.bz2, mappe eller XML-fil)",
    "helsedir": "Helsedirektoratets innholds-API (JSON-svar)",
    "lovtidend": "endringslover og endringsforskrifter fra Norsk Lovtidend (XML, mappe eller tar)",
}


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("import", help="importer ekte kilder / import real sources")
    sub = p.add_subparsers(dest="source", required=True, metavar="KILDE")
    for name, help_text in _IMPORTERS.items():
        try:
            module = importlib.import_module(f"graph.importers.{name}")
        except ModuleNotFoundError as e:
            if e.name != f"graph.importers.{name}":
                raise
            continue
        q = sub.add_parser(name, help=help_text)
        module.add_arguments(q)
        q.set_defaults(func=_runner(module))


def _runner(module: object):  # type: ignore[no-untyped-def]
    def run(args: argparse.Namespace) -> int:
        with store_from(args) as store:
            code = int(module.run_cli(args, store))  # type: ignore[attr-defined]
            info = rebuild_index(store, settings_from(args))
        print(f"{info.documents} dokumenter i søkeindeksen / documents in the search index")
        return code

    return run
