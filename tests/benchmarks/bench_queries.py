"""Speed of every named SELECT query (``queries/*.rq``) on the embedded store and on a real
Oxigraph server, both holding the bundled graph, with parameters taken from that graph; and
of the domain calls behind the slowest API endpoints.

Prints, per query, the median of several runs in ms on each store and their ratio.
``--lovdata`` adds a section on an embedded store that also holds both full Lovdata dumps
(about 30 s to import), to see how the queries scale.

Run: ``.venv/bin/python tests/benchmarks/bench_queries.py [--repeat N] [--lovdata] [--only NAME]``
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from rdflib import Literal, URIRef

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

import servers  # noqa: E402

from graph.importers.bundled import load_bundled  # noqa: E402
from graph.questions import handlingsrom, legislation, overlaps, products, recommendations, stats  # noqa: E402
from graph.questions.named import list_queries, run_query  # noqa: E402
from graph.store import Store  # noqa: E402
from graph.store.embedded import EmbeddedStore  # noqa: E402
from graph.store.forms import request_form  # noqa: E402
from graph.store.remote import RemoteStore  # noqa: E402

B = "https://w3id.org/hjemmel/"
LOVDATA = ROOT.parent / "shared" / "data" / "lovdata"
RECOMMENDATION = URIRef(
    B + "anbefaling/virksomhetsleder-skal-sorge-for-at-praksis-i-egen-virksomhet-regelmessig-"
    "vurderes-opp-mot-nasjonale-faglige-rad-og-anbefalinger"
)
POINT = URIRef(B + "forskrift/2019-03-01-168/paragraf/6/ledd/1/bokstav/g")
PARAGRAPH = URIRef(B + "forskrift/2019-03-01-168/paragraf/6")
HOL_12_5 = URIRef(B + "lov/2011-06-24-30/paragraf/12-5")
HOL = URIRef(B + "lov/2011-06-24-30")
PRODUCT = URIRef(B + "produkt/implementering-av-nasjonale-faglige-rad-og-anbefalinger")
TARGET = URIRef(B + "malgruppe/ledere-i-helse-og-omsorgstjenestene")
SKAL = URIRef(B + "styrke/skal")

# Representative parameters per query; a query with several entries is timed once per entry.
PARAMS: dict[str, list[dict[str, URIRef | Literal]]] = {
    "act": [{"act": HOL}],
    "act-chapters": [{"act": HOL}],
    "counts": [{}, {"product": PRODUCT}],
    "dependents": [{"provision": POINT}, {"provision": HOL_12_5}],
    "describe-incoming": [{"resource": HOL_12_5}],
    "describe-incoming-count": [{"resource": HOL_12_5}],
    "describe-rests-on": [{"provision": PARAGRAPH}],
    "describe-resource": [{"resource": HOL_12_5}],
    "legal-basis": [{"recommendation": RECOMMENDATION}],
    "legal-chain": [{"resource": POINT}],
    "legal-node": [{"resource": POINT}],
    "lovdata-provision-texts": [{"graph": URIRef(B + "graf/lovdata/lov/2011-06-24-30")}],
    "overlaps": [{}],
    "overlaps-count": [{}],
    "overlap-facts": [{"recommendation": RECOMMENDATION}],
    "overlap-resting-on": [{"provision": POINT}, {"provision": HOL_12_5}],
    "overlap-product-recommendations": [{"product": PRODUCT}],
    "overlap-target-recommendations": [{"target": TARGET}],
    "overlap-same-target-topic": [{"target": TARGET, "topic": Literal("ledelse", lang="nb")}],
    "point-in-provision": [{"provision": PARAGRAPH, "suffix": Literal("/bokstav/g")}],
    "product": [{"product": PRODUCT}],
    "product-actors": [{"product": PRODUCT}],
    "provision": [{"provision": POINT}, {"provision": HOL_12_5}],
    "provision-parts": [{"provision": PARAGRAPH}],
    "recommendation": [{"recommendation": RECOMMENDATION}],
    "recommendations-search": [{}, {"strength": SKAL}],
    "requirements-for-target": [{"target": TARGET}],
    "resource": [{"resource": POINT}],
    "skal-without-legal-basis": [{}],
    "products-sharing-provision": [{}, {"provision": HOL_12_5}],
}

CALLS: dict[str, Callable[[Store], object]] = {
    "recommendations.search (all, limit 500)": lambda s: recommendations.search_recommendations(
        s, limit=500
    ),
    "recommendations.search (skal, without basis)": lambda s: (
        recommendations.search_recommendations(
            s, strength=SKAL, without_legal_basis=True, limit=500
        )
    ),
    "recommendations.recommendation": lambda s: recommendations.recommendation(s, RECOMMENDATION),
    "legislation.provision (point)": lambda s: legislation.provision(
        s, "forskrift/2019-03-01-168/§6/bokstav/g"
    ),
    "legislation.provision (§12-5)": lambda s: legislation.provision(s, "lov/2011-06-24-30/§12-5"),
    "legislation.act (hol.)": lambda s: legislation.act(s, "lov/2011-06-24-30"),
    "products.products": products.products,
    "products.product": lambda s: products.product(s, PRODUCT),
    "overlaps.overlaps": overlaps.overlaps,
    "handlingsrom.handlingsrom": lambda s: handlingsrom.handlingsrom(s, TARGET),
    "stats.stats": stats.stats,
}


def _time(fn: Callable[[], object], repeat: int) -> tuple[float, int]:
    """Median milliseconds over ``repeat`` runs after one warm-up, and the result's size."""
    result = fn()
    size = len(result) if isinstance(result, list) else -1
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - start) * 1000)
    return statistics.median(runs), size


def _cases(only: str | None) -> list[tuple[str, str, dict]]:
    cases = []
    for query in list_queries():
        if query.form != "select" or request_form(query.text) != "select":
            continue
        if only and only not in query.name:
            continue
        for params in PARAMS.get(query.name, [{}]):
            label = ", ".join(f"{k}={str(v).removeprefix(B)}" for k, v in params.items())
            cases.append((query.name, label, params))
    return cases


def bench_queries(stores: dict[str, Store], repeat: int, only: str | None) -> None:
    names = list(stores)
    print(f"{'query':<28} {'parameters':<44}" + "".join(f"{n + ' ms':>14}" for n in names), end="")
    print(f"{'ratio':>8}  rows" if len(names) == 2 else "  rows")
    for name, label, params in _cases(only):
        times, sizes = [], []
        for store in stores.values():
            ms, size = _time(lambda s=store, n=name, p=params: run_query(s, n, **p), repeat)
            times.append(ms)
            sizes.append(size)
        line = f"{name:<28} {label[:44]:<44}" + "".join(f"{t:>14.1f}" for t in times)
        if len(times) == 2:
            line += f"{times[1] / max(times[0], 0.01):>8.1f}"
        rows = "/".join(str(s) for s in sizes)
        print(line + f"  {rows}", flush=True)


def bench_calls(stores: dict[str, Store], repeat: int, only: str | None) -> None:
    names = list(stores)
    print(f"{'call':<73}" + "".join(f"{n + ' ms':>14}" for n in names))
    for label, call in CALLS.items():
        if only and only not in label:
            continue
        times = [_time(lambda s=store, c=call: c(s), repeat)[0] for store in stores.values()]
        print(f"{label:<73}" + "".join(f"{t:>14.1f}" for t in times), flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--lovdata", action="store_true", help="also the full Lovdata dumps")
    parser.add_argument("--only", help="only queries and calls whose name contains this")
    args = parser.parse_args()

    embedded = EmbeddedStore()
    load_bundled(embedded)
    with servers.oxigraph_server() as server:
        remote = RemoteStore(server.query_url, server.update_url, server.graph_store_url)
        load_bundled(remote)
        stores: dict[str, Store] = {"embedded": embedded, "oxigraph": remote}
        print(f"== named SELECT queries, bundled graph ({embedded.count()} triples)")
        bench_queries(stores, args.repeat, args.only)
        print("\n== domain calls behind the API, bundled graph")
        bench_calls(stores, max(1, args.repeat // 2), args.only)

    if args.lovdata:
        from graph.importers.lovdata import import_files

        start = time.perf_counter()
        import_files(embedded, sorted(LOVDATA.glob("*.tar.bz2")), progress=False)
        print(
            f"\n== embedded store with the bundled graph and both full Lovdata dumps "
            f"({embedded.count()} triples, import {time.perf_counter() - start:.0f} s)"
        )
        bench_queries({"embedded+lovdata": embedded}, args.repeat, args.only)
        print()
        bench_calls({"embedded+lovdata": embedded}, max(1, args.repeat // 2), args.only)
    embedded.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
