from __future__ import annotations

import docket.search


def test_public_api_is_pinned() -> None:
    assert sorted(docket.search.__all__) == [
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
    for name in docket.search.__all__:
        assert getattr(docket.search, name) is not None
