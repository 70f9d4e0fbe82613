"""Days in the names of streets, squares and farms ("улица 8 Марта", "8-Март көчөсү", "1 May
Street", "колхоз имени 1 Мая") are part of a place's name, not dates; a date beside a word for a
street that names no street stays a date."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docket.extract.dated_names import names_a_place
from docket.extract.relative_dates import dates_in

DOCUMENT = date(2024, 3, 20)
_RU_MONTHS = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
              "сентября", "октября", "ноября", "декабря"]  # fmt: skip
_KY_MONTHS = ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август",
              "сентябрь", "октябрь", "ноябрь", "декабрь"]  # fmt: skip
# The month with the possessive and locative endings a day of a named year takes.
_KY_LOCATIVES = ["январында", "февралында", "мартында", "апрелинде", "майында", "июнунда",
                 "июлунда", "августунда", "сентябрында", "октябрында", "ноябрында",
                 "декабрында"]  # fmt: skip
_EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"]  # fmt: skip


def _read(text: str, language: str) -> list[tuple[str, str]]:
    return [
        (text[start:end], value.canonical())
        for start, end, value in dates_in(text, language, DOCUMENT)
    ]


NAMES = [
    ("ru", "Его задержали на улице 8 Марта."),
    ("ru", "Он живёт по ул. 1 Мая, 15."),
    ("ru", "Улица 8 Марта перекрыта."),
    ("ru", "Колхоз имени 1 Мая закрыли."),
    ("ru", "Митинг прошёл на площади 8 Марта."),
    ("ky", "Ал 8-Март көчөсүндөгү үйдө кармалды."),
    ("ky", "Ал 1-Май көчөсүндө жашайт."),
    ("ky", "Ал 1-Май атындагы колхоздо иштейт."),
    ("ky", "Ал ул. 8 Марта боюнча кармалды."),
    ("en", "He lives on 1 May Street."),
    ("en", "The office on 8 March Avenue was searched."),
]


@pytest.mark.parametrize(("language", "text"), NAMES)
def test_a_day_in_a_place_name_is_no_date(language: str, text: str) -> None:
    assert _read(text, language) == []


NEAR_MISSES = [
    ("ru", "На площади 5 марта прошёл митинг.", [("5 марта", "2024-03-05?")]),
    ("ru", "5 марта улицы были перекрыты.", [("5 марта", "2024-03-05?")]),
    ("ru", "Акция прошла на проспекте Чуй 5 марта.", [("5 марта", "2024-03-05?")]),
    ("ky", "Алар 5-мартта көчөгө чыгышты.", [("5-мартта", "2024-03-05?")]),
    ("ky", "5-март көчөдө митинг болду.", [("5-март", "2024-03-05?")]),
    ("en", "On 5 March street vendors protested.", [("On 5 March", "2024-03-05?")]),
    ("en", "On 5 March police came.", [("On 5 March", "2024-03-05?")]),
]


@pytest.mark.parametrize(("language", "text", "expected"), NEAR_MISSES)
def test_a_date_beside_street_words_stays_a_date(
    language: str, text: str, expected: list[tuple[str, str]]
) -> None:
    assert _read(text, language) == expected


def test_a_street_name_is_no_anchor_for_the_next_day() -> None:
    # The street's day would make it 9 March. With no day told before it, a past "на следующий
    # день" names none (the day after the document's date has not come); one about the future
    # goes on from the document's date.
    text = "Он живёт на улице 8 Марта. На следующий день его задержали."
    assert _read(text, "ru") == []
    text = "Он живёт на улице 8 Марта. На следующий день суд рассмотрит жалобу."
    assert _read(text, "ru") == [("На следующий день", "2024-03-21")]


def test_without_a_language_nothing_is_a_name() -> None:
    assert not names_a_place("ул. 8 Марта", 4, 11, None)


_DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31))


@given(_DAYS, st.sampled_from(["улица", "ул.", "проспект", "улице", "имени"]))
def test_any_capitalised_day_after_a_street_word_is_a_name(day: date, street: str) -> None:
    month = _RU_MONTHS[day.month - 1]
    named = f"Он живёт: {street} {day.day} {month.capitalize()}."
    told = f"Он вышел на {street} {day.day} {month} {day.year} года."
    assert _read(named, "ru") == []
    assert [phrase for phrase, _ in _read(told, "ru")] == [f"{day.day} {month} {day.year} года"]


@given(_DAYS)
def test_any_kyrgyz_day_before_a_street_is_a_name_and_with_its_ending_a_date(day: date) -> None:
    month = _KY_MONTHS[day.month - 1]
    assert _read(f"Ал {day.day}-{month.capitalize()} көчөсүндө жашайт.", "ky") == []
    text = f"Алар {day.year}-жылдын {day.day}-{_KY_LOCATIVES[day.month - 1]} көчөгө чыгышты."
    assert [value for _, value in _read(text, "ky")] == [day.isoformat()]


@given(_DAYS)
def test_any_english_day_before_street_is_a_name_only_capitalised(day: date) -> None:
    month = _EN_MONTHS[day.month - 1]
    assert _read(f"He lives on {day.day} {month} Street.", "en") == []
    text = f"On {day.day} {month} {day.year} street vendors protested."
    assert [value for _, value in _read(text, "en")] == [day.isoformat()]
