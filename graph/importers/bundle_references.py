"""The reference graph of the bundled legislation (``graf/lovdata-referanser``): every act,
chapter, provision, ledd and point that the bundled acts or the curated graph point to
(``hj:cites``, ``hj:basedOnLaw``, ``hj:legalBasis``) but whose act is not bundled, typed and
titled from the legislation index, so that every target is a known resource.

An act whose text is not among the Lovdata files (a repealed act) is known from the
index only by its id and the title links give it; resources below it are never targets
(:func:`graph.importers.lovdata_parse.resolve_ref` resolves them to the act).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from graph.citations.acts import act_index
from graph.citations.legislation_index import ActEntry, legislation
from graph.importers.lovdata_nt import iri, literal
from graph.importers.lovdata_parse import eli_iri, resolve_ref
from graph.model.iris import act_iri, chapter_iri, ledd_iri, lovdata_url, provision_iri
from graph.model.vocab import BASE, DCTERMS, GRAPH, HJ, OWL, RDF

__all__ = ["REFERENCE_GRAPH", "reference_lines"]

REFERENCE_GRAPH = f"{GRAPH}lovdata-referanser"
_TARGET = re.compile(
    r"^(?P<act>(?:lov|forskrift)/\d{4}-\d{2}-\d{2}(?:-\d+)?)"
    r"(?:/kapittel/(?P<chapter>[^/]+)"
    r"|/paragraf/(?P<par>[^/]+)(?:/ledd/(?P<ledd>\d+))?(?:/(?P<kind>bokstav|nummer)/(?P<point>[^/]+))?)?$"
)
_POINT_CLASS = {"bokstav": "LetteredPoint", "nummer": "NumberedPoint"}


class _Writer:
    def __init__(self) -> None:
        self.lines: set[str] = set()

    def add(self, s: str, p: str, o: str) -> None:
        self.lines.add(f"<{s}> <{p}> {o} <{REFERENCE_GRAPH}> .")

    def typed(self, s: str, cls: str) -> None:
        self.add(s, str(RDF.type), f"<{HJ[cls]}>")


def _act(w: _Writer, entry: ActEntry, queue: list[str]) -> str:
    node = str(act_iri(entry.refid))
    w.typed(node, "Act" if entry.kind == "lov" else "Regulation")
    if entry.title:
        w.add(node, str(DCTERMS.title), literal(entry.title, lang=entry.lang))
    if entry.short:
        w.add(node, str(HJ.shortTitle), literal(entry.short, lang=entry.lang))
    w.add(node, str(HJ.legacyId), literal(entry.legacy))
    w.add(node, str(HJ.lovdataRef), literal(entry.refid))
    w.add(node, str(HJ.lovdataUrl), iri(lovdata_url(entry.refid)))
    if (eli := eli_iri(entry.refid)) is not None:
        w.add(node, str(OWL.sameAs), iri(eli))
    for basis in entry.based_on:
        target = resolve_ref(basis)
        if target is not None:
            w.add(node, str(HJ.basedOnLaw), f"<{target}>")
            queue.append(target)
    return node


def _below(w: _Writer, entry: ActEntry, m: re.Match[str], act: str) -> None:
    if m["chapter"]:
        node = str(chapter_iri(entry.refid, "kap" + m["chapter"]))
        w.typed(node, "LegalChapter")
        w.add(node, str(HJ.partOf), f"<{act}>")
        w.add(node, str(HJ.number), literal(m["chapter"]))
        title = next((t for n, t in entry.chapters if n == "kap" + m["chapter"]), "")
        if title:
            w.add(node, str(DCTERMS.title), literal(title, lang=entry.lang))
        return
    if not m["par"]:
        return
    number = m["par"]
    at = entry.position(number)
    node = str(provision_iri(entry.refid, number))
    w.typed(node, "Provision")
    w.add(node, str(HJ.partOf), f"<{act}>")
    w.add(node, str(HJ.number), literal(number))
    w.add(node, str(HJ.lovdataRef), literal(f"{entry.refid}/§{number}"))
    if at is not None and entry.titles[at]:
        w.add(node, str(DCTERMS.title), literal(entry.titles[at], lang=entry.lang))
    parent = node
    if m["ledd"]:
        parent = str(ledd_iri(node, m["ledd"]))
        w.typed(parent, "Subsection")
        w.add(parent, str(HJ.partOf), f"<{node}>")
        w.add(parent, str(HJ.lovdataRef), literal(f"{entry.refid}/§{number}/ledd/{m['ledd']}"))
    if m["point"]:
        point = f"{parent}/{m['kind']}/{m['point']}"
        w.typed(point, _POINT_CLASS[m["kind"]])
        w.add(point, str(HJ.partOf), f"<{parent}>")
        w.add(point, str(HJ.number), literal(m["point"]))


def _repealed(refid: str) -> ActEntry | None:
    """A repealed act from ``graph/data/lover-opphevet.tsv`` (its title from a source)."""
    index = act_index()
    if refid not in index.repealed:
        return None
    kind, _, rest = refid.partition("/")
    legacy = ("LOV-" if kind == "lov" else "FOR-") + rest
    return ActEntry(refid, legacy, index.titles[refid], index.short_titles[refid], "nb",
                    (), (), (), (), (), has_text=False)  # fmt: skip


def reference_lines(targets: Iterable[str], bundled: set[str]) -> tuple[list[str], list[str]]:
    """N-Quads of the reference graph for ``targets`` (IRIs) outside the ``bundled`` acts,
    and the targets it cannot type (their act is not in the index)."""
    w = _Writer()
    unknown: set[str] = set()
    done_acts: set[str] = set()
    queue = list(targets)
    seen: set[str] = set()
    while queue:
        target = queue.pop()
        if target in seen or not target.startswith(BASE):
            continue
        seen.add(target)
        m = _TARGET.match(target[len(BASE) :])
        if m is None or m["act"] in bundled:
            continue
        entry = legislation().act(m["act"]) or _repealed(m["act"])
        if entry is None:
            unknown.add(target)
            continue
        act = str(act_iri(entry.refid))
        if entry.refid not in done_acts:
            done_acts.add(entry.refid)
            _act(w, entry, queue)
        if entry.has_text:
            _below(w, entry, m, act)
    return sorted(w.lines), sorted(unknown)
