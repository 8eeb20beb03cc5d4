"""The VoID figures are written by every load and import (``graf/statistikk``) and equal
what counting the store afresh gives, on the embedded store and on an Oxigraph server;
figures older than the last load are not used."""

from __future__ import annotations

import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.namespace import VOID

from graph.importers.bundled import load_bundled
from graph.importers.helsedir import import_files as import_helsedir
from graph.importers.lovdata import import_files as import_lovdata
from graph.linked_data.dataset import dataset_graph
from graph.model.resources import data_dir
from graph.questions.void_statistics import (
    LOVDATA_SUBSET,
    DatasetStatistics,
    compute_statistics,
    statistics,
    stored_statistics,
)
from graph.store import Store
from graph.store.embedded import EmbeddedStore
from graph.store.load_marker import STATS_GRAPH, mark_loaded

ACTS = 8
DATASET = "https://example.org/void#dataset"


@pytest.fixture(scope="module")
def acts_folder(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("lover")
    with tarfile.open(shared_data / "lovdata" / "gjeldende-lover.tar.bz2", "r|bz2") as tar:
        n = 0
        for member in tar:
            if member.isfile() and member.name.endswith(".xml") and "nn" not in member.name:
                (folder / Path(member.name).name).write_bytes(tar.extractfile(member).read())  # type: ignore[union-attr]
                n += 1
                if n == ACTS:
                    break
    return folder


@pytest.fixture(params=["embedded", "oxigraph"])
def writable(request: pytest.FixtureRequest) -> Iterator[Store]:
    if request.param == "embedded":
        store = EmbeddedStore()
        yield store
        store.close()
    else:
        yield request.getfixturevalue("empty_oxigraph_store")


def _figures(stats: DatasetStatistics) -> tuple[object, ...]:
    return (
        stats.triples,
        sorted((str(s.iri), s.triples, s.title) for s in stats.subsets),
        sorted((str(c), n) for c, n in stats.classes),
        sorted(map(str, stats.examples)),
        sorted((str(p), n) for p, n in stats.linksets),
        stats.modified,
    )


def _check_current(store: Store) -> DatasetStatistics:
    stored = stored_statistics(store)
    assert stored is not None, "the last write left current figures"
    assert _figures(stored) == _figures(compute_statistics(store))
    assert stored.triples == store.count()
    assert STATS_GRAPH not in store.graph_names()
    description = dataset_graph(
        store, dataset_iri=DATASET, sparql_endpoint="http://x/sparql", home="http://x/"
    )
    assert description.value(URIRef(DATASET), VOID.triples).toPython() == store.count()
    return stored


def test_every_load_and_import_leaves_current_figures(writable: Store, acts_folder: Path) -> None:
    load_bundled(writable)
    bundled = _check_current(writable)

    import_lovdata(writable, [acts_folder], progress=False, workers=0)
    imported = _check_current(writable)
    assert imported.triples > bundled.triples
    lovdata = {s.iri: s.triples for s in imported.subsets}[LOVDATA_SUBSET]
    names = [g for g in writable.graph_names() if str(g).startswith(str(LOVDATA_SUBSET))]
    assert lovdata == sum(writable.count(g) for g in names)
    assert len(names) >= ACTS

    import_helsedir(writable, [data_dir() / "helsedir" / "rad-by-id.json"])
    _check_current(writable)


def test_figures_older_than_the_last_load_are_counted_afresh(writable: Store) -> None:
    load_bundled(writable)
    assert stored_statistics(writable) is not None
    writable.drop_graph(URIRef("https://w3id.org/hjemmel/graf/kuratert"))
    mark_loaded(writable)  # a write that did not refresh the figures
    assert stored_statistics(writable) is None
    assert statistics(writable).triples == writable.count()
