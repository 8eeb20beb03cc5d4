"""The result type of the citation parser."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from pydantic import Field

__all__ = ["Citation"]


@dataclass(frozen=True)
class Citation:
    """One reference found in a text.

    ``refs`` are Lovdata references (``lov/2011-06-24-30``, ``lov/2011-06-24-30/§12-5``,
    ``…/§12-5/ledd/1``, ``…/§6/bokstav/g``) accepted by :func:`graph.model.iris.ref_to_iri`.
    ``ambiguous`` lists the candidate acts when a name fits several and nothing in the
    context decided between them; ``refs`` is then empty.

    ``refs`` name only resources that exist in the Lovdata files, when the act is in them
    (see :mod:`graph.citations.resolve`); ``unresolved`` lists the references as read that
    name no provision, ledd or point of the act. The provisions inside a range
    (``§§ 28 til 34``) are a citation of their own, spanning the ``til`` or dash.
    """

    text: Annotated[
        str, Field(description="henvisningen slik den står i teksten / the citation as written")
    ]
    start: Annotated[
        int,
        Field(description="tegnposisjon der henvisningen begynner / character offset of its start"),
    ]
    end: Annotated[
        int,
        Field(description="tegnposisjon rett etter henvisningen / character offset just after it"),
    ]
    refs: Annotated[
        tuple[str, ...],
        Field(
            description="Lovdata-referansene henvisningen peker på / "
            "the Lovdata references it points to"
        ),
    ]
    ambiguous: Annotated[
        tuple[str, ...],
        Field(description="navn som kan bety flere lover / names that may mean more than one act"),
    ] = ()
    unresolved: Annotated[
        tuple[str, ...],
        Field(
            description="henvisninger som ikke peker på noen bestemmelse i loven / references "
            "that name no provision, ledd or point of the act"
        ),
    ] = ()
