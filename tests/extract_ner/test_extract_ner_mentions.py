"""Mention merging, chunking and the function fake: no models needed."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docket.extract.mentions import FunctionRecogniser, Mention, merge_mentions, text_chunks


def _mention(start: int, end: int, source: str = "model") -> Mention:
    return Mention("person", "x" * (end - start), start, end, source)


@given(st.text(alphabet=st.sampled_from("ab \n\n"), max_size=400), st.integers(2, 50))
def test_chunks_cover_text_exactly(text: str, limit: int) -> None:
    pieces = list(text_chunks(text, limit))
    assert "".join(chunk for _, chunk in pieces) == text
    for offset, chunk in pieces:
        assert 0 < len(chunk) <= limit
        assert text[offset : offset + len(chunk)] == chunk


def test_chunks_cut_at_paragraph_break() -> None:
    text = "a" * 60 + "\n\n" + "b" * 30 + " " + "c" * 30
    assert [chunk for _, chunk in text_chunks(text, 100)] == ["a" * 60 + "\n\n", text[62:]]


def test_chunk_limit_must_be_usable() -> None:
    with pytest.raises(ValueError, match="at least 2"):
        list(text_chunks("abc", 1))


def test_merge_prefers_source_then_length_and_orders_by_offset() -> None:
    long = _mention(0, 10)
    short_known = _mention(5, 8, "gazetteer")
    later = _mention(20, 25)
    assert merge_mentions([later, long, short_known]) == [long, later]
    assert merge_mentions([later, long, short_known], ("gazetteer",)) == [short_known, later]


def test_merge_drops_empty_and_duplicate_spans() -> None:
    assert merge_mentions([_mention(3, 3), _mention(0, 2), _mention(0, 2)]) == [_mention(0, 2)]


def test_function_recogniser_calls_its_function() -> None:
    found = [_mention(0, 1)]
    assert FunctionRecogniser(lambda text: found if text else []).mentions("a") == found
