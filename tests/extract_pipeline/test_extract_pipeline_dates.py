"""Date phrases as extraction reads them, in English, Russian and Kyrgyz.

The table holds one row per kind of expression and language; each row is a sentence, the phrase
that must be found in it and the value it must have, in the canonical (EDTF) form, for a document
dated Wednesday 15 May 2024. "?" marks a year taken from the document's date.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docket.errors import InvalidDate
from docket.extract.relative_dates import dates_in
from docket.model import Precision, UncertainDate, find_dates

DOCUMENT = date(2024, 5, 15)  # a Wednesday

TABLE = [
    # A day and month without a year: the latest such day not after the document, flagged.
    ("en", "He was detained on 3 May.", "on 3 May", "2024-05-03?"),
    ("en", "He was detained on May 3.", "on May 3", "2024-05-03?"),
    ("ru", "Его задержали 3 мая.", "3 мая", "2024-05-03?"),
    ("ky", "Ал 3-майда кармалды.", "3-майда", "2024-05-03?"),
    ("en", "The search took place on 20 December.", "on 20 December", "2023-12-20?"),
    ("ru", "Обыск прошёл 20 декабря.", "20 декабря", "2023-12-20?"),
    ("ky", "Тинтүү 20-декабрда болду.", "20-декабрда", "2023-12-20?"),
    # Full dates; Russian genitive months with "года" or "г."; Kyrgyz year first.
    ("ru", "Суд состоялся 5 марта 2023 года.", "5 марта 2023 года", "2023-03-05"),
    ("ru", "Суд состоялся 5 марта 2023 г.", "5 марта 2023 г.", "2023-03-05"),
    ("ky", "Сот 2023-жылдын 5-мартында болду.", "2023-жылдын 5-мартында", "2023-03-05"),
    ("ky", "2023-жылдын 5-мартындагы сот.", "2023-жылдын 5-мартындагы", "2023-03-05"),
    # Written with dots or slashes, day first.
    ("en", "He was detained on 03.05.2024.", "on 03.05.2024", "2024-05-03"),
    ("en", "He was detained on 3/5/2024.", "on 3/5/2024", "2024-05-03"),
    ("ru", "Задержан 03.05.2024 г.", "03.05.2024 г.", "2024-05-03"),
    ("ky", "03.05.2024-ж. кармалды.", "03.05.2024-ж.", "2024-05-03"),
    # A month alone.
    ("en", "He was detained in April.", "in April", "2024-04?"),
    ("ru", "Его задержали в апреле.", "в апреле", "2024-04?"),
    ("ky", "Ал апрель айында кармалды.", "апрель айында", "2024-04?"),
    ("ky", "Ал апрелде кармалды.", "апрелде", "2024-04?"),
    # Parts of months and years.
    ("en", "in early March", "in early March", "2024-03-01?/2024-03-10?"),
    ("ru", "в конце марта", "в конце марта", "2024-03-21?/2024-03-31?"),
    ("ky", "марттын аягында", "марттын аягында", "2024-03-21?/2024-03-31?"),
    ("en", "at the end of 2023", "at the end of 2023", "2023-09/2023-12"),
    ("ru", "в конце 2023 года", "в конце 2023 года", "2023-09/2023-12"),
    ("ky", "2023-жылдын аягында", "2023-жылдын аягында", "2023-09/2023-12"),
    # Seasons.
    ("en", "in autumn 2023", "in autumn 2023", "2023-23"),
    ("ru", "осенью 2023 года", "осенью 2023 года", "2023-23"),
    ("ky", "2023-жылдын күзүндө", "2023-жылдын күзүндө", "2023-23"),
    # Decades.
    ("en", "in the 1990s", "in the 1990s", "1990/1999"),
    ("ru", "в 1990-х годах", "в 1990-х годах", "1990/1999"),
    ("ru", "в 90-е годы", "в 90-е годы", "1990/1999"),
    ("ky", "1990-жылдары", "1990-жылдары", "1990/1999"),
    # Ranges.
    ("en", "from 3 to 5 May", "from 3 to 5 May", "2024-05-03?/2024-05-05?"),
    ("en", "3–5 May 2024", "3–5 May 2024", "2024-05-03/2024-05-05"),
    ("ru", "с 3 по 5 мая", "с 3 по 5 мая", "2024-05-03?/2024-05-05?"),
    ("ky", "3–5-майда", "3–5-майда", "2024-05-03?/2024-05-05?"),
    ("ky", "3-майдан 5-майга чейин", "3-майдан 5-майга чейин", "2024-05-03?/2024-05-05?"),
    # Days listed before the last share its month.
    ("ru", "Митинги прошли 1, 2 и 3 мая.", "1, 2 и 3 мая", "2024-05-01?/2024-05-03?"),
    ("en", "Rallies were held on 1, 2 and 3 May.", "on 1, 2 and 3 May", "2024-05-01?/2024-05-03?"),
    ("ky", "Митингдер 1, 2 жана 3-майда өттү.", "1, 2 жана 3-майда", "2024-05-01?/2024-05-03?"),
    # A Kyrgyz range whose end names its own year: the genitive year opens the end, not closes
    # the start.
    (
        "ky",
        "Ал 2023-жылдын 10-декабрынан 2024-жылдын 5-январына чейин камакта болду.",
        "2023-жылдын 10-декабрынан 2024-жылдын 5-январына чейин",
        "2023-12-10/2024-01-05",
    ),
    # The night between two days is both days; a time of day belongs to the date's phrase.
    (
        "en",
        "on the night of 14 to 15 August 2022",
        "on the night of 14 to 15 August 2022",
        "2022-08-14/2022-08-15",
    ),
    (
        "ru",
        "в ночь с 14 на 15 августа 2022 года",
        "в ночь с 14 на 15 августа 2022 года",
        "2022-08-14/2022-08-15",
    ),
    ("en", "on the evening of 3 May", "on the evening of 3 May", "2024-05-03?"),
    ("ru", "Вечером 3 мая его задержали.", "Вечером 3 мая", "2024-05-03?"),
    # "Since X" is X, when the state that still holds began.
    ("en", "He has been held since January.", "since January", "2024-01?"),
    ("ru", "С августа 2023 года он в колонии.", "С августа 2023 года", "2023-08"),
    ("ky", "2023-жылдан бери камакта.", "2023-жылдан бери", "2023"),
    # "Until X" is X, when what is told ends (a term of custody, a deadline).
    ("en", "He is held until 10 May.", "until 10 May", "2024-05-10?"),
    ("ru", "Его арестовали до 10 мая.", "до 10 мая", "2024-05-10?"),
    ("ky", "Ал 10-майга чейин камакка алынды.", "10-майга чейин", "2024-05-10?"),
    # A year named from the document's.
    ("en", "on 3 May last year", "on 3 May last year", "2023-05-03"),
    ("ru", "3 мая прошлого года", "3 мая прошлого года", "2023-05-03"),
    ("ky", "былтыр 3-майда", "былтыр 3-майда", "2023-05-03"),
    # Days from the document's date.
    ("en", "He was released yesterday.", "yesterday", "2024-05-14"),
    ("ru", "Его освободили вчера.", "вчера", "2024-05-14"),
    ("ky", "Ал кечээ бошотулду.", "кечээ", "2024-05-14"),
    ("en", "He was detained on Monday.", "on Monday", "2024-05-13"),
    ("ru", "Его задержали в понедельник.", "в понедельник", "2024-05-13"),
    ("ky", "Ал дүйшөмбү күнү кармалды.", "дүйшөмбү күнү", "2024-05-13"),
    # Weeks from the document's: Monday to Sunday; the document's own week up to its date.
    ("en", "He was detained last week.", "last week", "2024-05-06/2024-05-12"),
    ("ru", "Его задержали на прошлой неделе.", "на прошлой неделе", "2024-05-06/2024-05-12"),
    ("ky", "Ал өткөн жумада кармалды.", "өткөн жумада", "2024-05-06/2024-05-12"),
    ("en", "Police searched it earlier this week.", "earlier this week", "2024-05-13/2024-05-15"),
    ("ru", "Обыск прошёл на этой неделе.", "на этой неделе", "2024-05-13/2024-05-15"),
    ("ky", "Тинтүү ушул жумада болду.", "ушул жумада", "2024-05-13/2024-05-15"),
    # The last weekend before the document's date.
    ("en", "He was detained over the weekend.", "over the weekend", "2024-05-11/2024-05-12"),
    ("ru", "Его задержали в минувшие выходные.", "в минувшие выходные", "2024-05-11/2024-05-12"),
    (
        "ky",
        "Ал өткөн дем алыш күндөрү кармалды.",
        "өткөн дем алыш күндөрү",
        "2024-05-11/2024-05-12",
    ),
    # Parts of the year before the document's, and of its own.
    ("en", "He was detained late last year.", "late last year", "2023-09/2023-12"),
    ("ru", "Его задержали в конце прошлого года.", "в конце прошлого года", "2023-09/2023-12"),
    ("ky", "Ал өткөн жылдын аягында кармалды.", "өткөн жылдын аягында", "2023-09/2023-12"),
    ("en", "It was closed early this year.", "early this year", "2024-01/2024-04"),
    ("ru", "С начала года закрыты три редакции.", "С начала года", "2024-01/2024-04"),
    ("ky", "Жылдын башынан бери үч басылма жабылды.", "Жылдын башынан бери", "2024-01/2024-04"),
    # The night between two weekdays is both days.
    (
        "ru",
        "В ночь с субботы на воскресенье его задержали.",
        "В ночь с субботы на воскресенье",
        "2024-05-11/2024-05-12",
    ),
    (
        "en",
        "on the night of Saturday to Sunday",
        "on the night of Saturday to Sunday",
        "2024-05-11/2024-05-12",
    ),
    (
        "ky",
        "ишембиден жекшембиге караган түнү",
        "ишембиден жекшембиге караган түнү",
        "2024-05-11/2024-05-12",
    ),
    ("en", "It ended the end of last year.", "the end of last year", "2023-09/2023-12"),
    # A weekday beside the date of its day is that date: the date says which Friday.
    ("en", "On Friday, 3 May, police came.", "3 May", "2024-05-03?"),
    ("ru", "В пятницу, 3 мая, его задержали.", "3 мая", "2024-05-03?"),
    ("ky", "2024-жылдын 3-майында, жума күнү кармалды.", "2024-жылдын 3-майында", "2024-05-03"),
    # Days written as ordinal words; the Russian ordinal ending "-е".
    ("en", "On the first of May police came.", "On the first of May", "2024-05-01?"),
    ("ru", "Первого мая его задержали.", "Первого мая", "2024-05-01?"),
    ("ru", "двадцать пятого апреля 2024 года", "двадцать пятого апреля 2024 года", "2024-04-25"),
    ("ru", "с первого по третье мая", "с первого по третье мая", "2024-05-01?/2024-05-03?"),
    ("ru", "Обыск прошёл в ночь на 3-е мая.", "в ночь на 3-е мая", "2024-05-03?"),
    # The first and last days and the tens of days of a month.
    ("ru", "в первых числах мая", "в первых числах мая", "2024-05-01?/2024-05-10?"),
    ("ru", "в последних числах апреля", "в последних числах апреля", "2024-04-21?/2024-04-30?"),
    ("ru", "во второй декаде апреля", "во второй декаде апреля", "2024-04-11?/2024-04-20?"),
    # Parts of the document's month and of the month before: days, as "early May" is.
    ("en", "He was detained late last month.", "late last month", "2024-04-21/2024-04-30"),
    ("ru", "в конце прошлого месяца", "в конце прошлого месяца", "2024-04-21/2024-04-30"),
    ("ky", "өткөн айдын аягында", "өткөн айдын аягында", "2024-04-21/2024-04-30"),
    ("ru", "в начале этого месяца", "в начале этого месяца", "2024-05-01/2024-05-10"),
    ("ky", "ушул айдын башында", "ушул айдын башында", "2024-05-01/2024-05-10"),
    # What has passed of the document's month, as of its week.
    (
        "en",
        "Two more were detained earlier this month.",
        "earlier this month",
        "2024-05-01/2024-05-15",
    ),
    (
        "ru",
        "Ранее в этом месяце задержали ещё двоих.",
        "Ранее в этом месяце",
        "2024-05-01/2024-05-15",
    ),
    # Seasons named from the document's date.
    ("en", "He was detained last summer.", "last summer", "2023-22"),
    ("ru", "Прошлым летом его задержали.", "Прошлым летом", "2023-22"),
    ("ky", "Ал өткөн жайда кармалды.", "өткөн жайда", "2023-22"),
    ("en", "It was closed this spring.", "this spring", "2024-21"),
    ("ru", "Этой весной её закрыли.", "Этой весной", "2024-21"),
    # Days before the document's.
    ("en", "the day before yesterday", "the day before yesterday", "2024-05-13"),
    ("en", "He was detained three days ago.", "three days ago", "2024-05-12"),
    ("ru", "Его задержали неделю назад.", "неделю назад", "2024-05-08"),
    ("ru", "Его задержали в эти выходные.", "в эти выходные", "2024-05-11/2024-05-12"),
    # A Kyrgyz postposition makes a bare month a date; "былтыркы жылдын" is last year.
    ("ky", "Ал январдан бери камакта.", "январдан бери", "2024-01?"),
    ("ky", "былтыркы жылдын майында", "былтыркы жылдын майында", "2023-05"),
    # The first months of a year are its early part.
    ("ru", "в первые месяцы 2023 года", "в первые месяцы 2023 года", "2023-01/2023-04"),
    ("ky", "2023-жылдын алгачкы айларында", "2023-жылдын алгачкы айларында", "2023-01/2023-04"),
    ("en", "in the first months of 2023", "in the first months of 2023", "2023-01/2023-04"),
    # Kyrgyz seasons and years in every case the press uses.
    ("ky", "2023-жылдын күзүнөн бери камакта.", "2023-жылдын күзүнөн бери", "2023-23"),
    ("ky", "2023-жылдагы шайлоодо", "2023-жылдагы", "2023"),
    # Two months named with one word for month.
    ("ky", "апрель-май айларында", "апрель-май айларында", "2024-04?/2024-05?"),
]

# Days and weeks from the day named last: (language, text, relative phrase, its day).
FROM_LAST_DAY = [
    ("en", "He was detained on 3 April. The day before, police searched his flat.",
     "The day before", "2024-04-02"),
    ("ru", "Его задержали 3 апреля. Накануне в квартире прошёл обыск.", "Накануне", "2024-04-02"),
    ("ky", "Ал 3-апрелде кармалды. Эртеси соттолду.", "Эртеси", "2024-04-04"),
    ("en", "He was detained on 3 April. Two weeks later he was charged.",
     "Two weeks later", "2024-04-17"),
    ("ru", "Его задержали 3 апреля. Через две недели ему предъявили обвинение.",
     "Через две недели", "2024-04-17"),
    ("ky", "Ал 3-апрелде кармалды. Эки жумадан кийин айып тагылды.",
     "Эки жумадан кийин", "2024-04-17"),
    ("en", "The verdict came on 20 April. A week earlier the defence had withdrawn.",
     "A week earlier", "2024-04-13"),
    ("ru", "Его задержали 3 апреля. Вечером того же дня его допросили.",
     "Вечером того же дня", "2024-04-03"),
    ("ru", "Его задержали 3 апреля. Утром следующего дня его допросили.",
     "Утром следующего дня", "2024-04-04"),
    ("ky", "Ал 3-майда кармалды. Үч күн мурун тинтүү болду.", "Үч күн мурун", "2024-04-30"),
    ("ky", "Ал 3-апрелде кармалды. Эки күн өткөндөн кийин соттолду.", "Эки күн өткөндөн кийин",
     "2024-04-05"),
    ("ky", "Ал 3-апрелде кармалды. Арадан бир ай өтүп бошотулду.", "Арадан бир ай өтүп",
     "2024-05-03"),
    # Months counted from the day: the same day of the month, or the month's last.
    ("en", "He was detained on 31 January. A month later he was charged.",
     "A month later", "2024-02-29"),
    ("ru", "Его задержали 3 апреля. Через месяц ему предъявили обвинение.",
     "Через месяц", "2024-05-03"),
    ("ky", "Ал 3-апрелде кармалды. Бир айдан кийин айып тагылды.", "Бир айдан кийин",
     "2024-05-03"),
    # The first day and night after the day named last.
    ("ru", "Его задержали 1 мая. Он заявил, что в первые сутки после задержания его били.",
     "в первые сутки", "2024-05-01/2024-05-02"),
    ("en", "He was detained on 1 May. In the first 24 hours he was beaten.",
     "In the first 24 hours", "2024-05-01/2024-05-02"),
    # A month named in between sets the scene; the story goes on from the day.
    ("en", "He was detained on 3 April. In March his site was blocked. The next day he was "
     "charged.", "The next day", "2024-04-04"),
    ("ky", "Ал 3-апрелде кармалды. Анын айтымында, мартта сайт бөгөттөлгөн. Эртеси соттолду.",
     "Эртеси", "2024-04-04"),
]  # fmt: skip


def _read(text: str, language: str, on: date = DOCUMENT) -> list[tuple[str, str]]:
    return [
        (text[start:end], value.canonical()) for start, end, value in dates_in(text, language, on)
    ]


@pytest.mark.parametrize(("language", "text", "phrase", "value"), TABLE)
def test_date_expressions_in_three_languages(
    language: str, text: str, phrase: str, value: str
) -> None:
    assert _read(text, language) == [(phrase, value)]


@pytest.mark.parametrize(("language", "text", "phrase", "value"), FROM_LAST_DAY)
def test_days_and_weeks_count_from_the_day_named_last(
    language: str, text: str, phrase: str, value: str
) -> None:
    assert (phrase, value) in _read(text, language)


def test_since_stays_an_open_range_where_asked_for() -> None:
    # The value parser and find_dates read "since" as a range with no end unless told otherwise.
    assert find_dates("since January", DOCUMENT, "en")[0][2].end is None
    assert UncertainDate.parse("since January", DOCUMENT, "en").end is None
    assert find_dates("since January", DOCUMENT, "en", since="start")[0][2].end == date(2024, 1, 31)


def test_until_stays_an_open_range_where_asked_for() -> None:
    assert find_dates("until 10 May", DOCUMENT, "en")[0][2].start is None
    assert find_dates("до 10 мая", DOCUMENT, "ru")[0][2].end == date(2024, 5, 9)
    ((_, _, value),) = find_dates("until 10 May", DOCUMENT, "en", until="end")
    assert (value.start, value.end) == (date(2024, 5, 10), date(2024, 5, 10))
    with pytest.raises(InvalidDate, match="until must be"):
        find_dates("until 10 May", DOCUMENT, "en", until="closed")  # type: ignore[arg-type]


def test_a_day_counted_from_a_month_alone_stays_unread() -> None:
    found = _read("He was detained in April. The next day he was charged.", "en")
    assert found == [("in April", "2024-04?")]


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)))
def test_parts_of_this_month_end_by_the_document_date(on: date) -> None:
    for language, text in (
        ("en", "earlier this month"),
        ("en", "at the beginning of this month"),
        ("ru", "в начале этого месяца"),
        ("ky", "ушул айдын башында"),
    ):
        ((_, _, value),) = dates_in(text, language, on)
        assert value.precision is Precision.DAY and value.start == on.replace(day=1)
        assert value.end is not None and value.end <= on


def test_two_whole_days_joined_by_and_are_two_dates() -> None:
    assert _read("Его допрашивали 1 мая и 3 мая.", "ru") == [
        ("1 мая", "2024-05-01?"),
        ("3 мая", "2024-05-03?"),
    ]
    assert _read("on 3 May and 5 June", "en") == [
        ("on 3 May", "2024-05-03?"),
        ("5 June", "2023-06-05?"),
    ]


def test_the_year_of_a_case_number_is_no_date() -> None:
    assert _read("по делу № 1-234/2023 суд вынес приговор", "ru") == []
    assert _read("in case No. 12/2023 the court", "en") == []
    assert _read("on 3/5/2024 the court", "en") == [("on 3/5/2024", "2024-05-03")]


def test_months_later_need_a_day_named_before_them() -> None:
    # "A month after the rally" counts from an event it names after, not from the report's date.
    assert _read("Спустя месяц после митинга задержанных отпустили.", "ru") == []
    assert _read("В первые сутки его не кормили.", "ru") == []


def test_an_unknown_reading_of_since_is_refused() -> None:
    with pytest.raises(InvalidDate, match="since must be"):
        find_dates("since January", DOCUMENT, "en", since="closed")  # type: ignore[arg-type]


def test_a_decade_inside_a_range_of_years_is_no_decade() -> None:
    assert _read("в 2019–2020 годах", "ru") == [("в 2019–2020 годах", "2019/2020")]
    assert _read("2010–2020-жылдары", "ky") == [("2010–2020-жылдары", "2010/2020")]
    # Two-digit decades that could be either century are left alone, and without a word for
    # years a two-digit ordinal is no decade.
    assert _read("в 20-е годы", "ru") == []
    assert _read("на 40-е сутки", "ru") == []


_DAYS = st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31))


@given(_DAYS, st.sampled_from(["en", "ru", "ky"]), st.sampled_from("./"))
def test_any_day_written_with_dots_or_slashes_is_that_day(
    day: date, language: str, mark: str
) -> None:
    text = f"{day.day:02d}{mark}{day.month:02d}{mark}{day.year}"
    assert _read(text, language) == [(text, day.isoformat())]


@given(_DAYS.filter(lambda day: day.day > 12))
def test_a_slashed_day_that_cannot_be_a_month_is_read_month_first(day: date) -> None:
    text = f"{day.month}/{day.day}/{day.year}"
    assert _read(text, "en") == [(text, day.isoformat())]


@given(st.integers(190, 209))
def test_any_decade_is_its_ten_years(tens: int) -> None:
    first = tens * 10
    expected = f"{first}/{first + 9}"
    for language, text in (
        ("en", f"in the {first}s"),
        ("ru", f"в {first}-х годах"),
        ("ru", f"в {first}-е годы"),
        ("ky", f"{first}-жылдары"),
    ):
        assert _read(text, language) == [(text, expected)]


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)))
def test_last_week_and_this_week_for_any_document_date(on: date) -> None:
    for language, last, this in (
        ("en", "last week", "this week"),
        ("ru", "на прошлой неделе", "на этой неделе"),
        ("ky", "өткөн жумада", "ушул жумада"),
    ):
        ((_, _, week),) = dates_in(last, language, on)
        assert week.precision is Precision.DAY
        assert week.start is not None and week.end is not None
        assert week.start.weekday() == 0 and week.end - week.start == timedelta(days=6)
        assert week.end < on <= week.end + timedelta(days=7)
        ((_, _, current),) = dates_in(this, language, on)
        assert current.start == week.start + timedelta(days=7) and current.end == on


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)))
def test_last_weekend_for_any_document_date(on: date) -> None:
    for language, text in (
        ("en", "over the weekend"),
        ("ru", "в минувшие выходные"),
        ("ky", "өткөн дем алыш күндөрү"),
    ):
        ((_, _, weekend),) = dates_in(text, language, on)
        assert weekend.start is not None and weekend.end is not None
        assert (weekend.start.weekday(), weekend.end.weekday()) == (5, 6)
        assert weekend.end < on <= weekend.end + timedelta(days=7)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)), st.integers(1, 3))
def test_weeks_later_count_from_any_day(day: date, weeks: int) -> None:
    words = {
        "en": ("{} weeks later", {1: "a week", 2: "two", 3: "three"}),
        "ru": ("через {} недели", {2: "две", 3: "три"}),
        "ky": ("{} жумадан кийин", {1: "бир", 2: "эки", 3: "үч"}),
    }
    for language, (pattern, numbers) in words.items():
        if weeks not in numbers:
            continue
        later = "a week later" if (language, weeks) == ("en", 1) else pattern.format(numbers[weeks])
        text = f"{day.isoformat()}. {later}."
        found = dict(_read(text, language, day + timedelta(days=60)))
        assert found[later] == (day + timedelta(weeks=weeks)).isoformat()


@given(st.integers(1, 27), st.integers(1, 12), st.integers(2000, 2030))
def test_any_russian_night_between_two_days_is_both(day: int, month: int, year: int) -> None:
    months = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
              "сентября", "октября", "ноября", "декабря"]  # fmt: skip
    text = f"в ночь с {day} на {day + 1} {months[month - 1]} {year} года"
    first = date(year, month, day)
    assert _read(text, "ru") == [(text, f"{first}/{first + timedelta(days=1)}")]


@given(st.dates(min_value=date(2021, 1, 1), max_value=date(2024, 5, 15)))
def test_a_day_without_a_year_is_the_latest_before_the_document_and_flagged(day: date) -> None:
    for language, text in (
        ("en", f"on {day.day} {day.strftime('%B')}"),
        ("ky", f"{day.day}-{_KY_LOCATIVE[day.month - 1]}"),
    ):
        ((_, _, value),) = dates_in(text, language, DOCUMENT)
        assert value.year_inferred and value.precision is Precision.DAY
        assert value.start == value.end and value.start is not None
        assert (value.start.month, value.start.day) == (day.month, day.day)
        assert (value.start.month == 2 and value.start.day == 29) or (
            value.start <= DOCUMENT < value.start.replace(year=value.start.year + 1)
        )


_KY_LOCATIVE = ["январда", "февралда", "мартта", "апрелде", "майда", "июнда", "июлда", "августта",
                "сентябрда", "октябрда", "ноябрда", "декабрда"]  # fmt: skip


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)),
    st.sampled_from(["spring", "summer", "autumn", "winter"]),
)
def test_last_season_ended_before_any_document_date(on: date, season: str) -> None:
    words = {
        "en": f"last {season}",
        "ru": {"spring": "прошлой весной", "summer": "прошлым летом", "autumn": "прошлой осенью",
               "winter": "прошлой зимой"}[season],
        "ky": {"spring": "өткөн жазда", "summer": "өткөн жайда", "autumn": "өткөн күздө",
               "winter": "өткөн кышта"}[season],
    }  # fmt: skip
    for language, text in words.items():
        ((_, _, last),) = dates_in(text, language, on)
        assert last.precision is Precision.SEASON
        assert last.start is not None and last.end is not None
        # Over before the document's date, and no later one of its name is.
        assert last.end < on and (on - last.end).days <= 366
        ((_, _, this),) = dates_in(f"this {season}", "en", on)
        # In March "this winter" and "last winter" are both the one just over.
        assert this.start is not None and this.start >= last.start
        assert this.start <= on or this.start.year == on.year


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 10, 31)), st.integers(1, 3))
def test_months_later_count_from_any_day(day: date, months: int) -> None:
    words = {1: "A month later", 2: "Two months later", 3: "Three months later"}
    text = f"{day.isoformat()}. {words[months]}."
    found = dict(_read(text, "en", day + timedelta(days=120)))
    later = date.fromisoformat(found[words[months]])
    assert (later.year * 12 + later.month) - (day.year * 12 + day.month) == months
    assert later.day == day.day or (later.day < day.day and (later + timedelta(days=1)).day == 1)


@given(st.integers(1, 28), st.integers(1, 12), st.integers(2000, 2030))
def test_any_russian_day_in_ordinal_words_is_that_day(day: int, month: int, year: int) -> None:
    ordinals = ["первого", "второго", "третьего", "четвёртого", "пятого", "шестого", "седьмого",
                "восьмого", "девятого", "десятого", "одиннадцатого", "двенадцатого",
                "тринадцатого", "четырнадцатого", "пятнадцатого", "шестнадцатого",
                "семнадцатого", "восемнадцатого", "девятнадцатого", "двадцатого"]  # fmt: skip
    words = ordinals[day - 1] if day <= 20 else f"двадцать {ordinals[day - 21]}"
    months = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
              "сентября", "октября", "ноября", "декабря"]  # fmt: skip
    text = f"{words} {months[month - 1]} {year} года"
    assert _read(text, "ru") == [(text, date(year, month, day).isoformat())]


_KY_FROM = ["январынан", "февралынан", "мартынан", "апрелинен", "майынан", "июнунан", "июлунан",
            "августунан", "сентябрынан", "октябрынан", "ноябрынан", "декабрынан"]  # fmt: skip
_KY_TO = ["январына", "февралына", "мартына", "апрелине", "майына", "июнуна", "июлуна",
          "августуна", "сентябрына", "октябрына", "ноябрына", "декабрына"]  # fmt: skip


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2028, 12, 31)),
    st.integers(1, 700),
)
def test_any_kyrgyz_range_with_a_year_at_each_end(first: date, days: int) -> None:
    last = first + timedelta(days=days)
    text = (
        f"{first.year}-жылдын {first.day}-{_KY_FROM[first.month - 1]} "
        f"{last.year}-жылдын {last.day}-{_KY_TO[last.month - 1]} чейин"
    )
    assert _read(text, "ky", date(2030, 1, 1)) == [(text, f"{first}/{last}")]


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)), st.integers(0, 6))
def test_a_night_between_two_weekdays_for_any_document_date(on: date, first: int) -> None:
    genitive = ["понедельника", "вторника", "среды", "четверга", "пятницы", "субботы",
                "воскресенья"]  # fmt: skip
    accusative = ["понедельник", "вторник", "среду", "четверг", "пятницу", "субботу",
                  "воскресенье"]  # fmt: skip
    second = (first + 1) % 7
    text = f"в ночь с {genitive[first]} на {accusative[second]}"
    ((_, _, night),) = dates_in(text, "ru", on)
    assert night.start is not None and night.end is not None
    assert (night.start.weekday(), night.end.weekday()) == (first, second)
    assert night.end - night.start == timedelta(days=1)
    assert night.end <= on < night.end + timedelta(days=7)
