"""Speed of the first page of every list endpoint as the store grows: each endpoint timed
through the in-process app (FastAPI's TestClient over ``create_app``, the store opened
read-only, ``query_workers=0``) on stores of different sizes, the same store's SPARQL for
that page timed alone on raw pyoxigraph, and the ratio of each store to the first one
given (the smallest). A list pages in the query, so its first page should cost about the
same however many recommendations the store holds (target: ≤ 2× between 1k and 100k).

Also the JSON path for a large answer: the handlingsrom of the largest target group,
split into its query, building the result and writing the JSON (target: building and
writing add ≤ 50 % to the query).

Each figure is the median of ``--runs`` runs after one untimed run.

Run: ``PYTHONPATH=. .venv/bin/python tests/benchmarks/bench_lists.py``
``[--store LABEL=DIR …] [--runs N]`` (default: the corpus stores
``/tmp/hjemmel-corpus/n1000`` and ``n100000`` that exist; build them with
``tests/benchmarks/national_corpus.py``).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from fastapi.testclient import TestClient
from rdflib import URIRef

from graph.questions import handlingsrom
from graph.questions.named import get_query, run_page, run_query
from graph.settings import Settings
from graph.store.binding import bind_terms, inject_values_rows, slice_clause
from graph.store.embedded import EmbeddedStore
from service.app import create_app
from service.json_body import json_body

JSON = {"Accept": "application/json"}
DEFAULT = {"1k": "/tmp/hjemmel-corpus/n1000", "100k": "/tmp/hjemmel-corpus/n100000"}


def median_time(fn: Callable[[], Any], runs: int) -> float:
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def largest_target(store: EmbeddedStore) -> URIRef:
    counts: dict[str, int] = {}
    for row in run_query(store, "target-groups"):
        key = str(row["target"])
        counts[key] = counts.get(key, 0) + int(str(row.get("recommendations", 0)))
    return URIRef(max(counts, key=lambda k: counts[k]))


def shared_provision(store: EmbeddedStore) -> str | None:
    rows = store.select(
        "PREFIX hj: <https://w3id.org/hjemmel/ontology#> SELECT ?p (COUNT(?r) AS ?n) "
        "WHERE { ?r a hj:Recommendation ; hj:legalBasis ?p } GROUP BY ?p ORDER BY DESC(?n) "
        "LIMIT 1"
    )
    return str(rows[0]["p"]) if rows else None


def raw(name: str, limit: int | None = None, **bindings: URIRef) -> str:
    """The text the store runs for a named query (parameters bound as in the app)."""
    query = get_query(name)
    text = query.text.rstrip() + slice_clause(limit) if limit else query.text
    return bind_terms(text, dict(bindings)) if bindings else text


def endpoints(store: EmbeddedStore) -> list[tuple[str, str, list[str]]]:
    """(label, path, the SPARQL texts of its page) for every list endpoint."""
    target = largest_target(store)
    tid = str(target).rsplit("/", 1)[-1]
    found = [
        (
            "/api/recommendations",
            "/api/recommendations?limit=20",
            [raw("recommendations-page", 20), raw("recommendations-count")],
        ),
        (
            "/api/recommendations?strength=skal",
            "/api/recommendations?strength=skal&limit=20",
            [
                raw("recommendations-page", 20, strength=URIRef(_skal())),
                raw("recommendations-count", strength=URIRef(_skal())),
            ],
        ),
        ("/api/products", "/api/products?limit=100", products_texts(store, 100)),
        ("/api/products?limit=10", "/api/products?limit=10", products_texts(store, 10)),
        ("/api/amendments", "/api/amendments?limit=100", [raw("amendments", 100)]),
        (
            "/api/handlingsrom (largest target)",
            f"/api/handlingsrom?target={tid}",
            [raw("requirements-for-target", target=target)],
        ),
        ("/anbefalinger (page)", "/anbefalinger", [raw("recommendations-page", 20)]),
    ]
    provision = shared_provision(store)
    if provision:
        found.append(
            (
                "products-sharing-provision (bound; hjemmel query, no HTTP)",
                "query:products-sharing-provision:" + provision,
                [raw("products-sharing-provision", provision=URIRef(provision))],
            )
        )
    return found


def products_texts(store: EmbeddedStore, limit: int) -> list[str]:
    """The SPARQL of one page of products: the page, its rows, its counts."""
    page = [URIRef(str(r["product"])) for r in run_page(store, "products-page", limit)]
    each = [
        inject_values_rows(get_query(name).text, "product", list(page))
        for name in ("products", "products-strength-counts", "products-target-counts")
    ]
    return [raw("products-page", limit), raw("target-group-labels"), *each]


def _skal() -> str:
    return "https://w3id.org/hjemmel/styrke/skal"


def measure(path: Path, runs: int) -> dict[str, tuple[float, float, int]]:
    """label → (seconds over HTTP, seconds of its SPARQL on raw pyoxigraph, bytes)."""
    store = EmbeddedStore(path, read_only=True)
    out: dict[str, tuple[float, float, int]] = {}
    raw_store: ox.Store = store.oxigraph
    with TestClient(create_app(Settings(store_path=path, query_workers=0), store=store)) as c:
        for label, url, texts in endpoints(store):
            if url.startswith("query:"):
                _, name, provision = url.split(":", 2)
                http = median_time(
                    lambda n=name, p=provision: run_query(store, n, provision=p), runs
                )
                size = len(run_query(store, name, provision=provision))
            else:
                headers = JSON if url.startswith("/api") else {"Accept": "text/html"}
                response = c.get(url, headers=headers)
                if response.status_code != 200:
                    print(f"  {label}: HTTP {response.status_code}", file=sys.stderr)
                    continue
                http = median_time(lambda u=url, h=headers: c.get(u, headers=h), runs)
                size = len(response.content)
            query = median_time(lambda t=texts: [list(raw_store.query(x)) for x in t], runs)
            out[label] = (http, query, size)
    out.update(json_path(store, runs))
    store.close()
    return out


def json_path(store: EmbeddedStore, runs: int) -> dict[str, tuple[float, float, int]]:
    """The handlingsrom of the largest target group: query; query + build; build + JSON."""
    target = largest_target(store)
    rows = run_query(store, "requirements-for-target", target=target)
    print(f"  handlingsrom of {target}: {len(rows)} rows", file=sys.stderr)
    query = median_time(lambda: run_query(store, "requirements-for-target", target=target), runs)
    built = handlingsrom.handlingsrom(store, target)
    build = median_time(lambda: handlingsrom.handlingsrom(store, target), runs) - query
    body = json_body(built).body
    write = median_time(lambda: json_body(built), runs)
    return {
        "JSON: handlingsrom of the largest target (query + build + write vs query)": (
            query + build + write,
            query,
            len(body),
        )
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", action="append", default=[], metavar="LABEL=DIR")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    chosen = dict(s.split("=", 1) for s in args.store) or {
        k: v for k, v in DEFAULT.items() if Path(v).is_dir()
    }
    if not chosen:
        parser.error("no store: give --store LABEL=DIR")
    results = {label: measure(Path(folder), args.runs) for label, folder in chosen.items()}
    labels = list(results)
    base = labels[0]
    head = "| endpoint (first page) | " + " | ".join(
        f"{lab} HTTP s | {lab} query s | {lab} HTTP/query" for lab in labels
    )
    head += " | " + " | ".join(f"{lab}/{base}" for lab in labels[1:]) + " |"
    print(head)
    print("|" + "---|" * (1 + 3 * len(labels) + len(labels) - 1))
    for name in results[base]:
        cells = []
        for lab in labels:
            http, query, _ = results[lab].get(name, (float("nan"), float("nan"), 0))
            cells += [f"{http:.3f}", f"{query:.3f}", f"{http / query:.2f}" if query else "–"]
        for lab in labels[1:]:
            other = results[lab].get(name, (float("nan"), 0.0, 0))[0]
            cells.append(f"{other / results[base][name][0]:.2f}")
        print(f"| {name} | " + " | ".join(cells) + " |")
    with open("/proc/loadavg") as f:
        print(f"\nload average: {f.read().strip()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
