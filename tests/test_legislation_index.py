"""The legislation index (graph/data/legislation-index.jsonl.gz) and the citation parser
resolving against it, on real sentences of the Lovdata files and the guidance sources."""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

import pytest

from graph.citations import find_citations
from graph.citations.eu import eu_iri
from graph.citations.legislation_index import legislation
from graph.importers.bundle import ARCHIVES
from graph.importers.legislation_index import INDEX_FILE, build_index
from graph.model.resources import data_dir

sys.path.insert(0, str(Path(__file__).resolve().parent / "benchmarks"))

import eval_citation_sentences

PHVL = "lov/1999-07-02-62"  # psykisk helsevernloven, kapittel 4A
FVL = "lov/1967-02-10"
LEDELSE = "forskrift/2016-10-28-1250"


def refs(text: str, context: str | None = None) -> list[tuple[str, ...]]:
    return [c.refs for c in find_citations(text, context_act=context)]


def test_index_knows_every_act_and_provision_in_order() -> None:
    index = legislation()
    act = index.act(PHVL)
    assert act is not None and act.kind == "lov" and act.legacy == "LOV-1999-07-02-62"
    assert "psykisk helsevern" in act.title
    # Lovdata's links write §4a-4 (psykisk helsevernloven § 4A-4 links it so)
    assert act.provision("4a-4") == "4A-4" and act.provision("§4A-4") == "4A-4"
    assert act.provision("99") is None
    assert act.between("4A-8", "4A-14") == [f"4A-{n}" for n in range(9, 14)]
    assert act.chapter("4a") == "4A"
    journal = index.act("forskrift/2019-03-01-168")
    assert journal is not None and journal.has_point("6", "g") and not journal.has_point("6", "x")
    assert journal.has_point("6", "g", ledd=1) and not journal.has_point("6", "g", ledd=2)


def test_index_holds_names_from_links_and_repealed_acts() -> None:
    index = legislation()
    # sf-19721208-0015 § 2 links "skjønnslovens" to skjønnsprosessloven
    skjl = index.act("lov/1917-06-01-1")
    assert skjl is not None and "skjønnsloven" in skjl.aliases
    # helsetilsynsloven 2017 § 14: "Fra samme tid oppheves lov 30. mars 1984 nr. 15 om
    # statlig tilsyn med helsetjenesten"; the act's text is not among the files
    old = index.act("lov/1984-03-30-15")
    assert old is not None and not old.has_text and old.numbers == ()
    assert old.title.startswith("Lov om statlig tilsyn med helse")


@pytest.mark.slow
def test_hjemmel_index_rebuilds_the_bundled_file(shared_data: Path, tmp_path: Path) -> None:
    out = tmp_path / INDEX_FILE
    n = build_index(out, [shared_data / "lovdata" / a for a in ARCHIVES])
    assert n == len(legislation())
    assert gzip.decompress(out.read_bytes()) == gzip.decompress(
        (data_dir() / INDEX_FILE).read_bytes()
    )


def test_range_gives_every_provision_inside() -> None:
    # nl-19871218-093 § 2
    cits = find_citations("Forvaltningsloven §§ 13 til 13 e og 13 g gjelder ikke")
    assert [c.text for c in cits] == ["Forvaltningsloven §§ 13", "til", "13 e", "13 g"]
    assert {r for c in cits for r in c.refs} == {
        f"{FVL}/§13{x}" for x in ("", "a", "b", "c", "d", "e", "g")
    }
    # an en dash: "jf. integreringsloven §§ 27–28" (adjacent provisions, nothing between)
    assert refs("jf. integreringsloven §§ 27–28.") == [
        ("lov/2020-11-06-127/§27",),
        ("lov/2020-11-06-127/§28",),
    ]


def test_letter_is_a_point_where_no_such_provision_exists() -> None:
    # 001_bc6a71c2b509e75e.txt: forskrift om ledelse og kvalitetsforbedring has no § 6c
    text = "i forskrift om ledelse og kvalitetsforbedring hhv. §§ 6 c og 7 b, som bestemmer at"
    assert refs(text) == [(f"{LEDELSE}/§6/ledd/1/bokstav/c",), (f"{LEDELSE}/§7/ledd/1/bokstav/b",)]
    # helsepersonelloven has a § 59a: "59 a" stays a provision
    assert refs("etter §§ 56-59 a", "lov/1999-07-02-64")[-1] == ("lov/1999-07-02-64/§59a",)


def test_lovdata_ids_keep_their_real_case() -> None:
    # the href of psykisk helsevernloven § 4A-7's link to § 4A-4
    assert refs("lovdata.no/lov/1999-07-02-62/§4a-4") == [(f"{PHVL}/§4A-4",)]
    assert refs("etter § 4a-4 første ledd", PHVL) == [(f"{PHVL}/§4A-4/ledd/1",)]


def test_bare_provision_after_a_named_act() -> None:
    # avfallsforskriften (sf-20040601-0930) § 1-3
    text = "tillatelse etter forurensningsloven § 29, jf. § 11, denne forskriftens § 11-6"
    assert refs(text, "forskrift/2004-06-01-930") == [
        ("lov/1981-03-13-6/§29",),
        ("lov/1981-03-13-6/§11",),
        ("forskrift/2004-06-01-930/§11-6",),
    ]
    # nl-19961220-106 § 19: the act "same lova" names is in an earlier sentence; neither
    # § 7 nor § 8 is taken for the context act
    cits = find_citations(
        "Festaren kan krevje avskiping etter føresegnene i same lova § 7, jf § 8.",
        context_act="lov/1996-12-20-106",
    )
    assert [c.refs for c in cits] == [(), ()]


def test_genitive_old_names_and_codes() -> None:
    # sf-20240105-0300 § 3-5
    assert refs("straffes etter straffelovens § 209 selv om") == [("lov/2005-05-20-28/§209",)]
    # sf-19721208-0015 § 2
    assert refs("For øvrig gjelder skjønnslovens bestemmelser om skjønn") == [("lov/1917-06-01-1",)]
    # Lovdata's short title "Tvangsfullbyrdelsesloven – tvangsloven"
    assert refs("etter tvangsloven kapittel 7") == [("lov/1992-06-26-86",)]
    # sf-20221121-1994 § 3-2
    assert refs("Hvor byggteknisk forskrift (TEK17) inneholder krav") == [
        ("forskrift/2017-06-19-840",),
        ("forskrift/2017-06-19-840",),
    ]
    # nynorsk: sf-20041201-1558 § 5-3-10 "jf. kassasystemforskrifta § 2-7 første ledd"
    assert refs("jf. kassasystemforskrifta § 2-7 første ledd.") == [
        ("forskrift/2015-12-18-1616/§2-7/ledd/1",)
    ]


def test_gdpr_articles() -> None:
    # sf-20190621-0789
    text = (
        "Personopplysninger kan behandles på grunnlag av personvernforordningen artikkel 6 "
        "nr. 1 bokstav e dersom det er nødvendig"
    )
    [c] = find_citations(text)
    assert c.refs == ("lov/2018-06-15-38/gdpr/a6/nummer/1/bokstav/e",)
    assert str(eu_iri(c.refs[0])) == "http://data.europa.eu/eli/reg/2016/679/art_6/par_1/pnt_e"
    # nl-20140620-042 § 9a: "personvernforordningen artikkel 6 og 9"
    assert refs("rettslig grunnlag etter personvernforordningen artikkel 6 og 9 og") == [
        ("lov/2018-06-15-38/gdpr/a6",),
        ("lov/2018-06-15-38/gdpr/a9",),
    ]
    # nl-19970613-047 § 5: "avtalen" is a Council of Europe agreement, not the GDPR
    assert refs("når det treffes tiltak etter avtalen art. 9 og 10,") == []
    # the GDPR has 99 articles
    [c] = find_citations("personvernforordningen artikkel 120")
    assert c.refs == () and c.unresolved == ("lov/2018-06-15-38/gdpr/a120",)


def test_reference_to_a_provision_that_does_not_exist_is_unresolved() -> None:
    # psykisk helsevernloven § 2-3 (as Lovdata's anchors give it): §§ 3-11 to 3-13 are repealed
    text = "hvilket medførte at tidligere § 3-11, § 3-12 og § 3-13 bortfalt."
    cits = find_citations(text, context_act=PHVL)
    assert [c.refs for c in cits] == [(), (), ()]
    assert [c.unresolved for c in cits] == [(f"{PHVL}/§3-{n}",) for n in (11, 12, 13)]


def test_sentence_evaluation() -> None:
    found, unresolved, n = eval_citation_sentences.evaluate()
    assert n >= 20
    assert found.precision >= 0.98 and found.recall >= 0.98
    assert unresolved.precision >= 0.98
