"""The curated graph (graph/data/curated.ttl) against its sources.

Every quote must be a verbatim (whitespace-normalised) passage of the source file it names;
every legal id, title and number must equal the Lovdata XML; the counts follow from a
reading of the five source documents and change only when a source is added.
"""

from __future__ import annotations

import csv
import re
import tarfile
from pathlib import Path

import pytest
from lxml import etree
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS

from graph.model import iris
from graph.model.resources import data_dir, parse_rdf_file
from graph.model.vocab import BASE, CURATED_GRAPH, HJ, STATUS, STRENGTH

ROOT = Path(__file__).resolve().parent.parent
ORG = Namespace("http://www.w3.org/ns/org#")

# Expected counts, from a reading of the five source documents.
EXPECTED = {
    HJ.Act: 8,  # hol, sphl, fhl, smvl, Grunnloven, kommuneloven, helsepersonelloven, pbrl
    HJ.Regulation: 2,  # ledelse og kvalitetsforbedring, pasientjournalforskriften
    HJ.Provision: 17,
    HJ.Subsection: 4,  # Grl. § 49 (2), lkf § 6 (1), lkf § 7 (1), pjf § 6 (1)
    HJ.LetteredPoint: 3,  # lkf § 6 c, lkf § 7 b, pjf § 6 g
    HJ.Recommendation: 3,  # in the draft advice (000, two) and the prioriteringsveileder (004)
    HJ.SourceRecommendation: 3,  # in the slides (003) and the project report (001, two)
    HJ.TargetGroup: 9,
    HJ.SourceDocument: 5,
    HJ.Objection: 1,
}
NORMATIVE_PRODUCTS = 3  # NationalGuide (004), NationalAdvice (000, draft), LegalGuide
OTHER_GUIDES = 2  # IS-1870 and KDD's guide: bibliographic resources, not normative products
ACTORS = 140  # organisations, councils, groups and collective actors; 54 of them municipalities
MUNICIPALITIES = 54

PERSONAL_NAMES = (
    "Ingvild",
    "Haugen",
    "Helene Haver",
    "Linda Krogh Lyche",
    "Knut Erlend Retvedt",
    "Sigrid Askum",
    "Torunn Risnes",
    "Hege Lorentzen",
    "Arnfinn Aarnes",
    "Anne-Grethe Terjesen",
    "Hodt-Billington",
    "Mona Svanteson",
    "Erlend Tidemann",
)

DRAFT_SKAL = iris.recommendation_iri(
    iris.slug(
        "Virksomhetsleder skal sørge for at praksis i egen virksomhet regelmessig vurderes "
        "opp mot nasjonale faglige råd og anbefalinger"
    )
)
DRAFT = iris.product_iri(iris.slug("Implementering av nasjonale faglige råd og anbefalinger"))
KS = iris.actor_iri("ks")
# What KS's response (000) itself names in its objection: kommuneloven, without a paragraph,
# and § 5 of the regulation on management and quality improvement ("forskriftens § 5").
INVOKED_BY_000 = {
    iris.ref_to_iri("lov/2018-06-22-83"),
    iris.ref_to_iri("forskrift/2016-10-28-1250/§5"),
}
# Municipal autonomy as the joint report (001) grounds it; 000 names none of these.
AUTONOMY = {
    iris.ref_to_iri("lov/1814-05-17/§49/ledd/2"),
    iris.ref_to_iri("lov/1814-05-17/§113"),
    iris.ref_to_iri("lov/2018-06-22-83/§2-1"),
    iris.ref_to_iri("lov/2018-06-22-83/§2-2"),
}


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def shared_sources() -> Path:
    path = ROOT.parent / "shared" / "sources"
    if not path.is_dir():
        pytest.fail(f"the source documents in {path} are missing")
    return path


@pytest.fixture(scope="module")
def curated() -> Graph:
    return parse_rdf_file(data_dir() / "curated.ttl")


@pytest.fixture(scope="module")
def source_texts(curated: Graph, shared_sources: Path) -> dict[URIRef, str]:
    texts = {}
    for doc, name in curated.subject_objects(HJ.sourceFile):
        assert doc == iris.source_iri(str(name))
        texts[doc] = _norm((shared_sources / str(name)).read_text(encoding="utf-8"))
    return texts


def _files_for(refids: set[str], shared_data: Path) -> dict[str, str]:
    """refid → XML file name, from the korttitler index (bokmål file for Grunnloven)."""
    found: dict[str, str] = {}
    for tsv in sorted((shared_data / "lovdata").glob("korttitler-*.tsv")):
        with tsv.open(encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                if row["refid"] in refids and not row["file"].endswith("-nn.xml"):
                    found[row["refid"]] = row["file"]
    return found


@pytest.fixture(scope="module")
def lovdata_docs(curated: Graph, shared_data: Path) -> dict[str, etree._ElementTree]:
    """The Lovdata XML of every act the curated graph names, read from the tarballs."""
    refids = {
        str(ref)
        for s in curated.subjects(RDF.type, None)
        if (s, RDF.type, HJ.Act) in curated or (s, RDF.type, HJ.Regulation) in curated
        for ref in curated.objects(s, HJ.lovdataRef)
    }
    files = _files_for(refids, shared_data)
    assert set(files) == refids, f"not in the Lovdata index: {refids - set(files)}"
    wanted = {f: r for r, f in files.items()}
    docs: dict[str, etree._ElementTree] = {}
    for tarball in ("gjeldende-lover.tar.bz2", "gjeldende-sentrale-forskrifter.tar.bz2"):
        with tarfile.open(shared_data / "lovdata" / tarball, "r|bz2") as tar:
            for member in tar:
                name = member.name.rsplit("/", 1)[-1]
                if name in wanted:
                    data = tar.extractfile(member).read()
                    parser = etree.HTMLParser(encoding="utf-8")
                    docs[wanted[name]] = etree.fromstring(data, parser).getroottree()
                if len(docs) == len(wanted):
                    break
    assert set(docs) == refids
    return docs


def _header(doc: etree._ElementTree, cls: str) -> str:
    return doc.xpath(f'string(//dl[@class="data-document-key-info"]/dd[@class="{cls}"])').strip()


def _article(doc: etree._ElementTree, number: str) -> etree._Element:
    found = doc.xpath(f'//article[@class="legalArticle"][@data-name="§{number}"]')
    assert len(found) == 1, number
    return found[0]


def _one(graph: Graph, s: URIRef, p: URIRef) -> Literal | URIRef:
    values = list(graph.objects(s, p))
    assert len(values) == 1, (s, p, values)
    return values[0]


def _act_ref(ref: str) -> str:
    return "/".join(ref.split("/")[:2])


def test_curated_graph_parses_and_is_nonempty(curated: Graph) -> None:
    assert len(curated) > 1000


def test_every_quote_is_verbatim_in_its_source(
    curated: Graph, source_texts: dict[URIRef, str]
) -> None:
    checked = 0
    for derivation in curated.subjects(RDF.type, PROV.Derivation):
        source = _one(curated, derivation, PROV.entity)
        assert source in source_texts, f"derivation from an unknown source {source}"
        for quote in curated.objects(derivation, HJ.quote):
            text = _norm(str(quote))
            assert len(text) <= 300, text
            assert text in source_texts[source], f"not verbatim in {source}: {text!r}"
            checked += 1
    assert checked >= 300


def test_every_hj_typed_resource_has_a_quoted_derivation(curated: Graph) -> None:
    typed = {s for s, t in curated.subject_objects(RDF.type) if str(t).startswith(str(HJ))}
    assert len(typed) == sum(EXPECTED.values()) + NORMATIVE_PRODUCTS + ACTORS
    for s in typed:
        quotes = [
            q
            for d in curated.objects(s, PROV.qualifiedDerivation)
            for q in curated.objects(d, HJ.quote)
        ]
        assert quotes, f"{s} has no quoted derivation"


def test_arguments_are_verbatim_in_the_objection_source(
    curated: Graph, source_texts: dict[URIRef, str]
) -> None:
    for objection in curated.subjects(RDF.type, HJ.Objection):
        source = _one(curated, objection, DCTERMS.source)
        arguments = list(curated.objects(objection, HJ.argument))
        assert arguments
        for argument in arguments:
            assert _norm(str(argument)) in source_texts[source]


def test_lovdata_refs_map_to_the_resource_itself(curated: Graph) -> None:
    refs = list(curated.subject_objects(HJ.lovdataRef))
    assert len(refs) == sum(EXPECTED[t] for t in EXPECTED if t in _LEGAL_TYPES)
    for s, ref in refs:
        assert iris.ref_to_iri(str(ref)) == s
        assert _one(curated, s, HJ.lovdataUrl) == URIRef(iris.lovdata_url(str(ref)))
    for s, eli in curated.subject_objects(OWL.sameAs):
        assert str(eli).startswith("https://lovdata.no/eli/")
        assert iris.ref_to_iri(str(eli)) == s


_LEGAL_TYPES = (HJ.Act, HJ.Regulation, HJ.Provision, HJ.Subsection, HJ.LetteredPoint)


def test_acts_equal_the_lovdata_header(
    curated: Graph, lovdata_docs: dict[str, etree._ElementTree]
) -> None:
    for kind in (HJ.Act, HJ.Regulation):
        for act in curated.subjects(RDF.type, kind):
            ref = str(_one(curated, act, HJ.lovdataRef))
            doc = lovdata_docs[ref]
            assert _header(doc, "refid") == ref
            assert str(_one(curated, act, HJ.legacyId)) == _header(doc, "legacyID")
            assert str(_one(curated, act, DCTERMS.title)) == _header(doc, "title")
            assert str(_one(curated, act, HJ.shortTitle)) == _header(doc, "titleShort")
            assert ref.startswith("forskrift/") == (kind == HJ.Regulation)


def test_regulations_are_based_on_what_lovdata_says(
    curated: Graph, lovdata_docs: dict[str, etree._ElementTree]
) -> None:
    regulations = list(curated.subjects(RDF.type, HJ.Regulation))
    assert regulations
    for reg in regulations:
        doc = lovdata_docs[str(_one(curated, reg, HJ.lovdataRef))]
        based_on = {
            iris.ref_to_iri(li.xpath("string(.)").strip())
            for li in doc.xpath('//dd[@class="basedOn"]//li')
        }
        assert based_on
        assert set(curated.objects(reg, HJ.basedOnLaw)) == based_on


def test_provisions_ledd_and_points_equal_the_lovdata_xml(
    curated: Graph, lovdata_docs: dict[str, etree._ElementTree], embedded_store
) -> None:
    for prov in curated.subjects(RDF.type, HJ.Provision):
        ref = str(_one(curated, prov, HJ.lovdataRef))
        number = str(_one(curated, prov, HJ.number))
        assert ref.endswith(f"/§{number}")
        # the provision's parent is the one the imported Lovdata act gives it (its chapter,
        # or the act), and walking up from there reaches the act of the reference
        parent = _one(curated, prov, HJ.partOf)
        rows = embedded_store.select(
            "PREFIX hj: <https://w3id.org/hjemmel/ontology#> "
            "SELECT ?prov ?g ?parent ?act WHERE { GRAPH ?g { ?prov hj:partOf ?parent } "
            "?parent hj:partOf* ?act . ?act a ?type . VALUES ?type { hj:Act hj:Regulation } }",
            {"prov": prov, "g": iris.lovdata_graph(_act_ref(ref))},
        )
        assert {(r["parent"], r["act"]) for r in rows} == {(parent, iris.act_iri(_act_ref(ref)))}
        article = _article(lovdata_docs[_act_ref(ref)], number)
        title = article.xpath('string(.//span[@class="legalArticleTitle"])').strip()
        titles = [str(t) for t in curated.objects(prov, DCTERMS.title)]
        assert titles == ([title] if title else [])
    for ledd in curated.subjects(RDF.type, HJ.Subsection):
        ref = str(_one(curated, ledd, HJ.lovdataRef))
        m = re.fullmatch(r"(.+)/§([^/]+)/ledd/(\d+)", ref)
        assert m and str(_one(curated, ledd, HJ.number)) == m[3]
        assert _one(curated, ledd, HJ.partOf) == iris.ref_to_iri(f"{m[1]}/§{m[2]}")
        paragraphs = _article(lovdata_docs[m[1]], m[2]).xpath('./article[@class="legalP"]')
        assert len(paragraphs) >= int(m[3])
    for point in curated.subjects(RDF.type, HJ.LetteredPoint):
        ref = str(_one(curated, point, HJ.lovdataRef))
        m = re.fullmatch(r"(.+)/§([^/]+)/ledd/(\d+)/bokstav/([a-zæøå])", ref)
        assert m and str(_one(curated, point, HJ.number)) == m[4]
        parent = iris.ref_to_iri(f"{m[1]}/§{m[2]}/ledd/{m[3]}")
        assert _one(curated, point, HJ.partOf) == parent
        assert (parent, RDF.type, HJ.Subsection) in curated
        paragraph = _article(lovdata_docs[m[1]], m[2]).xpath('./article[@class="legalP"]')[
            int(m[3]) - 1
        ]
        assert paragraph.xpath(f'./ol/li[@data-name="{m[4]}."]'), f"no bokstav {m[4]} in {ref}"


def test_no_personal_names(shared_sources: Path) -> None:
    text = (data_dir() / "curated.ttl").read_text(encoding="utf-8")
    source = (shared_sources / "004_90478518436a796a.txt").read_text(encoding="utf-8")
    for name in PERSONAL_NAMES:
        assert name in source, f"{name} is not a name from 004"
        assert name not in text, f"personal name in the curated graph: {name}"
    assert "Helge Eide" not in text and "Borgen" not in text


def test_draft_skal_recommendation_lacks_a_legal_basis_and_is_objected_to(
    curated: Graph,
) -> None:
    assert (DRAFT_SKAL, RDF.type, HJ.Recommendation) in curated
    assert _one(curated, DRAFT_SKAL, HJ.strength) == STRENGTH.skal
    assert _one(curated, DRAFT_SKAL, HJ.product) == DRAFT
    assert _one(curated, DRAFT, HJ.status) == STATUS.horingsutkast
    assert (DRAFT, RDF.type, HJ.NationalAdvice) in curated
    assert not list(curated.objects(DRAFT_SKAL, HJ.legalBasis))
    objections = list(curated.subjects(HJ.objectsTo, DRAFT_SKAL))
    assert len(objections) == 1
    objection = objections[0]
    assert str(objection).startswith(BASE + "innsigelse/")
    assert _one(curated, objection, HJ.objectingActor) == KS
    assert set(curated.objects(objection, HJ.invokes)) == INVOKED_BY_000


def _statement_sources(
    curated: Graph, subject: URIRef, predicate: URIRef, target: URIRef
) -> set[URIRef]:
    """The documents the reified statements of (subject, predicate, target) derive from."""
    statements = [
        st
        for st in curated.subjects(RDF.subject, subject)
        if (st, RDF.predicate, predicate) in curated and (st, RDF.object, target) in curated
    ]
    return {
        URIRef(str(curated.value(d, PROV.entity)))
        for st in statements
        for d in curated.objects(st, PROV.qualifiedDerivation)
    }


def test_each_invoked_provision_names_its_source_document(
    curated: Graph, source_texts: dict[URIRef, str]
) -> None:
    """Every hj:invokes triple is reified with a derivation from the objection's own
    document, and every reified statement is asserted in the graph."""
    for objection, target in curated.subject_objects(HJ.invokes):
        own = URIRef(str(_one(curated, objection, DCTERMS.source)))
        assert _statement_sources(curated, objection, HJ.invokes, target) == {own}, target
    for st in curated.subjects(RDF.type, RDF.Statement):
        triple = (
            curated.value(st, RDF.subject),
            curated.value(st, RDF.predicate),
            curated.value(st, RDF.object),
        )
        assert triple in curated, f"reified but not asserted: {triple}"


def test_autonomy_provisions_are_attributed_to_the_joint_report_not_to_ks(
    curated: Graph, source_texts: dict[URIRef, str]
) -> None:
    named_in_000 = iris.source_iri("000_aa27acb256f578c0.txt")
    named_in_001 = iris.source_iri("001_bc6a71c2b509e75e.txt")
    for target in AUTONOMY:
        assert (named_in_001, HJ.cites, target) in curated
        assert (named_in_000, HJ.cites, target) not in curated
        assert not list(curated.subjects(HJ.invokes, target)), target
        assert _statement_sources(curated, named_in_001, HJ.cites, target) == {named_in_001}
    # 000 names neither the Constitution nor a paragraph of kommuneloven
    text_000 = source_texts[named_in_000]
    assert "Grunnlov" not in text_000 and "Grl" not in text_000
    assert not re.search(r"§\s*(?:49|113|2-1|2-2)\b", text_000)


def test_jurist_question_skal_without_basis_objected_with_what_ks_invokes(
    curated: Graph,
) -> None:
    rows = curated.query(
        """
        SELECT DISTINCT ?rec ?actor ?provision WHERE {
            ?rec a hj:Recommendation ; hj:strength styrke:skal .
            FILTER NOT EXISTS { ?rec hj:legalBasis ?basis }
            ?objection hj:objectsTo ?rec ; hj:objectingActor ?actor ; hj:invokes ?provision .
        }
        """,
        initNs={"hj": HJ, "styrke": STRENGTH},
    )
    found = {(r.rec, r.actor, r.provision) for r in rows}
    assert {r for r, _, _ in found} == {DRAFT_SKAL}
    assert {p for _, _, p in found} == INVOKED_BY_000
    assert {a for _, a, _ in found} == {KS}


def test_prioritisation_guide_names_saksbehandlere_as_target_group(
    curated: Graph, source_texts: dict[URIRef, str]
) -> None:
    guide = iris.product_iri(
        iris.slug("Nasjonal veileder for prioriteringer i kommunale helse- og omsorgstjenester")
    )
    group = iris.target_group_iri("saksbehandlere")
    assert (guide, HJ.targetGroup, group) in curated
    assert (group, RDF.type, HJ.TargetGroup) in curated
    assert str(curated.value(group, SKOS.prefLabel)) == "saksbehandlere"
    source_004 = iris.source_iri("004_90478518436a796a.txt")
    quotes = {
        _norm(str(q))
        for d in curated.objects(guide, PROV.qualifiedDerivation)
        if curated.value(d, PROV.entity) == source_004
        for q in curated.objects(d, HJ.quote)
    }
    phrase = "saksbehandlere som fatter vedtak om kommunale helse- og omsorgstjenester"
    assert phrase in source_texts[source_004]
    assert any(phrase in q for q in quotes)


def test_recommendations_with_a_legal_basis_point_to_pasientjournalforskriften_6g(
    curated: Graph,
) -> None:
    point = iris.ref_to_iri("forskrift/2019-03-01-168/§6/ledd/1/bokstav/g")
    recommendations = set(curated.subjects(RDF.type, HJ.Recommendation)) | set(
        curated.subjects(RDF.type, HJ.SourceRecommendation)
    )
    with_basis = set(curated.subjects(HJ.legalBasis, point)) & recommendations
    strengths = {curated.value(r, HJ.strength) for r in with_basis}
    assert len(with_basis) == 2 and strengths == {STRENGTH.skal, STRENGTH.bor}


def test_product_recommendations_have_strength_product_and_target_groups(curated: Graph) -> None:
    for rec in curated.subjects(RDF.type, HJ.Recommendation):
        assert curated.value(rec, HJ.strength) in {STRENGTH.skal, STRENGTH.bor, STRENGTH.kan}
        assert curated.value(rec, DCTERMS.title) is not None
        assert curated.value(rec, HJ.product) is not None, f"{rec} names no product"
        groups = list(curated.objects(rec, HJ.targetGroup))
        assert groups and all((g, RDF.type, HJ.TargetGroup) in curated for g in groups)


def test_source_recommendations_name_their_document_and_no_product(curated: Graph) -> None:
    for rec in curated.subjects(RDF.type, HJ.SourceRecommendation):
        assert curated.value(rec, HJ.strength) in {STRENGTH.skal, STRENGTH.bor, STRENGTH.kan}
        assert curated.value(rec, HJ.product) is None
        source = curated.value(rec, DCTERMS.source)
        assert (source, RDF.type, HJ.SourceDocument) in curated


def test_target_groups_are_concepts_of_the_scheme(curated: Graph) -> None:
    scheme = URIRef(BASE + "malgruppe/")
    assert (scheme, RDF.type, SKOS.ConceptScheme) in curated
    for group in curated.subjects(RDF.type, HJ.TargetGroup):
        assert (group, RDF.type, SKOS.Concept) in curated
        assert (group, SKOS.inScheme, scheme) in curated
        assert str(group).startswith(str(scheme))
    leadership = iris.target_group_iri("kommunens-ledelse")
    assert str(curated.value(leadership, SKOS.definition)).startswith("Med kommunens ledelse menes")


def test_helsedirektoratet_is_empowered_by_the_four_provisions(curated: Graph) -> None:
    hdir = iris.actor_iri("helsedirektoratet")
    assert set(curated.objects(hdir, HJ.empoweredBy)) == {
        iris.ref_to_iri("lov/2011-06-24-30/§12-5"),
        iris.ref_to_iri("lov/1999-07-02-61/§7-3"),
        iris.ref_to_iri("lov/2011-06-24-29/§24"),
        iris.ref_to_iri("lov/1994-08-05-55/§7-10"),
    }


def test_counts(curated: Graph) -> None:
    for cls, expected in EXPECTED.items():
        assert len(set(curated.subjects(RDF.type, cls))) == expected, cls
    products = {
        s
        for t in (HJ.NationalGuide, HJ.NationalAdvice, HJ.LegalGuide, HJ.NationalGuideline)
        for s in curated.subjects(RDF.type, t)
    }
    assert len(products) == NORMATIVE_PRODUCTS
    guides = {
        s
        for s in curated.subjects(RDF.type, DCTERMS.BibliographicResource)
        if str(s).startswith(BASE + "produkt/")
    }
    assert len(guides) == OTHER_GUIDES
    actors = {
        s
        for t in (HJ.Actor, HJ.Organisation, HJ.Council, HJ.Group)
        for s in curated.subjects(RDF.type, t)
    }
    assert len(actors) == ACTORS
    assert all(str(a).startswith(BASE + "aktor/") for a in actors)
    municipalities = {a for a in actors if str(a).endswith("-kommune")}
    assert len(municipalities) == MUNICIPALITIES


def test_groups_have_members_and_councils_belong_to_their_organisation(curated: Graph) -> None:
    panel = iris.actor_iri("kommunepanel")
    assert len(set(curated.subjects(HJ.memberOf, panel))) == 6
    assert len(set(curated.subjects(HJ.memberOf, iris.actor_iri("profesjonspanel")))) == 8
    council = iris.actor_iri("retningslinjeradet")
    assert (council, RDF.type, HJ.Council) in curated
    assert (council, ORG.subOrganizationOf, iris.actor_iri("helsedirektoratet")) in curated


def test_bundled_loading_puts_the_curated_graph_in_its_named_graph(embedded_store) -> None:
    assert embedded_store.count(CURATED_GRAPH) == len(parse_rdf_file(data_dir() / "curated.ttl"))
