"""The legal-basis trace as a picture: each chain (a recommendation, product or publisher
and the law it rests on, from the most specific point up to the act) is laid out as a row
of boxes joined by arrows — left to right on wide screens, top to bottom on narrow ones.

Coordinates are computed here; ``service/templates/law/_trace.html`` draws them as SVG, so
every text is escaped by the template engine. Each box is a link with an accessible name.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import Literal

__all__ = ["Diagram", "Edge", "Node", "NodeSpec", "Orientation", "State", "layout"]

Orientation = Literal["horizontal", "vertical"]
State = Literal["start", "legal", "act", "missing", "none", "conflict"]
"""How a box is drawn: the thing that needs a basis, a level of the law, the act, a
missing basis (red), no basis given (grey), or a basis that is disputed."""


@dataclass(frozen=True)
class NodeSpec:
    """One box before layout: its kind line, its text and where it links."""

    kind: str
    text: str
    iri: str | None
    state: State = "legal"
    fragment: str = ""


@dataclass(frozen=True)
class Node:
    x: int
    y: int
    w: int
    h: int
    kind: str
    lines: tuple[str, ...]
    iri: str | None
    fragment: str
    label: str
    state: State

    @property
    def text_x(self) -> int:
        return self.x + 10

    @property
    def kind_y(self) -> int:
        return self.y + _KIND_LINE

    @property
    def rows(self) -> tuple[tuple[int, str], ...]:
        """Each text line with its baseline."""
        return tuple(
            (self.y + _KIND_LINE + (i + 1) * _LINE + 2, line) for i, line in enumerate(self.lines)
        )


@dataclass(frozen=True)
class Edge:
    x1: int
    y1: int
    x2: int
    y2: int
    missing: bool


@dataclass(frozen=True)
class Diagram:
    """One chain drawn in one orientation."""

    id: str
    title: str
    desc: str
    orientation: Orientation
    width: int
    height: int
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]


# Box sizes and how many characters of 13 px text fit on a line of each.
_GEOMETRY: dict[Orientation, tuple[int, int, int, int, int]] = {
    # width, height, gap, characters per line, lines
    "horizontal": (172, 82, 24, 23, 3),
    "vertical": (320, 66, 22, 44, 2),
}
_KIND_LINE = 18
_LINE = 16
_PAD = 8


def _wrap(text: str, chars: int, lines: int) -> tuple[str, ...]:
    wrapped = textwrap.wrap(text, chars, break_long_words=True) or [""]
    if len(wrapped) > lines:
        last = wrapped[lines - 1]
        wrapped = [*wrapped[: lines - 1], last[: max(chars - 1, 1)].rstrip() + "…"]
    return tuple(wrapped)


def layout(ident: str, title: str, specs: list[NodeSpec], orientation: Orientation) -> Diagram:
    """The boxes and arrows of one chain; ``specs`` run from the start (what rests on the
    law) to the act."""
    w, h, gap, chars, lines = _GEOMETRY[orientation]
    nodes: list[Node] = []
    edges: list[Edge] = []
    for i, spec in enumerate(specs):
        if orientation == "horizontal":
            x, y = _PAD + i * (w + gap), _PAD
        else:
            x, y = _PAD, _PAD + i * (h + gap)
        nodes.append(
            Node(
                x,
                y,
                w,
                h,
                _wrap(spec.kind, chars - 2, 1)[0],
                _wrap(spec.text, chars, lines),
                spec.iri,
                spec.fragment,
                f"{spec.kind}: {spec.text}" if spec.text else spec.kind,
                spec.state,
            )
        )
        if i:
            prev = nodes[i - 1]
            missing = spec.state in ("missing", "none")
            if orientation == "horizontal":
                edges.append(Edge(prev.x + w, y + h // 2, x - 2, y + h // 2, missing))
            else:
                edges.append(Edge(x + w // 2, prev.y + h, x + w // 2, y - 2, missing))
    count = max(len(specs), 1)
    if orientation == "horizontal":
        width, height = 2 * _PAD + count * w + (count - 1) * gap, 2 * _PAD + h
    else:
        width, height = 2 * _PAD + w, 2 * _PAD + count * h + (count - 1) * gap
    desc = " → ".join(n.label for n in nodes)
    return Diagram(
        f"{ident}-{orientation[0]}",
        title,
        desc,
        orientation,
        width,
        height,
        tuple(nodes),
        tuple(edges),
    )
