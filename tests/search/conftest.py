"""Fixtures of the search tests: an empty corpus on each database, and on Tantivy."""

from __future__ import annotations

from pathlib import Path

import pytest
from search_corpus import Corpus
from sqlalchemy import Engine

# "database": the database's own full-text index (FTS5 or tsvector); "tantivy": the index of
# embedded archives, which sits beside an SQLite database only.
SEARCH_ENGINES = ["database", "tantivy"]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tantivy on PostgreSQL is no combination the product has: such tests are not made at all
    (deselected), rather than made and skipped."""
    kept, dropped = [], []
    for item in items:
        params = getattr(item, "callspec", None)
        chosen = params.params if params is not None else {}
        if chosen.get("corpus") == "tantivy" and chosen.get("database_url") != "sqlite":
            dropped.append(item)
        else:
            kept.append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.fixture(params=SEARCH_ENGINES)
def corpus(request: pytest.FixtureRequest, migrated_engine: Engine, tmp_path: Path) -> Corpus:
    if request.param == "tantivy":
        assert migrated_engine.dialect.name == "sqlite"
        return Corpus(migrated_engine, index_folder=tmp_path / "search-index")
    return Corpus(migrated_engine)
