"""Every named query and the domain calls behind the API at national scale, against raw
pyoxigraph on the same store: the one entry point of ``make bench``.

Stores (built into ``--stores DIR`` when missing, default ``.hjemmel/bench``; a folder that
already holds a finished store is reused, so ``--stores`` may point at stores built before):

- ``national``: ``hjemmel load`` and ``hjemmel import lovdata`` of both full Lovdata files
  (``../shared/data/lovdata``), or the store given by ``--national``;
- ``n1000``, ``n10000``, ``n100000``: a RocksDB checkpoint of ``national`` plus the seeded
  synthetic corpus of N recommendations (``national_corpus.py``; never bundled).

For every SELECT and CONSTRUCT query of ``queries/*.rq`` (read from their headers, so queries
may come and go) with representative parameters, at each N, the median of ``--runs`` runs
after one warm-up of:

- ``hjemmel``: :func:`graph.questions.named.run_query` on :class:`EmbeddedStore` (rows
  converted to rdflib terms, as every caller gets them);
- ``raw``: the same text on raw pyoxigraph, the parameters as ``substitutions``, and the
  same text with the parameters written in (``raw bound``: what hjemmel sends); the ratio
  is hjemmel over the faster of the two, the floor;
- ``remote`` (``--remote``): the same call through :class:`RemoteStore` on ``oxigraph
  serve-read-only`` over the very same store folder (same engine, same data, same plan: the
  difference is the remote path, HTTP and SPARQL JSON).

``growth`` is time at the largest N over time at the smallest. Flags: ``R`` ratio > 1.5;
``G`` a question about one resource (bound parameters, answer no more than twice as long)
whose time grows more than 2×; ``L`` a whole-corpus aggregate growing faster than N. A case
whose warm-up takes longer than ``--slow`` seconds is run once more only.

Then the domain calls the API routers make (``graph/questions``), with the time to build
their JSON (``pydantic_core.to_json``, what FastAPI does with a response model) and its
size. ``--virtuoso`` runs every named query once on Debian's Virtuoso holding the bundled
graph and lists which fail and why. ``--rdflib`` adds rdflib in memory on the bundled graph
plus the 1k corpus (all of Lovdata in rdflib would take tens of GB and an hour to load).

Run: ``make bench`` or ``PYTHONPATH=. .venv/bin/python tests/benchmarks/bench_national.py``
``[--stores DIR] [--national STORE] [--sizes 1000,10000,100000] [--runs N] [--only NAME,…]``
``[--remote] [--virtuoso] [--rdflib] [--no-calls]``
"""

from __future__ import annotations

import argparse
import gc
import gzip
import multiprocessing
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pydantic_core
import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.term import Identifier

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

import servers  # noqa: E402

from graph.errors import HjemmelError  # noqa: E402
from graph.questions import (  # noqa: E402
    handlingsrom,
    legislation,
    overlaps,
    products,
    recommendations,
    stats,
    trace,
)
from graph.questions.named import NamedQuery, list_queries, run_construct, run_query  # noqa: E402
from graph.store import Store  # noqa: E402
from graph.store.binding import bind_terms  # noqa: E402
from graph.store.embedded import EmbeddedStore, staging_folders  # noqa: E402
from graph.store.remote import RemoteStore  # noqa: E402
from graph.store.terms import to_oxigraph  # noqa: E402

B = "https://w3id.org/hjemmel/"
LOVDATA = ROOT.parent / "shared" / "data" / "lovdata"
FILES = ("gjeldende-lover.tar.bz2", "gjeldende-sentrale-forskrifter.tar.bz2")
RATIO_LIMIT = 1.5
GROWTH_LIMIT = 2.0

RECOMMENDATION = URIRef(
    B + "anbefaling/virksomhetsleder-skal-sorge-for-at-praksis-i-egen-virksomhet-regelmessig-"
    "vurderes-opp-mot-nasjonale-faglige-rad-og-anbefalinger"
)
POINT = URIRef(B + "forskrift/2019-03-01-168/paragraf/6/ledd/1/bokstav/g")
PARAGRAPH = URIRef(B + "forskrift/2019-03-01-168/paragraf/6")
HOL_12_5 = URIRef(B + "lov/2011-06-24-30/paragraf/12-5")
HOL = URIRef(B + "lov/2011-06-24-30")
HOL_GRAPH = URIRef(B + "graf/lovdata/lov/2011-06-24-30")
PRODUCT = URIRef(B + "produkt/implementering-av-nasjonale-faglige-rad-og-anbefalinger")
TARGET = URIRef(B + "malgruppe/ledere-i-helse-og-omsorgstjenestene")
SKAL = URIRef(B + "styrke/skal")
# Synthetic ones, in every corpus: a product holds about 100 recommendations at every N.
SYNTHETIC_RECOMMENDATION = URIRef(B + "anbefaling/syntetisk-0-0")
SYNTHETIC_PRODUCT = URIRef(B + "produkt/syntetisk-0")

Params = dict[str, Identifier]

PARAMS: dict[str, list[Params]] = {
    "act": [{"act": HOL}],
    "act-chapters": [{"act": HOL}],
    "act-resources": [{"graph": HOL_GRAPH}],
    "shape-message": [{"shape": URIRef(B + "shapes#SkalHasLegalBasis")}],
    "validation-legislation": [{"graph": HOL_GRAPH}],
    "counts": [{}, {"product": PRODUCT}],
    "stored-tallies": [{"set": URIRef(B + "graf/statistikk/oversikt")}],
    "dependents": [{"provision": POINT}, {"provision": HOL_12_5}],
    "describe-incoming": [{"resource": HOL_12_5}],
    "describe-incoming-count": [{"resource": HOL_12_5}],
    "describe-rests-on": [{"provision": PARAGRAPH}],
    "describe-resource": [{"resource": HOL_12_5}],
    "describe-overview": [{"resource": HOL_12_5}],
    "describe-products": [{"resource": HOL_12_5}],
    "legal-basis": [{"recommendation": RECOMMENDATION}],
    "legal-chain": [{"resource": POINT}],
    "legal-node": [{"resource": POINT}],
    "legal-trace": [
        {"recommendation": RECOMMENDATION},
        {"recommendation": SYNTHETIC_RECOMMENDATION},
    ],
    "lovdata-provision-texts": [{"graph": HOL_GRAPH}],
    "overlaps": [{}, {"target": TARGET}, {"provision": HOL_12_5}],
    "point-in-provision": [{"provision": PARAGRAPH, "suffix": Literal("/bokstav/g")}],
    "product": [{"product": PRODUCT}, {"product": SYNTHETIC_PRODUCT}],
    "product-actors": [{"product": PRODUCT}],
    "provision": [{"provision": POINT}, {"provision": HOL_12_5}],
    "provision-parts": [{"provision": PARAGRAPH}],
    "recommendation": [
        {"recommendation": RECOMMENDATION},
        {"recommendation": SYNTHETIC_RECOMMENDATION},
    ],
    "recommendations-search": [{}, {"strength": SKAL}],
    "requirements-for-target": [{"target": TARGET}],
    "resource": [{"resource": POINT}],
    "skal-without-legal-basis": [{}],
    "products-sharing-provision": [{}, {"provision": HOL_12_5}],
}
"""Representative parameters per query; a query with several entries is timed per entry.
A query not named here gets its required parameters from :data:`DEFAULTS` by name."""

DEFAULTS: dict[str, Identifier] = {
    "recommendation": RECOMMENDATION,
    "product": PRODUCT,
    "provision": HOL_12_5,
    "resource": HOL_12_5,
    "legal": HOL_12_5,
    "act": HOL,
    "target": TARGET,
    "strength": SKAL,
    "regulation": URIRef(B + "forskrift/2016-10-28-1250"),
}


def _calls() -> dict[str, Callable[[Store], object]]:
    """The domain calls behind the API answers, by the endpoint that makes them."""
    return {
        "/api/recommendations?limit=20": lambda s: recommendations.search_recommendations(
            s, limit=20
        ),
        "/api/recommendations?strength=skal&limit=500": lambda s: (
            recommendations.search_recommendations(s, strength=SKAL, limit=500)
        ),
        "/api/recommendations/{id}": lambda s: recommendations.recommendation(s, RECOMMENDATION),
        "/api/recommendations/{id} (synthetic)": lambda s: recommendations.recommendation(
            s, SYNTHETIC_RECOMMENDATION
        ),
        "trace.traced": lambda s: trace.traced(s, RECOMMENDATION),
        "/api/provisions/{point}": lambda s: legislation.provision(
            s, "forskrift/2019-03-01-168/§6/bokstav/g"
        ),
        "/api/provisions/{§12-5}": lambda s: legislation.provision(s, "lov/2011-06-24-30/§12-5"),
        "/api/acts/{hol.}": lambda s: legislation.act(s, "lov/2011-06-24-30"),
        "/api/products": products.products,
        "/api/products/{id}": lambda s: products.product(s, PRODUCT),
        "/api/products/{id} (synthetic)": lambda s: products.product(s, SYNTHETIC_PRODUCT),
        "/api/overlaps?provision=§12-5": lambda s: overlaps.overlaps(s, provision=HOL_12_5),
        "/api/overlaps": overlaps.overlaps,
        "/api/handlingsrom/{target}": lambda s: handlingsrom.handlingsrom(s, TARGET),
        "/api/stats": stats.stats,
    }


# -- building the stores ---------------------------------------------------------------------


def _finished(path: Path) -> bool:
    """A store folder no build is writing: RocksDB's CURRENT is there, no staging copy or
    build folder beside it."""
    building = path.parent / f".{path.name}.building"
    return (path / "CURRENT").is_file() and not building.exists() and not staging_folders(path)


def _hjemmel(store: Path, *args: str) -> None:
    cmd = [sys.executable, "-m", "graph", "--store-path", str(store), *args]
    print("$", " ".join(cmd[1:]), flush=True)
    subprocess.run(cmd, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)


def build_stores(
    folder: Path, sizes: list[int], national: Path | None, lovdata: Path = LOVDATA
) -> dict[int, Path]:
    """The store of each size under ``folder``, built when missing."""
    folder.mkdir(parents=True, exist_ok=True)
    wanted = {n: folder / f"n{n}" for n in sizes}
    if all(_finished(p) for p in wanted.values()):
        return wanted
    base = national or folder / "national"
    if not _finished(base):
        if national is not None:
            raise SystemExit(f"{national} holds no finished store")
        start = time.perf_counter()
        work = folder / ".national.building"
        shutil.rmtree(work, ignore_errors=True)
        _hjemmel(work, "load")
        _hjemmel(work, "import", "lovdata", *(str(lovdata / name) for name in FILES))
        work.rename(base)
        print(f"national store built in {time.perf_counter() - start:.0f} s", flush=True)
    for n, path in wanted.items():
        if _finished(path):
            continue
        start = time.perf_counter()
        work = folder / f".{path.name}.building"
        shutil.rmtree(work, ignore_errors=True)
        cmd = [
            sys.executable,
            str(ROOT / "tests" / "benchmarks" / "national_corpus.py"),
            "--store",
            str(work),
            "--n",
            str(n),
            "--base",
            str(base),
            "--nquads",
            str(folder / f"n{n}.nq.gz"),
        ]
        print("$", " ".join(cmd[1:]), flush=True)
        subprocess.run(cmd, check=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
        work.rename(path)
        print(f"n{n} built in {time.perf_counter() - start:.0f} s", flush=True)
    return wanted


# -- cases -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    query: NamedQuery
    params: Params

    @property
    def label(self) -> str:
        return ", ".join(f"{k}={str(v).removeprefix(B)}" for k, v in self.params.items())

    @property
    def key(self) -> tuple[str, str]:
        return (self.query.name, self.label)


def cases(only: list[str]) -> tuple[list[Case], list[str]]:
    """Every case to time, and the queries left out with the reason."""
    found, skipped = [], []
    for query in list_queries():
        if only and not any(o in query.name for o in only):
            continue
        if query.form not in ("select", "construct", "describe"):
            skipped.append(f"{query.name}: a {query.form} query")
            continue
        names = {p.name for p in query.params}
        required = {p.name for p in query.params if p.required}
        entries = [p for p in PARAMS.get(query.name, []) if set(p) <= names] or [
            {name: DEFAULTS[name] for name in required if name in DEFAULTS}
        ]
        for params in entries:
            if not required <= set(params):
                skipped.append(
                    f"{query.name}: no value known for {', '.join(sorted(required - set(params)))}"
                )
                continue
            found.append(Case(query, params))
    return found, skipped


def run_named(store: Store, case: Case) -> int:
    if case.query.form == "select":
        return len(run_query(store, case.query.name, **case.params))
    return len(run_construct(store, case.query.name, **case.params))


def run_raw(store: ox.Store, case: Case, *, inline: bool) -> int:
    if inline:
        result = store.query(bind_terms(case.query.text, dict(case.params)))
    else:
        subs = {ox.Variable(k): to_oxigraph(v) for k, v in case.params.items()}
        result = store.query(case.query.text, substitutions=subs or None)
    return sum(1 for _ in result)  # type: ignore[union-attr]


@dataclass
class Timing:
    """Medians in ms: ``ms`` the process's CPU time (on a shared machine, wall time also
    counts the neighbours' work), ``wall_ms`` the clock on the wall; the answer's size."""

    ms: float | None = None
    wall_ms: float | None = None
    rows: int = -1
    error: str | None = None


def timed(fn: Callable[[], int], runs: int, slow: float) -> Timing:
    """Medians of ``runs`` runs after one warm-up; one run only after a slow warm-up."""
    gc.collect()
    try:
        start = time.perf_counter()
        rows = fn()
        warm = time.perf_counter() - start
        cpu, wall = [], []
        for _ in range(1 if warm > slow else runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            fn()
            cpu.append((time.process_time() - start_cpu) * 1000)
            wall.append((time.perf_counter() - start) * 1000)
    except (HjemmelError, OSError, SyntaxError, ValueError, RuntimeError) as e:
        return Timing(error=f"{type(e).__name__}: {' '.join(str(e).split())[:400]}")
    return Timing(statistics.median(cpu), statistics.median(wall), rows)


@dataclass
class Result:
    hjemmel: dict[int, Timing] = field(default_factory=dict)
    raw: dict[int, Timing] = field(default_factory=dict)
    raw_bound: dict[int, Timing] = field(default_factory=dict)
    remote: dict[int, Timing] = field(default_factory=dict)


@dataclass(frozen=True)
class Job:
    """What a :class:`Runner` measures: ``mode`` (hjemmel, raw, raw_bound, remote, call)
    and the case's index or the call's label."""

    mode: str
    case: int = -1
    call: str = ""


def _serve(
    conn: Connection, path: Path, url: str | None, todo: list[Case], runs: int, slow: float
) -> None:
    """The child process of a :class:`Runner`: opens the store once, measures jobs."""
    servers._die_with_parent()
    store: Store
    if url is not None:
        store = RemoteStore(url, url, timeout=3600)
        raw = None
    else:
        embedded = EmbeddedStore.read_only(path)
        store, raw = embedded, embedded.oxigraph
    calls = _calls()
    while True:
        job: Job | None = conn.recv()
        if job is None:
            return
        if job.mode == "call":
            conn.send(_time_call(store, calls[job.call], runs, slow))
            continue
        case = todo[job.case]
        if job.mode in ("hjemmel", "remote"):
            conn.send(timed(lambda c=case: run_named(store, c), runs, slow))
        else:
            assert raw is not None
            inline = job.mode == "raw_bound"
            conn.send(timed(lambda c=case, x=raw, i=inline: run_raw(x, c, inline=i), runs, slow))


def _time_call(
    store: Store, call: Callable[[Store], object], runs: int, slow: float
) -> tuple[Timing, Timing, int]:
    """The call's time, then the time to build its JSON and the JSON's size."""
    answer: list[object] = []

    def run() -> int:
        answer[:] = [call(store)]
        return 1

    t = timed(run, runs, slow)
    if t.error or not answer:
        return t, Timing(), 0
    size = len(pydantic_core.to_json(answer[0]))
    return t, timed(lambda a=answer[0]: len(pydantic_core.to_json(a)), runs, slow), size


class Runner:
    """A child process that measures on one store, stopped and started again when a job
    takes longer than ``timeout`` seconds (a query cannot be interrupted in-process)."""

    def __init__(
        self,
        path: Path,
        todo: list[Case],
        runs: int,
        slow: float,
        timeout: float,
        url: str | None = None,
    ) -> None:
        self.args = (path, url, todo, runs, slow)
        self.timeout = timeout
        self._start()

    def _start(self) -> None:
        context = multiprocessing.get_context("fork")
        self.conn, child = context.Pipe()
        self.proc = context.Process(target=_serve, args=(child, *self.args), daemon=True)
        self.proc.start()

    def run(self, job: Job) -> Any:
        self.conn.send(job)
        if self.conn.poll(self.timeout):
            return self.conn.recv()
        self.proc.kill()
        self.proc.join()
        self._start()
        over = Timing(error=f"over {self.timeout:g} s")
        return (over, Timing(), 0) if job.mode == "call" else over

    def close(self) -> None:
        with suppress(OSError):
            self.conn.send(None)
        self.proc.join(10)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()


@contextmanager
def read_only_server(path: Path) -> Iterator[str]:
    """``oxigraph serve-read-only`` on the store folder at ``path``, on a free port: the
    URL of its query endpoint."""
    port = servers.free_port()
    with tempfile.TemporaryDirectory(prefix="hjemmel-bench-") as tmp:
        log = Path(tmp) / "oxigraph.log"
        args = [
            str(servers.oxigraph_binary()),
            "serve-read-only",
            "--location",
            str(path),
            "--bind",
            f"127.0.0.1:{port}",
        ]
        with servers._process(args, cwd=Path(tmp), log=log) as proc:
            base = f"http://127.0.0.1:{port}"
            servers._wait_until_answering(f"{base}/query?query=ASK%7B%7D", proc, log, seconds=300)
            yield base + "/query"


def bench_queries(
    stores: dict[int, Path],
    todo: list[Case],
    runs: int,
    slow: float,
    timeout: float,
    remote: bool,
) -> dict[tuple[str, str], Result]:
    results: dict[tuple[str, str], Result] = {c.key: Result() for c in todo}
    for n, path in stores.items():
        print(f"-- n={n}: {path}", flush=True)
        runner = Runner(path, todo, runs, slow, timeout)
        for i, case in enumerate(todo):
            r = results[case.key]
            r.hjemmel[n] = runner.run(Job("hjemmel", i))
            r.raw[n] = runner.run(Job("raw", i))
            if case.params:
                r.raw_bound[n] = runner.run(Job("raw_bound", i))
            h = r.hjemmel[n]
            print(
                f"   {case.query.name:<28} {case.label[:40]:<40} "
                f"{_ms(h)} {_ms(r.raw[n])} {_ms(r.raw_bound.get(n))}  rows {h.rows}",
                flush=True,
            )
        runner.close()
        if remote:
            with read_only_server(path) as url:
                runner = Runner(path, todo, runs, slow, timeout, url)
                for i, case in enumerate(todo):
                    r = results[case.key]
                    r.remote[n] = runner.run(Job("remote", i))
                    print(
                        f"   remote {case.query.name:<28} {case.label[:40]:<40} "
                        f"{_ms(r.remote[n], wall=True)}",
                        flush=True,
                    )
                runner.close()
    return results


# -- the table -------------------------------------------------------------------------------


def _ms(t: Timing | None, *, wall: bool = False) -> str:
    value = None if t is None else t.wall_ms if wall else t.ms
    if t is None:
        return f"{'–':>9}"
    if value is None:
        return f"{'error':>9}"
    return f"{value:>9.1f}"


def _floor(r: Result, n: int) -> float | None:
    values = [t.ms for t in (r.raw.get(n), r.raw_bound.get(n)) if t is not None and t.ms]
    return min(values) if values else None


def table(results: dict[tuple[str, str], Result], sizes: list[int], remote: bool) -> str:
    first, last = sizes[0], sizes[-1]
    head = (
        f"| query | parameters | N | hjemmel ms | raw ms | raw bound ms | ratio |"
        f"{' remote ms | remote/hjemmel |' if remote else ''} rows | growth {last // 1000}k/"
        f"{first // 1000}k | flags |"
    )
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    flagged = 0
    for (name, label), r in results.items():
        h_first, h_last = r.hjemmel.get(first), r.hjemmel.get(last)
        growth = rows_growth = None
        if h_first and h_last and h_first.ms and h_last.ms and len(sizes) > 1:
            growth = h_last.ms / h_first.ms
            rows_growth = max(h_last.rows, 1) / max(h_first.rows, 1)
        for n in sizes:
            h = r.hjemmel.get(n)
            if h is None:
                continue
            floor = _floor(r, n)
            ratio = h.ms / floor if h.ms and floor else None
            flags = ""
            if ratio is not None and ratio > RATIO_LIMIT:
                flags += "R"
            if n == last and growth is not None and rows_growth is not None:
                if label and rows_growth <= GROWTH_LIMIT and growth > GROWTH_LIMIT:
                    flags += "G"
                if not label and growth > max(GROWTH_LIMIT, last / first):
                    flags += "L"
            flagged += bool(flags)
            cells = [
                name,
                label,
                f"{n // 1000}k",
                _cell(h),
                _cell(r.raw.get(n)),
                _cell(r.raw_bound.get(n)),
                f"{ratio:.2f}" if ratio else "–",
            ]
            if remote:
                rem = r.remote.get(n)
                cells += [
                    _cell(rem, wall=True),
                    f"{rem.wall_ms / h.wall_ms:.1f}" if rem and rem.wall_ms and h.wall_ms else "–",
                ]
            cells += [
                str(h.rows) if h.error is None else h.error,
                f"{growth:.2f}" if growth is not None and n == last else "",
                flags,
            ]
            lines.append("| " + " | ".join(cells) + " |")
    lines.append(
        f"\n{flagged} rows flagged (R ratio > {RATIO_LIMIT}, G one resource grows > "
        f"{GROWTH_LIMIT}×, L aggregate grows faster than N)"
    )
    return "\n".join(lines)


def _cell(t: Timing | None, *, wall: bool = False) -> str:
    if t is None:
        return "–"
    value = t.wall_ms if wall else t.ms
    if value is None:
        return t.error if t.error and t.error.startswith("over") else "error"
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"


# -- domain calls ----------------------------------------------------------------------------


def bench_calls(
    stores: dict[int, Path], runs: int, slow: float, timeout: float, only: list[str]
) -> str:
    calls = [k for k in _calls() if not only or any(o in k for o in only)]
    rows: dict[str, dict[int, tuple[Timing, Timing, int]]] = {k: {} for k in calls}
    for n, path in stores.items():
        runner = Runner(path, [], runs, slow, timeout)
        for label in calls:
            t, js, size = rows[label][n] = runner.run(Job("call", call=label))
            print(
                f"   {label:<48} n={n} {_ms(t)} json {_ms(js)} {size} B {t.error or ''}", flush=True
            )
        runner.close()
    first, last = min(stores), max(stores)
    lines = [
        f"| call | N | call ms | JSON ms | JSON/call | bytes | growth {last // 1000}k/"
        f"{first // 1000}k |",
        "|---|---|---|---|---|---|---|",
    ]
    for label, per in rows.items():
        a, b = per.get(first), per.get(last)
        growth = a[0].ms and b and b[0].ms and b[0].ms / a[0].ms if a else None
        for n, (t, js, size) in per.items():
            share = f"{js.ms / t.ms:.2f}" if t.ms and js.ms else "–"
            g = f"{growth:.2f}" if growth and n == last and len(per) > 1 else ""
            lines.append(
                f"| {label} | {n // 1000}k | {_cell(t) if not t.error else t.error} | "
                f"{_cell(js)} | {share} | {size} | {g} |"
            )
    return "\n".join(lines)


# -- Virtuoso --------------------------------------------------------------------------------


def _why(error: str) -> str:
    """The server's own words from an error message."""
    _, _, said = error.partition("): ")
    return (said or error).replace("|", "/")[:300]


def bench_virtuoso(todo: list[Case]) -> str:
    """Every named query once on Virtuoso with the bundled graph, compared with the
    embedded store holding the same graph: runs, fails (and why) or answers differently."""
    from graph.importers.bundled import load_bundled

    embedded = EmbeddedStore()
    load_bundled(embedded)
    lines = ["| query | parameters | Virtuoso | rows (embedded/Virtuoso) |", "|---|---|---|---|"]
    with servers.virtuoso_server() as server:
        store = RemoteStore(
            server.sparql_url, server.sparql_url, server.graph_store_url, default_graph="union"
        )
        load_bundled(store)
        for case in todo:
            expected = timed(lambda c=case: run_named(embedded, c), 0, 0)
            got = timed(lambda c=case: run_named(store, c), 0, 0)
            if got.error:
                verdict = f"fails: {_why(got.error)}"
            elif expected.rows != got.rows:
                verdict = "runs, other answer"
            else:
                verdict = "runs"
            lines.append(
                f"| {case.query.name} | {case.label} | {verdict} | {expected.rows}/{got.rows} |"
            )
            print(lines[-1], flush=True)
    embedded.close()
    return "\n".join(lines)


# -- rdflib ----------------------------------------------------------------------------------


def _forked(fn: Callable[[], Timing], timeout: float) -> Timing:
    """``fn`` in a forked child, stopped after ``timeout`` seconds."""
    context = multiprocessing.get_context("fork")
    conn, child = context.Pipe()
    proc = context.Process(target=lambda: child.send(fn()), daemon=True)
    proc.start()
    result = conn.recv() if conn.poll(timeout) else Timing(error=f"over {timeout:g} s")
    proc.kill()
    proc.join()
    return result


def bench_rdflib(folder: Path, todo: list[Case], runs: int, slow: float, timeout: float) -> str:
    """The 1k corpus and the bundled graph (no Lovdata) in rdflib and in pyoxigraph in
    memory, the same queries on both."""
    from rdflib import Dataset

    from graph.importers.bundled import load_bundled

    embedded = EmbeddedStore()
    load_bundled(embedded)
    nq = folder / "n1000.nq.gz"
    with gzip.open(nq, "rb") as f:
        data = f.read()
    embedded.oxigraph.load(data, format=ox.RdfFormat.N_QUADS)
    from graph.store.embedded import rebuild_default_graph

    rebuild_default_graph(embedded.oxigraph)
    dataset = Dataset(default_union=True)
    dump = embedded.oxigraph.dump(format=ox.RdfFormat.N_QUADS)
    dataset.parse(data=dump, format="nquads")
    lines = [
        "| query | parameters | pyoxigraph ms | rdflib ms | rdflib/pyoxigraph |",
        "|---|---|---|---|---|",
    ]
    for case in todo:
        ox_t = timed(lambda c=case, e=embedded: run_named(e, c), runs, slow)
        bindings = dict(case.params)

        def rdf(c: Case = case, b: Params = bindings) -> int:
            return len(list(dataset.query(c.query.text, initBindings=b)))

        rd = _forked(lambda f=rdf: timed(f, max(1, runs // 2), 1.0), timeout)
        ratio = f"{rd.ms / ox_t.ms:.0f}" if rd.ms and ox_t.ms else "–"
        lines.append(
            f"| {case.query.name} | {case.label} | {_cell(ox_t)} | {_cell(rd)} | {ratio} |"
        )
        print(lines[-1], flush=True)
    embedded.close()
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--stores", type=Path, default=ROOT / ".hjemmel" / "bench")
    parser.add_argument("--national", type=Path, help="an existing national store to start from")
    parser.add_argument("--lovdata", type=Path, default=LOVDATA, help="folder of the Lovdata files")
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--slow", type=float, default=10.0, help="seconds: run a slower case once")
    parser.add_argument(
        "--timeout", type=float, default=120.0, help="seconds: stop a case (all its runs) after"
    )
    parser.add_argument(
        "--only", default="", help="queries and calls whose name holds one of these"
    )
    parser.add_argument("--remote", action="store_true", help="also on oxigraph serve-read-only")
    parser.add_argument("--virtuoso", action="store_true", help="every query once on Virtuoso")
    parser.add_argument("--rdflib", action="store_true", help="rdflib on the bundled graph + 1k")
    parser.add_argument("--no-calls", action="store_true", help="leave out the domain calls")
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(",") if s.strip())
    only = [o for o in args.only.split(",") if o]

    with open("/proc/loadavg") as f:
        load = f.read().strip()
    print(f"$ {' '.join(sys.argv)}\nload before: {load}\npyoxigraph {ox.__version__}", flush=True)
    todo, skipped = cases(only)
    for line in skipped:
        print(f"left out: {line}")
    out: list[str] = []
    if args.virtuoso:
        out.append("## Virtuoso (bundled graph)\n\n" + bench_virtuoso(todo))
    stores = build_stores(args.stores, sizes, args.national, args.lovdata) if sizes else {}
    if stores:
        results = bench_queries(stores, todo, args.runs, args.slow, args.timeout, args.remote)
        out.append("## Named queries\n\n" + table(results, sizes, args.remote))
        if not args.no_calls:
            out.append(
                "## Domain calls behind the API\n\n"
                + bench_calls(stores, args.runs, args.slow, args.timeout, only)
            )
    if args.rdflib:
        out.append(
            "## rdflib\n\n" + bench_rdflib(args.stores, todo, args.runs, args.slow, args.timeout)
        )
    with open("/proc/loadavg") as f:
        load_after = f.read().strip()
    print("\n\n" + "\n\n".join(out))
    print(f"\nload before: {load}; after: {load_after}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
