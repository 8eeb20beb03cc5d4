"""The embedded default store: pyoxigraph, in memory or on disk."""

from __future__ import annotations

import ctypes
import errno
import gc
import io
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, cast

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import URIRef

from graph.errors import (
    BadInputError,
    QueryError,
    QueryTimeoutError,
    ResultTooLargeError,
    StoreBusyError,
    StoreWriteError,
)
from graph.store.base import Bindings, RdfFormat, ResultsFormat, Row, SerializedResult, Store
from graph.store.binding import bind_terms
from graph.store.dataset import dataset_clause
from graph.store.guard import QueryLimits, check_query
from graph.store.load_marker import BOOKKEEPING_GRAPHS
from graph.store.merge import merge_graph, rebuild_all, unmerge_graph
from graph.store.terms import from_oxigraph, to_oxigraph

__all__ = [
    "EmbeddedStore",
    "bulk_load_file",
    "busy_message",
    "rebuild_default_graph",
    "unmerge_and_drop",
]


def _locked(error: OSError) -> bool:
    """Whether opening failed on RocksDB's folder lock (held by another process)."""
    text = str(error)
    return "LOCK" in text and ("lock" in text.lower() or "unavailable" in text.lower())


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_STAGING_MARK = ".staging-"


def _exchange(a: Path, b: Path) -> bool:
    """Swap the folders ``a`` and ``b`` in one atomic step (Linux ``renameat2`` with
    ``RENAME_EXCHANGE``); False when the system or file system does not offer it."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(a))


def staging_folders(path: Path) -> list[Path]:
    """Staging copies of the store at ``path`` left beside it (``.{name}.staging-…``)."""
    if not path.parent.is_dir():
        return []
    prefix = f".{path.name}{_STAGING_MARK}"
    return sorted(p for p in path.parent.iterdir() if p.name.startswith(prefix))


def _restore_interrupted_swap(path: Path) -> None:
    """Where renaming folders is not atomic, a swap is two renames; a run killed between
    them leaves the old store under its staging name with ``.previous``: put it back."""
    if path.exists():
        return
    previous = [p for p in staging_folders(path) if p.name.endswith(".previous")]
    if previous:
        previous[-1].rename(path)


def busy_message(path: Path) -> str:
    """What to tell a user whose command needs a store folder another process holds."""
    return (
        f"lageret {path} er i bruk av en annen prosess, trolig en kjørende tjeneste "
        f"(hjemmel serve / make run); stopp den først, eller bruk HJEMMEL_STORE=remote "
        f"/ the store {path} is held by another process, probably a running service; stop "
        f"it first, or use HJEMMEL_STORE=remote (lesekommandoer som query, trace, validate og "
        f"check virker ved siden av tjenesten / read commands work beside the service)"
    )


_RDF_FORMATS = {
    RdfFormat.TURTLE: ox.RdfFormat.TURTLE,
    RdfFormat.NTRIPLES: ox.RdfFormat.N_TRIPLES,
    RdfFormat.NQUADS: ox.RdfFormat.N_QUADS,
    RdfFormat.TRIG: ox.RdfFormat.TRIG,
    RdfFormat.RDFXML: ox.RdfFormat.RDF_XML,
    RdfFormat.JSONLD: ox.RdfFormat.JSON_LD,
}
_RESULTS_FORMATS = {
    ResultsFormat.JSON: ox.QueryResultsFormat.JSON,
    ResultsFormat.XML: ox.QueryResultsFormat.XML,
    ResultsFormat.CSV: ox.QueryResultsFormat.CSV,
    ResultsFormat.TSV: ox.QueryResultsFormat.TSV,
}

_NO_CAP = 1 << 62
_FROM = re.compile(r"\bfrom\s+(?:named\s+)?(?:[<:\\]|[^\W\d][\w.-]*:)", re.IGNORECASE)
"""What may be a dataset clause, found before the query is read for one."""
_BOOKKEEPING = frozenset(str(g) for g in BOOKKEEPING_GRAPHS)

BULK_CHUNK = 128_000_000
"""Bytes of N-Triples or N-Quads per bulk load: pyoxigraph's bulk loader holds several
times its input in memory (about 3 GB for 400 MB), so a big file goes in pieces."""


def bulk_load_file(
    store: ox.Store,
    path: str | Path,
    rdf_format: ox.RdfFormat,
    to_graph: ox.NamedNode | ox.DefaultGraph | None = None,
    chunk: int = BULK_CHUNK,
) -> None:
    """Bulk-load a line-based file (N-Triples, N-Quads without blank nodes) in pieces of
    about ``chunk`` bytes, each cut at a line end."""
    with open(path, "rb") as f:
        rest = b""
        while True:
            block = f.read(chunk)
            if not block:
                break
            data = rest + block
            end = data.rfind(b"\n") + 1
            rest = data[end:]
            if end:
                store.bulk_load(data[:end], format=rdf_format, to_graph=to_graph)
            del data, block
        if rest.strip():
            store.bulk_load(rest, format=rdf_format, to_graph=to_graph)


def unmerge_and_drop(store: ox.Store, graph: str) -> None:
    """Drop the named graph ``graph`` (an IRI) of ``store`` and remove from the default
    graph the triples no other named graph states, in one update: for writers that keep
    the default graph the merge themselves (:meth:`EmbeddedStore.staged` with ``merged``)."""
    node = ox.NamedNode(graph)
    if store.contains_named_graph(node):
        store.update(f"{unmerge_graph(str(node))} ; DROP SILENT GRAPH {node}")


def rebuild_default_graph(store: ox.Store) -> None:
    """Make the default graph of ``store`` the merge of its named graphs, from scratch.

    Not transactional (bulk writes): for a staging copy, a store being loaded, or a store
    no one reads yet. Triples without blank nodes travel as N-Triples through pyoxigraph's
    bulk loader; those with blank nodes are copied as terms, since the bulk loader gives
    blank nodes new identities and the copy must be the same node as in its named graph.
    """
    default = ox.DefaultGraph()
    store.remove_graph(default)
    plain = io.BytesIO()
    triples = store.query(
        "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } "
        "FILTER (!isBlank(?s) && !isBlank(?o)) }"
    )
    assert isinstance(triples, ox.QueryTriples)
    triples.serialize(plain, ox.RdfFormat.N_TRIPLES)
    del triples
    if plain.getbuffer().nbytes:
        store.bulk_load(plain.getvalue(), format=ox.RdfFormat.N_TRIPLES, to_graph=default)
    del plain
    blank = store.query(
        "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER (isBlank(?s) || isBlank(?o)) }"
    )
    assert isinstance(blank, ox.QuerySolutions)
    store.bulk_extend(ox.Quad(row[0], row[1], row[2], default) for row in blank)


def _merge_missing(store: ox.Store) -> bool:
    """Whether the default graph is empty while named graphs hold triples: a store written
    before the default graph held the merge."""
    if next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None):
        return False
    return any(
        next(iter(store.quads_for_pattern(None, None, None, g)), None) is not None
        for g in store.named_graphs()
    )


def result_too_large(max_bytes: int) -> ResultTooLargeError:
    return ResultTooLargeError(
        f"svaret er større enn grensen på {max_bytes} byte; bruk LIMIT / the answer is larger "
        f"than the limit of {max_bytes} bytes; use LIMIT"
    )


def query_timed_out(seconds: float) -> QueryTimeoutError:
    return QueryTimeoutError(
        f"spørringen ble stoppet etter {seconds:g} s / the query was stopped after {seconds:g} s"
    )


class _Deadline:
    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds if seconds is not None else None

    def check(self) -> None:
        if self.at is not None and time.monotonic() > self.at:
            raise query_timed_out(self.seconds or 0.0)


class _CappedWriter:
    """A sink for pyoxigraph's serialisers that refuses to grow past ``max_bytes`` and to
    write after the deadline; pyoxigraph writes in chunks of a few kilobytes."""

    def __init__(self, max_bytes: int, deadline: _Deadline) -> None:
        self.max_bytes = max_bytes
        self.deadline = deadline
        self.size = 0
        self.chunks: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self.max_bytes:
            raise result_too_large(self.max_bytes)
        self.deadline.check()
        self.chunks.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def getvalue(self) -> bytes:
        return b"".join(self.chunks)


class EmbeddedStore(Store):
    """pyoxigraph's store, in memory when ``path`` is None, else persisted at ``path``.

    The default graph of a query is the RDF merge of all named graphs, kept as the store's
    own default graph: every write below (:meth:`replace_graphs_nt`, :meth:`drop_graph`,
    :meth:`update`, :meth:`staged`) brings it in step in the same step, so a triple stated
    in several named graphs is one triple of the default graph. Queries therefore run
    without pyoxigraph's union flag, which would count such a triple once per graph and
    ignore ``FROM``; a query's ``FROM`` and ``FROM NAMED`` define its dataset when given.
    Whoever writes through :attr:`oxigraph` calls :func:`rebuild_default_graph` after.

    pyoxigraph releases the GIL while it works, so calls from a thread pool run in parallel.
    A query cannot be interrupted in a thread: the service runs the queries of ``/sparql``
    on a store on disk in worker processes (:class:`graph.store.pool.QueryPool`), each on
    the store opened with :meth:`read_only`.
    """

    name = "embedded"

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False) -> None:
        """Open the store at ``path`` (in memory when None).

        A store folder is written by one process at a time: RocksDB locks it (``LOCK``).
        With ``read_only``, a folder another process holds (a running service, which never
        writes while it serves) is opened read-only instead, as it was when opened.

        :raises StoreBusyError: another process holds the folder and ``read_only`` is False.
        """
        self.path = Path(path) if path is not None else None
        self.writable = True
        self.staging_path: Path | None = None
        """The staging folder while a :meth:`staged` block runs on disk (a writer may keep
        its scratch files there: a killed run's are removed with it)."""
        self.generation = 0
        """Counts writes (and hand-outs of :attr:`oxigraph`, which may write): query workers
        that opened the store read-only open it again when it has changed."""
        if path is None:
            self._store = ox.Store()
            return
        _restore_interrupted_swap(Path(path))
        Path(path).mkdir(parents=True, exist_ok=True)
        try:
            self._store = ox.Store(str(path))
        except OSError as e:
            if not _locked(e):
                raise
            if not read_only:
                raise StoreBusyError(busy_message(Path(path))) from e
            self._store = ox.Store.read_only(str(path))
            self.writable = False
            return
        if _merge_missing(self._store):
            with self.staged() as stage:
                rebuild_default_graph(stage)

    @classmethod
    def read_only(cls, path: str | Path) -> EmbeddedStore:
        """The store at ``path`` opened for reading only: possible while another process
        holds it open for writing (and its ``LOCK``); sees what was written before it opened.
        """
        store = cls.__new__(cls)
        store._store = ox.Store.read_only(str(path))
        store.path = Path(path)
        store.staging_path = None
        store.generation = 0
        store.writable = False
        return store

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph store, for bulk loading and benchmarks."""
        self.generation += 1
        return self._store

    def _run(
        self,
        query: str,
        bindings: Bindings | None,
        default_graph: Sequence[URIRef] | None = None,
        named_graphs: Sequence[URIRef] | None = None,
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
            ox.Variable(k): to_oxigraph(v) for k, v in (bindings or {}).items()
        }
        if substitutions:
            # Bound in the text, as on remote stores: pyoxigraph plans a query before it
            # substitutes, so a join on a substituted variable can scan a whole predicate.
            with suppress(BadInputError):
                query, substitutions = bind_terms(query, dict(bindings or {})), {}
        explicit = default_graph is not None or named_graphs is not None
        if not explicit and _FROM.search(query):
            clause = dataset_clause(query)
            if clause is not None and len(clause.default) > 1:
                default_graph = [URIRef(g) for g in clause.default]
                named_graphs = [URIRef(g) for g in clause.named]
                explicit = True
        try:
            if explicit and len(set(default_graph or ())) > 1:
                merged = self._merged(default_graph or (), named_graphs or ())
                return merged.query(
                    query,
                    substitutions=substitutions or None,
                    default_graph=ox.DefaultGraph(),
                    named_graphs=[ox.NamedNode(str(g)) for g in named_graphs or ()],
                )
            if explicit:
                return self._store.query(
                    query,
                    substitutions=substitutions or None,
                    default_graph=[ox.NamedNode(str(g)) for g in default_graph or ()],
                    named_graphs=[ox.NamedNode(str(g)) for g in named_graphs or ()],
                )
            return self._store.query(query, substitutions=substitutions or None)
        except SyntaxError as e:
            raise QueryError(f"SPARQL-syntaksfeil / syntax error: {e}") from e
        except OSError as e:
            raise QueryError(str(e)) from e

    def _merged(self, default: Sequence[URIRef], named: Sequence[URIRef]) -> ox.Store:
        """A dataset of its own for a default graph of several graphs, which pyoxigraph
        evaluates over their quads: their RDF merge (a set) as the default graph of an
        in-memory store, beside copies of the named graphs. It costs what the graphs
        named hold, not the store."""
        merged = ox.Store()
        default_graph = ox.DefaultGraph()
        for name in dict.fromkeys(str(g) for g in default):
            merged.extend(
                ox.Quad(q.subject, q.predicate, q.object, default_graph)
                for q in self._store.quads_for_pattern(None, None, None, ox.NamedNode(name))
            )
        for name in dict.fromkeys(str(g) for g in named):
            merged.extend(self._store.quads_for_pattern(None, None, None, ox.NamedNode(name)))
        return merged

    def select(self, query: str, bindings: Bindings | None = None) -> list[Row]:
        result = self._run(query, bindings)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("spørringen er ikke en SELECT / the query is not a SELECT")
        names = [v.value for v in result.variables]
        rows: list[Row] = []
        for solution in result:
            row: Row = {}
            for name in names:
                value = solution[name]
                if value is not None:
                    row[name] = from_oxigraph(value)
            rows.append(row)
        return rows

    def select_values(self, query: str) -> Iterator[tuple[str | None, ...]]:
        """The rows of a SELECT without parameters as the lexical values of their terms
        (IRIs, literals' text; None where unbound), in the order of its variables: for
        readers of large answers that need no RDF terms."""
        result = self._run(query, None)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("spørringen er ikke en SELECT / the query is not a SELECT")
        width = len(result.variables)
        for solution in result:
            yield tuple(None if (term := solution[i]) is None else term.value for i in range(width))

    def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        result = self._run(query, bindings)
        if not isinstance(result, ox.QueryBoolean):
            raise QueryError("spørringen er ikke en ASK / the query is not an ASK")
        return bool(result)

    def construct(self, query: str, bindings: Bindings | None = None) -> Graph:
        result = self._run(query, bindings)
        if not isinstance(result, ox.QueryTriples):
            raise QueryError(
                "spørringen er ikke en CONSTRUCT eller DESCRIBE / not a CONSTRUCT or DESCRIBE"
            )
        data = result.serialize(format=ox.RdfFormat.N_TRIPLES) or b""
        graph = Graph()
        graph.parse(data=data.decode("utf-8"), format="nt")
        return graph

    def query_serialized(
        self,
        query: str,
        results_format: ResultsFormat = ResultsFormat.JSON,
        rdf_format: RdfFormat = RdfFormat.TURTLE,
        *,
        default_graph: Sequence[URIRef] | None = None,
        named_graphs: Sequence[URIRef] | None = None,
        limits: QueryLimits | None = None,
    ) -> SerializedResult:
        """Runs in the calling thread. ``limits.max_result_bytes`` is enforced while the
        answer is written; ``limits.timeout`` only between written chunks (a thread cannot
        stop pyoxigraph while it evaluates; :class:`graph.store.pool.QueryPool` can)."""
        check_query(query, limits)
        deadline = _Deadline(limits.timeout if limits else None)
        result = self._run(query, None, default_graph, named_graphs)
        out = _CappedWriter((limits.max_result_bytes if limits else None) or _NO_CAP, deadline)
        try:
            if isinstance(result, ox.QueryTriples):
                result.serialize(cast(IO[bytes], out), _RDF_FORMATS[rdf_format])
                return SerializedResult(out.getvalue(), rdf_format.media_type, "graph")
            kind = "ask" if isinstance(result, ox.QueryBoolean) else "select"
            result.serialize(cast(IO[bytes], out), _RESULTS_FORMATS[results_format])
        except OSError as e:
            raise QueryError(str(e)) from e
        finally:
            # pyoxigraph's results must be dropped in the thread that made them, not later
            # with the traceback of an error on another thread.
            del result
        return SerializedResult(out.getvalue(), results_format.media_type, kind)

    def update(self, update: str) -> None:
        """Run an update, then make the default graph the merge of the named graphs again
        (a whole rebuild: the update may have touched any graph). Triples an update writes
        into the default graph itself do not stay: the default graph is derived."""
        self.generation += 1
        try:
            self._store.update(update)
        except SyntaxError as e:
            raise QueryError(f"SPARQL-syntaksfeil / syntax error: {e}") from e
        self._store.update(rebuild_all())

    def replace_graph(self, graph: URIRef, data: Graph) -> None:
        self.replace_graphs({graph: data})

    def replace_graphs(self, graphs: Mapping[URIRef, Graph]) -> None:
        self.replace_graphs_nt(
            {name: g.serialize(format="nt", encoding="utf-8") for name, g in graphs.items()}
        )

    def replace_graphs_nt(self, graphs: Mapping[URIRef, bytes]) -> None:
        """Replace named graphs by N-Triples content in one update, hence one transaction,
        the default graph (the merge) included: the old triples found in no other named
        graph leave it, the new ones are added."""
        parts: list[str] = []
        for name in graphs:
            iri = to_oxigraph(name)
            parts.append(f"{unmerge_graph(str(iri))} ;")
            parts.append(f"DROP SILENT GRAPH {iri} ;")
        for name, nt in graphs.items():
            iri = to_oxigraph(name)
            body = nt.decode("utf-8") if isinstance(nt, bytes) else nt
            if body.strip():
                parts.append(f"INSERT DATA {{ GRAPH {iri} {{\n{body}\n}} }} ;")
                parts.append(f"{merge_graph(str(iri))} ;")
        if parts:
            self.generation += 1
            self._store.update("\n".join(parts).rstrip(" ;"))

    def drop_graph(self, graph: URIRef) -> None:
        node = ox.NamedNode(str(graph))
        if self._store.contains_named_graph(node):
            self.generation += 1
            self._store.update(f"{unmerge_graph(str(node))} ; DROP SILENT GRAPH {node}")

    def graph_names(self) -> list[URIRef]:
        return sorted(
            URIRef(g.value)
            for g in self._store.named_graphs()
            if isinstance(g, ox.NamedNode)
            and g.value not in _BOOKKEEPING
            and next(iter(self._store.quads_for_pattern(None, None, None, g)), None) is not None
        )

    def triples_in(self, graph: URIRef) -> Graph:
        out = io.BytesIO()
        self._store.dump(out, ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(str(graph)))
        g = Graph()
        g.parse(data=out.getvalue().decode("utf-8"), format="nt")
        return g

    def count(self, graph: URIRef | None = None) -> int:
        if graph is None:
            in_default = self._store.quads_for_pattern(None, None, None, ox.DefaultGraph())
            bookkeeping = sum(self.count(g) for g in BOOKKEEPING_GRAPHS)
            return len(self._store) - sum(1 for _ in in_default) - bookkeeping
        return sum(
            1 for _ in self._store.quads_for_pattern(None, None, None, ox.NamedNode(str(graph)))
        )

    @contextmanager
    def staged(
        self, then: Callable[[ox.Store], object] | None = None, *, merged: bool = False
    ) -> Iterator[ox.Store]:
        """A copy of this store to write into, which replaces the store in one step when
        the block ends normally and is thrown away when it raises.

        On disk, the copy is a RocksDB checkpoint of the store (hard links, cheap) in the
        folder ``.{name}.staging-{pid}`` beside it; at the end the two folders are
        swapped atomically (``renameat2(RENAME_EXCHANGE)``) and the old one is removed. A
        process killed at any point leaves the store either as it was or with the whole
        new content, and staging folders of killed runs are removed the next time a
        staged write starts. Writes into the copy need not be transactional, so bulk
        loading may be used. In memory there is nothing to survive a crash, and the block
        writes into the store itself. Either way the default graph is rebuilt as the merge
        of the named graphs when the block ends (:func:`rebuild_default_graph`), unless
        ``merged``: then the block keeps it the merge itself (each triple it loads into a
        named graph also into the default graph, each graph it replaces dropped with
        :func:`unmerge_and_drop`), which costs what the block writes instead of what the
        store holds. Then ``then`` is called with the copy, still before the swap (it must
        keep the default graph the merge of what it writes).

        :raises StoreWriteError: the copy could not be written (a full disk, a file size
            limit); the store is unchanged and the copy removed.
        """
        if self.path is None:
            self.generation += 1
            yield self._store
            if not merged:
                rebuild_default_graph(self._store)
            if then is not None:
                then(self._store)
            return
        path = self.path
        self.remove_stale_staging()
        staging = path.parent / f".{path.name}{_STAGING_MARK}{os.getpid()}"
        stage: ox.Store | None = None
        try:
            self._store.flush()
            self._store.backup(str(staging))
            stage = ox.Store(str(staging))
            self.staging_path = staging
            yield stage
            if not merged:
                rebuild_default_graph(stage)
            if then is not None:
                then(stage)
            stage.flush()
        except OSError as e:
            stage = None
            self.staging_path = None
            gc.collect()
            shutil.rmtree(staging, ignore_errors=True)
            raise StoreWriteError(
                f"lageret kunne ikke skrives ({e}); full disk? Ingenting er endret / the store "
                f"could not be written; is the disk full? Nothing was changed",
                location=str(path),
            ) from e
        except BaseException:
            stage = None
            self.staging_path = None
            gc.collect()
            shutil.rmtree(staging, ignore_errors=True)
            raise
        del stage
        self.staging_path = None
        self._swap_in(staging)

    def _swap_in(self, staging: Path) -> None:
        """Make the store folder ``staging`` this store's content, releasing and reopening
        the store's own folder around the swap."""
        assert self.path is not None
        path = self.path
        del self._store
        gc.collect()  # RocksDB releases the folder's LOCK when the last handle goes
        try:
            if not _exchange(path, staging):
                previous = staging.with_name(staging.name + ".previous")
                path.rename(previous)
                staging.rename(path)
                staging = previous
        finally:
            self._store = ox.Store(str(path))
        shutil.rmtree(staging, ignore_errors=True)

    def remove_stale_staging(self) -> list[Path]:
        """Remove staging copies left by killed runs; the folders removed."""
        if self.path is None:
            return []
        stale = staging_folders(self.path)
        for folder in stale:
            shutil.rmtree(folder, ignore_errors=True)
        return stale

    def flush(self) -> None:
        if self.path is not None and self.writable:
            self._store.flush()

    def close(self) -> None:
        """Flush, and on disk let go of the folder (RocksDB's ``LOCK``) now rather than when
        the garbage collector gets to the store: the next opener in this process, read-only
        included, then finds the folder as this store left it. An on-disk store is not to be
        used after it is closed."""
        if "_store" not in self.__dict__:
            return
        # What a failed flush (a full disk) leaves in memory is in RocksDB's write-ahead
        # log as well, replayed on the next open: closing need not fail on it.
        with suppress(OSError):
            self.flush()
        if self.path is not None:
            del self._store
            gc.collect()
