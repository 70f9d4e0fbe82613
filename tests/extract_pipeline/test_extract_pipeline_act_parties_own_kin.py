"""A relative of the one who writes, told by "my son", "моего сына", "уулумду", is the person the
document named so before."""

from __future__ import annotations

import pytest
from tests.extract_pipeline.proposed import extracted_acts, party_name


def _victims(text: str, language: str) -> list[str | None]:
    return [party_name(act["victim"]) for act in extracted_acts(text, language)]


@pytest.mark.parametrize(
    ("language", "text", "victim"),
    [
        (
            "ky",
            "Менин уулум Нурбек Осмонов мектепте иштейт. 3-майда милиция кызматкерлери уулумду "
            "кармап кетишти.",
            "Нурбек Осмонов",
        ),
        (
            "ru",
            "Мой сын Нурбек Осмонов работает учителем. 3 мая моего сына задержали сотрудники "
            "милиции.",
            "Нурбек Осмонов",
        ),
        (
            "en",
            "My son, Nurbek Osmonov, is a teacher. On 3 May police detained my son at the school.",
            "Nurbek Osmonov",
        ),
    ],
)
def test_my_son_is_the_son_named_before(language: str, text: str, victim: str) -> None:
    assert _victims(text, language) == [victim]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        # Someone else: a neighbour.
        ("ky", "Менин уулум Нурбек Осмонов мектепте иштейт. Кечээ коңшумду кармап кетишти."),
        # The son is in the sentence before, the act in its own.
        (
            "ky",
            "Андан кийин ок атылды. Менин жанымда турган агам Бакытбек Токтосунов бутунан "
            "жарадар болду.",
        ),
    ],
)
def test_no_relative_without_the_kin_word_in_the_act_s_sentence(language: str, text: str) -> None:
    victims = _victims(text, language)
    assert victims[0] is None
