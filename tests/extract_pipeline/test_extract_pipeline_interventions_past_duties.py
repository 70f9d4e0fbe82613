"""Duties told as past, which reproach a failure and ask nothing ("should have investigated",
"должна была провести", "иликтеши керек эле"); obligations whose inquiry comes first and whose
one obliged follows the modal ("Расследовать избиение должна Генеральная прокуратура"), or stands
in the nominative among other names ("Мадылбековду сабаган … Башкы прокуратура иликтеши керек");
and an obligation as the document's own voice in whichever sentence it stands."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from tests.extract_pipeline.proposed import extracted_interventions, party_name
from tests.extract_pipeline.test_extract_pipeline_kinds import found

from docket.extract.actors import Actor
from docket.extract.interventions import intervention_vocabulary
from docket.extract.obligations import obligation_roles

PAST_DUTIES = [
    ("en", "The prosecutor's office should have opened a criminal investigation at once."),
    ("en", "Kasymaliev should have been released long ago."),
    ("en", "The police must have investigated the complaint by then."),
    ("ru", "Прокуратура должна была провести проверку в тот же день."),
    ("ru", "Прокуратура Жангы-Калы должна была расследовать избиение, но дело закрыто."),
    ("ru", "Власти были обязаны освободить его ещё в марте, но обязаны были и расследовать."),
    ("ky", "Прокуратура сабоо фактысын ошол эле күнү иликтеши керек эле."),
    ("ky", "Тергөө жүргүзүүгө милдеттүү болчу прокуратура."),
]

# The same modals of the present, which still ask.
PRESENT_DUTIES = [
    (
        "en",
        "The prosecutor's office should open a criminal investigation at once.",
        "call_for_investigation",
    ),
    ("ru", "Прокуратура должна провести проверку.", "call_for_investigation"),
    ("ru", "Должны быть немедленно освобождены все задержанные рабочие.", "call_for_release"),
    ("ky", "Прокуратура сабоо фактысын иликтеши керек.", "call_for_investigation"),
]


@pytest.mark.parametrize(("language", "text"), PAST_DUTIES)
def test_a_duty_told_as_past_is_no_call(language: str, text: str) -> None:
    assert found(text, language)[1] == []


@pytest.mark.parametrize(("language", "text", "kind"), PRESENT_DUTIES)
def test_a_duty_of_the_present_is_still_a_call(language: str, text: str, kind: str) -> None:
    assert [step for step, _ in found(text, language)[1]] == [kind]


INQUIRY_FIRST = [
    (
        "ru",
        "Расследовать избиение Эрмека Бердибекова должна Генеральная прокуратура.",
        "Расследовать избиение Эрмека Бердибекова должна",
    ),
    (
        "ru",
        "Проверить законность задержания обязана прокуратура.",
        "Проверить законность задержания обязана",
    ),
    (
        "en",
        "There must be a prompt and independent investigation into the beating.",
        "must be a prompt and independent investigation",
    ),
]


@pytest.mark.parametrize(("language", "text", "words"), INQUIRY_FIRST)
def test_an_inquiry_told_before_its_modal_is_a_call(language: str, text: str, words: str) -> None:
    assert found(text, language)[1] == [("call_for_investigation", words)]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        # The inquiry as a noun tells of one, as its subject.
        ("ru", "Расследование должно быть завершено."),
        ("ru", "Расследование должностных лиц прокуратура не проводила."),
        ("en", "There must be some mistake in the figures."),
    ],
)
def test_an_inquiry_told_of_is_no_call(language: str, text: str) -> None:
    assert found(text, language)[1] == []


# Who is obliged.


def _actor(text: str, words: str, kind: str = "organization", name: str | None = None) -> Actor:
    start = text.index(words)
    return Actor(kind, name or words, None, words, start, start + len(words))


def _obligation(text: str, words: str) -> dict[str, Any]:
    start = text.index(words)
    return {
        "type": "call_for_investigation",
        "start": start,
        "end": start + len(words),
        "by": None,
        "toward": None,
    }


def _toward(language: str, text: str, words: str, actors: list[Actor]) -> str | None:
    (call,) = obligation_roles(
        text,
        language,
        [_obligation(text, words)],
        intervention_vocabulary(language).data,
        actors,
        actors[0],
        lambda actor: actor == actors[0],
    )
    return None if call["toward"] is None else str(call["toward"]["name"])


def test_the_one_obliged_is_in_the_nominative() -> None:
    text = "Калкан\n\nМадылбековду сабаган милиция кызматкерлерин Башкы прокуратура иликтеши керек."
    actors = [
        _actor(text, "Калкан"),
        _actor(text, "Мадылбековду", "person", "Нурлан Мадылбеков"),
        _actor(text, "Башкы прокуратура"),
    ]
    assert _toward("ky", text, "иликтеши керек", actors) == "Башкы прокуратура"


def test_the_one_obliged_follows_a_modal_the_inquiry_comes_before() -> None:
    text = "Калкан\n\nРасследовать избиение Бердибекова должна Генеральная прокуратура."
    actors = [
        _actor(text, "Калкан"),
        _actor(text, "Бердибекова", "person", "Эрмек Бердибеков"),
        _actor(text, "Генеральная прокуратура"),
    ]
    words = "Расследовать избиение Бердибекова должна"
    assert _toward("ru", text, words, actors) == "Генеральная прокуратура"


def test_a_name_after_a_modal_that_comes_first_is_not_the_one_obliged() -> None:
    # The prosecutor's office is obliged, though not recognised; the security service is whose
    # actions are to be looked into.
    text = "Калкан\n\nПрокуратура Жангы-Калы обязана провести расследование действий ГКНБ."
    actors = [_actor(text, "Калкан"), _actor(text, "ГКНБ")]
    assert _toward("ru", text, "обязана провести расследование", actors) is None


# The document's voice.


def test_an_obligation_is_the_documents_own_in_any_sentence() -> None:
    text = (
        "Ayan Legal Clinic\nStatement on the detention of Timur Ergeshov\n\n"
        "Police detained Timur Ergeshov in Tash-Kol on 9 May.\n\n"
        "Timur Ergeshov and the four residents detained with him must be released without"
        " delay."
    )
    (call,) = [
        step
        for step in extracted_interventions(text, "en", date(2025, 7, 3))
        if step["type"] == "call_for_release"
    ]
    assert party_name(call["by"]) == "Ayan Legal Clinic"
