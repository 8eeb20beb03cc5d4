"""Speed of validating the whole guidance graph: one pySHACL run over all of it
(``validate_store``, the baseline) against the same validation in parts on worker
processes (``validate_store_in_parts``, what ``hjemmel validate`` runs), and one product
(``validate_store(store, focus=[product])``), on stores of different sizes; whether the
parts find exactly what the whole run finds; seconds per recommendation and the ratios.

Targets: the parts take ≤ 1/10 of the whole run's time per recommendation; one product
stays ≥ 1,000× faster than the whole.

The whole run and the parts are timed ``--runs`` times each (default 1: the whole run at
10k takes minutes); one product is the median of five runs after one untimed run.

Run: ``PYTHONPATH=. .venv/bin/python tests/benchmarks/bench_validation.py``
``--store LABEL=DIR … [--runs N] [--workers N] [--no-whole LABEL …]`` (``--no-whole``:
skip the baseline for a store, e.g. 100k, and say it is extrapolated from the largest
store measured).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

from rdflib import URIRef

from graph.store.embedded import EmbeddedStore
from graph.validation.in_parts import validate_store_in_parts
from graph.validation.shacl import ValidationReport, validate_store

TODAY = dt.date(2026, 11, 29)


def timed(fn, runs: int) -> tuple[float, ValidationReport]:  # type: ignore[no-untyped-def]
    times, report = [], None
    for _ in range(runs):
        start = time.perf_counter()
        report = fn()
        times.append(time.perf_counter() - start)
    assert report is not None
    return statistics.median(times), report


def counts(store: EmbeddedStore) -> tuple[int, URIRef]:
    rows = store.select(
        "PREFIX hj: <https://w3id.org/hjemmel/ontology#> SELECT (COUNT(?r) AS ?n) "
        "(SAMPLE(?p) AS ?product) WHERE { ?r a hj:Recommendation ; hj:product ?p }"
    )
    return int(str(rows[0]["n"])), URIRef(str(rows[0]["product"]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", action="append", default=[], metavar="LABEL=DIR")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--no-whole", action="append", default=[], metavar="LABEL")
    args = parser.parse_args(argv)
    if not args.store:
        parser.error("give --store LABEL=DIR")
    rows = []
    per_rec_whole: float | None = None
    for spec in args.store:
        label, folder = spec.split("=", 1)
        store = EmbeddedStore(Path(folder), read_only=True)
        n, product = counts(store)
        parts_s, parts = timed(
            lambda s=store: validate_store_in_parts(s, today=TODAY, workers=args.workers),
            args.runs,
        )
        validate_store(store, focus=[product], today=TODAY)
        one_s = statistics.median(
            timed(lambda s=store, p=product: validate_store(s, focus=[p], today=TODAY), 1)[0]
            for _ in range(5)
        )
        if label in args.no_whole:
            whole_s, same, note = None, "–", "extrapolated"
        else:
            whole_s, whole = timed(lambda s=store: validate_store(s, today=TODAY), args.runs)
            same = "yes" if whole.results == parts.results else "NO"
            per_rec_whole, note = whole_s / n, "measured"
        store.close()
        base = whole_s / n if whole_s is not None else per_rec_whole
        rows.append((label, n, whole_s, base, note, parts_s, same, one_s, len(parts.results)))
    print(
        "| store | recommendations | whole pySHACL s | whole ms/rec | parts s | parts ms/rec "
        "| parts/whole per rec | same findings | findings | one product s | whole/one |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for label, n, whole_s, base, note, parts_s, same, one_s, found in rows:
        whole_text = f"{whole_s:.1f}" if whole_s is not None else f"({base * n:.0f}, {note})"
        ratio = f"{(parts_s / n) / base:.3f}" if base else "–"
        whole_total = whole_s if whole_s is not None else (base or 0) * n
        print(
            f"| {label} | {n} | {whole_text} | {1000 * (base or 0):.2f} | {parts_s:.1f} | "
            f"{1000 * parts_s / n:.2f} | {ratio} | {same} | {found} | {one_s:.3f} | "
            f"{whole_total / one_s:.0f}× |"
        )
    with open("/proc/loadavg") as f:
        print(f"\nload average: {f.read().strip()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
