"""Counts, stats and the front page answered from the figures kept at load, against
counting the store afresh.

For each ``--store NAME=PATH`` (opened read-only, never written): a copy is made with
``pyoxigraph.Store.backup`` (hard links) into ``--work``, opened writable, and the figures
are written into it (``refresh_statistics``: the VoID figures and the tallies; the time of
the tallies alone is printed too). Then each question is timed ``--runs`` times:
``before`` on the read-only original, which holds no tallies, so every question counts
afresh (the code path of a store without them), ``after`` on the copy. The front page is
``GET /`` through the app with the per-version cache emptied before each run (the first
request after a load). Median in ms, and before/after. The copy is deleted at the end.

Run: ``PYTHONPATH=. .venv/bin/python tests/benchmarks/bench_stored_counts.py --runs 5``
``--store 1k=/tmp/hjemmel-corpus/n1000 --work /tmp/counts-bench``
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
from fastapi.testclient import TestClient
from rdflib import URIRef

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from graph.importers.statistics import refresh_statistics  # noqa: E402
from graph.questions import stats, tallies  # noqa: E402
from graph.questions.named import run_query  # noqa: E402
from graph.settings import Settings  # noqa: E402
from graph.store import version_cache  # noqa: E402
from graph.store.base import Store  # noqa: E402
from graph.store.embedded import EmbeddedStore  # noqa: E402
from service.app import create_app  # noqa: E402

PRIO = URIRef(
    "https://w3id.org/hjemmel/produkt/"
    "nasjonal-veileder-for-prioriteringer-i-kommunale-helse-og-omsorgstjenester"
)


def _median_ms(call: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _front_page(client: TestClient) -> Callable[[], object]:
    def call() -> object:
        version_cache._caches.clear()
        response = client.get("/")
        assert response.status_code == 200, response.status_code
        return response

    return call


def _questions(store: Store, client: TestClient) -> dict[str, Callable[[], object]]:
    return {
        "counts, all products": lambda: tallies.counts(store),
        "counts, one product": lambda: tallies.counts(store, PRIO),
        "stats": lambda: stats.stats(store),
        "front page (first request after a load)": _front_page(client),
    }


def _time_all(store: Store, runs: int, front_runs: int) -> dict[str, float]:
    app = create_app(Settings(store_path=None), store=store)
    with TestClient(app) as client:
        return {
            name: _median_ms(call, front_runs if name.startswith("front") else runs)
            for name, call in _questions(store, client).items()
        }


def bench(name: str, source: Path, work: Path, runs: int, front_runs: int, reuse: bool) -> None:
    copy = work / name
    fresh = not (reuse and copy.exists())
    if fresh:
        shutil.rmtree(copy, ignore_errors=True)
        work.mkdir(parents=True, exist_ok=True)
        ox.Store.read_only(str(source)).backup(str(copy))
    try:
        writable = EmbeddedStore(copy)
        started = time.perf_counter()
        tallies.compute_tallies(writable)
        tally_s = time.perf_counter() - started
        started = time.perf_counter()
        if fresh:
            refresh_statistics(writable)
        refresh_s = time.perf_counter() - started
        assert tallies.tallies_current(writable)
        rows = len(run_query(writable, "counts"))
        print(
            f"{name}: tallies computed in {tally_s:.2f} s; refresh_statistics (VoID + tallies)"
            f" {refresh_s:.2f} s; {rows} rows of counts",
            flush=True,
        )
        original = EmbeddedStore(source, read_only=True)
        assert not tallies.tallies_current(original)
        before = _time_all(original, runs, front_runs)
        original.close()
        after = _time_all(writable, runs, runs)
        writable.close()
        print("| question | store | before ms | after ms | before/after |")
        print("| --- | --- | ---: | ---: | ---: |")
        for question, was in before.items():
            now = after[question]
            print(f"| {question} | {name} | {was:.1f} | {now:.1f} | {was / now:.0f} |", flush=True)
    finally:
        shutil.rmtree(copy, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", action="append", required=True, help="NAME=PATH")
    parser.add_argument("--work", type=Path, default=Path("/tmp/hjemmel-stored-counts"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--front-page-runs-before", type=int, default=None, help="fewer runs of the slow one"
    )
    parser.add_argument(
        "--reuse", action="store_true", help="use a copy left in --work by an earlier run"
    )
    args = parser.parse_args(argv)
    print(f"/proc/loadavg: {Path('/proc/loadavg').read_text().strip()}", flush=True)
    for spec in args.store:
        name, _, path = spec.partition("=")
        front_runs = args.front_page_runs_before or args.runs
        bench(name, Path(path), args.work, args.runs, front_runs, args.reuse)
        print(f"/proc/loadavg: {Path('/proc/loadavg').read_text().strip()}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
