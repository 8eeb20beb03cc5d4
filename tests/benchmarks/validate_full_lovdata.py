"""Import both full Lovdata files into an in-memory store and validate every act and
regulation against the shapes, one Lovdata graph at a time; print the findings by shape and
the time taken.

Run: ``.venv/bin/python tests/benchmarks/validate_full_lovdata.py [DATA_DIR]``
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

from graph.importers.bundled import load_bundled
from graph.importers.lovdata import import_files
from graph.store.embedded import EmbeddedStore
from graph.validation.shacl import validate_legislation

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "lovdata"
FILES = ("gjeldende-lover.tar.bz2", "gjeldende-sentrale-forskrifter.tar.bz2")
PREFIX = "https://w3id.org/hjemmel/graf/lovdata/"


def main(data: Path) -> int:
    store = EmbeddedStore()
    load_bundled(store)
    start = time.perf_counter()
    report = import_files(store, [data / name for name in FILES], progress=False)
    imported = time.perf_counter() - start
    print(report.summary())
    print(f"import: {imported:.1f} s, {store.count()} tripler / triples i alt")

    refids = sorted(str(g)[len(PREFIX) :] for g in store.graph_names() if str(g).startswith(PREFIX))
    start = time.perf_counter()
    by_shape: Counter[tuple[str, str]] = Counter()
    acts_with_findings = 0
    for refid in refids:
        results = validate_legislation(store, refid).results
        acts_with_findings += bool(results)
        by_shape.update((f.severity, f.shape) for f in results)
    validated = time.perf_counter() - start
    print(f"validering / validation: {len(refids)} lover og forskrifter på {validated:.1f} s")
    print(f"  med funn / with findings: {acts_with_findings}")
    for (severity, shape), n in by_shape.most_common():
        print(f"  {n:>6}  {severity:<9} {shape}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else DATA))
