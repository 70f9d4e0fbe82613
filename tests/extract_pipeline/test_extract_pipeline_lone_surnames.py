"""A surname written alone joined to the person already named with it, a Russian lone surname
read by the words before it, and an outlet named with the quotation marks the text writes."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from docket.extract.document import extract_document
from docket.extract.grouping import group_mentions
from docket.extract.mentions import Mention, MentionKind


def _mention(kind: MentionKind, text: str, start: int) -> Mention:
    return Mention(kind, text, start, start + len(text), "test")


def _grouped(mentions: list[Mention]) -> list[tuple[str, list[str]]]:
    return [(e.name, [m.text for m in e.mentions]) for e in group_mentions(mentions)]


def _entities(text: str, language: str = "ru") -> dict[str, list[str]]:
    found: dict[str, Any] = extract_document(
        text, item_id=None, language=language, document_date=date(2025, 6, 1), gazetteer=None
    )
    return {
        entity["name"]: [mention["text"] for mention in entity["mentions"]]
        for entity in found["entities"]
    }


def test_a_lone_surname_joins_the_one_named_before_it_not_a_relative_named_later() -> None:
    found = _grouped(
        [
            _mention("person", "Мирбек Токтоматов", 0),
            _mention("person", "Токтоматов", 40),
            _mention("person", "Бактыбек Токтоматов", 80),
            _mention("person", "Токтоматов", 120),
        ]
    )
    assert found == [
        ("Мирбек Токтоматов", ["Мирбек Токтоматов", "Токтоматов", "Токтоматов"]),
        ("Бактыбек Токтоматов", ["Бактыбек Токтоматов"]),
    ]
    found = _grouped(
        [
            _mention("person", "Timur Kurmanov", 0),
            _mention("person", "Kurmanov", 30),
            _mention("person", "Azamat Kurmanov", 60),
        ]
    )
    assert found[0] == ("Timur Kurmanov", ["Timur Kurmanov", "Kurmanov"])


def test_a_lone_surname_after_two_of_one_sex_already_named_stays_apart() -> None:
    found = _grouped(
        [
            _mention("person", "Мирбек Токтоматов", 0),
            _mention("person", "Бактыбек Токтоматов", 40),
            _mention("person", "Токтоматов", 80),
        ]
    )
    assert len(found) == 3


def test_a_lone_surname_written_first_joins_no_full_name_of_two() -> None:
    found = _grouped(
        [
            _mention("person", "Токтоматов", 0),
            _mention("person", "Мирбек Токтоматов", 40),
            _mention("person", "Бактыбек Токтоматов", 80),
        ]
    )
    assert len(found) == 3


def test_a_name_run_on_into_a_word_in_lower_case_is_no_second_candidate() -> None:
    found = _grouped(
        [
            _mention("person", "Нурбек Алиев", 0),
            _mention("person", "кармалган Алиев", 30),
            _mention("person", "Алиев", 70),
        ]
    )
    assert found[0] == ("Нурбек Алиев", ["Нурбек Алиев", "Алиев"])
    # "уулу" is written in lower case in a name: Асан уулу Алиев stays a candidate.
    found = _grouped(
        [
            _mention("person", "Нурбек Алиев", 0),
            _mention("person", "Асан уулу Алиев", 30),
            _mention("person", "Алиев", 70),
        ]
    )
    assert len(found) == 3


def test_a_russian_lone_surname_read_as_his_genitive_joins_him_not_his_wife() -> None:
    text = (
        "Асылбек Жумалиев и его жена Айгерим Жумалиева живут в Кара-Суу. "
        "По словам адвоката, от Жумалиева добивались признания."
    )
    people = _entities(text)
    assert people["Асылбек Жумалиев"] == ["Асылбек Жумалиев", "Жумалиева"]
    assert people["Айгерим Жумалиева"] == ["Айгерим Жумалиева"]


def test_a_russian_lone_surname_the_words_leave_open_stays_apart() -> None:
    text = (
        "Асылбек Жумалиев и его жена Айгерим Жумалиева живут в Кара-Суу. "
        "Вчера в суде выступила Жумалиева."
    )
    people = _entities(text)
    assert people["Жумалиева"] == ["Жумалиева"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Правозащитники требуют освободить Токтосунова.", "Токтосунов"),
        ("Адвокату не дали навестить Токтосунова в СИЗО.", "Токтосунов"),
        ("Задержали Токтосунова 5 мая.", "Токтосунов"),
        ("Протест прошёл 5 мая. Арестовали Токтосунова через неделю.", "Токтосунов"),
        ("Брата Токтосунова уволили с работы.", "Токтосунов"),
    ],
)
def test_a_lone_surname_after_an_infinitive_or_a_word_opening_a_sentence_is_read(
    text: str, name: str
) -> None:
    assert name in _entities(text)


@pytest.mark.parametrize(
    "text",
    [
        "На митинге должна была выступить Токтосунова.",
        "Мать Токтосунова сообщила об этом журналистам.",
        "Задержание Токтосунова осудила вся семья.",
        "Журналистка сообщила, что Токтосунова задержали.",
    ],
)
def test_an_intransitive_verb_or_a_noun_that_may_be_subject_leaves_it_open(text: str) -> None:
    assert "Токтосунова" in _entities(text)


def test_an_outlet_written_bare_in_a_dateline_is_named_with_its_quotes() -> None:
    text = (
        "Ордо Пресс, 2 февраля 2024 г.\n\n"
        "Трое блогеров рассказали «Ордо Пресс», что им угрожали уголовным делом."
    )
    organisations = _entities(text)
    assert "«Ордо Пресс»" in organisations
    assert organisations["«Ордо Пресс»"] == ["Ордо Пресс", "«Ордо Пресс»"]
    found = _grouped(
        [
            _mention("organization", "Таш Сөзү", 0),
            _mention("organization", "Таш Сөзү", 30),
            _mention("organization", "«Таш Сөзү»", 60),
        ]
    )
    assert found == [("«Таш Сөзү»", ["Таш Сөзү", "Таш Сөзү", "«Таш Сөзү»"])]


def test_a_name_never_quoted_keeps_no_quotes() -> None:
    found = _grouped(
        [_mention("organization", "Ордо Пресс", 0), _mention("organization", "Ордо Пресс", 30)]
    )
    assert found == [("Ордо Пресс", ["Ордо Пресс", "Ордо Пресс"])]
    # A quoted name inside a longer one names the longer one as written.
    found = _grouped(
        [
            _mention("organization", "Правозащитный центр «Калкан»", 0),
            _mention("organization", "«Калкан»", 50),
        ]
    )
    assert found[0][0] == "Правозащитный центр «Калкан»"
