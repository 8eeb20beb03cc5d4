"""A seeded, synthetic national corpus of guidance for benchmarks (never bundled).

``N`` recommendations in ``N // 100`` products (at least ten), written in the project's
vocabulary into one named graph per product (``graf/syntetisk/{k}``). Every IRI and label
says "syntetisk", so nothing here can be mistaken for a real product or recommendation.
What the generated guidance rests on is real: its legal bases are provisions, ledd and
points read from the store it is added to (all of Lovdata, imported with ``hjemmel import
lovdata``), its publisher is Helsedirektoratet's actor IRI from the curated graph.

Shape of the corpus (fixed by the seed, so every run builds the same one):
- strengths: 15 % skal, 50 % bør, 30 % kan, 5 % uavklart; a tenth of the skal without a
  legal basis (what the SHACL shape reports);
- one or two legal bases each; a fifth of them from a "hot" pool of ``N // 20`` provisions,
  so products share provisions (overlaps), with different strengths (conflicts);
- 40 target groups, ``N // 6`` topics, each topic with a home target group that most of
  its recommendations address (target-topic overlaps);
- products of the five kinds, current or consultation drafts, last professionally changed
  between 2014 and 2026 (some due for revision).

Run: ``PYTHONPATH=. .venv/bin/python tests/benchmarks/national_corpus.py --store DIR --n N``
``[--base STORE]`` (``--base``: a store, e.g. the national one, of which DIR starts as a
copy; a RocksDB checkpoint, so cheap) ``[--nquads FILE]`` (also write the corpus as N-Quads,
for loading into another server). From Python: :func:`add_corpus`.
"""

from __future__ import annotations

import argparse
import gzip
import random
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from rdflib import URIRef

from graph.importers.statistics import refresh_statistics
from graph.model.vocab import BASE, HJ
from graph.store.base import Store
from graph.store.load_marker import mark_loaded

__all__ = ["SEED", "Corpus", "add_corpus", "corpus_graphs", "provision_pool"]

SEED = 2026
GRAPH_PREFIX = BASE + "graf/syntetisk/"
PUBLISHER = BASE + "aktor/helsedirektoratet"
TARGET_GROUPS = 40
KINDS = ("NationalGuideline", "NationalGuide", "NationalAdvice", "PatientPathway", "Circular")
STRENGTHS = (("skal", 0.15), ("bor", 0.50), ("kan", 0.30), ("uavklart", 0.05))
WORDS = {"skal": "skal", "bor": "bør", "kan": "kan", "uavklart": "vurderer å"}

_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_TITLE = "<http://purl.org/dc/terms/title>"
_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
_PREF_LABEL = "<http://www.w3.org/2004/02/skos/core#prefLabel>"
_DATE = "<http://www.w3.org/2001/XMLSchema#date>"

_POOL_QUERY = """
PREFIX hj: <https://w3id.org/hjemmel/ontology#>
SELECT ?p WHERE {
  VALUES ?kind { hj:Provision hj:Subsection hj:LetteredPoint hj:NumberedPoint }
  ?p a ?kind .
}
"""


@dataclass(frozen=True)
class Corpus:
    """What :func:`add_corpus` wrote."""

    recommendations: int
    products: int
    graphs: list[URIRef]
    provisions_in_pool: int
    seconds: float


def provision_pool(store: Store) -> list[str]:
    """IRIs of every provision, ledd and point in ``store``, sorted (the seed then picks)."""
    return sorted({str(row["p"]) for row in store.select(_POOL_QUERY) if "p" in row})


def _iri(value: str) -> str:
    return f"<{value}>"


def _nb(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"@nb'


def _date(day: date) -> str:
    return f'"{day.isoformat()}"^^{_DATE}'


def _hj(name: str) -> str:
    return _iri(str(HJ[name]))


def _strength(rng: random.Random) -> str:
    roll = rng.random()
    for name, share in STRENGTHS:
        if roll < share:
            return name
        roll -= share
    return STRENGTHS[-1][0]


def _day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def _target_group_triples() -> list[str]:
    lines = []
    for t in range(TARGET_GROUPS):
        iri = _iri(f"{BASE}malgruppe/syntetisk-{t}")
        lines.append(f"{iri} {_RDF_TYPE} {_hj('TargetGroup')} .")
        lines.append(f"{iri} {_PREF_LABEL} {_nb(f'Syntetisk målgruppe {t}')} .")
    return lines


def corpus_graphs(n: int, pool: Sequence[str], seed: int = SEED) -> Iterator[tuple[URIRef, str]]:
    """The corpus of ``n`` recommendations as (named graph, N-Triples text), one graph per
    product; the first graph also holds the target groups."""
    if not pool:
        raise ValueError("no provisions to rest on: import Lovdata into the store first")
    rng = random.Random(seed)
    products = max(10, n // 100)
    topics = max(10, n // 6)
    home = [rng.randrange(TARGET_GROUPS) for _ in range(topics)]
    hot = rng.sample(list(pool), min(len(pool), max(10, n // 20)))
    per_product = [n // products + (1 if k < n % products else 0) for k in range(products)]
    for k in range(products):
        lines = _target_group_triples() if k == 0 else []
        product = _iri(f"{BASE}produkt/syntetisk-{k}")
        kind = KINDS[k % len(KINDS)]
        status = "gjeldende" if rng.random() < 0.85 else "horingsutkast"
        first = _day(rng, date(2010, 1, 1), date(2020, 12, 31))
        changed = _day(rng, max(first, date(2014, 1, 1)), date(2026, 10, 31))
        product_groups = sorted(rng.sample(range(TARGET_GROUPS), 3))
        lines += [
            f"{product} {_RDF_TYPE} {_hj(kind)} .",
            f"{product} {_TITLE} {_nb(f'Syntetisk produkt {k}')} .",
            f"{product} {_LABEL} {_nb(f'Syntetisk produkt {k}')} .",
            f"{product} {_hj('publisher')} {_iri(PUBLISHER)} .",
            f"{product} {_hj('status')} {_iri(f'{BASE}status/{status}')} .",
            f"{product} {_hj('firstPublished')} {_date(first)} .",
            f"{product} {_hj('lastProfessionalChange')} {_date(changed)} .",
        ]
        lines += [
            f"{product} {_hj('targetGroup')} {_iri(f'{BASE}malgruppe/syntetisk-{t}')} ."
            for t in product_groups
        ]
        for j in range(per_product[k]):
            lines += _recommendation(rng, k, j, product, pool, hot, topics, home)
        yield URIRef(f"{GRAPH_PREFIX}{k}"), "\n".join(lines) + "\n"


def _recommendation(
    rng: random.Random,
    k: int,
    j: int,
    product: str,
    pool: Sequence[str],
    hot: Sequence[str],
    topics: int,
    home: Sequence[int],
) -> list[str]:
    iri = _iri(f"{BASE}anbefaling/syntetisk-{k}-{j}")
    strength = _strength(rng)
    topic = rng.randrange(topics)
    groups = {home[topic] if rng.random() < 0.6 else rng.randrange(TARGET_GROUPS)}
    if rng.random() < 0.3:
        groups.add(rng.randrange(TARGET_GROUPS))
    title = (
        f"Syntetisk anbefaling {k}-{j}: tjenesten {WORDS[strength]} vurdere tiltak "
        f"innen syntetisk tema {topic}"
    )
    lines = [
        f"{iri} {_RDF_TYPE} {_hj('Recommendation')} .",
        f"{iri} {_TITLE} {_nb(title)} .",
        f"{iri} {_LABEL} {_nb(title)} .",
        f"{iri} {_hj('strength')} {_iri(f'{BASE}styrke/{strength}')} .",
        f"{iri} {_hj('product')} {product} .",
        f"{iri} {_hj('topic')} {_nb(f'Syntetisk tema {topic}')} .",
        f"{iri} {_hj('text')} {_nb(title + '. Teksten er generert for ytelsesmåling.')} .",
    ]
    if strength != "uavklart":
        lines.append(f"{iri} {_hj('strengthEvidence')} {_nb(WORDS[strength])} .")
    lines += [
        f"{iri} {_hj('targetGroup')} {_iri(f'{BASE}malgruppe/syntetisk-{t}')} ."
        for t in sorted(groups)
    ]
    if not (strength == "skal" and rng.random() < 0.1):
        for _ in range(1 if rng.random() < 0.7 else 2):
            basis = rng.choice(hot) if rng.random() < 0.2 else rng.choice(pool)
            lines.append(f"{iri} {_hj('legalBasis')} {_iri(basis)} .")
    return lines


def add_corpus(
    store: Store, n: int, *, seed: int = SEED, batch: int = 50, nquads: Path | None = None
) -> Corpus:
    """Write the corpus of ``n`` recommendations into ``store``, ``batch`` product graphs
    per write, record the load and refresh the figures kept in ``graf/statistikk`` (as
    every load does); optionally also as gzipped N-Quads to ``nquads``."""
    started = time.perf_counter()
    pool = provision_pool(store)
    written: list[URIRef] = []
    pending: dict[URIRef, str] = {}
    with ExitStack() as stack:
        out = stack.enter_context(gzip.open(nquads, "wt", encoding="utf-8")) if nquads else None
        for name, text in corpus_graphs(n, pool, seed):
            pending[name] = text
            if out is not None:
                out.write(text.replace(" .\n", f" <{name}> .\n"))
            if len(pending) >= batch:
                _write(store, pending)
                written += pending
                pending = {}
        if pending:
            _write(store, pending)
            written += pending
    mark_loaded(store)
    refresh_statistics(store)
    return Corpus(
        recommendations=n,
        products=len(written),
        graphs=written,
        provisions_in_pool=len(pool),
        seconds=time.perf_counter() - started,
    )


def _write(store: Store, graphs: dict[URIRef, str]) -> None:
    replace_nt = getattr(store, "replace_graphs_nt", None)
    if replace_nt is not None:
        replace_nt({name: text.encode("utf-8") for name, text in graphs.items()})
        return
    from rdflib import Graph

    store.replace_graphs(
        {name: Graph().parse(data=text, format="nt") for name, text in graphs.items()}
    )


def main(argv: list[str] | None = None) -> int:
    import pyoxigraph as ox

    from graph.store.embedded import EmbeddedStore

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True, help="the store folder to write")
    parser.add_argument("--n", type=int, required=True, help="number of recommendations")
    parser.add_argument("--base", type=Path, help="start --store as a copy of this store")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--nquads", type=Path, help="also write the corpus here (.nq.gz)")
    args = parser.parse_args(argv)
    if args.base is not None:
        if args.store.exists():
            parser.error(f"{args.store} exists; --base needs a new folder")
        ox.Store.read_only(str(args.base)).backup(str(args.store))
    store = EmbeddedStore(args.store)
    try:
        corpus = add_corpus(store, args.n, seed=args.seed, nquads=args.nquads)
    finally:
        store.close()
    print(
        f"{corpus.recommendations} anbefalinger i {corpus.products} produkter "
        f"({corpus.provisions_in_pool} bestemmelser å hvile på) på {corpus.seconds:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
