"""Store plumbing: the one ``Store`` interface, the embedded (pyoxigraph) and remote
(SPARQL 1.1) stores, parameter binding, query forms and term conversion.

Imports nothing from the rest of ``graph`` but its errors and settings."""

from graph.store import base
from graph.store.base import *  # noqa: F403 - the interface is the package's face
from graph.store.factory import open_store

__all__ = [*base.__all__, "open_store"]
