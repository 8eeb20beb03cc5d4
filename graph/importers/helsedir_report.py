"""What an import of Helsedirektoratet documents found: counts by type and strength, and
the skal-recommendations that lack a legal basis (reported, never dropped)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from graph.importers.helsedir_document import ConvertedDocument

__all__ = ["HelsedirImportReport", "MissingLegalBasis", "build_report"]


@dataclass(frozen=True)
class MissingLegalBasis:
    """A skal-recommendation whose texts give no legal basis."""

    iri: str
    title: str
    source: str
    evidence: str | None


@dataclass
class HelsedirImportReport:
    """The result of reading (and possibly storing) content-API documents."""

    documents: int = 0
    graphs: dict[str, int] = field(default_factory=dict)
    by_type: dict[str, int] = field(default_factory=dict)
    linked_by_type: dict[str, int] = field(default_factory=dict)
    by_strength: dict[str, int] = field(default_factory=dict)
    skal_without_legal_basis: list[MissingLegalBasis] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    stored: bool = False

    @property
    def valid(self) -> bool:
        """True when no skal-recommendation lacks a legal basis and nothing was unknown."""
        return not self.skal_without_legal_basis and not self.warnings

    @property
    def triples(self) -> int:
        return sum(self.graphs.values())

    def to_dict(self) -> dict[str, object]:
        return {
            "valid": self.valid,
            "stored": self.stored,
            "documents": self.documents,
            "triples": self.triples,
            "graphs": dict(self.graphs),
            "by_type": dict(self.by_type),
            "linked_by_type": dict(self.linked_by_type),
            "by_strength": dict(self.by_strength),
            "skal_without_legal_basis": [
                {"iri": m.iri, "title": m.title, "source": m.source, "evidence": m.evidence}
                for m in self.skal_without_legal_basis
            ],
            "warnings": list(self.warnings),
        }

    def lines(self) -> list[str]:
        """The report as the command line prints it (Norwegian, with English terms)."""
        verb = "Importerte" if self.stored else "Leste"
        out = [
            f"{verb} {self.documents} dokument(er), {self.triples} tripler "
            f"i {len(self.graphs)} navngitte grafer."
        ]
        if self.by_type:
            out.append("Ressurser etter type / resources by type: " + _counts(self.by_type))
        if self.linked_by_type:
            out.append("Lenkede ressurser / linked resources: " + _counts(self.linked_by_type))
        if self.by_strength:
            out.append(
                "Anbefalinger etter styrke / recommendations by strength: "
                + _counts(self.by_strength)
            )
        if self.skal_without_legal_basis:
            out.append(
                f"Skal-anbefalinger uten hjemmel / skal-recommendations lacking a legal "
                f"basis ({len(self.skal_without_legal_basis)}):"
            )
            for m in self.skal_without_legal_basis:
                out.append(f"  - {m.title} <{m.iri}> ({m.source}; «{m.evidence}»)")
        else:
            out.append(
                "Alle skal-anbefalinger har hjemmel / every skal-recommendation has a legal basis."
            )
        for w in self.warnings:
            out.append(f"Advarsel / warning: {w}")
        return out


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))


def build_report(documents: Iterable[ConvertedDocument]) -> HelsedirImportReport:
    docs = list(documents)
    mains = {d.iri for d in docs}
    by_type = Counter(d.kind.cls for d in docs)
    linked: dict[str, str] = {}
    for d in docs:
        for iri, cls in d.linked.items():
            if iri not in mains:
                linked[str(iri)] = cls
    by_strength = Counter(d.strength.name for d in docs if d.strength is not None)
    missing = [
        MissingLegalBasis(str(d.iri), d.title, d.source, d.strength.evidence)
        for d in docs
        if d.strength is not None and d.strength.name == "skal" and not d.has_legal_basis
    ]
    return HelsedirImportReport(
        documents=len(docs),
        graphs={str(d.graph_name): len(d.graph) for d in docs},
        by_type=dict(by_type),
        linked_by_type=dict(Counter(linked.values())),
        by_strength=dict(by_strength),
        skal_without_legal_basis=missing,
        warnings=[w for d in docs for w in d.warnings],
    )
