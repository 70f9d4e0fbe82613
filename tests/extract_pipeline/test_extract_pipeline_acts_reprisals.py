"""Reprisals told around a journalist or an activist: relatives dismissed, visited, searched or
threatened, two of them in one sentence, an outlet's site cut off, and a victim described by the
outlet they write for. Each text was written for the tests; beside each stand texts that must
give no such act, or only one."""

from __future__ import annotations

import pytest
from tests.extract_pipeline.proposed import extracted_acts


def _types(text: str, language: str) -> list[str]:
    return [act["type"] for act in extracted_acts(text, language)]


@pytest.mark.parametrize(
    ("language", "text", "kind"),
    [
        # A relative who lost the job.
        ("ru", "Через неделю её брат лишился работы в больнице.", "dismissal_of_relatives"),
        ("ru", "Муж активистки потерял работу в школе.", "dismissal_of_relatives"),
        ("ky", "Анын агасы 3-июнда мектептеги жумушунан айрылды.", "dismissal_of_relatives"),
        # Officers at the parents' home, the hyphenated kin word between.
        (
            "ky",
            "Эртеси милиция кызматкерлери анын ата-энесинин үйүнө келишип, көпкө отурушту.",
            "harassment_of_relatives",
        ),
        # A relative's flat searched, five words from the search.
        (
            "en",
            "Officers searched the flat of the parents of the blogger on Friday.",
            "harassment_of_relatives",
        ),
        # An outlet's site with its access restricted.
        ("ru", "Доступ к сайту «Кара-Суу Таймс» ограничен с понедельника.", "blocking_of_media"),
        ("en", "Access to the website of Ordo Press was restricted.", "blocking_of_media"),
    ],
)
def test_the_wording_tells_the_act(language: str, text: str, kind: str) -> None:
    assert kind in _types(text, language)


@pytest.mark.parametrize(
    ("language", "text", "kind"),
    [
        ("ru", "Её брат потерял ключи от машины.", "dismissal_of_relatives"),
        ("ru", "Он потерял работу после закрытия завода.", "dismissal_of_relatives"),
        ("ky", "Анын агасы быйыл жумушунан айрылып калуудан коркот.", "dismissal_of_relatives"),
        # The officers came far from the relatives' home: to a street named between.
        (
            "ky",
            "Анын жубайынын айтымында, милиционерлер түн ичинде Манас көчөсүндөгү үйгө келип, "
            "күйөөсүн алып кетишкен.",
            "harassment_of_relatives",
        ),
        ("ru", "Доступ к архиву суда ограничен для сторон процесса.", "blocking_of_media"),
        ("en", "Access to the courtroom was restricted to the parties.", "blocking_of_media"),
    ],
)
def test_a_look_alike_tells_no_act(language: str, text: str, kind: str) -> None:
    assert kind not in _types(text, language)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("ru", "12 мая её отца вызвали на допрос в ГКНБ, а младшей сестре угрожали по телефону."),
        ("en", "Police summoned his father for questioning, and threatened his sister by phone."),
    ],
)
def test_two_relatives_in_clauses_of_their_own_are_two_acts(language: str, text: str) -> None:
    assert _types(text, language).count("harassment_of_relatives") == 2


@pytest.mark.parametrize(
    ("language", "text"),
    [
        # One relative, the threat telling the summons again.
        ("ru", "Её отца вызвали на допрос в ГКНБ, а там угрожали ему увольнением."),
        ("en", "Police summoned his father for questioning, and threatened him with dismissal."),
    ],
)
def test_one_relative_is_one_act(language: str, text: str) -> None:
    kinds = _types(text, language)
    assert kinds.count("harassment_of_relatives") + kinds.count("threats_and_intimidation") == 1


def test_a_journalist_named_after_her_outlet_is_detained_as_a_journalist() -> None:
    text = (
        "Правозащитники сообщают о журналистке газеты «Ак-Суу Маалымат» Айгуль Бекешовой. "
        "Задержание Бекешовой 3 февраля у здания редакции никто не оформил."
    )
    assert "detention_of_journalist" in _types(text, "ru")


def test_a_word_before_a_quoted_name_that_describes_no_one_narrows_nothing() -> None:
    text = (
        "Правозащитники сообщают о жительнице села «Ак-Суу» Айгуль Бекешовой. "
        "Задержание Бекешовой 3 февраля у здания администрации никто не оформил."
    )
    assert "detention_of_journalist" not in _types(text, "ru")
