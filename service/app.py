"""The application factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from graph.settings import Settings
from graph.store import Store
from graph.stores import open_store

__all__ = ["create_app"]


def create_app(settings: Settings | None = None, store: Store | None = None) -> FastAPI:
    """The service on the configured store, or on ``store`` when one is given (the caller
    then owns it and closes it)."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        opened = store is None
        app.state.store = open_store(settings) if opened else store
        app.state.settings = settings
        try:
            yield
        finally:
            if opened:
                app.state.store.close()

    app = FastAPI(
        title="hjemmel",
        description="Sporbar hjemmel for Helsedirektoratets normerende produkter "
        "/ traceable legal basis of Norwegian health guidance",
        version="0.1.0",
        lifespan=lifespan,
    )

    @app.get("/health", tags=["drift"])
    def health() -> dict[str, str]:
        return {"status": "ok", "store": app.state.store.name}

    return app
