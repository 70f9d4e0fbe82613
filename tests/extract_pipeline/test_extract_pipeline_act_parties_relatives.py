"""Which summons is pressure on the family: not one a relative tells of as someone else's, and
one whose relative a clause set off by commas parts from the verb."""

from __future__ import annotations

import pytest
from tests.extract_pipeline.proposed import extracted_acts

_OPENING = {
    "en": "Erlan Mamyrov was detained on 3 May. ",
    "ru": "Блогера Эрлана Мамырова задержали 3 мая. ",
    "ky": "Блогер Эрлан Мамыровду 3-майда кармашты. ",
}


def _kinds(text: str, language: str) -> dict[str, str]:
    return {text[act["start"] : act["end"]]: act["type"] for act in extracted_acts(text, language)}


@pytest.mark.parametrize(
    ("language", "sentence", "act", "kind"),
    [
        # The relative tells of a summons of someone else.
        (
            "en",
            "His wife said he was summoned for questioning.",
            "summoned for questioning",
            "summons_for_questioning",
        ),
        (
            "en",
            "His wife said he was threatened by officers.",
            "threatened",
            "threats_and_intimidation",
        ),
        (
            "ru",
            "Его жена сообщила, что его вызывали на допрос.",
            "вызывали на допрос",
            "summons_for_questioning",
        ),
        (
            "ru",
            "По словам его жены, его вызывали на допрос.",
            "вызывали на допрос",
            "summons_for_questioning",
        ),
        (
            "ky",
            "Анын жубайынын айтымында, аны УКМКга суракка чакырышты.",
            "суракка чакырышты",
            "summons_for_questioning",
        ),
        # A relative parted from the verb by a clause of their own.
        (
            "en",
            "Mamyrov's brother Nurlan, who flew in from Moscow, was summoned for questioning.",
            "summoned for questioning",
            "harassment_of_relatives",
        ),
        (
            "ru",
            "Брат Мамырова Нурлан, который прилетел из Москвы, был вызван на допрос.",
            "вызван на допрос",
            "harassment_of_relatives",
        ),
    ],
)
def test_which_summons_befalls_a_relative(
    language: str, sentence: str, act: str, kind: str
) -> None:
    assert _kinds(_OPENING[language] + sentence, language)[act] == kind


@pytest.mark.parametrize(
    ("language", "sentence", "act"),
    [
        # The relative tells of what befell them: a pronoun of their own sex.
        ("en", "His wife said she was summoned for questioning.", "summoned for questioning"),
        (
            "en",
            "Her brother, Ulan Abdiev, told Kalkan that officers had threatened to dismiss him "
            "from the school where he works.",
            "threatened",
        ),
        ("en", "His mother was summoned for questioning.", "summoned for questioning"),
        ("ru", "Его мать вызывали на допрос в ГКНБ.", "вызывали на допрос"),
    ],
)
def test_a_relative_told_of_as_summoned_stays_pressure_on_the_family(
    language: str, sentence: str, act: str
) -> None:
    assert _kinds(_OPENING[language] + sentence, language)[act] == "harassment_of_relatives"


def test_a_clause_of_its_own_does_not_bring_a_far_relative_near() -> None:
    # The clause aside, the relative still stands too far from the summons.
    sentence = (
        "Mamyrova, who visited her brother, the journalist's sister-in-law and two neighbours "
        "in the village on Sunday, were later summoned for questioning."
    )
    assert (
        _kinds(_OPENING["en"] + sentence, "en")["summoned for questioning"]
        == "summons_for_questioning"
    )
