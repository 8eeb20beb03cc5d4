"""The strength concepts (skal, bør, kan, uavklart): their words and IRIs."""

from __future__ import annotations

from typing import Literal
from urllib.parse import unquote

from rdflib import URIRef
from rdflib.term import Node

from graph.errors import BadInputError
from graph.model.vocab import STRENGTH

__all__ = ["STRENGTH_LABELS", "Strength", "strength_iri", "strength_label"]

Strength = Literal["skal", "bør", "kan", "uavklart"]
"""The word of a strength as the documents use it."""

STRENGTH_LABELS: dict[str, Strength] = {
    "skal": "skal",
    "bor": "bør",
    "kan": "kan",
    "uavklart": "uavklart",
}
"""Strength concept code (the IRI's last segment) → the word the documents use."""

_STRENGTH_WORDS = {"skal": "skal", "bor": "bor", "bør": "bor", "kan": "kan", "uavklart": "uavklart"}


def strength_iri(word: str) -> URIRef:
    """``skal``, ``bør`` (or ``bor``), ``kan``, ``uavklart`` or the concept's IRI → the IRI.

    >>> strength_iri("bør")
    rdflib.term.URIRef('https://w3id.org/hjemmel/styrke/bor')

    :raises BadInputError: not a strength.
    """
    key = word.strip().lower()
    if key.startswith(str(STRENGTH)):
        key = key[len(str(STRENGTH)) :]
    code = _STRENGTH_WORDS.get(unquote(key))
    if code is None:
        raise BadInputError(
            f"ukjent styrke / unknown strength {word!r}; bruk / use skal, bør, kan eller uavklart"
        )
    return URIRef(STRENGTH[code])


def strength_label(iri: Node | str | None) -> Strength | None:
    """The word of a strength concept: ``…/styrke/bor`` → ``bør``; None for no strength or
    an IRI that is not one of the four concepts."""
    if iri is None:
        return None
    return STRENGTH_LABELS.get(str(iri).rsplit("/", 1)[-1])
