"""Load with and without runaway queries: does the service keep its latency while runaways
are being stopped?

Starts ``hjemmel serve`` on an embedded store on disk holding the bundled graph (loaded into
a temporary folder unless ``--store`` names a loaded one), then runs two phases of
``--seconds`` each: ``--clients`` concurrent clients over a mix of pages, API calls and
light SPARQL queries; in the second phase two more clients send, one after the other,
``COUNT(*)`` over a three-way cross join (stopped at ``HJEMMEL_QUERY_TIMEOUT``, here
``--query-timeout``). Reports errors (light requests that did not answer 200, runaways that
did not answer 503 ``query_timeout``), p50/p99 of the light requests in both phases and
their ratio, and the RSS of the service and its workers before and after. Each error is
printed with when it was sent, how long it took and, for a transport error, whether it went
over a reused connection; after errors, the end of the service's log (requests left out).
Errors are counted as they come, never retried.

The clients share one httpx pool and behave as an ordinary HTTP library's client: an idle
pooled connection is kept 5 s (httpx's default, ``CLIENT_KEEP_ALIVE_SECONDS``) and then
closed by the client, and a request that fails is not sent again. The service keeps idle
connections ``HJEMMEL_KEEP_ALIVE_SECONDS`` (75 s), longer than the client, so it never
closes a connection a client may be reusing; ``--server-keep-alive 5`` (uvicorn's default)
shows the resets (``ReadError`` on reused connections) this prevents. ``--store`` is
served read-only.

Run: ``.venv/bin/python tests/benchmarks/load_runaways.py [--seconds 60] [--clients 50]
[--store PATH]``
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

import servers  # noqa: E402

HJEMMEL = [sys.executable, "-c", "import sys; from graph.cli import main; sys.exit(main())"]
# A client's pooled connections idle at most this long (httpx's default), well under the
# service's keep-alive (HJEMMEL_KEEP_ALIVE_SECONDS): the client, not the server, ends them.
CLIENT_KEEP_ALIVE_SECONDS = 5.0
ACCESS_LINE = re.compile(r'"[A-Z]+ \S+ HTTP/[\d.]+" \d{3}')
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z }"
_SKAL = (
    "PREFIX hj: <https://w3id.org/hjemmel/ontology#> SELECT ?r WHERE { ?r hj:strength ?s } LIMIT 20"
)
MIX = [
    "/",
    "/lov/2011-06-24-30/paragraf/12-5",
    "/api/products",
    "/api/recommendations?strength=skal",
    "/api/stats",
    "/api/acts/lov/2011-06-24-30",
    "/sparql?query=" + quote("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"),
    "/sparql?query=" + quote(_SKAL),
]


def rss_mb(pid: int) -> float:
    """RSS of ``pid`` and its children, in MB."""
    pids = [pid]
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat[stat.rindex(")") + 2 :].split()[1]) == pid:
                pids.append(int(entry.name))
    total = 0
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


@dataclass
class Failure:
    """A request that did not answer as expected: when, how fast, and over which connection."""

    offset: float  # seconds into the phase when the request was sent
    elapsed: float  # seconds from sending to the failure
    reused: bool | None  # a transport error: sent over a pooled connection; None: an answer
    what: str

    def __str__(self) -> str:
        over = {True: " over a reused connection", False: " over a new connection", None: ""}
        return (
            f"{self.what} (sent {self.offset:.1f} s into the phase{over[self.reused]}, "
            f"failed {self.elapsed * 1000:.0f} ms later, at {self.offset + self.elapsed:.1f} s)"
        )


async def get(
    client: httpx.AsyncClient, method: str, path: str, start: float, **kwargs: Any
) -> tuple[httpx.Response | None, Failure | None]:
    """One request; a transport error becomes a :class:`Failure` saying whether the request
    went over a pooled connection."""
    opened = False

    async def trace(event: str, info: dict[str, Any]) -> None:
        nonlocal opened
        if event == "connection.connect_tcp.started":
            opened = True

    sent = time.monotonic()
    try:
        response = await client.request(method, path, extensions={"trace": trace}, **kwargs)
    except httpx.HTTPError as e:
        now = time.monotonic()
        return None, Failure(sent - start, now - sent, not opened, type(e).__name__)
    return response, None


async def light_client(
    client: httpx.AsyncClient,
    start: float,
    until: float,
    offset: int,
    times: list[float],
    errors: list[Failure],
) -> None:
    i = offset
    while time.monotonic() < until:
        path = MIX[i % len(MIX)]
        i += 1
        started = time.monotonic()
        response, failure = await get(client, "GET", path, start)
        if response is None:
            assert failure is not None
            failure.what = f"{path}: {failure.what}"
            errors.append(failure)
            continue
        if response.status_code != 200:
            code = response.json().get("error", {}).get("code", "")
            what = f"{path.split('?')[0]}: {response.status_code} {code}"
            errors.append(Failure(started - start, time.monotonic() - started, None, what))
            continue
        times.append(time.monotonic() - started)


async def runaway_client(
    client: httpx.AsyncClient,
    start: float,
    until: float,
    sent: list[float],
    errors: list[Failure],
) -> None:
    while time.monotonic() < until:
        started = time.monotonic()
        response, failure = await get(
            client, "POST", "/sparql", start, data={"query": RUNAWAY}, timeout=600
        )
        if response is None:
            assert failure is not None
            failure.what = f"runaway: {failure.what}"
            errors.append(failure)
        elif response.status_code != 503 or response.json()["error"]["code"] != "query_timeout":
            what = f"runaway: {response.status_code}"
            errors.append(Failure(started - start, time.monotonic() - started, None, what))
        sent.append(time.monotonic() - started)


async def phase(base: str, clients: int, seconds: float, runaways: int) -> dict[str, object]:
    times: list[float] = []
    errors: list[Failure] = []
    stopped: list[float] = []
    limits = httpx.Limits(
        max_connections=clients + runaways + 4, keepalive_expiry=CLIENT_KEEP_ALIVE_SECONDS
    )
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        start = time.monotonic()
        until = start + seconds
        tasks = [light_client(client, start, until, i, times, errors) for i in range(clients)]
        tasks += [runaway_client(client, start, until, stopped, errors) for _ in range(runaways)]
        await asyncio.gather(*tasks)
    times.sort()
    return {
        "requests": len(times),
        "errors": errors,
        "p50_ms": statistics.median(times) * 1000 if times else float("nan"),
        "p99_ms": times[int(len(times) * 0.99) - 1] * 1000 if times else float("nan"),
        "runaways_stopped": len(stopped),
        "runaway_s": max(stopped) if stopped else None,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--query-timeout", type=float, default=10.0)
    parser.add_argument(
        "--store", type=Path, help="an embedded store holding the bundled graph (opened read-only)"
    )
    parser.add_argument(
        "--server-keep-alive",
        type=int,
        help="HJEMMEL_KEEP_ALIVE_SECONDS of the service (default: the service's own default)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="hjemmel-load-") as tmp:
        store = args.store
        if store is None:
            store = Path(tmp) / "store"
            subprocess.run([*HJEMMEL, "--store-path", str(store), "load"], cwd=ROOT, check=True)
        port = servers.free_port()
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "HJEMMEL_QUERY_TIMEOUT": str(args.query_timeout),
        }
        if args.server_keep_alive is not None:
            env["HJEMMEL_KEEP_ALIVE_SECONDS"] = str(args.server_keep_alive)
        serve = ["serve", "--port", str(port)] + (["--read-only"] if args.store else [])
        log = Path(tmp) / "serve.log"
        with log.open("wb") as out:
            proc = subprocess.Popen(
                [*HJEMMEL, "--store-path", str(store), *serve],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 90
            while True:
                try:
                    if httpx.get(base + "/ready", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if proc.poll() is not None or time.monotonic() > deadline:
                    print(log.read_text()[-3000:])
                    return 2
                time.sleep(0.2)
            for path in MIX:  # warm caches once
                httpx.get(base + path, timeout=30)
            rss = [rss_mb(proc.pid)]
            quiet = asyncio.run(phase(base, args.clients, args.seconds, 0))
            rss.append(rss_mb(proc.pid))
            loud = asyncio.run(phase(base, args.clients, args.seconds, 2))
            time.sleep(args.query_timeout + 2)  # the last runaways stopped, workers replaced
            rss.append(rss_mb(proc.pid))
        finally:
            proc.terminate()
            proc.wait(timeout=30)
            server_log = log.read_text(errors="replace").splitlines()
    keep_alive = (
        f"{args.server_keep_alive:g} s" if args.server_keep_alive is not None else "default"
    )
    print(
        f"{args.clients} clients, {args.seconds:g} s per phase, "
        f"query timeout {args.query_timeout:g} s, keep-alive: client "
        f"{CLIENT_KEEP_ALIVE_SECONDS:g} s, server {keep_alive}"
    )
    for name, result in (("without runaways", quiet), ("with 2 runaways", loud)):
        errors = result["errors"]
        assert isinstance(errors, list)
        print(
            f"{name:17} requests {result['requests']:6}  errors {len(errors):3}  "
            f"p50 {result['p50_ms']:7.1f} ms  p99 {result['p99_ms']:7.1f} ms"
            + (
                f"  runaways stopped {result['runaways_stopped']} "
                f"(longest {result['runaway_s']:.1f} s)"
                if result["runaway_s"] is not None
                else ""
            )
        )
        for error in sorted(errors, key=lambda f: f.offset)[:20]:
            print("   ", error)
    for key in ("p50_ms", "p99_ms"):
        q, loud_v = quiet[key], loud[key]
        assert isinstance(q, float) and isinstance(loud_v, float)
        print(f"ratio {key[:3]} with/without runaways: {loud_v / q:.2f}")
    print(
        f"RSS service + workers: {rss[0]:.0f} MB before, {rss[1]:.0f} MB after the first phase, "
        f"{rss[2]:.0f} MB after the runaways"
    )
    failed = bool(quiet["errors"]) or bool(loud["errors"])
    if failed:
        # everything but the access log: warnings, errors and tracebacks of the service
        others = [line for line in server_log if not ACCESS_LINE.search(line)]
        print(f"server log, last {min(len(others), 30)} lines other than requests:")
        for line in others[-30:]:
            print("   ", line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
