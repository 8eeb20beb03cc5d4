"""The answer of ``/api/search``."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

__all__ = ["SearchGroup", "SearchItem", "SearchPage", "SearchReference"]

Kind = Literal["recommendation", "product", "provision", "act", "actor", "target"]


class SearchItem(BaseModel):
    """Ett treff / one hit."""

    id: str = Field(description="id eller Lovdata-referanse / id or Lovdata reference")
    iri: str = Field(description="treffets IRI / the hit's IRI")
    title: str = Field(description="tittel eller navn / title or name")
    title_html: str = Field(
        description="tittelen, HTML-escapet, treff i <mark> / the title, HTML-escaped, "
        "matches in <mark>"
    )
    snippet: str = Field(
        description="utdrag av teksten, HTML-escapet, treff i <mark> / an excerpt of the "
        "text, HTML-escaped, matches in <mark>"
    )
    score: float = Field(description="relevans, høyest først / relevance, highest first")


class SearchGroup(BaseModel):
    """Treffene av én type / the hits of one kind."""

    kind: Kind = Field(description="typen / the kind")
    label: str = Field(description="typens navn på bokmål / the kind's name in Bokmål")
    total: int = Field(description="alle treff av denne typen / all hits of this kind")
    items: list[SearchItem] = Field(description="de beste treffene / the best hits")


class SearchReference(BaseModel):
    """Bestemmelsen et søk som er en lovhenvisning gir / the provision a legal reference names."""

    ref: str = Field(description="Lovdata-referansen søket er / the query as a Lovdata reference")
    iri: str = Field(description="bestemmelsens IRI / the provision's IRI")
    title: str = Field(description="bestemmelsens tittel / the provision's title")


class SearchPage(BaseModel):
    """Svaret på et søk / the answer to a search."""

    query: str = Field(description="søketeksten / the query")
    reference: SearchReference | None = Field(
        default=None,
        description="bestemmelsen når søket er en lovhenvisning / the provision when the query "
        "is a legal reference",
    )
    matched_all_words: bool = Field(
        description="treffene har alle ordene; ellers minst ett / the hits have every word; "
        "else at least one"
    )
    groups: list[SearchGroup] = Field(description="treffene gruppert etter type / the hits by kind")
