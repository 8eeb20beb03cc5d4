"""The trace picture: chains that share a box draw it once, with an arrow from each."""

from __future__ import annotations

from collections import Counter

import pytest

from graph.views.trace_svg import NodeSpec, Orientation, layout_chains

START = NodeSpec("Anbefaling · skal", "Virksomheten skal dokumentere", "urn:rec", "start")
ACT = NodeSpec("Forskrift", "Pasientjournalforskriften", "urn:act", "act")
PARA = NodeSpec("pjf. § 6", "Opplysninger", "urn:act/6", "legal")
POINT = NodeSpec(
    "Første ledd bokstav g", "pjf. § 6 første ledd bokstav g", "urn:act/6", "legal", "#g"
)
OTHER = NodeSpec("pjf. § 7", "Tilgang", "urn:act/7", "legal")
CHAINS = [[START, POINT, PARA, ACT], [START, PARA, ACT], [START, OTHER, ACT]]


@pytest.mark.parametrize("orientation", ["horizontal", "vertical"])
def test_each_box_is_drawn_once_with_an_arrow_from_each_chain(orientation: Orientation) -> None:
    diagram = layout_chains("t", "Hjemmel", CHAINS, orientation)
    drawn = Counter((n.iri, n.fragment) for n in diagram.nodes)
    assert drawn == Counter(
        {
            ("urn:rec", ""): 1,
            ("urn:act/6", "#g"): 1,
            ("urn:act/6", ""): 1,
            ("urn:act/7", ""): 1,
            ("urn:act", ""): 1,
        }
    )
    # start→point, point→§ 6, § 6→act, start→§ 6, start→§ 7, § 7→act
    assert len(diagram.edges) == 6
    by_iri = {(n.iri, n.fragment): n for n in diagram.nodes}
    act = by_iri[("urn:act", "")]
    into_act = [
        e
        for e in diagram.edges
        if act.x - 2 <= e.x2 <= act.x + act.w and act.y - 2 <= e.y2 <= act.y + act.h
    ]
    assert len(into_act) == 2
    # every box inside the picture, no two boxes on top of each other
    for n in diagram.nodes:
        assert n.x >= 0 and n.x + n.w <= diagram.width and n.y + n.h <= diagram.height
    corners = [(n.x, n.y) for n in diagram.nodes]
    assert len(set(corners)) == len(corners)
    # the description still reads each chain
    assert diagram.desc.count("Forskrift: Pasientjournalforskriften") == 3


def test_an_arrow_that_skips_a_layer_runs_around_the_boxes() -> None:
    diagram = layout_chains("t", "Hjemmel", CHAINS, "horizontal")
    para = next(n for n in diagram.nodes if n.iri == "urn:act/6" and not n.fragment)
    start = next(n for n in diagram.nodes if n.iri == "urn:rec")
    [skip] = [
        e
        for e in diagram.edges
        if e.x1 == start.x + start.w and e.x2 == para.x - 2 and not e.straight
    ]
    lowest = max(n.y + n.h for n in diagram.nodes)
    assert max(y for _x, y in skip.points) > lowest
