"""The Helsedirektoratet importer on the seven real content-API responses (and their
index.json) bundled in graph/data/helsedir."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from graph.cli import main as cli_main
from graph.errors import ImportFailedError
from graph.importers.helsedir import (
    document_to_graph,
    import_files,
    read_documents,
    validate_document,
)
from graph.importers.helsedir_document import product_chapter_iri
from graph.model.iris import actor_iri, product_iri, recommendation_iri
from graph.model.vocab import BASE, DCTERMS, GRAPH, HJ, PROV, RDF, RDFS, STATUS, STRENGTH
from graph.store import Store
from graph.store.embedded import EmbeddedStore

ROOT = Path(__file__).resolve().parent.parent
HELSEDIR = ROOT / "graph" / "data" / "helsedir"
BOM = b"\xef\xbb\xbf"
DATETIME = URIRef("http://www.w3.org/2001/XMLSchema#dateTime")
SOURCES = ROOT.parent / "shared" / "sources"
FILES = sorted(p.name for p in HELSEDIR.glob("*.json") if p.name != "index.json")


def _json(name: str) -> dict:
    return json.loads((HELSEDIR / name).read_bytes().decode("utf-8-sig"))


def _endpoint(name: str) -> str:
    index = json.loads((HELSEDIR / "index.json").read_bytes().decode("utf-8-sig"))
    return next(e["endpoint"] for e in index if e["file"].endswith("/" + name))


def _graph_of(graphs: dict[URIRef, Graph], name: str) -> Graph:
    return graphs[URIRef(f"{GRAPH}helsedir/{_json(name)['id']}")]


@pytest.fixture(scope="module")
def graphs() -> dict[URIRef, Graph]:
    return read_documents(sorted(HELSEDIR.glob("*.json")))


def _bytes_with(name: str, change: dict) -> bytes:
    """A real response with some fields changed, encoded as the API sends it (BOM)."""
    doc = _json(name)
    for dotted, value in change.items():
        *parents, last = dotted.split(".")
        target = doc
        for key in parents:
            target = target[key]
        target[last] = value
    return BOM + json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8")


# -- the bundled copies ----------------------------------------------------------------
def test_bundled_files_are_byte_exact_copies(shared_data: Path) -> None:
    shared = shared_data / "helsedirektoratet-api"
    names = sorted(p.name for p in shared.glob("*.json"))
    assert names == sorted(p.name for p in HELSEDIR.glob("*.json"))
    assert len(names) == 8
    for name in names:
        data = (HELSEDIR / name).read_bytes()
        assert data == (shared / name).read_bytes()
        assert data.startswith(BOM)


def test_every_response_becomes_one_named_graph(graphs: dict[URIRef, Graph]) -> None:
    expected = {URIRef(f"{BASE}graf/helsedir/{_json(n)['id']}") for n in FILES}
    assert set(graphs) == expected
    assert len(expected) == 7
    assert all(len(g) > 10 for g in graphs.values())


# -- products --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "cls"),
    [
        ("retningslinje-by-id.json", HJ.NationalGuideline),
        ("innhold-by-id-rundskriv.json", HJ.Circular),
        ("veileder-lov-forskrift-by-id.json", HJ.LegalGuide),
    ],
)
def test_products_typed_from_info_type(graphs: dict, name: str, cls: URIRef) -> None:
    doc = _json(name)
    g = _graph_of(graphs, name)
    me = product_iri(doc["id"])
    assert (me, RDF.type, cls) in g
    assert g.value(me, DCTERMS.title) == Literal(doc["tittel"], lang="nb")
    assert g.value(me, HJ.helsedirId) == Literal(doc["id"])
    endpoint = URIRef(_endpoint(name))
    assert g.value(me, HJ.helsedirUrl) == endpoint
    assert g.value(me, HJ.status) == STATUS.gjeldende
    derivation = g.value(me, PROV.qualifiedDerivation)
    assert g.value(derivation, PROV.entity) == endpoint
    assert g.value(derivation, HJ.quote) == Literal(doc["tittel"], lang="nb")
    assert (me, PROV.wasDerivedFrom, endpoint) in g
    # "eier" is empty in these three: the content API publishes the directorate's products
    assert doc["eier"] == []
    assert list(g.objects(me, HJ.publisher)) == [actor_iri("helsedirektoratet")]


def test_every_resource_has_a_derivation_from_its_endpoint(graphs: dict) -> None:
    for name in FILES:
        g = _graph_of(graphs, name)
        endpoint = URIRef(_endpoint(name))
        typed = {s for s, t in g.subject_objects(RDF.type) if str(t).startswith(str(HJ))}
        assert typed
        for s in typed:
            derivations = list(g.objects(s, PROV.qualifiedDerivation))
            assert len(derivations) == 1, s
            assert g.value(derivations[0], PROV.entity) == endpoint
            assert (s, PROV.wasDerivedFrom, endpoint) in g


def test_dates_as_given(graphs: dict) -> None:
    doc = _json("retningslinje-by-id.json")
    assert doc["forstPublisert"] == "2012-06-01T00:00"
    g = _graph_of(graphs, "retningslinje-by-id.json")
    me = product_iri(doc["id"])
    assert g.value(me, HJ.firstPublished) == Literal("2012-06-01T00:00:00", datatype=DATETIME)
    assert g.value(me, HJ.lastProfessionalChange) == Literal(
        "2012-06-01T00:00:00", datatype=DATETIME
    )
    # an empty date is left out
    regel = _json("regelverk-lov-eller-forskrift-by-id.json")
    assert regel["forstPublisert"] == ""
    g2 = _graph_of(graphs, "regelverk-lov-eller-forskrift-by-id.json")
    assert g2.value(product_chapter_iri(regel["id"]), HJ.firstPublished) is None


def test_legal_guide_has_its_chapters_and_topics(graphs: dict) -> None:
    doc = _json("veileder-lov-forskrift-by-id.json")
    g = _graph_of(graphs, "veileder-lov-forskrift-by-id.json")
    me = product_iri(doc["id"])
    children = [link for link in doc["links"] if link["rel"] == "barn"]
    chapters = set(g.subjects(HJ.chapterOf, me))
    assert len(chapters) == len(children) == 8
    for link in children:
        chapter = product_chapter_iri(link["href"].rsplit("/", 1)[1])
        assert chapter in chapters
        assert (chapter, RDF.type, HJ.ProductChapter) in g
        assert g.value(chapter, DCTERMS.title) == Literal(link["tittel"], lang="nb")
        assert g.value(chapter, HJ.helsedirUrl) == URIRef(link["href"])
    assert {str(t) for t in g.objects(me, HJ.topic)} == set(doc["tema"])
    assert g.value(me, DCTERMS.alternative) == Literal(doc["kortTittel"], lang="nb")
    # "<h3>&nbsp;</h3><ol></ol>" is no text
    assert g.value(me, HJ.text) is None


def test_circular_inside_a_collection(graphs: dict) -> None:
    doc = _json("innhold-by-id-rundskriv.json")
    g = _graph_of(graphs, "innhold-by-id-rundskriv.json")
    parent = next(x for x in doc["links"] if x["rel"] == "root")
    parent_iri = product_iri(parent["href"].rsplit("/", 1)[1])
    assert (product_iri(doc["id"]), DCTERMS.isPartOf, parent_iri) in g
    assert (parent_iri, RDF.type, HJ.Circular) in g
    assert g.value(parent_iri, DCTERMS.title) == Literal(parent["tittel"].strip(), lang="nb")
    distinct_children = {x["href"] for x in doc["links"] if x["rel"] == "barn"}
    assert len(set(g.subjects(HJ.chapterOf, product_iri(doc["id"])))) == len(distinct_children)


# -- chapters --------------------------------------------------------------------------
def test_chapter_of_a_priority_guide_cites_the_linked_act(graphs: dict) -> None:
    doc = _json("kapittel-by-id.json")
    g = _graph_of(graphs, "kapittel-by-id.json")
    me = product_chapter_iri(doc["id"])
    root = product_iri(next(x for x in doc["links"] if x["rel"] == "root")["href"].rsplit("/")[-1])
    assert (me, RDF.type, HJ.ProductChapter) in g
    assert (me, HJ.chapterOf, root) in g
    assert (root, RDF.type, HJ.NationalGuide) in g
    assert "https://lovdata.no/dokument/NL/lov/1999-07-02-62" in doc["tekst"]
    assert (me, HJ.cites, URIRef(f"{BASE}lov/1999-07-02-62")) in g
    assert (me, HJ.legalBasis, None) not in g
    text = str(g.value(me, HJ.text))
    assert "<" not in text and "&" not in text and "\xa0" not in text
    assert "lov av 2. juli 1999 nr. 62 om etablering og gjennomføring av psykisk helsevern" in text
    assert text.startswith("Tilstander i prioriteringsveilederen\nVed valg av hvilke tilstand")


def test_legal_text_inside_a_guide_is_a_chapter(graphs: dict) -> None:
    doc = _json("regelverk-lov-eller-forskrift-by-id.json")
    assert doc["tekniskeData"]["infoType"] == "regelverk-lov-eller-forskrift"
    g = _graph_of(graphs, "regelverk-lov-eller-forskrift-by-id.json")
    me = product_chapter_iri(doc["id"])
    links = {x["rel"]: x["href"].rsplit("/", 1)[1] for x in doc["links"]}
    assert (me, RDF.type, HJ.ProductChapter) in g
    assert (me, HJ.chapterOf, product_iri(links["root"])) in g
    assert (me, DCTERMS.isPartOf, product_chapter_iri(links["forelder"])) in g
    assert (product_iri(links["root"]), RDF.type, HJ.NationalGuide) in g
    assert (me, HJ.cites, URIRef(f"{BASE}lov/1999-07-02-63/paragraf/1-3")) in g
    assert (me, HJ.publisher, actor_iri("helsedirektoratet")) in g


# -- recommendations -------------------------------------------------------------------
def test_rad_is_a_bor_recommendation_with_its_texts(graphs: dict) -> None:
    doc = _json("rad-by-id.json")
    g = _graph_of(graphs, "rad-by-id.json")
    me = recommendation_iri(doc["id"])
    links = {x["rel"]: x["href"].rsplit("/", 1)[1] for x in doc["links"]}
    assert (me, RDF.type, HJ.Recommendation) in g
    assert g.value(me, HJ.strength) == STRENGTH.bor
    assert g.value(me, HJ.strengthEvidence) == Literal("Kommunen bør i samråd med", lang="nb")
    assert (me, HJ.product, product_iri(links["root"])) in g
    assert (product_iri(links["root"]), RDF.type, HJ.NationalAdvice) in g
    assert (me, HJ.productChapter, product_chapter_iri(links["forelder"])) in g
    assert (product_chapter_iri(links["forelder"]), HJ.chapterOf, product_iri(links["root"])) in g
    practical = str(g.value(me, HJ.practicalText))
    assert "Både legen og kommunen kan foreslå multidosepakkede legemidler" in practical
    assert "• tar flere legemidler fast" in practical
    rationale = str(g.value(me, HJ.rationale))
    assert rationale.startswith("I rapporten Multidose – status og veien videre foreslås")
    assert "<a" not in rationale and "&nbsp;" not in rationale
    assert g.value(me, HJ.lastProfessionalChange) == Literal(
        "2020-03-03T00:00:00", datatype=DATETIME
    )
    # hj:status belongs to products
    assert doc["status"] == "Gjeldende" and g.value(me, HJ.status) is None
    # no lovdata link and no citation of an act: no legal basis, and bør is not reported
    assert (me, HJ.legalBasis, None) not in g


def test_anbefaling_mixing_skal_and_bor_items_is_uavklart_with_both_evidences(
    graphs: dict,
) -> None:
    doc = _json("anbefaling-by-id.json")
    g = _graph_of(graphs, "anbefaling-by-id.json")
    me = recommendation_iri(doc["id"])
    # the text is a list of several recommendations, some skal, some bør: not one skal
    assert g.value(me, HJ.strength) == STRENGTH.uavklart
    evidence = str(g.value(me, HJ.strengthEvidence))
    assert "skal: Øverste leder skal sikre" in evidence and "bør: " in evidence
    assert (me, HJ.legalBasis, None) not in g
    helsedir = actor_iri("helsedirektoratet")
    assert (me, HJ.publisher, helsedir) in g
    assert g.value(helsedir, RDFS.label) == Literal("Helsedirektoratet", lang="nb")


@pytest.mark.parametrize("kind", ["embedded", "oxigraph"])
def test_report_counts_and_lists_skal_without_legal_basis(
    request: pytest.FixtureRequest, kind: str
) -> None:
    empty_store: Store = request.getfixturevalue(f"empty_{kind}_store")
    report = import_files(empty_store, sorted(HELSEDIR.glob("*.json")))
    assert report.stored and report.documents == 7
    assert report.by_type == {
        "NationalGuideline": 1,
        "Circular": 1,
        "LegalGuide": 1,
        "ProductChapter": 2,
        "Recommendation": 2,
    }
    # anbefaling-by-id mixes skal and bør items: uavklart, so no skal lacks a basis
    assert report.by_strength == {"uavklart": 1, "bor": 1}
    anbefaling = _json("anbefaling-by-id.json")
    assert report.skal_without_legal_basis == []
    stored = empty_store.triples_in(URIRef(f"{GRAPH}helsedir/{anbefaling['id']}"))
    assert (recommendation_iri(anbefaling["id"]), HJ.strength, STRENGTH.uavklart) in stored
    assert set(empty_store.graph_names()) == {URIRef(k) for k in report.graphs}
    assert empty_store.count() == report.triples
    assert report.to_dict()["skal_without_legal_basis"] == []


def test_linked_item_in_the_import_set_is_described_once(tmp_path: Path) -> None:
    guide = _json("veileder-lov-forskrift-by-id.json")
    child = next(x for x in guide["links"] if x["rel"] == "barn")
    child_id = child["href"].rsplit("/", 1)[1]
    root = next(x for x in guide["links"] if x["rel"] == "root")
    # the real kapittel response, re-keyed as the guide's first chapter
    chapter = _bytes_with(
        "kapittel-by-id.json",
        {"id": child_id, "links": [dict(root, rel="forelder"), dict(root, rel="root")]},
    )
    (tmp_path / "kapittel.json").write_bytes(chapter)
    (tmp_path / "guide.json").write_bytes(
        (HELSEDIR / "veileder-lov-forskrift-by-id.json").read_bytes()
    )
    union = Graph()
    for g in read_documents([tmp_path / "guide.json", tmp_path / "kapittel.json"]).values():
        union += g
    me = product_chapter_iri(child_id)
    own_title = Literal(_json("kapittel-by-id.json")["tittel"], lang="nb")
    assert set(union.objects(me, DCTERMS.title)) == {own_title}
    assert (me, HJ.chapterOf, product_iri(guide["id"])) in union
    assert set(union.objects(me, HJ.helsedirUrl)) == {
        URIRef(f"https://api.helsedirektoratet.no/innhold/innhold/{child_id}")
    }


# -- legal basis rule ------------------------------------------------------------------
_REGEL = _json("regelverk-lov-eller-forskrift-by-id.json")["tekst"]
_JF_PARAGRAPH = next(p for p in _REGEL.split("</p>") if "jf. <a" in p) + "</p>"
_KAPITTEL_PARAGRAPH = (
    next(p for p in _json("kapittel-by-id.json")["tekst"].split("</p>") if "lovdata.no" in p)
    + "</p>"
)


def test_rationale_link_makes_the_skal_recommendation_grounded() -> None:
    doc = _json("anbefaling-by-id.json")
    data = _bytes_with("anbefaling-by-id.json", {"data": {"rasjonale": _KAPITTEL_PARAGRAPH}})
    g = document_to_graph(data, "anbefaling.json")
    me = recommendation_iri(doc["id"])
    act = URIRef(f"{BASE}lov/1999-07-02-62")
    assert (me, HJ.legalBasis, act) in g and (me, HJ.cites, act) in g
    report = validate_document(data, "anbefaling.json")
    assert report.skal_without_legal_basis == [] and not report.stored


def test_jf_link_in_the_text_is_legal_basis_other_links_only_cited() -> None:
    doc = _json("rad-by-id.json")
    me = recommendation_iri(doc["id"])
    provision = URIRef(f"{BASE}lov/1999-07-02-63/paragraf/1-3")
    act = URIRef(f"{BASE}lov/1999-07-02-62")
    with_jf = document_to_graph(
        _bytes_with("rad-by-id.json", {"tekst": doc["tekst"] + _JF_PARAGRAPH}), "rad.json"
    )
    assert (me, HJ.legalBasis, provision) in with_jf
    without_jf = document_to_graph(
        _bytes_with("rad-by-id.json", {"tekst": doc["tekst"] + _KAPITTEL_PARAGRAPH}), "rad.json"
    )
    assert (me, HJ.cites, act) in without_jf
    assert (me, HJ.legalBasis, None) not in without_jf
    # the practical text of a bør-recommendation is no basis; of a skal-recommendation it is
    practical = document_to_graph(
        _bytes_with("rad-by-id.json", {"data.praktisk": _KAPITTEL_PARAGRAPH}), "rad.json"
    )
    assert (me, HJ.legalBasis, None) not in practical
    skal_title = doc["tittel"].replace("Kommunen bør", "Kommunen skal")
    skal = document_to_graph(
        _bytes_with("rad-by-id.json", {"tittel": skal_title, "data.praktisk": _KAPITTEL_PARAGRAPH}),
        "rad.json",
    )
    assert (me, HJ.strength, STRENGTH.skal) in skal
    assert (me, HJ.legalBasis, act) in skal


def test_citation_in_plain_text_with_jf_is_legal_basis() -> None:
    source = " ".join((SOURCES / "001_bc6a71c2b509e75e.txt").read_text(encoding="utf-8").split())
    sentence = "jf. pasientjournalforskriften § 6, bokstav g."
    assert sentence in source
    doc = _json("rad-by-id.json")
    g = document_to_graph(
        _bytes_with(
            "rad-by-id.json", {"tekst": doc["tekst"] + f"<p>Dette dokumenteres, {sentence}</p>"}
        ),
        "rad.json",
    )
    # § 6 has its points a–h in its first ledd
    point = URIRef(f"{BASE}forskrift/2019-03-01-168/paragraf/6/ledd/1/bokstav/g")
    me = recommendation_iri(doc["id"])
    assert (me, HJ.legalBasis, point) in g and (me, HJ.cites, point) in g


def test_titles_cite_the_act_they_name(graphs: dict) -> None:
    rundskriv = _json("innhold-by-id-rundskriv.json")
    g = _graph_of(graphs, "innhold-by-id-rundskriv.json")
    ftrl = URIRef(f"{BASE}lov/1997-02-28-19/paragraf/5-13")  # folketrygdloven § 5-13
    assert (product_iri(rundskriv["id"]), HJ.cites, ftrl) in g
    guide = _json("veileder-lov-forskrift-by-id.json")
    g = _graph_of(graphs, "veileder-lov-forskrift-by-id.json")
    regulation = URIRef(f"{BASE}forskrift/2016-10-28-1250")  # ledelse og kvalitetsforbedring
    assert (product_iri(guide["id"]), HJ.cites, regulation) in g
    assert (product_iri(guide["id"]), HJ.legalBasis, None) not in g


# -- input handling --------------------------------------------------------------------
def test_bom_is_optional() -> None:
    data = (HELSEDIR / "rad-by-id.json").read_bytes()
    with_bom = document_to_graph(data, "rad.json")
    without = document_to_graph(data.removeprefix(BOM), "rad.json")
    assert len(with_bom) == len(without) > 20
    assert set(with_bom.predicate_objects(recommendation_iri(_json("rad-by-id.json")["id"]))) - {
        (PROV.qualifiedDerivation, o) for o in with_bom.objects(None, PROV.qualifiedDerivation)
    } <= set(without.predicate_objects(recommendation_iri(_json("rad-by-id.json")["id"])))


@pytest.mark.parametrize("kind", ["embedded", "oxigraph"])
def test_json_syntax_error_names_line_and_column_and_writes_nothing(
    request: pytest.FixtureRequest, tmp_path: Path, kind: str
) -> None:
    empty_store: Store = request.getfixturevalue(f"empty_{kind}_store")
    data = (HELSEDIR / "rad-by-id.json").read_bytes()
    lines = data.split(b"\n")
    assert lines[2].startswith(b'  "tittel"')
    lines[2] = lines[2].rstrip(b",")  # a missing comma at the end of line 3
    broken = tmp_path / "rad-by-id.json"
    broken.write_bytes(b"\n".join(lines))
    with pytest.raises(ImportFailedError) as err:
        import_files(empty_store, [HELSEDIR / "retningslinje-by-id.json", broken])
    assert err.value.location == f"{broken}:4:3"
    assert "linje 4, kolonne 3" in err.value.message
    assert empty_store.graph_names() == []
    assert empty_store.count() == 0


def test_missing_field_names_its_path() -> None:
    data = _bytes_with("rad-by-id.json", {"tekniskeData": {"infoId": "x"}})
    with pytest.raises(ImportFailedError) as err:
        document_to_graph(data, "rad.json")
    assert err.value.location == "rad.json: $.tekniskeData.infoType"
    with pytest.raises(ImportFailedError) as err:
        document_to_graph(_bytes_with("rad-by-id.json", {"forstPublisert": "25.09.2019"}), "x")
    assert err.value.location == "x: $.forstPublisert"
    with pytest.raises(ImportFailedError) as err:
        document_to_graph(BOM + b"[1, 2]", "x")
    assert err.value.location == "x: $"


def test_unknown_status_is_kept_and_reported() -> None:
    data = _bytes_with("retningslinje-by-id.json", {"status": "Arkivert"})
    g = document_to_graph(data, "r.json")
    me = product_iri(_json("retningslinje-by-id.json")["id"])
    assert g.value(me, HJ.status) == Literal("Arkivert")
    report = validate_document(data, "r.json")
    assert any("Arkivert" in w for w in report.warnings)
    assert not report.valid


def test_endpoint_without_index_is_the_generic_content_endpoint() -> None:
    doc = _json("rad-by-id.json")
    g = document_to_graph((HELSEDIR / "rad-by-id.json").read_bytes(), "rad.json")
    me = recommendation_iri(doc["id"])
    assert g.value(me, HJ.helsedirUrl) == URIRef(
        f"https://api.helsedirektoratet.no/innhold/innhold/{doc['id']}"
    )


# -- command line and bundled graph ----------------------------------------------------
def test_cli_imports_and_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store_path = tmp_path / "s"
    rc = cli_main(
        [
            "--store-path",
            str(store_path),
            "import",
            "helsedir",
            str(HELSEDIR / "anbefaling-by-id.json"),
        ]
    )
    out = capsys.readouterr().out
    assert rc == 0
    assert "Alle skal-anbefalinger har hjemmel" in out
    assert "Recommendation 1" in out and "uavklart 1" in out
    with EmbeddedStore(store_path) as store:
        name = URIRef(f"{GRAPH}helsedir/{_json('anbefaling-by-id.json')['id']}")
        assert store.graph_names() == [name]
        # the endpoint comes from the index.json beside the file
        endpoint = URIRef(_endpoint("anbefaling-by-id.json"))
        assert (None, HJ.helsedirUrl, endpoint) in store.triples_in(name)


def test_cli_reports_a_broken_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "x.json"
    broken.write_bytes(BOM + b'{"id": "1",\n "tittel": }')
    rc = cli_main(["--store-path", str(tmp_path / "s"), "import", "helsedir", str(broken)])
    assert rc == 3  # input that cannot be read (README: exit codes)
    assert f"{broken}:2:12" in capsys.readouterr().err


def test_bundled_store_holds_the_recommendations(store: Store) -> None:
    rad = recommendation_iri(_json("rad-by-id.json")["id"])
    query = "PREFIX hj: <https://w3id.org/hjemmel/ontology#> ASK { ?r hj:strength ?s }"
    assert store.ask(query, {"r": rad, "s": STRENGTH.bor})
    assert not store.ask(query, {"r": rad, "s": STRENGTH.skal})
