"""A pool of worker processes that run SPARQL queries on an embedded store on disk, each
under a deadline.

A query that passes its deadline is stopped for real: its worker is killed (SIGKILL) and
the caller gets :class:`QueryTimeoutError`. A worker that crashes (a parser overflow, the
kernel's OOM killer) takes only its own query with it; one that runs out of its memory
limit (``memory_bytes``) gives :class:`QueryMemoryError`. Callers wait asynchronously, for a
free worker and for the answer, so queries that wait hold no thread of the service. Workers
open the store read-only (:mod:`graph.store.worker`) and end with the service.

Light queries keep their workers while runaways run: a query that has used a second of CPU
time (:data:`LONG_QUERY_SECONDS`) moves its worker to the lowest CPU priority (nice 19) and
takes it out of the pool's count, and a successor starts at once, so ``size`` workers stay
for other queries while the long one runs on (at most ``size`` long ones get a successor).
A worker that ran a long query is ended when the query ends, whichever way; the successor
is ready by then.

The pool belongs to one asyncio event loop: make it, :meth:`QueryPool.start` it and
:meth:`QueryPool.close` it in that loop (the service does so in its lifespan).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import signal
import sys
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import fields
from pathlib import Path

from rdflib import URIRef

import graph
from graph import errors
from graph.errors import HjemmelError, QueryMemoryError, StoreUnavailableError
from graph.store.base import RdfFormat, ResultsFormat, SerializedResult
from graph.store.embedded import query_timed_out
from graph.store.guard import QueryLimits

__all__ = ["QueryPool"]

log = logging.getLogger("hjemmel.store.pool")

_START_SECONDS = 60.0
LONG_QUERY_SECONDS = 1.0
"""A query that has used this much CPU time is long: its worker is moved to the lowest CPU
priority (nice 19), so light queries in the other workers get the CPU before it, and a
successor starts. CPU time, not time on the clock: on a busy machine a light query may wait
for the CPU longer than this without being long."""
_CHECK_SECONDS = 0.5
_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
_HEADER_LIMIT = 1 << 20
_SOURCE_ROOT = str(Path(graph.__file__).resolve().parent.parent)


class _Worker:
    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.long = False
        """Ran a query for longer than :data:`LONG_QUERY_SECONDS`: demoted, replaced, and
        ended when that query ends."""

    @property
    def pid(self) -> int:
        return self.process.pid

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            self.process.kill()

    async def read_header(self) -> dict[str, object]:
        assert self.process.stdout is not None
        line = await self.process.stdout.readline()
        if not line:
            raise EOFError("the worker ended")
        header = json.loads(line)
        if not isinstance(header, dict):
            raise EOFError("the worker sent no header")
        return header

    async def exchange(self, task: dict[str, object]) -> tuple[dict[str, object], bytes]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps(task).encode("utf-8") + b"\n")
        await self.process.stdin.drain()
        header = await self.read_header()
        length = header.get("length")
        body = b""
        if header.get("ok") and isinstance(length, int) and length:
            body = await self.process.stdout.readexactly(length)
        return header, body


class QueryPool:
    """``size`` worker processes on the store at ``path``.

    :param generation: the writable store's write generation
        (:attr:`graph.store.embedded.EmbeddedStore.generation`); a worker opens the store
        again when it has changed since its last query.
    :param memory_bytes: the heap and other private memory each worker may use (RLIMIT_DATA;
        0: no limit). A query that needs more gets :class:`QueryMemoryError` and its worker
        is replaced.
    """

    def __init__(
        self,
        path: str | Path,
        size: int,
        *,
        generation: Callable[[], int] = lambda: 0,
        memory_bytes: int = 0,
    ) -> None:
        if size < 1:
            raise ValueError("a pool needs at least one worker")
        self.path = Path(path)
        self.size = size
        self.memory_bytes = memory_bytes
        self._generation = generation
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._closed = False
        self._failure: str | None = None
        self._pending = 0
        """Workers asked for that have not reached ``_all`` yet."""

    # -- life cycle ----------------------------------------------------------------------
    async def start(self) -> None:
        """Start the workers and wait until each has opened the store (one that cannot is
        logged; queries then fail with :class:`StoreUnavailableError` and start it again)."""
        self._pending += self.size
        await asyncio.gather(*(self._spawn() for _ in range(self.size)))

    async def _spawn(self) -> None:
        """Start one worker (counted in ``_pending`` by the caller) and put it in the queue."""
        try:
            worker = await self._launch()
        finally:
            self._pending -= 1
        if worker is not None:
            await self._await_ready(worker)

    async def _launch(self) -> _Worker | None:
        if self._closed:
            return None
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (_SOURCE_ROOT, env.get("PYTHONPATH", "")) if p
        )
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "graph.store.worker",
            str(self.path),
            str(self._generation()),
            str(self.memory_bytes),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            env=env,
            limit=_HEADER_LIMIT,
        )
        worker = _Worker(process)
        self._all.add(worker)
        return worker

    async def _await_ready(self, worker: _Worker) -> None:
        try:
            header = await asyncio.wait_for(worker.read_header(), _START_SECONDS)
        except (TimeoutError, EOFError, ValueError) as e:
            header = {"ready": False, "message": f"{type(e).__name__}: {e}"}
        if not header.get("ready") or self._closed:
            self._failure = str(header.get("message", "")) or self._failure
            if not self._closed:
                log.error("query worker did not start: %s", self._failure)
            await self._end(worker)
            return
        self._failure = None
        self._idle.put_nowait(worker)

    async def _end(self, worker: _Worker) -> None:
        worker.kill()
        with contextlib.suppress(TimeoutError, ProcessLookupError):
            await asyncio.wait_for(worker.process.wait(), 10)
        self._all.discard(worker)

    def _background(self, work: Coroutine[None, None, None]) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _replace(self, worker: _Worker) -> None:
        """Kill ``worker`` now, and start a successor unless one has started already."""
        worker.kill()
        self._all.discard(worker)
        self._top_up()
        self._background(self._end(worker))

    def _top_up(self) -> None:
        """Start workers until ``size`` of them are not running a long query (with no more
        than ``2 * size`` processes in all)."""
        if self._closed:
            return
        while (
            sum(not w.long for w in self._all) + self._pending < self.size
            and len(self._all) + self._pending < 2 * self.size
        ):
            self._pending += 1
            self._background(self._spawn())

    def _watch(self, worker: _Worker) -> _Watch:
        """Watch ``worker``'s query and, once it is long, demote the worker and start a
        successor."""

        def went_long() -> None:
            _demote(worker.pid)
            worker.long = True
            self._top_up()

        return _Watch(worker.pid, went_long)

    @property
    def pids(self) -> list[int]:
        """Process ids of the running workers."""
        return sorted(w.pid for w in self._all if w.process.returncode is None)

    async def close(self) -> None:
        """Kill every worker at once (a running query is not waited for)."""
        self._closed = True
        for worker in list(self._all):
            worker.kill()
        for task in list(self._tasks):
            task.cancel()
        for worker in list(self._all):
            await self._end(worker)

    # -- queries -------------------------------------------------------------------------
    async def run(
        self,
        query: str,
        results_format: ResultsFormat,
        rdf_format: RdfFormat,
        *,
        default_graph: Sequence[URIRef] | None = None,
        named_graphs: Sequence[URIRef] | None = None,
        limits: QueryLimits,
    ) -> SerializedResult:
        """Run one query in a worker and return its serialised answer.

        ``limits.timeout`` (required) counts from the call, the wait for a free worker
        included; the worker checks the text against ``limits`` again and caps the answer at
        ``limits.max_result_bytes``.

        :raises QueryTimeoutError: the deadline passed (the worker was killed and replaced).
        :raises ResultTooLargeError: the answer is larger than ``max_bytes``.
        :raises QueryError: the query does not parse or fails.
        :raises StoreUnavailableError: the pool is closed, or the worker died.
        """
        if self._closed:
            raise StoreUnavailableError("tjenesten stopper / the service is stopping")
        if self._failure is not None and not self._all:
            self._replace_missing()
            raise StoreUnavailableError(
                f"spørreprosessene kan ikke åpne lageret / the query workers cannot open the "
                f"store: {self._failure}"
            )
        timeout = limits.timeout
        if timeout is None:
            raise ValueError("a query in the pool needs limits.timeout")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        try:
            worker = self._idle.get_nowait()
        except asyncio.QueueEmpty:
            try:
                worker = await asyncio.wait_for(self._idle.get(), timeout)
            except TimeoutError:
                raise query_timed_out(timeout) from None
        task: dict[str, object] = {
            "query": query,
            "results": results_format.name,
            "rdf": rdf_format.name,
            "default_graph": None if default_graph is None else [str(g) for g in default_graph],
            "named_graphs": None if named_graphs is None else [str(g) for g in named_graphs],
            "limits": _limits_message(limits),
            "generation": self._generation(),
        }
        done = False
        demotion = self._watch(worker)
        try:
            header, body = await asyncio.wait_for(
                worker.exchange(task), max(0.0, deadline - loop.time())
            )
            done = True
        except TimeoutError:
            log.warning("query stopped after %s s (worker %d killed)", timeout, worker.pid)
            raise query_timed_out(timeout) from None
        except (EOFError, ValueError, ConnectionError, asyncio.IncompleteReadError) as e:
            if self.memory_bytes and await _aborted(worker):
                log.warning("query worker %d ran out of memory", worker.pid)
                raise self._memory_error() from None
            log.error("query worker %d failed: %s", worker.pid, e)
            raise StoreUnavailableError(
                "spørreprosessen stoppet uventet / the query worker stopped unexpectedly"
            ) from e
        finally:
            demotion.cancel()
            # Cancelled (the client left, the service stops) or failed: the worker may still
            # be running the query, so it is killed and replaced. One that ran a long query
            # (at nice 19, its successor already started) is ended too.
            if done and not worker.long and header.get("error") != "QueryMemoryError":
                self._idle.put_nowait(worker)
            else:
                self._replace(worker)
        if header.get("error") == "QueryMemoryError":
            raise self._memory_error()
        if not header.get("ok"):
            raise _error(header)
        fmt = rdf_format if header.get("kind") == "graph" else results_format
        return SerializedResult(body, fmt.media_type, str(header.get("kind")))

    def _memory_error(self) -> QueryMemoryError:
        mb = self.memory_bytes // (1 << 20)
        return QueryMemoryError(
            f"spørringen trenger mer enn {mb} MB minne; begrens den (LIMIT, færre mønstre) / "
            f"the query needs more than {mb} MB of memory; narrow it down"
        )

    def _replace_missing(self) -> None:
        self._top_up()


class _Watch:
    """Checks every :data:`_CHECK_SECONDS` whether process ``pid`` has used
    :data:`LONG_QUERY_SECONDS` of CPU time since the watch began; then calls ``long`` once."""

    def __init__(self, pid: int, long: Callable[[], None]) -> None:
        self._pid = pid
        self._long = long
        self._start = _cpu_seconds(pid)
        self._loop = asyncio.get_running_loop()
        self._handle = self._loop.call_later(_CHECK_SECONDS, self._check)

    def _check(self) -> None:
        if _cpu_seconds(self._pid) - self._start >= LONG_QUERY_SECONDS:
            self._long()
        else:
            self._handle = self._loop.call_later(_CHECK_SECONDS, self._check)

    def cancel(self) -> None:
        self._handle.cancel()


async def _aborted(worker: _Worker) -> bool:
    """Whether ``worker`` ended on SIGABRT, as pyoxigraph does when an allocation fails."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(worker.process.wait(), 2)
    return worker.process.returncode == -signal.SIGABRT


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time of process ``pid`` (0 when it is gone)."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    stat = text[text.rindex(")") + 2 :].split()
    return (int(stat[11]) + int(stat[12])) / _CLOCK_TICKS


def _limits_message(limits: QueryLimits) -> dict[str, object]:
    # a shallow copy: dataclasses.asdict deep-copies, which costs more than the rest
    message: dict[str, object] = {f.name: getattr(limits, f.name) for f in fields(limits)}
    message["allow_service"] = sorted(limits.allow_service)
    return message


def _demote(pid: int) -> None:
    with contextlib.suppress(OSError):
        os.setpriority(os.PRIO_PROCESS, pid, 19)


def _error(header: dict[str, object]) -> HjemmelError:
    cls = getattr(errors, str(header.get("error")), None)
    message = str(header.get("message", ""))
    if isinstance(cls, type) and issubclass(cls, HjemmelError):
        return cls(message)
    return StoreUnavailableError(message)
