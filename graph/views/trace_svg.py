"""The legal-basis trace as a picture: each chain (a recommendation, product or publisher
and the law it rests on, from the most specific point up to the act) is laid out as a row
of boxes joined by arrows — left to right on wide screens, top to bottom on narrow ones.
The chains of one relation share a picture: a box that several chains pass through is
drawn once, with an arrow from each.

Coordinates are computed here; ``service/templates/law/_trace.html`` draws them as SVG, so
every text is escaped by the template engine. Each box is a link with an accessible name.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "Diagram",
    "Edge",
    "Node",
    "NodeSpec",
    "Orientation",
    "State",
    "layout",
    "layout_chains",
]

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
    """An arrow: a straight line, or a path bent at right angles around the boxes."""

    points: tuple[tuple[int, int], ...]
    missing: bool

    @property
    def straight(self) -> bool:
        return len(self.points) == 2

    @property
    def x1(self) -> int:
        return self.points[0][0]

    @property
    def y1(self) -> int:
        return self.points[0][1]

    @property
    def x2(self) -> int:
        return self.points[-1][0]

    @property
    def y2(self) -> int:
        return self.points[-1][1]

    @property
    def path(self) -> str:
        return " ".join(f"{x},{y}" for x, y in self.points)


@dataclass(frozen=True)
class Diagram:
    """The chains of one relation drawn in one orientation."""

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


Key = tuple[str, ...]


def _key(spec: NodeSpec) -> Key:
    """Boxes that stand for the same thing are drawn once."""
    if spec.iri:
        return ("iri", spec.iri, spec.fragment)
    return ("text", spec.kind, spec.text, spec.state)


@dataclass
class _Graph:
    specs: dict[Key, NodeSpec]
    edges: list[tuple[Key, Key, bool]]
    layer: dict[Key, int]
    order: list[Key]


def _merge(chains: list[list[NodeSpec]]) -> _Graph:
    """The chains as one graph: each box once, each step of each chain an edge; a box's
    layer is its longest distance from a start, so every arrow points forward."""
    specs: dict[Key, NodeSpec] = {}
    edges: list[tuple[Key, Key, bool]] = []
    for chain in chains:
        previous: Key | None = None
        for spec in chain:
            key = _key(spec)
            specs.setdefault(key, spec)
            if previous is not None and previous != key:
                edge = (previous, key, spec.state in ("missing", "none"))
                if edge not in edges:
                    edges.append(edge)
            previous = key
    layer = dict.fromkeys(specs, 0)
    for _ in range(len(specs)):
        changed = False
        for a, b, _missing in edges:
            if layer[b] < layer[a] + 1 <= len(specs):
                layer[b] = layer[a] + 1
                changed = True
        if not changed:
            break
    first = {key: i for i, key in enumerate(specs)}
    order = sorted(specs, key=lambda k: (layer[k], first[k]))
    return _Graph(specs, edges, layer, order)


def _node(spec: NodeSpec, x: int, y: int, orientation: Orientation) -> Node:
    w, h, _gap, chars, lines = _GEOMETRY[orientation]
    return Node(
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


_CHANNEL = 7
"""Distance between two arrows routed around the boxes."""


def _horizontal(graph: _Graph) -> tuple[dict[Key, Node], list[Edge], int, int]:
    """Layers as columns, the boxes of a layer stacked; an arrow that skips a layer runs
    below every box."""
    w, h, gap, _chars, _lines = _GEOMETRY["horizontal"]
    rows: dict[int, int] = {}
    place: dict[Key, Node] = {}
    for key in graph.order:
        column = graph.layer[key]
        row = rows.get(column, 0)
        rows[column] = row + 1
        x, y = _PAD + column * (w + gap), _PAD + row * (h + gap)
        place[key] = _node(graph.specs[key], x, y, "horizontal")
    bottom = _PAD + max(rows.values(), default=1) * (h + gap) - gap
    edges: list[Edge] = []
    routed = 0
    for a, b, missing in graph.edges:
        src, dst = place[a], place[b]
        sx, sy = src.x + w, src.y + h // 2
        dx, dy = dst.x - 2, dst.y + h // 2
        points: tuple[tuple[int, int], ...]
        if graph.layer[b] == graph.layer[a] + 1:
            if sy == dy:
                points = ((sx, sy), (dx, dy))
            else:
                mid = sx + gap // 2
                points = ((sx, sy), (mid, sy), (mid, dy), (dx, dy))
        else:
            routed += 1
            channel = bottom + routed * _CHANNEL
            out, back = sx + gap // 2 - routed, dst.x - gap // 2 + routed
            points = ((sx, sy), (out, sy), (out, channel), (back, channel), (back, dy), (dx, dy))
        edges.append(Edge(points, missing))
    columns = max(rows, default=0) + 1
    width = 2 * _PAD + columns * w + (columns - 1) * gap
    height = bottom + routed * _CHANNEL + _PAD
    return {key: place[key] for key in _chain_order(graph)}, edges, width, height


def _chain_order(graph: _Graph) -> list[Key]:
    """Every box after the boxes that point to it, a chain's boxes kept together as far as
    that allows (depth first)."""
    waiting = dict.fromkeys(graph.specs, 0)
    after: dict[Key, list[Key]] = {key: [] for key in graph.specs}
    for a, b, _missing in graph.edges:
        waiting[b] += 1
        after[a].append(b)
    stack = [key for key in reversed(graph.order) if not waiting[key]]
    order: list[Key] = []
    while stack:
        key = stack.pop()
        order.append(key)
        for nxt in reversed(after[key]):
            waiting[nxt] -= 1
            if not waiting[nxt]:
                stack.append(nxt)
    return order + [key for key in graph.order if key not in order]


def _vertical(graph: _Graph) -> tuple[dict[Key, Node], list[Edge], int, int]:
    """One column of boxes, layer by layer; an arrow between boxes that are not next to
    each other runs in the margin on the left."""
    w, h, gap, _chars, _lines = _GEOMETRY["vertical"]
    order = _chain_order(graph)
    position = {key: i for i, key in enumerate(order)}
    skips = [(a, b) for a, b, _m in graph.edges if position[b] != position[a] + 1]
    gutter = (len(skips) + 1) * _CHANNEL if skips else 0
    place = {
        key: _node(graph.specs[key], _PAD + gutter, _PAD + i * (h + gap), "vertical")
        for i, key in enumerate(order)
    }
    edges: list[Edge] = []
    routed = 0
    for a, b, missing in graph.edges:
        src, dst = place[a], place[b]
        if position[b] == position[a] + 1:
            cx = src.x + w // 2
            points: tuple[tuple[int, int], ...] = ((cx, src.y + h), (cx, dst.y - 2))
        else:
            routed += 1
            channel = _PAD + gutter - routed * _CHANNEL
            sy, dy = src.y + h // 2 + routed, dst.y + h // 2 - routed
            points = ((src.x, sy), (channel, sy), (channel, dy), (dst.x - 2, dy))
        edges.append(Edge(points, missing))
    count = max(len(order), 1)
    return (
        place,
        edges,
        2 * _PAD + gutter + w,
        2 * _PAD + count * h + (count - 1) * gap,
    )


def layout_chains(
    ident: str, title: str, chains: list[list[NodeSpec]], orientation: Orientation
) -> Diagram:
    """The boxes and arrows of several chains in one picture; each chain runs from its
    start (what rests on the law) to the act, and a box shared by several chains (the
    start, an act, a provision) is drawn once with an arrow from each."""
    graph = _merge(chains)
    nodes, edges, width, height = (
        _horizontal(graph) if orientation == "horizontal" else _vertical(graph)
    )
    desc = "; ".join(
        " → ".join(nodes[_key(spec)].label for spec in chain) for chain in chains if chain
    )
    return Diagram(
        f"{ident}-{orientation[0]}",
        title,
        desc,
        orientation,
        width,
        height,
        tuple(nodes.values()),
        tuple(edges),
    )


def layout(ident: str, title: str, specs: list[NodeSpec], orientation: Orientation) -> Diagram:
    """The boxes and arrows of one chain; ``specs`` run from the start (what rests on the
    law) to the act."""
    return layout_chains(ident, title, [specs], orientation)
