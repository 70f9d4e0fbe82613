"""A day or month told without a year after a date of an earlier stated year, in the same
paragraph, belongs to that story's year ("Его задержали 3 марта 2019 года. 5 марта суд …"):
the year that puts it nearest the date told, not the document's."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from docket.extract.narrative_years import in_the_story_year
from docket.extract.relative_dates import dates_in

DOCUMENT = date(2024, 3, 20)
_RU_MONTHS = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
              "сентября", "октября", "ноября", "декабря"]  # fmt: skip
_EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"]  # fmt: skip


def _read(text: str, language: str, on: date = DOCUMENT) -> list[tuple[str, str]]:
    return [
        (text[start:end], value.canonical()) for start, end, value in dates_in(text, language, on)
    ]


WORDINGS = [
    ("ru", "Его задержали 3 марта 2019 года. 5 марта суд арестовал его.", "5 марта",
     "2019-03-05?"),
    ("ru", "Его задержали 3 марта 2019 года, а 1 марта был обыск.", "1 марта", "2019-03-01?"),
    ("ru", "Его задержали 3 декабря 2019 года. 5 января суд арестовал его.", "5 января",
     "2020-01-05?"),
    ("ru", "Его задержали 3 декабря 2019 года. В феврале его осудили.", "В феврале", "2020-02?"),
    ("ky", "Ал 2019-жылдын 5-мартында жана 7-мартында кармалган.", "7-мартында", "2019-03-07?"),
    ("ky", "Ал 2019-жылдын 3-мартында кармалды. 5-мартта сот аны камакка алды.", "5-мартта",
     "2019-03-05?"),
    ("en", "He was detained on 3 March 2019. On 5 March the court remanded him.", "On 5 March",
     "2019-03-05?"),
    # A year told alone sets the story's year too.
    ("ru", "В 2019 году его задержали. 5 марта суд арестовал его.", "5 марта", "2019-03-05?"),
]  # fmt: skip


@pytest.mark.parametrize(("language", "text", "phrase", "value"), WORDINGS)
def test_a_day_without_a_year_takes_the_story_year(
    language: str, text: str, phrase: str, value: str
) -> None:
    assert (phrase, value) in _read(text, language)


NEAR_MISSES = [
    # A new paragraph may come back to the present.
    ("ru", "Его задержали 3 марта 2019 года.\n\n5 марта его снова задержали.", "5 марта",
     "2024-03-05?"),
    # The future is told from the document's date.
    ("ru", "Его задержали 3 марта 2019 года. Заседание назначено на 5 апреля.", "5 апреля",
     "2024-04-05?"),
    # A year from which something runs on sets no story's day.
    ("ru", "С 2019 года он пишет о городе. 5 марта его задержали.", "5 марта", "2024-03-05?"),
    # Within the document's own year the latest day not after the document's date stands.
    ("ru", "Жангы-Кала, 16 января 2024 года. В июле его задерживали.", "В июле", "2023-07?"),
    # The story's nearest year may not fall after the document's date.
    ("ru", "Его задержали 15 декабря 2023 года. В апреле его освободили.", "В апреле",
     "2023-04?"),
]  # fmt: skip


@pytest.mark.parametrize(("language", "text", "phrase", "value"), NEAR_MISSES)
def test_where_the_document_year_stands(language: str, text: str, phrase: str, value: str) -> None:
    assert (phrase, value) in _read(text, language)


def test_nothing_moves_without_a_language_or_a_date() -> None:
    dates = dates_in("Его задержали 3 марта 2019 года. 5 марта его отпустили.", "ru", DOCUMENT)
    assert in_the_story_year("", dates, None, DOCUMENT) == dates
    assert in_the_story_year("", dates, "ru", None) == dates


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2022, 12, 31)),
    st.integers(-150, 150),
    st.sampled_from(["ru", "en"]),
)
def test_a_day_is_put_nearest_the_day_of_the_story(told: date, days: int, language: str) -> None:
    later = told + timedelta(days=days)
    assume(not (later.month == 2 and later.day == 29))
    if language == "ru":
        first = f"{told.day} {_RU_MONTHS[told.month - 1]} {told.year} года"
        second = f"{later.day} {_RU_MONTHS[later.month - 1]}"
        text = f"Его задержали {first}. {second} его отпустили."
    else:
        first = f"{told.day} {_EN_MONTHS[told.month - 1]} {told.year}"
        second = f"{later.day} {_EN_MONTHS[later.month - 1]}"
        text = f"He was detained on {first}. On {second} he was freed."
    read = dates_in(text, language, DOCUMENT)
    assert [value.start for _, _, value in read] == [told, later]
    # A relative reading never falls after the document's date.
    assert all(value.end is not None and value.end <= DOCUMENT for _, _, value in read)


_RU_IN = ["январе", "феврале", "марте", "апреле", "мае", "июне", "июле", "августе", "сентябре",
          "октябре", "ноябре", "декабре"]  # fmt: skip


@given(st.dates(min_value=date(2024, 1, 1), max_value=DOCUMENT), st.integers(1, 12))
def test_a_story_of_the_document_year_keeps_the_parsers_year(told: date, month: int) -> None:
    first = f"{told.day} {_RU_MONTHS[told.month - 1]} {told.year} года"
    text = f"Его задержали {first}. В {_RU_IN[month - 1]} его отпустили."
    [_, (_, _, value)] = dates_in(text, "ru", DOCUMENT)
    assert value.start is not None
    expected = 2024 if (2024, month) <= (DOCUMENT.year, DOCUMENT.month) else 2023
    assert value.start.year == expected


def test_a_deadline_the_parser_put_after_the_document_date_stands() -> None:
    # The term ends after the day told, past the document's date: not moved into 2000.
    text = "1 декабря 2000 года суд продлил арест до 2 июня."
    assert ("до 2 июня", "2001-06-02?") in _read(text, "ru", date(2001, 1, 1))
