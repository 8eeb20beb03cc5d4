"""Speed of validating the whole guidance graph: one pySHACL run over all of it (the
baseline) against the shapes compiled to SPARQL (``graph/validation/sparql_engine.py``,
what ``hjemmel validate`` runs), optionally the pySHACL parts on worker processes
(``validate_store_in_parts``, ``--parts``), and one product
(``validate_store(store, focus=[product])``), on stores of different sizes; whether each
engine finds exactly what the whole pySHACL run finds; seconds per recommendation and the
ratios.

Both whole-graph engines validate the same data graph, fetched once per store from the
named CONSTRUCT queries ``validation-data`` and ``validation-context`` (timed as "fetch"
and added to each engine's time): pySHACL parses it into rdflib, the SPARQL engine loads
it into an in-memory pyoxigraph store.

Targets: the SPARQL engine takes ≤ 1/10 of the whole pySHACL run's time per
recommendation; one product stays ≥ 1,000× faster than the whole.

The whole runs are timed ``--runs`` times each (default 1); one product is the median of
five runs after one untimed run.

Run: ``PYTHONPATH=. .venv/bin/python tests/benchmarks/bench_validation.py``
``--store LABEL=DIR … [--runs N] [--parts] [--workers N] [--no-whole LABEL …]``
(``--no-whole``: skip the pySHACL baseline for a store, e.g. 100k, and compare with the
per-recommendation time of the largest store measured).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from rdflib import Graph, URIRef

from graph.questions.named import get_query
from graph.store.base import RdfFormat
from graph.store.embedded import EmbeddedStore
from graph.validation import shacl, sparql_engine
from graph.validation.in_parts import validate_store_in_parts
from graph.validation.shacl import validate_store

TODAY = dt.date(2026, 11, 29)
T = TypeVar("T")


def timed(fn: Callable[[], T], runs: int) -> tuple[float, T]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    assert result is not None
    return statistics.median(times), result


def counts(store: EmbeddedStore) -> tuple[int, URIRef]:
    rows = store.select(
        "PREFIX hj: <https://w3id.org/hjemmel/ontology#> SELECT (COUNT(?r) AS ?n) "
        "(SAMPLE(?p) AS ?product) WHERE { ?r a hj:Recommendation ; hj:product ?p }"
    )
    return int(str(rows[0]["n"])), URIRef(str(rows[0]["product"]))


def fetch(store: EmbeddedStore) -> list[bytes]:
    return [
        store.query_serialized(get_query(name).text, rdf_format=RdfFormat.NTRIPLES).body
        for name in ("validation-data", "validation-context")
    ]


def pyshacl_whole(answers: list[bytes]) -> shacl.ValidationReport:
    data = Graph()
    for body in answers:
        data.parse(data=body.decode("utf-8"), format="nt")
    return shacl._run(data, TODAY, owned=True)


def sparql_whole(answers: list[bytes]) -> shacl.ValidationReport:
    return sparql_engine.validate_data_sparql(sparql_engine._load(answers), TODAY)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", action="append", default=[], metavar="LABEL=DIR")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--parts", action="store_true", help="also time the pySHACL parts")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--no-whole", action="append", default=[], metavar="LABEL")
    args = parser.parse_args(argv)
    if not args.store:
        parser.error("give --store LABEL=DIR")
    print(
        "| store | recommendations | fetch s | pySHACL whole s | pySHACL ms/rec | SPARQL s "
        "| SPARQL ms/rec | SPARQL/pySHACL per rec | same findings | findings | parts s "
        "| one product s | pySHACL whole/one |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    per_rec_whole: float | None = None
    for spec in args.store:
        label, folder = spec.split("=", 1)
        store = EmbeddedStore(Path(folder), read_only=True)
        n, product = counts(store)
        fetch_s, answers = timed(lambda s=store: fetch(s), 1)  # type: ignore[misc]
        sparql_s, ours = timed(lambda a=answers: sparql_whole(a), args.runs)  # type: ignore[misc]
        sparql_s += fetch_s
        validate_store(store, focus=[product], today=TODAY)
        one_s = statistics.median(
            timed(lambda s=store, p=product: validate_store(s, focus=[p], today=TODAY), 1)[0]
            for _ in range(5)
        )
        parts_text = "–"
        if args.parts:
            parts_s, parts = timed(
                lambda s=store: validate_store_in_parts(s, today=TODAY, workers=args.workers),
                args.runs,
            )
            parts_text = f"{parts_s:.1f}" + ("" if parts.results == ours.results else " (differ)")
        if label in args.no_whole:
            whole_s, same, note = None, "–", "extrapolated"
        else:
            whole_s, whole = timed(lambda a=answers: pyshacl_whole(a), args.runs)  # type: ignore[misc]
            whole_s += fetch_s
            same = "yes" if whole.results == ours.results else "NO"
            per_rec_whole, note = whole_s / n, "measured"
        store.close()
        base = whole_s / n if whole_s is not None else per_rec_whole
        if whole_s is not None:
            whole_text = f"{whole_s:.1f}"
        else:
            whole_text = f"({base * n:.0f}, {note})" if base else "–"
        ratio = f"{(sparql_s / n) / base:.3f}" if base else "–"
        whole_total = whole_s if whole_s is not None else (base or 0) * n
        print(
            f"| {label} | {n} | {fetch_s:.1f} | {whole_text} | {1000 * (base or 0):.2f} | "
            f"{sparql_s:.1f} | {1000 * sparql_s / n:.2f} | {ratio} | {same} | "
            f"{len(ours.results)} | {parts_text} | {one_s:.3f} | "
            f"{f'{whole_total / one_s:.0f}×' if whole_total else '–'} |",
            flush=True,
        )
    with open("/proc/loadavg") as f:
        print(f"\nload average: {f.read().strip()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
