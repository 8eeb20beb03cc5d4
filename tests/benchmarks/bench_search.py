"""Speed of the search index: build time and query time, on the bundled graph, and with
``--lovdata DIR`` on the bundled graph plus both full Lovdata files.

Run: ``.venv/bin/python tests/benchmarks/bench_search.py [--lovdata DATA_DIR]``
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from graph.importers.bundled import load_bundled
from graph.search import rebuild_index, search
from graph.store.embedded import EmbeddedStore

QUERIES = (
    "prioriteringer",
    "virksomhetsledere",
    "forsvarilg",
    "journal",
    "helsepersonelloven taushetsplikt",
    "hol § 12-5",
    "pasientjournalforskriften § 6 g",
)
FILES = ("gjeldende-lover.tar.bz2", "gjeldende-sentrale-forskrifter.tar.bz2")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lovdata", type=Path, help="folder holding both Lovdata tarballs")
    args = parser.parse_args()
    store = EmbeddedStore()
    load_bundled(store)
    if args.lovdata:
        from graph.importers.lovdata import import_files

        start = time.perf_counter()
        import_files(store, [args.lovdata / f for f in FILES], progress=False)
        print(f"lovdata import: {time.perf_counter() - start:.1f} s", flush=True)
    info = rebuild_index(store)
    print(f"index build: {info.documents} documents in {info.seconds:.2f} s", flush=True)
    for q in QUERIES:
        times = []
        for _ in range(5):
            start = time.perf_counter()
            result = search(store, q)
            times.append(time.perf_counter() - start)
        print(
            f"{q!r:40} median {statistics.median(times) * 1000:6.1f} ms, "
            f"{result.total} hits{' (reference)' if result.reference else ''}"
        )


if __name__ == "__main__":
    main()
