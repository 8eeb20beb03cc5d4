"""Strength from wording, on real titles and texts: the Helsedirektoratet responses in
graph/data/helsedir and the draft recommendations quoted in source 000."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from graph.importers.helsedir_text import html_to_text
from graph.importers.strength import detect_strength
from graph.language.statements import split_statements
from graph.language.wording import sentence_wording
from graph.model.vocab import STRENGTH

ROOT = Path(__file__).resolve().parent.parent
HELSEDIR = ROOT / "graph" / "data" / "helsedir"
SOURCES = ROOT.parent / "shared" / "sources"


def _response(name: str) -> dict:
    return json.loads((HELSEDIR / name).read_text(encoding="utf-8-sig"))


def _source_phrase(file_name: str, phrase: str) -> str:
    """``phrase`` as it stands in a source document (line breaks there are noise)."""
    text = " ".join((SOURCES / file_name).read_text(encoding="utf-8").split())
    assert phrase in text, f"{phrase!r} is not in {file_name}"
    return phrase


def test_title_with_bor_decides_and_the_relative_kan_does_not() -> None:
    title = _response("rad-by-id.json")["tittel"]
    result = detect_strength(title)
    assert result.concept == STRENGTH.bor
    assert result.source == "tittel"
    assert result.evidence == "Kommunen bør i samråd med"


def test_kan_in_a_relative_clause_alone_does_not_decide() -> None:
    title = _response("rad-by-id.json")["tittel"]
    tail = title[title.index("hvilke pasienter") :]
    assert " kan " in tail
    assert detect_strength(tail).concept == STRENGTH.uavklart


@pytest.mark.parametrize(
    ("phrase", "expected", "evidence"),
    [
        (
            "Virksomhetsleder skal sørge for at praksis i egen virksomhet regelmessig vurderes "
            "opp mot nasjonale faglige råd og anbefalinger",
            STRENGTH.skal,
            "Virksomhetsleder skal sørge for at",
        ),
        (
            "Implementering av nasjonale faglige råd og anbefalinger bør gjennomføres systematisk",
            STRENGTH.bor,
            "råd og anbefalinger bør gjennomføres systematisk",
        ),
    ],
)
def test_draft_recommendations_quoted_in_source_000(
    phrase: str, expected: object, evidence: str
) -> None:
    result = detect_strength(_source_phrase("000_aa27acb256f578c0.txt", phrase))
    assert result.concept == expected
    assert result.evidence == evidence
    assert result.source == "tittel"


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("Øverste leder skal sikre systematisk kvalitetsforbedring i tjenestene", STRENGTH.skal),
        ("Observasjonskompetansen i tjenestene bør styrkes", STRENGTH.bor),
        ("Kommunene bør ta i bruk velferdsteknologi", STRENGTH.bor),
        # "må" is binding wording: skal, with "må" as the evidence
        ("Pasienter og brukeres medvirkning må styrkes", STRENGTH.skal),
        ("Sterkere lederforankring av koordinering og teamarbeid", STRENGTH.uavklart),
    ],
)
def test_headings_of_the_real_anbefaling(heading: str, expected: object) -> None:
    assert heading in _response("anbefaling-by-id.json")["tekst"]
    assert detect_strength(heading).concept == expected


def test_a_text_that_mixes_skal_and_bor_items_is_several_statements_not_one_skal() -> None:
    doc = _response("anbefaling-by-id.json")
    text = html_to_text(doc["tekst"])
    result = detect_strength(doc["tittel"], text)
    assert result.concept == STRENGTH.uavklart
    assert result.source == "tekst"
    assert result.evidence == (
        "skal: Øverste leder skal sikre systematisk kvalitetsforbedring; "
        "bør: og brukeres behov bør snus fra Hva"
    )
    items = {s.text: s.strength_name for s in split_statements(text) if s.item is not None}
    assert items["Øverste leder skal sikre systematisk kvalitetsforbedring i tjenestene"] == "skal"
    assert items["Observasjonskompetansen i tjenestene bør styrkes"] == "bor"


def test_a_text_whose_statements_agree_decides() -> None:
    doc = _response("anbefaling-by-id.json")
    text = html_to_text(doc["tekst"])
    first = next(line for line in text.split("\n") if line.startswith("• Øverste leder"))
    result = detect_strength(doc["tittel"], first)
    assert (result.concept, result.source) == (STRENGTH.skal, "tekst")
    assert result.evidence == "Øverste leder skal sikre systematisk kvalitetsforbedring"


def test_kan_in_running_text_does_not_decide_but_ma_does() -> None:
    doc = _response("rad-by-id.json")
    practical = html_to_text(doc["data"]["praktisk"])
    assert re.search(r"\bkan\b", practical)
    result = detect_strength("Sentrale ledergrep", practical)
    assert result.concept == STRENGTH.skal
    assert result.evidence == "Oppstart må koordineres med multidoselegen"
    without_ma = practical[: practical.index("Oppstart må")]
    assert detect_strength("Sentrale ledergrep", without_ma).concept == STRENGTH.uavklart


def test_kan_in_a_title_decides() -> None:
    sentence = "Både legen og kommunen kan foreslå multidosepakkede legemidler"
    assert sentence in html_to_text(_response("rad-by-id.json")["data"]["praktisk"])
    result = detect_strength(sentence)
    assert result.concept == STRENGTH.kan
    assert result.evidence == "legen og kommunen kan foreslå multidosepakkede legemidler"


def test_skal_ikke_after_a_subordinate_kan() -> None:
    sentence = (
        "Behandling og tiltak som kan bedre livskvalitet, symptom- og funksjonsnivå til de "
        "eldste, skal ikke begrenses på grunn av høy alder per se."
    )
    assert sentence in html_to_text(_response("kapittel-by-id.json")["tekst"])
    result = detect_strength(sentence)
    assert result.concept == STRENGTH.skal
    assert "skal ikke begrenses" in (result.evidence or "")


def test_bor_ikke_is_bor() -> None:
    quote = (
        "Brukere som er i en ustabil situasjon og hvor det forventes hyppige "
        "medikamentendringer bør ikke tas inn i multidosesystemet"
    )
    assert quote in html_to_text(_response("rad-by-id.json")["data"]["rasjonale"])
    result = detect_strength(quote)
    assert result.concept == STRENGTH.bor
    assert result.evidence == "forventes hyppige medikamentendringer bør ikke tas inn i"


def test_anbefales_and_foreslas_in_a_text() -> None:
    text = html_to_text(_response("anbefaling-by-id.json")["tekst"])
    sentence = next(s for s in text.split("\n") if s.startswith("Kommunene anbefales"))
    result = detect_strength("Velferdsteknologi", sentence)
    assert (result.concept, result.source) == (STRENGTH.bor, "tekst")
    rationale = html_to_text(_response("rad-by-id.json")["data"]["rasjonale"])
    first = rationale.split("\n")[0]
    assert "foreslås" in first
    assert detect_strength("Multidose", first).concept == STRENGTH.kan


def test_case_and_word_boundaries() -> None:
    assert detect_strength("Skal tilbys oppfølging").concept == STRENGTH.skal
    assert detect_strength("BØR vurderes").concept == STRENGTH.bor
    assert detect_strength("Helsedirektoratet anbefaler tidlig kartlegging").name == "bor"
    # words that only begin like a modal
    assert detect_strength("Nasjonale faglige råd og anbefalinger").name == "uavklart"
    assert detect_strength("Skalaen for kanaler og skalering").name == "uavklart"


def test_nothing_decides_gives_uavklart_without_evidence() -> None:
    result = detect_strength(_response("kapittel-by-id.json")["tittel"], None)
    assert result.concept == STRENGTH.uavklart
    assert result.evidence is None and result.source is None


# Wording of guideline Norwegian; sentences from the sources where they say it, built
# sentences only for forms the sources do not contain.
@pytest.mark.parametrize(
    ("sentence", "kind", "marker", "negated"),
    [
        (
            "Koordinerende enheter må sikres tydelig mandat og god lederforankring.",
            "skal",
            "må",
            False,
        ),
        ("Kommunen plikter å tilby nødvendige tjenester.", "skal", "plikter", False),
        ("Kommunen har plikt til å tilby nødvendige tjenester.", "skal", "har plikt til", False),
        ("Tiltaket skal ikke begrenses på grunn av alder.", "skal", "skal ikke", True),
        (
            "Faglige råd mv bør ikke ha en normerende eller styrende funksjon",
            "bor",
            "bør ikke",
            True,
        ),
        (
            "Det er ikke anbefalt å bruke multidose ved ustabil behandling.",
            "bor",
            "Det er ikke anbefalt",
            True,
        ),
        ("Helsedirektoratet fraråder rutinemessig screening.", "bor", "fraråder", True),
        (
            "Helsedirektoratet gir en sterk anbefaling om tidlig kartlegging.",
            "bor",
            "gir en sterk anbefaling",
            False,
        ),
        (
            "Helsedirektoratet gir en svak anbefaling om tidlig kartlegging.",
            "kan",
            "gir en svak anbefaling",
            False,
        ),
        ("Helsedirektoratet foreslår at kommunen kartlegger behovet.", "kan", "foreslår", False),
        ("KS mener at de kommunale behovene må få en større plass.", "skal", "må", False),
        ("KS mener at kommunen bør ha handlingsrom.", "bor", "bør", False),
        (
            "Dersom pasienten ikke kan samtykke, skal helsepersonellet vurdere tiltaket.",
            "skal",
            "skal",
            False,
        ),
    ],
)
def test_guideline_wording(sentence: str, kind: str, marker: str, negated: bool) -> None:
    wording = sentence_wording(sentence)
    assert wording is not None
    assert (wording.kind, wording.marker, wording.negated) == (kind, marker, negated)
    assert marker in wording.evidence


@pytest.mark.parametrize(
    "sentence",
    [
        # a question heading: the modal is not a recommendation's verb
        "Har du relevante eksempler på hvordan rådene kan følges i praksis?",
        "Hvordan kan kommunen organisere arbeidet?",
        # the modal of a clause after "at", "som", "hvor": not the sentence's own
        "Veilederen legger opp til at det skal dokumenteres at alle nasjonale veiledere er "
        "implementert og at praksis samsvarer med de nasjonale rådene.",
        # words in quotation marks are mentioned, not used
        "Skogen av «skal» og «bør» i veiledere og retningslinjer er omfattende.",
        # "kan" that describes a possibility
        "Standardiserte og omfattende diagnosespesifikke retningslinjer kan i seg selv være til "
        "hinder for lokal tilpasning.",
    ],
)
def test_what_does_not_decide(sentence: str) -> None:
    assert sentence_wording(sentence) is None


def test_skal_inside_a_quoted_provision_is_the_laws_verb() -> None:
    sentence = (
        "Helsepersonelloven § 4 lyder: «Helsepersonell skal utføre sitt arbeid i samsvar med "
        "de krav til faglig forsvarlighet og omsorgsfull hjelp som kan forventes», og "
        "kommunen bør gi opplæring i dette."
    )
    wording = sentence_wording(sentence)
    assert wording is not None and (wording.kind, wording.marker) == ("bor", "bør")
    assert sentence_wording(sentence[: sentence.index(", og")]) is None


def test_conditional_first_modal_is_not_the_main_one() -> None:
    sentence = (
        "Dersom henvisningen gir opplysninger om suicidrisiko, skal fristen være kortere, og "
        "behovet for øyeblikkelig hjelp bør vurderes."
    )
    assert sentence in html_to_text(_response("kapittel-by-id.json")["tekst"])
    wording = sentence_wording(sentence)
    assert wording is not None and wording.evidence == "skal fristen være kortere"


def test_split_statements_reads_every_list_item_on_its_own() -> None:
    text = html_to_text(_response("anbefaling-by-id.json")["tekst"])
    statements = split_statements(text)
    for s in statements:
        assert text[s.start : s.end] == s.text
    items = [s for s in statements if s.item is not None]
    # each bulleted recommendation is followed by its explanation: a list of one item each
    assert items and {s.item for s in items} == {0}
    practical = html_to_text(_response("rad-by-id.json")["data"]["praktisk"])
    listed = [s for s in split_statements(practical) if s.item is not None]
    assert [s.item for s in listed] == list(range(6))
    assert listed[0].text == "tar flere legemidler fast"
    by_text = {s.text: s for s in items}
    ma = by_text["Pasienter og brukeres medvirkning må styrkes"]
    assert (ma.strength_name, ma.marker, ma.evidence) == (
        "skal",
        "må",
        "og brukeres medvirkning må styrkes",
    )
    assert by_text["Observasjonskompetansen i tjenestene bør styrkes"].strength_name == "bor"
    headings = {s.paragraph for s in items}
    assert len(headings) == len(items)  # every item is a block of its own
    assert {s.strength_name for s in statements} >= {"skal", "bor", "uavklart"}


def test_split_statements_on_pdf_text_joins_soft_line_breaks() -> None:
    text = (SOURCES / "000_aa27acb256f578c0.txt").read_text(encoding="utf-8")
    statements = split_statements(text)
    for s in statements:
        assert text[s.start : s.end] == s.text
    sentence = next(s for s in statements if s.text.startswith("Direktoratene bør"))
    assert " ".join(sentence.text.split()) == (
        "Direktoratene bør i større grad legge til rette for at kommunene kan løse oppgavene "
        "sine fremfor å sette opp krav og normer."
    )
    assert sentence.strength_name == "bor" and sentence.item is None
    question = next(s for s in statements if s.text.startswith("Har du relevante eksempler"))
    assert question.question and question.strength_name == "uavklart"
    draft = [
        s
        for s in statements
        if s.text.startswith(
            ("Virksomhetsleder skal", "Implementering av nasjonale faglige råd og anbefalinger bør")
        )
    ]
    assert [(s.strength_name, s.item is not None) for s in draft] == [
        ("skal", True),
        ("bor", True),
    ]
