"""One content-API response as RDF: the product, chapter or recommendation it describes,
the resources its links name, its legal references and its provenance.

Mapping of ``tekniskeData.infoType`` (and of a link's ``type``):

* retningslinje → hj:NationalGuideline; veileder, nasjonal-veileder, prioriteringsveileder →
  hj:NationalGuide; faglig-rad → hj:NationalAdvice; pakkeforlop, pasientforlop →
  hj:PatientPathway; rundskriv → hj:Circular; veileder-lov-forskrift → hj:LegalGuide.
* kapittel → hj:ProductChapter; anbefaling, rad → hj:Recommendation.
* regelverk-lov-eller-forskrift is the directorate's presentation of rules of law inside a
  guide. When it sits under another product (a ``root`` link to something else, as in the
  real response "Bakgrunn for veilederen" under the guide "Vaksinasjon av helsepersonell")
  it is a part of that product: hj:ProductChapter. Only when it is its own root is it a
  product, and then a hj:LegalGuide, the class for the directorate's guides to acts and
  regulations.
* An unknown type is a hj:NormativeProduct when it is its own root, else a
  hj:ProductChapter, and is reported.

Structure: a chapter is hj:chapterOf the ``root`` product and dcterms:isPartOf its
``forelder`` when that is another chapter; a recommendation has hj:product (the root) and
hj:productChapter (the ``forelder`` chapter); a product below another product (a rundskriv
in a collection) is dcterms:isPartOf it. Linked resources (``forelder``, ``root``,
``barn``) are typed and titled from the link, so the chain product → chapter →
recommendation stays navigable when only one of them is imported.

hj:status (the API's status string as a concept of the status scheme; an unknown string is
kept as a literal and reported) is stated for products only, the domain of hj:status.
``kortTittel`` is dcterms:alternative when it differs from the title.

Publisher: the actors in ``eier``; a product with none (and a linked product) is published
by Helsedirektoratet, whose content API serves only the directorate's own products.

Legal references: every lovdata.no link and every citation in the title, text, practical
text and rationale is hj:cites. A recommendation's hj:legalBasis is what its rationale
(the "begrunnelse", where Helsedirektoratet states the basis of a skal-recommendation)
refers to, what the practical text of a skal-recommendation refers to, and any reference
its texts introduce with "jf.".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

from rdflib import BNode, Graph, Literal, URIRef

from graph.importers.helsedir_fields import Fields
from graph.importers.helsedir_legal import LegalReference, legal_references
from graph.importers.helsedir_text import HtmlText, parse_html
from graph.importers.strength import StrengthResult, detect_strength
from graph.model.iris import actor_iri, product_iri, recommendation_iri, slug, target_group_iri
from graph.model.vocab import BASE, DCTERMS, GRAPH, HJ, PROV, RDF, RDFS, SKOS, STATUS

__all__ = [
    "API_BASE",
    "ConvertedDocument",
    "classify",
    "convert_document",
    "document_graph",
    "product_chapter_iri",
]

API_BASE = "https://api.helsedirektoratet.no/innhold/"

PRODUCT_TYPES: dict[str, str] = {
    "retningslinje": "NationalGuideline",
    "retningslinjer": "NationalGuideline",
    "nasjonal-faglig-retningslinje": "NationalGuideline",
    "veileder": "NationalGuide",
    "veiledere": "NationalGuide",
    "nasjonal-veileder": "NationalGuide",
    "prioriteringsveileder": "NationalGuide",
    "prioriteringsveiledere": "NationalGuide",
    "faglig-rad": "NationalAdvice",
    "faglige-rad": "NationalAdvice",
    "nasjonale-faglige-rad": "NationalAdvice",
    "pakkeforlop": "PatientPathway",
    "pasientforlop": "PatientPathway",
    "rundskriv": "Circular",
    "veileder-lov-forskrift": "LegalGuide",
}
CHAPTER_TYPES = frozenset({"kapittel", "kapitler"})
RECOMMENDATION_TYPES = frozenset({"anbefaling", "anbefalinger", "rad"})
LEGAL_TEXT_TYPE = "regelverk-lov-eller-forskrift"
STATUSES = {
    "gjeldende": STATUS.gjeldende,
    "horingsutkast": STATUS.horingsutkast,
    "avpublisert": STATUS.avpublisert,
}
DIRECTORATE = "Helsedirektoratet"
"""Publisher of a product whose ``eier`` is empty: the content API publishes the
directorate's own products."""
_LABEL_KEYS = ("tittel", "navn", "term", "displayName", "label", "tekst")


@dataclass(frozen=True)
class Kind:
    """What a content item is: ``product``, ``chapter`` or ``recommendation``, its class
    and whether the type was known."""

    role: str
    cls: str
    known: bool = True


def classify(info_type: str, is_root: bool) -> Kind:
    """The role and class of an item by its infoType and whether it is its own root.

    >>> classify("rad", False)
    Kind(role='recommendation', cls='Recommendation', known=True)
    >>> classify("regelverk-lov-eller-forskrift", False).cls
    'ProductChapter'
    """
    key = slug(info_type)
    if key in PRODUCT_TYPES:
        return Kind("product", PRODUCT_TYPES[key])
    if key == LEGAL_TEXT_TYPE:
        return Kind("product", "LegalGuide") if is_root else Kind("chapter", "ProductChapter")
    if key in CHAPTER_TYPES:
        return Kind("chapter", "ProductChapter")
    if key in RECOMMENDATION_TYPES:
        return Kind("recommendation", "Recommendation")
    if is_root:
        return Kind("product", "NormativeProduct", known=False)
    return Kind("chapter", "ProductChapter", known=False)


def product_chapter_iri(key: str) -> URIRef:
    return URIRef(f"{BASE}produktkapittel/{quote(key, safe='-._~')}")


def item_iri(role: str, key: str) -> URIRef:
    if role == "product":
        return product_iri(key)
    if role == "recommendation":
        return recommendation_iri(key)
    return product_chapter_iri(key)


def document_graph(key: str) -> URIRef:
    """The named graph of one imported document: ``{BASE}graf/helsedir/{id}``."""
    return URIRef(f"{GRAPH}helsedir/{quote(key, safe='-._~')}")


def _id_of(href: str) -> str:
    return urlsplit(href).path.rstrip("/").rsplit("/", 1)[-1]


@dataclass
class ConvertedDocument:
    """One response as RDF, with what the import report needs."""

    key: str
    iri: URIRef
    kind: Kind
    title: str
    source: str
    endpoint: URIRef
    graph: Graph
    strength: StrengthResult | None = None
    linked: dict[URIRef, str] = field(default_factory=dict)  # linked IRI → class name
    warnings: list[str] = field(default_factory=list)

    @property
    def graph_name(self) -> URIRef:
        return document_graph(self.key)

    @property
    def has_legal_basis(self) -> bool:
        return (self.iri, HJ.legalBasis, None) in self.graph


@dataclass
class _Link:
    rel: str
    type: str
    title: str
    href: str
    key: str
    path: str


def _links(doc: Fields) -> list[_Link]:
    links = []
    for link in doc.objects("links"):
        href = link.text("href")
        if not href:
            continue
        links.append(
            _Link(
                link.text("rel"),
                link.text("type"),
                link.text("tittel"),
                href,
                _id_of(href),
                link.path,
            )
        )
    return links


class _Builder:
    def __init__(self, doc: Fields, source: str, endpoint: str | None) -> None:
        self.doc = doc
        self.source = source
        self.key = doc.text("id", required=True)
        self.title = doc.text("tittel", required=True)
        self.info_type = doc.obj("tekniskeData", required=True).text("infoType", required=True)
        self.links = _links(doc)
        root = next((x for x in self.links if x.rel == "root"), None)
        self.root = root if root and root.key != self.key else None
        self.parent = next(
            (x for x in self.links if x.rel == "forelder" and x.key != self.key), None
        )
        self.kind = classify(self.info_type, self.root is None)
        self.iri = item_iri(self.kind.role, self.key)
        self.endpoint = URIRef(endpoint or self._own_href() or f"{API_BASE}innhold/{self.key}")
        self.g = Graph()
        self.warnings: list[str] = []
        self.linked: dict[URIRef, str] = {}
        self.strength: StrengthResult | None = None
        self.derived: set[URIRef] = set()

    def _own_href(self) -> str | None:
        return next((x.href for x in self.links if x.key == self.key), None)

    def warn(self, message: str) -> None:
        self.warnings.append(f"{self.source}: {message}")

    # -- resources --------------------------------------------------------------------
    def derivation(self, subject: URIRef, quote_text: str) -> None:
        if subject in self.derived:
            return
        self.derived.add(subject)
        d = BNode()
        self.g.add((subject, PROV.wasDerivedFrom, self.endpoint))
        self.g.add((subject, PROV.qualifiedDerivation, d))
        self.g.add((d, RDF.type, PROV.Derivation))
        self.g.add((d, PROV.entity, self.endpoint))
        if quote_text:
            self.g.add((d, HJ.quote, Literal(quote_text, lang="nb")))

    def actor(self, name: str) -> URIRef:
        actor = actor_iri(slug(name))
        self.g.add((actor, RDF.type, HJ.Organisation))
        self.g.add((actor, RDFS.label, Literal(name, lang="nb")))
        self.derivation(actor, name)
        return actor

    def linked_item(self, link: _Link) -> tuple[URIRef, Kind]:
        kind = classify(link.type, link.rel == "root")
        if not kind.known:
            self.warn(f"ukjent lenketype / unknown link type {link.type!r} ({link.path})")
        iri = item_iri(kind.role, link.key)
        g = self.g
        g.add((iri, RDF.type, HJ[kind.cls]))
        if link.title:
            g.add((iri, DCTERMS.title, Literal(link.title, lang="nb")))
        g.add((iri, HJ.helsedirId, Literal(link.key)))
        g.add((iri, HJ.helsedirUrl, URIRef(link.href)))
        self.derivation(iri, link.title)
        if kind.role == "product":
            g.add((iri, HJ.publisher, self.actor(DIRECTORATE)))
        self.linked[iri] = kind.cls
        return iri, kind

    def structure(self) -> None:
        g, me, role = self.g, self.iri, self.kind.role
        root = self.linked_item(self.root) if self.root else None
        root_iri = root[0] if root else None
        parent = None
        if self.parent:
            same = root is not None and self.root is not None and self.parent.key == self.root.key
            parent = root if same else self.linked_item(self.parent)
        parent_is_chapter = parent is not None and parent[1].role == "chapter"
        if role == "product" and root_iri:
            g.add((me, DCTERMS.isPartOf, root_iri))
        if role == "chapter" and root_iri:
            g.add((me, HJ.chapterOf, root_iri))
        if role == "recommendation" and root_iri:
            g.add((me, HJ.product, root_iri))
        if parent and parent_is_chapter:
            g.add(
                (me, HJ.productChapter if role == "recommendation" else DCTERMS.isPartOf, parent[0])
            )
            if root_iri:
                g.add((parent[0], HJ.chapterOf, root_iri))
        product = me if role == "product" else root_iri
        for link in self.links:
            if link.rel != "barn" or link.key == self.key:
                continue
            child, kind = self.linked_item(link)
            if kind.role == "chapter":
                if role == "chapter":
                    g.add((child, DCTERMS.isPartOf, me))
                if product:
                    g.add((child, HJ.chapterOf, product))
            elif kind.role == "recommendation":
                if product:
                    g.add((child, HJ.product, product))
                if role == "chapter":
                    g.add((child, HJ.productChapter, me))
            elif kind.role == "product":
                g.add((child, DCTERMS.isPartOf, me))

    def describe(self) -> None:
        g, me, doc = self.g, self.iri, self.doc
        g.add((me, RDF.type, HJ[self.kind.cls]))
        if not self.kind.known:
            self.warn(f"ukjent infoType / unknown infoType {self.info_type!r}")
        g.add((me, DCTERMS.title, Literal(self.title, lang="nb")))
        short = doc.text("kortTittel")
        if short and short != self.title:
            g.add((me, DCTERMS.alternative, Literal(short, lang="nb")))
        g.add((me, HJ.helsedirId, Literal(self.key)))
        g.add((me, HJ.helsedirUrl, self.endpoint))
        g.add((self.endpoint, RDF.type, PROV.Entity))
        page = doc.text("url")
        if page:
            g.add((me, RDFS.seeAlso, URIRef(page)))
        for prop, key in (
            (HJ.firstPublished, "forstPublisert"),
            (HJ.lastProfessionalChange, "sistFagligOppdatert"),
        ):
            value = doc.date(key)
            if value is not None:
                g.add((me, prop, value))
        self.status()
        owners = doc.strings("eier", *_LABEL_KEYS)
        if not owners and self.kind.role == "product":
            owners = [DIRECTORATE]
        for name in owners:
            g.add((me, HJ.publisher, self.actor(name)))
        for label in doc.strings("maalgruppe", *_LABEL_KEYS):
            group = target_group_iri(slug(label))
            g.add((me, HJ.targetGroup, group))
            g.add((group, RDF.type, HJ.TargetGroup))
            g.add((group, SKOS.prefLabel, Literal(label, lang="nb")))
            self.derivation(group, label)
        for topic in doc.strings("tema", *_LABEL_KEYS):
            g.add((me, HJ.topic, Literal(topic)))
        self.derivation(me, self.title)

    def status(self) -> None:
        value = self.doc.text("status")
        if not value or self.kind.role != "product":
            return
        concept = STATUSES.get(slug(value))
        if concept is None:
            self.warn(f"ukjent status / unknown status {value!r}")
            self.g.add((self.iri, HJ.status, Literal(value)))
        else:
            self.g.add((self.iri, HJ.status, concept))

    def texts(self) -> None:
        g, me = self.g, self.iri
        data = self.doc.obj("data")
        text = parse_html(self.doc.text("tekst"))
        practical = parse_html(data.text("praktisk"))
        rationale = parse_html(data.text("rasjonale"))
        intro = parse_html(self.doc.text("intro"))
        for prop, content in (
            (HJ.text, text),
            (HJ.practicalText, practical),
            (HJ.rationale, rationale),
            (DCTERMS.abstract, intro),
        ):
            if content.text:
                g.add((me, prop, Literal(content.text, lang="nb")))
        if self.kind.role == "recommendation":
            self.strength = detect_strength(self.title, text.text)
            g.add((me, HJ.strength, self.strength.concept))
            if self.strength.evidence:
                g.add((me, HJ.strengthEvidence, Literal(self.strength.evidence, lang="nb")))
        self.legal(text, practical, rationale)

    def _refs(self, content: HtmlText, field_name: str) -> list[LegalReference]:
        refs, unreadable = legal_references(content)
        for href in unreadable:
            self.warn(
                f"lovdata-lenke uten lovreferanse / lovdata link names no act: "
                f"{href} ({field_name})"
            )
        return refs

    def legal(self, text: HtmlText, practical: HtmlText, rationale: HtmlText) -> None:
        title_refs = self._refs(HtmlText(self.title), "tittel")
        text_refs = self._refs(text, "tekst")
        practical_refs = self._refs(practical, "data.praktisk")
        rationale_refs = self._refs(rationale, "data.rasjonale")
        for ref in (*title_refs, *text_refs, *practical_refs, *rationale_refs):
            self.g.add((self.iri, HJ.cites, ref.iri))
        if self.kind.role != "recommendation":
            return
        is_skal = self.strength is not None and self.strength.name == "skal"
        basis = [*rationale_refs, *(practical_refs if is_skal else [])]
        basis += [r for r in (*title_refs, *text_refs, *practical_refs) if r.jf]
        for ref in basis:
            self.g.add((self.iri, HJ.legalBasis, ref.iri))

    def build(self) -> ConvertedDocument:
        self.describe()
        self.texts()
        self.structure()
        return ConvertedDocument(
            key=self.key,
            iri=self.iri,
            kind=self.kind,
            title=self.title,
            source=self.source,
            endpoint=self.endpoint,
            graph=self.g,
            strength=self.strength,
            linked={k: v for k, v in self.linked.items() if k != self.iri},
            warnings=self.warnings,
        )


def convert_document(value: object, source: str, endpoint: str | None = None) -> ConvertedDocument:
    """One parsed response as RDF.

    :raises ImportFailedError: a required field (``id``, ``tittel``,
        ``tekniskeData.infoType``) is missing or a field has the wrong type; ``location``
        names the field path.
    """
    return _Builder(Fields(value, source), source, endpoint).build()
