"""The result of checking a text for its legal basis, as the API serves it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Literal

from pydantic import Field

from graph.check.inputs import InputFormat
from graph.model.results import LegalLevel, LovdataRef
from graph.model.strength import Strength
from graph.validation.shacl import Finding

__all__ = [
    "BasisRef",
    "CheckResult",
    "CheckSummary",
    "CheckedRef",
    "CheckedStatement",
    "ProvisionUse",
    "SectionInfo",
]

Offset = Annotated[int, Field(description="tegnposisjon i teksten / character offset in the text")]
Cue = Annotated[
    str | None,
    Field(
        description='ordlyden som gir hjemmelen: "jf.", "følger av", "i medhold av", '
        '"hjemmel i", "med grunnlag i", "i henhold til", "etter", "regulert i", "se" eller '
        '"lovdata-lenke" / the wording that gives the basis',
        examples=["jf."],
    ),
]
ActShortTitle = Annotated[
    str | None, Field(description="lovens korttittel / short title of the act")
]
ProvisionTitle = Annotated[
    str | None, Field(description="paragrafens tittel / title of the provision")
]


@dataclass(frozen=True)
class CheckedRef:
    """En lovhenvisning i eller rundt utsagnet / a legal reference in or around the
    statement."""

    text: Annotated[str, Field(description="ordene som viser til loven / the words cited")]
    start: Offset
    end: Offset
    ref: Annotated[
        str,
        Field(
            description="Lovdata-referansen som er lest, eller lenkens adresse / the Lovdata "
            "reference read, or the link's address",
            examples=["lov/2011-06-24-30/§3-1"],
        ),
    ]
    resolved: Annotated[
        bool,
        Field(
            description="finnes i grafen som lov, forskrift, paragraf, ledd eller bokstav / "
            "known to the graph"
        ),
    ]
    iri: Annotated[
        str | None, Field(description="ressursen i grafen, når den finnes / its IRI when known")
    ]
    act_short_title: ActShortTitle
    title: ProvisionTitle
    level: Annotated[
        LegalLevel | None,
        Field(description="hel lov, kapittel, paragraf, ledd eller bokstav / level"),
    ]
    where: Annotated[
        Literal["statement", "context"],
        Field(
            description="i utsagnet selv, eller i setningene rett etter / in the statement "
            "itself, or in the sentences right after it"
        ),
    ]
    via: Annotated[
        Literal["sitat", "lenke"],
        Field(description="sitert i teksten, eller en lenke / cited in the text, or a link"),
    ]
    cue: Cue
    basis: Annotated[
        bool, Field(description="teksten oppgir den som hjemmel / given as the legal basis")
    ]


@dataclass(frozen=True)
class BasisRef:
    """En hjemmel teksten oppgir, funnet i grafen / a legal basis the text gives, known
    to the graph."""

    ref: LovdataRef
    iri: Annotated[str, Field(description="ressursens IRI / the resource's IRI")]
    act_short_title: ActShortTitle
    title: ProvisionTitle
    level: Annotated[LegalLevel, Field(description="nivå / level")]
    cue: Cue


@dataclass
class CheckedStatement:
    """Ett normerende utsagn (setning eller listepunkt) og vurderingen av det / one
    normative statement (sentence or list item) and its verdict."""

    n: Annotated[int, Field(description="nummer i teksten, fra 1 / number in the text")]
    text: Annotated[str, Field(description="utsagnet / the statement")]
    start: Offset
    end: Offset
    paragraph: Annotated[int, Field(description="avsnitt eller listepunkt, fra 0 / block")]
    item: Annotated[int | None, Field(description="nummer i listen, fra 0 / index in its list")]
    section: Annotated[
        str | None, Field(description="feltet eller dokumentet det står i / where it stands")
    ]
    strength: Annotated[Strength, Field(description="skal, bør eller kan / strength")]
    evidence: Annotated[
        str | None, Field(description="ordene som avgjorde styrken / the deciding words")
    ]
    negated: Annotated[bool, Field(description="sier hva som ikke skal gjøres / negated")]
    refs: Annotated[
        list[CheckedRef],
        Field(
            description="lovhenvisningene i og etter utsagnet / "
            "the legal references in and after the statement"
        ),
    ] = field(default_factory=list)
    legal_basis: Annotated[
        list[BasisRef],
        Field(description="hjemmelen teksten oppgir, kjent i grafen / the legal basis given"),
    ] = field(default_factory=list)
    conforms: Annotated[
        bool | None,
        Field(
            description="oppfyller reglene (bare for skal, ellers null) / conforms to the "
            "shapes (skal only, else null)"
        ),
    ] = None
    findings: Annotated[
        list[Finding],
        Field(description="funnene fra reglene (SHACL) / the findings of the shapes (SHACL)"),
    ] = field(default_factory=list)


@dataclass(frozen=True)
class ProvisionUse:
    """En bestemmelse teksten bygger på / a provision the text relies on."""

    ref: LovdataRef
    iri: Annotated[str, Field(description="ressursens IRI / the resource's IRI")]
    act_short_title: ActShortTitle
    title: ProvisionTitle
    statements: Annotated[int, Field(description="antall utsagn / number of statements")]


@dataclass(frozen=True)
class CheckSummary:
    """Oppsummering / summary."""

    sentences: Annotated[int, Field(description="setninger og listepunkter / sentences")]
    statements: Annotated[int, Field(description="normerende utsagn / normative statements")]
    by_strength: Annotated[
        dict[Strength, int],
        Field(description="setninger etter styrke (uavklart: ikke normerende) / by strength"),
    ]
    skal: Annotated[int, Field(description="skal-utsagn / skal statements")]
    skal_with_basis: Annotated[
        int, Field(description="skal med hjemmel i grafen / skal with a known basis")
    ]
    skal_without_basis: Annotated[
        int, Field(description="skal uten kjent hjemmel / skal without a known basis")
    ]
    skal_not_conforming: Annotated[
        int, Field(description="skal som bryter reglene / skal that fail the shapes")
    ]
    unresolved_refs: Annotated[
        int, Field(description="henvisninger som ikke finnes i grafen / unknown references")
    ]
    provisions: Annotated[
        list[ProvisionUse],
        Field(description="bestemmelsene teksten bygger på / the provisions relied on"),
    ]


@dataclass(frozen=True)
class SectionInfo:
    """En del av teksten: et felt i et dokument / a part of the text: a document field."""

    label: Annotated[str | None, Field(description="feltet / the field")]
    start: Offset
    end: Offset


@dataclass
class CheckResult:
    """Hjemmelssjekk av en tekst / a text checked for its legal basis."""

    format: Annotated[InputFormat, Field(description="text, html eller json")]
    conforms: Annotated[
        bool, Field(description="ingen skal mangler hjemmel / no skal lacks a legal basis")
    ]
    text: Annotated[
        str, Field(description="teksten som ble sjekket; posisjonene gjelder den / the text")
    ]
    sections: Annotated[
        list[SectionInfo],
        Field(description="avsnittene teksten er delt i / the sections the text is split into"),
    ]
    statements: Annotated[
        list[CheckedStatement],
        Field(
            description="utsagnene med styrke og vurdering / "
            "the statements with strength and verdict"
        ),
    ]
    summary: Annotated[CheckSummary, Field(description="oppsummeringen / the summary")]
