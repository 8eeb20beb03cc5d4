"""The application factory."""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from graph.settings import Settings
from graph.store import Store, open_store
from graph.store.embedded import EmbeddedStore
from graph.store.pool import QueryPool
from service.errors import install_error_handlers
from service.http_conventions import install_http_conventions
from service.limits import BodyLimitMiddleware
from service.openapi import install_openapi, operation_id
from service.security_headers import SecurityHeadersMiddleware

__all__ = ["ROUTER_MODULES", "create_app"]

# Modules whose ``router`` the app includes, in this order. The linked-data catch-all
# (``service.routers.linked_data.catch_all_router``) is always included after all of them.
ROUTER_MODULES: tuple[str, ...] = (
    "service.routers.health",
    "service.routers.sparql",
    "service.routers.pages",
    "service.routers.overview_pages",
    "service.routers.check",
    "service.routers.law_pages",
    "service.routers.amendment_pages",
    "service.routers.linked_data",
    "service.routers.api",
)

STATIC_DIR = Path(__file__).resolve().parent / "static"


async def _start_query_pool(store: Store, settings: Settings) -> QueryPool | None:
    """Worker processes for the queries of ``/sparql`` on an embedded store on disk (the
    service only reads while it runs, so they open the store read-only beside it); None for
    other stores and when ``HJEMMEL_QUERY_WORKERS`` is 0."""
    if not isinstance(store, EmbeddedStore) or store.path is None or settings.query_workers < 1:
        return None
    pool = QueryPool(
        store.path,
        settings.query_workers,
        generation=lambda: store.generation,
        memory_bytes=settings.query_memory_mb << 20,
    )
    await pool.start()
    return pool


def create_app(settings: Settings | None = None, store: Store | None = None) -> FastAPI:
    """The service on the configured store, or on ``store`` when one is given (the caller
    then owns it and closes it)."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        opened = store is None
        app.state.store = open_store(settings) if opened else store
        app.state.settings = settings
        app.state.query_pool = await _start_query_pool(app.state.store, settings)
        try:
            yield
        finally:
            if app.state.query_pool is not None:
                await app.state.query_pool.close()
            if opened:
                app.state.store.close()

    app = FastAPI(
        title="hjemmel",
        description="Sporbar hjemmel for Helsedirektoratets normerende produkter "
        "/ traceable legal basis of Norwegian health guidance",
        version="0.1.0",
        lifespan=lifespan,
        # /docs is served by service.routers.overview_pages with Swagger UI's own files
        docs_url=None,
        redoc_url=None,
        generate_unique_id_function=operation_id,
    )
    app.state.settings = settings
    install_error_handlers(app)
    # Innermost first: the security headers read the uncompressed page (hashes of inline
    # scripts) before the HTTP conventions compress it; body limits refuse before all else.
    app.add_middleware(SecurityHeadersMiddleware)
    install_http_conventions(app)
    app.add_middleware(BodyLimitMiddleware, settings=settings)

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    from service.routers.overview_pages import DOCS_ASSETS, docs_assets

    app.mount(DOCS_ASSETS, docs_assets(), name="docs_assets")
    routers = [importlib.import_module(module).router for module in ROUTER_MODULES]
    from service.routers.linked_data import catch_all_router

    routers.append(catch_all_router)
    for router in routers:
        app.include_router(router)
    install_openapi(app, routers)
    return app
