"""A Lovdata import into an embedded store on disk writes only what changed: a document the
store holds unchanged is neither parsed nor written, the default graph (the merge) and
``graf/eli`` are brought in step from the acts written alone, and the result is the store
a full rebuild gives (the merge rebuilt from scratch, the ELI entailment run on the whole
store)."""

from __future__ import annotations

import tarfile
from pathlib import Path

import pyoxigraph as ox
import pytest
from lxml import etree

from graph.importers import lovdata
from graph.importers.bundled import load_bundled
from graph.importers.entailment import refresh_eli
from graph.importers.lovdata import import_files
from graph.importers.lovdata_known import FILE_NAME
from graph.model.iris import act_iri
from graph.model.vocab import DCTERMS, ELI_GRAPH
from graph.search.documents import read_act_documents, read_documents
from graph.search.index import SearchIndex
from graph.store.embedded import EmbeddedStore, rebuild_default_graph

NAMES = ("nl-20110624-030.xml", "nl-19990702-063.xml", "sf-20161028-1250.xml")


@pytest.fixture(scope="module")
def acts(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("akter")
    wanted = set(NAMES)
    for archive in ("gjeldende-lover.tar.bz2", "gjeldende-sentrale-forskrifter.tar.bz2"):
        with tarfile.open(shared_data / "lovdata" / archive, "r|bz2") as tar:
            for member in tar:
                name = Path(member.name).name
                if name in wanted:
                    (folder / name).write_bytes(tar.extractfile(member).read())  # type: ignore[union-attr]
                    wanted.discard(name)
    assert not wanted
    return folder


def altered(xml: bytes) -> bytes:
    """``xml`` with the first ledd of § 12-5 given another text."""
    root = etree.fromstring(xml)
    (ledd,) = root.xpath("//article[@data-name='§12-5']/article[@class='legalP'][1]")
    ledd.text = "Helsedirektoratet skal utvikle og vedlikeholde nasjonale faglige råd."
    for child in ledd:
        ledd.remove(child)
    return etree.tostring(root, encoding="utf-8")


def _quads(store: ox.Store, graph: ox.NamedNode | ox.DefaultGraph) -> set[ox.Quad]:
    modified = ox.NamedNode(str(DCTERMS.modified))
    return {
        q
        for q in store.quads_for_pattern(None, None, None, graph)
        if not (q.predicate == modified and q.subject == ox.NamedNode(str(ELI_GRAPH)))
    }


def _assert_as_full_rebuild(store: EmbeddedStore) -> None:
    raw = store.oxigraph
    default = _quads(raw, ox.DefaultGraph())
    eli = _quads(raw, ox.NamedNode(str(ELI_GRAPH)))
    assert eli
    refresh_eli(store)
    assert _quads(raw, ox.NamedNode(str(ELI_GRAPH))) == eli
    rebuild_default_graph(raw)
    assert _quads(raw, ox.DefaultGraph()) == default


def test_reimport_writes_only_the_changed_act(
    acts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "store"
    store = EmbeddedStore(path)
    load_bundled(store)
    first = import_files(store, [acts], progress=False, workers=0)
    assert (path / FILE_NAME).exists()
    _assert_as_full_rebuild(store)

    parsed: list[str] = []
    real = lovdata.parse_act

    def counting(xml: bytes, source: str) -> lovdata.ParsedAct:
        parsed.append(Path(source).name)
        return real(xml, source)

    monkeypatch.setattr(lovdata, "parse_act", counting)
    # the same files again: nothing parsed, nothing written, the same report
    count = store.count()
    again = import_files(store, [acts], progress=False, workers=0)
    assert parsed == [] and store.count() == count
    assert again.counts == first.counts and again.replaced == len(NAMES)

    # one act altered: only that one is parsed and written
    hol = acts / NAMES[0]
    original = hol.read_bytes()
    hol.write_bytes(altered(original))
    try:
        changed = import_files(store, [acts], progress=False, workers=0)
    finally:
        hol.write_bytes(original)
    assert parsed == [NAMES[0]]
    assert changed.replaced == len(NAMES) and len(changed.changes) == 1
    assert changed.changes[0].changed == [str(act_iri("lov/2011-06-24-30")) + "/paragraf/12-5"]
    _assert_as_full_rebuild(store)

    # another load makes the digests stale: every act is parsed again
    load_bundled(store)
    parsed.clear()
    import_files(store, [acts], progress=False, workers=0)
    assert sorted(parsed) == sorted(NAMES)
    store.close()


def test_search_index_update_of_one_act_equals_a_rebuild(acts: Path) -> None:
    store = EmbeddedStore()
    load_bundled(store)
    written: dict[str, list[str]] = {}
    import_files(store, [acts], progress=False, workers=0, written=written)
    act = str(act_iri("lov/2011-06-24-30"))
    assert act in written
    whole = read_documents(store)
    of_act = {d for d in whole if d.iri == act or d.iri.startswith(act + "/")}
    assert len(of_act) == 90  # the act and its 89 provisions
    assert set(read_act_documents(store, act)) == of_act

    index = SearchIndex(None)
    full = index.build(store)
    gone = act + "/paragraf/999"
    updated = index.update_acts(store, {act: [gone]})
    assert updated.documents == full.documents == len(whole)
