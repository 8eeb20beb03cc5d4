"""The full-text index (tantivy) beside the store: where it lives, how it is built from the
store, and the one helper that loading and importing call to keep it in step.

Titles, other names and texts are indexed twice: stemmed with tantivy's Snowball stemmer
for Norwegian (``prioriteringer`` and ``prioritering`` meet), and as lower-cased words for
typo tolerance (``forsvarilg`` is within one edit of ``forsvarlig``).

Where the index lives:

- ``HJEMMEL_SEARCH_PATH`` when set;
- beside an embedded store on disk: ``<store_path>-search`` (``.hjemmel/store-search``);
- in memory for an in-memory store;
- for a remote store, a folder under the system's temporary folder named after the
  endpoint, so the service and ``hjemmel load`` on the same machine share it.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import threading
import time
import weakref
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

import tantivy

from graph.search.documents import Document, read_act_documents, read_documents
from graph.settings import Settings
from graph.store import Store

__all__ = [
    "BuildInfo",
    "SearchIndex",
    "index_for",
    "rebuild_index",
    "search_location",
]

SCHEMA_VERSION = 1
_MARKER = "hjemmel-search.json"
STEMMED = "nb_stem"
WORDS = "nb_word"
_MAX_TOKEN = 60


@dataclass(frozen=True)
class BuildInfo:
    """What the last build wrote."""

    documents: int
    seconds: float
    built_at: float
    schema: int = SCHEMA_VERSION


def stem_analyzer() -> tantivy.TextAnalyzer:
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(_MAX_TOKEN))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.stemmer("norwegian"))
        .build()
    )


def word_analyzer() -> tantivy.TextAnalyzer:
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(_MAX_TOKEN))
        .filter(tantivy.Filter.lowercase())
        .build()
    )


def _schema() -> tantivy.Schema:
    b = tantivy.SchemaBuilder()
    for name in ("kind", "iri", "id"):
        b.add_text_field(name, stored=True, tokenizer_name="raw")
    for name in ("title", "alt", "text"):
        b.add_text_field(name, stored=True, tokenizer_name=STEMMED)
    b.add_text_field("words", stored=False, tokenizer_name=WORDS, index_option="freq")
    return b.build()


class SearchIndex:
    """One tantivy index, on disk at ``path`` or in memory when ``path`` is None."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.schema = _schema()
        self._lock = threading.RLock()
        self._index: tantivy.Index | None = None
        self._memory_info: BuildInfo | None = None

    # -- state ---------------------------------------------------------------------------
    @property
    def info(self) -> BuildInfo | None:
        """The last build, None when the index was never built (or has an older schema)."""
        if self.path is None:
            return self._memory_info
        try:
            data = json.loads((self.path / _MARKER).read_text(encoding="utf-8"))
            info = BuildInfo(**data)
        except (OSError, ValueError, TypeError):
            return None
        return info if info.schema == SCHEMA_VERSION else None

    def _open(self) -> tantivy.Index:
        if self._index is None:
            if self.path is None:
                index = tantivy.Index(self.schema)
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                index = tantivy.Index(self.schema, path=str(self.path), reuse=True)
            index.register_tokenizer(STEMMED, stem_analyzer())
            index.register_tokenizer(WORDS, word_analyzer())
            self._index = index
        return self._index

    def searcher(self) -> tantivy.Searcher:
        """A searcher on the last committed build (another process may have rebuilt it)."""
        with self._lock:
            index = self._open()
            index.reload()
            return index.searcher()

    # -- building ------------------------------------------------------------------------
    def build(self, store: Store) -> BuildInfo:
        """Replace the whole index by the documents the store holds now."""
        with self._lock:
            start = time.perf_counter()
            documents = read_documents(store)
            if self.path is not None and self.info is None and self.path.exists():
                # an index of another schema (or a half-written one): start afresh
                self._index = None
                shutil.rmtree(self.path)
            index = self._open()
            writer = index.writer(heap_size=64_000_000, num_threads=1)
            try:
                writer.delete_all_documents()
                for doc in documents:
                    writer.add_document(_to_tantivy(doc))
                writer.commit()
                writer.wait_merging_threads()
            except BaseException:
                writer.rollback()
                raise
            index.reload()
            info = BuildInfo(
                documents=len(documents),
                seconds=round(time.perf_counter() - start, 3),
                built_at=time.time(),
            )
            if self.path is None:
                self._memory_info = info
            else:
                (self.path / _MARKER).write_text(json.dumps(asdict(info)), encoding="utf-8")
            return info

    def update_acts(self, store: Store, acts: Mapping[str, Iterable[str]]) -> BuildInfo:
        """Replace the documents of the acts ``acts`` names (act IRI → the IRIs of its
        provisions before, which leave the index) by what the store holds for them now;
        an index never built is built whole."""
        with self._lock:
            if self.info is None:
                return self.build(store)
            start = time.perf_counter()
            index = self._open()
            writer = index.writer(heap_size=64_000_000, num_threads=1)
            try:
                for act, before in acts.items():
                    documents = read_act_documents(store, act)
                    for iri in {act, *before, *(d.iri for d in documents)}:
                        writer.delete_documents_by_term("iri", iri)
                    for doc in documents:
                        writer.add_document(_to_tantivy(doc))
                writer.commit()
                writer.wait_merging_threads()
            except BaseException:
                writer.rollback()
                raise
            index.reload()
            searcher = index.searcher()
            info = BuildInfo(
                documents=searcher.num_docs,
                seconds=round(time.perf_counter() - start, 3),
                built_at=time.time(),
            )
            if self.path is None:
                self._memory_info = info
            else:
                (self.path / _MARKER).write_text(json.dumps(asdict(info)), encoding="utf-8")
            return info

    def ensure(self, store: Store) -> None:
        """Build the index if it was never built."""
        with self._lock:
            if self.info is None:
                self.build(store)


def _to_tantivy(doc: Document) -> tantivy.Document:
    return tantivy.Document(
        kind=doc.kind,
        iri=doc.iri,
        id=doc.id,
        title=doc.title,
        alt=doc.alt,
        text=doc.text,
        words=f"{doc.title}\n{doc.alt}\n{doc.text}",
    )


def search_location(store: Store, settings: Settings | None = None) -> Path | None:
    """The folder of the store's index; None for an index in memory."""
    if settings is not None and settings.search_path is not None:
        return settings.search_path
    path = getattr(store, "path", None)
    if isinstance(path, Path):
        return path.with_name(path.name + "-search")
    url = getattr(store, "query_url", None)
    if isinstance(url, str):
        key = hashlib.sha256(url.encode()).hexdigest()[:16]
        return Path(tempfile.gettempdir()) / "hjemmel-search" / key
    return None


_ON_DISK: dict[Path, SearchIndex] = {}
_IN_MEMORY: weakref.WeakKeyDictionary[Store, SearchIndex] = weakref.WeakKeyDictionary()
_REGISTRY_LOCK = threading.Lock()


def index_for(store: Store, settings: Settings | None = None) -> SearchIndex:
    """The index that belongs to ``store`` (one object per folder, or per in-memory store)."""
    path = search_location(store, settings)
    with _REGISTRY_LOCK:
        if path is None:
            index = _IN_MEMORY.get(store)
            if index is None:
                index = _IN_MEMORY[store] = SearchIndex(None)
            return index
        key = path.resolve()
        if key not in _ON_DISK:
            _ON_DISK[key] = SearchIndex(path)
        return _ON_DISK[key]


def rebuild_index(store: Store, settings: Settings | None = None) -> BuildInfo:
    """Rebuild the store's index from what the store holds now; ``hjemmel load`` and every
    ``hjemmel import`` call this after writing."""
    return index_for(store, settings).build(store)
