"""The answer of ``/api/search``."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

__all__ = ["SearchGroup", "SearchItem", "SearchPage", "SearchReference"]

Kind = Literal["recommendation", "product", "provision", "act", "actor", "target"]


class SearchItem(BaseModel):
    id: str = Field(description="id eller Lovdata-referanse / id or Lovdata reference")
    iri: str
    title: str
    title_html: str = Field(
        description="tittelen, HTML-escapet, treff i <mark> / the title, HTML-escaped, "
        "matches in <mark>"
    )
    snippet: str = Field(
        description="utdrag av teksten, HTML-escapet, treff i <mark> / an excerpt of the "
        "text, HTML-escaped, matches in <mark>"
    )
    score: float


class SearchGroup(BaseModel):
    kind: Kind
    label: str = Field(description="typens navn på bokmål / the kind's name in Bokmål")
    total: int = Field(description="alle treff av denne typen / all hits of this kind")
    items: list[SearchItem]


class SearchReference(BaseModel):
    ref: str = Field(description="Lovdata-referansen søket er / the query as a Lovdata reference")
    iri: str
    title: str


class SearchPage(BaseModel):
    query: str
    reference: SearchReference | None = Field(
        default=None,
        description="bestemmelsen når søket er en lovhenvisning / the provision when the query "
        "is a legal reference",
    )
    matched_all_words: bool = Field(
        description="treffene har alle ordene; ellers minst ett / the hits have every word; "
        "else at least one"
    )
    groups: list[SearchGroup]
