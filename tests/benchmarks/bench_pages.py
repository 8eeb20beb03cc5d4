"""Speed of every page at national scale: each page of the web application timed on the
bundled graph alone (``hjemmel load``) and on the national store (the bundled graph plus
all of Lovdata, ``hjemmel import lovdata`` on both full files), in one run, and the ratio
national / bundled per page. A page's cost must not grow with the amount of legislation
loaded: every ratio should be at most 2.

Both stores are built once into folders and reused (``--store DIR`` keeps them in
``DIR/bundled`` and ``DIR/national``; a folder that already holds a store is not rebuilt,
and is opened read-only: nothing is written to it or to its search index).
Each store is served in-process (FastAPI's TestClient over ``create_app`` with the store
opened on its folder, ``query_workers=0``), each page is requested once untimed and then
``--runs`` times; the table gives the median, and the first (cold) request on the national
store, which is the one that pays for anything kept per store version.

``--profile`` also prints, for each page over the limit, the store calls it made on the
national store and how long each took.

Run: ``PYTHONPATH=. .venv/bin/python tests/benchmarks/bench_pages.py``
``[--store DIR] [--runs N] [--only PAGE,…] [--profile]``
"""

from __future__ import annotations

import argparse
import functools
import gc
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from fastapi.testclient import TestClient

from graph.questions.void_statistics import stored_statistics
from graph.search.index import index_for
from graph.settings import Settings
from graph.store.embedded import EmbeddedStore
from service.app import create_app

ROOT = Path(__file__).resolve().parents[2]
LOVDATA = ROOT.parent / "shared" / "data" / "lovdata"
FILES = ("gjeldende-lover.tar.bz2", "gjeldende-sentrale-forskrifter.tar.bz2")
LIMIT = 2.0

RECOMMENDATION = (
    "virksomhetsleder-skal-sorge-for-at-praksis-i-egen-virksomhet-regelmessig-vurderes-"
    "opp-mot-nasjonale-faglige-rad-og-anbefalinger"
)
PRODUCT_PREFIX = "nasjonal-veileder-for-prioriteringer"
HTML = {"Accept": "text/html"}


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    method: str = "GET"
    form: dict[str, str] | None = None
    headers: dict[str, str] = field(default_factory=lambda: dict(HTML))


def pages(product: str) -> list[Page]:
    return [
        Page("front page", "/"),
        Page("search", "/sok?q=forsvarlig+virksomhet"),
        Page("recommendations", "/anbefalinger"),
        Page("overlaps", "/overlapp"),
        Page("handlingsrom", "/handlingsrom/virksomhetsleder"),
        Page("sparql example", "/sparql?eksempel=per-produkt-og-styrke"),
        Page("check (form)", "/sjekk"),
        Page(
            "check (text)",
            "/sjekk",
            method="POST",
            form={
                "text": "Virksomheten skal sørge for at praksis vurderes, jf. "
                "helse- og omsorgstjenesteloven § 12-5."
            },
        ),
        Page("recommendation", f"/anbefaling/{RECOMMENDATION}"),
        Page("provision", "/lov/2011-06-24-30/paragraf/12-5"),
        Page("product", f"/produkt/{product}"),
        Page("act", "/lov/2011-06-24-30"),
        Page("void", "/.well-known/void", headers={"Accept": "text/turtle"}),
        Page("docs", "/docs"),
    ]


def hjemmel(store: Path, *args: str) -> None:
    cmd = [sys.executable, "-m", "graph", "--store-path", str(store), *args]
    print("$", " ".join(cmd[1:]), flush=True)
    subprocess.run(cmd, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)


def build(folder: Path, lovdata: Path) -> tuple[Path, Path]:
    """The bundled and the national store under ``folder``, built when missing."""
    bundled, national = folder / "bundled", folder / "national"
    if not bundled.is_dir():
        hjemmel(bundled, "load")
    if not national.is_dir():
        start = time.perf_counter()
        hjemmel(national, "load")
        hjemmel(national, "import", "lovdata", *(str(lovdata / name) for name in FILES))
        print(f"national store built in {time.perf_counter() - start:.0f} s", flush=True)
    return bundled, national


@dataclass
class Calls:
    """Store calls made while ``recording``: (method, first line of the query, seconds)."""

    recording: bool = False
    rows: list[tuple[str, str, float]] = field(default_factory=list)


def _label(args: tuple[Any, ...]) -> str:
    text = str(args[0]) if args else ""
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("# title:"):
            return line[len("# title:") :].strip()[:70]
    body = " ".join(line for line in text.splitlines() if not line.startswith(("PREFIX", "#")))
    return " ".join(body.split())[:70]


def instrument(store: EmbeddedStore, calls: Calls) -> None:
    for name in (
        "select",
        "ask",
        "construct",
        "query_serialized",
        "graph_names",
        "triples_in",
        "count",
        "has_graph",
    ):
        method = getattr(store, name, None)
        if method is None:
            continue

        def timed(*args: Any, _m: Callable[..., Any] = method, _n: str = name, **kw: Any) -> Any:
            if not calls.recording:
                return _m(*args, **kw)
            start = time.perf_counter()
            try:
                result = _m(*args, **kw)
                if isinstance(result, Iterator):
                    result = list(result)
                return result
            finally:
                calls.rows.append((_n, _label(args), time.perf_counter() - start))

        functools.update_wrapper(timed, method)
        setattr(store, name, timed)


def check_store(store: EmbeddedStore, path: Path) -> None:
    """Refuse a store whose default graph is not the merge of its named graphs (written
    before it was kept so): every page would be measured on an empty graph. Say when the
    VoID figures were not stored by its last load, as VoID then counts the store itself."""
    ox_store = store.oxigraph
    if next(iter(ox_store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is None:
        raise SystemExit(
            f"{path}: the default graph is empty (a store written before it held the merge of "
            f"the named graphs); copy it and open the copy once for writing "
            f"(EmbeddedStore(copy)), which rebuilds it, then pass the copy's folder"
        )
    if index_for(store).info is None:
        raise SystemExit(f"{path}: no search index beside it; build it with hjemmel load")
    if stored_statistics(store) is None:
        print(f"  {path}: no current graf/statistikk; VoID counts the store itself", flush=True)


@contextmanager
def serve(path: Path, calls: Calls | None = None) -> Iterator[TestClient]:
    """The service on the store at ``path``, opened read-only: nothing is written to it."""
    store = EmbeddedStore.read_only(path)
    check_store(store, path)
    if calls is not None:
        instrument(store, calls)
    settings = Settings(store_path=path, query_workers=0)
    try:
        with TestClient(create_app(settings, store=store)) as client:
            yield client
    finally:
        store.close()


def request(client: TestClient, page: Page) -> float:
    start = time.perf_counter()
    if page.method == "POST":
        response = client.post(page.path, data=page.form, headers=page.headers)
    else:
        response = client.get(page.path, headers=page.headers)
    elapsed = time.perf_counter() - start
    if response.status_code != 200:
        raise SystemExit(f"{page.path}: HTTP {response.status_code}: {response.text[:300]}")
    return elapsed


@dataclass
class Timing:
    first: float
    median: float


def time_pages(client: TestClient, chosen: list[Page], runs: int) -> dict[str, Timing]:
    out: dict[str, Timing] = {}
    for page in chosen:
        gc.collect()
        first = request(client, page)
        samples = [request(client, page) for _ in range(runs)]
        out[page.name] = Timing(first, statistics.median(samples))
        print(
            f"  {page.name:<16} first {first * 1000:8.1f} ms, "
            f"median {out[page.name].median * 1000:8.1f} ms",
            flush=True,
        )
    return out


def product_id(client: TestClient) -> str:
    items = client.get("/api/products", params={"limit": 500}).json()["items"]
    ids = [str(item["id"]).rstrip("/").rsplit("/", 1)[-1] for item in items]
    return next((i for i in ids if i.startswith(PRODUCT_PREFIX)), ids[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, default=Path("/tmp/hjemmel-bench-pages"))
    parser.add_argument("--lovdata", type=Path, default=LOVDATA)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", default="", help="comma-separated page names")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    bundled, national = build(args.store, args.lovdata)
    with serve(bundled) as client:
        product = product_id(client)
    chosen = pages(product)
    if args.only:
        wanted = {n.strip() for n in args.only.split(",")}
        chosen = [p for p in chosen if p.name in wanted]

    results: dict[str, dict[str, Timing]] = {}
    for label, path in (("bundled", bundled), ("national", national)):
        print(f"{label}: {path}", flush=True)
        start = time.perf_counter()
        with serve(path) as client:
            print(f"  opened in {time.perf_counter() - start:.1f} s", flush=True)
            results[label] = time_pages(client, chosen, args.runs)

    print()
    print(f"median of {args.runs} runs after one untimed request; first = that request")
    print(
        "| page | bundled ms | national ms | ratio | national first ms |\n"
        "| --- | ---: | ---: | ---: | ---: |"
    )
    over: list[Page] = []
    for page in chosen:
        b, n = results["bundled"][page.name], results["national"][page.name]
        ratio = n.median / b.median
        flag = " **> 2**" if ratio > LIMIT else ""
        if ratio > LIMIT:
            over.append(page)
        print(
            f"| {page.name} | {b.median * 1000:.1f} | {n.median * 1000:.1f} | "
            f"{ratio:.2f}{flag} | {n.first * 1000:.1f} |"
        )
    print(f"\n{len(over)} of {len(chosen)} pages over {LIMIT:g}×")

    if args.profile and over:
        calls = Calls()
        with serve(national, calls) as client:
            for page in over:
                request(client, page)
                calls.recording, calls.rows = True, []
                total = request(client, page)
                calls.recording = False
                spent = sum(s for _, _, s in calls.rows)
                print(
                    f"\n{page.name} ({page.path}): {total * 1000:.0f} ms, "
                    f"store {spent * 1000:.0f} ms"
                )
                for method, label, seconds in sorted(calls.rows, key=lambda r: -r[2])[:12]:
                    print(f"  {seconds * 1000:8.1f} ms  {method:<11} {label}")
    sys.exit(1 if over else 0)


if __name__ == "__main__":
    main()
