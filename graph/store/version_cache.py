"""Answers about the whole store, kept per store version.

Counts over the whole store (triples per named graph, resources per class, the front
page's figures) grow with the legislation loaded: with all of Lovdata they take seconds.
They change only when the store is written, so they are computed once per version of the
store and kept: the version is the load time recorded by every load
(:mod:`graph.store.load_marker`), the number of loads this process has written and, for a
store that counts its own writes (``generation``), that number. A store that records no
load is never cached, so direct writes in tests stay visible.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Hashable
from typing import Any, TypeVar, cast

from graph.store.base import Store
from graph.store.load_marker import last_loaded, loads_in_process

__all__ = ["cached_per_version", "store_version"]

T = TypeVar("T")

_lock = threading.Lock()
_caches: weakref.WeakKeyDictionary[Store, tuple[Hashable, dict[Hashable, Any]]] = (
    weakref.WeakKeyDictionary()
)


def store_version(store: Store) -> Hashable | None:
    """What identifies the store's content now; None when it cannot be told (no load
    recorded)."""
    generation = getattr(store, "generation", None)
    loaded = last_loaded(store)
    if loaded is None:
        return None
    return (loaded, loads_in_process(), generation)


def cached_per_version(store: Store, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, kept for ``store`` until its version changes.

    Two requests that miss at once both compute; the answers are equal, one is kept."""
    version = store_version(store)
    if version is None:
        return compute()
    with _lock:
        held = _caches.get(store)
        if held is not None and held[0] == version and key in held[1]:
            return cast(T, held[1][key])
    value = compute()
    with _lock:
        held = _caches.get(store)
        if held is None or held[0] != version:
            held = (version, {})
            _caches[store] = held
        held[1][key] = value
    return value
