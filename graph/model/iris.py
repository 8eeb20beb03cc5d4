"""Resource IRIs of the graph and their Lovdata references.

Legal resources follow Lovdata's refid, with ASCII path segments below it::

    lov/2011-06-24-30                       → {BASE}lov/2011-06-24-30
    lov/2011-06-24-30/§12-5                 → {BASE}lov/2011-06-24-30/paragraf/12-5
    lov/2011-06-24-30/§12-5/ledd/1          → {BASE}lov/2011-06-24-30/paragraf/12-5/ledd/1
    forskrift/2019-03-01-168/§6/ledd/1/bokstav/g
        → {BASE}forskrift/2019-03-01-168/paragraf/6/ledd/1/bokstav/g
    chapter data-name "kap12"               → {BASE}lov/2011-06-24-30/kapittel/12

Guidance resources: ``{BASE}produkt/{slug}``, ``{BASE}anbefaling/{slug}``,
``{BASE}produktkapittel/{slug}``, ``{BASE}aktor/{slug}``, ``{BASE}malgruppe/{slug}``,
``{BASE}kilde/{file stem}``, ``{BASE}innsigelse/{slug}``.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote, unquote

from rdflib import URIRef
from rdflib.term import Node

from graph.errors import BadInputError
from graph.model.vocab import BASE, GRAPH

__all__ = [
    "act_iri",
    "actor_iri",
    "chapter_iri",
    "id_of",
    "iri_to_ref",
    "ledd_iri",
    "legal_ref",
    "lovdata_url",
    "point_iri",
    "product_iri",
    "provision_iri",
    "recommendation_iri",
    "ref_to_iri",
    "slug",
    "source_iri",
    "target_group_iri",
]

_REFID = re.compile(r"^(lov|forskrift)/(\d{4}-\d{2}-\d{2})(?:-(\d+))?$")
_SAFE = "-._~!$&'()*+,;=:@"


def _seg(value: str) -> str:
    return quote(value, safe=_SAFE)


def slug(text: str) -> str:
    """A readable ASCII path segment: ``"Kommunens ledelse"`` → ``"kommunens-ledelse"``.

    >>> slug("Nasjonal veileder for prioriteringer – kommunale tjenester")
    'nasjonal-veileder-for-prioriteringer-kommunale-tjenester'
    >>> slug("Pårørendealliansen")
    'parorendealliansen'
    """
    table = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "ae", "Ø": "o", "Å": "a"})
    text = unicodedata.normalize("NFKD", text.translate(table))
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def act_iri(refid: str) -> URIRef:
    """``lov/2011-06-24-30`` → its IRI.

    :raises BadInputError: not a Lovdata refid.
    """
    if not _REFID.match(refid):
        raise BadInputError(f"ikke en Lovdata-refid / not a Lovdata refid: {refid!r}")
    return URIRef(BASE + refid)


def provision_iri(refid: str, number: str) -> URIRef:
    """The IRI of a provision by its act's refid and its number (``"12-5"``, ``"§12-5"``)."""
    return URIRef(f"{act_iri(refid)}/paragraf/{_seg(number.removeprefix('§').strip())}")


def ledd_iri(provision: str, n: int | str) -> URIRef:
    return URIRef(f"{provision}/ledd/{n}")


def point_iri(parent: str, label: str, kind: str = "bokstav") -> URIRef:
    """A lettered (``bokstav``) or numbered (``nummer``) point below a ledd or provision."""
    if kind not in ("bokstav", "nummer"):
        raise ValueError(kind)
    return URIRef(f"{parent}/{kind}/{_seg(label.rstrip('.').strip())}")


def chapter_iri(refid: str, data_name: str) -> URIRef:
    m = re.match(r"^kap(.+)$", data_name)
    tail = f"kapittel/{_seg(m.group(1))}" if m else f"seksjon/{_seg(data_name)}"
    return URIRef(f"{act_iri(refid)}/{tail}")


def product_iri(key: str) -> URIRef:
    return URIRef(f"{BASE}produkt/{_seg(key)}")


def recommendation_iri(key: str) -> URIRef:
    return URIRef(f"{BASE}anbefaling/{_seg(key)}")


def actor_iri(key: str) -> URIRef:
    return URIRef(f"{BASE}aktor/{_seg(key)}")


def target_group_iri(key: str) -> URIRef:
    return URIRef(f"{BASE}malgruppe/{_seg(key)}")


def source_iri(file_name: str) -> URIRef:
    return URIRef(f"{BASE}kilde/{_seg(file_name.removesuffix('.txt'))}")


def lovdata_graph(refid: str) -> URIRef:
    """The named graph that holds one imported act."""
    act_iri(refid)
    return URIRef(f"{GRAPH}lovdata/{refid}")


_REF = re.compile(
    r"^(?P<act>(?:lov|forskrift)/\d{4}-\d{2}-\d{2}(?:-\d+)?)"
    r"(?:/§\s*(?P<par>[^/]+)"
    r"(?:/ledd/(?P<ledd>\d+))?"
    r"(?:/(?P<kind>bokstav|nummer)/(?P<point>[^/]+))?)?/?$"
)


def ref_to_iri(ref: str) -> URIRef:
    """A Lovdata reference as the IRI of the resource it names.

    Accepts the refid form, the legacy form ``LOV-2011-06-24-30/§12-5``, a percent-encoded
    ``§`` and lovdata.no URLs. A point reference without its ledd (``§6/bokstav/g``) maps to
    ``…/paragraf/6/bokstav/g``; :func:`graph.questions.lookup` resolves that to the point's own IRI.

    >>> ref_to_iri("LOV-2011-06-24-30/%C2%A712-5")
    rdflib.term.URIRef('https://w3id.org/hjemmel/lov/2011-06-24-30/paragraf/12-5')

    :raises BadInputError: the text is not a Lovdata reference.
    """
    text = unquote(ref.strip())
    text = re.sub(r"^https?://(www\.)?lovdata\.no/", "", text)
    text = re.sub(r"^(dokument/(NL|SF|LTI|NLO|SFO)/|pro#document/(NL|SF)/|eli/)", "", text)
    m = re.match(r"^(LOV|FOR)-(\d{4}-\d{2}-\d{2}(?:-\d+)?)(.*)$", text, re.IGNORECASE)
    if m:
        kind = "lov" if m.group(1).upper() == "LOV" else "forskrift"
        text = f"{kind}/{m.group(2)}{m.group(3)}"
    m = re.match(r"^(lov|forskrift)/(\d{4})/(\d{2})/(\d{2})/(\d+)(?:/nor)?(.*)$", text)
    if m:
        text = f"{m.group(1)}/{m.group(2)}-{m.group(3)}-{m.group(4)}-{m.group(5)}{m.group(6)}"
    text = text.replace("/kapittel/", "/").replace("/paragraf/", "/§")
    m = _REF.match(text)
    if not m:
        raise BadInputError(f"ikke en Lovdata-referanse / not a Lovdata reference: {ref!r}")
    iri = str(act_iri(m["act"]))
    if m["par"]:
        iri = str(provision_iri(m["act"], m["par"]))
        if m["ledd"]:
            iri = str(ledd_iri(iri, m["ledd"]))
        if m["point"]:
            iri = str(point_iri(iri, m["point"], m["kind"]))
    return URIRef(iri)


def iri_to_ref(iri: str) -> str:
    """The Lovdata reference of a legal resource IRI.

    >>> iri_to_ref("https://w3id.org/hjemmel/forskrift/2019-03-01-168/paragraf/6/ledd/1/bokstav/g")
    'forskrift/2019-03-01-168/§6/ledd/1/bokstav/g'
    """
    if not iri.startswith(BASE):
        raise BadInputError(f"ikke en hjemmel-IRI / not a hjemmel IRI: {iri!r}")
    rest = unquote(iri[len(BASE) :])
    rest = rest.replace("/paragraf/", "/§")
    return rest


def lovdata_url(ref: str) -> str:
    """The lovdata.no page of an act or provision reference (ledd and points link to the
    provision).

    >>> lovdata_url("lov/2011-06-24-30/§12-5/ledd/1")
    'https://lovdata.no/lov/2011-06-24-30/§12-5'
    """
    m = re.match(r"^((?:lov|forskrift)/[^/]+)(/§[^/]+)?", ref)
    if not m:
        raise BadInputError(f"ikke en Lovdata-referanse / not a Lovdata reference: {ref!r}")
    return "https://lovdata.no/" + m.group(1) + (m.group(2) or "")


def id_of(iri: Node | str) -> str:
    """The id of a guidance resource: its IRI's last path segment.

    >>> id_of("https://w3id.org/hjemmel/anbefaling/skal-vurdere-praksis")
    'skal-vurdere-praksis'
    """
    return unquote(str(iri).rstrip("/").rsplit("/", 1)[-1])


def legal_ref(iri: Node | str) -> str:
    """The Lovdata reference of a legal resource IRI (the IRI itself when it is foreign)."""
    try:
        return iri_to_ref(str(iri))
    except BadInputError:
        return str(iri)
