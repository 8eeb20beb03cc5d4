"""Every query has a deadline: runaways are stopped for real (CPU checked), the client gets
503 ``query_timeout`` in the error shape and never a cut-short 200, answers over the byte
cap are 422 ``result_too_large``, SIGTERM ends ``hjemmel serve`` within seconds, and a remote
server's cancelled answer is refused.

The service tests run ``hjemmel serve`` in a subprocess on a store on disk holding a graph
of 3,000 triples, where ``COUNT(*)`` over a three-way cross join never ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
import servers
from fastapi.testclient import TestClient
from live_server import live_service

from graph.errors import (
    QueryError,
    QueryMemoryError,
    QueryTimeoutError,
    ResultTooLargeError,
    StoreUnavailableError,
)
from graph.settings import Settings
from graph.store import RdfFormat, ResultsFormat
from graph.store.embedded import EmbeddedStore
from graph.store.guard import QueryLimits
from graph.store.pool import QueryPool
from graph.store.remote import RemoteStore
from service.app import create_app
from service.errors import status_of

ROOT = Path(__file__).resolve().parent.parent
TRIPLES = 3000
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z }"
STREAMING = "SELECT * WHERE { ?a ?p ?x . ?b ?q ?y }"
G = "http://example.org/g"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")

_MAKE_STORE = """
import sys, pyoxigraph as ox
store = ox.Store(sys.argv[1])
g = ox.NamedNode("http://example.org/g")
store.bulk_extend(
    ox.Quad(ox.NamedNode(f"http://example.org/s{i}"), ox.NamedNode(f"http://example.org/p{i % 7}"),
            ox.Literal(str(i)), g)
    for i in range(int(sys.argv[2]))
)
store.flush()
"""


def _nt(n: int) -> str:
    return "\n".join(
        f'<http://example.org/s{i}> <http://example.org/p{i % 7}> "{i}" .' for i in range(n)
    )


def make_store(path: Path, triples: int = TRIPLES) -> None:
    """A store on disk, written by another process (which releases its LOCK on exit)."""
    subprocess.run([sys.executable, "-c", _MAKE_STORE, str(path), str(triples)], check=True)


# -- processes and their CPU time --------------------------------------------------------------
def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2 :].split()


def children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat(int(entry.name))
            if fields and int(fields[1]) == pid and fields[0] != "Z":
                out.append(int(entry.name))
    return out


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time of the living processes among ``pids``."""
    total = 0
    for pid in pids:
        fields = _stat(pid)
        if fields and fields[0] != "Z":
            total += int(fields[11]) + int(fields[12])
    return total / CLOCK_TICKS


def alive(pid: int) -> bool:
    fields = _stat(pid)
    return fields is not None and fields[0] != "Z"


# -- hjemmel serve in a subprocess -------------------------------------------------------------
@contextmanager
def serve(store: Path, **env: str) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = servers.free_port()
    environ = {**os.environ, "PYTHONPATH": str(ROOT), **env}
    log = store.parent / f"serve-{port}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import sys; from graph.cli import main; sys.exit(main())",
                "--store-path",
                str(store),
                "serve",
                "--port",
                str(port),
            ],
            cwd=ROOT,
            env=environ,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"hjemmel serve stopped:\n{log.read_text()[-3000:]}")
            try:
                if httpx.get(base + "/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"hjemmel serve did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)
        yield base, proc
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)


def sparql(base: str, query: str, timeout: float | None = None, **headers: str) -> httpx.Response:
    data = {"query": query}
    if timeout is not None:
        data["timeout"] = str(timeout)
    return httpx.post(base + "/sparql", data=data, headers=headers, timeout=120)


@pytest.fixture(scope="module")
def store_path() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="hjemmel-deadlines-") as tmp:
        path = Path(tmp) / "store"
        make_store(path)
        yield path


@pytest.fixture(scope="module")
def service(store_path: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    with serve(store_path, HJEMMEL_QUERY_WORKERS="2", HJEMMEL_MAX_RESULT_BYTES="50000") as running:
        yield running


# -- the service: runaways, the cap, SIGTERM ---------------------------------------------------
def test_runaway_is_stopped_within_its_deadline(
    service: tuple[str, subprocess.Popen[bytes]],
) -> None:
    base, proc = service
    workers = children(proc.pid)
    assert len(workers) == 2
    answer: dict[str, object] = {}

    def send() -> None:
        started = time.monotonic()
        answer["response"] = sparql(base, RUNAWAY, timeout=2)
        answer["elapsed"] = time.monotonic() - started

    started = time.monotonic()
    client = threading.Thread(target=send)
    client.start()
    time.sleep(0.8)
    before = {pid: cpu_seconds([pid]) for pid in workers}
    time.sleep(0.5)
    used = {pid: cpu_seconds([pid]) - before[pid] for pid in workers}
    busy = sorted(workers, key=used.__getitem__, reverse=True)
    assert used[busy[0]] > 0.05, "a worker runs the query"
    assert used[busy[1]] < used[busy[0]] / 2, "one worker runs the query, the other idles"
    client.join(timeout=10)
    response = answer["response"]
    assert isinstance(response, httpx.Response)
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "query_timeout"
    assert float(str(answer["elapsed"])) < 3.0
    # deadline + 1 s: the worker that ran the query is gone, and what was there before idles
    time.sleep(max(0.0, started + 3.0 - time.monotonic()))
    assert not alive(busy[0])
    others = [proc.pid, *(pid for pid in workers if pid != busy[0])]
    spent = cpu_seconds(others)
    time.sleep(1.0)
    assert cpu_seconds(others) - spent < 0.15
    # the pool is whole again and answers
    deadline = time.monotonic() + 30
    while len(children(proc.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert len(children(proc.pid)) == 2
    ok = sparql(base, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", Accept="text/csv")
    assert ok.status_code == 200
    assert ok.text == f"n\r\n{TRIPLES}\r\n"


def test_sparql_page_runs_its_query_in_the_pool_under_the_deadline(
    service: tuple[str, subprocess.Popen[bytes]],
) -> None:
    """A browser's query on the SPARQL page is stopped at its deadline like a protocol
    query: a 503 page, and no process of the service keeps running it."""
    base, proc = service
    started = time.monotonic()
    response = httpx.get(
        base + "/sparql",
        params={"query": RUNAWAY, "timeout": "2"},
        headers={"Accept": "text/html"},
        timeout=30,
    )
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("text/html")
    assert "stoppet etter 2 s" in response.text
    assert time.monotonic() - started < 3.0
    deadline = time.monotonic() + 30
    while len(children(proc.pid)) != 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(0.5)
    everyone = [proc.pid, *children(proc.pid)]
    spent = cpu_seconds(everyone)
    time.sleep(1.0)
    assert cpu_seconds(everyone) - spent < 0.15
    light = httpx.get(
        base + "/sparql",
        params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"},
        headers={"Accept": "text/html"},
        timeout=30,
    )
    assert light.status_code == 200 and str(TRIPLES) in light.text


def test_result_cap_refuses_and_never_cuts_short(
    service: tuple[str, subprocess.Popen[bytes]],
) -> None:
    base, _ = service
    big = sparql(base, "SELECT * WHERE { ?s ?p ?o }", Accept="text/csv")
    assert big.status_code == 422
    assert big.json()["error"]["code"] == "result_too_large"
    small = sparql(base, "SELECT * WHERE { ?s ?p ?o } LIMIT 100", Accept="text/csv")
    assert small.status_code == 200
    assert small.text.count("\r\n") == 101
    # a streaming runaway stops at its deadline or at the cap, never as a 200
    stream = sparql(base, STREAMING, timeout=2, Accept="application/sparql-results+json")
    assert stream.status_code in (422, 503)


def test_runaways_do_not_hold_up_other_requests(
    service: tuple[str, subprocess.Popen[bytes]],
) -> None:
    """Six runaways on two workers: they wait without holding threads; /health and the API
    answer at once, and every runaway ends at its deadline."""
    base, _ = service
    results: list[tuple[int, float]] = []

    def runaway() -> None:
        started = time.monotonic()
        response = sparql(base, RUNAWAY, timeout=3)
        results.append((response.status_code, time.monotonic() - started))

    threads = [threading.Thread(target=runaway) for _ in range(6)]
    for t in threads:
        t.start()
    time.sleep(0.5)
    for path in ("/health", "/api/products", "/sparql?query=ASK%7B%7D"):
        started = time.monotonic()
        response = httpx.get(base + path, timeout=10)
        elapsed = time.monotonic() - started
        if path.startswith("/sparql"):
            continue  # SPARQL waits for a worker like the runaways
        assert response.status_code == 200, path
        assert elapsed < 1.0, (path, elapsed)
    for t in threads:
        t.join(timeout=20)
    assert [status for status, _ in results] == [503] * 6
    assert max(elapsed for _, elapsed in results) < 4.0


def test_sigterm_ends_the_server_and_the_store_opens_again(tmp_path: Path) -> None:
    store = tmp_path / "store"
    make_store(store, 500)
    with serve(store, HJEMMEL_QUERY_WORKERS="1") as (base, proc):
        workers = children(proc.pid)
        client = threading.Thread(target=lambda: _swallow(lambda: sparql(base, RUNAWAY)))
        client.start()
        time.sleep(1.0)
        started = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=5)
        assert time.monotonic() - started < 5
        assert not any(alive(pid) for pid in workers)
        client.join(timeout=10)
    with serve(store, HJEMMEL_QUERY_WORKERS="1") as (base, _):
        again = sparql(base, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", Accept="text/csv")
        assert again.text == "n\r\n500\r\n"


@pytest.mark.parametrize("workers", ["1", "0"])
def test_a_query_cut_off_by_sigterm_gets_the_error_shape(tmp_path: Path, workers: str) -> None:
    """Queries still running when the grace period ends get 503 ``store_unavailable`` as
    JSON, and a browser the Norwegian error page; not the server's plain-text 500."""
    store = tmp_path / "store"
    make_store(store, 500)
    answers: dict[str, httpx.Response] = {}

    def send(accept: str) -> None:
        answers[accept] = httpx.get(
            base + "/sparql", params={"query": RUNAWAY}, headers={"Accept": accept}, timeout=30
        )

    with serve(store, HJEMMEL_QUERY_WORKERS=workers) as (base, proc):
        clients = [
            threading.Thread(target=send, args=(accept,))
            for accept in ("application/sparql-results+json", "text/html")
        ]
        for client in clients:
            client.start()
        time.sleep(1.0)
        proc.send_signal(signal.SIGTERM)
        for client in clients:
            client.join(timeout=15)
        proc.wait(timeout=10)
    api = answers["application/sparql-results+json"]
    assert api.status_code == 503
    assert api.json()["error"]["code"] == "store_unavailable"
    assert "stopper" in api.json()["error"]["message"]
    page = answers["text/html"]
    assert page.status_code == 503
    assert page.headers["content-type"].startswith("text/html")
    assert "stopper" in page.text


def _swallow(call: Callable[[], object]) -> None:
    with contextlib.suppress(httpx.HTTPError):
        call()


# -- the timeout parameter and in-thread stores ------------------------------------------------
@pytest.fixture(scope="module")
def memory_client() -> Iterator[TestClient]:
    store = EmbeddedStore()
    store.update(f"INSERT DATA {{ GRAPH <http://example.org/g> {{ {_nt(TRIPLES)} }} }}")
    with TestClient(create_app(Settings(store_path=None, max_result_bytes=20_000), store)) as c:
        yield c


@pytest.mark.parametrize("value", ["0", "-1", "nan", "inf", "abc", ""])
def test_bad_timeout_parameter_is_400(memory_client: TestClient, value: str) -> None:
    response = memory_client.get("/sparql", params={"query": "ASK {}", "timeout": value})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_input"


def test_timeout_parameter_on_get_and_post(memory_client: TestClient) -> None:
    assert memory_client.get("/sparql", params={"query": "ASK {}", "timeout": "5"}).json() == {
        "head": {},
        "boolean": True,
    }
    response = memory_client.post(
        "/sparql?timeout=2.5",
        content="ASK {}",
        headers={"Content-Type": "application/sparql-query"},
    )
    assert response.status_code == 200


def test_in_memory_store_applies_cap_and_deadline_while_writing(
    memory_client: TestClient,
) -> None:
    big = memory_client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert big.status_code == 422
    assert big.json()["error"]["code"] == "result_too_large"
    store = EmbeddedStore()
    store.update(f"INSERT DATA {{ GRAPH <http://example.org/g> {{ {_nt(TRIPLES)} }} }}")
    limits = QueryLimits(timeout=0.5, max_result_bytes=10**12)
    started = time.monotonic()
    with pytest.raises(QueryTimeoutError):
        store.query_serialized(STREAMING, ResultsFormat.CSV, limits=limits)
    assert time.monotonic() - started < 2.0


# -- the pool on its own -----------------------------------------------------------------------
def test_pool_sees_writes_reports_errors_and_survives_a_crash(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "store")
    store.update(f'INSERT DATA {{ GRAPH <{G}> {{ <http://e/a> <http://e/b> "1" }} }}')
    limits = QueryLimits(timeout=20, max_result_bytes=10**6)
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"

    async def scenario() -> None:
        pool = QueryPool(store.path or tmp_path, 1, generation=lambda: store.generation)
        await pool.start()
        try:
            first = await pool.run(count, ResultsFormat.CSV, RdfFormat.TURTLE, limits=limits)
            assert first.body == b"n\r\n1\r\n"
            store.update(
                'INSERT DATA { GRAPH <http://example.org/g> { <http://e/a> <http://e/b> "2" } }'
            )
            second = await pool.run(count, ResultsFormat.CSV, RdfFormat.TURTLE, limits=limits)
            assert second.body == b"n\r\n2\r\n"
            graph = await pool.run(
                "CONSTRUCT WHERE { ?s ?p ?o }", ResultsFormat.CSV, RdfFormat.NTRIPLES, limits=limits
            )
            assert graph.kind == "graph" and graph.body.count(b"\n") == 2
            with pytest.raises(QueryError):
                await pool.run(
                    "SELECT * WHERE {", ResultsFormat.JSON, RdfFormat.TURTLE, limits=limits
                )
            [pid] = pool.pids
            os.kill(pid, signal.SIGKILL)
            with pytest.raises(StoreUnavailableError):
                await pool.run(count, ResultsFormat.CSV, RdfFormat.TURTLE, limits=limits)
            again = await pool.run(count, ResultsFormat.CSV, RdfFormat.TURTLE, limits=limits)
            assert again.body == b"n\r\n2\r\n"
            assert pool.pids != [pid]
        finally:
            await pool.close()
        assert pool.pids == []

    asyncio.run(scenario())


def test_light_queries_get_a_worker_while_a_runaway_runs(store_path: Path) -> None:
    """One worker: a query that runs past a second gets a successor, so a light query sent
    after it is answered while it runs (it would wait for the runaway's deadline otherwise);
    the runaway's worker ends with its query and the pool is one worker again."""
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z } }"

    async def scenario() -> None:
        pool = QueryPool(store_path, 1)
        await pool.start()
        try:
            [first] = pool.pids
            running = asyncio.ensure_future(
                pool.run(
                    runaway, ResultsFormat.CSV, RdfFormat.TURTLE, limits=QueryLimits(timeout=15)
                )
            )
            await asyncio.sleep(1.5)
            light = await pool.run(
                count, ResultsFormat.CSV, RdfFormat.TURTLE, limits=QueryLimits(timeout=10)
            )
            assert light.body == f"n\r\n{TRIPLES}\r\n".encode()
            assert not running.done()
            assert first in pool.pids and len(pool.pids) == 2
            running.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await running
            await asyncio.sleep(0.5)
            assert first not in pool.pids and len(pool.pids) == 1
        finally:
            await pool.close()

    asyncio.run(scenario())


def test_a_query_over_the_memory_limit_is_refused_and_its_worker_replaced(
    store_path: Path,
) -> None:
    """Sorting a cross join of 3,000 triples with itself needs gigabytes: with 300 MB per
    worker the query gets :class:`QueryMemoryError` (422 ``memory_exceeded``), and the pool
    answers the next query from a fresh worker."""
    hog = "SELECT * WHERE { GRAPH ?g { ?a ?p ?x . ?b ?q ?y } } ORDER BY ?x ?y"
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    limits = QueryLimits(timeout=60)

    async def scenario() -> None:
        pool = QueryPool(store_path, 1, memory_bytes=300 << 20)
        await pool.start()
        try:
            [first] = pool.pids
            with pytest.raises(QueryMemoryError) as refused:
                await pool.run(hog, ResultsFormat.CSV, RdfFormat.TURTLE, limits=limits)
            assert "300 MB" in refused.value.message
            light = await pool.run(count, ResultsFormat.CSV, RdfFormat.TURTLE, limits=limits)
            assert light.body == f"n\r\n{TRIPLES}\r\n".encode()
            assert first not in pool.pids
        finally:
            await pool.close()

    asyncio.run(scenario())
    assert status_of(QueryMemoryError("")) == 422


# -- remote stores -----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def cancelling_oxigraph() -> Iterator[RemoteStore]:
    """An Oxigraph server that stops queries after 1 s (``--timeout-s 1``)."""
    with servers.oxigraph_server(timeout_s=1) as server:
        store = RemoteStore(server.query_url, server.update_url, timeout=30)
        store.update(f"INSERT DATA {{ GRAPH <http://example.org/g> {{ {_nt(TRIPLES)} }} }}")
        yield store


@pytest.mark.parametrize("fmt", list(ResultsFormat), ids=lambda f: f.name)
def test_cancelled_answer_from_oxigraph_is_refused(
    cancelling_oxigraph: RemoteStore, fmt: ResultsFormat
) -> None:
    limits = QueryLimits(timeout=30, max_result_bytes=10**9)
    with pytest.raises(QueryTimeoutError):
        cancelling_oxigraph.query_serialized(STREAMING, fmt, limits=limits)


@pytest.mark.parametrize("fmt", [RdfFormat.NTRIPLES, RdfFormat.TURTLE], ids=lambda f: f.name)
def test_cancelled_graph_from_oxigraph_is_refused(
    cancelling_oxigraph: RemoteStore, fmt: RdfFormat
) -> None:
    limits = QueryLimits(timeout=30, max_result_bytes=10**9)
    with pytest.raises(QueryTimeoutError):
        cancelling_oxigraph.query_serialized(
            "CONSTRUCT { ?a ?p ?y } WHERE { ?a ?p ?x . ?b ?q ?y }", rdf_format=fmt, limits=limits
        )


def test_cancelled_query_through_the_service_is_503(cancelling_oxigraph: RemoteStore) -> None:
    with live_service(cancelling_oxigraph) as base:
        for accept in ("text/csv", "application/sparql-results+json"):
            response = sparql(base, RUNAWAY, Accept=accept)
            assert response.status_code == 503, response.text[:300]
            assert response.json()["error"]["code"] == "query_timeout"
        fine = sparql(base, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", Accept="text/csv")
        assert fine.text == f"n\r\n{TRIPLES}\r\n"


@pytest.fixture(scope="module")
def patient_oxigraph() -> Iterator[RemoteStore]:
    """An Oxigraph server without a time limit of its own."""
    with servers.oxigraph_server() as server:
        store = RemoteStore(server.query_url, server.update_url, timeout=30)
        store.update(f"INSERT DATA {{ GRAPH <http://example.org/g> {{ {_nt(TRIPLES)} }} }}")
        yield store


@pytest.mark.parametrize("query", [RUNAWAY, STREAMING], ids=["silent", "streaming"])
def test_remote_deadline_covers_the_whole_answer(patient_oxigraph: RemoteStore, query: str) -> None:
    limits = QueryLimits(timeout=1, max_result_bytes=10**10)
    started = time.monotonic()
    with pytest.raises(QueryTimeoutError):
        patient_oxigraph.query_serialized(query, ResultsFormat.CSV, limits=limits)
    assert time.monotonic() - started < 2.5


def test_remote_result_cap(patient_oxigraph: RemoteStore) -> None:
    limits = QueryLimits(timeout=30, max_result_bytes=10_000)
    with pytest.raises(ResultTooLargeError):
        patient_oxigraph.query_serialized("SELECT * WHERE { ?s ?p ?o }", limits=limits)
    small = patient_oxigraph.query_serialized(
        "SELECT * WHERE { ?s ?p ?o } LIMIT 5", ResultsFormat.TSV, limits=limits
    )
    assert small.body.count(b"\n") == 6
