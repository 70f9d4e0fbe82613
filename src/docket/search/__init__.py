"""Full-text search over items: folded keys in an FTS5 table or a tsvector, ranked by BM25.

A query for Atambayev finds Атамбаевдин: the index stores :mod:`docket.names` keys, not raw
text. See :mod:`docket.search.query` for the query language.
"""

from __future__ import annotations

from docket.search.filters import MEDIA_TYPE_SHORTHANDS, SearchFilters
from docket.search.query import Query, parse_query
from docket.search.service import (
    SearchHit,
    index_item,
    index_items,
    raw_query,
    remove_item,
    search,
)
from docket.search.snippets import render_snippet
from docket.search.streams import SearchDocument

__all__ = [
    "MEDIA_TYPE_SHORTHANDS",
    "Query",
    "SearchDocument",
    "SearchFilters",
    "SearchHit",
    "index_item",
    "index_items",
    "parse_query",
    "raw_query",
    "remove_item",
    "render_snippet",
    "search",
]
