"""Store plumbing: the one ``Store`` interface, the embedded (pyoxigraph) and remote
(SPARQL 1.1) stores, parameter binding, query forms and term conversion.

Imports nothing from the rest of ``graph`` but its errors and settings."""

from graph.store.base import (
    Bindings,
    RdfFormat,
    ResultsFormat,
    Row,
    SerializedResult,
    Store,
)
from graph.store.factory import open_store

__all__ = [
    "Bindings",
    "RdfFormat",
    "ResultsFormat",
    "Row",
    "SerializedResult",
    "Store",
    "open_store",
]
