"""Where the ontology, shapes, named queries and bundled data are found: beside the
package in a checkout or editable install, under ``share/hjemmel`` in an installed wheel."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

__all__ = ["data_dir", "ontology_dir", "queries_dir", "resource_dir", "shapes_dir"]


@cache
def resource_dir(name: str) -> Path:
    """The folder ``name`` (ontology, shapes or queries).

    :raises FileNotFoundError: neither the checkout nor the installed share folder has it.
    """
    candidates = [
        Path(__file__).resolve().parent.parent / name,
        Path(sys.prefix) / "share" / "hjemmel" / name,
    ]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"{name}/ not found in {', '.join(map(str, candidates))}")


def ontology_dir() -> Path:
    return resource_dir("ontology")


def shapes_dir() -> Path:
    return resource_dir("shapes")


def queries_dir() -> Path:
    return resource_dir("queries")


def data_dir() -> Path:
    """The bundled graph carried inside the package."""
    return Path(__file__).resolve().parent / "data"
