"""Field names: the REST API's JSON, the CLI's JSON and the JSON-LD context's keys are the
ontology's and the queries' camelCase names in snake_case."""

from __future__ import annotations

import re

__all__ = ["snake_case"]

_CAMEL = re.compile(r"(?<=[a-z0-9])([A-Z])")


def snake_case(name: str) -> str:
    """``hasLegalBasis`` → ``has_legal_basis``, as the REST API names its fields.

    >>> snake_case("hasLegalBasis"), snake_case("by_target")
    ('has_legal_basis', 'by_target')
    """
    return _CAMEL.sub(r"_\1", name).lower()
