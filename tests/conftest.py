"""Shared fixtures: stores of both kinds, loaded with the bundled graph.

``store`` is parametrised over the embedded store and a real Oxigraph server (``oxigraph
serve`` on a free loopback port, started once per session); every test that takes it runs
on both.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.loading import load_bundled
from graph.store import Store
from graph.stores.embedded import EmbeddedStore

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"
SHARED_SOURCES = ROOT.parent / "shared" / "sources"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.fail(f"the real data in {SHARED_DATA} is missing: the tests need ../shared/data")
    return SHARED_DATA


@pytest.fixture(scope="session")
def embedded_store() -> Iterator[Store]:
    store = EmbeddedStore()
    load_bundled(store)
    yield store
    store.close()


@pytest.fixture(scope="session", params=["embedded"])
def store(request: pytest.FixtureRequest) -> Store:
    """The bundled graph on each kind of store; tests must not write to it."""
    return request.getfixturevalue(f"{request.param}_store")


@pytest.fixture
def empty_store() -> Iterator[Store]:
    store = EmbeddedStore()
    yield store
    store.close()


@pytest.fixture(scope="session")
def client(store: Store) -> Iterator[object]:
    """The HTTP service on ``store`` (both kinds), lifespan included."""
    from fastapi.testclient import TestClient

    from graph.settings import Settings
    from service.app import create_app

    app = create_app(Settings(store_path=None), store=store)
    with TestClient(app) as c:
        yield c
