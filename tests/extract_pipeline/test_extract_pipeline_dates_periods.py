"""Periods named by the date read before them, the year before last, halves of a year, Kyrgyz days
after a genitive month and "after X", as extraction reads them.

Values are in the canonical (EDTF) form for a document dated Wednesday 15 May 2024; "?" marks a
year taken from the document's date.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.timing import best_cpu_time

from docket.errors import InvalidDate
from docket.extract.relative_dates import dates_in
from docket.model import Precision, UncertainDate

DOCUMENT = date(2024, 5, 15)

# (language, text, phrase, value): the phrase must be read with that value.
SAME_PERIOD = [
    ("en", "He was detained on 3 March 2023. That same month police raided the office.",
     "That same month", "2023-03"),
    ("ru", "Его задержали 3 марта 2023 года. В том же месяце полиция провела обыск.",
     "В том же месяце", "2023-03"),
    ("ky", "Ал 2023-жылдын 3-мартында кармалган. Ошол эле айда тинтүү болгон.",
     "Ошол эле айда", "2023-03"),
    ("en", "He was detained on 3 March 2023. Later that year he was fined.",
     "Later that year", "2023"),
    ("ru", "Его задержали 3 марта 2023 года. В том же году его оштрафовали.",
     "В том же году", "2023"),
    ("ky", "Ал 2023-жылдын 3-мартында кармалган. Ошол эле жылы айып салынган.",
     "Ошол эле жылы", "2023"),
    # A year alone is enough for "that same year".
    ("ru", "В 2019 году его уволили. В том же году он уехал.", "В том же году", "2019"),
    # Parts of that month (days, as "late March" is) and of that year (months, as "late 2023").
    ("en", "He was detained on 3 March 2023. At the end of that month he was charged.",
     "At the end of that month", "2023-03-21/2023-03-31"),
    ("ru", "Его задержали 3 марта 2023 года. В конце того же года его осудили.",
     "В конце того же года", "2023-09/2023-12"),
    ("ky", "Ал 2023-жылдын 3-мартында кармалган. Ошол эле жылдын экинчи жарымында соттолгон.",
     "Ошол эле жылдын экинчи жарымында", "2023-07/2023-12"),
    # The flags of the date before carry over: its year was the document's guess.
    ("ru", "Его задержали 3 марта. В том же месяце его уволили.", "В том же месяце", "2024-03?"),
    # A day or month without a year beside "of the same year" takes that year.
    ("en", "He was detained on 3 March 2022. On 5 May of the same year he was sentenced.",
     "On 5 May of the same year", "2022-05-05"),
    ("ru", "Его задержали 3 марта 2022 года. 5 мая того же года его осудили.",
     "5 мая того же года", "2022-05-05"),
    ("ky", "Ал 2022-жылдын 3-мартында кармалган. Ошол эле жылдын 5-майында соттолгон.",
     "Ошол эле жылдын 5-майында", "2022-05-05"),
    ("ru", "Его задержали 3 марта 2022 года. В мае того же года его осудили.",
     "В мае того же года", "2022-05"),
    # "The beginning of the year" is the year of the date before, else the document's.
    ("ru", "Его задержали в 2022 году. В конце года его осудили.", "В конце года",
     "2022-09/2022-12"),
    ("ru", "В начале года закрыли две редакции.", "В начале года", "2024-01/2024-04"),
    ("en", "Two outlets were closed at the end of the year.", "at the end of the year",
     "2024-09/2024-12"),
    ("ky", "Жылдын аягында эки басылма жабылды.", "Жылдын аягында", "2024-09/2024-12"),
    # The year before last.
    ("en", "He was detained the year before last.", "the year before last", "2022"),
    ("ru", "Его задержали в позапрошлом году.", "в позапрошлом году", "2022"),
    ("ky", "Ал мурдагы жылы кармалган.", "мурдагы жылы", "2022"),
    ("ky", "Ал былтыр кармалган.", "былтыр", "2023"),
    # Halves and the middle of last year and of this one.
    ("en", "He was detained in the second half of last year.",
     "in the second half of last year", "2023-07/2023-12"),
    ("ru", "Его задержали во второй половине прошлого года.",
     "во второй половине прошлого года", "2023-07/2023-12"),
    ("ky", "Ал өткөн жылдын экинчи жарымында кармалган.", "өткөн жылдын экинчи жарымында",
     "2023-07/2023-12"),
    ("ru", "Его задержали в первой половине этого года.", "в первой половине этого года",
     "2024-01/2024-06"),
    ("ru", "Его задержали в середине прошлого года.", "в середине прошлого года",
     "2023-05/2023-08"),
    ("en", "The law takes effect late this year.", "late this year", "2024-09/2024-12"),
    # What has passed of the document's year, month by month, as "earlier this month" is days.
    ("en", "Two outlets were closed earlier this year.", "earlier this year", "2024-01/2024-05"),
    ("ru", "Ранее в этом году закрыли две редакции.", "Ранее в этом году", "2024-01/2024-05"),
    # Months back from the document's date, as "неделю назад": the same day of that month.
    ("en", "He was detained a month ago.", "a month ago", "2024-04-15"),
    ("ru", "Его задержали три месяца назад.", "три месяца назад", "2024-02-15"),
    ("ru", "Его задержали полгода назад.", "полгода назад", "2023-11-15"),
    # Quarters of a named year.
    ("en", "in the first quarter of 2023", "in the first quarter of 2023", "2023-01/2023-03"),
    ("ru", "в третьем квартале 2023 года", "в третьем квартале 2023 года", "2023-07/2023-09"),
    ("ky", "2023-жылдын төртүнчү чейрегинде", "2023-жылдын төртүнчү чейрегинде",
     "2023-10/2023-12"),
    # A Kyrgyz day after a genitive month, with the possessive and a case ending.
    ("ky", "Ал январдын 15инде кармалган.", "январдын 15инде", "2024-01-15?"),
    ("ky", "Ал январдын 15-инде кармалган.", "январдын 15-инде", "2024-01-15?"),
    ("ky", "Ал 2023-жылдын мартынын 9унда кармалган.", "2023-жылдын мартынын 9унда",
     "2023-03-09"),
    ("ky", "Ал 2023-жылдын май айынын 2-синен бери камакта.",
     "2023-жылдын май айынын 2-синен бери", "2023-05-02"),
    ("ky", "Ал 15-январдан тартып камакта.", "15-январдан тартып", "2024-01-15?"),
    # "After X" is a range from the day after X with no end: the date model's open end.
    ("en", "He was not seen after 3 March 2023.", "after 3 March 2023", "2023-03-04/.."),
    ("ru", "Его не видели после 3 марта 2023 года.", "после 3 марта 2023 года", "2023-03-04/.."),
    ("ky", "Аны 2023-жылдын 3-мартынан кийин эч ким көргөн жок.",
     "2023-жылдын 3-мартынан кийин", "2023-03-04/.."),
    ("ky", "Аны 2023-жылдын 3-мартынан соң эч ким көргөн жок.",
     "2023-жылдын 3-мартынан соң", "2023-03-04/.."),
]  # fmt: skip


def _read(text: str, language: str, on: date = DOCUMENT) -> list[tuple[str, str]]:
    return [
        (text[start:end], value.canonical()) for start, end, value in dates_in(text, language, on)
    ]


@pytest.mark.parametrize(("language", "text", "phrase", "value"), SAME_PERIOD)
def test_periods_in_three_languages(language: str, text: str, phrase: str, value: str) -> None:
    assert (phrase, value) in _read(text, language)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "That same month police raided the office."),
        ("ru", "В том же году его оштрафовали."),
        ("ky", "Ошол эле айда тинтүү болгон."),
    ],
)
def test_that_same_period_with_no_date_before_stays_unread(language: str, text: str) -> None:
    assert _read(text, language) == []


def test_that_same_month_after_a_year_alone_stays_unread() -> None:
    # A year names no month; the month is not guessed.
    assert _read("В 2019 году его уволили. В том же месяце он уехал.", "ru") == [
        ("В 2019 году", "2019")
    ]


def test_a_month_has_no_quarter() -> None:
    assert ("May 2023", "2023-05") in _read("in the first quarter of May 2023", "en")
    with pytest.raises(InvalidDate):
        UncertainDate.parse("the first quarter of May 2023", language="en")


_MONTHS_AGO = {1: "месяц назад", 2: "два месяца назад", 3: "три месяца назад", 6: "полгода назад"}


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)),
    st.sampled_from(sorted(_MONTHS_AGO)),
)
def test_months_ago_for_any_document_date(on: date, months: int) -> None:
    ((_, _, value),) = dates_in(f"Его задержали {_MONTHS_AGO[months]}.", "ru", on)
    assert value.start is not None and value.start == value.end
    assert (on.year * 12 + on.month) - (value.start.year * 12 + value.start.month) == months
    # The same day of the month, or the month's last when it is shorter.
    month_end = calendar.monthrange(value.start.year, value.start.month)[1]
    assert value.start.day == min(on.day, month_end)


def test_a_date_beside_of_the_same_year_anchors_the_next_day() -> None:
    text = "Его задержали 3 марта 2022 года. 5 мая того же года его осудили. На следующий день …"
    assert ("На следующий день", "2022-05-06") in _read(text, "ru")


def test_a_date_parted_from_of_the_same_year_keeps_its_own_year() -> None:
    # A year alone before it sets the story's year for "5 мая" by itself; the phrase is the
    # day alone, not joined to "того же года" past the comma.
    text = "Его задержали в 2022 году. 5 мая, того же года не было."
    assert _read(text, "ru") == [("в 2022 году", "2022"), ("5 мая", "2022-05-05?")]


_ANCHORS = st.dates(min_value=date(1995, 1, 1), max_value=date(2030, 12, 31))
_LANGUAGES = st.sampled_from(["en", "ru", "ky"])
_ANCHOR_TEXT = {
    "en": "He was detained on {d:%d} {month} {d.year}. ",
    "ru": "Его задержали {d.day} {month} {d.year} года. ",
    "ky": "Ал {d.year}-жылдын {d.day}-{month} кармалган. ",
}
_MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
    "ru": ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
           "сентября", "октября", "ноября", "декабря"],
    "ky": ["январында", "февралында", "мартында", "апрелинде", "майында", "июнунда", "июлунда",
           "августунда", "сентябрында", "октябрында", "ноябрында", "декабрында"],
}  # fmt: skip
_SAME = {
    "en": {"month": "That same month", "year": "That same year"},
    "ru": {"month": "В том же месяце", "year": "В том же году"},
    "ky": {"month": "Ошол эле айда", "year": "Ошол эле жылы"},
}


@given(_ANCHORS, _LANGUAGES, st.sampled_from(["month", "year"]))
def test_that_same_period_holds_the_day_before_it(day: date, language: str, unit: str) -> None:
    anchor = _ANCHOR_TEXT[language].format(d=day, month=_MONTHS[language][day.month - 1])
    text = anchor + _SAME[language][unit] + " …"
    found = dates_in(text, language, date(2031, 1, 1))
    ((_, _, first), (start, end, value)) = found
    assert first == UncertainDate.on_day(day)
    assert text[start:end] == _SAME[language][unit]
    assert value.contains(day)
    expected = UncertainDate.in_month(day.year, day.month) if unit == "month" else None
    assert value == (expected or UncertainDate.in_year(day.year))


_KY_GENITIVE = ["январдын", "февралдын", "марттын", "апрелдин", "майдын", "июндун", "июлдун",
                "августтун", "сентябрдын", "октябрдын", "ноябрдын", "декабрдын"]  # fmt: skip
# The possessive a Kyrgyz numeral takes by its last word: бири, экиси, үчү, төртү, беши, алтысы,
# жетиси, сегизи, тогузу; он (10) and отуз (30) ону, отузу; жыйырма (20) жыйырмасы.
_KY_POSSESSIVE = {1: "и", 2: "си", 3: "ү", 4: "ү", 5: "и", 6: "сы", 7: "си", 8: "и", 9: "у"}
_KY_TENS = {1: "у", 2: "сы", 3: "у"}
_KY_LOCATIVE = {"и": "инде", "си": "синде", "ү": "үндө", "сы": "сында", "у": "унда"}


def _kyrgyz_day_in(day: int) -> str:
    possessive = _KY_POSSESSIVE[day % 10] if day % 10 else _KY_TENS[day // 10]
    return _KY_LOCATIVE[possessive]


@given(_ANCHORS, st.booleans())
def test_any_kyrgyz_day_after_a_genitive_month(day: date, hyphen: bool) -> None:
    phrase = (
        f"{day.year}-жылдын {_KY_GENITIVE[day.month - 1]} "
        f"{day.day}{'-' if hyphen else ''}{_kyrgyz_day_in(day.day)}"
    )
    assert _read(f"Ал {phrase} кармалган.", "ky", date(2031, 1, 1)) == [(phrase, day.isoformat())]


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)), _LANGUAGES)
def test_the_year_before_last_for_any_document_date(on: date, language: str) -> None:
    phrase = {"en": "the year before last", "ru": "в позапрошлом году", "ky": "мурдагы жылы"}
    ((_, _, value),) = dates_in(f"… {phrase[language]} …", language, on)
    assert value == UncertainDate.in_year(on.year - 2)


@given(_ANCHORS, st.integers(1, 28), st.integers(1, 12))
def test_of_the_same_year_takes_the_year_before_it(anchor: date, day: int, month: int) -> None:
    text = (
        f"Его задержали {anchor.day} {_MONTHS['ru'][anchor.month - 1]} {anchor.year} года. "
        f"{day} {_MONTHS['ru'][month - 1]} того же года его осудили."
    )
    found = dates_in(text, "ru", date(2031, 1, 1))
    assert found[-1][2] == UncertainDate.on_day(date(anchor.year, month, day))
    assert not found[-1][2].year_inferred


_WORDS = st.sampled_from(
    [
        "that", "same", "month", "year", "of", "the", "в", "том", "же", "месяце", "году", "года",
        "того", "ошол", "эле", "айда", "жылы", "жылдын", "аягында", "январдын", "15инде", "15",
        "-", "инде", "3", "марта", "2023", "March", "May", "позапрошлом", "мурдагы", "после",
        "кийин", "тартып", "конце", "начале", "половине", "второй", "экинчи", "жарымында",
        "second", "half", "last", "at", "end", "2023-жылдын", ",", ".", " ", "\n",
    ]
)  # fmt: skip


@given(
    st.lists(st.one_of(_WORDS, st.text(max_size=5)), max_size=30).map(" ".join),
    _LANGUAGES,
    st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)),
)
def test_any_text_reads_without_failing_deterministically_inside_its_spans(
    text: str, language: str, on: date
) -> None:
    found = dates_in(text, language, on)
    assert found == dates_in(text, language, on)
    for start, end, value in found:
        assert 0 <= start < end <= len(text)
        assert value.text == text[start:end]
        assert value.precision is not Precision.UNKNOWN or value.start is None
    assert [start for start, _, _ in found] == sorted(start for start, _, _ in found)


@given(_ANCHORS, st.sampled_from(["early", "mid", "late", "first_half", "second_half"]))
def test_parts_of_that_same_year_lie_inside_it(day: date, part: str) -> None:
    words = {
        "early": "В начале того же года",
        "mid": "В середине того же года",
        "late": "В конце того же года",
        "first_half": "В первой половине того же года",
        "second_half": "Во второй половине того же года",
    }
    text = f"Его задержали {day.day} {_MONTHS['ru'][day.month - 1]} {day.year} года. {words[part]}."
    ((_, _, _), (_, _, value)) = dates_in(text, "ru", date(2031, 1, 1))
    assert value.start is not None and value.end is not None
    assert (value.start.year, value.end.year) == (day.year, day.year)
    assert value.precision is Precision.MONTH
    assert value.end - value.start >= timedelta(days=89)


def _cpu_time(text: str, language: str) -> float:
    return best_cpu_time(lambda: dates_in(text, language, DOCUMENT))


@pytest.mark.parametrize(
    ("language", "unit"),
    [
        ("ru", "3 марта 2020 года. В том же году. 5 мая того же года. "),
        ("ky", "2020-жылдын 3-мартында. Ошол эле жылдын 5-майында, ошол эле айда. "),
    ],
)
def test_periods_of_the_date_before_are_found_in_linear_time(language: str, unit: str) -> None:
    small = unit * 40
    # Four times the text must cost well under sixteen times the time (quadratic growth).
    assert _cpu_time(small * 4, language) < 8 * _cpu_time(small, language) + 0.05


@pytest.mark.parametrize(
    ("language", "unit"),
    [
        ("ru", "3 марта 2020 года. В тот же день, на прошлой неделе, за последние три месяца. "),
        ("en", "On 3 March 2020 he was held. The next day, last week, in the past three months. "),
        ("ky", "2020-жылдын 3-мартында. Эртеси күнү, өткөн жумада, акыркы үч айда. "),
    ],
)
def test_thousands_of_dates_in_one_text_are_read_in_linear_time(language: str, unit: str) -> None:
    # Each phrase is kept clear of those taken before it, and each "next day" counts from the
    # day named last: compared with every date read, 8,000 dates took 12 times as long as 2,000.
    small = unit * 300
    dates_in(small, language, DOCUMENT)
    assert _cpu_time(small * 4, language) < 8 * _cpu_time(small, language) + 0.05
