"""Two acts of one kind in one sentence: each clause that tells one by its own verb is an act,
each with its own victim; one told again in other words, or by a description, stays one."""

from __future__ import annotations

import pytest
from tests.extract_pipeline.proposed import extracted_acts, party_name


def _acts(text: str, language: str) -> list[tuple[str, str | None]]:
    return [(act["type"], party_name(act["victim"])) for act in extracted_acts(text, language)]


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "en",
            "Police detained Erlan Mamyrov on 3 May, and they detained Bakyt Osmonov on 5 May.",
            [
                ("arbitrary_arrest", "Erlan Mamyrov"),
                ("arbitrary_arrest", "Bakyt Osmonov"),
            ],
        ),
        (
            "ru",
            "Эрлана Мамырова задержали 3 мая, а Бакыта Осмонова задержали 5 мая.",
            [
                ("arbitrary_arrest", "Эрлан Мамыров"),
                ("arbitrary_arrest", "Бакыт Осмонов"),
            ],
        ),
    ],
)
def test_one_kind_told_twice_by_its_verb_in_two_clauses_is_two_acts(
    language: str, text: str, expected: list[tuple[str, str | None]]
) -> None:
    assert _acts(text, language) == expected


def test_kyrgyz_clauses_told_by_one_verb_are_two_acts() -> None:
    text = "Милиция Эрлан Мамыровду 3-майда кармады, ал эми Бакыт Осмоновду 5-майда кармады."
    assert _acts(text, "ky") == [
        ("arbitrary_arrest", "Эрлан Мамыров"),
        ("arbitrary_arrest", "Бакыт Осмонов"),
    ]


def test_a_kyrgyz_verb_chain_still_shares_its_object() -> None:
    # No "ал эми" or "бирок": the beating befell the one detained.
    assert _acts("Эрлан Мамыровду кармап, сабашты.", "ky") == [
        ("arbitrary_arrest", "Эрлан Мамыров"),
        ("beating", "Эрлан Мамыров"),
    ]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        # Told again in other words in the next clause: one act.
        (
            "ru",
            "Кадыркулова держали в камере площадью восемь квадратных метров вместе с "
            "одиннадцатью другими задержанными, а вода в камере была только техническая.",
        ),
        # Two verbs of one run, no clause between.
        ("en", "Police detained and held Erlan Mamyrov overnight."),
    ],
)
def test_one_act_told_again_in_other_words_stays_one(language: str, text: str) -> None:
    kinds = [kind for kind, _ in _acts(text, language)]
    assert len(kinds) == len(set(kinds))


def test_care_denied_beside_doctors_kept_away_is_an_act_of_its_own() -> None:
    text = (
        "Erlan Mamyrov is held in Pre-trial Detention Centre No. 1. Independent doctors were not "
        "allowed to see him, and he has been given no painkillers for a week."
    )
    kinds = [kind for kind, _ in _acts(text, "en")]
    assert "denial_of_independent_examination" in kinds
    assert "denial_of_medical_care" in kinds


def test_scant_care_beside_a_refused_operation_is_part_of_it() -> None:
    text = (
        "По словам его жены, администрация колонии отказывается отправить его в гражданскую "
        "больницу, а тюремный фельдшер лишь выдаёт обезболивающее."
    )
    kinds = [kind for kind, _ in _acts(text, "ru")]
    assert "denial_of_medical_care" not in kinds
