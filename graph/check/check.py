"""Checking a text for its legal basis.

The text is split into statements (:func:`graph.language.statements.split_statements`);
each skal, bør or kan statement is a normative statement. Its legal references are the
citations and links in it and in its context, the sentences right after it in the same
paragraph that carry no strength of their own ("Dette følger av …"). A reference is its
basis when the text gives it so (:mod:`graph.check.cues`), and is resolved against the
store: one it does not know is reported unresolved and never listed as a legal basis.

The verdict comes from the graph's own SHACL shapes: each statement becomes a
``hj:SourceRecommendation`` (a recommendation outside a normative product, so the shapes
about products and target groups do not apply) with ``hj:strength`` and one
``hj:legalBasis`` per basis reference — an unresolved one too, so that
``hjsh:LegalBasisIsLegalResource`` reports it — and is validated with
:func:`graph.validation.shacl.validate_graph` against the store, as ``hjemmel validate``
does.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef

from graph.check.cues import LINK_CUE, basis_cue, continues
from graph.check.inputs import InputFormat, Section, read_input
from graph.check.results import (
    BasisRef,
    CheckedRef,
    CheckedStatement,
    CheckResult,
    CheckSummary,
    ProvisionUse,
    SectionInfo,
)
from graph.citations import find_citations
from graph.citations.links import link_ref
from graph.errors import BadInputError, NotFoundError
from graph.importers.helsedir_legal import is_lovdata_href
from graph.language.statements import Statement, split_statements
from graph.model.iris import legal_ref, ref_to_iri
from graph.model.results import LegalLevel, legal_level
from graph.model.strength import STRENGTH_LABELS, Strength
from graph.model.vocab import BASE, HJ, RDF, RDFS
from graph.questions.lookup import resolve_legal
from graph.questions.trace import legal_chain
from graph.store import Store
from graph.validation.shacl import validate_graph

__all__ = ["CHECK_BASE", "check", "check_text"]

CHECK_BASE = BASE + "sjekk/"
"""Base of the temporary IRIs of checked statements (``…/sjekk/1``); never stored."""

_NORMATIVE = frozenset({"skal", "bor", "kan"})
_URL = re.compile(r"^https?://", re.IGNORECASE)


@dataclass(frozen=True)
class _Found:
    """A reference in a section, offsets in the section's text."""

    text: str
    start: int
    end: int
    ref: str
    lovdata: bool
    via: str


@dataclass(frozen=True)
class _Resolved:
    iri: URIRef | None
    act_short_title: str | None
    title: str | None
    level: LegalLevel | None


class _Resolver:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.cache: dict[str, _Resolved] = {}

    def __call__(self, ref: str) -> _Resolved:
        if ref not in self.cache:
            self.cache[ref] = self._resolve(ref)
        return self.cache[ref]

    def _resolve(self, ref: str) -> _Resolved:
        try:
            iri = resolve_legal(self.store, ref)
        except (NotFoundError, BadInputError):
            return _Resolved(None, None, None, None)
        chain = legal_chain(self.store, iri)
        act = chain[0] if chain else None
        provision = next((c for c in reversed(chain) if c.level == "provision"), None)
        return _Resolved(
            iri,
            (act.short_title or act.title) if act else None,
            provision.title if provision else None,
            legal_level(str(iri)),
        )


def _references(section: Section) -> list[_Found]:
    """The lovdata.no links and the resolved citations of a section; a citation inside a
    lovdata.no link gives way to the link. Other links are kept too: one given as a basis
    (a guide, a circular) must be reported."""
    found: list[_Found] = []
    link_spans: list[tuple[int, int]] = []
    for link in section.links:
        if is_lovdata_href(link.href):
            ref = link_ref(link.href.strip())
            if ref is None:
                continue
            link_spans.append((link.start, link.end))
            found.append(_Found(link.text, link.start, link.end, ref, True, "lenke"))
        elif _URL.match(link.href.strip()):
            found.append(_Found(link.text, link.start, link.end, link.href.strip(), False, "lenke"))
    for citation in find_citations(section.text):
        if any(s <= citation.start and citation.end <= e for s, e in link_spans):
            continue
        via = "lenke" if _URL.match(citation.text) else "sitat"
        # a reference that names no provision of the act is checked too, and found unknown
        for ref in (*citation.refs, *citation.unresolved):
            found.append(_Found(citation.text, citation.start, citation.end, ref, True, via))
    found.sort(key=lambda f: (f.start, f.end))
    return found


def _cues(text: str, sentences: list[Statement], refs: list[_Found]) -> dict[int, str | None]:
    """The basis wording of each reference (by index): a cue right before it in its own
    sentence, the cue of the reference it is listed with, or a lovdata.no link."""
    cues: dict[int, str | None] = {}
    for sentence in sentences:
        previous: tuple[int, str | None] | None = None  # (end, cue) of the last reference
        for i, ref in enumerate(refs):
            if not (sentence.start <= ref.start < sentence.end):
                continue
            if previous is not None and previous[0] >= ref.start:
                cues[i] = previous[1]  # several refs of one citation
                continue
            lo = previous[0] if previous is not None else sentence.start
            cue = basis_cue(text[lo : ref.start])
            if (
                cue is None
                and previous is not None
                and previous[1]
                and continues(text[previous[0] : ref.start])
            ):
                cue = previous[1]
            if cue is None and ref.via == "lenke" and ref.lovdata:
                cue = LINK_CUE
            cues[i] = cue
            previous = (ref.end, cue)
    return cues


def _context_end(sentences: list[Statement], i: int) -> int:
    """Where the context of statement ``i`` ends: after the sentences that follow it in
    its paragraph and carry no strength of their own."""
    end = sentences[i].end
    for following in sentences[i + 1 :]:
        if following.paragraph != sentences[i].paragraph:
            break
        if following.strength_name != "uavklart":
            break
        end = following.end
    return end


def _strength(statement: Statement) -> Strength:
    return STRENGTH_LABELS[statement.strength_name]


def _basis_iri(ref: CheckedRef) -> URIRef:
    """The object of ``hj:legalBasis`` for a basis reference: the resource when the store
    knows it, else the IRI the reference names (or the link itself), which the shapes then
    reject."""
    if ref.iri is not None:
        return URIRef(ref.iri)
    try:
        return ref_to_iri(ref.ref)
    except BadInputError:
        return URIRef(ref.ref)


def _statement_graph(statements: list[CheckedStatement], sources: list[Statement]) -> Graph:
    g = Graph()
    for checked, source in zip(statements, sources, strict=True):
        node = URIRef(f"{CHECK_BASE}{checked.n}")
        g.add((node, RDF.type, HJ.SourceRecommendation))
        g.add((node, RDFS.label, Literal(checked.text, lang="nb")))
        g.add((node, HJ.strength, source.strength))
        if checked.evidence:
            g.add((node, HJ.strengthEvidence, Literal(checked.evidence, lang="nb")))
        for ref in checked.refs:
            if ref.basis:
                g.add((node, HJ.legalBasis, _basis_iri(ref)))
    return g


def _summary(
    sentences: int, by_strength: Counter[Strength], out: list[CheckedStatement]
) -> CheckSummary:
    skal = [s for s in out if s.strength == "skal"]
    uses: dict[str, tuple[BasisRef, set[int]]] = {}
    for s in out:
        for basis in s.legal_basis:
            uses.setdefault(basis.iri, (basis, set()))[1].add(s.n)
    provisions = [
        ProvisionUse(b.ref, b.iri, b.act_short_title, b.title, len(ns))
        for b, ns in sorted(uses.values(), key=lambda u: (-len(u[1]), u[0].ref))
    ]
    return CheckSummary(
        sentences=sentences,
        statements=len(out),
        by_strength={k: by_strength.get(k, 0) for k in ("skal", "bør", "kan", "uavklart")},
        skal=len(skal),
        skal_with_basis=sum(1 for s in skal if s.legal_basis),
        skal_without_basis=sum(1 for s in skal if not s.legal_basis),
        skal_not_conforming=sum(1 for s in skal if s.conforms is False),
        unresolved_refs=sum(1 for s in out for r in s.refs if not r.resolved),
        provisions=provisions,
    )


def check(store: Store, fmt: InputFormat, text: str, sections: list[Section]) -> CheckResult:
    """Check the sections of a text read by :func:`graph.check.inputs.read_input`."""
    resolve = _Resolver(store)
    out: list[CheckedStatement] = []
    sources: list[Statement] = []
    by_strength: Counter[Strength] = Counter()
    sentence_count = 0
    paragraph_base = 0
    for section in sections:
        sentences = split_statements(section.text)
        sentence_count += len(sentences)
        refs = _references(section)
        cues = _cues(section.text, sentences, refs)
        shift = section.start
        for i, sentence in enumerate(sentences):
            by_strength[_strength(sentence)] += 1
            if sentence.strength_name not in _NORMATIVE:
                continue
            context_end = _context_end(sentences, i)
            checked_refs: list[CheckedRef] = []
            for j, ref in enumerate(refs):
                if not (sentence.start <= ref.start < context_end):
                    continue
                cue = cues.get(j)
                if not ref.lovdata and cue in (None, LINK_CUE):
                    continue  # an ordinary link, not given as a basis
                resolved = resolve(ref.ref) if ref.lovdata else _Resolved(None, None, None, None)
                checked_refs.append(
                    CheckedRef(
                        text=ref.text,
                        start=ref.start + shift,
                        end=ref.end + shift,
                        ref=legal_ref(resolved.iri) if resolved.iri is not None else ref.ref,
                        resolved=resolved.iri is not None,
                        iri=None if resolved.iri is None else str(resolved.iri),
                        act_short_title=resolved.act_short_title,
                        title=resolved.title,
                        level=resolved.level,
                        where="statement" if ref.start < sentence.end else "context",
                        via="lenke" if ref.via == "lenke" else "sitat",
                        cue=cue,
                        basis=cue is not None,
                    )
                )
            basis: dict[str, BasisRef] = {}
            for r in checked_refs:
                if r.basis and r.iri is not None and r.level is not None:
                    basis.setdefault(
                        r.iri, BasisRef(r.ref, r.iri, r.act_short_title, r.title, r.level, r.cue)
                    )
            out.append(
                CheckedStatement(
                    n=len(out) + 1,
                    text=sentence.text,
                    start=sentence.start + shift,
                    end=sentence.end + shift,
                    paragraph=sentence.paragraph + paragraph_base,
                    item=sentence.item,
                    section=section.label,
                    strength=_strength(sentence),
                    evidence=sentence.evidence,
                    negated=sentence.negated,
                    refs=checked_refs,
                    legal_basis=list(basis.values()),
                )
            )
            sources.append(sentence)
        paragraph_base += max((s.paragraph for s in sentences), default=-1) + 1
    if out:
        report = validate_graph(_statement_graph(out, sources), store)
        for statement in out:
            focus = f"{CHECK_BASE}{statement.n}"
            statement.findings = [f for f in report.results if f.focus == focus]
            if statement.strength == "skal":
                statement.conforms = not statement.findings
    summary = _summary(sentence_count, by_strength, out)
    return CheckResult(
        format=fmt,
        conforms=summary.skal_not_conforming == 0,
        text=text,
        sections=[SectionInfo(s.label, s.start, s.start + len(s.text)) for s in sections],
        statements=out,
        summary=summary,
    )


def check_text(
    store: Store,
    data: bytes | str,
    fmt: InputFormat | None = None,
    name: str | None = None,
) -> CheckResult:
    """Check plain text, HTML or content-API JSON (``fmt``; guessed from ``name`` and the
    content when None) for its legal basis.

    :raises BadInputError: larger than 1 MB, not UTF-8, or JSON or HTML that cannot be
        read.
    """
    fmt, text, sections = read_input(data, fmt, name)
    return check(store, fmt, text, sections)
