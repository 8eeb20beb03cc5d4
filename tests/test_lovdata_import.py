"""The Lovdata importer on real files from ../shared/data/lovdata."""

from __future__ import annotations

import tarfile
from pathlib import Path

import pytest
from lxml import etree
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from graph.cli import main as cli_main
from graph.errors import ImportFailedError
from graph.importers.lovdata import import_files, parse_act
from graph.importers.lovdata_nt import iri, literal
from graph.model.iris import lovdata_graph, ref_to_iri
from graph.model.vocab import BASE, HJ
from graph.store import Store
from graph.store.embedded import EmbeddedStore

LAWS = "gjeldende-lover.tar.bz2"
REGULATIONS = "gjeldende-sentrale-forskrifter.tar.bz2"

SAMPLE = {
    LAWS: [
        "nl-20110624-030.xml",  # helse- og omsorgstjenesteloven
        "nl-18140517-000.xml",  # Grunnloven (bokmål)
        "nl-18140517-000-nn.xml",  # Grunnloven (nynorsk), skipped on import
        "nl-19990702-061.xml",
        "nl-19990702-063.xml",
        "nl-19990702-064.xml",
        "nl-20180622-083.xml",  # nested sections
        "nl-20101112-058.xml",  # repeated data-names
        "nl-19020522-013.xml",  # numbered ledd (numberedLegalP)
    ],
    REGULATIONS: [
        "sf-20190301-0168.xml",  # pasientjournalforskriften
        "sf-20161028-1250.xml",  # basedOn
        "sf-19830708-1252.xml",  # nested sections, numbered lists
        "sf-20011210-1377.xml",
        "sf-19931221-1381.xml",  # repeated data-names
    ],
}

LEDD = "article[@class='legalP' or @class='numberedLegalP']"
XPATHS = {
    "chapters": "count(//main//section[@data-name or @id])",
    "provisions": "count(//main//article[@class='legalArticle'])",
    "ledd": f"count(//main//article[@class='legalArticle']/{LEDD})",
    "points": f"count(//main//article[@class='legalArticle']/{LEDD}//ol/li[@data-name])",
    "based_on": "count(//dd[@class='basedOn']//li[starts-with(normalize-space(.), 'lov/')"
    " or starts-with(normalize-space(.), 'forskrift/')])",
    "citations": "count(//main//a[starts-with(@href, 'lov/') or starts-with(@href, 'forskrift/')]"
    "[not(ancestor::*[@class='changesToParent' or @class='footnotes' or @class='footnote'"
    " or @class='futureLegalArticle'])])",
}


@pytest.fixture(scope="session")
def lovdata_sample(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample files, extracted from the real tarballs into one folder."""
    folder = tmp_path_factory.mktemp("lovdata")
    for archive, names in SAMPLE.items():
        wanted = set(names)
        with tarfile.open(shared_data / "lovdata" / archive, "r|bz2") as tar:
            for member in tar:
                name = Path(member.name).name
                if name in wanted:
                    (folder / name).write_bytes(tar.extractfile(member).read())  # type: ignore[union-attr]
                    wanted.discard(name)
        assert not wanted, f"missing from {archive}: {wanted}"
    return folder


@pytest.fixture(params=["embedded", "oxigraph"])
def target_store(request: pytest.FixtureRequest) -> Store:
    """An empty store of each kind to import into."""
    return request.getfixturevalue(f"empty_{request.param}_store")


def _act_graph(folder: Path, name: str) -> Graph:
    act = parse_act((folder / name).read_bytes(), name)
    return Graph().parse(data=act.ntriples, format="nt")


@pytest.mark.parametrize(
    "name", [n for names in SAMPLE.values() for n in names if not n.endswith("-nn.xml")]
)
def test_counts_equal_xml_elements(lovdata_sample: Path, name: str) -> None:
    data = (lovdata_sample / name).read_bytes()
    act = parse_act(data, name)
    tree = etree.fromstring(data)
    assert act.counts.acts == 1
    for field, xpath in XPATHS.items():
        assert getattr(act.counts, field) == int(tree.xpath(xpath)), field
    assert act.counts.provisions > 0
    graph = Graph().parse(data=act.ntriples, format="nt")
    assert len(graph) == act.counts.triples  # every line parses and no line repeats
    provisions = set(graph.subjects(RDF.type, HJ.Provision))
    assert len(provisions) == act.counts.provisions  # unique IRIs despite repeated data-names
    for provision in provisions:
        assert len(list(graph.objects(provision, HJ.partOf))) == 1


def test_sample_covers_each_kind_of_element(lovdata_sample: Path) -> None:
    total = {field: 0 for field in XPATHS}
    for name in SAMPLE[LAWS] + SAMPLE[REGULATIONS]:
        act = parse_act((lovdata_sample / name).read_bytes(), name)
        for field in total:
            total[field] += getattr(act.counts, field)
    assert all(total.values()), total


def test_helse_og_omsorgstjenesteloven_12_5(lovdata_sample: Path) -> None:
    g = _act_graph(lovdata_sample, "nl-20110624-030.xml")
    act = URIRef(BASE + "lov/2011-06-24-30")
    p = URIRef(BASE + "lov/2011-06-24-30/paragraf/12-5")
    assert (act, RDF.type, HJ.Act) in g
    assert (act, HJ.legacyId, Literal("LOV-2011-06-24-30")) in g
    assert (act, URIRef("http://www.w3.org/2002/07/owl#sameAs"), URIRef(
        "https://lovdata.no/eli/lov/2011/06/24/30/nor"
    )) in g  # fmt: skip
    assert (act, HJ.ministry, Literal("Helse- og omsorgsdepartementet", lang="nb")) in g
    assert set(g.objects(act, HJ.dateInForce)) == {
        Literal(d, datatype=XSD.date)
        for d in ("2012-01-01", "2012-07-01", "2014-04-01", "2016-01-01")
    }
    assert (act, HJ.lastChangeInForce, Literal("2025-09-01", datatype=XSD.date)) in g
    assert g.value(p, DCTERMS.title) == Literal(
        "Nasjonale faglige retningslinjer, veiledere og kvalitetsindikatorer", lang="nb"
    )
    assert g.value(p, HJ.partOf) == URIRef(BASE + "lov/2011-06-24-30/kapittel/12")
    assert g.value(p, HJ.lovdataRef) == Literal("lov/2011-06-24-30/§12-5")
    ledd = sorted(g.subjects(HJ.partOf, p))
    assert ledd == [URIRef(f"{p}/ledd/1"), URIRef(f"{p}/ledd/2")]
    assert str(g.value(ledd[1], HJ.text)).startswith("Helsedirektoratet skal utvikle, formidle")
    assert str(g.value(p, HJ.text)).endswith(
        "Kvalitetsindikatorene skal gjøres offentlig tilgjengelig."
    )
    amendments = list(g.objects(p, HJ.amendment))
    assert len(amendments) == 1
    assert g.value(amendments[0], HJ.amendingAct) == URIRef(BASE + "lov/2023-12-20-106")
    assert g.value(amendments[0], HJ.amendmentInForce) == Literal("2024-01-01", datatype=XSD.date)
    # the in-force resolution (iflg. res. …) is no amending act
    assert URIRef(BASE + "forskrift/2023-12-20-2128") not in set(g.objects(None, HJ.amendingAct))
    # a link in provision text is a citation from the smallest enclosing ledd
    ledd_12_6 = URIRef(BASE + "lov/2011-06-24-30/paragraf/12-6/ledd/1")
    assert (ledd_12_6, HJ.cites, URIRef(BASE + "lov/2005-06-17-90/paragraf/1-4a")) in g


def test_pasientjournalforskriften_6_bokstav_g(lovdata_sample: Path) -> None:
    name = "sf-20190301-0168.xml"
    g = _act_graph(lovdata_sample, name)
    tree = etree.parse(str(lovdata_sample / name))
    (li,) = tree.xpath(
        "//article[@data-name='§6']/article[@class='legalP'][1]//li[@data-name='g.']"
    )
    expected = " ".join(li.xpath("string()").split())
    point = URIRef(BASE + "forskrift/2019-03-01-168/paragraf/6/ledd/1/bokstav/g")
    assert (point, RDF.type, HJ.LetteredPoint) in g
    assert g.value(point, HJ.partOf) == URIRef(BASE + "forskrift/2019-03-01-168/paragraf/6/ledd/1")
    assert g.value(point, HJ.number) == Literal("g")
    assert g.value(point, HJ.lovdataRef) == Literal("forskrift/2019-03-01-168/§6/ledd/1/bokstav/g")
    assert str(g.value(point, HJ.text)) == expected and expected


def test_based_on_equals_the_files_list(lovdata_sample: Path) -> None:
    name = "sf-20161028-1250.xml"
    g = _act_graph(lovdata_sample, name)
    tree = etree.parse(str(lovdata_sample / name))
    listed = {ref_to_iri(li.xpath("string()")) for li in tree.xpath("//dd[@class='basedOn']//li")}
    # § 7 of the repealed helsetilsynsloven of 1984 is not among the Lovdata files: it cannot
    # be checked, so the basis is the act
    repealed = URIRef(BASE + "lov/1984-03-30-15/paragraf/7")
    assert repealed in listed
    expected = (listed - {repealed}) | {URIRef(BASE + "lov/1984-03-30-15")}
    act = URIRef(BASE + "forskrift/2016-10-28-1250")
    assert set(g.objects(act, HJ.basedOnLaw)) == expected
    assert (act, RDF.type, HJ.Regulation) in g


def test_nested_sections_are_part_of_their_parent(lovdata_sample: Path) -> None:
    name = "sf-19830708-1252.xml"
    g = _act_graph(lovdata_sample, name)
    nested = [
        c
        for c in g.subjects(RDF.type, HJ.LegalChapter)
        if (g.value(c, HJ.partOf), RDF.type, HJ.LegalChapter) in g
    ]
    assert nested
    assert any(True for _ in g.subjects(RDF.type, HJ.NumberedPoint))


def test_import_tar_bz2_skips_nynorsk_grunnloven(
    lovdata_sample: Path, tmp_path: Path, target_store: Store
) -> None:
    archive = tmp_path / "utvalg.tar.bz2"
    names = [
        "nl-20110624-030.xml",
        "nl-18140517-000.xml",
        "nl-18140517-000-nn.xml",
        "sf-20161028-1250.xml",
    ]
    with tarfile.open(archive, "w:bz2") as tar:
        for name in names:
            tar.add(lovdata_sample / name, arcname=f"x/{name}")
    store = target_store
    report = import_files(store, [archive], progress=False)
    assert report.counts.acts == 3
    assert [n for n, _ in report.skipped] == [f"{archive.name}:x/nl-18140517-000-nn.xml"]
    assert set(store.graph_names()) == {
        lovdata_graph(r)
        for r in ("lov/2011-06-24-30", "lov/1814-05-17", "forskrift/2016-10-28-1250")
    }
    assert store.count() == report.counts.triples


def test_malformed_file_fails_the_whole_import(
    lovdata_sample: Path, tmp_path: Path, target_store: Store
) -> None:
    store = target_store
    import_files(store, [lovdata_sample / "sf-20161028-1250.xml"], progress=False)
    before = store.count()
    folder = tmp_path / "dump"
    folder.mkdir()
    for name in ("nl-20110624-030.xml", "sf-20190301-0168.xml"):
        (folder / name).write_bytes((lovdata_sample / name).read_bytes())
    good = (lovdata_sample / "nl-19990702-063.xml").read_bytes()
    (folder / "nl-19990702-063.xml").write_bytes(good[: len(good) // 2])
    with pytest.raises(ImportFailedError) as e:
        import_files(store, [folder], progress=False)
    assert "nl-19990702-063.xml" in str(e.value)
    assert store.count() == before
    assert store.graph_names() == [lovdata_graph("forskrift/2016-10-28-1250")]


def test_file_without_refid_fails(lovdata_sample: Path, tmp_path: Path) -> None:
    data = (lovdata_sample / "sf-20161028-1250.xml").read_bytes()
    bad = tmp_path / "uten-refid.xml"
    bad.write_bytes(data.replace(b'<dd class="refid">', b'<dd class="x">'))
    with pytest.raises(ImportFailedError, match="refid") as e:
        import_files(EmbeddedStore(), [bad], progress=False)
    assert e.value.location and "uten-refid.xml" in e.value.location


def test_reimport_reports_changed_added_and_disappeared(
    lovdata_sample: Path, tmp_path: Path, target_store: Store
) -> None:
    store = target_store
    original = lovdata_sample / "nl-20110624-030.xml"
    first = import_files(store, [original], progress=False)
    assert first.replaced == 0 and not first.changes

    tree = etree.parse(str(original))
    (p125,) = tree.xpath("//article[@data-name='§12-5']/article[@class='legalP'][1]")
    p125.text = "Helsedirektoratet skal utvikle og vedlikeholde nasjonale faglige retningslinjer."
    (p126,) = tree.xpath("//article[@data-name='§12-6']")
    p126.getparent().remove(p126)
    (p128,) = tree.xpath("//article[@data-name='§12-8']")
    new = etree.fromstring(etree.tostring(p128))
    new.set("data-name", "§12-9")
    p128.addnext(new)
    newer = tmp_path / "nl-20110624-030.xml"
    tree.write(str(newer), encoding="utf-8")

    second = import_files(store, [newer], progress=False)
    assert second.replaced == 1
    (change,) = second.changes
    par = BASE + "lov/2011-06-24-30/paragraf/"
    assert change.changed == [par + "12-5"]
    assert change.added == [par + "12-9"]
    assert change.disappeared == [par + "12-6"]
    g = store.triples_in(lovdata_graph("lov/2011-06-24-30"))
    assert (URIRef(par + "12-6"), RDF.type, HJ.Provision) not in g
    assert "paragrafer endret" in second.summary()

    third = import_files(store, [newer], progress=False)
    assert third.replaced == 1 and not third.changes


@pytest.mark.parametrize(
    "value",
    ['sitat "§ 12-5"', "back\\slash", "linje\nny\r\tfane", "kontroll\x01\x7f", "æøå – §", ""],
)
def test_ntriples_literal_escaping_round_trips(value: str) -> None:
    s = iri(BASE + "x")
    line = f"{s} {s} {literal(value, lang='nb')} .\n{s} {s} {literal(value)} .\n"
    g = Graph().parse(data=line, format="nt")
    assert set(g.objects()) == {Literal(value, lang="nb"), Literal(value)}
    assert EmbeddedStore().replace_graphs_nt({URIRef(BASE + "g"): line}) is None


def test_cli_import(
    lovdata_sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store_path = tmp_path / "store"
    file = lovdata_sample / "sf-20190301-0168.xml"
    code = cli_main(
        ["--store-path", str(store_path), "import", "lovdata", "--no-progress", str(file)]
    )
    out = capsys.readouterr().out
    assert code == 0
    act = parse_act(file.read_bytes(), file.name)
    assert f"{act.counts.provisions} paragrafer" in out
    assert f"{act.counts.points} bokstaver og nummer" in out
    reopened: Store = EmbeddedStore(store_path)
    assert reopened.graph_names() == [lovdata_graph("forskrift/2019-03-01-168")]
    reopened.close()


def test_cli_import_of_malformed_file_exits_3(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "sf-20000101-0001.xml"
    bad.write_text("<html><body><main>", encoding="utf-8")
    code = cli_main(
        ["--store-path", str(tmp_path / "s"), "import", "lovdata", "--no-progress", str(bad)]
    )
    assert code == 3  # input that cannot be read (README: exit codes)
    assert "sf-20000101-0001.xml" in capsys.readouterr().err


@pytest.mark.slow
def test_full_dumps(shared_data: Path) -> None:
    store = EmbeddedStore()
    folder = shared_data / "lovdata"
    report = import_files(store, [folder / LAWS, folder / REGULATIONS], progress=False)
    laws = sum(1 for g in store.graph_names() if "/lovdata/lov/" in str(g))
    regulations = sum(1 for g in store.graph_names() if "/lovdata/forskrift/" in str(g))
    assert laws > 700 and regulations > 3000
    assert report.counts.acts == laws + regulations
    assert [n for n, _ in report.skipped] == [f"{LAWS}:nl/nl-18140517-000-nn.xml"]
    assert store.count() == report.counts.triples
    assert report.counts.provisions > 90_000 and report.counts.citations > 100_000


def test_bundled_legislation_holds_the_base_list() -> None:
    import gzip

    from graph.importers.bundle import BASE_REFIDS
    from graph.model.resources import data_dir

    text = gzip.decompress((data_dir() / "legislation.nq.gz").read_bytes()).decode()
    lines = text.splitlines()
    assert lines == sorted(lines)
    for refid in BASE_REFIDS:
        assert f"<{lovdata_graph(refid)}> ." in text, refid
