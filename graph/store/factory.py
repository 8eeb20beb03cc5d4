"""Store implementations and the factory that opens the configured one."""

from __future__ import annotations

import logging
from contextlib import suppress

from graph.errors import HjemmelError
from graph.settings import Settings
from graph.store.base import Store

_log = logging.getLogger(__name__)

__all__ = ["open_store"]


def open_store(settings: Settings, *, read_only: bool = False) -> Store:
    """Open the store the settings name: ``embedded`` (default) or ``remote``.

    ``read_only``: an embedded store folder another process holds is opened read-only
    instead of refused (:class:`~graph.store.embedded.EmbeddedStore`). With
    ``settings.read_only`` an embedded store on disk is always opened read-only.

    A writable remote store in ``merge`` mode whose server holds named graphs but no merge
    (loaded in ``union`` mode) gets it written now; a server that cannot be reached is
    reported by the first request, not here."""
    if settings.store == "remote":
        from graph.store.remote import RemoteStore

        remote = RemoteStore.from_settings(settings)
        if not (read_only or settings.read_only):
            with suppress(HjemmelError):
                if remote.ensure_merge():
                    _log.warning("the merge of the named graphs was written to the default graph")
        return remote
    from graph.store.embedded import EmbeddedStore

    if settings.read_only and settings.store_path is not None:
        return EmbeddedStore.read_only(settings.store_path)
    return EmbeddedStore(settings.store_path, read_only=read_only)
