"""Fixtures of the search tests: an empty corpus on each engine."""

from __future__ import annotations

import pytest
from search_corpus import Corpus
from sqlalchemy import Engine


@pytest.fixture
def corpus(migrated_engine: Engine) -> Corpus:
    return Corpus(migrated_engine)
