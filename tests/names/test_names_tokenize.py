"""Word tokens: offsets into the original text, apostrophes inside, hyphens between."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from docket.names import Token, tokenize
from docket.names.tokenize import _APOSTROPHE, _LETTER, _MARKS


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Алмазбек Атамбаевдин иши", ["Алмазбек", "Атамбаевдин", "иши"]),
        ("Түңдүк, Өмүрбек; Үсөн.", ["Түңдүк", "Өмүрбек", "Үсөн"]),
        ("O'Brien and Ol'ga", ["O'Brien", "and", "Ol'ga"]),
        ("Japarov’s office", ["Japarov’s", "office"]),
        ("об'єкт", ["об'єкт"]),
        ("Римского-Корсакова", ["Римского", "Корсакова"]),
        ("Kara-Suu — Jalal-Abad", ["Kara", "Suu", "Jalal", "Abad"]),
        ("'quoted' words'", ["quoted", "words"]),
        ("snake_case", ["snake", "case"]),
        ("12.03.2023, 3rd", ["12", "03", "2023", "3rd"]),
        ("  \n\t ", []),
    ],
)
def test_words_of_a_text(text: str, words: list[str]) -> None:
    assert [token.text for token in tokenize(text)] == words


def test_tokens_carry_offsets() -> None:
    assert list(tokenize("  Жапаров, 2021")) == [Token("Жапаров", 2, 9), Token("2021", 11, 15)]


def test_decomposed_letters_stay_inside_the_word() -> None:
    decomposed = unicodedata.normalize("NFD", "Байыш Ёлкин")
    assert [token.text for token in tokenize(decomposed)] == decomposed.split()


@given(st.text())
@example("й\u0306 x\u0301")
@example("'a'b''c'")
def test_offsets_reconstruct_the_tokens(text: str) -> None:
    previous_end = 0
    for token in tokenize(text):
        assert token.text
        assert text[token.start : token.end] == token.text
        assert token.start >= previous_end
        assert not any(char.isspace() for char in token.text)
        previous_end = token.end


# Letters, digits, marks of several scripts, apostrophes, and what separates or hides words.
_MARKED_ALPHABET = (
    "aZ9_ -'`\u2019\u02bc.\u0301\u0308\u0651йё\u00e9\u200b\u202e\x00\nӨңү日ـ٣\u0300\u036f"
)


@given(st.text(alphabet=_MARKED_ALPHABET, max_size=40))
def test_words_are_letters_then_letters_and_marks(text: str) -> None:
    # The definition the word pattern implements, written the plain way.
    run = f"{_LETTER}(?:{_LETTER}|{_MARKS})*"
    plain = re.compile(f"{run}(?:{_APOSTROPHE}{run})*")
    expected = [Token(m.group(), m.start(), m.end()) for m in plain.finditer(text)]
    assert list(tokenize(text)) == expected
