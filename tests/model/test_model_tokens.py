"""Splitting text into tokens, plain and with grouped numbers, once per text where they agree."""

from __future__ import annotations

import re
from dataclasses import FrozenInstanceError

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docket.model._tokens import _GROUPED, _PLAIN, Token, fold, tokenize

# Digits, the separators of grouped numbers and decimals, words and marks.
_PIECES = ["1", "20", "700", "2019", ",", ".", " ", "\u00a0", "May", "тыс", "ё", "-", "/", "\n"]


def _split(text: str, pattern: re.Pattern[str]) -> list[tuple[str, str, int, int, str]]:
    return [
        (m.lastgroup or "mark", m.group(), m.start(), m.end(), fold(m.group()))
        for m in pattern.finditer(text)
    ]


def _fields(tokens: list[Token]) -> list[tuple[str, str, int, int, str]]:
    return [(t.kind, t.text, t.start, t.end, t.key) for t in tokens]


@given(st.lists(st.sampled_from(_PIECES), max_size=16), st.booleans())
def test_tokens_are_those_of_the_pattern_whichever_split_comes_first(
    pieces: list[str], grouped_first: bool
) -> None:
    text = "".join(pieces)
    if grouped_first:
        grouped, plain = tokenize(text, grouped_numbers=True), tokenize(text)
    else:
        plain, grouped = tokenize(text), tokenize(text, grouped_numbers=True)
    assert _fields(plain) == _split(text, _PLAIN)
    assert _fields(grouped) == _split(text, _GROUPED)


def test_a_text_without_grouped_numbers_is_split_once_for_both() -> None:
    text = "On 3 May 2021 police detained 12 people in Bishkek."
    plain = tokenize(text)
    assert all(p is g for p, g in zip(plain, tokenize(text, grouped_numbers=True), strict=True))


def test_a_text_with_a_grouped_number_is_split_apart() -> None:
    text = "About 1,700 people, 2.5 km away"
    assert [t.text for t in tokenize(text) if t.kind == "num"] == ["1", "700", "2", "5"]
    assert [t.text for t in tokenize(text, grouped_numbers=True) if t.kind == "num"] == [
        "1,700",
        "2.5",
    ]


def test_each_call_gets_its_own_list() -> None:
    first = tokenize("police detained 12 people")
    first.clear()
    assert len(tokenize("police detained 12 people")) == 4


@given(st.lists(st.sampled_from(_PIECES), max_size=16), st.booleans())
def test_each_token_is_the_one_its_constructor_makes_and_stays_frozen(
    pieces: list[str], grouped: bool
) -> None:
    for token in tokenize("".join(pieces), grouped_numbers=grouped):
        made = Token(token.kind, token.text, token.start, token.end, token.key)
        assert token == made and hash(token) == hash(made) and repr(token) == repr(made)
        assert token.key == made.key
        with pytest.raises(FrozenInstanceError):
            token.start = 0  # type: ignore[misc]
