"""Every hj:legalBasis, hj:basedOnLaw and hj:cites target of the bundled graph should be a
resource the graph knows (typed). Loaded into an in-memory embedded store."""

from __future__ import annotations

import pytest

from graph.importers.bundled import load_bundled
from graph.importers.helsedir_legal import legal_references
from graph.importers.helsedir_text import parse_html
from graph.store.embedded import EmbeddedStore

_UNTYPED = """
PREFIX hj: <https://w3id.org/hjemmel/ontology#>
SELECT DISTINCT ?g ?p ?o WHERE {
    GRAPH ?g { ?s ?p ?o }
    VALUES ?p { hj:legalBasis hj:basedOnLaw hj:cites }
    FILTER NOT EXISTS { ?o a ?type }
}
"""


@pytest.fixture(scope="module")
def untyped() -> list[tuple[str, str, str]]:
    store = EmbeddedStore(None)
    load_bundled(store)
    return [(str(r["g"]), str(r["p"]), str(r["o"])) for r in store.select(_UNTYPED)]


B = "https://w3id.org/hjemmel/"
# Acts that links in the bundled acts (or the header of a referenced regulation) point to,
# but that are neither among the Lovdata files nor named with a title by any link there, nor
# in graph/data/lover-opphevet.tsv: known by their id only. Each is an act IRI, never a
# provision's.
UNKNOWN_ACTS = {
    "forskrift/1990-07-13-550", "forskrift/2000-12-21-1385", "forskrift/2002-12-20-1731",
    "forskrift/2003-12-19-1790", "forskrift/2012-06-07-518", "forskrift/2014-05-14-628",
    "forskrift/2014-12-17-1757", "forskrift/2015-06-19-676", "forskrift/2020-05-29-1088",
    "forskrift/2022-06-22-1133", "lov/2008-12-19-106",
}  # fmt: skip
# curated.ttl: forskrift om ledelse og kvalitetsforbedring is based on § 7 of the repealed
# helsetilsynsloven of 1984 (as Lovdata's header of the regulation also says). The act is
# known, titled from helsetilsynsloven 2017 § 14 ("Fra samme tid oppheves lov 30. mars 1984
# nr. 15 om statlig tilsyn med helsetjenesten"), but its text is not among the Lovdata files,
# so its § 7 cannot be checked and stays an untyped target.
REPEALED_PROVISION = (B + "graf/kuratert", "basedOnLaw", B + "lov/1984-03-30-15/paragraf/7")


def test_every_target_of_the_bundled_graph_is_known(untyped: list[tuple[str, str, str]]) -> None:
    rows = {(g, p.rsplit("#", 1)[-1], o) for g, p, o in untyped}
    assert REPEALED_PROVISION in rows
    rest = rows - {REPEALED_PROVISION}
    assert {o.removeprefix(B) for _, _, o in rest} == UNKNOWN_ACTS


def test_helsedirektoratet_targets_are_all_known(untyped: list[tuple[str, str, str]]) -> None:
    from_helsedir = [row for row in untyped if "/graf/helsedir/" in row[0]]
    assert from_helsedir == []


def test_targets_take_the_real_case_of_the_provision(
    untyped: list[tuple[str, str, str]],
) -> None:
    # pasientrettighetsloven kapittel 4A is linked as §4a-… in other acts
    from graph.importers.lovdata_parse import resolve_ref

    assert resolve_ref("lov/1999-07-02-63/§4a-5") == B + "lov/1999-07-02-63/paragraf/4A-5"
    assert resolve_ref("lov/1999-07-02-63/kap4a") == B + "lov/1999-07-02-63/kapittel/4A"
    # a ledd beyond the last resolves to the provision, a repealed act's § to the act
    assert resolve_ref("lov/1999-07-02-63/§1-3/ledd/9") == B + "lov/1999-07-02-63/paragraf/1-3"
    assert resolve_ref("lov/1902-05-22-10/§266") == B + "lov/1902-05-22-10"
    assert not [row for row in untyped if "/paragraf/4a-" in row[2]]


def test_no_provision_iri_for_a_paragraph_that_does_not_exist(
    untyped: list[tuple[str, str, str]],
) -> None:
    assert not [row for row in untyped if row[2].endswith("/paragraf/1-3d")]


def test_a_letter_after_a_provision_is_its_point_when_no_such_provision_exists() -> None:
    # regelverk-lov-eller-forskrift-by-id.json: the link text reads "§ 1-3 d" (bokstav d),
    # the link goes to § 1-3; § 1-3d does not exist, § 1-3 first ledd has a point d
    html = (
        'jf. <a href="https://lovdata.no/lov/1999-07-02-63/§1-3">pasient- og '
        "brukerrettighetsloven § 1-3 d</a>. Se også helse- og omsorgstjenesteloven § 3-1."
    )
    refs, _ = legal_references(parse_html(html))
    iris = {str(r.iri).removeprefix("https://w3id.org/hjemmel/") for r in refs}
    assert iris == {
        "lov/1999-07-02-63/paragraf/1-3",
        "lov/1999-07-02-63/paragraf/1-3/ledd/1/bokstav/d",
        "lov/2011-06-24-30/paragraf/3-1",
    }
    # a citation more precise than its link (a part of the linked act) is kept
    html = (
        '<a href="https://lovdata.no/lov/2011-06-24-30">helse- og omsorgstjenesteloven § 12-5</a>'
    )
    refs, _ = legal_references(parse_html(html))
    iris = {str(r.iri).removeprefix("https://w3id.org/hjemmel/") for r in refs}
    assert iris == {"lov/2011-06-24-30", "lov/2011-06-24-30/paragraf/12-5"}
