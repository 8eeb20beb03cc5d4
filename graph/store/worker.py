"""The worker process that runs SPARQL queries on an embedded store opened read-only.

pyoxigraph cannot be interrupted from another thread: a query runs until it ends. The
service therefore runs the queries of ``/sparql`` on an embedded store on disk in worker
processes (:class:`graph.store.pool.QueryPool`), which it kills when a query passes its
deadline. A worker speaks a line protocol on its standard input and output:

- it is started as ``python -m graph.store.worker STORE_PATH GENERATION MEMORY_BYTES``
  (:func:`_limit_memory`; 0: no limit);
- after opening the store it writes ``{"ready": true}`` (or ``{"ready": false, "message":
  …}`` and ends);
- each task is one JSON line (``query``, the ``results`` and ``rdf`` format names,
  ``default_graph``, ``named_graphs``, ``limits`` and the write ``generation``);
- each answer is one JSON line, ``{"ok": true, "kind": …, "length": N}`` followed by N
  bytes of serialised result, or ``{"ok": false, "error": ClassName, "message": …}``.

The store is opened with ``Store.read_only``, which works while the service holds the
writable store (and its ``LOCK``) and sees everything written before it opens. A task
carries the service's write generation; when it has changed, the worker opens the store
again, so it answers from the data the service holds.

Each query runs through :meth:`graph.store.embedded.EmbeddedStore.query_serialized`, as in
the service's own threads, with the same limits (the byte cap applies while the answer is
written; the deadline is the pool's to enforce).
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import resource
import signal
import sys
from collections.abc import Sequence
from typing import BinaryIO

from graph.errors import HjemmelError

__all__ = ["WORKER_NICE", "main"]

WORKER_NICE = 0
"""Added to a worker's nice value when it starts. Workers start at the service's priority, so
light queries are not starved when the service is busy; the pool moves a query that runs
for more than a second of CPU time to nice 19 (:data:`graph.store.pool.LONG_QUERY_SECONDS`)."""


# -- the worker process ------------------------------------------------------------------


def _die_with_parent() -> None:
    """Ask Linux to end this process when the service that started it dies."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _send(out: BinaryIO, header: dict[str, object], body: bytes = b"") -> None:
    out.write(json.dumps(header).encode("utf-8") + b"\n")
    if body:
        out.write(body)
    out.flush()


def _limit_memory(limit: int) -> None:
    """Cap the process's heap and other private writable memory (RLIMIT_DATA) at ``limit``
    bytes; 0: no cap. An allocation over the cap fails: pyoxigraph then aborts the process,
    Python raises MemoryError."""
    if limit > 0:
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    path, generation = args[0], int(args[1]) if len(args) > 1 else 0
    memory_limit = int(args[2]) if len(args) > 2 else 0
    parent = os.getppid()
    _die_with_parent()
    if os.getppid() != parent:  # the parent died before the request above
        return 1
    if WORKER_NICE:
        with contextlib.suppress(OSError):
            os.nice(WORKER_NICE)
    # The answers travel on the original standard output; anything else printed goes to
    # standard error.
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    tasks = sys.stdin.buffer
    from rdflib import URIRef

    from graph.store.base import RdfFormat, ResultsFormat
    from graph.store.embedded import EmbeddedStore
    from graph.store.guard import QueryLimits

    try:
        store = EmbeddedStore.read_only(path)
    except OSError as e:
        _send(out, {"ready": False, "message": str(e)})
        return 1
    _limit_memory(memory_limit)
    _send(out, {"ready": True, "pid": os.getpid()})
    for line in tasks:
        task = json.loads(line)
        try:
            if int(task.get("generation", generation)) != generation:
                generation = int(task["generation"])
                store = EmbeddedStore.read_only(path)
            default_graph, named_graphs = task.get("default_graph"), task.get("named_graphs")
            limits = {**task["limits"], "allow_service": frozenset(task["limits"]["allow_service"])}
            result = store.query_serialized(
                task["query"],
                ResultsFormat[task["results"]],
                RdfFormat[task["rdf"]],
                default_graph=None if default_graph is None else [URIRef(g) for g in default_graph],
                named_graphs=None if named_graphs is None else [URIRef(g) for g in named_graphs],
                limits=QueryLimits(**limits),
            )
        except HjemmelError as e:
            _send(out, {"ok": False, "error": type(e).__name__, "message": e.message})
            continue
        except MemoryError:
            _send(out, {"ok": False, "error": "QueryMemoryError", "message": ""})
            return 1
        except (OSError, ValueError, RuntimeError) as e:
            _send(out, {"ok": False, "error": "StoreUnavailableError", "message": str(e)})
            continue
        _send(out, {"ok": True, "kind": result.kind, "length": len(result.body)}, result.body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
