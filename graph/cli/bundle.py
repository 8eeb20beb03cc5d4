"""``hjemmel bundle``: rebuild ``graph/data/legislation.nq.gz``, the legislation shipped with
the package, from the Lovdata files."""

from __future__ import annotations

import argparse
from pathlib import Path

from graph.importers.bundle import DEFAULT_LOVDATA, build_bundle
from graph.model.resources import data_dir


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "bundle",
        help="skriv den medfølgende lovgivningen / write the bundled legislation",
        description="Skriv graph/data/legislation.nq.gz / write the bundled legislation",
    )
    p.add_argument("--lovdata", type=Path, default=DEFAULT_LOVDATA, help="mappe med tarballene")
    p.add_argument("--out", type=Path, default=data_dir() / "legislation.nq.gz")
    p.add_argument("refid", nargs="*", help="flere lover å ta med / more acts to include")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    report = build_bundle(args.out, args.lovdata, args.refid)
    print(
        f"{args.out}: {len(report.included)} lover og forskrifter, {report.triples} tripler, "
        f"{report.bytes / 1e6:.1f} MB"
    )
    if report.unknown:
        print(
            "Mål som ikke finnes i lovregisteret / targets not in the legislation index: "
            + ", ".join(report.unknown)
        )
    if report.missing:
        print(
            "Finnes ikke i Lovdata-filene / not in the Lovdata files: " + ", ".join(report.missing)
        )
    return 0
