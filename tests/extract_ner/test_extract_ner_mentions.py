"""Mention merging, chunking and the function fake: no models needed."""

from __future__ import annotations

import os
import subprocess
import sys

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


@given(st.permutations(["natasha", "name-context", "kyrgyz-rules", "spacy"]))
def test_of_mentions_tied_on_everything_merge_keeps_the_one_given_first(sources: list[str]) -> None:
    tied = [_mention(4, 9, source) for source in sources]
    assert merge_mentions(tied) == [tied[0]]


def test_merging_gives_the_same_mentions_in_every_process() -> None:
    # Ties were broken by the order of a set of mentions, which follows the strings' hashes and
    # so changed from one run of the same extraction to the next.
    script = (
        "from docket.extract.mentions import Mention, merge_mentions\n"
        "tied = [Mention('person', 'Айзада', 4, 10, source) for source in"
        " ('natasha', 'name-context', 'kyrgyz-rules', 'spacy', 'gazetteer', 'model')]\n"
        "print(merge_mentions(tied)[0].source)"
    )
    chosen = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for seed in range(6)
    }
    assert chosen == {"natasha"}


def test_function_recogniser_calls_its_function() -> None:
    found = [_mention(0, 1)]
    assert FunctionRecogniser(lambda text: found if text else []).mentions("a") == found
