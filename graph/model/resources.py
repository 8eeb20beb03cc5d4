"""The project's own files: where the ontology, shapes, named queries and bundled data are
found (beside the package in a checkout or editable install, under ``share/hjemmel`` in an
installed wheel) and how the RDF among them is read."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

from rdflib import Graph

from graph.errors import ImportFailedError

__all__ = [
    "data_dir",
    "ontology_dir",
    "parse_rdf_file",
    "queries_dir",
    "read_ontology",
    "read_shapes",
    "resource_dir",
    "shapes_dir",
]


@cache
def resource_dir(name: str) -> Path:
    """The folder ``name`` (ontology, shapes or queries).

    :raises FileNotFoundError: neither the checkout nor the installed share folder has it.
    """
    candidates = [
        Path(__file__).resolve().parents[2] / name,
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
    return Path(__file__).resolve().parents[1] / "data"


_FORMATS = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".n3": "n3",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".trig": "trig",
    ".nq": "nquads",
}


def parse_rdf_file(path: Path, fmt: str | None = None) -> Graph:
    """Parse one RDF file; the format follows its suffix unless given.

    :raises ImportFailedError: the file does not parse; the message names file and line.
    """
    fmt = fmt or _FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ImportFailedError(
            f"ukjent RDF-format / unknown RDF format '{path.suffix}'", location=str(path)
        )
    graph = Graph()
    try:
        graph.parse(path, format=fmt)
    except Exception as e:  # rdflib raises many parser-specific types
        raise ImportFailedError(f"kan ikke lese / cannot parse: {e}", location=str(path)) from e
    return graph


def _read_dir(folder: Path) -> Graph:
    graph = Graph()
    for path in sorted(folder.glob("*.ttl")):
        graph += parse_rdf_file(path)
    return graph


def read_ontology() -> Graph:
    return _read_dir(ontology_dir())


def read_shapes() -> Graph:
    return _read_dir(shapes_dir())
