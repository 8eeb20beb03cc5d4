"""Full-text search over recommendations, products, acts, provisions, actors and target
groups, with Norwegian stemming and typo tolerance, and a shortcut for legal references."""

from graph.search.documents import KINDS, Document
from graph.search.index import BuildInfo, SearchIndex, index_for, rebuild_index
from graph.search.models import SearchGroup, SearchItem, SearchPage, SearchReference
from graph.search.query import Group, Hit, Reference, SearchResult, as_json, search

__all__ = [
    "KINDS",
    "BuildInfo",
    "Document",
    "Group",
    "Hit",
    "Reference",
    "SearchGroup",
    "SearchIndex",
    "SearchItem",
    "SearchPage",
    "SearchReference",
    "SearchResult",
    "as_json",
    "index_for",
    "rebuild_index",
    "search",
]
