"""Guidance on provisions absent from the current text, and the page that lists it, on
stores of different size: the cost must follow the guidance, not the store.

For each store (opened read-only), the median of ``--runs`` runs after one warm-up of
:func:`graph.questions.absent.absent_bases` and of ``GET /endringer`` (page 1, which lists
it). Run from a checkout to measure its code, e.g. one run with ``PYTHONPATH=.`` and one
with another checkout on the path to compare two versions in the same session.

Run: ``PYTHONPATH=. .venv/bin/python tests/benchmarks/bench_absent.py STORE [STORE …]``
``[--runs 5]``
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

from graph.questions.absent import absent_bases
from graph.store.embedded import EmbeddedStore
from service.app import create_app


def _median(call: Callable[[], object], runs: int) -> float:
    call()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _measure(path: Path, runs: int) -> None:
    store = EmbeddedStore.read_only(path)
    rows = len(absent_bases(store))
    with TestClient(create_app(store=store)) as client:

        def page() -> None:
            assert client.get("/endringer").status_code == 200

        bases = _median(lambda: absent_bases(store), runs)
        endringer = _median(page, runs)
    print(
        f"{path}: absent_bases {bases:.3f} s ({rows} rows), "
        f"/endringer page 1 {endringer:.3f} s (median of {runs})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stores", nargs="+", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    for path in args.stores:
        _measure(path, args.runs)


if __name__ == "__main__":
    main()
