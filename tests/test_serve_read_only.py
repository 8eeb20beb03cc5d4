"""``hjemmel serve --read-only`` and ``--workers N``: the service answers from a store it
opened read-only, in one process or several, and never holds the folder for writing."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from servers import free_port

from graph.settings import Settings
from graph.store import open_store
from graph.store.embedded import EmbeddedStore

ROOT = Path(__file__).resolve().parent.parent
RECOMMENDATION = (
    "virksomhetsleder-skal-sorge-for-at-praksis-i-egen-virksomhet-regelmessig-vurderes-"
    "opp-mot-nasjonale-faglige-rad-og-anbefalinger"
)


@pytest.fixture(scope="module")
def loaded_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("read-only") / "store"
    loaded = subprocess.run(
        [sys.executable, "-m", "graph", "--store-path", str(store), "load"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert loaded.returncode == 0, loaded.stderr
    return store


def _get(url: str, accept: str = "application/json") -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, response.read()


@contextmanager
def _serve(store: Path, *options: str) -> Iterator[str]:
    port = free_port()
    log = (store.parent / f"serve-{port}.log").open("wb")
    args = [sys.executable, "-m", "graph", "--store-path", str(store), "serve"]
    process = subprocess.Popen(
        [*args, "--port", str(port), *options], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if _get(base + "/health")[0] == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError((store.parent / f"serve-{port}.log").read_text())
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def test_settings_open_the_store_read_only(loaded_store: Path) -> None:
    store = open_store(Settings(store_path=loaded_store, read_only=True))
    try:
        assert isinstance(store, EmbeddedStore)
        assert not store.writable
        assert store.ask("ASK { ?s ?p ?o }")
    finally:
        store.close()


@pytest.mark.parametrize("options", [["--read-only"], ["--workers", "2"]], ids=["one", "two"])
def test_serve_answers_from_a_read_only_store(loaded_store: Path, options: list[str]) -> None:
    with _serve(loaded_store, *options) as base:
        status, body = _get(f"{base}/api/recommendations/{RECOMMENDATION}")
        assert status == 200
        assert json.loads(body)["id"] == RECOMMENDATION
        query = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
        status, body = _get(f"{base}/sparql?{query}", "application/sparql-results+json")
        assert status == 200
        assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) > 0
        # the service holds no write lock: a writer can open the folder beside it
        writer = EmbeddedStore(loaded_store)
        assert writer.writable
        writer.close()
