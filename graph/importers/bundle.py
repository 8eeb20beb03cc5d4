"""The legislation bundled with hjemmel: ``graph/data/legislation.nq.gz``.

It holds, each in its own named graph, the acts that the curated graph
(``graph/data/curated.ttl``) and the bundled Helsedirektoratet documents
(``graph/data/helsedir/*.json``) refer to, a fixed base list of health legislation, and the
laws those regulations are based on (basedOn). Lines are sorted and the gzip header carries
no time, so the same input gives the same bytes.

Run ``hjemmel bundle [--lovdata DIR] [--out FILE]`` after the curated
graph or the Helsedirektoratet documents change.
"""

from __future__ import annotations

import gzip
import re
import sys
from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph

from graph.importers.bundle_references import reference_lines
from graph.importers.lovdata_parse import ParsedAct, parse_act
from graph.importers.lovdata_sources import iter_documents, skip_reason
from graph.model.iris import iri_to_ref, ref_to_iri
from graph.model.resources import data_dir
from graph.model.vocab import BASE, HJ

__all__ = ["BASE_REFIDS", "BundleReport", "build_bundle", "referenced_refids"]

BASE_REFIDS = (
    "lov/2011-06-24-30",  # helse- og omsorgstjenesteloven
    "lov/1999-07-02-61",  # spesialisthelsetjenesteloven
    "lov/2011-06-24-29",  # folkehelseloven
    "lov/1994-08-05-55",  # smittevernloven
    "lov/1814-05-17",  # Grunnloven
    "lov/2018-06-22-83",  # kommuneloven
    "lov/1999-07-02-63",  # pasient- og brukerrettighetsloven
    "lov/1999-07-02-64",  # helsepersonelloven
    "forskrift/2016-10-28-1250",  # forskrift om ledelse og kvalitetsforbedring
    "forskrift/2019-03-01-168",  # pasientjournalforskriften
)
ARCHIVES = ("gjeldende-lover.tar.bz2", "gjeldende-sentrale-forskrifter.tar.bz2")
DEFAULT_LOVDATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "lovdata"

_HJEMMEL_ACT = re.compile(re.escape(BASE) + r"((?:lov|forskrift)/\d{4}-\d{2}-\d{2}(?:-\d+)?)")
_LOVDATA_LINK = re.compile(r"lovdata\.no/[^\s\"'<>)\]]+", re.IGNORECASE)
_REFID_IN_XML = re.compile(rb'<dd class="refid">([^<]+)</dd>')


def _act_of(ref: str) -> str | None:
    try:
        return re.match(r"^(?:lov|forskrift)/[^/]+", iri_to_ref(str(ref_to_iri(ref))))[0]  # type: ignore[index]
    except Exception:  # not a reference to an act
        return None


def referenced_refids(curated: Path | None, helsedir: Iterable[Path]) -> set[str]:
    """The acts named in the curated graph (by hjemmel IRI) and in the Helsedirektoratet
    documents (by lovdata.no link or hjemmel IRI)."""
    found: set[str] = set()
    if curated is not None and curated.exists():
        text = curated.read_text(encoding="utf-8")
        found |= set(_HJEMMEL_ACT.findall(text))
        try:
            graph = Graph().parse(curated, format="turtle")
            terms = {str(t) for triple in graph for t in triple}
            found |= {m[1] for t in terms if (m := _HJEMMEL_ACT.match(t))}
        except Exception as e:  # prefixed names are only seen when the file parses
            print(f"advarsel / warning: {curated}: {e}", file=sys.stderr)
    paths = [p for p in helsedir if p.name != "index.json"]
    for path in paths:
        text = path.read_text(encoding="utf-8-sig")
        for link in _LOVDATA_LINK.findall(text):
            act = _act_of("https://" + link.rstrip(".,;"))
            if act:
                found.add(act)
    if paths:
        from graph.importers.helsedir import read_documents

        for graph in read_documents(paths).values():
            terms = {str(t) for triple in graph for t in triple}
            found |= {m[1] for t in terms if (m := _HJEMMEL_ACT.match(t))}
    return found


_TARGET_PREDICATES = (f"<{HJ.cites}>", f"<{HJ.basedOnLaw}>", f"<{HJ.legalBasis}>")


def _targets(acts: dict[str, ParsedAct]) -> list[str]:
    """The objects of hj:cites, hj:basedOnLaw and hj:legalBasis in the bundled acts and the
    curated graph."""
    out = []
    for act in acts.values():
        for line in act.ntriples.splitlines():
            parts = line.split(" ", 3)
            if len(parts) == 4 and parts[1] in _TARGET_PREDICATES:
                out.append(parts[2].strip("<>"))
    curated = data_dir() / "curated.ttl"
    if curated.exists():
        graph = Graph().parse(curated, format="turtle")
        for p in (HJ.cites, HJ.basedOnLaw, HJ.legalBasis):
            out.extend(str(o) for o in graph.objects(None, p))
    return out


class BundleReport:
    def __init__(self) -> None:
        self.included: list[str] = []
        self.missing: list[str] = []
        self.unknown: list[str] = []  # targets whose act the legislation index does not know
        self.bytes = 0
        self.triples = 0


def _index(lovdata: Path) -> dict[str, tuple[str, bytes]]:
    by_refid: dict[str, tuple[str, bytes]] = {}
    for name, data in iter_documents([lovdata / a for a in ARCHIVES]):
        m = _REFID_IN_XML.search(data)
        if m and not skip_reason(name):
            by_refid.setdefault(m[1].decode().strip(), (name, data))
    return by_refid


def build_bundle(
    out: Path, lovdata: Path = DEFAULT_LOVDATA, extra: Iterable[str] = ()
) -> BundleReport:
    """Write the bundled legislation to ``out``; returns what went in and what was missing."""
    wanted = set(BASE_REFIDS) | set(extra)
    wanted |= referenced_refids(
        data_dir() / "curated.ttl", sorted((data_dir() / "helsedir").glob("*.json"))
    )
    index = _index(lovdata)
    acts: dict[str, ParsedAct] = {}
    report = BundleReport()
    queue = sorted(wanted)
    while queue:
        refid = queue.pop()
        if refid in acts or refid in report.missing:
            continue
        if refid not in index:
            report.missing.append(refid)
            continue
        name, data = index[refid]
        act = parse_act(data, name.rsplit(":", 1)[-1])
        acts[refid] = act
        if act.kind == "forskrift":
            based_on = f"<{BASE}{refid}> <{HJ.basedOnLaw}> <"
            for line in act.ntriples.splitlines():
                if line.startswith(based_on):
                    target = _act_of(line[len(based_on) :].split(">", 1)[0])
                    if target and target not in acts:
                        queue.append(target)
    lines = [
        f"{line[:-1]}<{act.graph}> ." for act in acts.values() for line in act.ntriples.splitlines()
    ]
    references, report.unknown = reference_lines(_targets(acts), set(acts))
    lines = sorted(lines + references)
    payload = ("\n".join(lines) + "\n").encode()
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as f:
        f.write(payload)
    report.included = sorted(acts)
    report.missing.sort()
    report.triples = len(lines)
    report.bytes = out.stat().st_size
    return report
