"""Whom a name can name by its endings: one table read by grouping (mentions as written in a
sentence) and by pronoun agreement (entities' names, in the nominative)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docket.extract.sexes import EITHER, FEMALE, MALE, by_given_name, by_surname


@pytest.mark.parametrize(
    ("word", "nominative", "expected"),
    [
        ("Атамбаев", False, MALE),
        ("Атамбаевым", False, MALE),
        ("Atambaev", False, MALE),
        ("уулу", False, MALE),
        ("Атамбаевой", False, FEMALE),
        ("Atambaeva", False, FEMALE),
        ("кызы", False, FEMALE),
        # His genitive or her nominative in a sentence; hers as an entity's name.
        ("Атамбаева", False, EITHER),
        ("Атамбаева", True, FEMALE),
        ("Атамбаеву", True, EITHER),
        ("Smith", True, EITHER),
    ],
)
def test_a_surname_s_ending_tells_whom_it_can_name(
    word: str, nominative: bool, expected: frozenset[str]
) -> None:
    assert by_surname(word, nominative=nominative) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("Таалайбека", MALE),
        ("Nurbek", MALE),
        ("Айгуль", FEMALE),
        ("Гүлнара", FEMALE),
        ("Azamat", EITHER),
    ],
)
def test_a_kyrgyz_given_name_tells_whom_it_can_name(word: str, expected: frozenset[str]) -> None:
    assert by_given_name(word) == expected


@given(st.text(max_size=20))
def test_any_word_gives_one_sex_or_either(word: str) -> None:
    for found in (by_surname(word), by_surname(word, nominative=True), by_given_name(word)):
        assert found in (MALE, FEMALE, EITHER)
    # Knowing the case only ever narrows "either" to hers.
    sentence, named = by_surname(word), by_surname(word, nominative=True)
    assert sentence == named or (sentence == EITHER and named == FEMALE)
