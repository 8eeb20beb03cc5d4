"""Response and request bodies of the REST API under ``/api``.

The models read the domain objects of ``graph/`` by attribute (``from_attributes``)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "ActDetail",
    "CitationsOut",
    "CitationsRequest",
    "Handlingsrom",
    "Overlap",
    "ProductDetail",
    "ProductSummary",
    "ProvisionDetail",
    "RecommendationDetail",
    "RecommendationPage",
    "Stats",
    "ValidationOut",
]


class _Model(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class ProductRef(_Model):
    id: str
    iri: str
    title: str | None = None


class TargetRef(_Model):
    id: str
    iri: str
    label: str | None = None


class ActorRef(_Model):
    id: str
    iri: str
    name: str | None = None


class LegalSummary(_Model):
    ref: str = Field(description="Lovdata-referanse / Lovdata reference")
    iri: str
    title: str | None = Field(None, description="paragrafens tittel / title of the provision")
    act_short_title: str | None = None
    level: str = Field(description="act, chapter, provision, ledd or point")


class RecommendationRef(_Model):
    id: str
    iri: str
    title: str | None = None
    strength: str | None = Field(None, description="skal, bør, kan or uavklart")
    product: ProductRef | None = None


class RecommendationItem(RecommendationRef):
    target_groups: list[TargetRef] = []
    legal_basis: list[LegalSummary] = []
    cites: list[LegalSummary] = []


class RecommendationPage(_Model):
    total: int = Field(description="antall treff i alt / number of matches in all")
    items: list[RecommendationItem]


class ChainLink(_Model):
    iri: str
    ref: str
    level: str
    number: str | None = None
    title: str | None = None
    short_title: str | None = None


class BasisTrace(_Model):
    relation: str = Field(description="legalBasis, productLegalBasis or empowerment")
    iri: str
    ref: str
    chain: list[ChainLink] = Field(description="fra loven og ned / from the act down")
    act_based_on: list[str] = []
    publisher: ActorRef | None = None


class Trace(_Model):
    legal_basis: list[BasisTrace]
    product_legal_basis: list[BasisTrace]
    empowerment: list[BasisTrace] = Field(
        description="bestemmelsen som gir utgiveren myndighet / what empowers the publisher"
    )


class Provenance(_Model):
    source: str | None = None
    source_file: str | None = None
    quote: str | None = None


class RecommendationDetail(RecommendationItem):
    chapter: str | None = None
    chapter_title: str | None = None
    practical_text: str | None = None
    rationale: str | None = None
    topic: str | None = None
    provenance: list[Provenance] = []
    trace: Trace | None = None


class ActRef(_Model):
    ref: str
    iri: str
    title: str | None = None
    short_title: str | None = None


class ProvisionPart(_Model):
    ref: str
    iri: str
    level: str
    number: str | None = None
    text: str | None = None


class Dependents(_Model):
    recommendations: list[RecommendationRef] = []
    products: list[ProductRef] = []
    regulations: list[LegalSummary] = []
    actors: list[ActorRef] = []


class ProvisionDetail(_Model):
    ref: str
    iri: str
    level: str
    number: str | None = None
    title: str | None = None
    text: str | None = None
    act: ActRef
    chapter: str | None = None
    chapter_title: str | None = None
    lovdata_url: str
    parts: list[ProvisionPart] = []
    dependents: Dependents


class ProvisionItem(_Model):
    ref: str
    iri: str
    number: str | None = None
    title: str | None = None


class ChapterItem(_Model):
    iri: str
    number: str | None = None
    title: str | None = None
    parent: str | None = None
    provisions: list[ProvisionItem] = []


class ActDetail(_Model):
    ref: str
    iri: str
    kind: str = Field(description="lov or forskrift")
    title: str | None = None
    short_title: str | None = None
    based_on: list[str] = []
    lovdata_url: str
    chapters: list[ChapterItem] = []
    provisions: list[ProvisionItem] = []


class TargetCount(_Model):
    id: str
    iri: str
    label: str | None = None
    count: int


class ProductSummary(_Model):
    id: str
    iri: str
    title: str | None = None
    type: str | None = None
    status: str | None = None
    publisher: ActorRef | None = None
    first_published: str | None = None
    last_professional_change: str | None = None
    recommendations: int
    by_strength: dict[str, int] = {}
    by_target: list[TargetCount] = []


class ActorRole(_Model):
    role: str
    actor: ActorRef
    empowered_by: list[str] = Field(
        [], description="bestemmelser som gir aktøren myndighet / provisions empowering the actor"
    )


class ProductChapter(_Model):
    id: str
    iri: str
    title: str | None = None


class ProductDetail(ProductSummary):
    helsedir_url: str | None = None
    legal_basis: list[str] = []
    chapters: list[ProductChapter] = []
    actors: list[ActorRole] = []


class OverlapReason(_Model):
    reason: str = Field(description="provision or target-topic")
    shared: str
    shared_label: str | None = None
    topic: str | None = None


class Overlap(_Model):
    a: RecommendationRef
    b: RecommendationRef
    conflict: bool = Field(description="ulik styrke / different strengths")
    reasons: list[OverlapReason]


class BindingGroup(_Model):
    provision: LegalSummary
    recommendations: list[RecommendationRef]


class Handlingsrom(_Model):
    target: TargetRef
    binding: list[BindingGroup]
    advice: list[RecommendationRef]
    lacking_legal_basis: list[RecommendationRef]
    unclear: list[RecommendationRef]
    counts: dict[str, int]


class Stats(_Model):
    acts: int
    regulations: int
    provisions: int
    products: int
    recommendations: int
    by_strength: dict[str, int]
    skal_without_legal_basis: int
    objections: int


class Message(_Model):
    nb: str
    en: str


class ValidationResult(_Model):
    focus: str
    severity: str
    shape: str
    path: str | None = None
    value: str | None = None
    message: Message


class ValidationOut(_Model):
    conforms: bool
    counts: dict[str, int] = {}
    results: list[ValidationResult]


class CitationsRequest(_Model):
    text: str = Field(
        max_length=200_000,
        json_schema_extra={
            "examples": [
                "Helsedirektoratet har myndighet etter helse- og omsorgstjenesteloven § 12-5."
            ]
        },
    )


class CitationOut(_Model):
    text: str
    start: int
    end: int
    refs: list[str]
    ambiguous: list[str] = []


class CitationsOut(_Model):
    citations: list[CitationOut]
