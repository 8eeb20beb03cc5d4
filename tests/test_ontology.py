"""The ontology and its concept schemes: every term the code names is declared, labelled
and defined in Norwegian and English; every hj: term the data uses exists; the ELI
alignment names only ELI terms that exist; the strength definitions quote their source."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS

from graph.model.resources import data_dir, ontology_dir, parse_rdf_file, read_ontology, shapes_dir
from graph.model.vocab import ELI, HJ, STATUS, STRENGTH, VOCAB_TERMS

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT.parent / "shared" / "sources"
PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return read_ontology()


def _declared(g: Graph) -> set[URIRef]:
    kinds = (OWL.Class, *PROPERTY_TYPES)
    return {s for k in kinds for s in g.subjects(RDF.type, k) if isinstance(s, URIRef)}


def _hj_terms(g: Graph) -> set[URIRef]:
    return {t for triple in g for t in triple if isinstance(t, URIRef) and t.startswith(str(HJ))}


@pytest.mark.parametrize("path", sorted(ontology_dir().glob("*.ttl")), ids=lambda p: p.name)
def test_each_ontology_file_parses(path: Path) -> None:
    assert len(parse_rdf_file(path)) > 0


def test_the_ontology_has_a_bilingual_title(ontology: Graph) -> None:
    (onto,) = list(ontology.subjects(RDF.type, OWL.Ontology))
    titles = {t.language for t in ontology.objects(onto, URIRef("http://purl.org/dc/terms/title"))}
    assert titles >= {"nb", "en"}
    assert ontology.value(onto, OWL.versionInfo) is not None


@pytest.mark.parametrize(
    ("group", "name"),
    [(group, name) for group, names in VOCAB_TERMS.items() for name in names],
)
def test_every_vocabulary_term_is_declared(ontology: Graph, group: str, name: str) -> None:
    kinds = set(ontology.objects(HJ[name], RDF.type))
    if group.endswith("_classes"):
        assert OWL.Class in kinds, f"hj:{name} is not an owl:Class"
    else:
        assert kinds & set(PROPERTY_TYPES), f"hj:{name} is not declared as a property"


def test_the_ontology_declares_nothing_the_code_does_not_name(ontology: Graph) -> None:
    names = {str(HJ[n]) for names in VOCAB_TERMS.values() for n in names}
    extra = sorted(str(t) for t in _declared(ontology) if str(t) not in names)
    assert not extra, f"declared but missing from graph/vocab.py VOCAB_TERMS: {extra}"


def _langs(g: Graph, s: URIRef, p: URIRef) -> set[str | None]:
    return {o.language for o in g.objects(s, p) if isinstance(o, Literal)}


def test_every_term_and_concept_is_labelled_and_defined_in_nb_and_en(ontology: Graph) -> None:
    problems = []
    for term in sorted(_declared(ontology)):
        if not {"nb", "en"} <= _langs(ontology, term, RDFS.label):
            problems.append(f"{term}: rdfs:label nb+en")
        if not {"nb", "en"} <= _langs(ontology, term, SKOS.definition):
            problems.append(f"{term}: skos:definition nb+en")
    concepts = set(ontology.subjects(RDF.type, SKOS.Concept))
    concepts |= set(ontology.subjects(RDF.type, SKOS.ConceptScheme))
    assert concepts
    for concept in sorted(concepts):
        if not {"nb", "en"} <= _langs(ontology, concept, SKOS.prefLabel):
            problems.append(f"{concept}: skos:prefLabel nb+en")
        if not {"nb", "en"} <= _langs(ontology, concept, SKOS.definition):
            problems.append(f"{concept}: skos:definition nb+en")
    assert not problems, problems


def _data_files() -> list[Path]:
    files = sorted(shapes_dir().glob("*.ttl")) + sorted(ontology_dir().glob("*.ttl"))
    curated = data_dir() / "curated.ttl"
    if curated.exists():
        files.append(curated)
    files += sorted((Path(__file__).parent / "shapes").glob("**/*.ttl"))
    return files


@pytest.mark.parametrize("path", _data_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_hj_term_used_is_declared(ontology: Graph, path: Path) -> None:
    declared = _declared(ontology)
    unknown = sorted(str(t) for t in _hj_terms(parse_rdf_file(path)) if t not in declared)
    assert not unknown, f"{path.name} uses undeclared terms: {unknown}"


@pytest.fixture(scope="module")
def eli(shared_data: Path) -> Graph:
    return parse_rdf_file(shared_data / "eli" / "eli-ontology-1.5.ttl")


def test_eli_terms_used_exist_in_eli(ontology: Graph, eli: Graph) -> None:
    used = {t for triple in ontology for t in triple if isinstance(t, URIRef)}
    used = {t for t in used if t.startswith(str(ELI)) and t != URIRef(str(ELI))}
    assert ELI.LegalResource in used and ELI.based_on in used
    missing = sorted(str(t) for t in used if not set(eli.objects(t, RDF.type)))
    assert not missing, f"not in the ELI ontology 1.5: {missing}"


def test_eli_alignment_keeps_the_kind_of_each_property(ontology: Graph, eli: Graph) -> None:
    for prop, parent in ontology.subject_objects(RDFS.subPropertyOf):
        if not parent.startswith(str(ELI)):
            continue
        ours = set(ontology.objects(prop, RDF.type)) & {OWL.ObjectProperty, OWL.DatatypeProperty}
        theirs = set(eli.objects(parent, RDF.type)) & {OWL.ObjectProperty, OWL.DatatypeProperty}
        assert ours == theirs, f"{prop} ⊑ {parent}: {ours} vs {theirs}"


def test_the_legal_classes_align_with_eli(ontology: Graph) -> None:
    def supers(cls: URIRef) -> set[URIRef]:
        return set(ontology.transitive_objects(cls, RDFS.subClassOf))

    assert ELI.LegalResource in supers(HJ.Act)
    assert ELI.LegalResource in supers(HJ.Regulation)
    for cls in (HJ.LegalChapter, HJ.Provision, HJ.Subsection, HJ.LetteredPoint):
        assert ELI.LegalResourceSubdivision in supers(cls)
    assert ontology.value(HJ.hasPart, OWL.inverseOf) == HJ.partOf


@pytest.mark.parametrize(
    ("scheme", "cls", "names"),
    [
        (STRENGTH, HJ.Strength, ("skal", "bor", "kan", "uavklart")),
        (STATUS, HJ.ProductStatus, ("horingsutkast", "gjeldende", "avpublisert")),
    ],
)
def test_concept_schemes(ontology: Graph, scheme: object, cls: URIRef, names: tuple) -> None:
    scheme_iri = URIRef(str(scheme).rstrip("/"))
    members = set(ontology.subjects(SKOS.inScheme, scheme_iri))
    assert members == {URIRef(f"{scheme}{n}") for n in names}
    for name in names:
        concept = URIRef(f"{scheme}{name}")
        assert (concept, RDF.type, cls) in ontology
        assert str(ontology.value(concept, SKOS.notation)) == name


def test_strength_labels(ontology: Graph) -> None:
    def labels(concept: URIRef, p: URIRef) -> set[tuple[str, str | None]]:
        return {(str(o), o.language) for o in ontology.objects(concept, p)}

    assert labels(STRENGTH.bor, SKOS.prefLabel) == {("bør", "nb"), ("should", "en")}
    assert ("anbefaler", "nb") in labels(STRENGTH.bor, SKOS.altLabel)
    assert ("foreslår", "nb") in labels(STRENGTH.kan, SKOS.altLabel)
    assert labels(STRENGTH.skal, SKOS.prefLabel) == {("skal", "nb"), ("shall", "en")}


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("«", '"').replace("»", '"')).strip()


def test_every_quote_is_verbatim_in_its_source(ontology: Graph) -> None:
    derivations = list(ontology.subjects(RDF.type, PROV.Derivation))
    assert derivations
    for derivation in derivations:
        source = ontology.value(derivation, PROV.entity)
        file_name = ontology.value(source, HJ.sourceFile)
        assert file_name is not None, f"{source} has no hj:sourceFile"
        text = _normalise((SOURCES / str(file_name)).read_text(encoding="utf-8"))
        quote = ontology.value(derivation, HJ.quote)
        assert quote is not None and _normalise(str(quote)) in text, (file_name, quote)


def test_fhir_alignment_names_codes_of_the_code_system(ontology: Graph, shared_data: Path) -> None:
    system = json.loads(
        (shared_data / "fhir" / "fhir-r4-codesystem-recommendation-strength.json").read_text(
            encoding="utf-8-sig"
        )
    )
    codes = {f"{system['url']}#{c['code']}" for c in system["concept"]}
    matches = {str(o) for o in ontology.objects(None, SKOS.closeMatch)}
    assert matches and matches <= codes
    assert ontology.value(STRENGTH.bor, SKOS.closeMatch) == URIRef(system["url"] + "#strong")
