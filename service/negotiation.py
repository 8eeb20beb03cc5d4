"""HTTP content negotiation: the Accept header, with q-values and wildcards, against the
media types a route offers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from graph.errors import UnsupportedFormatError

__all__ = ["MediaRange", "best_match", "choose", "parse_accept"]


@dataclass(frozen=True)
class MediaRange:
    type: str
    subtype: str
    q: float

    def matches(self, media_type: str) -> bool:
        kind, _, sub = media_type.partition("/")
        return (self.type in ("*", kind)) and (self.subtype in ("*", sub))

    @property
    def specificity(self) -> int:
        return (self.type != "*") + (self.subtype != "*")


def parse_accept(header: str | None) -> list[MediaRange]:
    """The media ranges of an Accept header; an absent or empty header accepts anything.

    >>> [(r.type, r.subtype, r.q) for r in parse_accept("text/html;q=0.9, */*;q=0.1")]
    [('text', 'html', 0.9), ('*', '*', 0.1)]
    """
    if not header or not header.strip():
        return [MediaRange("*", "*", 1.0)]
    ranges: list[MediaRange] = []
    for part in header.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        if media == "*":
            media = "*/*"
        kind, _, sub = media.partition("/")
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value.strip()), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append(MediaRange(kind, sub or "*", q))
    return ranges


def _quality(ranges: Sequence[MediaRange], media_type: str) -> float:
    matching = [r for r in ranges if r.matches(media_type)]
    if not matching:
        return 0.0
    return max(matching, key=lambda r: r.specificity).q


def best_match(accept: str | None, offered: Sequence[str]) -> str | None:
    """The offered media type the client prefers most; ties go to the earlier offer.
    None when the client accepts none of them.

    >>> best_match("text/html,application/xhtml+xml,*/*;q=0.8", ["text/turtle", "text/html"])
    'text/html'
    >>> best_match("application/json", ["text/turtle"]) is None
    True
    """
    return _best_match(accept, tuple(offered))


@lru_cache(maxsize=512)
def _best_match(accept: str | None, offered: tuple[str, ...]) -> str | None:
    # clients send the same few Accept headers again and again
    ranges = parse_accept(accept)
    best: tuple[float, int] | None = None
    chosen: str | None = None
    for index, media_type in enumerate(offered):
        q = _quality(ranges, media_type)
        if q <= 0:
            continue
        key = (q, -index)
        if best is None or key > best:
            best, chosen = key, media_type
    return chosen


def choose(accept: str | None, offered: Sequence[str]) -> str:
    """Like :func:`best_match`, but refuses what cannot be met.

    :raises UnsupportedFormatError: no offered media type is acceptable (HTTP 406).
    """
    chosen = best_match(accept, offered)
    if chosen is None:
        raise UnsupportedFormatError(
            f"kan ikke levere / cannot provide {accept!r}; "
            f"tilgjengelig / available: {', '.join(offered)}"
        )
    return chosen
