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
from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef
from tqdm import tqdm

from graph.errors import HjemmelError, ImportFailedError, OutcomeUnknownError
from graph.importers.entailment import refresh_eli, refresh_eli_in_stage
from graph.importers.lovdata_changes import change_set_graph, change_set_ntriples
from graph.importers.lovdata_parse import ActCounts, ParsedAct, parse_act, provision_hash
from graph.importers.lovdata_sources import iter_documents, skip_reason
from graph.importers.statistics import refresh_statistics
from graph.model.iris import iri_to_ref
from graph.model.vocab import ELI_GRAPH
from graph.questions.named import run_query
from graph.store import Store
from graph.store.embedded import EmbeddedStore
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


def _wanted(paths: Iterable[str | Path], report: ImportReport) -> Iterator[tuple[str, bytes]]:
    for name, data in iter_documents(paths):
        reason = skip_reason(name)
        if reason:
            report.skipped.append((name, reason))
        else:
            yield name, data


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
    if workers is None:
        many = any(not str(p).lower().endswith(".xml") for p in paths)
        workers = (os.cpu_count() or 1) if many else 0
    acts: dict[str, ParsedAct] = {}
    with ExitStack() as stack:
        bar = stack.enter_context(_bar(progress, desc="lese / read", unit=" filer"))
        docs = _wanted(paths, report)
        results: Iterator[ParsedAct | tuple[str, str | None]]
        if workers > 1:
            pool = stack.enter_context(multiprocessing.get_context("fork").Pool(workers))
            results = pool.imap(_parse_document, docs, chunksize=8)
        else:
            results = map(_parse_document, docs)
        for result in results:
            bar.update(1)
            if not isinstance(result, ParsedAct):
                raise ImportFailedError(result[0], location=result[1])
            if result.refid in acts:
                first = acts[result.refid].source
                report.skipped.append((result.source, f"samme refid som / same refid as {first}"))
                continue
            acts[result.refid] = result
    return list(acts.values())


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
    old = _stored_hashes(store, act.graph)
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
            with store.staged(then=refresh_eli_in_stage) as stage:
                for act in acts:
                    if act.graph in existing:
                        stage.remove_graph(ox.NamedNode(act.graph))
                stage.remove_graph(ox.NamedNode(str(LOAD_GRAPH)))
                data = _nquads(acts) + _extra_nquads(extra or {}) + marker_nquads()
                stage.bulk_load(data, format=ox.RdfFormat.N_QUADS)
                del data
                stage.remove_graph(ox.NamedNode(str(ELI_GRAPH)))  # derived again after
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
    store: Store, paths: Iterable[str | Path], progress: bool = True, workers: int | None = None
) -> ImportReport:
    """Import Lovdata files (``.tar.bz2``, folders, ``.xml``) into ``store``; the
    differences of every re-imported act are recorded as change-sets
    (:mod:`graph.importers.lovdata_changes`).

    :raises ImportFailedError: a file is malformed or lacks legacyID or refid; nothing is
        written then.
    """
    report = ImportReport()
    acts = parse_files(paths, report, progress, workers)
    existing = {str(g) for g in store.graph_names()}
    for act in acts:
        report.counts.add(act.counts)
        if act.graph in existing:
            report.replaced += 1
            change = compare(store, act)
            if change:
                report.changes.append(change)
    extra = {}
    if report.changes:
        when = dt.datetime.now(dt.UTC)
        extra[change_set_graph(when)] = change_set_ntriples(report.changes, when)
    write_acts(store, acts, progress, existing, extra)
    if not isinstance(store, EmbeddedStore):  # else refreshed in the staging copy
        refresh_eli(store)
    refresh_statistics(store)
    return report
