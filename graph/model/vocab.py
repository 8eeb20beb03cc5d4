"""IRIs of the hjemmel vocabulary, its data namespaces and the named graphs.

Every IRI the Python code writes or reads is named here, so the ontology test can check
that each of them is declared in ``ontology/hjemmel.ttl``.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import (
    DCAT,
    DCTERMS,
    FOAF,
    OWL,
    PROV,
    RDF,
    RDFS,
    SKOS,
    VOID,
    XSD,
    ClosedNamespace,
)

__all__ = [
    "BASE",
    "CHANGE_KIND",
    "CURATED_GRAPH",
    "DCAT",
    "DCTERMS",
    "ELI",
    "ELI_GRAPH",
    "FOAF",
    "FORMATS",
    "GRAPH",
    "HJ",
    "IN_FORCE",
    "ONTOLOGY_GRAPH",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SD",
    "SH",
    "SHAPES_GRAPH",
    "SKOS",
    "STATUS",
    "STRENGTH",
    "VOCAB_TERMS",
    "VOID",
    "XSD",
    "curie",
]

BASE = "https://w3id.org/hjemmel/"
"""Base of every resource IRI; the service maps it onto its own paths."""

ELI = Namespace("http://data.europa.eu/eli/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
SH = Namespace("http://www.w3.org/ns/shacl#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")

STRENGTH = Namespace(BASE + "styrke/")
"""SKOS concepts of the strength scheme: skal, bor, kan, uavklart."""
STATUS = Namespace(BASE + "status/")
"""SKOS concepts of a product's status: horingsutkast, gjeldende, avpublisert."""
CHANGE_KIND = Namespace(BASE + "endringstype/")
"""SKOS concepts of the kind of a change: innsatt, erstattet, opphevet, omnummerert,
ny-overskrift, ulest."""
IN_FORCE = Namespace(BASE + "ikraft/")
"""SKOS concepts of an in-force rule: kongen-bestemmer, straks, dato."""
GRAPH = Namespace(BASE + "graf/")
"""Named graphs: graf/ontologi, graf/shapes, graf/kuratert, graf/lovdata/{refid},
graf/lovtidend/{refid}, graf/helsedir/{id} and graf/eli (derived, see
:mod:`graph.importers.entailment`)."""
ONTOLOGY_GRAPH = URIRef(GRAPH["ontologi"])
SHAPES_GRAPH = URIRef(GRAPH["shapes"])
CURATED_GRAPH = URIRef(GRAPH["kuratert"])
ELI_GRAPH = URIRef(GRAPH["eli"])
"""The ELI types, relations and Lovdata links the other graphs entail."""

# Classes and properties of the vocabulary, grouped as the ontology declares them.
VOCAB_TERMS: dict[str, tuple[str, ...]] = {
    "legal_classes": (
        "LegalAct",  # ⊑ eli:LegalResource
        "Act",  # lov (Grunnloven included)
        "Regulation",  # forskrift
        "LegalChapter",  # kapittel / del / avsnitt (sections nest) ⊑ eli:LegalResourceSubdivision
        "Provision",  # paragraf (or artikkel) ⊑ eli:LegalResourceSubdivision
        "Subsection",  # ledd ⊑ eli:LegalResourceSubdivision
        "Point",  # bokstav or nummer ⊑ eli:LegalResourceSubdivision
        "LetteredPoint",  # bokstav ⊑ Point
        "NumberedPoint",  # nummer ⊑ Point
        "Amendment",  # an amendment note (changesToParent)
        "AmendingAct",  # an act or regulation in Norsk Lovtidend that amends others ⊑ LegalAct
        "Change",  # one structured change an amending act makes to one target
        "ChangeKind",  # innsatt, erstattet, opphevet, omnummerert, ny-overskrift, ulest
        "InForceRule",  # kongen-bestemmer, straks, dato
        "LovdataChangeSet",  # what a re-import from Lovdata changed in one act
    ),
    "guidance_classes": (
        "NormativeProduct",
        "NationalGuideline",  # nasjonal faglig retningslinje
        "NationalGuide",  # nasjonal veileder
        "NationalAdvice",  # nasjonale faglige råd
        "PatientPathway",  # nasjonalt pasientforløp / pakkeforløp
        "Circular",  # rundskriv
        "EHealthStandard",  # nasjonal e-helsestandard
        "LegalGuide",  # veileder til lov og forskrift
        "ProductChapter",
        "Recommendation",
        "SourceRecommendation",  # a recommendation stated in a report or slides, not a product
        "Strength",  # ⊑ skos:Concept
        "ProductStatus",  # ⊑ skos:Concept
        "TargetGroup",  # målgruppe ⊑ skos:Concept
    ),
    "actor_classes": (
        "Actor",  # ⊑ prov:Agent
        "Organisation",  # ⊑ org:Organization
        "Council",  # råd, utvalg ⊑ org:Organization
        "Group",  # prosjektgruppe, referansegruppe, panel ⊑ org:Organization
    ),
    "provenance_classes": (
        "SourceDocument",  # ⊑ prov:Entity
        "Objection",  # a consultation body's objection to a recommendation or product
    ),
    "legal_properties": (
        "partOf",  # ⊑ eli:is_part_of
        "hasPart",  # ⊑ eli:has_part
        "legalBasis",  # recommendation or product → act or subdivision ⊑ eli:based_on
        "basedOnLaw",  # forskrift → lov or provision ⊑ eli:based_on
        "cites",  # any text-bearing resource → legal resource ⊑ eli:cites
        "lovdataRef",  # "lov/2011-06-24-30/§12-5"
        "legacyId",  # "LOV-2011-06-24-30"
        "shortTitle",  # ⊑ eli:title_short
        "number",  # "12-5", "g", "2" ⊑ eli:number
        "text",  # the plain text of a provision, ledd or point
        "ministry",  # ⊑ eli:responsibility_of
        "dateInForce",  # ⊑ eli:first_date_entry_in_force
        "lastChangeInForce",
        "amendment",  # provision → Amendment
        "amendingAct",  # Amendment → act ⊑ eli:amended_by (inverse direction documented)
        "amendmentInForce",  # Amendment → xsd:date
        "lovdataUrl",  # https://lovdata.no/... page
        "change",  # AmendingAct → Change
        "changeKind",  # Change → ChangeKind
        "amendedAct",  # Change → the act it changes
        "changeTarget",  # Change → the provision, ledd, punktum, chapter it changes
        "renumberedTo",  # Change → the target's new IRI after a renumbering
        "instruction",  # the amendment instruction as printed
        "newWording",  # the new text an instruction gives
        "newTitle",  # the new provision title or heading an instruction gives
        "documentPart",  # "I", "II", … of the amending act
        "instructionNumber",  # the instruction's position in its part
        "inForceRule",  # AmendingAct or Change → InForceRule
        "inForceText",  # the sentences that state the in-force rule
        "separateEntryIntoForce",  # the King may bring provisions into force at different times
        "finalClause",  # a final clause that is neither a change nor the in-force rule
        "importedAct",  # LovdataChangeSet → the act imported again
        "sourceVersionDate",  # LovdataChangeSet → date of the newer consolidated text
        "changedProvision",  # LovdataChangeSet → provision with changed title or text
        "addedProvision",  # LovdataChangeSet → provision new in the newer file
        "disappearedProvision",  # LovdataChangeSet → provision gone from the newer file
    ),
    "guidance_properties": (
        "product",  # recommendation → product
        "productChapter",  # recommendation → chapter of a product
        "chapterOf",  # product chapter → product ⊑ dcterms:isPartOf
        "strength",  # recommendation → Strength
        "strengthEvidence",  # the phrase that decided the strength
        "targetGroup",  # ⊑ dcterms:audience
        "status",  # product → ProductStatus
        "firstPublished",  # ⊑ dcterms:issued
        "lastProfessionalChange",  # ⊑ dcterms:modified
        "practicalText",
        "rationale",
        "topic",
        "helsedirId",  # Helsedirektoratet content-API id
        "helsedirUrl",
        "revisionIntervalYears",  # on a shape: its date bound is today minus this many years
    ),
    "actor_properties": (
        "publisher",  # ⊑ dcterms:publisher
        "commissionedBy",
        "consultedBody",  # høringsinstans
        "participant",  # ⊑ dcterms:contributor
        "referenceGroup",
        "projectGroup",
        "memberOf",  # ⊑ org:memberOf
        "empoweredBy",  # actor → provision that empowers it to issue products
        "shortName",
    ),
    "statistics_classes": (
        "Tally",  # one figure kept in graf/statistikk: how many, of what, by which dimensions
    ),
    "statistics_properties": (
        "tallySet",  # Tally → the set of tallies it belongs to (graf/statistikk/…)
        "tallyOf",  # Tally → the class counted
        "tallyProduct",  # Tally → product dimension
        "tallyStrength",  # Tally → strength dimension
        "tallyTargetGroup",  # Tally → target group dimension
        "tallyLacks",  # Tally → a property the counted resources lack
        "tallyHas",  # Tally → a property the counted resources have
        "tallyCount",  # Tally → xsd:integer
    ),
    "provenance_properties": (
        "quote",  # the verbatim quote on a prov:Derivation
        "sourceFile",  # file name of a SourceDocument
        "objectingActor",
        "objectsTo",
        "invokes",  # objection → legal resource it invokes
        "argument",
    ),
}


HJ = ClosedNamespace(BASE + "ontology#", [name for names in VOCAB_TERMS.values() for name in names])
"""The hjemmel vocabulary, closed: a term the ontology does not declare (``HJ.legalbasis``)
raises instead of minting an IRI; tests/test_ontology.py checks the list against
``ontology/hjemmel.ttl``."""


def term(name: str) -> str:
    """The full IRI of a vocabulary term, checked against :data:`VOCAB_TERMS`.

    >>> term("legalBasis")
    'https://w3id.org/hjemmel/ontology#legalBasis'
    """
    if not any(name in names for names in VOCAB_TERMS.values()):
        raise KeyError(f"not a hjemmel term: {name}")
    return str(HJ[name])


PREFIXES = {
    "hj": HJ,
    "eli": ELI,
    "org": ORG,
    "sh": SH,
    "prov": PROV,
    "dcterms": DCTERMS,
    "skos": SKOS,
    "rdfs": RDFS,
    "rdf": RDF,
    "owl": OWL,
    "xsd": XSD,
    "void": VOID,
    "dcat": DCAT,
    "foaf": FOAF,
    "sd": SD,
    "styrke": STRENGTH,
    "status": STATUS,
    "graf": GRAPH,
    "endringstype": CHANGE_KIND,
    "ikraft": IN_FORCE,
}
"""The prefixes every serialisation and short name uses."""


def curie(iri: str) -> str:
    """A short name for an IRI: ``hj:legalBasis``, or the IRI itself.

    >>> curie("https://w3id.org/hjemmel/ontology#legalBasis")
    'hj:legalBasis'
    """
    best = ""
    for prefix, namespace in PREFIXES.items():
        ns = str(namespace)
        if iri.startswith(ns) and len(ns) > len(best) and "/" not in iri[len(ns) :]:
            best = ns
            name = f"{prefix}:{iri[len(ns) :]}"
    return name if best else iri
