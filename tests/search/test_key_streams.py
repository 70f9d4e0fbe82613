"""The key streams of an item are cut exactly where PostgreSQL's tsvector budget runs out.

The reference below counts every key as it comes, which is the rule itself; ``key_streams``
takes whole chunks while they cannot run out and must keep to the reference's cuts.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docket.names.tokenize import WORD_PATTERN
from docket.search import keys, streams
from docket.search.keys import word_key
from docket.search.streams import KeyStreams, SearchDocument, key_streams


def _reference_keys(text: str) -> Iterator[str]:
    for word in WORD_PATTERN.findall(text):
        key = word_key(word)
        if key:
            yield key


def _reference(document: SearchDocument, limit: int, most: tuple[int, int, int]) -> KeyStreams:
    used = 0
    positions: dict[str, int] = {}

    def take(keys: Iterator[str]) -> Iterator[str]:
        nonlocal used
        for key in keys:
            seen = positions.get(key, 0)
            cost = len(key) + 5 if seen == 0 else 2 if seen < streams._MAX_POSITIONS else 0
            if used + cost > limit:
                used = limit
                return
            used += cost
            positions[key] = seen + 1
            yield key

    fields = (document.title, document.meta, document.body)
    title, meta, body = (
        tuple(take(islice(_reference_keys(text), cap)))
        for text, cap in zip(fields, most, strict=True)
    )
    return KeyStreams(document.item_id, title, meta, body)


# Few distinct words, so that keys repeat past the positions PostgreSQL keeps, in three scripts.
_WORDS = ["ab", "Жапаров", "kempir", "x", "1700", "—", "o'brien", "Атамбаев", "e1"]
_TEXT = st.lists(st.sampled_from(_WORDS), max_size=400).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(
    title=_TEXT,
    meta=_TEXT,
    body=_TEXT,
    limit=st.integers(0, 3000),
    most=st.tuples(st.integers(1, 50), st.integers(1, 50), st.integers(1, 500)),
    chunk=st.integers(1, 40),
)
def test_streams_are_cut_where_counting_every_key_cuts_them(
    title: str,
    meta: str,
    body: str,
    limit: int,
    most: tuple[int, int, int],
    chunk: int,
) -> None:
    document = SearchDocument(7, title, body, meta)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(streams, "_TSVECTOR_BUDGET_BYTES", limit)
        patch.setattr(streams, "MAX_TITLE_KEYS", most[0])
        patch.setattr(streams, "MAX_META_KEYS", most[1])
        patch.setattr(streams, "MAX_BODY_KEYS", most[2])
        # Small chunks, so that a budget runs out within a field's second or later chunk.
        patch.setattr(keys, "WORD_CHUNK_CHARACTERS", chunk)
        assert key_streams(document) == _reference(document, limit, most)


def test_a_body_past_the_budget_stops_at_the_first_key_that_does_not_fit() -> None:
    # Each new five-character key (of letters the folding keeps as they are) takes ten bytes
    # of the 1,000,000: 99,999 of them leave ten.
    words = [f"{letter}{n:04d}" for letter in "abdefghijl" for n in range(10_000)][:-1]
    # Two repeats take two bytes each; the new key after them needs ten and does not fit; the
    # repeat after it would, but the body stops at the first key that does not.
    body = " ".join([*words, "a0000", "a0001", "k0000", "a0002"])
    found = key_streams(SearchDocument(1, "", body, ""))
    assert found.body == (*words, "a0000", "a0001")
    # A title's keys come first, and take the body's room: the last word no longer fits.
    titled = key_streams(SearchDocument(1, "k0001 k0002", body, ""))
    assert titled.title == ("k0001", "k0002")
    assert titled.body == tuple(words[:-1])


def test_a_small_document_keeps_every_key_in_order() -> None:
    document = SearchDocument(3, "Japarov's statement", "Жапаров — 12 August; Жапаров.", "a.pdf")
    found = key_streams(document)
    assert found == _reference(document, 1_000_000, (998, 2998, 2_000_000))
    assert found.body[0] == found.body[-1] != ""
