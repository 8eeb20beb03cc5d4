"""Overlaps, counts, stats and the handlingsrom of one target group on stores of growing
size: hjemmel against the same SPARQL on raw pyoxigraph, and against the queries of an
earlier revision ("before").

For each store (read-only) and each question: ``hjemmel`` is the time of the ``graph``
function (its queries and the Python around them); ``raw`` replays the exact SPARQL texts
that call sent (parameters bound) on the same ``pyoxigraph.Store``, reading every row;
``before`` runs the named queries of ``--before`` (a git revision, default ``main``) with
the same parameters, each run in a child process killed after ``--before-timeout`` seconds.
Printed per question and store: median of ``--runs`` runs in ms, max/min of those runs,
the ratio hjemmel/raw, and before/hjemmel.

Run: ``PYTHONPATH=. .venv/bin/python tests/benchmarks/bench_overlaps.py [--runs 10]``
``[--store NAME=PATH ...] [--before REV] [--no-before] [--only TEXT]``; without ``--store``
the stores below that exist: the bundled graph, the national store (bundled + all of
Lovdata) and the national store with 1k, 10k and 100k synthetic recommendations
(``tests/benchmarks/national_corpus.py``).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import URIRef

ROOT = Path(__file__).resolve().parents[2]

from graph.questions import handlingsrom, overlaps, stats  # noqa: E402
from graph.questions.named import run_query  # noqa: E402
from graph.store.embedded import EmbeddedStore  # noqa: E402

B = "https://w3id.org/hjemmel/"
PJF_6G = URIRef(B + "forskrift/2019-03-01-168/paragraf/6/ledd/1/bokstav/g")
HOL_12_5 = URIRef(B + "lov/2011-06-24-30/paragraf/12-5")
PRIO = URIRef(
    B + "produkt/nasjonal-veileder-for-prioriteringer-i-kommunale-helse-og-omsorgstjenester"
)
SYNTHETIC_PRODUCT = URIRef(B + "produkt/syntetisk-0")
LEADER = URIRef(B + "malgruppe/virksomhetsleder")
SYNTHETIC_GROUP = URIRef(B + "malgruppe/syntetisk-0")
PAGE = 100

STORES = {
    "bundled": Path("/tmp/hjemmel-benchpages/bundled"),
    "national": Path("/tmp/hjemmel-benchpages/national"),
    "1k": Path("/tmp/hjemmel-corpus/n1000"),
    "10k": Path("/tmp/hjemmel-corpus/n10000"),
    "100k": Path("/tmp/hjemmel-corpus/n100000"),
}


@dataclass(frozen=True)
class Case:
    name: str
    call: Callable[[EmbeddedStore], object]
    before: list[tuple[str, dict[str, URIRef]]]
    """the named queries of the earlier revision that answered the same question"""
    synthetic: bool = False
    """only on stores with the synthetic corpus"""


CASES = [
    Case(
        "overlaps, provision pjf. § 6 g",
        lambda s: overlaps.overlaps(s, provision=PJF_6G),
        [("overlaps", {"provision": PJF_6G})],
    ),
    Case(
        "overlaps, provision hol. § 12-5",
        lambda s: overlaps.overlaps(s, provision=HOL_12_5),
        [("overlaps", {"provision": HOL_12_5})],
    ),
    Case(
        "overlaps, product (prioriteringer)",
        lambda s: overlaps.overlaps(s, product=PRIO),
        [("overlaps", {"product": PRIO})],
    ),
    Case(
        "overlaps, product syntetisk-0",
        lambda s: overlaps.overlaps(s, product=SYNTHETIC_PRODUCT),
        [("overlaps", {"product": SYNTHETIC_PRODUCT})],
        synthetic=True,
    ),
    Case(
        f"overlaps, whole list: first {PAGE}",
        lambda s: overlaps.overlap_page(s, PAGE),
        [("overlaps", {})],
    ),
    Case(
        "overlaps, whole list: total (uncached)",
        lambda s: run_query(s, "overlaps-count"),
        [("overlaps", {})],
    ),
    Case("counts, all products", lambda s: run_query(s, "counts"), [("counts", {})]),
    Case(
        "counts, one product",
        lambda s: run_query(s, "counts", product=PRIO),
        [("counts", {"product": PRIO})],
    ),
    Case("stats", stats.stats, [("stats", {})]),
    Case(
        "handlingsrom virksomhetsleder",
        lambda s: handlingsrom.handlingsrom(s, LEADER),
        [("requirements-for-target", {"target": LEADER})],
    ),
    Case(
        "handlingsrom syntetisk-0",
        lambda s: handlingsrom.handlingsrom(s, SYNTHETIC_GROUP),
        [("requirements-for-target", {"target": SYNTHETIC_GROUP})],
        synthetic=True,
    ),
]


class _Recorder:
    """Stands in for a ``pyoxigraph.Store``: passes every query on and keeps its text."""

    def __init__(self, inner: ox.Store) -> None:
        self.inner = inner
        self.sent: list[tuple[str, dict[str, Any]]] = []

    def query(self, query: str, **kwargs: Any) -> Any:
        self.sent.append((query, kwargs))
        return self.inner.query(query, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def _consume(result: Any) -> int:
    if isinstance(result, ox.QuerySolutions | ox.QueryTriples):
        return sum(1 for _ in result)
    return 1


def _replay(raw: ox.Store, sent: list[tuple[str, dict[str, Any]]]) -> None:
    for query, kwargs in sent:
        _consume(raw.query(query, **kwargs))


def _old_text(rev: str, name: str) -> str:
    return subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{rev}:queries/{name}.rq"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def _before_child(path: str, queries: list[tuple[str, dict[str, URIRef]]], out: Any) -> None:
    store = EmbeddedStore.read_only(path)
    started = time.perf_counter()
    for text, params in queries:
        store.select(text, params)
    out.send(time.perf_counter() - started)


def _time_before(
    path: Path, queries: list[tuple[str, dict[str, URIRef]]], runs: int, timeout: float
) -> list[float] | str:
    times: list[float] = []
    spent = 0.0
    ctx = mp.get_context("fork")
    for _ in range(runs):
        here, there = ctx.Pipe(duplex=False)
        child = ctx.Process(target=_before_child, args=(str(path), queries, there))
        child.start()
        if here.poll(timeout):
            times.append(here.recv())
            child.join()
        else:
            child.kill()
            child.join()
            return f"> {timeout:.0f} s" + (f" (after {len(times)} runs)" if times else "")
        spent += times[-1]
        if spent > 3 * timeout:
            break
    return times


def _fmt(times: list[float]) -> tuple[str, str]:
    return f"{statistics.median(times) * 1000:.1f}", f"{max(times) / min(times):.2f}"


def bench_store(label: str, path: Path, args: argparse.Namespace) -> None:
    store = EmbeddedStore.read_only(path)
    raw = store._store
    recorder = _Recorder(raw)
    synthetic = bool(
        raw.query(f"ASK {{ <{SYNTHETIC_PRODUCT}> ?p ?o }}")  # the corpus was added
    )
    for case in CASES:
        if args.only and args.only not in case.name:
            continue
        if case.synthetic and not synthetic:
            continue
        store._store = recorder  # type: ignore[assignment]
        recorder.sent = []
        case.call(store)  # untimed: opens the caches, records the queries
        sent = list(recorder.sent)
        store._store = raw
        ours: list[float] = []
        theirs: list[float] = []
        for _ in range(args.runs):
            started = time.perf_counter()
            case.call(store)
            ours.append(time.perf_counter() - started)
            started = time.perf_counter()
            _replay(raw, sent)
            theirs.append(time.perf_counter() - started)
        ours_ms, ours_spread = _fmt(ours)
        raw_ms, raw_spread = _fmt(theirs)
        ratio = statistics.median(ours) / statistics.median(theirs)
        before_cells = ["", "", ""]
        if args.before:
            queries = [(_old_text(args.before, name), params) for name, params in case.before]
            before = _time_before(path, queries, args.runs, args.before_timeout)
            if isinstance(before, str):
                before_cells = [
                    before,
                    "",
                    "≥ " + f"{args.before_timeout / statistics.median(ours):.0f}",
                ]
            else:
                b_ms, b_spread = _fmt(before)
                before_cells = [
                    b_ms,
                    b_spread,
                    f"{statistics.median(before) / statistics.median(ours):.1f}",
                ]
        print(
            f"| {case.name} | {label} | {len(sent)} | {ours_ms} | {ours_spread} | {raw_ms} | "
            f"{raw_spread} | {ratio:.2f} | " + " | ".join(before_cells) + " |",
            flush=True,
        )
    store.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--store", action="append", default=[], help="NAME=PATH (repeatable)")
    parser.add_argument("--before", default="main", help="git revision of the earlier queries")
    parser.add_argument("--no-before", dest="before", action="store_const", const="")
    parser.add_argument("--before-timeout", type=float, default=120.0)
    parser.add_argument("--only", help="only questions whose name contains this")
    args = parser.parse_args(argv)
    stores = (
        {name: Path(path) for name, path in (s.split("=", 1) for s in args.store)}
        if args.store
        else {name: path for name, path in STORES.items() if (path / "CURRENT").exists()}
    )
    print(f"# {' '.join(sys.argv)}")
    print(f"# /proc/loadavg at start: {Path('/proc/loadavg').read_text().strip()}")
    print(
        "| question | store | queries | hjemmel ms | max/min | raw ms | max/min | "
        "hjemmel/raw | before ms | max/min | before/hjemmel |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for label, path in stores.items():
        bench_store(label, path, args)
    print(f"# /proc/loadavg at end: {Path('/proc/loadavg').read_text().strip()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
