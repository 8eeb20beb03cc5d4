"""A newer Lovdata file imported over an older one: the re-import report recorded as
change-sets and shown by the impact view, on both stores.

The two tar files are built in a temp folder from the real helse- og
omsorgstjenesteloven in ../shared/data/lovdata/gjeldende-lover.tar.bz2: the «older» copy
lacks § 12-4, the «newer» one has a synthetic sentence in § 12-5 and lacks § 3-6. This
transformation exists only in this test; nothing of it is bundled.
"""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from lxml import etree, html
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from graph.cli.impact import format_amendment, impact_of
from graph.importers.bundled import load_bundled
from graph.importers.lovdata import import_files
from graph.model.vocab import BASE, GRAPH, HJ
from graph.questions.absent import absent_bases
from graph.questions.impact import change_set, change_sets, impact_of_provision
from graph.questions.named import run_query
from graph.store import Store
from graph.validation.shacl import validate_graph
from service.app import create_app

HOL = "nl/nl-20110624-030.xml"
PAR = BASE + "lov/2011-06-24-30/paragraf/"
SYNTHETIC = " (Setning lagt til i en testkopi, ikke lovtekst.)"
TEST_GRAPH = URIRef(BASE + "graf/test-reimport")
ON_A_POINT = URIRef(BASE + "anbefaling/testanbefaling-nummer-i-borte-paragraf")
"""A synthetic recommendation (only in this test) resting on a point of § 3-6 first ledd."""


def _tar(path: Path, xml: bytes) -> Path:
    with tarfile.open(path, "w:bz2") as tar:
        info = tarfile.TarInfo(HOL)
        info.size = len(xml)
        tar.addfile(info, io.BytesIO(xml))
    return path


def _without(tree: etree._ElementTree, number: str) -> None:
    (article,) = tree.xpath(f"//article[@class='legalArticle'][@data-name='§{number}']")
    article.getparent().remove(article)


@pytest.fixture(scope="module")
def tarballs(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(older, newer) tar files of helse- og omsorgstjenesteloven."""
    folder = tmp_path_factory.mktemp("reimport")
    with tarfile.open(shared_data / "lovdata" / "gjeldende-lover.tar.bz2", "r|bz2") as tar:
        xml = next(tar.extractfile(m).read() for m in tar if m.name == HOL)  # type: ignore[union-attr]
    parser = etree.XMLParser(huge_tree=True, resolve_entities=False, no_network=True)
    older = etree.ElementTree(etree.fromstring(xml, parser))
    _without(older, "12-4")
    newer = etree.ElementTree(etree.fromstring(xml, parser))
    (ledd,) = newer.xpath(
        "//article[@data-name='§12-5']/article[@class='legalP' or @class='numberedLegalP'][1]"
    )
    ledd.append(etree.fromstring(f"<span>{SYNTHETIC}</span>"))
    _without(newer, "3-6")
    return (
        _tar(folder / "eldre.tar.bz2", etree.tostring(older, encoding="utf-8")),
        _tar(folder / "nyere.tar.bz2", etree.tostring(newer, encoding="utf-8")),
    )


@pytest.fixture(params=["embedded", "oxigraph"])
def reimported(request: pytest.FixtureRequest, tarballs: tuple[Path, Path]) -> Store:
    """The bundled graph on an empty store of each kind, then the older and the newer file."""
    rw_store: Store = request.getfixturevalue(f"empty_{request.param}_store")
    load_bundled(rw_store)
    synthetic = Graph()
    synthetic.add((ON_A_POINT, RDF.type, HJ.Recommendation))
    synthetic.add((ON_A_POINT, DCTERMS.title, Literal("Testanbefaling (syntetisk)", lang="nb")))
    synthetic.add((ON_A_POINT, HJ.legalBasis, URIRef(PAR + "3-6/ledd/1/nummer/2")))
    rw_store.replace_graphs({TEST_GRAPH: synthetic})
    older, newer = tarballs
    first = import_files(rw_store, [older], progress=False)
    assert [(c.disappeared, c.changed, c.added) for c in first.changes] == [
        ([PAR + "12-4"], [], [])
    ]
    second = import_files(rw_store, [newer], progress=False)
    (report,) = second.changes
    assert report.changed == [PAR + "12-5"]
    assert report.added == [PAR + "12-4"]
    assert report.disappeared == [PAR + "3-6"]
    return rw_store


def _resting_on(store: Store, provision: str) -> set[str]:
    """Recommendations and products resting on a provision, by the dependents query."""
    return {
        str(r["dependent"])
        for r in run_query(store, "dependents", provision=URIRef(provision))
        if str(r.get("kind")) in ("recommendation", "product")
    }


def test_reimport_feeds_the_impact_view(reimported: Store) -> None:
    """One store per kind, read by every part: the import of the bundled graph and two Lovdata
    files is the expensive step."""
    _change_sets_are_data(reimported)
    _impact_lists_guidance_on_the_changed_provision(reimported)
    _impact_of_the_change_set_groups_the_disappeared_provision(reimported)
    with TestClient(create_app(store=reimported)) as client:
        _api_and_page(client, reimported)


def _change_sets_are_data(reimported: Store) -> None:
    sets = change_sets(reimported)
    assert len(sets) == 2
    newest, oldest = sets
    assert newest.amends == oldest.amends == ["lov/2011-06-24-30"]
    assert newest.source == "lovdata-import"
    assert newest.changes == 3 and oldest.changes == 1
    assert newest.name.startswith("ny import fra Lovdata ")
    assert newest.title == "helse- og omsorgstjenesteloven: 1 endret, 1 nye, 1 borte"
    assert newest.in_force_date is not None  # the file's lastChangeInForce
    rows = run_query(reimported, "lovdata-change-set", changeSet=URIRef(newest.iri))
    assert sorted((str(r["how"]), str(r["provision"])) for r in rows) == [
        ("borte", PAR + "3-6"),
        ("endret", PAR + "12-5"),
        ("ny", PAR + "12-4"),
    ]
    data = Graph()
    for name in reimported.graph_names():
        if str(name).startswith(str(GRAPH) + "lovdata-endringer/"):
            data += reimported.triples_in(name)
    assert len(set(data.subjects(RDF.type, HJ.LovdataChangeSet))) == 2
    report = validate_graph(data)
    assert report.conforms, report.to_text("en")
    # The shape can fail: a change-set naming no provision is a Violation.
    for p in (HJ.changedProvision, HJ.addedProvision, HJ.disappearedProvision):
        data.remove((URIRef(newest.iri), p, None))
    assert not validate_graph(data).conforms


def _impact_lists_guidance_on_the_changed_provision(reimported: Store) -> None:
    expected = _resting_on(reimported, PAR + "12-5")
    assert expected, "the bundled guidance rests on hol. § 12-5"
    result = impact_of_provision(reimported, "lov/2011-06-24-30/§12-5")
    reimports = [c for c in result.changes if c.source == "lovdata-import"]
    (changed,) = [c for c in reimports if c.kind == "erstattet"]
    assert changed.kind_label == "Endret ved ny import fra Lovdata"
    assert changed.description.startswith(
        "helse- og omsorgstjenesteloven § 12-5 er endret ved ny import fra Lovdata"
    )
    assert {i.iri for i in changed.impact} >= expected
    assert "erstattet" in {g.touch for g in result.impact}
    # § 12-4 came back at the re-import in the chapter of § 12-5: listed beside it.
    (added,) = [c for c in reimports if c.kind == "innsatt"]
    assert added.target == "lov/2011-06-24-30/§12-4"
    assert added.scope == "lov/2011-06-24-30/kapittel/12"
    assert {i.iri for i in added.impact} >= expected
    # A Lovtidend change and a re-import are listed side by side; the bundled graph has none
    # from Lovtidend here.
    assert all(c.source == "lovdata-import" for c in result.changes)


def _impact_of_the_change_set_groups_the_disappeared_provision(reimported: Store) -> None:
    newest = change_sets(reimported)[0]
    detail = change_set(reimported, newest.ref)
    kinds = sorted((c.kind, c.target) for c in detail.changes)
    assert kinds == [
        ("erstattet", "lov/2011-06-24-30/§12-5"),
        ("innsatt", "lov/2011-06-24-30/§12-4"),
        ("opphevet", "lov/2011-06-24-30/§3-6"),
    ]
    # § 12-4 is new in chapter 12, where § 12-5 stands: guidance on § 12-5 is touched too.
    (added,) = [c for c in detail.changes if c.kind == "innsatt"]
    assert added.scope == "lov/2011-06-24-30/kapittel/12"
    assert {i.iri for i in added.impact} >= _resting_on(reimported, PAR + "12-5")
    assert "innsatt" in {g.touch for g in detail.impact}
    gone = _resting_on(reimported, PAR + "3-6")
    assert gone, "the bundled guidance rests on hol. § 3-6"
    repealed = [g for g in detail.impact if g.touch == "opphevet"]
    assert {i.iri for g in repealed for i in g.items} >= gone
    # What rests on a point inside § 3-6 is touched too, though nothing says so any more
    # by hj:partOf.
    (on_point,) = [i for g in repealed for i in g.items if i.iri == str(ON_A_POINT)]
    assert on_point.basis == "lov/2011-06-24-30/§3-6/ledd/1/nummer/2"
    assert str(ON_A_POINT) not in gone
    # § 3-6 is no longer in the imported act: the guidance on it rests on an absent provision.
    missing = [a for a in absent_bases(reimported) if a.absent == "lov/2011-06-24-30/§3-6"]
    assert {a.dependent for a in missing} == gone
    assert {a.reason for a in missing} == {"missing-from-current-text"}
    (point,) = [a for a in absent_bases(reimported) if a.dependent == str(ON_A_POINT)]
    assert (point.absent, point.reason) == (
        "lov/2011-06-24-30/§3-6/ledd/1/nummer/2",
        "missing-from-current-text",
    )


def _api_and_page(client: TestClient, reimported: Store) -> None:
    body = client.get("/api/impact", params={"provision": "lov/2011-06-24-30/§12-5"}).json()
    assert any(c["source"] == "lovdata-import" for c in body["changes"])
    assert {(c["kind"], c["target"]) for c in body["changes"]} >= {
        ("erstattet", "lov/2011-06-24-30/§12-5"),
        ("innsatt", "lov/2011-06-24-30/§12-4"),
    }
    listed = client.get("/api/lovdata-imports").json()
    assert listed["total"] == 2
    ref = listed["items"][0]["ref"]
    detail = client.get(f"/api/lovdata-imports/{ref}").json()
    assert {c["kind"] for c in detail["changes"]} == {"erstattet", "innsatt", "opphevet"}
    page = client.get("/endringer").text
    assert "Endret ved ny import fra Lovdata" in page
    assert "helse- og omsorgstjenesteloven § 12-5 er endret" in page
    words = html.fromstring(page).xpath("string(//article)")
    assert "Endret ved ny import fra Lovdata" in words
    assert "w3id.org" not in words and "lovdata-import/" not in words  # no IRI in words
    text = format_amendment(impact_of(reimported, ref))
    assert "helse- og omsorgstjenesteloven § 3-6 finnes ikke lenger i gjeldende tekst" in text
