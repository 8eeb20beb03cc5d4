"""The project's own files: where the ontology, shapes, named queries and bundled data are
found and how the RDF among them is read.

They are read through ``importlib.resources`` from the ``graph`` package: an installed
wheel carries ``ontology/``, ``shapes/`` and ``queries/`` inside it (``graph/ontology``, …;
see setup.py), while a checkout or an editable install keeps them at the top level of the
repository, beside the package.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
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

RESOURCE_NAMES = ("ontology", "shapes", "queries")


def _package_dir() -> Path:
    package = files("graph")
    if not isinstance(package, Path):
        raise FileNotFoundError(f"the graph package is not in a folder: {package}")
    return package


@cache
def resource_dir(name: str) -> Path:
    """The folder ``name`` (ontology, shapes or queries).

    :raises FileNotFoundError: neither the package nor the checkout around it has it.
    """
    package = _package_dir()
    candidates = [package / name, package.parent / name]
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
    return _package_dir() / "data"


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
