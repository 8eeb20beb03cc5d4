"""``hjemmel import helsedir FILE…``: Helsedirektoratet's content-API responses as named
graphs, one per document (``{BASE}graf/helsedir/{id}``).

Responses are read as the API sends them, byte-order mark included. An ``index.json``
beside the files (or given among them: a list of ``{"file", "endpoint"}``) names the
endpoint each file came from; that endpoint is the document's ``hj:helsedirUrl`` and the
``prov:entity`` of its derivations. Without it the endpoint is the item's own link, else
the generic ``https://api.helsedirektoratet.no/innhold/innhold/{id}``.

The import is all-or-nothing: every file is parsed first, then all graphs are written in
one ``replace_graphs`` call. A skal-recommendation without a legal basis is reported, and
stored all the same. The mapping is described in :mod:`graph.importers.helsedir_document`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph, URIRef

from graph.errors import ImportFailedError
from graph.importers.entailment import refresh_eli
from graph.importers.helsedir_document import ConvertedDocument, convert_document
from graph.importers.helsedir_fields import load_json
from graph.importers.helsedir_report import HelsedirImportReport, MissingLegalBasis, build_report
from graph.importers.statistics import refresh_statistics
from graph.model.vocab import PROV
from graph.store import Store
from graph.store.load_marker import replace_graphs_marked

__all__ = [
    "HelsedirImportReport",
    "MissingLegalBasis",
    "document_to_graph",
    "expand_paths",
    "import_files",
    "read_documents",
    "validate_document",
]

INDEX_NAME = "index.json"


def _is_index(value: object) -> bool:
    return isinstance(value, list) and all(
        isinstance(e, dict) and isinstance(e.get("endpoint"), str) for e in value
    )


def _index_entries(value: list[dict[str, object]]) -> dict[str, str]:
    return {
        Path(str(e["file"])).name: str(e["endpoint"])
        for e in value
        if isinstance(e.get("file"), str)
    }


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as e:
        raise ImportFailedError(
            f"kan ikke lese filen / cannot read the file: {e.strerror}", location=str(path)
        ) from e


def _convert_files(paths: Iterable[Path]) -> list[ConvertedDocument]:
    paths = list(paths)
    endpoints: dict[str, str] = {}
    documents: list[tuple[Path, object]] = []
    for index in sorted({p.parent / INDEX_NAME for p in paths} - set(paths)):
        if index.is_file():
            value = load_json(_read_bytes(index), str(index))
            if _is_index(value):
                endpoints.update(_index_entries(value))
    for path in paths:
        value = load_json(_read_bytes(path), str(path))
        if _is_index(value):
            endpoints.update(_index_entries(value))
        else:
            documents.append((path, value))
    converted: dict[str, ConvertedDocument] = {}
    for path, value in documents:
        doc = convert_document(value, str(path), endpoints.get(path.name))
        converted[doc.key] = doc
    return _without_duplicate_stubs(list(converted.values()))


def _without_duplicate_stubs(docs: list[ConvertedDocument]) -> list[ConvertedDocument]:
    """A linked item that is itself in the import set is described by its own document;
    the linking document keeps only the link (chapterOf, product, …) to it."""
    mains = {d.iri for d in docs}
    for d in docs:
        for iri in [i for i in d.linked if i in mains]:
            for derivation in list(d.graph.objects(iri, PROV.qualifiedDerivation)):
                d.graph.remove((derivation, None, None))
            d.graph.remove((iri, None, None))
    return docs


def read_documents(paths: list[Path]) -> dict[URIRef, Graph]:
    """The named graphs of the given response files (``index.json`` files are used for
    endpoints, not imported).

    :raises ImportFailedError: a file is missing, is not JSON or lacks a required field;
        the location names file and line/column or field path.
    """
    return {d.graph_name: d.graph for d in _convert_files(paths)}


def document_to_graph(data: bytes, source: str = "dokument") -> Graph:
    """One content-API response (bytes as received, BOM allowed) as RDF.

    :raises ImportFailedError: JSON syntax error (``source:line:column``) or a missing
        required field (``source: $.tekniskeData.infoType``).
    """
    return convert_document(load_json(data, source), source).graph


def validate_document(data: bytes, source: str = "dokument") -> HelsedirImportReport:
    """The import report for one response, nothing stored (``POST /api/validate`` with a
    JSON body).

    :raises ImportFailedError: as :func:`document_to_graph`.
    """
    return build_report([convert_document(load_json(data, source), source)])


def import_files(store: Store, paths: list[Path]) -> HelsedirImportReport:
    """Parse every file, then replace their named graphs in one transaction.

    :raises ImportFailedError: any file fails; nothing is written.
    """
    docs = _convert_files(paths)
    replace_graphs_marked(store, {d.graph_name: d.graph for d in docs})
    refresh_eli(store)
    refresh_statistics(store)
    report = build_report(docs)
    report.stored = True
    return report


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """The given files, and the ``*.json`` files of the given folders."""
    files: list[Path] = []
    for path in paths:
        files.extend(sorted(path.glob("*.json")) if path.is_dir() else [path])
    return files
