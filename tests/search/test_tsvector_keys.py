"""Reading the key streams back from PostgreSQL's tsvectors, as the Tantivy index is built.

The quick reading (``key_texts``: each field as text, its n-th key at position n) must give
exactly the keys and positions of the careful one (``key_fields``), or decline."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from search_corpus import Corpus
from sqlalchemy import Engine, text

from docket.db.engine import reading
from docket.search.postgres_fts import BODY_SPAN, MAX_POSITIONS, key_fields, key_texts
from docket.search.streams import SearchDocument, key_streams

on_postgresql = pytest.mark.parametrize(
    "database_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)

_DOC = text("SELECT CAST(doc AS text) FROM item_search WHERE item_id = :item_id")


def _stored(corpus: Corpus, body: str, title: str = "", meta: str = "") -> str:
    item_id = corpus.add(body, title=title, meta=meta)
    with reading(corpus.engine) as connection:
        return str(connection.execute(_DOC, {"item_id": item_id}).scalar_one())


def _as_positioned(texts: tuple[str, str, str]) -> tuple[list[tuple[str, int]], ...]:
    return tuple([(key, n) for n, key in enumerate(field.split())] for field in texts)


_WORDS = st.lists(st.sampled_from(["ab", "cd", "e1", "Жапаров", "x"]), max_size=60).map(" ".join)


@pytest.fixture
def stored(migrated_engine: Engine) -> Corpus:
    return Corpus(migrated_engine)


@on_postgresql
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
# A word repeated up to 400 times in the body: past the 256 positions PostgreSQL keeps.
@given(title=_WORDS, meta=_WORDS, body=_WORDS, repeats=st.integers(0, 400))
def test_the_quick_reading_agrees_with_the_careful_one(
    stored: Corpus, title: str, meta: str, body: str, repeats: int
) -> None:
    body = " ".join(["ab"] * repeats) + " " + body
    doc = _stored(stored, body, title, meta)
    streams = key_streams(SearchDocument(0, title, body, meta))
    every_key = [*streams.title, *streams.meta, *streams.body]
    # PostgreSQL keeps 256 positions of a key, counted over all fields.
    kept_whole = all(every_key.count(key) <= MAX_POSITIONS for key in set(every_key))
    event("every position kept" if kept_whole else "positions dropped")
    texts = key_texts(doc)
    if kept_whole:
        assert texts is not None
        assert tuple(field.split() for field in texts) == (
            list(streams.title),
            list(streams.meta),
            list(streams.body),
        )
    if texts is not None:
        assert _as_positioned(texts) == key_fields(doc)


@on_postgresql
def test_a_body_past_the_last_position_is_read_carefully(stored: Corpus) -> None:
    corpus = stored
    words = [f"w{n}" for n in range(BODY_SPAN + 5)]
    doc = _stored(corpus, " ".join(words))
    assert key_texts(doc) is None
    _title, _meta, body = key_fields(doc)
    # The words past the last position share the first ones' positions: both are kept.
    assert ("w0", 0) in body
    assert (f"w{BODY_SPAN}", 0) in body
    # A key's 257th position dropped leaves a gap before the next word: phrases must not
    # match across it.
    gap = _stored(corpus, " ".join(["ab"] * 300 + ["gap", "after"]))
    assert key_texts(gap) is None
    assert key_fields(gap)[2][-2:] == [("gap", 300), ("after", 301)]
    exactly_full = _stored(corpus, " ".join(words[:BODY_SPAN]), title="w0 report")
    assert key_texts(exactly_full) == ("w0 report", "", " ".join(words[:BODY_SPAN]))


def test_an_empty_item_and_text_of_other_making() -> None:
    assert key_texts("") == ("", "", "")
    # Quoted or spaced lexemes, a lexeme without positions, a gap: left to the careful reading.
    for doc in ["'it''s':4000", "'a b':4000", "'ab' 'cd':4000", "'ab':4000 'cd':4002", "'ab':2B"]:
        assert key_texts(doc) is None, doc
    assert key_texts("'ab':1B,3B 'cd':2B 'ef':4000,4001") == ("ab cd ab", "", "ef ef")
