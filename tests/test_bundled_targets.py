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


def test_helsedirektoratet_targets_are_all_known(untyped: list[tuple[str, str, str]]) -> None:
    from_helsedir = [row for row in untyped if "/graf/helsedir/" in row[0]]
    assert from_helsedir == []


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
