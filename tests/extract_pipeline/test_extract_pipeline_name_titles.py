"""Titles before a name in every case form: a Russian title declined as the sentence needs
("Блогера Эрлана Мамырова"), a Kyrgyz one with its possessive ("Башкармалыктын өкүлү") is the
person's role, no part of the name; and the names and sexes read for people: given name first,
no Kyrgyz case ending the text also writes bare."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docket.extract.document import extract_document
from docket.extract.grouping import group_mentions
from docket.extract.mentions import Mention
from docket.extract.roles import case_forms, title_words
from docket.extract.russian_names import nominatives


def _extract(text: str, language: str) -> dict[str, Any]:
    return extract_document(
        text, item_id=None, language=language, document_date=date(2025, 6, 1), gazetteer=None
    )


def _people(text: str, language: str = "ru") -> dict[str, str | None]:
    """Each person's name with the role text kept with it."""
    found = _extract(text, language)
    return {
        entity["name"]: (entity["role"] or {}).get("text")
        for entity in found["entities"]
        if entity["kind"] == "person"
    }


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        ("Блогера Эрлана Мамырова задержали 3 мая.", "Эрлан Мамыров", "Блогера"),
        ("Активистку Айгуль Токтосунову задержали 3 мая.", "Айгуль Токтосунова", "Активистку"),
        ("Задержали правозащитника Эрлана Мамырова.", "Эрлан Мамыров", "правозащитника"),
        ("Соседку Айгуль Токтосунову допросили.", "Айгуль Токтосунова", None),
        (
            "Бывшему главному редактору Эрлану Мамырову предъявили обвинение.",
            "Эрлан Мамыров",
            "Бывшему главному редактору",
        ),
        ("Блогером Эрланом Мамыровым заинтересовалась милиция.", "Эрлан Мамыров", "Блогером"),
    ],
)
def test_a_russian_title_in_any_case_is_a_role_not_a_name(
    text: str, name: str, role: str | None
) -> None:
    people = _people(text)
    assert name in people, people
    if role is not None:
        assert people[name] == role


_HEADS = ["блогер", "активист", "журналист", "правозащитник", "адвокат", "депутат", "судья"]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(head=st.sampled_from(_HEADS), case=st.sampled_from(range(1, 5)))
def test_every_case_form_of_a_head_opens_no_name(head: str, case: int) -> None:
    form = case_forms(head, "ru")[case]
    # The name's own case does not matter here: the title is what must not join it.
    people = _people(f"{form.capitalize()} Эрлана Мамырова задержали 3 мая.")
    assert "Эрлан Мамыров" in people, people


@pytest.mark.parametrize(
    ("word", "forms"),
    [
        ("блогер", {"блогера", "блогеру", "блогером", "блогере"}),
        ("активистка", {"активистки", "активистке", "активистку", "активисткой"}),
        ("главный редактор", {"главного редактора", "главному редактору"}),
        ("исполняющий обязанности", {"исполняющего обязанности"}),
    ],
)
def test_a_russian_title_is_read_in_every_singular_case(word: str, forms: set[str]) -> None:
    assert forms <= set(case_forms(word, "ru"))


def test_a_case_form_that_is_another_word_is_no_title() -> None:
    # "после" is the locative of "посол" and the preposition "after".
    words = title_words("ru")
    assert "посла" in words
    assert "после" not in words
    # Plural forms are not read: "Майоров", "Генералов" are surnames.
    assert "майоров" not in words


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        (
            "Башкармалыктын өкүлү Нурлан Абдыкеримов маалымат берди.",
            "Нурлан Абдыкеримов",
            "Башкармалыктын өкүлү",
        ),
        ("Кабарчы Мирбек Токтоматовдун үйүн тинтишти.", "Мирбек Токтоматов", "Кабарчы"),
        ("Кесиптештери Бектур Сапаров жөнүндө айтышты.", "Бектур Сапаров", None),
    ],
)
def test_a_kyrgyz_title_or_relative_opens_no_name(text: str, name: str, role: str | None) -> None:
    people = {key.removesuffix("дун"): value for key, value in _people(text, "ky").items()}
    assert name in people, people
    if role is not None:
        assert people[name] == role


def _mention(text: str, start: int) -> Mention:
    return Mention("person", text, start, start + len(text), "test")


def test_a_name_written_surname_first_is_named_given_name_first() -> None:
    mentions = [_mention("Токтогулов Эрмек", 0), _mention("Эрмек Токтогулов", 40)]
    assert [e.name for e in group_mentions(mentions)] == ["Эрмек Токтогулов"]
    # A Kyrgyz patronymic word is no given name: "Асан уулу" stays as written.
    assert [e.name for e in group_mentions([_mention("Бакыт Асан уулу", 0)])] == ["Бакыт Асан уулу"]


def test_a_kyrgyz_case_ending_the_text_also_writes_bare_is_taken_off() -> None:
    mentions = [
        _mention("Нургүл Бейшенованын", 0),
        _mention("Нургүл Бейшенова", 50),
        _mention("Бейшенова", 90),
    ]
    assert [e.name for e in group_mentions(mentions)] == ["Нургүл Бейшенова"]
    alone = [_mention("Мирбек Токтоматовдун", 0), _mention("Токтоматов", 60)]
    assert [e.name for e in group_mentions(alone)] == ["Мирбек Токтоматов"]
    # Not a Russian ending of one letter: Алиева is not Алиев's with an ending taken off.
    russian = [_mention("Мурад Алиева", 0), _mention("Алиев", 60)]
    assert group_mentions(russian)[0].name == "Мурад Алиева"


def _victims(text: str, kind: str) -> list[str]:
    found = _extract(text, "ru")
    return [act["victim"]["name"] for act in found["acts"] if act["type"] == kind]


def test_a_lone_surname_a_transitive_verb_takes_is_his_accusative() -> None:
    # "арестовал Токтосунова": no woman alone is the subject of "арестовал", so the surname is
    # his accusative, and "его" after it is him, not the woman named later.
    text = "Суд арестовал Токтосунова. По словам адвоката Айгуль Асановой, его избили."
    assert ("person", "Токтосунов") in _kinds_and_names(text)
    assert _victims(text, "beating") == ["Токтосунов"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # A verb a woman may be the subject of leaves her nominative open.
        ("Вчера рассказала Токтосунова о пытках.", "Токтосунова"),
        ("Суд оштрафовал Айнуру Бекову.", "Айнура Бекова"),
        ("Об этом сообщает Токтосунова в своём заявлении.", "Токтосунова"),
    ],
)
def test_a_verb_she_may_be_the_subject_of_keeps_her_name(text: str, name: str) -> None:
    assert ("person", name) in _kinds_and_names(text)


def _kinds_and_names(text: str) -> list[tuple[str, str]]:
    return [(entity["kind"], entity["name"]) for entity in _extract(text, "ru")["entities"]]


@pytest.mark.parametrize(
    ("text", "words", "expected"),
    [
        # The second of places listed after one preposition is in the case it governs.
        ("Показания дали свидетели из Токмока и Кемина.", "Кемина", "Кемин"),
        ("Приехали родственники из Узгена, Нооката и Жалал-Абада.", "Нооката", "Ноокат"),
        # A place after a word for people is whose they are.
        ("Учитель, уроженец Таш-Кола, вернулся домой.", "Таш-Кола", "Таш-Кол"),
        ("Сотни жителей Тоо-Моюна подписали обращение.", "Тоо-Моюна", "Тоо-Моюн"),
        # A guessed neuter (Токмоко) is no second choice beside Токмок.
        ("Свидетели из Токмока не пришли.", "Токмока", "Токмок"),
    ],
)
def test_a_place_in_the_genitive_is_named_in_the_nominative(
    text: str, words: str, expected: str
) -> None:
    start = text.index(words)
    mention = Mention("place", words, start, start + len(words), "test")
    assert nominatives(text, mention) == [expected]


@pytest.mark.parametrize(
    ("text", "words", "expected"),
    [
        # Not after a preposition: the nominative stays open, as before.
        ("Город Жангы-Кала и Кемина стоят рядом.", "Кемина", "Кемина"),
        # A person after a word for people is named in apposition, not its genitive.
        ("Учитель Айнура Бекова пришла.", "Айнура Бекова", "Айнура Бекова"),
    ],
)
def test_a_name_not_governed_keeps_its_nominative(text: str, words: str, expected: str) -> None:
    start = text.index(words)
    kind = "person" if " " in words else "place"
    mention = Mention(kind, words, start, start + len(words), "test")  # type: ignore[arg-type]
    assert expected in nominatives(text, mention)


@pytest.mark.parametrize(
    ("text", "words", "expected"),
    [
        # A person named after a word for one agrees with it.
        ("Милиция уволила брата активиста Нурлана из школы.", "Нурлана", ["Нурлан"]),
        ("Суд допросил соседа Бакыта.", "Бакыта", ["Бакыт"]),
    ],
)
def test_a_name_after_a_word_for_a_person_agrees_with_it(
    text: str, words: str, expected: list[str]
) -> None:
    start = text.index(words)
    mention = Mention("person", words, start, start + len(words), "test")
    assert nominatives(text, mention) == expected


def test_a_name_after_a_nominative_word_for_a_person_stays_open() -> None:
    text = "Вчера сестра Нурлана пришла в суд."
    start = text.index("Нурлана")
    mention = Mention("person", "Нурлана", start, start + 7, "test")
    # "сестра" may be the nominative: Нурлана is her name or his genitive.
    assert "Нурлана" in nominatives(text, mention)
