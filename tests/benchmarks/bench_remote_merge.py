"""What keeping the merge costs a remote store: a Lovdata import onto an Oxigraph server in
``merge`` mode (the store keeps the merge of the named graphs in the server's default graph)
against ``union`` mode (Oxigraph started with ``--union-default-graph``, nothing kept).

Each run starts a fresh server of each kind, loads the bundled graph, then times
``import_files`` of the first ``--acts`` acts of ``gjeldende-lover.tar.bz2`` (Bokmål), runs
alternating between the modes; reports the median of ``--runs`` and the ratio merge/union,
and what ``COUNT(*)`` over each default graph finds against the triples of the named graphs.

Run: ``PYTHONPATH=. .venv/bin/python tests/benchmarks/bench_remote_merge.py [--acts 100]``
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

import servers  # noqa: E402

from graph.importers.bundled import load_bundled  # noqa: E402
from graph.importers.lovdata import import_files  # noqa: E402
from graph.store.remote import DefaultGraphMode, RemoteStore  # noqa: E402

LOVER = ROOT.parent / "shared" / "data" / "lovdata" / "gjeldende-lover.tar.bz2"
COUNT_DEFAULT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
MODES: tuple[DefaultGraphMode, ...] = ("merge", "union")


def extract(folder: Path, acts: int) -> Path:
    with tarfile.open(LOVER, "r|bz2") as tar:
        n = 0
        for member in tar:
            if member.isfile() and member.name.endswith(".xml") and "nn" not in member.name:
                data = tar.extractfile(member)
                assert data is not None
                (folder / Path(member.name).name).write_bytes(data.read())
                n += 1
                if n == acts:
                    break
    return folder


def one_run(mode: DefaultGraphMode, acts: Path) -> tuple[float, int, int]:
    """Seconds of the import; triples of the default graph and of the named graphs."""
    with servers.oxigraph_server(union=mode == "union") as server:
        store = RemoteStore(
            server.query_url, server.update_url, server.graph_store_url, default_graph=mode
        )
        load_bundled(store)
        started = time.perf_counter()
        import_files(store, [acts], progress=False, workers=0)
        seconds = time.perf_counter() - started
        default = int(store.select(COUNT_DEFAULT)[0]["n"])
        return seconds, default, store.count()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--acts", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    times: dict[DefaultGraphMode, list[float]] = {"merge": [], "union": []}
    counts: dict[DefaultGraphMode, tuple[int, int]] = {}
    with tempfile.TemporaryDirectory(prefix="hjemmel-merge-") as tmp:
        acts = extract(Path(tmp), args.acts)
        for _ in range(args.runs):
            for mode in MODES:
                seconds, default, named = one_run(mode, acts)
                times[mode].append(seconds)
                counts[mode] = (default, named)
    print(f"Lovdata import of {args.acts} acts onto Oxigraph, median of {args.runs} runs")
    for mode in MODES:
        default, named = counts[mode]
        print(
            f"{mode:6} {statistics.median(times[mode]):8.1f} s   default graph {default:>9,} "
            f"triples, named graphs {named:>9,}"
        )
    ratio = statistics.median(times["merge"]) / statistics.median(times["union"])
    print(f"ratio merge/union: {ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
