"""graph.citations: the legal-citation parser, on examples from the source documents
(/work/shared/sources) and on every link in Lovdata's health laws."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from graph.citations import Citation, find_citations
from graph.cli import main as cli_main

sys.path.insert(0, str(Path(__file__).parent / "benchmarks"))
import eval_citations

HOL = "lov/2011-06-24-30"
LEDELSE = "forskrift/2016-10-28-1250"


def refs(text: str, **kw: str) -> list[tuple[str, ...]]:
    return [c.refs for c in find_citations(text, **kw)]


def test_offsets_match_text() -> None:
    text = "jf. helse- og omsorgstjenesteloven §§ 3-1, 3-2 og 3-3 (lovdata.no), hol. § 3-6."
    cits = find_citations(text)
    assert cits
    for c in cits:
        assert isinstance(c, Citation)
        assert text[c.start : c.end] == c.text


def test_full_name_with_provision() -> None:
    [c] = find_citations("sektoren er gitt i helse- og omsorgstjenesteloven § 12-5. Bestemmelsen")
    assert c.text == "helse- og omsorgstjenesteloven § 12-5"
    assert c.refs == (f"{HOL}/§12-5",)


def test_genitive_name() -> None:
    assert refs("etter helse- og omsorgstjenestelovens § 3-1") == [(f"{HOL}/§3-1",)]
    assert refs("Legalitetsprinsippet følger av Grunnlovens §113, mens") == [
        ("lov/1814-05-17/§113",)
    ]


def test_point_without_ledd() -> None:
    # § 6 has one ledd with points a–h (and a second without points): the point is found there
    assert refs("jf. pasientjournalforskriften § 6 bokstav g (lodvata.no).") == [
        ("forskrift/2019-03-01-168/§6/ledd/1/bokstav/g",)
    ]
    assert refs("pasientjournalforskriften § 6, bokstav g.") == [
        ("forskrift/2019-03-01-168/§6/ledd/1/bokstav/g",)
    ]


def test_abbreviation_needs_a_provision() -> None:
    assert refs("er hol. § 3-6.") == [(f"{HOL}/§3-6",)]
    assert refs("Grl. § 49 andre ledd") == [("lov/1814-05-17/§49/ledd/2",)]
    assert refs("bl.a. kommunene") == []


def test_list_gives_one_citation_per_provision() -> None:
    text = "jf. helse- og omsorgstjenesteloven §§ 3-1, 3-2 og 3-3 (lovdata.no)"
    cits = find_citations(text)
    assert [c.text for c in cits] == ["helse- og omsorgstjenesteloven §§ 3-1", "3-2", "3-3"]
    assert [c.refs for c in cits] == [(f"{HOL}/§3-1",), (f"{HOL}/§3-2",), (f"{HOL}/§3-3",)]


def test_following_provisions() -> None:
    [c] = find_citations("ansvar, jf. helse- og omsorgstjenesteloven § 3-1 flg. (lovdata.no)")
    assert c.text.endswith("§ 3-1 flg.")
    assert c.refs == (f"{HOL}/§3-1",)


def test_range_gives_both_ends_and_every_provision_between() -> None:
    cits = find_citations(
        "Bestemmelsene i §§ 4A-8 til 4A-14 gjelder", context_act="lov/1999-07-02-62"
    )
    phv = "lov/1999-07-02-62"
    assert [(c.text, c.refs) for c in cits] == [
        ("§§ 4A-8", (f"{phv}/§4A-8",)),
        ("til", tuple(f"{phv}/§4A-{n}" for n in range(9, 14))),
        ("4A-14", (f"{phv}/§4A-14",)),
    ]


def test_regulation_by_title_prefix_and_letters() -> None:
    text = "kk i forskrift om ledelse- og kvalitetsforbedring hhv. §§ 6 c og 7 b, som"
    cits = find_citations(text)
    # the regulation has no § 6c or § 7b: the letters are points of § 6 and § 7
    assert [c.refs for c in cits] == [
        (f"{LEDELSE}/§6/ledd/1/bokstav/c",),
        (f"{LEDELSE}/§7/ledd/1/bokstav/b",),
    ]
    assert cits[0].text.startswith("forskrift om ledelse- og kvalitetsforbedring")


def test_enabling_clause_is_not_a_citation() -> None:
    assert refs("Kongen kan gi forskrift om ledelse og kvalitetsforbedring") == []


def test_lovdata_links() -> None:
    text = (
        "https://lovdata.no/lov/2011-06-24-30/%C2%A712-5 og "
        "https://lovdata.no/dokument/LTI/forskrift/2016-10-28-1250 og "
        "https://lovdata.no/eli/lov/2011/06/24/30/nor og "
        "lovdata.no/dokument/NL/lov/1999-07-02-63/§2-1b"
    )
    assert refs(text) == [
        (f"{HOL}/§12-5",),
        (LEDELSE,),
        (HOL,),
        ("lov/1999-07-02-63/§2-1b",),
    ]


def test_dated_references() -> None:
    assert refs("lov 24. juni 2011 nr. 30") == [(HOL,)]
    assert refs("lov 24 juni 2011 nr. 30") == [(HOL,)]
    assert refs("forskrift 1. mars 2019 nr. 168") == [("forskrift/2019-03-01-168",)]
    assert refs("kunngjort ved res. 15 juni 2012 nr. 522, 6 mai") == [("forskrift/2012-06-15-522",)]
    assert refs("lov 2. juli 1999 nr. 63 om pasient- og brukerrettigheter § 3-2 femte ledd") == [
        ("lov/1999-07-02-63/§3-2/ledd/5",)
    ]


def test_dated_list_inherits_its_series() -> None:
    text = (
        "Endret ved lover 24 juni 2011 nr. 30 (ikr. 1 jan 2012 iflg. res. 16 des 2011 nr. 1252), "
        "15 juni 2018 nr. 38"
    )
    assert refs(text) == [(HOL,), ("forskrift/2011-12-16-1252",), ("lov/2018-06-15-38",)]


def test_bare_date_without_series_is_ambiguous() -> None:
    [c] = find_citations("se 15 juni 2018 nr. 38")
    assert c.refs == ()
    assert c.ambiguous == ("forskrift/2018-06-15-38", "lov/2018-06-15-38")


def test_ledd_and_number() -> None:
    # sameloven § 3-1 has lettered points only: "nr. 1" names nothing, § 3-1 remains
    [c] = find_citations("jf. sameloven § 3-1 nr. 1")
    assert c.refs == ("lov/1987-06-12-56/§3-1",)
    assert c.unresolved == ("lov/1987-06-12-56/§3-1/nummer/1",)
    assert refs("§ 4A-4 andre og tredje ledd", context_act="lov/1999-07-02-62") == [
        ("lov/1999-07-02-62/§4A-4/ledd/2", "lov/1999-07-02-62/§4A-4/ledd/3")
    ]
    assert refs("pasient- og brukerrettighetsloven § 2-4a annet ledd bokstav a") == [
        ("lov/1999-07-02-63/§2-4a/ledd/2/bokstav/a",)
    ]


def test_context_act() -> None:
    assert refs("Det følger direkte av forskriftens § 5 at", context_act=LEDELSE) == [
        (f"{LEDELSE}/§5",)
    ]
    assert refs("etter § 5", context_act=LEDELSE) == [(f"{LEDELSE}/§5",)]
    assert refs("bestemmelsene i loven her", context_act=HOL) == [(HOL,)]
    assert refs("denne lov § 2-1", context_act=HOL) == [(f"{HOL}/§2-1",)]
    # the act is numbered by chapter: it has no § 2
    [c] = find_citations("denne lov § 2", context_act=HOL)
    assert (c.refs, c.unresolved) == ((), (f"{HOL}/§2",))
    # with no context a bare provision is found but left unresolved
    [c] = find_citations("etter § 5")
    assert (c.text, c.refs, c.ambiguous) == ("§ 5", (), ())


def test_forskriftens_refers_to_the_last_named_regulation() -> None:
    text = "forskrift om ledelse og kvalitetsforbedring gjelder. Det følger av forskriftens § 5"
    assert refs(text) == [(LEDELSE,), (f"{LEDELSE}/§5",)]


def test_same_act_and_list_continuation() -> None:
    text = "valgloven § 15-2 første ledd og § 15-3 første ledd, jf. samme lov § 2"
    cits = find_citations(text, context_act="lov/2018-06-22-83")
    assert [c.refs for c in cits] == [
        ("lov/2023-06-16-62/§15-2/ledd/1",),
        ("lov/2023-06-16-62/§15-3/ledd/1",),
        (),
    ]
    # valgloven is numbered by chapter: "samme lov § 2" names nothing in it
    assert cits[2].unresolved == ("lov/2023-06-16-62/§2",)


def test_provision_before_act() -> None:
    text = "etter § 27 i lov 25. september 1992 nr. 107 om kommuner"
    assert refs(text) == [("lov/1992-09-25-107/§27",)]


def test_unknown_act_is_not_the_context_act() -> None:
    [c] = find_citations("etter personvernforordningen § 6", context_act=HOL)
    assert c.refs == ()


def test_ambiguous_name() -> None:
    [c] = find_citations("lov om medisinsk utstyr § 1")
    assert c.refs == ()
    assert c.ambiguous == ("lov/1995-01-12-6", "lov/2020-05-07-37")
    # the context act decides
    assert refs("lov om medisinsk utstyr § 1", context_act="lov/2020-05-07-37") == [
        ("lov/2020-05-07-37/§1",)
    ]


def test_name_of_a_law_not_yet_in_force_yields() -> None:
    # lov/2025-06-20-81 (new forvaltningsloven) was passed but not in force at the snapshot
    assert refs("forvaltningsloven § 35") == [("lov/1967-02-10/§35",)]
    assert refs("forvaltningsloven § 35", context_act="lov/2025-06-20-81") == [
        ("lov/2025-06-20-81/§35",)
    ]


def test_year_selects_the_act() -> None:
    assert refs("straffeloven 2005 §§ 231, 232") == [
        ("lov/2005-05-20-28/§231",),
        ("lov/2005-05-20-28/§232",),
    ]
    # a year that fits no act of that name: not guessed as the act in force
    assert all(c.refs == () for c in find_citations("straffeloven 1842 §§ 192, 193"))


def test_repealed_law_with_its_year() -> None:
    # helsepersonelloven § 20 a: the old criminal code (lov/1902-05-22-10), repealed in 2015
    text = "overtredelse av straffeloven 1902 §§ 192, 193, 194, 200 annet ledd, 203 eller 204 a"
    assert refs(text, context_act="lov/1999-07-02-64") == [
        ("lov/1902-05-22-10/§192",),
        ("lov/1902-05-22-10/§193",),
        ("lov/1902-05-22-10/§194",),
        ("lov/1902-05-22-10/§200/ledd/2",),
        ("lov/1902-05-22-10/§203",),
        ("lov/1902-05-22-10/§204a",),
    ]
    assert refs("straffeloven (1902) § 222") == [("lov/1902-05-22-10/§222",)]
    # without the year the name means the law in force
    assert refs("straffeloven § 222") == [("lov/2005-05-20-28/§222",)]


def test_list_goes_on_across_a_second_section_sign() -> None:
    # helse- og omsorgstjenesteloven § 5-4
    text = "straffeloven 1902 §§ 200 andre ledd, 201 første ledd bokstav c, §§ 201 a, 203"
    assert refs(text, context_act=HOL)[2:] == [
        ("lov/1902-05-22-10/§201a",),
        ("lov/1902-05-22-10/§203",),
    ]


def test_list_goes_on_after_jf() -> None:
    # helse- og omsorgstjenesteloven § 5-4
    text = "straffeloven 1902 §§ 266, 268, jf. 267, 270 og 271 og straffeloven 2005 § 231"
    assert refs(text, context_act=HOL) == [
        ("lov/1902-05-22-10/§266",),
        ("lov/1902-05-22-10/§268",),
        ("lov/1902-05-22-10/§267",),
        ("lov/1902-05-22-10/§270",),
        ("lov/1902-05-22-10/§271",),
        ("lov/2005-05-20-28/§231",),
    ]
    # "jf. § 3-2" starts a citation of its own
    assert refs("pasientjournalforskriften § 6, jf. § 3-2", context_act=HOL)[1] == (f"{HOL}/§3-2",)


def test_hyphen_joins_the_ends_of_a_range() -> None:
    # helsepersonelloven §§ 65 a and 68 (an act numbered without chapters)
    hpl = "lov/1999-07-02-64"
    inside_56_59a = tuple(f"{hpl}/§{n}" for n in ("57", "57a", "58", "58a", "59"))
    cits = find_citations("reaksjoner i §§ 56-59 a og §§ 63-64.", context_act=hpl)
    assert [c.refs for c in cits] == [
        (f"{hpl}/§56",), inside_56_59a, (f"{hpl}/§59a",), (f"{hpl}/§63",), (f"{hpl}/§64",)
    ]  # fmt: skip
    assert [c.text for c in cits] == ["§§ 56", "-", "59 a", "§§ 63", "64"]
    assert refs("vedtak etter §§ 53, 56-59 a og 62-65 a.", context_act=hpl) == [
        (f"{hpl}/§53",), (f"{hpl}/§56",), inside_56_59a, (f"{hpl}/§59a",), (f"{hpl}/§62",),
        tuple(f"{hpl}/§{n}" for n in ("62a", "63", "64", "65")), (f"{hpl}/§65a",),
    ]  # fmt: skip
    # chapter numbering: a list of single provisions, not a range
    assert refs("dekningsloven §§ 9-3 og 9-4") == [
        ("lov/1984-06-08-59/§9-3",),
        ("lov/1984-06-08-59/§9-4",),
    ]
    assert refs("§§ 3-4 første og annet ledd", context_act=HOL) == [
        (f"{HOL}/§3-4/ledd/1", f"{HOL}/§3-4/ledd/2")
    ]


def test_number_glued_to_the_next_list_item() -> None:
    # kommuneloven § 5-1 and § 29-3: list items run together in text taken from HTML
    kl = "lov/2018-06-22-83"
    assert refs("valgt ved direkte valg etter § 5-8kommunerådsleder", context_act=kl) == [
        (f"{kl}/§5-8",)
    ]
    assert refs("nevnt i dekningsloven §§ 9-3 og 9-4utbetalinger som") == [
        ("lov/1984-06-08-59/§9-3",),
        ("lov/1984-06-08-59/§9-4",),
    ]
    # "§ 10aopplysninger" may be § 10 a or § 10: no provision is guessed
    assert refs("jf. helsepersonelloven § 10aopplysninger om") == [("lov/1999-07-02-64",)]


def test_dated_title_with_hyphenated_word() -> None:
    # pasientjournalforskriften § 18
    text = (
        "forskrift 22. juni 2015 nr. 747 om anvendelse av helselover og -forskrifter for "
        "Svalbard og Jan Mayen § 4 andre ledd bokstav c skal lyde"
    )
    assert refs(text, context_act="forskrift/2019-03-01-168") == [
        ("forskrift/2015-06-22-747/§4/ledd/2/bokstav/c",)
    ]


def test_cli_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["cite", "hol. § 3-6 og § 5", "--act", HOL, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["citations"][0] == {
        "text": "hol. § 3-6",
        "start": 0,
        "end": 10,
        "refs": [f"{HOL}/§3-6"],
        "ambiguous": [],
        "unresolved": [],
    }
    # the act is numbered by chapter: it has no § 5
    assert data["citations"][1]["refs"] == []
    assert data["citations"][1]["unresolved"] == [f"{HOL}/§5"]


def test_cli_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["cite", "lov om medisinsk utstyr § 1"]) == 0
    out = capsys.readouterr().out
    assert "tvetydig" in out
    assert "lov/2020-05-07-37" in out


@pytest.fixture(scope="module")
def evaluation(shared_data: Path) -> eval_citations.Result:
    """The parser on the running text of the 16 health laws' provisions (full-text mode)."""
    anchors = shared_data / "lovdata" / "citation-anchors-health-laws.tsv"
    rows = eval_citations.load_rows(anchors)
    texts = eval_citations.source_texts({r["source_file"] for r in rows}, anchors.parent)
    return eval_citations.evaluate(rows, texts)


def test_evaluation_locates_every_anchor(evaluation: eval_citations.Result) -> None:
    assert evaluation.rows == 3970
    assert evaluation.fallback == 0


def test_evaluation_act_level(evaluation: eval_citations.Result) -> None:
    assert evaluation.act.precision >= 0.99
    assert evaluation.act.recall >= 0.99


def test_evaluation_provision_level(evaluation: eval_citations.Result) -> None:
    assert evaluation.provision.gold == 1177
    assert evaluation.provision.precision >= 0.99
    assert evaluation.provision.recall >= 0.98
