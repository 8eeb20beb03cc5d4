"""Acts, regulations and their provisions, with everything that rests on a provision."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Literal

from pydantic import Field
from rdflib import URIRef

from graph.errors import NotFoundError
from graph.model.iris import id_of, legal_ref, lovdata_url
from graph.model.results import (
    ActorRef,
    Iri,
    LegalRef,
    LevelField,
    LovdataRef,
    ProductRef,
    RecommendationRef,
    legal_level,
    natural_key,
)
from graph.questions.lookup import resolve_legal, text
from graph.questions.named import run_query
from graph.store import Store

__all__ = [
    "ActDetail",
    "ActKind",
    "ActRef",
    "ChapterItem",
    "Dependents",
    "ProvisionDetail",
    "ProvisionItem",
    "ProvisionPart",
    "act",
    "act_dependents",
    "dependents",
    "provision",
]


ActKind = Literal["lov", "forskrift"]

Number = Annotated[str | None, Field(description="nummer / number", examples=["12-5"])]
Title = Annotated[str | None, Field(description="tittel / title")]
ShortTitle = Annotated[str | None, Field(description="korttittel / short title")]
LovdataUrl = Annotated[str, Field(description="siden hos Lovdata / the page at Lovdata")]


@dataclass(frozen=True)
class ActRef:
    """En lenke til en lov eller forskrift / a link to an act or regulation."""

    ref: LovdataRef
    iri: Iri
    title: Title
    short_title: ShortTitle


@dataclass(frozen=True)
class ProvisionPart:
    """Et ledd eller en bokstav under en paragraf / a ledd or point of a provision."""

    ref: LovdataRef
    iri: Iri
    level: Annotated[
        Literal["ledd", "point"],
        Field(description="ledd, eller bokstav/nummer / ledd, or point"),
    ]
    number: Number
    text: Annotated[str | None, Field(description="teksten / the text")]


@dataclass
class Dependents:
    """Det som hviler på en bestemmelse, gjennom den selv, leddene eller bokstavene / what
    rests on a provision, through the provision itself, its ledd or its points."""

    recommendations: Annotated[
        list[RecommendationRef],
        Field(
            description="anbefalinger med hjemmel i eller henvisning til den / "
            "recommendations with a legal basis in or a citation of it"
        ),
    ] = field(default_factory=list)
    products: Annotated[
        list[ProductRef], Field(description="produkter med hjemmel i den / products based on it")
    ] = field(default_factory=list)
    regulations: Annotated[
        list[LegalRef], Field(description="forskrifter gitt med hjemmel i den / regulations")
    ] = field(default_factory=list)
    actors: Annotated[
        list[ActorRef], Field(description="aktører den gir myndighet / actors it empowers")
    ] = field(default_factory=list)


@dataclass
class ProvisionDetail:
    """En paragraf, et ledd eller en bokstav med tekst og det som hviler på den / a provision,
    ledd or point with its text and its dependents."""

    ref: LovdataRef
    iri: Iri
    level: LevelField
    number: Number
    title: Title
    text: Annotated[
        str | None,
        Field(
            description="teksten, satt sammen av leddene når den mangler / the text, "
            "joined from its parts when it has none of its own"
        ),
    ]
    act: Annotated[ActRef, Field(description="loven eller forskriften / the act or regulation")]
    chapter: Annotated[str | None, Field(description="kapittelets IRI / IRI of the chapter")]
    chapter_title: Annotated[
        str | None, Field(description="kapittelets tittel / title of the chapter")
    ]
    lovdata_url: LovdataUrl
    parts: Annotated[
        list[ProvisionPart], Field(description="leddene og bokstavene / its ledd and points")
    ]
    dependents: Annotated[
        Dependents,
        Field(description="det som hviler på bestemmelsen / what rests on the provision"),
    ]


@dataclass
class ProvisionItem:
    """En paragraf i en liste / a provision as a list row."""

    ref: LovdataRef
    iri: Iri
    number: Number
    title: Title


@dataclass
class ChapterItem:
    """Et kapittel i en lov, med paragrafene / a chapter of an act, with its provisions."""

    iri: Iri
    number: Number
    title: Title
    parent: Annotated[
        str | None, Field(description="overordnet kapittel (IRI) / the enclosing chapter (IRI)")
    ]
    provisions: Annotated[
        list[ProvisionItem], Field(description="paragrafene i kapitlet / the chapter's provisions")
    ] = field(default_factory=list)


@dataclass
class ActDetail:
    """En lov eller forskrift med kapitler og paragrafer / an act or regulation with its
    chapters and provisions."""

    ref: LovdataRef
    iri: Iri
    kind: Annotated[ActKind, Field(description="lov eller forskrift / act or regulation")]
    title: Title
    short_title: ShortTitle
    based_on: Annotated[
        list[str],
        Field(
            description="hjemmelen for forskriften (Lovdata-referanser) / what the "
            "regulation is made under (Lovdata references)"
        ),
    ]
    lovdata_url: LovdataUrl
    chapters: Annotated[
        list[ChapterItem],
        Field(description="kapitlene med paragrafene / the chapters with their provisions"),
    ]
    provisions: Annotated[
        list[ProvisionItem],
        Field(description="alle paragrafene, i rekkefølge / every provision, in order"),
    ]


def dependents(store: Store, iri: URIRef) -> Dependents:
    """Recommendations and products with a legal basis in, or a citation of, the resource or
    anything below it; regulations made under it; actors it empowers."""
    out = Dependents()
    seen: set[tuple[str, str]] = set()
    for row in run_query(store, "dependents", provision=iri):
        kind, dep = str(row["kind"]), str(row["dependent"])
        if (kind, dep) in seen:
            continue
        seen.add((kind, dep))
        if kind == "recommendation":
            out.recommendations.append(
                RecommendationRef.of(
                    dep,
                    row.get("title"),
                    row.get("strength"),
                    row.get("product"),
                    row.get("productTitle"),
                )
            )
        elif kind == "product":
            out.products.append(ProductRef(id_of(dep), dep, text(row, "title")))
        elif kind == "regulation":
            out.regulations.append(LegalRef.of(dep, row.get("title"), None))
        elif kind == "actor":
            out.actors.append(ActorRef(id_of(dep), dep, text(row, "title")))
    return out


def act_dependents(store: Store, act: URIRef) -> Dependents:
    """The guidance (recommendations, also in source documents, and products) with a legal
    basis in or a citation of the act or anything in it, and the regulations based on it;
    not the provisions of other acts that cite it, nor actors."""
    out = Dependents()
    for row in run_query(store, "act-guidance", act=act):
        kind, dep = str(row["kind"]), str(row["dependent"])
        if kind == "recommendation":
            out.recommendations.append(
                RecommendationRef.of(
                    dep,
                    row.get("title"),
                    row.get("strength"),
                    row.get("product"),
                    row.get("productTitle"),
                )
            )
        elif kind == "product":
            out.products.append(ProductRef(id_of(dep), dep, text(row, "title")))
        elif kind == "regulation":
            out.regulations.append(LegalRef.of(dep, row.get("title"), None))
    return out


def provision(store: Store, ref: str) -> ProvisionDetail:
    """A provision, ledd or point by Lovdata reference, with its text and its dependents.

    :raises BadInputError: not a Lovdata reference.
    :raises NotFoundError: the store does not hold it, or it is a whole act.
    """
    iri = resolve_legal(store, ref)
    rows = run_query(store, "provision", provision=iri)
    if not rows:
        raise NotFoundError(
            f"ikke en bestemmelse / not a provision: {ref} (se /api/acts for lover / see /api/acts)"
        )
    row = rows[0]
    parts = [
        ProvisionPart(
            legal_ref(p["part"]),
            str(p["part"]),
            "point" if "/bokstav/" in str(p["part"]) or "/nummer/" in str(p["part"]) else "ledd",
            text(p, "number"),
            text(p, "text"),
        )
        for p in run_query(store, "provision-parts", provision=iri)
    ]
    parts.sort(key=lambda p: natural_key(p.iri))
    own_text = text(row, "text")
    if own_text is None and parts:
        own_text = "\n".join(
            (f"{p.number}) " if p.level == "point" and p.number else "") + (p.text or "")
            for p in parts
            if p.text
        )
    ref_text = text(row, "lovdataRef") or legal_ref(iri)
    act_ref = ActRef(
        text(row, "actRef") or legal_ref(row["act"]),
        str(row["act"]),
        text(row, "actTitle"),
        text(row, "actShortTitle"),
    )
    return ProvisionDetail(
        ref=ref_text,
        iri=str(iri),
        level=legal_level(str(iri)),
        number=text(row, "number"),
        title=text(row, "title"),
        text=own_text or None,
        act=act_ref,
        chapter=text(row, "chapter"),
        chapter_title=text(row, "chapterTitle"),
        lovdata_url=lovdata_url(legal_ref(iri)),
        parts=parts,
        dependents=dependents(store, iri),
    )


def act(store: Store, ref: str) -> ActDetail:
    """An act or regulation by Lovdata reference, with its chapters and provisions.

    :raises BadInputError: not a Lovdata reference.
    :raises NotFoundError: the store does not hold that act.
    """
    iri = resolve_legal(store, ref)
    rows = run_query(store, "act", act=iri)
    if not rows:
        raise NotFoundError(f"ikke en lov eller forskrift / not an act or regulation: {ref}")
    head = rows[0]
    chapters = {
        str(r["chapter"]): ChapterItem(
            str(r["chapter"]), text(r, "number"), text(r, "title"), text(r, "parent")
        )
        for r in run_query(store, "act-chapters", act=iri)
    }
    provisions: dict[str, ProvisionItem] = {}
    based_on: list[str] = []
    for r in rows:
        if "basedOnLaw" in r and legal_ref(r["basedOnLaw"]) not in based_on:
            based_on.append(legal_ref(r["basedOnLaw"]))
        if "provision" not in r or str(r["provision"]) in provisions:
            continue
        item = ProvisionItem(
            legal_ref(r["provision"]),
            str(r["provision"]),
            text(r, "number"),
            text(r, "provisionTitle"),
        )
        provisions[item.iri] = item
        if "chapter" in r and str(r["chapter"]) in chapters:
            chapters[str(r["chapter"])].provisions.append(item)
    ordered = sorted(provisions.values(), key=lambda p: natural_key(p.number or p.iri))
    for chapter in chapters.values():
        chapter.provisions.sort(key=lambda p: natural_key(p.number or p.iri))
    chapter_list = sorted(
        chapters.values(),
        key=lambda c: natural_key(c.provisions[0].number if c.provisions else c.number),
    )
    ref_text = text(head, "lovdataRef") or legal_ref(iri)
    return ActDetail(
        ref=ref_text,
        iri=str(iri),
        kind="forskrift" if str(head.get("actType", "")).endswith("Regulation") else "lov",
        title=text(head, "title"),
        short_title=text(head, "shortTitle"),
        based_on=based_on,
        lovdata_url=lovdata_url(legal_ref(iri)),
        chapters=chapter_list,
        provisions=ordered,
    )
