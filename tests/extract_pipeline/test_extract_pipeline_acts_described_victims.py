"""A general act narrowed by what the document calls its victim elsewhere, and Kyrgyz clauses
that leave out their verb. Each text was written for the tests; beside each stand texts where
the act must stay as it is."""

from __future__ import annotations

from datetime import date

import pytest
from tests.extract_pipeline.proposed import extracted_acts, party_name

_DAY = date(2025, 5, 21)


def _types(text: str, language: str) -> dict[str, str]:
    return {text[act["start"] : act["end"]]: act["type"] for act in extracted_acts(text, language)}


@pytest.mark.parametrize(
    ("language", "text", "words"),
    [
        (
            "ru",
            "Обращение по делу журналистки Айнуры Калыбековой\n\n"
            "11 апреля сотрудники милиции задержали её у редакции.",
            "задержали",
        ),
        (
            "ky",
            "Журналист Назира Шамшиева акцияны тасмага тартты. Эртеси аны кармап, райондук "
            "бөлүмгө алып барышты.",
            "кармап",
        ),
        (
            "en",
            "Kanybek Sultanaliev, a blogger from Tash-Kol, writes about the town budget.\n\n"
            "Officers detained him outside his home on Sunday.",
            "detained",
        ),
    ],
)
def test_a_detention_of_someone_described_as_a_journalist_is_a_journalists(
    language: str, text: str, words: str
) -> None:
    types = _types(text, language)
    assert [kind for span, kind in types.items() if words in span] == ["detention_of_journalist"]


@pytest.mark.parametrize(
    ("language", "text", "words"),
    [
        # Described as something else.
        (
            "en",
            "Kanybek Sultanaliev, a teacher from Tash-Kol, writes about the town budget.\n\n"
            "Officers detained him outside his home on Sunday.",
            "detained",
        ),
        # The journalist is someone other than the one detained.
        (
            "ru",
            "Журналистка Айнура Калыбекова рассказала о соседе. Сотрудники милиции задержали "
            "Бакыта Шаршеналиева у его дома.",
            "задержали",
        ),
        # A court's remand stays general, as the annotation has it.
        (
            "en",
            "Blogger Kanybek Sultanaliev writes about the town budget.\n\n"
            "On Monday the district court remanded him in custody for two months.",
            "remanded",
        ),
    ],
)
def test_a_detention_not_described_so_stays_general(language: str, text: str, words: str) -> None:
    types = _types(text, language)
    # The taking or, for a court's remand, the holding: either general.
    assert [kind for span, kind in types.items() if words in span] in (
        ["arbitrary_arrest"],
        ["arbitrary_detention"],
    )


def test_kyrgyz_dated_names_before_one_verb_are_an_act_each() -> None:
    text = (
        "Милиция кызматкерлери Талгат Кудайбергеновду 12-майда, Урмат Сейитбековду 14-майда "
        "үйлөрүнөн кармап кетишти."
    )
    acts = extracted_acts(text, "ky", _DAY)
    assert sorted((text[act["start"] : act["end"]], party_name(act["victim"])) for act in acts) == [
        ("Талгат Кудайбергеновду 12-майда", "Талгат Кудайбергенов"),
        ("кармап", "Урмат Сейитбеков"),
    ]
    assert {act["type"] for act in acts} == {"arbitrary_arrest"}


def test_three_kyrgyz_dated_names_joined_by_commas_and_zhana() -> None:
    text = "Бакыт Осмоновду 3-майда, Эрлан Мамыровду 5-майда жана Нурлан Асановду 7-майда кармашты."
    victims = [party_name(act["victim"]) for act in extracted_acts(text, "ky", _DAY)]
    assert victims == ["Бакыт Осмонов", "Эрлан Мамыров", "Нурлан Асанов"]


@pytest.mark.parametrize(
    "text",
    [
        # One date for both: one act.
        "Милиция Талгат Кудайбергеновду жана Урмат Сейитбековду 14-майда кармап кетишти.",
        # The first name has a verb of its own.
        "Талгат Кудайбергеновду 12-майда суракка чакырышты, Урмат Сейитбековду 14-майда кармашты.",
    ],
)
def test_a_kyrgyz_name_without_a_gapped_clause_adds_no_detention(text: str) -> None:
    detentions = [
        act for act in extracted_acts(text, "ky", _DAY) if act["type"] == "arbitrary_arrest"
    ]
    assert len(detentions) == 1
