"""The version of the data the service answers from: the time the store was last loaded,
read from the store and kept for a short while."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime

import anyio.to_thread

from graph.errors import HjemmelError
from graph.store import Store
from graph.store.load_marker import last_loaded, loads_in_process

__all__ = ["StoreVersion"]


@dataclass
class _Cached:
    store: Store
    loads: int
    read_at: float
    value: datetime


class StoreVersion:
    """When the store was last loaded, asked at most every ``ttl`` seconds (another process
    may load a remote store) and again as soon as this process has loaded one. A store that
    records no load counts as loaded when this object was made."""

    def __init__(self, ttl: float = 2.0) -> None:
        self.ttl = ttl
        self.started = datetime.now(UTC)
        self._cached: _Cached | None = None

    async def get(self, store: Store) -> datetime | None:
        """The version; None when the store cannot be asked (the request then fails on
        its own, without validators)."""
        loads = loads_in_process()
        now = time.monotonic()
        cached = self._cached
        if (
            cached is not None
            and cached.store is store
            and cached.loads == loads
            and now - cached.read_at < self.ttl
        ):
            return cached.value
        try:
            value = await anyio.to_thread.run_sync(last_loaded, store)
        except HjemmelError:
            return None
        value = value or self.started
        self._cached = _Cached(store, loads, now, value)
        return value
