"""``hjemmel import lovtidend FILE…``: amending acts from Norsk Lovtidend as structured changes.

Each amending act goes into its own named graph ``graf/lovtidend/{refid}``
(:mod:`graph.importers.lovtidend_rdf`). Every file is read and parsed before anything is
written; then all graphs are replaced in one ``store.replace_graphs`` call, so a malformed
file leaves the store as it was. Instructions the parser cannot read are imported as
changes of kind ``ulest`` and listed with their position.

Where the store holds the amended act (``graf/lovdata/{refid}``), each target is checked
against it: a replaced, repealed or renumbered provision or ledd must exist there, a new
ledd or punktum needs its provision or ledd, a new provision its act. The consolidated
text may already include the amendment, so a new provision that exists is no error.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import URIRef

from graph.errors import ImportFailedError
from graph.importers.entailment import refresh_eli
from graph.importers.lovdata_sources import iter_documents
from graph.importers.lovtidend_parse import Change, ParsedAmendingAct, parse_amending_act
from graph.importers.lovtidend_rdf import lovtidend_graph, to_graph
from graph.importers.statistics import refresh_statistics
from graph.model.iris import lovdata_graph
from graph.questions.named import run_query
from graph.store import Store
from graph.store.load_marker import replace_graphs_marked

__all__ = [
    "LovtidendReport",
    "check_targets",
    "import_files",
    "parse_files",
    "required_resource",
]


@dataclass
class LovtidendReport:
    acts: list[ParsedAmendingAct] = field(default_factory=list)
    missing: list[tuple[ParsedAmendingAct, Change, str]] = field(default_factory=list)
    """(act, change, the resource that should exist) for targets not in the stored act."""
    acts_not_stored: list[str] = field(default_factory=list)
    """Refids of amended acts the store does not hold, so their targets were not checked."""
    triples: int = 0

    @property
    def changes(self) -> list[Change]:
        return [c for a in self.acts for c in a.changes]

    @property
    def disagreements(self) -> list[tuple[ParsedAmendingAct, Change]]:
        """Changes whose target differs from Lovdata's own markup of the change."""
        return [(a, c) for a in self.acts for c in a.changes if c.markup and c.markup != _move(c)]

    def summary(self) -> str:
        unread = [(a, c) for a in self.acts for c in a.unread]
        laws = sum(a.refid.startswith("lov/") for a in self.acts)
        lines = [
            f"Importert {len(self.acts)} endringsdokumenter ({laws} endringslover, "
            f"{len(self.acts) - laws} endringsforskrifter), {len(self.changes)} endringer, "
            f"{len(unread)} ulest; {self.triples} tripler. / Imported {len(self.acts)} "
            f"amending documents, {len(self.changes)} changes, {len(unread)} unread."
        ]
        for act, change in unread:
            lines.append(
                f"  ulest / unread: {act.source}, {change.position}: «{change.instruction}» "
                f"({change.reason})"
            )
        for act, change, resource in self.missing:
            lines.append(
                f"  finnes ikke i lagret lov / not in the stored act: {act.source}, "
                f"{change.position}: {resource}"
            )
        for act, change in self.disagreements:
            lines.append(
                f"  avviker fra Lovdatas markering / differs from Lovdata's markup: "
                f"{act.source}, {change.position}: {_move(change)} ≠ {change.markup}"
            )
        if self.acts_not_stored:
            lines.append(
                "  endrede lover som ikke er i lageret (mål ikke kontrollert) / amended acts "
                "not in the store (targets not checked): " + ", ".join(self.acts_not_stored)
            )
        return "\n".join(lines)


def _move(change: Change) -> str | None:
    if change.renumbered_to:
        return f"{change.target}→{change.renumbered_to}"
    return change.target


def required_resource(change: Change) -> str | None:
    """The resource the amended act must hold for ``change`` to apply, or None.

    >>> from graph.importers.lovtidend_parse import Change
    >>> base = "https://w3id.org/hjemmel/lov/2011-06-24-30"
    >>> c = Change("II", 1, 1, "innsatt", "…", "lov/2011-06-24-30",
    ...            target=base + "/paragraf/1-2/ledd/1/punktum/2")
    >>> required_resource(c) == base + "/paragraf/1-2/ledd/1"
    True
    """
    if change.target is None or change.amended is None:
        return None
    target = change.target
    if "/punktum/" in target:
        return target.rsplit("/punktum/", 1)[0]
    if change.kind == "innsatt":
        if "/ledd/" in target:
            return target.rsplit("/ledd/", 1)[0]
        return target.rsplit("/paragraf/", 1)[0]
    return target


def parse_files(paths: Iterable[str | Path]) -> list[ParsedAmendingAct]:
    """Parse every document in ``paths`` (files, folders, tar archives); nothing is written.

    :raises ImportFailedError: a file is malformed, lacks legacyID or refid, amends nothing,
        or repeats the refid of another file.
    """
    acts: dict[str, ParsedAmendingAct] = {}
    for name, data in iter_documents(paths):
        act = parse_amending_act(data, name)
        if act.refid in acts:
            raise ImportFailedError(
                f"samme refid som / same refid as {acts[act.refid].source}", location=name
            )
        acts[act.refid] = act
    return list(acts.values())


def check_targets(store: Store, report: LovtidendReport) -> None:
    """Check each target against the amended act where the store holds it."""
    stored = {str(g) for g in store.graph_names()}
    resources: dict[str, set[str]] = {}
    for act in report.acts:
        for change in act.changes:
            needed = required_resource(change)
            if needed is None or change.amended is None:
                continue
            graph = str(lovdata_graph(change.amended))
            if graph not in stored:
                if change.amended not in report.acts_not_stored:
                    report.acts_not_stored.append(change.amended)
                continue
            if graph not in resources:
                rows = run_query(store, "act-resources", graph=URIRef(graph))
                resources[graph] = {str(row["resource"]) for row in rows}
            if needed not in resources[graph]:
                report.missing.append((act, change, needed))


def import_files(store: Store, paths: Iterable[str | Path]) -> LovtidendReport:
    """Import Norsk Lovtidend documents into ``store``, one named graph per amending act.

    :raises ImportFailedError: see :func:`parse_files`; nothing is written then.
    """
    report = LovtidendReport(acts=parse_files(paths))
    if not report.acts:
        raise ImportFailedError("fant ingen XML-filer / found no XML files")
    graphs = {lovtidend_graph(a.refid): to_graph(a) for a in report.acts}
    report.triples = sum(len(g) for g in graphs.values())
    check_targets(store, report)
    replace_graphs_marked(store, graphs)
    refresh_eli(store)
    refresh_statistics(store)
    return report
