"""Imports are all or nothing: a Lovdata import that is killed with ``kill -9`` while it
writes, that runs out of file space, or whose remote requests time out leaves the store
exactly as it was (the same named graphs and quads), says so without a traceback, and the
next run removes what the killed one staged.

The data are the first few hundred real acts of ``gjeldende-lover.tar.bz2``. A full disk is
reproduced with ``RLIMIT_FSIZE`` in the import's own process: writing past the limit fails
with ``EFBIG`` (Python ignores ``SIGXFSZ``), the same failure path as ``ENOSPC``.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.errors import ImportFailedError, StoreUnavailableError
from graph.importers.bundled import load_bundled
from graph.importers.entailment import refresh_eli
from graph.importers.lovdata import import_files
from graph.model.vocab import ELI_GRAPH
from graph.store import Store
from graph.store.embedded import EmbeddedStore, staging_folders
from graph.store.remote import RemoteStore

ROOT = Path(__file__).resolve().parent.parent
ACTS = 400


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


def _state(store: Store) -> tuple[list[str], int]:
    return [str(g) for g in store.graph_names()], store.count()


def _cli(store: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "graph", "--store-path", str(store), *args]


def _bundled_store(path: Path) -> tuple[list[str], int]:
    store = EmbeddedStore(path)
    load_bundled(store)
    state = _state(store)
    store.close()
    del store
    return state


def test_kill_9_while_writing_leaves_the_embedded_store_as_it_was(
    acts_folder: Path, tmp_path: Path
) -> None:
    path = tmp_path / "store"
    before = _bundled_store(path)
    process = subprocess.Popen(
        _cli(path, "import", "lovdata", str(acts_folder), "--no-progress"),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    while not staging_folders(path):
        assert process.poll() is None, "the import ended before it was seen writing"
        assert time.monotonic() < deadline
        time.sleep(0.005)
    time.sleep(0.3)  # well into the writing
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert staging_folders(path), "the killed run leaves its staging copy behind"

    store = EmbeddedStore(path)
    assert _state(store) == before
    # the next run removes the stale staging copy and imports everything
    report = import_files(store, [acts_folder], progress=False, workers=0)
    assert not staging_folders(path)
    names, count = _state(store)
    assert report.counts.acts > 300
    assert sum("/graf/lovdata/" in g for g in names) >= report.counts.acts
    assert len(names) > len(before[0]) and count > before[1]


def _eli_triples(store: ox.Store) -> set[ox.Triple]:
    eli = ox.NamedNode(str(ELI_GRAPH))
    return {q.triple for q in store.quads_for_pattern(None, None, None, eli) if q.subject != eli}


def test_the_staged_copy_holds_graf_eli_before_the_swap(
    acts_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Lovdata import derives ``graf/eli`` inside its staging copy, so the copy that
    replaces the store already holds the new acts' ELI statements: a kill after the swap
    cannot leave an import without them."""
    path = tmp_path / "store"
    _bundled_store(path)
    staged: dict[str, set[ox.Triple]] = {}
    swap_in = EmbeddedStore._swap_in

    def look_then_swap(self: EmbeddedStore, staging: Path) -> None:
        copy = ox.Store.read_only(str(staging))
        staged["eli"] = _eli_triples(copy)
        del copy
        swap_in(self, staging)

    monkeypatch.setattr(EmbeddedStore, "_swap_in", look_then_swap)
    store = EmbeddedStore(path)
    before = _eli_triples(store.oxigraph)
    report = import_files(store, [acts_folder], progress=False, workers=0)
    assert report.counts.acts > 300
    assert len(staged["eli"]) > len(before) + report.counts.acts, "the new acts are in it"
    assert staged["eli"] == _eli_triples(store.oxigraph), "the swap brought it in"
    refresh_eli(store)
    assert _eli_triples(store.oxigraph) == staged["eli"], "nothing was left to derive"


def test_file_size_limit_fails_cleanly_and_changes_nothing(
    acts_folder: Path, tmp_path: Path
) -> None:
    path = tmp_path / "store"
    before = _bundled_store(path)

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (2_000_000, 2_000_000))

    result = subprocess.run(
        _cli(path, "import", "lovdata", str(acts_folder), "--no-progress"),
        cwd=ROOT,
        capture_output=True,
        text=True,
        preexec_fn=limit,
        timeout=300,
    )
    assert result.returncode == 4, result.stderr
    assert "Traceback" not in result.stderr
    assert "full disk" in result.stderr and "Ingenting er endret" in result.stderr
    assert not staging_folders(path)
    store = EmbeddedStore(path)
    assert _state(store) == before


def test_kill_9_while_staging_on_an_oxigraph_server(
    acts_folder: Path, empty_oxigraph_store: Store
) -> None:
    remote = empty_oxigraph_store
    assert isinstance(remote, RemoteStore)
    load_bundled(remote)
    before = _state(remote)
    env = {
        **os.environ,
        "HJEMMEL_STORE": "remote",
        "HJEMMEL_SPARQL_QUERY_URL": remote.query_url,
        "HJEMMEL_SPARQL_UPDATE_URL": remote.update_url,
        "HJEMMEL_SPARQL_GRAPH_STORE_URL": str(remote.graph_store_url),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "graph", "import", "lovdata", str(acts_folder), "--no-progress"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    staged = (
        "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
        "FILTER STRSTARTS(STR(?g), 'urn:hjemmel:staging:') }"
    )
    deadline = time.monotonic() + 120
    while int(remote.select(staged)[0]["n"]) < 20:
        assert process.poll() is None, "the import ended before it was seen staging"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert _state(remote) == before
    assert int(remote.select(staged)[0]["n"]) >= 20  # left by the killed run
    report = import_files(remote, [acts_folder], progress=False, workers=0)
    assert int(remote.select(staged)[0]["n"]) == 0
    names, _ = _state(remote)
    assert sum("/graf/lovdata/" in g for g in names) >= report.counts.acts > 300
    assert len(names) > len(before[0])


def test_remote_timeout_leaves_the_store_unchanged(
    acts_folder: Path, empty_oxigraph_store: Store
) -> None:
    remote = empty_oxigraph_store
    assert isinstance(remote, RemoteStore)
    load_bundled(remote)
    before = _state(remote)
    hasty = RemoteStore(remote.query_url, remote.update_url, remote.graph_store_url, timeout=0.001)
    with pytest.raises(ImportFailedError) as failed:
        import_files(hasty, [acts_folder], progress=False, workers=0)
    assert "lageret er uendret" in failed.value.message
    assert isinstance(failed.value.__cause__, StoreUnavailableError)
    assert _state(remote) == before
    staged = "ASK { GRAPH ?g { ?s ?p ?o } FILTER STRSTARTS(STR(?g), 'urn:hjemmel:staging:') }"
    assert not remote.ask(staged)
