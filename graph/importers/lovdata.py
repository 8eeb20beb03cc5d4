"""``hjemmel import lovdata FILE…``: Lovdata's laws and regulations into the store.

Each act goes into its own named graph ``graf/lovdata/{refid}``. The import reads and checks
every file before it writes anything: one malformed file, or one without legacyID or refid,
fails the whole import with :class:`~graph.errors.ImportFailedError` and the store is left
as it was. The acts are then written all or nothing (:func:`write_acts`): after a
``kill -9``, a full disk or a remote timeout the store is as it was. Before an act's graph
is replaced, its provisions are compared with the stored ones, so a newer dump reports which
provisions changed, were added or disappeared.

What each XML element becomes is described in :mod:`graph.importers.lovdata_parse`.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import sys
import tempfile
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pyoxigraph as ox
from rdflib import Graph, URIRef
from tqdm import tqdm

from graph.errors import HjemmelError, ImportFailedError, OutcomeUnknownError
from graph.importers.entailment import (
    eli_of_graphs,
    refresh_eli,
    refresh_eli_staged,
    update_eli_staged,
)
from graph.importers.lovdata_changes import change_set_graph, change_set_ntriples
from graph.importers.lovdata_known import (
    KnownAct,
    digest_of,
    read_known,
    store_loaded_at,
    write_known,
)
from graph.importers.lovdata_parse import ActCounts, ParsedAct, parse_act, provision_hash
from graph.importers.lovdata_sources import iter_documents, skip_reason
from graph.importers.statistics import refresh_statistics
from graph.model.iris import act_iri, iri_to_ref, lovdata_graph
from graph.questions.named import run_query
from graph.store import Store
from graph.store.embedded import EmbeddedStore, bulk_load_file, unmerge_and_drop
from graph.store.load_marker import LOAD_GRAPH, count_load, marker_nquads, marker_ntriples
from graph.store.remote import RemoteStore

__all__ = [
    "ActCounts",
    "ChangeReport",
    "ImportReport",
    "ParsedAct",
    "import_files",
    "parse_act",
    "parse_files",
    "write_acts",
]


@dataclass
class ChangeReport:
    """How one re-imported act differs from the version the store held (provision IRIs)."""

    refid: str
    source: str = ""
    """The file the newer text came from."""
    version_date: str | None = None
    """The date of the newer consolidated text (its last change in force)."""
    changed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    disappeared: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.changed or self.added or self.disappeared)


@dataclass
class ImportReport:
    counts: ActCounts = field(default_factory=ActCounts)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    """(file, reason) of every file not imported."""
    replaced: int = 0
    """Acts whose graph the store already held."""
    changes: list[ChangeReport] = field(default_factory=list)
    """One entry per re-imported act whose provisions differ."""

    def summary(self) -> str:
        c = self.counts
        lines = [
            f"Importert {c.acts} lover og forskrifter, {c.chapters} kapitler, "
            f"{c.provisions} paragrafer, {c.ledd} ledd, {c.points} bokstaver og nummer, "
            f"{c.based_on} hjemmelshenvisninger (basedOn), {c.citations} lenker (sitater), "
            f"{c.amendments} endringsnotater; {c.triples} tripler.",
        ]
        if self.skipped:
            lines.append(f"Hoppet over {len(self.skipped)} filer:")
            lines += [f"  {name}: {reason}" for name, reason in self.skipped]
        if self.replaced:
            changed = sum(len(r.changed) for r in self.changes)
            added = sum(len(r.added) for r in self.changes)
            gone = sum(len(r.disappeared) for r in self.changes)
            lines.append(
                f"Erstattet {self.replaced} lover som fantes fra før: {len(self.changes)} endret "
                f"({changed} paragrafer endret, {added} nye, {gone} borte)."
            )
            for report in self.changes:
                for label, iris in (
                    ("endret", report.changed),
                    ("ny", report.added),
                    ("borte", report.disappeared),
                ):
                    lines += [f"  {label}: {iri_to_ref(i)}" for i in iris]
        return "\n".join(lines)


def _bar(progress: bool, **kwargs: object) -> tqdm:
    return tqdm(file=sys.stderr, disable=not progress, dynamic_ncols=True, **kwargs)


def _parse_document(doc: tuple[str, bytes]) -> ParsedAct | tuple[str, str | None]:
    """Parse one document in a worker; an import error comes back as (message, location)."""
    name, data = doc
    try:
        return parse_act(data, name)
    except ImportFailedError as e:
        return e.message, e.location


def _parse_unless_known(doc: tuple[str, bytes | None, str]) -> _Parsed:
    """(name, digest, parsed act) of one document; a document sent without its XML (None)
    the store already holds unchanged, and it is not parsed."""
    name, data, digest = doc
    if data is None:
        return name, digest, None
    return name, digest, _parse_document((name, data))


_Parsed = tuple[str, str, "ParsedAct | tuple[str, str | None] | None"]


def _wanted(paths: Iterable[str | Path], report: ImportReport) -> Iterator[tuple[str, bytes]]:
    for name, data in iter_documents(paths):
        reason = skip_reason(name)
        if reason:
            report.skipped.append((name, reason))
        else:
            yield name, data


_IN_FLIGHT = 64
"""Documents read but not yet consumed, at most."""


def _default_workers(paths: Sequence[str | Path]) -> int:
    many = any(not str(p).lower().endswith(".xml") for p in paths)
    return (os.cpu_count() or 1) if many else 0


def _parsed(
    paths: Sequence[str | Path],
    report: ImportReport,
    stack: ExitStack,
    workers: int,
    known: Mapping[str, KnownAct],
) -> Iterator[_Parsed]:
    """Every wanted document, parsed in ``workers`` processes while this one decompresses,
    in the order of the files; documents whose digest is in ``known`` are not parsed."""

    # At most _IN_FLIGHT documents between reading and the consumer: the pool's results
    # would otherwise pile up while the consumer writes.
    slots = threading.Semaphore(_IN_FLIGHT)
    stop = threading.Event()

    def docs(bounded: bool) -> Iterator[tuple[str, bytes | None, str]]:
        for name, data in _wanted(paths, report):
            while bounded and not slots.acquire(timeout=0.1):
                if stop.is_set():
                    return
            digest = digest_of(data)
            yield name, None if digest in known else data, digest

    if workers <= 1:
        yield from map(_parse_unless_known, docs(False))
        return
    pool = stack.enter_context(multiprocessing.get_context("fork").Pool(workers))
    stack.callback(stop.set)
    for result in pool.imap(_parse_unless_known, docs(True), chunksize=4):
        slots.release()
        yield result


def parse_files(
    paths: Iterable[str | Path],
    report: ImportReport | None = None,
    progress: bool = False,
    workers: int | None = None,
) -> list[ParsedAct]:
    """Parse every document in ``paths`` (nothing is written).

    With ``workers`` > 1, that many processes parse while this one decompresses (default:
    one per core for archives and folders, none for single files). Files that are not imported (the
    nynorsk Grunnloven, a second file with a refid already read) are listed in
    ``report.skipped``.

    :raises ImportFailedError: a file is malformed or lacks legacyID or refid.
    """
    paths = list(paths)
    report = report if report is not None else ImportReport()
    workers = _default_workers(paths) if workers is None else workers
    acts: dict[str, ParsedAct] = {}
    with ExitStack() as stack:
        bar = stack.enter_context(_bar(progress, desc="lese / read", unit=" filer"))
        for _name, _digest, result in _parsed(paths, report, stack, workers, {}):
            bar.update(1)
            act = _checked(result)
            if act.refid in acts:
                first = acts[act.refid].source
                report.skipped.append((act.source, f"samme refid som / same refid as {first}"))
                continue
            acts[act.refid] = act
    return list(acts.values())


def _checked(result: ParsedAct | tuple[str, str | None] | None) -> ParsedAct:
    if not isinstance(result, ParsedAct):
        assert result is not None
        raise ImportFailedError(result[0], location=result[1])
    return result


def _stored_hashes(store: Store, graph: str) -> dict[str, str]:
    rows = run_query(store, "lovdata-provision-texts", graph=URIRef(graph))
    return {
        str(row["provision"]): provision_hash(
            str(row["title"]) if "title" in row else None,
            str(row["text"]) if "text" in row else None,
        )
        for row in rows
    }


def compare(store: Store, act: ParsedAct) -> ChangeReport:
    """Which provisions of ``act`` differ from the store's version of its graph."""
    return _change(act, _stored_hashes(store, act.graph))


def _change(act: ParsedAct, old: Mapping[str, str]) -> ChangeReport:
    new = act.provision_hashes
    return ChangeReport(
        refid=act.refid,
        source=act.source,
        version_date=act.version_date,
        changed=[p for p, h in new.items() if p in old and old[p] != h],
        added=[p for p in new if p not in old],
        disappeared=[p for p in old if p not in new],
    )


def _nquads(acts: Sequence[ParsedAct]) -> bytes:
    # A literal never holds a raw line break, so " .\n" ends a line and nothing else.
    return "".join(a.ntriples.replace(" .\n", f" <{a.graph}> .\n") for a in acts).encode()


def _extra_nquads(extra: dict[str, str]) -> bytes:
    return "".join(nt.replace(" .\n", f" <{g}> .\n") for g, nt in extra.items()).encode()


def write_acts(
    store: Store,
    acts: Sequence[ParsedAct],
    progress: bool = False,
    existing: set[str] | None = None,
    extra: dict[str, str] | None = None,
) -> None:
    """Replace each act's named graph and record the load time, all or nothing; ``extra``
    (graph IRI → N-Triples, the change-sets of a re-import) is written in the same step.

    On the embedded store the acts are bulk-loaded into a staging copy of the store, where
    ``graf/eli`` is derived again too, and the copy replaces the store in one step
    (:meth:`EmbeddedStore.staged`). On a remote store all graphs
    go in one :meth:`RemoteStore.replace_graphs_nt` call: staging graphs, then one final
    request that moves them onto their targets. A run that is killed, or that fails on a
    full disk or a timeout, leaves the store as it was.

    :raises ImportFailedError: the store could not be written; nothing was changed.
    """
    existing = {str(g) for g in store.graph_names()} if existing is None else existing
    with _bar(progress, desc="skrive / write", unit=" lover", total=len(acts)) as bar:
        if isinstance(store, EmbeddedStore):
            with store.staged(then=refresh_eli_staged) as stage:
                for act in acts:
                    if act.graph in existing:
                        stage.remove_graph(ox.NamedNode(act.graph))
                stage.remove_graph(ox.NamedNode(str(LOAD_GRAPH)))
                data = _nquads(acts) + _extra_nquads(extra or {}) + marker_nquads()
                stage.bulk_load(data, format=ox.RdfFormat.N_QUADS)
                del data
            bar.update(len(acts))
            count_load()
            return
        graphs: dict[URIRef, bytes] = {URIRef(a.graph): a.ntriples.encode() for a in acts}
        graphs.update({URIRef(g): nt.encode() for g, nt in (extra or {}).items()})
        graphs[LOAD_GRAPH] = marker_ntriples()
        try:
            if isinstance(store, RemoteStore):
                store.replace_graphs_nt(graphs)
            else:
                store.replace_graphs(
                    {name: Graph().parse(data=nt, format="nt") for name, nt in graphs.items()}
                )
        except HjemmelError as e:
            if isinstance(e, ImportFailedError | OutcomeUnknownError):
                raise
            raise ImportFailedError(
                f"importen mislyktes, og lageret er uendret / the import failed and the store "
                f"is unchanged: {e.message}"
            ) from e
        bar.update(len(acts))
        count_load()


def import_files(
    store: Store,
    paths: Iterable[str | Path],
    progress: bool = True,
    workers: int | None = None,
    written: dict[str, list[str]] | None = None,
) -> ImportReport:
    """Import Lovdata files (``.tar.bz2``, folders, ``.xml``) into ``store``; the
    differences of every re-imported act are recorded as change-sets
    (:mod:`graph.importers.lovdata_changes`).

    ``written``, when given, receives the IRI of each act whose graph was written, with
    the IRIs of the provisions its graph held before (what the search index must update).

    :raises ImportFailedError: a file is malformed or lacks legacyID or refid; nothing is
        written then.
    """
    report = ImportReport()
    written = {} if written is None else written
    if isinstance(store, EmbeddedStore):
        _import_embedded(store, list(paths), report, progress, workers, written)
        if written:
            refresh_statistics(store)
        return report
    acts = parse_files(paths, report, progress, workers)
    existing = {str(g) for g in store.graph_names()}
    for act in acts:
        report.counts.add(act.counts)
        old = _stored_hashes(store, act.graph) if act.graph in existing else {}
        written[str(act_iri(act.refid))] = list(old)
        if act.graph in existing:
            report.replaced += 1
            change = _change(act, old)
            if change:
                report.changes.append(change)
    write_acts(store, acts, progress, existing, _change_sets(report))
    refresh_eli(store)
    refresh_statistics(store)
    return report


def _change_sets(report: ImportReport) -> dict[str, str]:
    """The change-set graph of a re-import (graph IRI → N-Triples); none when nothing changed."""
    if not report.changes:
        return {}
    when = dt.datetime.now(dt.UTC)
    return {change_set_graph(when): change_set_ntriples(report.changes, when)}


_ELI_BY_GRAPH = 200
"""Up to this many acts written, ``graf/eli`` is updated from their graphs alone
(:func:`update_eli_staged`); beyond, it is derived again from the whole store."""


class _StageWriter:
    """Acts written into a staging copy of an embedded store, each triple into its act's
    graph and into the default graph (the merge, kept in step). The acts' N-Quads are
    spooled to a temporary file as they come and bulk-loaded in one go at the end: what is
    held in memory is one act, and the store is written by one bulk load (many small ones
    cost RocksDB a compaction each)."""

    def __init__(self, store: EmbeddedStore, stack: ExitStack, existing: set[str]) -> None:
        self.store = store
        self.stack = stack
        self.existing = existing
        self.stage: ox.Store | None = None
        self.spool: IO[bytes] | None = None
        self.written: list[str] = []
        self.old_eli: set[ox.Triple] = set()

    def add(self, act: ParsedAct) -> None:
        if self.stage is None:
            self.stage = self.stack.enter_context(self.store.staged(merged=True))
            # in the staging folder when there is one, so a killed run's is removed with it
            self.spool = self.stack.enter_context(
                tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed by the import's stack
                    prefix="hjemmel-lovdata-", suffix=".nq", dir=self.store.staging_path
                )
            )
        assert self.spool is not None
        self.written.append(act.graph)
        if act.graph in self.existing:
            if len(self.written) <= _ELI_BY_GRAPH:
                self.old_eli |= eli_of_graphs(self.stage, [act.graph])
            unmerge_and_drop(self.stage, act.graph)
        # A literal never holds a raw line break, so " .\n" ends a line and nothing else.
        self.spool.write(act.ntriples.replace(" .\n", f" <{act.graph}> .\n").encode())
        self.spool.write(act.ntriples.encode())

    def add_graph(self, graph: str, ntriples: str) -> None:
        """A graph new to the store (a change-set), written with the acts."""
        assert self.spool is not None
        self.spool.write(ntriples.replace(" .\n", f" <{graph}> .\n").encode())
        self.spool.write(ntriples.encode())

    def finish(self) -> str | None:
        """Load the acts, the load time and the ELI entailment; the load time written,
        None when no act was written."""
        if self.stage is None or self.spool is None:
            return None
        self.spool.flush()
        bulk_load_file(self.stage, self.spool.name, ox.RdfFormat.N_QUADS)
        self.spool.close()
        marker = marker_ntriples()
        unmerge_and_drop(self.stage, str(LOAD_GRAPH))
        self.stage.bulk_load(marker, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
        self.stage.bulk_load(
            marker, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(str(LOAD_GRAPH))
        )
        if len(self.written) <= _ELI_BY_GRAPH:
            update_eli_staged(self.stage, self.old_eli, self.written)
        else:
            refresh_eli_staged(self.stage)
        return store_loaded_at(self.stage)


def _import_embedded(
    store: EmbeddedStore,
    paths: list[str | Path],
    report: ImportReport,
    progress: bool,
    workers: int | None,
    written: dict[str, list[str]],
) -> None:
    """Parse and write in one stream: acts go into the staging copy as they are parsed, so
    what is held is a batch, not the whole import. In memory the store itself is written,
    so every file is parsed (and checked) first. Documents the store holds unchanged
    (:mod:`graph.importers.lovdata_known`) are counted but neither parsed nor written."""
    workers = _default_workers(paths) if workers is None else workers
    existing = {str(g) for g in store.graph_names()}
    folder = store.path
    known: dict[str, KnownAct] = {}
    if folder is not None:
        known = read_known(folder, store_loaded_at(store.oxigraph))
        known = {d: a for d, a in known.items() if str(lovdata_graph(a.refid)) in existing}
    now_known: dict[str, KnownAct] = {}
    first_source: dict[str, str] = {}
    with ExitStack() as stack:
        bar = stack.enter_context(_bar(progress, desc="importere / import", unit=" filer"))
        results: Iterable[_Parsed] = _parsed(paths, report, stack, workers, known)
        if folder is None:
            results = list(results)
            for _name, _digest, result in results:
                if result is not None:
                    _checked(result)
        writer = _StageWriter(store, stack, existing)
        for name, digest, result in results:
            bar.update(1)
            act = _checked(result) if result is not None else None
            refid = act.refid if act is not None else known[digest].refid
            if refid in first_source:
                report.skipped.append(
                    (name, f"samme refid som / same refid as {first_source[refid]}")
                )
                continue
            first_source[refid] = name
            counts = act.counts if act is not None else known[digest].counts
            now_known[digest] = KnownAct(refid, counts)
            report.counts.add(counts)
            if act is None:
                report.replaced += 1
                continue
            old = _stored_hashes(store, act.graph) if act.graph in existing else {}
            written[str(act_iri(act.refid))] = list(old)
            if act.graph in existing:
                report.replaced += 1
                change = _change(act, old)
                if change:
                    report.changes.append(change)
            writer.add(act)
        for graph, ntriples in _change_sets(report).items():
            writer.add_graph(graph, ntriples)
        loaded_at = writer.finish()
    if loaded_at is None:
        return
    count_load()
    if folder is not None:
        imported = {a.refid for a in now_known.values()}
        kept = {d: a for d, a in known.items() if a.refid not in imported}
        write_known(folder, loaded_at, {**kept, **now_known})
