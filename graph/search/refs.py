"""A search that reads as a legal reference goes straight to what it names.

``hol § 12-5``, ``pasientjournalforskriften § 6 g``, ``LOV-2011-06-24-30-§12-5``,
``lov/2011-06-24-30/§12-5`` and lovdata.no addresses name one provision (or ledd, or point);
a bare act name (``helsepersonelloven``) is left to the full-text search, which finds the act
by its title.
"""

from __future__ import annotations

import re

from rdflib import URIRef

from graph.citations import find_citations
from graph.errors import BadInputError, NotFoundError
from graph.model.iris import legal_ref
from graph.questions.lookup import resolve_legal
from graph.store import Store

__all__ = ["reference_in"]

_REF_LIKE = re.compile(r"^(?:https?://|(?:lov|forskrift)/|(?:LOV|FOR)-\d{4}-)", re.IGNORECASE)
# ``LOV-2011-06-24-30-§12-5``: the legacy id with the provision glued on by a hyphen
_GLUED = re.compile(r"^((?:LOV|FOR)-\d{4}-\d{2}-\d{2}-\d+)[-/\s]*(§.*)$", re.IGNORECASE)
_LETTER = re.compile(r"^(.*§\d+)([a-z])$")
_LEFTOVER = re.compile(r"^[\s.,;:()«»\"']*$")


def _resolve(store: Store, ref: str) -> URIRef | None:
    try:
        return resolve_legal(store, ref)
    except (BadInputError, NotFoundError):
        return None


def _below_act(ref: str) -> bool:
    return "§" in ref or "/kapittel/" in ref or "%C2%A7" in ref.upper()


def reference_in(store: Store, query: str) -> tuple[str, URIRef] | None:
    """The Lovdata reference (refid form) the whole query spells, and the IRI it resolves to;
    None when the query is not such a reference or the store lacks it."""
    text = " ".join(query.split())
    if not text:
        return None
    if _REF_LIKE.match(text):
        m = _GLUED.match(text)
        ref = f"{m.group(1).upper()}/{m.group(2).replace(' ', '')}" if m else text
        iri = _resolve(store, ref)
        if iri is not None:
            return legal_ref(iri), iri
    cites = [c for c in find_citations(text) if c.refs]
    if len(cites) != 1:
        return None
    cite = cites[0]
    if not _LEFTOVER.match(text[: cite.start] + text[cite.end :]):
        return None
    ref = cite.refs[0]
    if not _below_act(ref):
        return None
    iri = _resolve(store, ref)
    if iri is None and (m := _LETTER.match(ref)):
        # "§ 6 g": letter g of § 6 when the act has no § 6g
        iri = _resolve(store, f"{m.group(1)}/bokstav/{m.group(2)}")
    return None if iri is None else (legal_ref(iri), iri)
