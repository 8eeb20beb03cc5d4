"""HTTP throughput: requests per second and p50/p99 latency with concurrent clients (``wrk``)
for ``/api/recommendations/{id}``, ``/api/provisions/{ref}`` and a ``/sparql`` SELECT with a
small answer, served by ``hjemmel serve`` (uvicorn in a subprocess on a free loopback port),
against two baselines answering the same SPARQL:

- rdflib-endpoint serving the same quads from rdflib in memory (target: hjemmel ≥ 10× its
  throughput);
- the Oxigraph server (``oxigraph serve-read-only`` on the same store folder) answering the
  same SPARQL directly (target: hjemmel ≥ 0.5× its throughput).

For an API endpoint the baseline's "same SPARQL" is the sequence of named queries the
endpoint runs for that request (recorded once from the graph functions, parameters bound in
the text), sent to the baseline one after the other; its requests per second are the
sequences per second (wrk's queries per second divided by the length of the sequence), and
its p50/p99 are those of one query of the sequence (marked ``q``).

Data: the bundled graph (``hjemmel --store-path DIR load``, built once into
``/tmp/hjemmel-bench-http/bundled``), ``--store PATH`` for any existing store (opened
read-only by every server; never written), or ``--corpus N`` for a store plus N
synthetic recommendations (``tests/benchmarks/national_corpus.py``; on a copy of ``--base
STORE``, by default the bundled graph). rdflib-endpoint is
skipped above ``--rdflib-max-quads`` (rdflib holds the whole store in memory).

Run: ``PYTHONPATH=. .venv/bin/python tests/benchmarks/bench_http.py``
``[--store PATH | --corpus N [--base STORE]] [--runs 3] [--seconds 5] [--connections 16]``
``[--workers N] [--only hjemmel,oxigraph,rdflib]``
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from graph.errors import BadInputError
from graph.model.iris import id_of
from graph.questions import legislation, lookup, recommendations
from graph.store.binding import bind_terms, inject_values
from graph.store.embedded import EmbeddedStore

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
WORK = Path(tempfile.gettempdir()) / "hjemmel-bench-http"
RECOMMENDATION = (
    "virksomhetsleder-skal-sorge-for-at-praksis-i-egen-virksomhet-regelmessig-vurderes-"
    "opp-mot-nasjonale-faglige-rad-og-anbefalinger"
)
PROVISION = "lov/2011-06-24-30/§12-5"
SPARQL_ACCEPT = "application/sparql-results+json"
RDFLIB_TARGET = 10.0
OXIGRAPH_TARGET = 0.5


# -- stores ------------------------------------------------------------------------------


def hjemmel(store: Path, *args: str) -> None:
    cmd = [sys.executable, "-m", "graph", "--store-path", str(store), *args]
    subprocess.run(cmd, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)


def bundled_store(folder: Path) -> Path:
    if not (folder / "CURRENT").exists():
        print(f"bygger / building {folder} (hjemmel load)", file=sys.stderr)
        hjemmel(folder, "load")
    return folder


def corpus_store(folder: Path, size: int, seed: int, base: Path) -> Path:
    """A copy of the store ``base`` plus ``size`` synthetic recommendations
    (``national_corpus.py``), built once."""
    if (folder / "CURRENT").exists():
        return folder
    print(f"bygger / building {folder} ({base} + {size} synthetic)", file=sys.stderr)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import national_corpus

    args = ["--store", str(folder), "--n", str(size), "--seed", str(seed), "--base", str(base)]
    national_corpus.main(args)
    return folder


def dump_nquads(store: EmbeddedStore, target: Path) -> int:
    """The named graphs of ``store`` as N-Quads (its default graph is their merge); the
    number of quads."""
    count = 0

    def named() -> Iterator[ox.Quad]:
        nonlocal count
        for quad in store.oxigraph.quads_for_pattern(None, None, None, None):
            if not isinstance(quad.graph_name, ox.DefaultGraph):
                count += 1
                yield quad

    ox.serialize(named(), str(target), ox.RdfFormat.N_QUADS)
    return count


# -- the SPARQL an endpoint runs ---------------------------------------------------------


@dataclass
class Recorder:
    """Wraps a store's query entry point and keeps each query with its parameters bound in
    the text, as it would be sent to a SPARQL endpoint."""

    queries: list[str] = field(default_factory=list)

    def attach(self, store: EmbeddedStore) -> None:
        original = store._run

        def run(
            query: str, bindings: Any, default_graph: Any = None, named_graphs: Any = None
        ) -> Any:
            self.queries.append(_bound(query, dict(bindings or {})))
            return original(query, bindings, default_graph, named_graphs)

        store._run = run  # type: ignore[method-assign]

    def take(self, work: Callable[[], object]) -> list[str]:
        self.queries.clear()
        work()
        return list(self.queries)


def _bound(query: str, bindings: dict[str, Any]) -> str:
    if not bindings:
        return query
    try:
        return bind_terms(query, bindings)
    except BadInputError:
        return inject_values(query, bindings)


@dataclass(frozen=True)
class Case:
    name: str
    hjemmel_path: str
    queries: list[str]


def cases(store_path: Path, recommendation: str, provision: str) -> list[Case]:
    store = EmbeddedStore.read_only(store_path)
    recorder = Recorder()
    recorder.attach(store)
    rec_iri = lookup.resolve_recommendation(store, recommendation)
    rec_queries = recorder.take(
        lambda: recommendations.recommendation(
            store, lookup.resolve_recommendation(store, recommendation)
        )
    )
    prov_queries = recorder.take(lambda: legislation.provision(store, provision))
    small = f"SELECT ?p ?o WHERE {{ <{rec_iri}> ?p ?o }} ORDER BY ?p ?o LIMIT 10"
    store.close()
    quoted_rec = urllib.parse.quote(id_of(rec_iri), safe="")
    quoted_prov = urllib.parse.quote(provision, safe="/")
    sparql_path = "/sparql?" + urllib.parse.urlencode({"query": small})
    return [
        Case("/api/recommendations/{id}", f"/api/recommendations/{quoted_rec}", rec_queries),
        Case("/api/provisions/{ref}", f"/api/provisions/{quoted_prov}", prov_queries),
        Case("/sparql SELECT (10 rows)", sparql_path, [small]),
    ]


# -- servers -----------------------------------------------------------------------------


def free_port() -> int:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def process(
    args: list[str], ready_url: str, env: dict[str, str] | None = None, cwd: Path = ROOT
) -> Iterator[int]:
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(
            args, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env
        )
        with _stopped(proc):
            _wait_until_answering(proc, args[0], ready_url, log)
            yield proc.pid


def _wait_until_answering(
    proc: subprocess.Popen[bytes], name: str, ready_url: str, log: IO[bytes]
) -> None:
    deadline = time.monotonic() + 600
    while True:
        if proc.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"{name} stopped: {log.read()[-3000:].decode()}")
        try:
            with urllib.request.urlopen(ready_url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{name} did not start")
        time.sleep(0.2)


@contextlib.contextmanager
def _stopped(proc: subprocess.Popen[bytes]) -> Iterator[None]:
    try:
        yield
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@dataclass(frozen=True)
class Server:
    name: str
    base: str
    query_path: str | None
    """Where the baseline takes form-encoded SPARQL by POST; None for hjemmel."""
    pid: int


@contextlib.contextmanager
def hjemmel_server(store: Path, workers: int, root: Path | None = None) -> Iterator[Server]:
    """``hjemmel serve`` on the store; from the checkout ``root`` when given (an older
    version, for a before-and-after: served as it serves, without the read-only options)."""
    port = free_port()
    home = root or ROOT
    env = {**os.environ, "PYTHONPATH": str(home), "HJEMMEL_SEARCH_PATH": str(WORK / "search")}
    args = [sys.executable, "-m", "graph", "--store-path", str(store), "serve"]
    args += ["--host", "127.0.0.1", "--port", str(port)]
    if root is None:
        args += ["--read-only", "--workers", str(workers)]
    base = f"http://127.0.0.1:{port}"
    with process(args, base + "/health", env, cwd=home) as pid:
        yield Server(f"hjemmel ({workers} w)", base, None, pid)


@contextlib.contextmanager
def oxigraph_server(store: Path) -> Iterator[Server]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    args = [str(BIN / "oxigraph"), "serve-read-only", "--location", str(store)]
    args += ["--bind", f"127.0.0.1:{port}"]
    with process(args, base + "/query?query=ASK%7B%7D") as pid:
        yield Server("oxigraph server", base, "/query", pid)


@contextlib.contextmanager
def rdflib_server(nquads: Path) -> Iterator[Server]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    script = Path(__file__).resolve().parent / "rdflib_endpoint_server.py"
    args = [sys.executable, str(script), str(nquads), str(port)]
    with process(args, base + "/?query=ASK%7B%7D") as pid:
        yield Server("rdflib-endpoint", base, "/", pid)


# -- load --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    requests: int = 0
    cpu_ms: float = math.nan
    """CPU time the server's processes used per request (per sequence for a baseline's
    sequence of queries): what a request costs whatever else the machine runs."""


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(value: str) -> float:
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value)
    if not m:
        raise ValueError(value)
    return float(m.group(1)) * _UNITS[m.group(2)]


def _lua_string(text: str) -> str:
    return "[==[" + text + "]==]"


def wrk_script(server: Server, case: Case, folder: Path) -> Path | None:
    """A Lua script for wrk that sends the case's queries in turn (None: plain GET)."""
    if server.query_path is None:
        return None
    bodies = [urllib.parse.urlencode({"query": q}) for q in case.queries]
    lines = [
        "local bodies = {" + ", ".join(_lua_string(b) for b in bodies) + "}",
        "local i = 0",
        'wrk.method = "POST"',
        'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"',
        f'wrk.headers["Accept"] = "{SPARQL_ACCEPT}"',
        "request = function()",
        "  i = i % #bodies + 1",
        f'  return wrk.format("POST", "{server.query_path}", nil, bodies[i])',
        "end",
    ]
    path = folder / f"{abs(hash((server.name, case.name)))}.lua"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_wrk(url: str, script: Path | None, seconds: int, connections: int) -> Figures:
    args = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "60s"]
    args += ["-H", f"Accept: {SPARQL_ACCEPT}"]
    if script is not None:
        args += ["-s", str(script)]
    out = subprocess.run([*args, url], check=True, capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"\s50%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"\s99%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    failed = re.search(r"Socket errors:.*timeout (\d+)", out)
    errors = (int(bad.group(1)) if bad else 0) + (int(failed.group(1)) if failed else 0)
    count = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    return Figures(rps, p50, p99, errors, count)


def check_answers(server: Server, case: Case) -> None:
    """Each query of the case answers 200 on the server (a wrong setup fails here, not as a
    fast error page under load)."""
    for query in [None] if server.query_path is None else case.queries:
        if query is None:
            request = urllib.request.Request(server.base + case.hjemmel_path)
        else:
            data = urllib.parse.urlencode({"query": query}).encode()
            request = urllib.request.Request(server.base + server.query_path, data=data)
        request.add_header("Accept", SPARQL_ACCEPT)
        with urllib.request.urlopen(request, timeout=600) as response:
            response.read()
            if response.status != 200:
                raise RuntimeError(f"{server.name} {case.name}: {response.status}")


def _cpu_seconds(root: int) -> float:
    """CPU time used so far by process ``root`` and its descendants."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        times[int(entry.name)] = (int(fields[11]) + int(fields[12])) / tick
    tree, grew = {root}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= more
        grew = bool(more)
    return sum(times.get(pid, 0.0) for pid in tree)


def settle(server: Server, limit: float = 300.0) -> None:
    """Wait until the server has finished what the last run left queued (a slow baseline
    goes on answering after wrk stops, and would take the CPU from the next run)."""
    deadline = time.monotonic() + limit
    before = _cpu_seconds(server.pid)
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = _cpu_seconds(server.pid)
        if now - before < 0.05:
            return
        before = now


@dataclass
class Load:
    """One case on one server: the wrk target and the runs measured so far."""

    server: Server
    case: Case
    script: Path | None
    runs: list[Figures] = field(default_factory=list)

    @property
    def url(self) -> str:
        return self.server.base + (self.case.hjemmel_path if self.script is None else "/")

    def median(self) -> Figures:
        per = len(self.case.queries) if self.script is not None else 1
        return Figures(
            statistics.median(r.rps for r in self.runs) / per,
            statistics.median(r.p50_ms for r in self.runs),
            statistics.median(r.p99_ms for r in self.runs),
            sum(r.errors for r in self.runs),
            sum(r.requests for r in self.runs),
            statistics.median(r.cpu_ms for r in self.runs) * per,
        )


def measure(
    servers: list[Server], case: Case, runs: int, seconds: int, connections: int, folder: Path
) -> dict[str, Figures]:
    """The case on every server, the servers taking turns in each run (so a change in the
    machine's load falls on all of them alike); the median run of each."""
    loads = []
    for server in servers:
        check_answers(server, case)
        load = Load(server, case, wrk_script(server, case, folder))
        run_wrk(load.url, load.script, 1, connections)  # warm up
        settle(server)
        loads.append(load)
    for _ in range(runs):
        for load in loads:
            before = _cpu_seconds(load.server.pid)
            figures = run_wrk(load.url, load.script, seconds, connections)
            settle(load.server)
            cpu = (_cpu_seconds(load.server.pid) - before) * 1000 / max(figures.requests, 1)
            load.runs.append(replace(figures, cpu_ms=cpu))
    return {load.server.name: load.median() for load in loads}


# -- main --------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--store", type=Path, help="an existing store folder, opened read-only")
    source.add_argument("--corpus", type=int, help="--base + N synthetic recommendations")
    parser.add_argument(
        "--base", type=Path, help="the store --corpus starts from (default: the bundled graph)"
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="hjemmel serve --workers")
    parser.add_argument("--recommendation", default=RECOMMENDATION)
    parser.add_argument("--provision", default=PROVISION)
    parser.add_argument("--rdflib-max-quads", type=int, default=2_000_000)
    parser.add_argument("--only", default="", help="servers to run, e.g. hjemmel,oxigraph")
    parser.add_argument(
        "--hjemmel-root",
        type=Path,
        help="serve hjemmel from this checkout (an older version; it opens the store as it "
        "did, so give it a store of your own)",
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk mangler / wrk is missing: sudo tests/system-deps.sh")
    WORK.mkdir(parents=True, exist_ok=True)
    if args.store is not None:
        store_path = args.store
    elif args.corpus is not None:
        base = args.base or bundled_store(WORK / "bundled")
        folder = WORK / f"corpus-{base.name}-{args.corpus}-{args.seed}"
        store_path = corpus_store(folder, args.corpus, args.seed, base)
    else:
        store_path = bundled_store(WORK / "bundled")
    chosen = cases(store_path, args.recommendation, args.provision)
    only = set(filter(None, args.only.split(",")))
    servers: list[Callable[[], contextlib.AbstractContextManager[Server]]] = []
    if not only or "hjemmel" in only:
        servers.append(lambda: hjemmel_server(store_path, args.workers, args.hjemmel_root))
    if not only or "oxigraph" in only:
        servers.append(lambda: oxigraph_server(store_path))
    with tempfile.TemporaryDirectory(prefix="bench-http-") as tmp:
        folder = Path(tmp)
        if not only or "rdflib" in only:
            nquads = folder / "data.nq"
            store = EmbeddedStore.read_only(store_path)
            quads = len(store.oxigraph)  # the named graphs and their merge
            if quads <= 2 * args.rdflib_max_quads:
                dump_nquads(store, nquads)
                servers.append(lambda: rdflib_server(nquads))
            else:
                print(f"rdflib-endpoint skipped: {quads} quads", file=sys.stderr)
            store.close()
        table: dict[tuple[str, str], Figures] = {}
        with contextlib.ExitStack() as stack:
            running = [stack.enter_context(start()) for start in servers]
            for case in chosen:
                figures = measure(running, case, args.runs, args.seconds, args.connections, folder)
                for name, fig in figures.items():
                    table[(case.name, name)] = fig
                    print(f"  {case.name} {name}: {fig}", file=sys.stderr)
    print_table(args, store_path, chosen, table)


def print_table(
    args: argparse.Namespace,
    store_path: Path,
    chosen: list[Case],
    table: dict[tuple[str, str], Figures],
) -> None:
    load = Path("/proc/loadavg").read_text().split()[:3]
    print("command: " + " ".join(["bench_http.py", *sys.argv[1:]]))
    print(
        f"store {store_path}; {args.connections} connections, {args.runs} runs × "
        f"{args.seconds} s (median); loadavg {' '.join(load)}"
    )
    header = f"{'endpoint':<28} {'server':<18} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8}"
    print(header + f" {'cpu ms':>7}  {'ratio':>19} {'cpu ratio':>9}  queries")
    hjemmel_name = f"hjemmel ({args.workers} w)"
    for case in chosen:
        ours = table.get((case.name, hjemmel_name))
        for (name, server), fig in table.items():
            if name != case.name:
                continue
            q = "q" if server != hjemmel_name and len(case.queries) > 1 else " "
            ratio = cpu_ratio = ""
            if server != hjemmel_name and ours is not None:
                target = RDFLIB_TARGET if server == "rdflib-endpoint" else OXIGRAPH_TARGET
                # no answer within a run: fewer than one per run's length
                bound = "" if fig.rps else ">"
                got = ours.rps / (fig.rps or 1 / (args.seconds * args.runs))
                ratio = f"{bound}{got:.2f}× ({'ok' if got >= target else 'under'} {target:g}×)"
                cpu_ratio = f"{fig.cpu_ms / ours.cpu_ms:.2f}×"
            errors = f"  {fig.errors} errors" if fig.errors else ""
            print(
                f"{case.name:<28} {server:<18} {fig.rps:>9.1f} {fig.p50_ms:>7.2f}{q}"
                f" {fig.p99_ms:>7.2f}{q} {fig.cpu_ms:>7.2f}  {ratio:>19} {cpu_ratio:>9}"
                f"  {len(case.queries)}{errors}"
            )


if __name__ == "__main__":
    main()
