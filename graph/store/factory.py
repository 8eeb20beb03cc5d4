"""Store implementations and the factory that opens the configured one."""

from __future__ import annotations

from graph.settings import Settings
from graph.store.base import Store

__all__ = ["open_store"]


def open_store(settings: Settings, *, read_only: bool = False) -> Store:
    """Open the store the settings name: ``embedded`` (default) or ``remote``.

    ``read_only``: an embedded store folder another process holds is opened read-only
    instead of refused (:class:`~graph.store.embedded.EmbeddedStore`). With
    ``settings.read_only`` an embedded store on disk is always opened read-only."""
    if settings.store == "remote":
        from graph.store.remote import RemoteStore

        return RemoteStore.from_settings(settings)
    from graph.store.embedded import EmbeddedStore

    if settings.read_only and settings.store_path is not None:
        return EmbeddedStore.read_only(settings.store_path)
    return EmbeddedStore(settings.store_path, read_only=read_only)
