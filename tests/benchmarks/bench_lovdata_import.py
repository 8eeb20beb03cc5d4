"""Speed and memory of ``hjemmel import lovdata`` as users run it: the command line, in its
own process, into a store on disk that holds the bundled graph (``hjemmel load``), on both
full Lovdata files. Measured in the same run against two floors:

1. reading both tarballs and parsing every XML file with lxml, nothing else (one process);
2. pyoxigraph's ``bulk_load`` of the same quads (the imported store's dump, N-Quads) into a
   fresh store on disk;

and a re-import of one changed act: a small tar of real acts, written under the work folder,
imported once, then imported again with one act's text altered (and back), each time into
the store that holds all of Lovdata.

Each command runs in a subprocess; wall time, and peak RSS of the process tree (the sum over
the command and its parse workers, polled every 50 ms) and of its largest single process
(``wait4``). Medians of ``--runs`` runs (default 3; ``--runs 1`` for one pass, a full run
takes minutes). The machine's load (``/proc/loadavg``) is printed before and after.

Run: ``PYTHONPATH=. .venv/bin/python tests/benchmarks/bench_lovdata_import.py [--runs N]
[--data DIR] [--work DIR]``
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "data" / "lovdata"
FILES = ("gjeldende-lover.tar.bz2", "gjeldende-sentrale-forskrifter.tar.bz2")
SMALL_ACTS = 20
CHANGED = "nl-20110624-030.xml"  # helse- og omsorgstjenesteloven, altered in the small tar


@dataclass
class Run:
    seconds: float
    tree_rss_mb: float
    process_rss_mb: float


def _tree_rss(root: int) -> int:
    """Resident bytes of ``root`` and its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
        except (OSError, IndexError, ValueError):
            continue
    total, todo = 0, [root]
    page = os.sysconf("SC_PAGE_SIZE")
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            with open(f"/proc/{pid}/statm", "rb") as f:
                total += int(f.read().split()[1]) * page
        except (OSError, IndexError, ValueError):
            continue
    return total


def measure(cmd: list[str], env: dict[str, str] | None = None) -> Run:
    start = time.perf_counter()
    process = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    peak = 0
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        peak = max(peak, _tree_rss(process.pid))
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    out = process.stdout.read().decode() if process.stdout else ""
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({process.returncode}):\n{out}")
    return Run(seconds, peak / 1e6, usage.ru_maxrss / 1e3)


def parse_floor(paths: list[Path]) -> None:
    from lxml import etree

    parser = etree.XMLParser(huge_tree=True, resolve_entities=False, no_network=True)
    n = 0
    for path in paths:
        with tarfile.open(path, "r|*") as tar:
            for member in tar:
                f = tar.extractfile(member) if member.isfile() else None
                if f is not None and member.name.endswith(".xml"):
                    etree.fromstring(f.read(), parser)
                    n += 1
    print(f"{n} files")


def bulk_floor(nquads: Path, store: Path) -> None:
    import pyoxigraph as ox

    s = ox.Store(str(store))
    s.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    s.flush()
    print(f"{len(s)} quads")


def dump(store: Path, out: Path) -> None:
    import pyoxigraph as ox

    ox.Store.read_only(str(store)).dump(str(out), ox.RdfFormat.N_QUADS)


def altered(xml: bytes) -> bytes:
    """``xml`` with the first ledd of § 12-5 given another text."""
    from lxml import etree

    root = etree.fromstring(xml)
    (ledd,) = root.xpath("//article[@data-name='§12-5']/article[@class='legalP'][1]")
    ledd.text = "Helsedirektoratet skal utvikle og vedlikeholde nasjonale faglige råd."
    for child in ledd:
        ledd.remove(child)
    return bytes(etree.tostring(root, encoding="utf-8"))


def small_tars(source: Path, folder: Path) -> tuple[Path, Path]:
    """The first acts of ``source`` and ``CHANGED`` as a tar, and the same tar with one
    provision's text of ``CHANGED`` altered."""
    docs: list[tuple[str, bytes]] = []
    with tarfile.open(source, "r|*") as tar:
        for member in tar:
            f = tar.extractfile(member) if member.isfile() else None
            if f is None or not member.name.endswith(".xml"):
                continue
            if len(docs) < SMALL_ACTS or member.name.endswith(CHANGED):
                docs.append((member.name, f.read()))
    changed = [(n, altered(d)) if n.endswith(CHANGED) else (n, d) for n, d in docs]
    assert changed != docs, f"{CHANGED} is not in {source}"
    out = []
    for name, content in (("small.tar.bz2", docs), ("small-changed.tar.bz2", changed)):
        path = folder / name
        with tarfile.open(path, "w:bz2") as tar:
            for member, data in content:
                info = tarfile.TarInfo(member)
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
        out.append(path)
    return out[0], out[1]


def _cli(store: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "graph", "--store-path", str(store), *args]


def _load() -> str:
    return Path("/proc/loadavg").read_text().strip()


def _median(runs: list[Run]) -> Run:
    return Run(
        statistics.median(r.seconds for r in runs),
        statistics.median(r.tree_rss_mb for r in runs),
        statistics.median(r.process_rss_mb for r in runs),
    )


def _line(label: str, r: Run, floor: float | None = None) -> str:
    ratio = f"{r.seconds / floor:6.2f}×" if floor else "       "
    return (
        f"| {label:<44} | {r.seconds:8.2f} | {ratio} | {r.tree_rss_mb:7.0f} | "
        f"{r.process_rss_mb:7.0f} |"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--work", type=Path, default=None, help="folder for the stores (removed)")
    args = ap.parse_args()
    paths = [args.data / name for name in FILES]
    work = Path(tempfile.mkdtemp(prefix="hjemmel-bench-import-", dir=args.work))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    me = [sys.executable, str(Path(__file__).resolve())]
    try:
        print(f"load before: {_load()}", flush=True)
        bundled = work / "bundled"
        measure(_cli(bundled, "load"), env)
        small, changed = small_tars(paths[0], work)

        parse_runs, import_runs, bulk_runs, reimport_runs = [], [], [], []
        full = [str(p) for p in paths]
        for i in range(args.runs):
            parse_runs.append(measure([*me, "--floor-parse", *full], env))
            print(f"parse floor: {parse_runs[-1]}", flush=True)
            store = work / f"store-{i}"
            shutil.rmtree(store, ignore_errors=True)
            shutil.rmtree(store.with_name(store.name + "-search"), ignore_errors=True)
            shutil.copytree(bundled, store)
            import_runs.append(
                measure(_cli(store, "import", "lovdata", "--no-progress", *full), env)
            )
            print(f"import: {import_runs[-1]}", flush=True)
            nquads = work / "store.nq"
            if not nquads.exists():
                dump(store, nquads)
            fresh = work / "bulk"
            shutil.rmtree(fresh, ignore_errors=True)
            bulk_runs.append(measure([*me, "--floor-bulk", str(nquads), str(fresh)], env))
            shutil.rmtree(fresh, ignore_errors=True)
            print(f"bulk_load floor: {bulk_runs[-1]}", flush=True)
            measure(_cli(store, "import", "lovdata", "--no-progress", str(small)), env)
            for tar in (changed, small):
                reimport_runs.append(
                    measure(_cli(store, "import", "lovdata", "--no-progress", str(tar)), env)
                )
                print(f"re-import of one changed act: {reimport_runs[-1]}", flush=True)
            shutil.rmtree(store)
            shutil.rmtree(store.with_name(store.name + "-search"), ignore_errors=True)

        p, i, b, r = map(_median, (parse_runs, import_runs, bulk_runs, reimport_runs))
        print(f"\nload after: {_load()}; median of {args.runs} run(s)\n")
        print("| measured | seconds | ratio | RSS tree MB | RSS max process MB |")
        print("| --- | ---: | ---: | ---: | ---: |")
        print(_line("parse floor (lxml, both tarballs)", p))
        print(_line("pyoxigraph bulk_load of the same quads, disk", b))
        print(_line("hjemmel import lovdata (CLI, disk) / parse", i, p.seconds))
        print(f"| import / bulk_load | | {i.seconds / b.seconds:6.2f}× | | |")
        print(_line("re-import of one changed act (CLI)", r))
        print(f"| full import / re-import | | {i.seconds / r.seconds:6.1f}× | | |")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--floor-parse":
        parse_floor([Path(p) for p in sys.argv[2:]])
    elif len(sys.argv) > 1 and sys.argv[1] == "--floor-bulk":
        bulk_floor(Path(sys.argv[2]), Path(sys.argv[3]))
    else:
        main()
