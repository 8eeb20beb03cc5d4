"""The Norsk Lovtidend importer on the three real 2025 amending documents in
../shared/data/lovdata/lovtidend-2025: every instruction, read by hand from the XML."""

from __future__ import annotations

import tarfile
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

from graph.cli import main as cli_main
from graph.errors import ImportFailedError
from graph.importers.lovtidend import LovtidendReport, check_targets, import_files, parse_files
from graph.importers.lovtidend_parse import Change, parse_amending_act, punktum_iri
from graph.importers.lovtidend_rdf import lovtidend_graph, to_graph
from graph.model.iris import ref_to_iri
from graph.model.vocab import CHANGE_KIND, ELI, HJ, IN_FORCE
from graph.questions.named import run_query
from graph.store import Store
from graph.store.embedded import EmbeddedStore
from graph.validation.shacl import validate_graph

LAW_72 = "nl-20250620-072.xml"  # spesialisthelsetjenesteloven, helse- og omsorgstjenesteloven
LAW_74 = "nl-20250620-074.xml"  # helsetilsynsloven mv. (meldeordning for alvorlige hendelser)
REG_599 = "sf-20250404-0599.xml"  # akuttmedisinforskriften


def _iri(ref: str) -> str:
    """A Lovdata reference as an IRI; ``…/ledd/1/punktum/2`` for a punktum."""
    head, _, punktum = ref.partition("/punktum/")
    iri = str(ref_to_iri(head))
    return punktum_iri(iri, int(punktum)) if punktum else iri


# (part, instruction number, target number, kind, target, renumbered to, new title)
Expected = tuple[str, int, int, str, str, str | None, str | None]

EXPECTED: dict[str, list[Expected]] = {
    LAW_72: [
        ("I", 1, 1, "innsatt", "lov/1999-07-02-61/§3-8a", None,
         "Beskyttelse av betegnelsen sykehus"),
        ("I", 2, 1, "erstattet", "lov/1999-07-02-61/§4-1/ledd/2", None, None),
        ("I", 2, 2, "erstattet", "lov/1999-07-02-61/§4-1/ledd/3", None, None),
        ("I", 3, 1, "omnummerert", "lov/1999-07-02-61/§4-1/ledd/3",
         "lov/1999-07-02-61/§4-1/ledd/4", None),
        ("I", 3, 2, "omnummerert", "lov/1999-07-02-61/§4-1/ledd/4",
         "lov/1999-07-02-61/§4-1/ledd/5", None),
        ("II", 1, 1, "innsatt", "lov/2011-06-24-30/§1-2/ledd/1/punktum/2", None, None),
        ("II", 2, 1, "innsatt", "lov/2011-06-24-30/§12-7", None,
         "Godkjenning av virksomheter og tjenesteytere"),
        ("II", 3, 1, "innsatt", "lov/2011-06-24-30/§12-8", None,
         "Beskyttelse av betegnelsen legevakt"),
    ],
    LAW_74: [
        ("I", 1, 1, "erstattet", "lov/1983-06-03-54/§1-7", None,
         "Melding og rapport om alvorlige hendelser"),
        ("II", 1, 1, "erstattet", "lov/1999-07-02-61/§3-3a", None,
         "Melding og rapport om alvorlige hendelser"),
        ("II", 2, 1, "erstattet", "lov/1999-07-02-61/§7-1", None, "Pålegg og tvangsmulkt"),
        ("III", 1, 1, "erstattet", "lov/1999-07-02-63/§3-2/ledd/6", None, None),
        ("III", 2, 1, "opphevet", "lov/1999-07-02-63/§7-4/ledd/2", None, None),
        ("III", 3, 1, "erstattet", "lov/1999-07-02-63/§7-4a/ledd/3", None, None),
        ("III", 3, 2, "erstattet", "lov/1999-07-02-63/§7-4a/ledd/4", None, None),
        ("III", 4, 1, "erstattet", "lov/1999-07-02-63/§7-6", None,
         "Melding om alvorlige hendelser"),
        ("IV", 1, 1, "erstattet", "lov/2011-06-24-30/§12-3/ledd/2", None, None),
        ("IV", 2, 1, "erstattet", "lov/2011-06-24-30/§12-3a", None,
         "Melding og rapport om alvorlige hendelser"),
        ("V", 1, 1, "erstattet", "lov/2017-06-16-56/§7", None,
         "Melding til undersøkelseskommisjonen om alvorlige hendelser"),
        ("VI", 1, 1, "erstattet", "lov/2017-12-15-107/§1", None, "Lovens formål"),
        ("VI", 2, 1, "erstattet", "lov/2017-12-15-107/§4/ledd/1", None, None),
        ("VI", 3, 1, "erstattet", "lov/2017-12-15-107/§4/ledd/4", None, None),
        ("VI", 4, 1, "omnummerert", "lov/2017-12-15-107/§4/ledd/4",
         "lov/2017-12-15-107/§4/ledd/5", None),
        ("VI", 5, 1, "erstattet", "lov/2017-12-15-107/§6", None,
         "Melding og rapport om alvorlige hendelser"),
        ("VI", 6, 1, "erstattet", "lov/2017-12-15-107/§8/ledd/1", None, None),
    ],
    REG_599: [
        ("I", 1, 1, "erstattet", "forskrift/2015-03-20-231/§7/ledd/3", None, None),
    ],
}  # fmt: skip

# The instruction of every change, as printed.
INSTRUCTIONS = {
    LAW_72: [
        "Ny § 3-8 a skal lyde:",
        "§ 4-1 andre og tredje ledd skal lyde:",
        "§ 4-1 andre og tredje ledd skal lyde:",
        "Nåværende tredje og fjerde ledd blir fjerde og nytt femte ledd.",
        "Nåværende tredje og fjerde ledd blir fjerde og nytt femte ledd.",
        "§ 1-2 første ledd nytt annet punktum skal lyde:",
        "Ny § 12-7 skal lyde:",
        "Ny § 12-8 skal lyde:",
    ],
    LAW_74: [
        # from "I lov 3. juni 1983 nr. 54 om tannhelsetjenesten skal § 1-7 lyde:"
        "§ 1-7 skal lyde:",
        "§ 3-3 a skal lyde:",
        "§ 7-1 skal lyde:",
        "§ 3-2 sjette ledd skal lyde:",
        "§ 7-4 andre ledd oppheves.",
        "§ 7-4 a tredje og fjerde ledd skal lyde:",
        "§ 7-4 a tredje og fjerde ledd skal lyde:",
        "§ 7-6 skal lyde:",
        "§ 12-3 andre ledd skal lyde:",
        "§ 12-3 a skal lyde:",
        "§ 7 skal lyde:",  # from "I lov 16. juni 2017 nr. 56 … skal § 7 lyde:"
        "§ 1 skal lyde:",
        "§ 4 første ledd skal lyde:",
        "§ 4 fjerde ledd skal lyde:",
        "Nåværende § 4 fjerde ledd blir nytt femte ledd.",
        "§ 6 skal lyde:",
        "§ 8 første ledd skal lyde:",
    ],
    REG_599: ["§ 7 tredje ledd skal lyde:"],
}

# How many ledd the new wording of each whole provision has.
PROVISION_LEDD = {
    "lov/1999-07-02-61/§3-8a": 2,
    "lov/2011-06-24-30/§12-7": 3,
    "lov/2011-06-24-30/§12-8": 2,
    "lov/1983-06-03-54/§1-7": 2,
    "lov/1999-07-02-61/§3-3a": 2,
    "lov/1999-07-02-61/§7-1": 1,
    "lov/1999-07-02-63/§7-6": 2,
    "lov/2011-06-24-30/§12-3a": 2,
    "lov/2017-06-16-56/§7": 3,
    "lov/2017-12-15-107/§1": 1,
    "lov/2017-12-15-107/§6": 4,
}


@pytest.fixture(scope="module")
def lovtidend(shared_data: Path) -> Path:
    return shared_data / "lovdata" / "lovtidend-2025"


def _parse(folder: Path, name: str):  # type: ignore[no-untyped-def]
    return parse_amending_act((folder / name).read_bytes(), name)


def _row(c: Change) -> Expected:
    return (c.part, c.number, c.index, c.kind, c.target or "", c.renumbered_to, c.title)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_instruction_is_read(lovtidend: Path, name: str) -> None:
    act = _parse(lovtidend, name)
    expected = [
        (p, n, i, k, _iri(t), _iri(r) if r else None, title)
        for p, n, i, k, t, r, title in EXPECTED[name]
    ]
    assert [_row(c) for c in act.changes] == expected
    assert [c.instruction for c in act.changes] == INSTRUCTIONS[name]
    assert act.unread == []


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_wording_is_given_exactly_where_the_instruction_gives_it(
    lovtidend: Path, name: str
) -> None:
    for change in _parse(lovtidend, name).changes:
        if change.kind in ("opphevet", "omnummerert"):
            assert change.wording is None, change.position
            continue
        assert change.wording, change.position
        ref = next(t for _, _, _, _, t, _, _ in EXPECTED[name] if _iri(t) == change.target)
        if ref in PROVISION_LEDD:
            assert change.wording.count("\n") + 1 == PROVISION_LEDD[ref], ref
        else:
            assert "\n" not in change.wording, ref


def test_wording_texts(lovtidend: Path) -> None:
    by_target = {c.target: c for c in _parse(lovtidend, LAW_72).changes if c.kind != "omnummerert"}
    punktum = by_target[_iri("lov/2011-06-24-30/§1-2/ledd/1/punktum/2")]
    assert punktum.wording == (
        "Bestemmelsene i §§ 12-7 og 12-8 gjelder også for helse- og omsorgstjenester som "
        "tilbys eller ytes av private tjenesteytere uten avtale med kommunen."
    )
    ledd3 = by_target[_iri("lov/1999-07-02-61/§4-1/ledd/3")]
    assert ledd3.wording == (
        "Departementet kan gi forskrift med nærmere bestemmelser om vilkår for tildeling av "
        "godkjenning som kreves i medhold av første og andre ledd."
    )
    new_12_7 = by_target[_iri("lov/2011-06-24-30/§12-7")].wording or ""
    assert new_12_7.startswith("Departementet kan gi forskrift om krav til og vilkår for")
    # The lettered points keep their labels and stay apart, as Lovdata prints them.
    first, *_ = new_12_7.split("\n")
    assert first.endswith(
        "for å ivareta ett eller flere av følgende hensyn: a. tjenestetilbudets kvalitet "
        "b. pasientsikkerhet c. å sikre nødvendige helsepersonellressurser for et forsvarlig "
        "offentlig tilbud av spesialisthelsetjenester eller kommunale helse- og "
        "omsorgstjenester d. samfunnssikkerhet e. beredskap."
    )
    assert "kvalitetpasientsikkerhet" not in new_12_7
    (reg,) = _parse(lovtidend, REG_599).changes
    assert reg.wording is not None
    assert reg.wording.endswith(
        "Statsforvalteren skal orienteres om unntak som gis etter denne bestemmelsen."
    )
    assert "frem til og med 31. desember 2025" in reg.wording


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_targets_agree_with_lovdatas_markup(lovtidend: Path, name: str) -> None:
    act = _parse(lovtidend, name)
    report = LovtidendReport(acts=[act])
    assert report.disagreements == []
    marked = [c for c in act.changes if c.markup]
    # The regulation's instruction carries no change markup; the laws mark every change.
    assert len(marked) == (0 if name == REG_599 else len(act.changes))


def test_in_force_rules(lovtidend: Path) -> None:
    law72, law74, reg = (_parse(lovtidend, n) for n in (LAW_72, LAW_74, REG_599))
    for law in (law72, law74):
        assert law.header_in_force == "Kongen bestemmer"
        assert law.in_force.rule == "kongen-bestemmer"
        assert law.in_force.separately is True
        assert law.in_force.date is None and law.in_force.until is None
    assert law72.in_force.other == []
    assert law74.in_force.other == ["Departementet kan gi overgangsregler."]
    assert reg.in_force.rule == "straks"
    assert (reg.in_force.date, reg.in_force.until) == ("2025-04-04", "2025-12-31")
    assert reg.in_force.separately is False
    assert reg.in_force.text == [
        "Forskriften trer i kraft straks og gjelder frem til og med 31. desember 2025."
    ]


def test_in_force_per_change_as_the_real_files_say(lovtidend: Path) -> None:
    """None of the three files gives a provision its own date: the two laws leave every
    provision to the King («Kongen kan sette i kraft de enkelte bestemmelsene … til
    forskjellig tid», no date yet), the regulation is in force from 4 April through 31
    December 2025 as a whole."""
    for name in (LAW_72, LAW_74):
        act = _parse(lovtidend, name)
        assert act.in_force.by_provision == {} and act.in_force.by_part == {}
        assert {(c.in_force, c.until) for c in act.changes} == {(None, None)}
        g = to_graph(act)
        for change in g.subjects(RDF.type, HJ.Change):
            assert g.value(change, ELI.first_date_entry_in_force) is None
            assert g.value(change, HJ.inForceRule) == IN_FORCE["kongen-bestemmer"]
    reg = _parse(lovtidend, REG_599)
    assert [(c.in_force, c.until) for c in reg.changes] == [("2025-04-04", "2025-12-31")]
    g = to_graph(reg)
    (change,) = g.subjects(RDF.type, HJ.Change)
    assert g.value(change, ELI.first_date_entry_in_force) == Literal(
        "2025-04-04", datatype=XSD.date
    )
    assert g.value(change, ELI.date_no_longer_in_force) == Literal("2025-12-31", datatype=XSD.date)
    assert g.value(change, HJ.inForceRule) == IN_FORCE["straks"]


def test_in_force_dates_per_provision_and_part(lovtidend: Path, tmp_path: Path) -> None:
    """A test-only copy of lov 20. juni 2025 nr. 72 whose final part gives dates per
    provision and per part (synthetic wording, never bundled)."""
    text = (lovtidend / LAW_72).read_text(encoding="utf-8")
    old = "Kongen kan sette i kraft de enkelte bestemmelsene til forskjellig tid."
    assert text.count(old) == 1
    new = (
        "§ 12-7 og § 12-8 trer i kraft 1. januar 2026. Del I trer i kraft 1. juli 2026. "
        "Endringene i § 1-2 trer i kraft fra 15. mars 2026."
    )
    act = parse_amending_act(text.replace(old, new).encode(), LAW_72)
    assert act.in_force.rule == "kongen-bestemmer"
    assert act.in_force.by_provision == {
        "12-7": "2026-01-01",
        "12-8": "2026-01-01",
        "1-2": "2026-03-15",
    }
    assert act.in_force.by_part == {"I": "2026-07-01"}
    dates = {c.target: c.in_force for c in act.changes if c.kind != "omnummerert"}
    assert dates[_iri("lov/2011-06-24-30/§12-7")] == "2026-01-01"
    assert dates[_iri("lov/2011-06-24-30/§1-2/ledd/1/punktum/2")] == "2026-03-15"
    assert dates[_iri("lov/1999-07-02-61/§3-8a")] == "2026-07-01"  # part I
    g = to_graph(act)
    node = URIRef(f"{act.act}/endring/II-2-1")
    assert g.value(node, ELI.first_date_entry_in_force) == Literal("2026-01-01", datatype=XSD.date)
    assert g.value(node, HJ.inForceRule) == IN_FORCE["dato"]
    assert g.value(URIRef(act.act), ELI.first_date_entry_in_force) is None
    assert validate_graph(g).conforms


def test_header(lovtidend: Path) -> None:
    law74 = _parse(lovtidend, LAW_74)
    assert law74.refid == "lov/2025-06-20-74"
    assert law74.legacy_id == "LOV-2025-06-20-74"
    assert law74.published == "2025-06-20"
    assert law74.amends == [
        "lov/1983-06-03-54",
        "lov/1999-07-02-61",
        "lov/1999-07-02-63",
        "lov/2011-06-24-30",
        "lov/2017-06-16-56",
        "lov/2017-12-15-107",
    ]
    # Every amended act in the header has a change, and every change amends one of them.
    assert {c.amended for c in law74.changes} == set(law74.amends)


def test_rdf_uses_eli_and_the_change_vocabulary(lovtidend: Path) -> None:
    g = to_graph(_parse(lovtidend, LAW_74))
    act = URIRef(str(ref_to_iri("lov/2025-06-20-74")))
    assert (act, RDF.type, HJ.AmendingAct) in g
    assert set(g.objects(act, ELI.amends)) == {
        ref_to_iri(r) for r in _parse(lovtidend, LAW_74).amends
    }
    repealed = URIRef(_iri("lov/1999-07-02-63/§7-4/ledd/2"))
    assert set(g.objects(act, ELI.repeals)) == {repealed}
    assert (repealed, ELI.changed_by, act) in g
    assert g.value(act, ELI.date_document) == Literal("2025-06-20", datatype=XSD.date)
    assert g.value(act, HJ.inForceRule) == IN_FORCE["kongen-bestemmer"]
    assert g.value(act, ELI.first_date_entry_in_force) is None
    change = URIRef(f"{act}/endring/VI-4-1")
    assert g.value(change, HJ.changeKind) == CHANGE_KIND.omnummerert
    assert g.value(change, HJ.changeTarget) == URIRef(_iri("lov/2017-12-15-107/§4/ledd/4"))
    assert g.value(change, HJ.renumberedTo) == URIRef(_iri("lov/2017-12-15-107/§4/ledd/5"))
    assert g.value(change, HJ.amendedAct) == ref_to_iri("lov/2017-12-15-107")
    assert len(set(g.subjects(RDF.type, HJ.Change))) == len(EXPECTED[LAW_74])
    reg = to_graph(_parse(lovtidend, REG_599))
    reg_act = URIRef(str(ref_to_iri("forskrift/2025-04-04-599")))
    assert reg.value(reg_act, ELI.first_date_entry_in_force) == Literal(
        "2025-04-04", datatype=XSD.date
    )
    assert set(reg.objects(reg_act, HJ.basedOnLaw)) == {
        ref_to_iri(r)
        for r in (
            "lov/1999-07-02-61/§2-1a",
            "lov/2011-06-24-30/§3-1",
            "lov/2011-06-24-30/§3-2",
            "lov/1999-07-02-64/§4",
        )
    }
    assert reg.value(reg_act, ELI.date_no_longer_in_force) == Literal(
        "2025-12-31", datatype=XSD.date
    )


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_imported_graph_conforms_to_the_shapes(lovtidend: Path, name: str) -> None:
    report = validate_graph(to_graph(_parse(lovtidend, name)))
    assert report.conforms, report.to_text("en")
    assert report.results == []


def _derived(lovtidend: Path, tmp_path: Path, old: str, new: str) -> Path:
    """A copy of lov 20. juni 2025 nr. 74 with one instruction's text replaced."""
    text = (lovtidend / LAW_74).read_text(encoding="utf-8")
    assert text.count(old) == 1
    path = tmp_path / LAW_74
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_an_instruction_of_unknown_form_is_kept_and_reported(
    lovtidend: Path, tmp_path: Path
) -> None:
    # Word substitution ("ordet … erstattes med …") is a real instruction form this
    # parser does not read; it must come back as unread, with its text and position.
    instruction = (
        "I § 7-4 andre ledd skal ordet «statsforvalteren» erstattes med «Statens helsetilsyn»."
    )
    path = _derived(lovtidend, tmp_path, "§ 7-4 andre ledd oppheves.", instruction)
    act = parse_amending_act(path.read_bytes(), path.name)
    (unread,) = act.unread
    assert (unread.part, unread.number, unread.kind) == ("III", 2, "ulest")
    assert unread.instruction == instruction
    assert unread.target is None and unread.amended == "lov/1999-07-02-63"
    assert unread.position == "del III, endring 2"
    # The other instructions are read as before.
    read = [_row(c) for c in act.changes if c.kind != "ulest"]
    assert len(read) == len(EXPECTED[LAW_74]) - 1
    report = LovtidendReport(acts=[act])
    assert "1 ulest" in report.summary()
    assert f"ulest / unread: {path.name}, del III, endring 2: «{instruction}»" in report.summary()
    shapes = validate_graph(to_graph(act))
    assert [r.shape.rsplit("#", 1)[1] for r in shapes.results] == ["UnreadChange"]


def test_wording_that_does_not_fit_the_targets_is_unread(lovtidend: Path, tmp_path: Path) -> None:
    # Two ledd announced, but the document gives two ledd for "tredje ledd" only.
    path = _derived(
        lovtidend,
        tmp_path,
        "§ 7-4 a tredje og fjerde ledd skal lyde:",
        "§ 7-4 a tredje ledd skal lyde:",
    )
    act = parse_amending_act(path.read_bytes(), path.name)
    (unread,) = act.unread
    assert unread.position == "del III, endring 3"
    assert unread.reason is not None and "1 targets, 2 wordings" in unread.reason


def test_targets_are_checked_against_the_stored_acts(lovtidend: Path, store: Store) -> None:
    report = LovtidendReport(acts=parse_files([lovtidend]))
    check_targets(store, report)
    # The bundled graph holds five of the seven amended acts.
    assert sorted(report.acts_not_stored) == ["forskrift/2015-03-20-231", "lov/2017-06-16-56"]
    assert report.missing == []


def test_a_target_missing_from_the_stored_act_is_reported(
    lovtidend: Path, tmp_path: Path, store: Store
) -> None:
    # § 7-4 of pasient- og brukerrettighetsloven has two ledd; a ninth cannot be repealed.
    path = _derived(
        lovtidend, tmp_path, "§ 7-4 andre ledd oppheves.", "§ 7-4 niende ledd oppheves."
    )
    report = LovtidendReport(acts=parse_files([path]))
    check_targets(store, report)
    ((_, change, resource),) = report.missing
    assert change.position == "del III, endring 2"
    assert resource == _iri("lov/1999-07-02-63/§7-4/ledd/9")


@pytest.fixture(params=["embedded", "oxigraph"])
def target_store(request: pytest.FixtureRequest) -> Store:
    """An empty store of each kind to import into."""
    return request.getfixturevalue(f"empty_{request.param}_store")


def test_import_folder_one_graph_per_act(lovtidend: Path, target_store: Store) -> None:
    report = import_files(target_store, [lovtidend])
    refids = ["forskrift/2025-04-04-599", "lov/2025-06-20-72", "lov/2025-06-20-74"]
    assert sorted(str(g) for g in target_store.graph_names()) == sorted(
        str(lovtidend_graph(r)) for r in refids
    )
    assert len(report.changes) == sum(len(v) for v in EXPECTED.values())
    assert target_store.count() == report.triples
    rows = run_query(
        target_store, "amendment-changes", act=URIRef(str(ref_to_iri("lov/2025-06-20-72")))
    )
    assert [(str(r["part"]), int(r["number"])) for r in rows] == [
        (p, n) for p, n, *_ in EXPECTED[LAW_72]
    ]
    assert [str(r["target"]) for r in rows] == [_iri(t) for *_, t, _, _ in EXPECTED[LAW_72]]
    assert {str(r["inForceRule"]) for r in rows} == {str(IN_FORCE["kongen-bestemmer"])}


def test_import_archive_and_a_broken_file_changes_nothing(
    lovtidend: Path, tmp_path: Path, empty_store: Store
) -> None:
    archive = tmp_path / "lovtidend.tar.bz2"
    with tarfile.open(archive, "w:bz2") as tar:
        for name in sorted(EXPECTED):
            tar.add(lovtidend / name, arcname=f"lti/{name}")
    report = import_files(empty_store, [archive])
    assert len(report.acts) == 3
    before = empty_store.count()
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / LAW_72).write_bytes((lovtidend / LAW_72).read_bytes())
    (broken / "nl-20250620-999.xml").write_bytes((lovtidend / LAW_74).read_bytes()[:5000])
    with pytest.raises(ImportFailedError) as e:
        import_files(empty_store, [broken])
    assert "nl-20250620-999.xml" in str(e.value)
    assert empty_store.count() == before


def test_cli_import(lovtidend: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store_path = tmp_path / "store"
    code = cli_main(["--store-path", str(store_path), "import", "lovtidend", str(lovtidend)])
    out = capsys.readouterr().out
    assert code == 0
    total = sum(len(v) for v in EXPECTED.values())
    assert "3 endringsdokumenter (2 endringslover, 1 endringsforskrifter)" in out
    assert f"{total} endringer, 0 ulest" in out
    reopened: Store = EmbeddedStore(store_path)
    assert len(reopened.graph_names()) == 3
    reopened.close()
