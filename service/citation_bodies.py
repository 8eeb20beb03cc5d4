"""The request and response bodies of ``POST /api/citations``; the citations themselves are
the parser's own :class:`graph.citations.Citation`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from pydantic import BaseModel, Field

from graph.citations import Citation

__all__ = ["CitationList", "CitationsRequest"]


class CitationsRequest(BaseModel):
    """Teksten det skal finnes lovhenvisninger i / the text to find legal citations in."""

    text: Annotated[
        str,
        Field(
            max_length=200_000,
            description="teksten det skal letes i / the text to search",
            examples=[
                "Helsedirektoratet har myndighet etter helse- og omsorgstjenesteloven § 12-5."
            ],
        ),
    ]


@dataclass(frozen=True)
class CitationList:
    """Lovhenvisningene i teksten, i rekkefølge / the legal citations of the text, in order."""

    citations: Annotated[list[Citation], Field(description="henvisningene / the citations")]
