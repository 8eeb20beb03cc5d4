"""Store implementations and the factory that opens the configured one."""

from __future__ import annotations

from graph.settings import Settings
from graph.store.base import Store

__all__ = ["open_store"]


def open_store(settings: Settings, *, read_only: bool = False) -> Store:
    """Open the store the settings name: ``embedded`` (default) or ``remote``.

    ``read_only``: an embedded store folder another process holds is opened read-only
    instead of refused (:class:`~graph.store.embedded.EmbeddedStore`)."""
    if settings.store == "remote":
        from graph.store.remote import RemoteStore

        return RemoteStore.from_settings(settings)
    from graph.store.embedded import EmbeddedStore

    return EmbeddedStore(settings.store_path, read_only=read_only)
