"""Speed of ``hjemmel import lovdata`` on both full Lovdata files, against two floors
measured in the same run:

1. reading both tarballs and parsing every XML file with lxml, nothing else;
2. pyoxigraph's ``bulk_load`` of the same triples, as N-Triples, into a fresh store.

Run: ``.venv/bin/python tests/benchmarks/bench_lovdata_import.py [DATA_DIR]``
"""

from __future__ import annotations

import sys
import tarfile
import time
from pathlib import Path

import pyoxigraph as ox
from lxml import etree

from graph.importers.lovdata import import_files
from graph.store.embedded import EmbeddedStore

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "lovdata"
FILES = ("gjeldende-lover.tar.bz2", "gjeldende-sentrale-forskrifter.tar.bz2")


def parse_only(paths: list[Path]) -> tuple[float, int]:
    start = time.perf_counter()
    n = 0
    parser = etree.XMLParser(huge_tree=True, resolve_entities=False, no_network=True)
    for path in paths:
        with tarfile.open(path, "r|*") as tar:
            for member in tar:
                f = tar.extractfile(member) if member.isfile() else None
                if f is not None and member.name.endswith(".xml"):
                    etree.fromstring(f.read(), parser)
                    n += 1
    return time.perf_counter() - start, n


def main() -> None:
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else DATA
    paths = [data / name for name in FILES]

    t_parse, n_files = parse_only(paths)
    print(f"floor 1, lxml parse of {n_files} files: {t_parse:.1f} s", flush=True)

    store = EmbeddedStore()
    start = time.perf_counter()
    report = import_files(store, paths, progress=False)
    t_import = time.perf_counter() - start
    triples = store.count()
    print(f"import: {t_import:.1f} s, {triples} triples", flush=True)
    print(report.summary().splitlines()[0])

    nt = b"".join(
        q.subject.__str__().encode()
        + b" "
        + str(q.predicate).encode()
        + b" "
        + str(q.object).encode()
        + b" .\n"
        for q in store.oxigraph.quads_for_pattern(None, None, None, None)
    )
    del store
    fresh = ox.Store()
    start = time.perf_counter()
    fresh.bulk_load(nt, format=ox.RdfFormat.N_TRIPLES)
    t_bulk = time.perf_counter() - start
    print(
        f"floor 2, pyoxigraph bulk_load of {len(fresh)} triples ({len(nt) / 1e6:.0f} MB): "
        f"{t_bulk:.1f} s"
    )
    print(
        f"import / parse = {t_import / t_parse:.2f}; import / bulk_load = {t_import / t_bulk:.2f}"
    )


if __name__ == "__main__":
    main()
