"""The application factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from graph.settings import Settings
from graph.stores import open_store

__all__ = ["create_app"]


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store = open_store(settings)
        app.state.store = store
        app.state.settings = settings
        try:
            yield
        finally:
            store.close()

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
