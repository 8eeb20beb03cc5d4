"""Load with and without runaway queries: does the service keep its latency while runaways
are being stopped?

Starts ``hjemmel serve`` on an embedded store on disk holding the bundled graph (loaded into
a temporary folder unless ``--store`` names a loaded one), then runs two phases of
``--seconds`` each: ``--clients`` concurrent clients over a mix of pages, API calls and
light SPARQL queries; in the second phase two more clients send, one after the other,
``COUNT(*)`` over a three-way cross join (stopped at ``HJEMMEL_QUERY_TIMEOUT``, here
``--query-timeout``). Reports errors (light requests that did not answer 200, runaways that
did not answer 503 ``query_timeout``), p50/p99 of the light requests in both phases and
their ratio, and the RSS of the service and its workers before and after.

Run: ``.venv/bin/python tests/benchmarks/load_runaways.py [--seconds 60] [--clients 50]``
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import httpx

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

import servers  # noqa: E402

HJEMMEL = [sys.executable, "-c", "import sys; from graph.cli import main; sys.exit(main())"]
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


async def light_client(
    client: httpx.AsyncClient, until: float, offset: int, times: list[float], errors: list[str]
) -> None:
    i = offset
    while time.monotonic() < until:
        path = MIX[i % len(MIX)]
        i += 1
        started = time.monotonic()
        try:
            response = await client.get(path)
            if response.status_code != 200:
                code = response.json().get("error", {}).get("code", "")
                errors.append(f"{path.split('?')[0]}: {response.status_code} {code}")
                continue
        except httpx.HTTPError as e:
            errors.append(f"{path}: {type(e).__name__}")
            continue
        times.append(time.monotonic() - started)


async def runaway_client(
    client: httpx.AsyncClient, until: float, sent: list[float], errors: list[str]
) -> None:
    while time.monotonic() < until:
        started = time.monotonic()
        try:
            response = await client.post("/sparql", data={"query": RUNAWAY}, timeout=600)
            if response.status_code != 503 or response.json()["error"]["code"] != "query_timeout":
                errors.append(f"runaway: {response.status_code}")
        except httpx.HTTPError as e:
            errors.append(f"runaway: {type(e).__name__}")
        sent.append(time.monotonic() - started)


async def phase(base: str, clients: int, seconds: float, runaways: int) -> dict[str, object]:
    times: list[float] = []
    errors: list[str] = []
    stopped: list[float] = []
    limits = httpx.Limits(max_connections=clients + runaways + 4)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        until = time.monotonic() + seconds
        tasks = [light_client(client, until, i, times, errors) for i in range(clients)]
        tasks += [runaway_client(client, until, stopped, errors) for _ in range(runaways)]
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
    parser.add_argument("--store", type=Path, help="an embedded store holding the bundled graph")
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
        log = Path(tmp) / "serve.log"
        with log.open("wb") as out:
            proc = subprocess.Popen(
                [*HJEMMEL, "--store-path", str(store), "serve", "--port", str(port)],
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
    print(
        f"{args.clients} clients, {args.seconds:g} s per phase, "
        f"query timeout {args.query_timeout:g} s"
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
        for error in sorted(set(errors))[:10]:
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
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
