"""Provision references checked against the legislation index.

A reference into an act of the Lovdata files resolves to what exists there:

- the provision number as Lovdata writes it (``§ 4a-5`` → ``§4A-5``);
- ``§ 6 g`` read as ``§6g`` is § 6 bokstav g when § 6g does not exist and § 6 has a point g;
- a point without its ledd goes to the one ledd that has it (``§6/ledd/1/bokstav/g``);
- what does not exist (a provision, a ledd beyond the last, a point) is unresolved. A ledd
  or point that does not exist leaves the provision above it as the nearest resource.

References into acts that are not in the index (repealed acts, amending acts) cannot be
checked and are kept as read.
"""

from __future__ import annotations

import re

from graph.citations.legislation_index import ActEntry, legislation
from graph.citations.provisions import Item

__all__ = ["between", "resolve_item"]

_LETTER_SUFFIX = re.compile(r"^(.*\d)([a-z])$")


def resolve_item(item: Item, act: str) -> tuple[list[str], list[str]]:
    """(refs of existing resources, refs that name nothing) of one provision item."""
    entry = legislation().act(act)
    if entry is None or not entry.has_text:
        return item.refs(act), []
    number = entry.provision(item.number)
    points, kind = list(item.points), item.point_kind
    if number is None:
        m = _LETTER_SUFFIX.match(item.number)
        base = entry.provision(m[1]) if m and not points else None
        if base is None or m is None or not _has_point(entry, base, m[2], "bokstav", item.ledd):
            return [], item.refs(act)
        number, points, kind = base, [m[2]], "bokstav"
    return _below(entry, act, number, item.ledd, points, kind)


def _has_point(entry: ActEntry, number: str, label: str, kind: str, ledd: list[int]) -> bool:
    if not ledd:
        return entry.has_point(number, label, kind)
    return any(entry.has_point(number, label, kind, n) for n in ledd)


def _below(entry: ActEntry, act: str, number: str, ledd: list[int], points: list[str],
           kind: str) -> tuple[list[str], list[str]]:  # fmt: skip
    base = f"{act}/§{number}"
    count = entry.ledd_count(number)
    refs: list[str] = []
    unresolved = [f"{base}/ledd/{n}" for n in ledd if n > count]
    parents: list[tuple[str, int | None]] = [(f"{base}/ledd/{n}", n) for n in ledd if n <= count]
    if not parents:
        parents = [(base, None)]
    if not points:
        return [p for p, _ in parents], unresolved
    for parent, n in parents:
        for label in points:
            if n is None:
                found = [k for k in range(1, count + 1) if entry.has_point(number, label, kind, k)]
                if len(found) == 1:
                    refs.append(f"{base}/ledd/{found[0]}/{kind}/{label}")
                    continue
                if found:
                    refs.append(f"{parent}/{kind}/{label}")
                    continue
            elif entry.has_point(number, label, kind, n):
                refs.append(f"{parent}/{kind}/{label}")
                continue
            unresolved.append(f"{parent}/{kind}/{label}")
            if parent not in refs:
                refs.append(parent)
    return refs, unresolved


def between(act: str, first: Item, last: Item) -> list[str] | None:
    """The provisions strictly between the two ends of a range, in document order, as refs;
    None when the act is not in the index or an end does not exist."""
    entry = legislation().act(act)
    if entry is None or not entry.has_text:
        return None
    inner = entry.between(first.number, last.number)
    return None if inner is None else [f"{act}/§{n}" for n in inner]
