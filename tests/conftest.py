"""Shared fixtures: stores of every kind, loaded with the bundled graph or empty.

``store`` is parametrised over the embedded store and a real Oxigraph server (``oxigraph
serve`` on a free loopback port, started once per session); every test that takes it runs
on both. ``server_store`` (the bundled graph on a remote server) and ``rw_store`` (an empty
writable store) also run on Debian's Virtuoso, marked ``virtuoso``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import servers

from graph.importers.bundled import load_bundled
from graph.store import Store
from graph.store.embedded import EmbeddedStore
from graph.store.remote import RemoteStore

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


STORE_KINDS = ["embedded", "oxigraph"]
VIRTUOSO = pytest.mark.virtuoso


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that reaches a real server ``remote`` (``-m "not remote"`` skips)."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        callspec = getattr(item, "callspec", None)
        params = set(map(str, callspec.params.values())) if callspec else set()
        if any("oxigraph" in n or "virtuoso" in n for n in names | params):
            item.add_marker(pytest.mark.remote)


@pytest.fixture(scope="session")
def oxigraph_server() -> Iterator[servers.OxigraphServer]:
    """A real ``oxigraph serve`` for the bundled graph (the store keeps the merge)."""
    with servers.oxigraph_server() as server:
        yield server


@pytest.fixture(scope="session")
def oxigraph_store(oxigraph_server: servers.OxigraphServer) -> Store:
    """The bundled graph on the Oxigraph server, loaded through the Graph Store Protocol."""
    store = RemoteStore(
        oxigraph_server.query_url,
        oxigraph_server.update_url,
        oxigraph_server.graph_store_url,
    )
    load_bundled(store)
    return store


@pytest.fixture(scope="session")
def empty_oxigraph_server() -> Iterator[servers.OxigraphServer]:
    """A second Oxigraph server for tests that write; emptied around each test."""
    with servers.oxigraph_server() as server:
        yield server


@pytest.fixture
def empty_oxigraph_store(empty_oxigraph_server: servers.OxigraphServer) -> Iterator[Store]:
    store = RemoteStore(
        empty_oxigraph_server.query_url,
        empty_oxigraph_server.update_url,
        empty_oxigraph_server.graph_store_url,
    )
    store.drop_all()
    yield store
    store.drop_all()


@pytest.fixture(scope="session", params=STORE_KINDS)
def store(request: pytest.FixtureRequest) -> Store:
    """The bundled graph on each kind of store; tests must not write to it."""
    return request.getfixturevalue(f"{request.param}_store")


@pytest.fixture(scope="session", params=STORE_KINDS)
def mini_store(request: pytest.FixtureRequest) -> Iterator[Store]:
    """The synthetic test graph (tests/data/mini-graph.ttl) on each kind of store; read-only."""
    from mini_graph import load_mini

    if request.param == "embedded":
        store = load_mini(EmbeddedStore())
        yield store
        store.close()
        return
    with servers.oxigraph_server() as server:
        yield load_mini(RemoteStore(server.query_url, server.update_url, server.graph_store_url))


@pytest.fixture
def empty_store() -> Iterator[Store]:
    store = EmbeddedStore()
    yield store
    store.close()


@pytest.fixture
def empty_embedded_store(empty_store: Store) -> Store:
    return empty_store


@pytest.fixture(scope="session")
def virtuoso_server() -> Iterator[servers.VirtuosoServer]:
    """Debian's Virtuoso on free loopback ports, its database in a temporary folder."""
    with servers.virtuoso_server() as server:
        yield server


@pytest.fixture(scope="session")
def virtuoso_store(virtuoso_server: servers.VirtuosoServer) -> Store:
    """The bundled graph on Virtuoso, loaded through its Graph Store Protocol endpoint;
    Virtuoso's default graph is the union of its graphs."""
    store = RemoteStore(
        virtuoso_server.sparql_url,
        virtuoso_server.sparql_url,
        virtuoso_server.graph_store_url,
        default_graph="union",
    )
    load_bundled(store)
    return store


@pytest.fixture(scope="session", params=["oxigraph", pytest.param("virtuoso", marks=VIRTUOSO)])
def server_store(request: pytest.FixtureRequest) -> Store:
    """The bundled graph on each kind of SPARQL server; tests must not write to it."""
    return request.getfixturevalue(f"{request.param}_store")


@pytest.fixture(scope="session")
def empty_virtuoso_server() -> Iterator[servers.VirtuosoServer]:
    """A second Virtuoso, for tests that write."""
    with servers.virtuoso_server() as server:
        yield server


def on_virtuoso(request: pytest.FixtureRequest) -> bool:
    """Whether the test runs on a Virtuoso parameter of a store fixture."""
    callspec = getattr(request.node, "callspec", None)
    params = callspec.params.values() if callspec else ()
    return any(str(p).startswith("virtuoso") for p in params)


def _drop_user_graphs(store: Store) -> None:
    for name in store.graph_names():
        store.drop_graph(name)


@pytest.fixture(
    params=[
        "embedded",
        "oxigraph",
        "oxigraph_batched",
        pytest.param("virtuoso", marks=VIRTUOSO),
        pytest.param("virtuoso_batched", marks=VIRTUOSO),
    ]
)
def rw_store(request: pytest.FixtureRequest) -> Iterator[Store]:
    """An empty writable store: embedded; Oxigraph or Virtuoso through the Graph Store
    Protocol; or either through INSERT DATA in batches of three triples (staging graphs and
    MOVE)."""
    kind = str(request.param)
    if kind == "embedded":
        yield request.getfixturevalue("empty_embedded_store")
        return
    if kind == "oxigraph":
        yield request.getfixturevalue("empty_oxigraph_store")
        return
    batched = kind.endswith("_batched")
    if kind.startswith("virtuoso"):
        v: servers.VirtuosoServer = request.getfixturevalue("empty_virtuoso_server")
        store = (
            RemoteStore(v.sparql_url, v.sparql_url, batch_triples=3, default_graph="union")
            if batched
            else RemoteStore(v.sparql_url, v.sparql_url, v.graph_store_url, default_graph="union")
        )
        _drop_user_graphs(store)
        yield store
        _drop_user_graphs(store)
        return
    o: servers.OxigraphServer = request.getfixturevalue("empty_oxigraph_server")
    store = RemoteStore(o.query_url, o.update_url, batch_triples=3)
    store.drop_all()
    yield store
    store.drop_all()


@pytest.fixture(scope="session")
def client(store: Store) -> Iterator[object]:
    """The HTTP service on ``store`` (both kinds), lifespan included."""
    from fastapi.testclient import TestClient

    from graph.settings import Settings
    from service.app import create_app

    app = create_app(Settings(store_path=None), store=store)
    with TestClient(app) as c:
        yield c
