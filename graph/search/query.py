"""Searching the index: every word of the query must match a document's title, names or
text, by Norwegian stem or within a few edits; when no document has them all, documents
with any of them are returned. Results come grouped by kind, with snippets."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import tantivy

from graph.errors import BadInputError
from graph.search.documents import KINDS
from graph.search.highlight import Terms, edits_allowed, highlight, snippet, stem_of
from graph.search.index import SearchIndex, index_for
from graph.search.models import SearchGroup, SearchPage, SearchReference
from graph.search.refs import reference_in
from graph.settings import Settings
from graph.store import Store

__all__ = ["Group", "Hit", "Reference", "SearchResult", "as_json", "search"]

MAX_WORDS = 12
_TITLE_BOOST = 4.0
_ALT_BOOST = 3.0
_FUZZY_BOOST = 0.5


@dataclass(frozen=True)
class Hit:
    id: str
    iri: str
    title: str
    title_html: str
    snippet: str
    score: float


@dataclass(frozen=True)
class Group:
    kind: str
    label: str
    total: int
    items: list[Hit]


@dataclass(frozen=True)
class Reference:
    ref: str
    iri: str
    title: str


@dataclass(frozen=True)
class SearchResult:
    query: str
    reference: Reference | None = None
    groups: list[Group] = field(default_factory=list)
    matched_all_words: bool = True

    @property
    def total(self) -> int:
        return sum(g.total for g in self.groups)


def _word_query(schema: tantivy.Schema, word: str, stem: str, d: int) -> tantivy.Query:
    clauses = [
        tantivy.Query.boost_query(tantivy.Query.term_query(schema, "title", stem), _TITLE_BOOST),
        tantivy.Query.boost_query(tantivy.Query.term_query(schema, "alt", stem), _ALT_BOOST),
        tantivy.Query.term_query(schema, "text", stem),
        tantivy.Query.term_query(schema, "words", word),
    ]
    if d:
        fuzzy = tantivy.Query.fuzzy_term_query(schema, "words", word, distance=d)
        clauses.append(tantivy.Query.boost_query(fuzzy, _FUZZY_BOOST))
    return tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in clauses])


def _query(schema: tantivy.Schema, terms: Terms, occur: tantivy.Occur) -> tantivy.Query:
    words = [
        _word_query(schema, w, stem_of(w), terms.edits_of(i)) for i, w in enumerate(terms.words)
    ]
    return tantivy.Query.boolean_query([(occur, q) for q in words])


def _group(
    index: SearchIndex,
    searcher: tantivy.Searcher,
    query: tantivy.Query,
    kind: str,
    terms: Terms,
    limit: int,
) -> Group:
    only = tantivy.Query.term_query(index.schema, "kind", kind)
    both = tantivy.Query.boolean_query([(tantivy.Occur.Must, query), (tantivy.Occur.Must, only)])
    result = searcher.search(both, limit=limit, count=True)
    items: list[Hit] = []
    for score, address in result.hits:
        doc = searcher.doc(address)
        title = str(doc.get_first("title") or "")
        text = str(doc.get_first("text") or "")
        alt = str(doc.get_first("alt") or "")
        cut, found = snippet(text, terms)
        if not found and alt:
            alt_cut, alt_found = snippet(alt, terms)
            if alt_found:
                cut = alt_cut
        items.append(
            Hit(
                id=str(doc.get_first("id")),
                iri=str(doc.get_first("iri")),
                title=title,
                title_html=highlight(title, terms),
                snippet=cut,
                score=round(float(score), 4),
            )
        )
    return Group(
        kind=kind, label=KINDS[kind], total=int(getattr(result, "count", 0) or 0), items=items
    )


def search(
    store: Store,
    q: str,
    *,
    kind: str | None = None,
    limit: int = 10,
    settings: Settings | None = None,
) -> SearchResult:
    """Search the store's index (built first if it does not exist yet).

    :raises BadInputError: unknown ``kind`` or a limit out of range.
    """
    if kind is not None and kind not in KINDS:
        raise BadInputError(
            f"ukjent type / unknown kind {kind!r}; kjente / known: {', '.join(KINDS)}"
        )
    if not 1 <= limit <= 200:
        raise BadInputError("limit må være mellom 1 og 200 / limit must be 1-200")
    q = " ".join(q.split())
    index = index_for(store, settings)
    index.ensure(store)

    reference: Reference | None = None
    found = reference_in(store, q)
    if found is not None:
        ref, iri = found
        reference = Reference(ref=ref, iri=str(iri), title=_title_of(index, str(iri)) or ref)

    terms = Terms.of(q)
    terms = Terms(terms.words[:MAX_WORDS], terms.stems)
    if not terms.words:
        return SearchResult(query=q, reference=reference)
    searcher = index.searcher()
    terms = terms.limited(tuple(_edits(searcher, w) for w in terms.words))
    kinds = [kind] if kind else list(KINDS)
    matched_all = True
    groups = _groups(
        index, searcher, _query(index.schema, terms, tantivy.Occur.Must), kinds, terms, limit
    )
    if not groups and len(terms.words) > 1:
        matched_all = False
        query = _query(index.schema, terms, tantivy.Occur.Should)
        groups = _groups(index, searcher, query, kinds, terms, limit)
    return SearchResult(query=q, reference=reference, groups=groups, matched_all_words=matched_all)


def _edits(searcher: tantivy.Searcher, word: str) -> int:
    """How far a document's word may be from ``word``: one edit for a word the index holds
    (its inflections come by stem), up to two for one it does not (a misspelling). Matching
    within two edits walks the whole term dictionary, which grows with the legislation
    loaded; within one it costs little."""
    allowed = edits_allowed(word)
    stem = stem_of(word)
    held = searcher.doc_freq("words", word) > 0 or any(
        searcher.doc_freq(name, stem) > 0 for name in ("title", "alt", "text")
    )
    return min(allowed, 1) if held else allowed


def _groups(
    index: SearchIndex,
    searcher: tantivy.Searcher,
    query: tantivy.Query,
    kinds: list[str],
    terms: Terms,
    limit: int,
) -> list[Group]:
    groups = [_group(index, searcher, query, k, terms, limit) for k in kinds]
    return [g for g in groups if g.total]


def _title_of(index: SearchIndex, iri: str) -> str | None:
    """The title the index holds for ``iri`` (a ledd or point is not indexed: None)."""
    searcher = index.searcher()
    result = searcher.search(tantivy.Query.term_query(index.schema, "iri", iri), limit=1)
    if not result.hits:
        return None
    return str(searcher.doc(result.hits[0][1]).get_first("title") or "") or None


def as_json(result: SearchResult) -> SearchPage:
    """The result as ``/api/search`` sends it."""
    reference = result.reference
    return SearchPage(
        query=result.query,
        reference=None
        if reference is None
        else SearchReference(ref=reference.ref, iri=reference.iri, title=reference.title),
        matched_all_words=result.matched_all_words,
        groups=[
            SearchGroup.model_validate(
                {
                    "kind": g.kind,
                    "label": g.label,
                    "total": g.total,
                    "items": [asdict(h) for h in g.items],
                }
            )
            for g in result.groups
        ],
    )
