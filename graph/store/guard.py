"""Checks on a query text from outside, made before any parser or endpoint sees it.

pyoxigraph (and an Oxigraph server) parse a query by recursive descent: 5,000 nested
brackets, or a few thousand ``UNION``, ``OPTIONAL`` or ``+`` in a row, overflow the stack
and end the process. ``SERVICE`` makes the store send a request to any address the query
names. :func:`check_query` refuses all of these with a 400 before the text is parsed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from graph.errors import LimitExceededError, ServiceNotAllowedError
from graph.store.nesting import scan_sparql, unescape_codepoints

if TYPE_CHECKING:
    from graph.settings import Settings

__all__ = ["QueryLimits", "check_query"]


@dataclass(frozen=True)
class QueryLimits:
    """Limits on a query text, and on its run and answer; the defaults are the settings'
    defaults, except that ``timeout`` and ``max_result_bytes`` are None (no limit) unless
    given: the service gives them for the queries of ``/sparql``."""

    max_bytes: int = 100_000
    max_depth: int = 200
    max_tokens: int = 5_000
    allow_service: frozenset[str] = field(default_factory=frozenset)
    timeout: float | None = None
    """Seconds the query may run (``HJEMMEL_QUERY_TIMEOUT``, or less by request)."""
    max_result_bytes: int | None = None
    """Largest serialised answer (``HJEMMEL_MAX_RESULT_BYTES``)."""

    @classmethod
    def from_settings(cls, settings: Settings) -> QueryLimits:
        return cls(
            max_bytes=settings.max_query_bytes,
            max_depth=settings.max_query_depth,
            max_tokens=settings.max_query_tokens,
            allow_service=frozenset(settings.allow_service),
            timeout=settings.query_timeout,
            max_result_bytes=settings.max_result_bytes,
        )


def check_query(text: str, limits: QueryLimits | None = None) -> None:
    """Refuse ``text`` when it is too long, nests too deeply, has too many tokens, or calls
    a ``SERVICE`` endpoint that is not in ``limits.allow_service``.

    The text is read both as sent and with its ``\\uXXXX`` escapes replaced, since a SPARQL
    parser may replace them before it reads the query.

    :raises LimitExceededError: a size, depth or token limit is exceeded.
    :raises ServiceNotAllowedError: ``SERVICE`` to an endpoint not allowed.
    """
    limits = limits or QueryLimits()
    size = len(text.encode("utf-8", errors="surrogatepass"))
    if size > limits.max_bytes:
        raise LimitExceededError(
            f"spørringen er {size} byte; grensen er {limits.max_bytes} / "
            f"the query is {size} bytes; the limit is {limits.max_bytes}"
        )
    unescaped = unescape_codepoints(text)
    for variant in (text, unescaped) if unescaped != text else (text,):
        scan = scan_sparql(variant)
        if scan.depth > limits.max_depth:
            raise LimitExceededError(
                f"spørringen er nøstet {scan.depth} nivåer dypt; grensen er "
                f"{limits.max_depth} / the query nests {scan.depth} levels deep; the limit "
                f"is {limits.max_depth}"
            )
        if scan.tokens > limits.max_tokens:
            raise LimitExceededError(
                f"spørringen har {scan.tokens} symboler; grensen er {limits.max_tokens} / "
                f"the query has {scan.tokens} tokens; the limit is {limits.max_tokens}"
            )
        for endpoint in scan.services:
            if endpoint[1:-1] not in limits.allow_service or not endpoint.startswith("<"):
                raise ServiceNotAllowedError(
                    "SERVICE er ikke tillatt: tjenesten sender ingen forespørsler videre "
                    f"({endpoint or 'SERVICE'}) / SERVICE is not allowed: the service sends "
                    "no requests to other endpoints"
                )
