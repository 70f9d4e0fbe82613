"""Days named by number in a month told by reference ("ушул айдын 5инде", "өткөн айдын 25-күнү",
"5-го числа этого месяца", "on the 25th of last month"): the document's month or the one before,
read as days that later phrases ("эртеси") count from."""

from __future__ import annotations

import calendar
from datetime import date

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from docket.extract.month_days import month_days
from docket.extract.relative_dates import dates_in

DOCUMENT = date(2024, 3, 20)


def _read(text: str, language: str, on: date = DOCUMENT) -> list[tuple[str, str]]:
    return [
        (text[start:end], value.canonical()) for start, end, value in dates_in(text, language, on)
    ]


WORDINGS = [
    ("ky", "Ал ушул айдын 5инде кармалды.", "ушул айдын 5инде", "2024-03-05"),
    ("ky", "Ал ушул айдын 10унда кармалды.", "ушул айдын 10унда", "2024-03-10"),
    ("ky", "Ал ушул айдын 2-синде кармалды.", "ушул айдын 2-синде", "2024-03-02"),
    ("ky", "Ал ушул айдын 5-күнү кармалды.", "ушул айдын 5-күнү", "2024-03-05"),
    ("ky", "Ал өткөн айдын 25-күнү кармалды.", "өткөн айдын 25-күнү", "2024-02-25"),
    ("ky", "Өткөн айдын 29унда кармалды.", "Өткөн айдын 29унда", "2024-02-29"),
    ("ru", "Его задержали 5-го числа этого месяца.", "5-го числа этого месяца", "2024-03-05"),
    ("ru", "Его задержали 25 числа прошлого месяца.", "25 числа прошлого месяца", "2024-02-25"),
    ("en", "He was detained on the 5th of this month.", "on the 5th of this month", "2024-03-05"),
    ("en", "He was detained on the 25th of last month.", "on the 25th of last month",
     "2024-02-25"),
    ("ru", "Его задержали 5 числа.", "5 числа", "2024-03-05"),
]  # fmt: skip


@pytest.mark.parametrize(("language", "text", "phrase", "value"), WORDINGS)
def test_days_of_this_and_last_month(language: str, text: str, phrase: str, value: str) -> None:
    assert (phrase, value) in _read(text, language)


NEAR_MISSES = [
    # A bare number after "ушул айдын" counts something.
    ("ky", "Ушул айдын 5 тургуну кармалды.", []),
    # February 2024 has no 30th.
    ("ky", "Ал өткөн айдын 30унда кармалды.", []),
    ("ru", "Его задержали 30 числа прошлого месяца.", []),
    # (A day by its number alone is of the document's month when no month was told before it:
    # "Его задержали 5 числа." is 5 March, see test_extract_pipeline_dates_periods_told.py.)
    # "ушул айда" alone stays the month.
    ("ky", "Ал ушул айда кармалды.", [("ушул айда", "2024-03")]),
]


@pytest.mark.parametrize(("language", "text", "expected"), NEAR_MISSES)
def test_near_misses(language: str, text: str, expected: list[tuple[str, str]]) -> None:
    assert _read(text, language) == expected


def test_the_next_day_counts_from_a_numbered_day() -> None:
    text = "Ал өткөн айдын 25инде кармалды. Эртеси бошотулду."
    assert _read(text, "ky") == [("өткөн айдын 25инде", "2024-02-25"), ("Эртеси", "2024-02-26")]


def test_nothing_without_a_language_or_a_document_date() -> None:
    assert month_days("ушул айдын 5инде", None, DOCUMENT) == []
    assert month_days("ушул айдын 5инде", "ky", None) == []


@given(
    st.dates(min_value=date(1995, 1, 1), max_value=date(2035, 12, 31)),
    st.integers(1, 31),
    st.sampled_from(
        [
            ("ky", "Ал ушул айдын {d}-күнү кармалды.", 0),
            ("ky", "Ал өткөн айдын {d}-күнү кармалды.", -1),
            ("ru", "Его задержали {d} числа этого месяца.", 0),
            ("ru", "Его задержали {d} числа прошлого месяца.", -1),
            ("en", "He was detained on the {d}th of last month.", -1),
        ]
    ),
)
# A day the document's month lacks is no date, not that day of the month before.
@example(date(2000, 2, 1), 30, ("ru", "Его задержали {d} числа этого месяца.", 0))
def test_any_numbered_day_is_that_day_of_the_month_or_nothing(
    on: date, number: int, wording: tuple[str, str, int]
) -> None:
    language, text, months = wording
    index = on.year * 12 + on.month - 1 + months
    year, month = index // 12, index % 12 + 1
    found = month_days(text.format(d=number), language, on)
    if number > calendar.monthrange(year, month)[1]:
        assert found == []
        return
    [(_, _, value)] = found
    assert value.start == value.end == date(year, month, number)
