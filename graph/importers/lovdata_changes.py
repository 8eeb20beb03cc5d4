"""The re-import report of ``hjemmel import lovdata`` recorded as data.

When a newer Lovdata file replaces an act the store already holds, the provisions whose
title or text changed, the new ones and the ones that disappeared are written as one
``hj:LovdataChangeSet`` per act (``lovdata-import/{stamp}/{refid}``) in one named graph per
import (``graf/lovdata-endringer/{stamp}``), with the import time (``dcterms:created``), the
file's name and the date of the consolidated text (its ``lastChangeInForce``). The graph
is written in the same all-or-nothing step as the acts, and never replaced by a later
import, so the change-sets of every import stay.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol

from graph.importers.lovdata_nt import date_literal, iri, literal
from graph.model.iris import act_iri
from graph.model.vocab import BASE, DCTERMS, GRAPH, HJ, RDF, XSD

__all__ = ["ChangeSetSource", "change_set_graph", "change_set_iri", "change_set_ntriples", "stamp"]


class ChangeSetSource(Protocol):
    refid: str
    source: str
    version_date: str | None
    changed: list[str]
    added: list[str]
    disappeared: list[str]


def stamp(when: dt.datetime) -> str:
    """``2026-11-29T15:30:00.000123Z`` → ``20261129T153000000123Z`` (two imports never
    share one)."""
    return when.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")


def change_set_graph(when: dt.datetime) -> str:
    """The named graph of one import's change-sets."""
    return f"{GRAPH}lovdata-endringer/{stamp(when)}"


def change_set_iri(when: dt.datetime, refid: str) -> str:
    """The change-set of one act at one import."""
    return f"{BASE}lovdata-import/{stamp(when)}/{refid}"


def change_set_ntriples(reports: Sequence[ChangeSetSource], when: dt.datetime) -> str:
    """N-Triples of one change-set per report with differences."""
    created = literal(
        when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"), datatype=str(XSD.dateTime)
    )
    lines: list[str] = []
    for report in reports:
        cs = iri(change_set_iri(when, report.refid))
        lines += [
            f"{cs} <{RDF.type}> <{HJ.LovdataChangeSet}> .",
            f"{cs} <{HJ.importedAct}> {iri(str(act_iri(report.refid)))} .",
            f"{cs} <{DCTERMS.created}> {created} .",
            f"{cs} <{HJ.sourceFile}> {literal(report.source.rsplit('/', 1)[-1])} .",
        ]
        if report.version_date:
            lines.append(f"{cs} <{HJ.sourceVersionDate}> {date_literal(report.version_date)} .")
        for prop, provisions in (
            (HJ.changedProvision, report.changed),
            (HJ.addedProvision, report.added),
            (HJ.disappearedProvision, report.disappeared),
        ):
            lines += [f"{cs} <{prop}> {iri(p)} ." for p in provisions]
    return "".join(line + "\n" for line in lines)
