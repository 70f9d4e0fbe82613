"""Fixtures of the search tests: an empty corpus on each database, and on Tantivy."""

from __future__ import annotations

from pathlib import Path

import pytest
from search_corpus import Corpus
from sqlalchemy import Engine

# "database": the database's own full-text index (FTS5 or tsvector); "tantivy": the Tantivy
# index, built from what the database keeps (FTS5's streams, or the tsvectors on PostgreSQL).
SEARCH_ENGINES = ["database", "tantivy"]


@pytest.fixture(params=SEARCH_ENGINES)
def corpus(request: pytest.FixtureRequest, migrated_engine: Engine, tmp_path: Path) -> Corpus:
    if request.param == "tantivy":
        return Corpus(migrated_engine, index_folder=tmp_path / "search-index")
    return Corpus(migrated_engine)
