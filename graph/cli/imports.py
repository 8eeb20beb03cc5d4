"""``hjemmel import lovdata|helsedir|lovtidend FILE…``: real sources into the configured store."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from graph.cli._common import add_format, settings_from, store_from, to_json, write_json
from graph.search import rebuild_index
from graph.search.index import BuildInfo, index_for
from graph.store import Store

ImportRun = Callable[[argparse.Namespace, Store], int]


def _files(parser: argparse.ArgumentParser, help_text: str) -> None:
    parser.add_argument("files", nargs="+", type=Path, metavar="FIL", help=help_text)


def _lovdata(args: argparse.Namespace, store: Store) -> int:
    from graph.importers.lovdata import import_files

    progress = args.progress and args.format != "json"
    args.written_acts = {}
    report = import_files(
        store, args.files, progress=progress, workers=args.workers, written=args.written_acts
    )
    if args.format == "json":
        args.json_report = to_json(report)
    else:
        print(report.summary())
    return 0


def _helsedir(args: argparse.Namespace, store: Store) -> int:
    """Skal-recommendations lacking a legal basis are listed, not refused: the exit code is
    0 when the import succeeded."""
    from graph.importers.helsedir import expand_paths, import_files

    report = import_files(store, expand_paths(args.files))
    if args.format == "json":
        args.json_report = to_json(report)
        return 0
    for line in report.lines():
        print(line)
    return 0


def _lovtidend(args: argparse.Namespace, store: Store) -> int:
    from graph.importers.lovtidend import import_files

    report = import_files(store, args.files)
    if args.format == "json":
        unread = [c for a in report.acts for c in a.unread]
        args.json_report = {
            "acts": [a.refid for a in report.acts],
            "changes": len(report.changes),
            "unread": len(unread),
            "acts_not_stored": report.acts_not_stored,
            "missing_targets": [target for _, _, target in report.missing],
            "triples": report.triples,
        }
    else:
        print(report.summary())
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("import", help="importer ekte kilder / import real sources")
    sub = p.add_subparsers(dest="source", required=True, metavar="KILDE")

    lovdata = sub.add_parser(
        "lovdata", help="Lovdatas lover og forskrifter (tar.bz2, mappe eller XML-fil)"
    )
    _files(
        lovdata,
        "gjeldende-lover.tar.bz2, gjeldende-sentrale-forskrifter.tar.bz2, en mappe eller XML-filer",
    )
    lovdata.add_argument(
        "--prosesser",
        "--workers",
        dest="workers",
        type=int,
        default=None,
        metavar="N",
        help="tolk filene i N prosesser / parse in N processes (standard: én per kjerne for "
        "arkiver og mapper; 0 = i denne prosessen)",
    )
    lovdata.add_argument(
        "--uten-fremdrift",
        "--no-progress",
        dest="progress",
        action="store_false",
        help="ingen fremdriftslinje / no progress bar",
    )
    add_format(lovdata)
    lovdata.set_defaults(func=_runner(_lovdata))

    helsedir = sub.add_parser("helsedir", help="Helsedirektoratets innholds-API (JSON-svar)")
    _files(
        helsedir,
        "JSON-svar fra api.helsedirektoratet.no, eller mapper med slike (index.json brukes "
        "for endepunktene)",
    )
    add_format(helsedir)
    helsedir.set_defaults(func=_runner(_helsedir))

    lovtidend = sub.add_parser(
        "lovtidend",
        help="endringslover og endringsforskrifter fra Norsk Lovtidend (XML, mappe eller tar)",
    )
    _files(
        lovtidend,
        "Norsk Lovtidend-dokumenter: XML-filer, en mappe eller et tar-arkiv (.tar, .tar.bz2)",
    )
    add_format(lovtidend)
    lovtidend.set_defaults(func=_runner(_lovtidend))


_UPDATE_ACTS = 200
"""Up to this many Lovdata acts written, the search index is updated for them alone."""


def _refresh_index(args: argparse.Namespace, store: Store) -> BuildInfo:
    """Rebuild the search index; after a Lovdata import that wrote few acts (or none),
    update it for those acts only."""
    settings = settings_from(args)
    acts: dict[str, list[str]] | None = getattr(args, "written_acts", None)
    if acts is not None and len(acts) <= _UPDATE_ACTS:
        index = index_for(store, settings)
        if not acts and index.info is not None:
            return index.info
        return index.update_acts(store, acts)
    return rebuild_index(store, settings)


def _runner(run: ImportRun) -> Callable[[argparse.Namespace], int]:
    def command(args: argparse.Namespace) -> int:
        with store_from(args) as store:
            code = run(args, store)
            info = _refresh_index(args, store)
        if args.format == "json":
            write_json({**args.json_report, "search_documents": info.documents})
        else:
            print(f"{info.documents} dokumenter i søkeindeksen / documents in the search index")
        return code

    return command
