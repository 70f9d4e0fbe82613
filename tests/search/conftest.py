"""Fixtures of the search tests: an empty corpus on each database, and on Tantivy."""

from __future__ import annotations

from pathlib import Path

import pytest
from search_corpus import Corpus
from sqlalchemy import Engine

# "database": the database's own full-text index (FTS5 or tsvector); "tantivy": the index of
# embedded archives, which sits beside an SQLite database only.
SEARCH_ENGINES = ["database", "tantivy"]


@pytest.fixture(params=SEARCH_ENGINES)
def corpus(request: pytest.FixtureRequest, migrated_engine: Engine, tmp_path: Path) -> Corpus:
    if request.param == "tantivy":
        if migrated_engine.dialect.name != "sqlite":
            pytest.skip("Tantivy indexes embedded (SQLite) archives only")
        return Corpus(migrated_engine, index_folder=tmp_path / "search-index")
    return Corpus(migrated_engine)
