"""A Russian act word listed in one gender or number is found in the others."""

from __future__ import annotations

import pytest

from docket.extract.acts import find_acts
from docket.extract.lexicon import fold_text, russian_forms


@pytest.mark.parametrize(
    ("word", "forms"),
    [
        ("задержали", ["задержал", "задержала", "задержало", "задержали"]),
        ("снесли", ["снес", "снесла", "снесло", "снесли"]),
        ("задержан", ["задержан", "задержана", "задержано", "задержаны"]),
        ("избиты", ["избит", "избита", "избито", "избиты"]),
        # Nouns, infinitives and short words have no such forms.
        ("разгон", []),
        ("хватать", []),
        ("били", []),
    ],
)
def test_the_genders_and_numbers_of_a_past_verb_or_short_participle(
    word: str, forms: list[str]
) -> None:
    assert russian_forms(word) == forms


@pytest.mark.parametrize(
    ("text", "code", "words"),
    [
        # The vocabulary lists "конфисковали", "оштрафовал" and "приговорил", "приговорили".
        ("Полиция конфисковала телефон.", "confiscation", "конфисковала"),
        ("Судья оштрафовала водителя.", "politically_motivated_prosecution", "оштрафовала"),
        ("Судья приговорила его к пяти годам.", "politically_motivated_prosecution", "приговорила"),
    ],
)
def test_an_act_word_in_another_gender_or_number_is_found(text: str, code: str, words: str) -> None:
    found = [
        (match.term.code, text[match.start : match.end])
        for match in find_acts(text, fold_text(text), "ru", lambda offset: 0)
    ]
    assert found == [(code, words)]
