"""Legal references in Helsedirektoratet texts: links into lovdata.no and citations in the
plain text, each with the IRI of the act or subdivision it names.

Which of them count as a recommendation's legal basis is decided in
:mod:`graph.importers.helsedir`; here each reference only records where it stands and
whether the text introduces it with "jf." (the usual way a text gives its basis).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from rdflib import URIRef

from graph.citations import find_citations
from graph.citations.links import link_ref
from graph.errors import BadInputError
from graph.importers.helsedir_text import HtmlText
from graph.model.iris import ref_to_iri

__all__ = ["LegalReference", "is_lovdata_href", "legal_references", "lovdata_href_to_iri"]

_JF = re.compile(r"\bjfr?\.?\s*(?:også\s+)?$", re.IGNORECASE)


@dataclass(frozen=True)
class LegalReference:
    """A law, regulation or subdivision named in a text.

    ``via`` is ``"lenke"`` (a lovdata.no link) or ``"sitat"`` (a citation in the text);
    ``jf`` is True when the text introduces it with "jf." or "jfr.".
    """

    iri: URIRef
    label: str
    start: int
    end: int
    via: str
    jf: bool


def is_lovdata_href(href: str) -> bool:
    host = urlsplit(href.strip()).hostname or ""
    return host == "lovdata.no" or host.endswith(".lovdata.no")


def lovdata_href_to_iri(href: str) -> URIRef | None:
    """The IRI of the act or subdivision a lovdata.no link points to; None for other links
    and for lovdata.no pages that name no act (search, register).

    >>> lovdata_href_to_iri("https://lovdata.no/dokument/NL/lov/1999-07-02-62")
    rdflib.term.URIRef('https://w3id.org/hjemmel/lov/1999-07-02-62')
    >>> lovdata_href_to_iri("https://lovdata.no/lov/1999-07-02-63/%C2%A71-3")
    rdflib.term.URIRef('https://w3id.org/hjemmel/lov/1999-07-02-63/paragraf/1-3')
    >>> lovdata_href_to_iri("https://lovdata.no/dokument/SF/forskrift/2016-10-28-1250/KAPITTEL_2#§6")
    rdflib.term.URIRef('https://w3id.org/hjemmel/forskrift/2016-10-28-1250/paragraf/6')
    """
    if not is_lovdata_href(href):
        return None
    ref = link_ref(href.strip())
    if ref is None:
        return None
    try:
        return ref_to_iri(ref)
    except BadInputError:
        return None


def _jf_before(text: str, start: int) -> bool:
    return bool(_JF.search(text[max(0, start - 12) : start]))


def _contradicts_its_link(iri: URIRef, start: int, end: int, links: list[LegalReference]) -> bool:
    """A citation read from a lovdata.no link's own text that names neither the link's
    target nor a part of it: the link says where the text points, so the reading is wrong
    ("pasient- og brukerrettighetsloven § 1-3 d", linked to § 1-3, is § 1-3 bokstav d, not
    a § 1-3d that does not exist)."""
    for link in links:
        if link.start <= start and end <= link.end:
            target = str(link.iri)
            return not (str(iri) == target or str(iri).startswith(target + "/"))
    return False


def legal_references(content: HtmlText) -> tuple[list[LegalReference], list[str]]:
    """The lovdata.no links and the citations of a text, and the lovdata.no links that name
    no act (to be reported)."""
    found: list[LegalReference] = []
    unreadable: list[str] = []
    text = content.text
    for link in content.links:
        if not is_lovdata_href(link.href):
            continue
        iri = lovdata_href_to_iri(link.href)
        if iri is None:
            unreadable.append(link.href)
            continue
        found.append(
            LegalReference(
                iri, link.text, link.start, link.end, "lenke", _jf_before(text, link.start)
            )
        )
    links = [r for r in found if r.via == "lenke"]
    for citation in find_citations(text):
        if citation.ambiguous:
            continue
        for ref in citation.refs:
            try:
                iri = ref_to_iri(ref)
            except BadInputError:
                continue
            if _contradicts_its_link(iri, citation.start, citation.end, links):
                continue
            found.append(
                LegalReference(
                    iri,
                    citation.text,
                    citation.start,
                    citation.end,
                    "sitat",
                    _jf_before(text, citation.start),
                )
            )
    return found, unreadable
