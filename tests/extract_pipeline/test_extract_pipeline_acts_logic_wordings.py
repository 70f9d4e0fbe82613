"""Acts whose wording holds another act's noun, clauses that leave out the verb, and an act told
twice in one sentence ("beaten, and at the station beaten again"). Each sentence was written for
the tests; beside each stand near misses that keep the old reading."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from tests.extract_pipeline.proposed import extracted_acts, party_name


def _acts(text: str, language: str) -> list[dict[str, Any]]:
    return extracted_acts(text, language, date(2024, 6, 1))


def _typed(text: str, language: str) -> list[tuple[str, str]]:
    return [(act["type"], text[act["start"] : act["end"]]) for act in _acts(text, language)]


# A complaint or inquiry about an act: the act is the complaint left unanswered; the act it is
# about is no act of its own (the gold format annotates "complaint of beatings" as no beating).
MATTER = [
    (
        "en",
        "Her complaint about the beating was rejected.",
        [("failure_to_investigate", "complaint about the beating was rejected")],
    ),
    (
        "en",
        "His complaint of beating was dismissed.",
        [("failure_to_investigate", "complaint of beating was dismissed")],
    ),
    (
        "en",
        "The inquiry into the shooting was suspended.",
        [("failure_to_investigate", "inquiry into the shooting was suspended")],
    ),
    (
        "ru",
        "Её жалобу на избиение отклонили.",
        [("failure_to_investigate", "жалобу на избиение отклонили")],
    ),
    (
        "ru",
        "Жалобу на пытки прокуратура отклонила.",
        [("failure_to_investigate", "Жалобу на пытки прокуратура отклонила")],
    ),
    (
        "ru",
        "Жалобу на избиение оставили без рассмотрения.",
        [("failure_to_investigate", "оставили без рассмотрения")],
    ),
    (
        "ky",
        "Сабоо боюнча иликтөө токтотулду.",
        [("failure_to_investigate", "иликтөө токтотулду")],
    ),
]


@pytest.mark.parametrize(("language", "text", "acts"), MATTER)
def test_a_complaint_about_an_act_is_the_complaint_left_unanswered(
    language: str, text: str, acts: list[tuple[str, str]]
) -> None:
    assert _typed(text, language) == acts


@pytest.mark.parametrize(
    ("language", "text", "acts"),
    [
        # An act told as what happened, then the complaint about it: both.
        (
            "en",
            "Police beat the activist in the yard. His complaint about the beating was rejected.",
            [
                ("beating", "beat"),
                ("failure_to_investigate", "complaint about the beating was rejected"),
            ],
        ),
        # An act a longer word stands before is not what a complaint is about.
        (
            "en",
            "He spent a week in hospital after the beating.",
            [("beating", "beating")],
        ),
    ],
)
def test_an_act_beside_a_complaint_keeps_its_own_reading(
    language: str, text: str, acts: list[tuple[str, str]]
) -> None:
    assert _typed(text, language) == acts


@pytest.mark.parametrize(
    ("language", "text", "victims"),
    [
        (
            "en",
            "Aibek Mamyrov was detained on 3 May and Nurlan Osmonov on 5 May.",
            ["Aibek Mamyrov", "Nurlan Osmonov"],
        ),
        (
            "ru",
            "Мамырова задержали 3 мая, а Осмонова — 5 мая.",
            ["Мамырова", "Осмонова"],
        ),
    ],
)
def test_a_clause_without_its_verb_is_an_act_of_its_own(
    language: str, text: str, victims: list[str]
) -> None:
    acts = _acts(text, language)
    assert [act["type"] for act in acts] == ["arbitrary_arrest", "arbitrary_arrest"]
    assert [party_name(act["victim"]) for act in acts] == victims
    assert text[acts[1]["start"] : acts[1]["end"]].endswith("5 мая" if language == "ru" else "May")


@pytest.mark.parametrize(
    ("language", "text"),
    [
        # The name and date belong to a clause with a verb of its own.
        (
            "en",
            "Aibek Mamyrov was detained on 3 May and Nurlan Osmonov said on 5 May that he fled.",
        ),
        ("ru", "Мамырова задержали 3 мая, а Осмонов 5 мая подал жалобу."),
    ],
)
def test_a_clause_with_its_own_verb_adds_no_act(language: str, text: str) -> None:
    assert len(_acts(text, language)) == 1


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Aibek Mamyrov was beaten, and at the station he was beaten again."),
        ("ru", "Мамырова избили в машине, а в отделе снова избили."),
        # A word of repetition beside the second, with no comma between the clauses.
        ("en", "Aibek Mamyrov was beaten in the van and later beaten again at the station."),
        ("en", "Police beat Aibek Mamyrov in the street and beat him again at the station."),
        ("ru", "Мамырова избили в машине и снова избили в отделе."),
        ("ky", "Мамыровду машинада сабашты, бөлүмдө кайра сабашты."),
    ],
)
def test_an_act_told_again_in_a_clause_of_its_own_is_a_second_act(language: str, text: str) -> None:
    acts = _acts(text, language)
    assert [act["type"] for act in acts] == ["beating", "beating"]
    # The second clause names no one: it befalls the victim of the first.
    assert party_name(acts[0]["victim"]) == party_name(acts[1]["victim"])


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Officers beat and kicked Aibek Mamyrov at the station."),
        # "Again" tells the act once more after an earlier sentence, not twice in this one.
        ("en", "Aibek Mamyrov was beaten again at the station."),
    ],
)
def test_one_act_told_by_two_words_of_one_clause_stays_one(language: str, text: str) -> None:
    assert [act["type"] for act in _acts(text, language)] == ["beating"]
