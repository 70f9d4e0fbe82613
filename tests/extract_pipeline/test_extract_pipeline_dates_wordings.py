"""Date wordings of reports the earlier tables left out, as extraction reads them: the first and
last days and the weeks of a month, years of two digits ("12.02.24", "'23"), a winter named by
its two years, Kyrgyz days listed with a hanging hyphen and abbreviated months, "by the end of",
and any number of days or weeks counted from the day named last.

Values are in the canonical (EDTF) form for a document dated Wednesday 20 March 2024; "?" marks a
year taken from the document's date.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.extract_pipeline.date_readings import read_dates

from docket.errors import InvalidDate
from docket.extract.relative_dates import dates_in
from docket.model import Precision, UncertainDate

DOCUMENT = date(2024, 3, 20)  # a Wednesday
_LANGUAGES_ALL = st.sampled_from(["en", "ru", "ky"])

# (language, text, phrase, value): the phrase must be read with that value.
WORDINGS = [
    # The first and last days of a month are its early and late days.
    ("en", "He was beaten in the first days of January.", "in the first days of January",
     "2024-01-01?/2024-01-10?"),
    ("en", "They were held in the last days of February.", "in the last days of February",
     "2024-02-21?/2024-02-29?"),
    ("ru", "В первые дни марта его задержали.", "В первые дни марта", "2024-03-01?/2024-03-10?"),
    ("ru", "В последние дни апреля 2023 года подали жалобу.",
     "В последние дни апреля 2023 года", "2023-04-21/2023-04-30"),
    ("ky", "Декабрдын акыркы күндөрүндө ага коркутушту.", "Декабрдын акыркы күндөрүндө",
     "2023-12-21?/2023-12-31?"),
    ("ky", "Январдын алгачкы күндөрүндө кармалды.", "Январдын алгачкы күндөрүндө",
     "2024-01-01?/2024-01-10?"),
    # The weeks of a month: days 1-7, 8-14, 15-21, 22-28, and its last seven days.
    ("en", "In the second week of March the court refused.", "In the second week of March",
     "2024-03-08?/2024-03-14?"),
    ("en", "He was held in the last week of February.", "in the last week of February",
     "2024-02-23?/2024-02-29?"),
    ("ru", "На второй неделе апреля 2023 года суд назначил штраф.",
     "На второй неделе апреля 2023 года", "2023-04-08/2023-04-14"),
    ("ru", "В первую неделю марта его вызвали.", "В первую неделю марта",
     "2024-03-01?/2024-03-07?"),
    ("ru", "В последнюю неделю января его вызвали.", "В последнюю неделю января",
     "2024-01-25?/2024-01-31?"),
    ("ky", "Январдын экинчи жумасында мени чакырышты.", "Январдын экинчи жумасында",
     "2024-01-08?/2024-01-14?"),
    ("ky", "2023-жылдын ноябрынын акыркы жумасында чакырышты.",
     "2023-жылдын ноябрынын акыркы жумасында", "2023-11-24/2023-11-30"),
    # Half-years named as such.
    ("ru", "В первом полугодии 2024 года задержаны 12 человек.", "В первом полугодии 2024 года",
     "2024-01/2024-06"),
    ("ky", "2023-жылдын экинчи жарым жылдыгында 12 киши кармалган.",
     "2023-жылдын экинчи жарым жылдыгында", "2023-07/2023-12"),
    # Days with a year of two digits, day first.
    ("en", "The indictment (dated 12.02.24) claims otherwise.", "12.02.24", "2024-02-12"),
    ("en", "He was freed on 05/01/24.", "on 05/01/24", "2024-01-05"),
    ("ru", "Постановление от 04.04.98 № 17-45.", "04.04.98", "1998-04-04"),
    ("ky", "Адвокат аны 05.01.24 гана көрдү.", "05.01.24", "2024-01-05"),
    # A year of two digits after an apostrophe.
    ("en", "the term given to the organisers of the protests of '23.", "'23", "2023"),
    ("en", "He left the country in May '98.", "in May '98", "1998-05"),
    # A winter named by the two years it spans is the one that holds January of the second.
    ("en", "Heating failed in the winter of 2022–2023.", "in the winter of 2022–2023", "2023-24"),
    ("en", "Heating failed in winter 2022/23.", "in winter 2022/23", "2023-24"),
    ("ru", "Его задерживали зимой 2022–2023 годов.", "зимой 2022–2023 годов", "2023-24"),
    ("ky", "2023–2024-жылдардын кышында жылуулук болгон жок.", "2023–2024-жылдардын кышында",
     "2024-24"),
    # Kyrgyz days listed with the first day's hyphen left hanging share the last one's month.
    ("ky", "Тергөөчү 2- жана 3-январда эмне болгонун сурады.", "2- жана 3-январда",
     "2024-01-02?/2024-01-03?"),
    # Kyrgyz months abbreviated as in Russian.
    ("ky", "3-янв. 2024-ж. саат 10:30да келишти.", "3-янв. 2024-ж.", "2024-01-03"),
    ("ky", "5-дек. 2023-ж. кармалды.", "5-дек. 2023-ж.", "2023-12-05"),
    # "с.г.", "т.г." (this year) after a day name its year: stated, not inferred.
    ("ru", "Рассмотрение назначено на 3 июня с.г.", "3 июня с.г.", "2024-06-03"),
    ("ru", "3 марта т. г. его задержали.", "3 марта т. г.", "2024-03-03"),
    # "By" a date, and the dative of a part: the date is the deadline.
    ("en", "The ministry will answer by the end of March.", "by the end of March",
     "2024-03-21?/2024-03-31?"),
    ("ru", "Мэрия обещала ответить к концу мая.", "к концу мая", "2024-05-21?/2024-05-31?"),
    ("ky", "Жооп марттын аягына чейин болот.", "марттын аягына чейин",
     "2024-03-21?/2024-03-31?"),
    # A term or deadline without a year ends after the day told before it.
    ("ky", "05.01.24 сот аны 25-мартка чейин камакта кармоону чечти.", "25-мартка чейин",
     "2024-03-25?"),
    ("ru", "19 января суд продлил арест до 25 марта.", "до 25 марта", "2024-03-25?"),
    ("en", "On 1 March the court ordered custody until 5 April.", "until 5 April", "2024-04-05?"),
    # ... and is read as before where it already does, or where no day was told.
    ("en", "He was detained on 1 March. He was held until 10 March.", "until 10 March",
     "2024-03-10?"),
    # (With no day told, a term's end is the nearest such day to the document's date: see
    # test_extract_pipeline_dates_periods_told.py.)
    ("ru", "Суд продлил арест до 25 марта.", "до 25 марта", "2024-03-25?"),
    # A promise or an expectation speaks of the future, as "scheduled" does.
    ("en", "The verdict is expected on 3 April.", "on 3 April", "2024-04-03?"),
    ("ru", "Мэрия обещала ответить 3 апреля.", "3 апреля", "2024-04-03?"),
    # An article before each day of a range; a night written with a slash.
    ("en", "Hearings ran from the 3rd to the 5th of March.", "from the 3rd to the 5th of March",
     "2024-03-03?/2024-03-05?"),
    ("en", "He was beaten on the night of 2/3 March.", "on the night of 2/3 March",
     "2024-03-02?/2024-03-03?"),
    # Decades written short.
    ("en", "He wrote about land in the '90s.", "in the '90s", "1990/1999"),
    ("en", "He wrote about land in the 90s.", "in the 90s", "1990/1999"),
    ("ru", "В 90-х он работал на шахте.", "В 90-х", "1990/1999"),
    ("ky", "90-жылдары ал шахтада иштеген.", "90-жылдары", "1990/1999"),
    # Kyrgyz parts after each month of a range, and in the dative before "чейин".
    ("ky", "Февралдын аягы – марттын башында суу болгон жок.", "Февралдын аягы – марттын башында",
     "2024-02-21?/2024-03-10?"),
    ("ky", "Февралдын аягынан марттын ортосуна чейин суу болгон жок.",
     "Февралдын аягынан марттын ортосуна чейин", "2024-02-21?/2024-03-20?"),
    # Any number of days or weeks counted from the day named last, in words or digits.
    ("en", "He appealed on 29 January. Ten days later he was freed.", "Ten days later",
     "2024-02-08"),
    ("en", "He appealed on 29 January. 3 weeks later he was freed.", "3 weeks later",
     "2024-02-19"),
    ("en", "He was freed on 29 January. Five days earlier he was beaten.", "Five days earlier",
     "2024-01-24"),
    ("ru", "Его задержали 29 января. Через десять дней его отпустили.", "Через десять дней",
     "2024-02-08"),
    ("ru", "Его задержали 29 января. Спустя 4 недели его осудили.", "Спустя 4 недели",
     "2024-02-26"),
    ("ru", "Его отпустили 29 января. За пять дней до этого его избили.",
     "За пять дней до этого", "2024-01-24"),
    ("ky", "29-январда «Калкан» кайрылды. Он күндөн кийин жолугушту.", "Он күндөн кийин",
     "2024-02-08"),
    ("ky", "29-январда кармалды. 5 жумадан кийин соттолду.", "5 жумадан кийин", "2024-03-04"),
    ("ky", "29-январда бошотулду. Төрт күн мурун сабалган.", "Төрт күн мурун", "2024-01-25"),
    # Evenings and nights of the day named last, and of the day after it.
    ("en", "He was detained on 3 March. That same evening he was beaten.", "That same evening",
     "2024-03-03"),
    ("en", "He was detained on 3 March. The following night he was beaten.",
     "The following night", "2024-03-04"),
    ("ru", "Его задержали 3 марта. Той же ночью его избили.", "Той же ночью", "2024-03-03"),
    ("ru", "Его задержали 3 марта. Следующей ночью его избили.", "Следующей ночью",
     "2024-03-04"),
    ("ky", "Ал 3-мартта кармалган. Кийинки түнү сабалган.", "Кийинки түнү", "2024-03-04"),
    ("ky", "Ал 3-мартта кармалган. Ошол эле кечинде сабалган.", "Ошол эле кечинде",
     "2024-03-03"),
    # Months and years counted the same way: the same day that many months later or earlier.
    ("en", "He was detained on 3 May 2022. A year later he was freed.", "A year later",
     "2023-05-03"),
    ("en", "He was detained on 3 May 2022. Six months later he was freed.", "Six months later",
     "2022-11-03"),
    ("ru", "Его задержали 3 мая 2022 года. Спустя полгода его отпустили.", "Спустя полгода",
     "2022-11-03"),
    ("ru", "Его задержали 3 мая 2022 года. За два года до этого его избили.",
     "За два года до этого", "2020-05-03"),
    ("ky", "Ал 2022-жылдын 3-майында кармалган. Бир жылдан кийин бошотулган.",
     "Бир жылдан кийин", "2023-05-03"),
    ("ky", "Ал 2022-жылдын 3-майында кармалган. Алты айдан кийин бошотулган.",
     "Алты айдан кийин", "2022-11-03"),
    # Years and months back from the document's date, as "a month ago" is.
    ("en", "He was detained two years ago.", "two years ago", "2022-03-20"),
    ("en", "He was detained a year ago.", "a year ago", "2023-03-20"),
    ("ru", "Его задержали пять лет назад.", "пять лет назад", "2019-03-20"),
    ("ru", "Его задержали 4 месяца назад.", "4 месяца назад", "2023-11-20"),
    # The week, month and year after the date read last.
    ("en", "He was detained on 3 May 2023. He was freed the next week.", "the next week",
     "2023-05-08/2023-05-14"),
    ("ru", "Его задержали 3 мая 2022 года. На следующей неделе его отпустили.",
     "На следующей неделе", "2022-05-09/2022-05-15"),
    ("ky", "Ал 2022-жылдын 3-майында кармалган. Кийинки жумада бошотулган.", "Кийинки жумада",
     "2022-05-09/2022-05-15"),
    ("en", "He was detained on 30 December 2022. The following month he was fined.",
     "The following month", "2023-01"),
    ("ru", "Его задержали в мае 2022 года. В следующем месяце его оштрафовали.",
     "В следующем месяце", "2022-06"),
    ("ky", "Ал 2022-жылы кармалган. Кийинки жылы кайра камакка алынган.", "Кийинки жылы", "2023"),
    ("ru", "В следующем году пройдут выборы.", "В следующем году", "2025"),
    # The coming week, month and year.
    ("en", "The hearing will take place next week.", "next week", "2024-03-25/2024-03-31"),
    ("ru", "Заседание пройдёт на будущей неделе.", "на будущей неделе", "2024-03-25/2024-03-31"),
    ("ky", "Отурум келерки жумада болот.", "келерки жумада", "2024-03-25/2024-03-31"),
    ("en", "The law takes effect next month.", "next month", "2024-04"),
    ("ru", "Выборы пройдут в будущем году.", "в будущем году", "2025"),
    ("ky", "Шайлоо келерки жылы өтөт.", "келерки жылы", "2025"),
]  # fmt: skip


def _read(text: str, language: str, on: date = DOCUMENT) -> list[tuple[str, str]]:
    return read_dates(text, language, on)


@pytest.mark.parametrize(("language", "text", "phrase", "value"), WORDINGS)
def test_wordings_in_three_languages(language: str, text: str, phrase: str, value: str) -> None:
    assert (phrase, value) in _read(text, language)


# (language, text, what must be read, if anything): numbers that only look like dates, and
# words of the new forms where they name no date.
NEAR_MISSES = [
    ("ru", "Вышла версия 1.12.02.24 программы.", []),
    ("ru", "Код 12.02.24.5 указан в деле.", []),
    ("ru", "Телефон 55.44.33, доб. 3.5.24.", []),
    ("en", "Call +996 312 55 44 33 at 10:30.", []),
    ("en", "Rock'n'roll was banned.", []),
    ("en", "He said '90 people were there'.", []),
    ("en", "It's 23 degrees.", []),
    ("ru", "Его приговорили к 1500 сомам штрафа.", []),
    ("ru", "Штраф до 1500 сомов.", []),
    ("en", "He was beaten in the first days of the war.", []),
    ("ru", "Его избили в первые дни войны.", []),
    ("ky", "Согуштун алгачкы күндөрүндө кармалды.", []),
    ("ky", "2 жана 3 адам кармалды.", []),
    ("en", "He was charged under Art. 329 in case No. 1-112/2024.", []),
    ("en", "The strike cost the mine 3.5 million som.", []),
    ("en", "She is in her 90s.", []),
    ("en", "The '20s were different.", []),
    ("en", "A 2/3 majority voted.", []),
    ("en", "on the night of 2/5 March", []),
    ("ru", "На 40-е сутки голодовки его увезли.", []),
    ("ru", "В 20-х числах.", []),
    # "The next week" tells of the week after a day told before, "the last week" of the past
    # seven days, not of calendar weeks from the document's; with no day before them they are
    # left unread.
    ("en", "He was freed the next week.", []),
    ("en", "Over the last week police detained five people.", []),
    ("ru", "На следующей неделе его отпустили.", []),
    ("en", "He was detained in 2022. He was freed the next week.", [("in 2022", "2022")]),
    # A year has no weeks: only the year is read.
    ("en", "in the first week of 2023", [("2023", "2023")]),
    # "Last week" of no month is still the week before the document's.
    ("en", "Last week of protests ended.", [("Last week", "2024-03-11/2024-03-17")]),
    # Two years that are not one winter apart stay a range of years.
    ("ru", "зимой 2022–2024 годов", [("зимой 2022–2024 годов", "2021-12/2024-12")]),
    # A dash with spaces still joins two days of one month.
    ("en", "on 2 - 3 March", [("on 2 - 3 March", "2024-03-02?/2024-03-03?")]),
]


@pytest.mark.parametrize(("language", "text", "expected"), NEAR_MISSES)
def test_near_misses_are_not_read_as_those_dates(
    language: str, text: str, expected: list[tuple[str, str]]
) -> None:
    assert _read(text, language) == expected


def test_a_day_counted_from_an_abbreviated_kyrgyz_month() -> None:
    # "3-янв." is a day, so "the same day" and "the next day" count from it.
    text = "Былтыр 15-октябрда арыз жазган. 3-янв. 2024-ж. келишти. Ошол эле күнү кармап. Эртеси"
    found = _read(text, "ky")
    assert ("Ошол эле күнү", "2024-01-03") in found
    assert ("Эртеси", "2024-01-04") in found


_DAYS = st.dates(min_value=date(1970, 1, 1), max_value=date(2069, 12, 31))


@given(_DAYS, st.sampled_from(["en", "ru", "ky"]), st.sampled_from("./"))
def test_any_day_with_a_two_digit_year_round_trips(day: date, language: str, mark: str) -> None:
    written = f"{day:%d}{mark}{day:%m}{mark}{day:%y}"
    text = f"Решение от {written} оставлено."
    ((start, end, value),) = dates_in(text, language, DOCUMENT)
    assert text[start:end] == written
    assert value == UncertainDate.on_day(day)
    assert not value.year_inferred
    assert UncertainDate.parse(value.canonical()) == value
    assert UncertainDate.parse(written) == value


@given(st.integers(0, 99))
def test_any_apostrophe_year_is_that_year_of_the_century_pivot(short: int) -> None:
    year = short + (2000 if short < 70 else 1900)
    found = _read(f"It happened in May '{short:02d}, they said.", "en")
    assert found == [(f"in May '{short:02d}", f"{year}-05")]


_WEEKS = {
    "en": ["the first week of", "the second week of", "the third week of", "the fourth week of",
           "the last week of"],
    "ru": ["на первой неделе", "на второй неделе", "на третьей неделе", "на четвертой неделе",
           "на последней неделе"],
}  # fmt: skip
_MONTHS = {
    "en": [calendar.month_name[m] for m in range(1, 13)],
    "ru": ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
           "сентября", "октября", "ноября", "декабря"],
}  # fmt: skip


@given(
    st.integers(1970, 2069),
    st.integers(1, 12),
    st.integers(0, 4),
    st.sampled_from(["en", "ru"]),
)
def test_any_week_of_any_month_is_seven_of_its_days(
    year: int, month: int, week: int, language: str
) -> None:
    phrase = f"{_WEEKS[language][week]} {_MONTHS[language][month - 1]} {year}"
    value = UncertainDate.parse(phrase, language=language)
    assert value.precision is Precision.DAY
    assert value.start is not None and value.end is not None
    assert value.end - value.start == timedelta(days=6)
    assert (
        (value.start.year, value.start.month)
        == (value.end.year, value.end.month)
        == (
            year,
            month,
        )
    )
    if week < 4:
        assert value.start.day == 7 * week + 1
    else:
        assert value.end.day == calendar.monthrange(year, month)[1]
    assert UncertainDate.parse(value.canonical()) == value


@given(st.integers(1970, 2069), st.sampled_from(["en", "ru", "ky"]))
def test_a_winter_of_two_years_holds_january_of_the_second(year: int, language: str) -> None:
    phrase = {
        "en": f"in the winter of {year}–{year + 1}",
        "ru": f"зимой {year}–{year + 1} годов",
        "ky": f"{year}–{year + 1}-жылдардын кышында",
    }[language]
    ((_, _, value),) = dates_in(phrase, language, DOCUMENT)
    assert value.precision is Precision.SEASON
    assert value.contains(date(year + 1, 1, 1))
    assert value.start == date(year, 12, 1)


_COUNTED = {
    "en": ("He was detained on {d:%d} {month} {d.year}. {n} {unit} later he was freed.",
           {"days": "days", "weeks": "weeks"}),
    "ru": ("Его задержали {d.day} {month} {d.year} года. Через {n} {unit} его отпустили.",
           {"days": "дней", "weeks": "недель"}),
    "ky": ("Ал {d.year}-жылдын {d.day}-{month} кармалган. {n} {unit} кийин бошотулду.",
           {"days": "күндөн", "weeks": "жумадан"}),
}  # fmt: skip
_ANCHOR_MONTHS = {
    "en": [calendar.month_name[m] for m in range(1, 13)],
    "ru": _MONTHS["ru"],
    "ky": ["январында", "февралында", "мартында", "апрелинде", "майында", "июнунда", "июлунда",
           "августунда", "сентябрында", "октябрында", "ноябрында", "декабрында"],
}  # fmt: skip


@given(
    st.dates(min_value=date(1995, 1, 1), max_value=date(2030, 12, 31)),
    st.integers(2, 31),
    st.sampled_from(["days", "weeks"]),
    st.sampled_from(["en", "ru", "ky"]),
)
def test_any_number_of_days_or_weeks_later_counts_from_the_day_before(
    day: date, n: int, unit: str, language: str
) -> None:
    template, units = _COUNTED[language]
    text = template.format(
        d=day, month=_ANCHOR_MONTHS[language][day.month - 1], n=n, unit=units[unit]
    )
    found = dates_in(text, language, date(2031, 12, 31))
    assert found[-1][2] == UncertainDate.on_day(
        day + timedelta(days=n * (7 if unit == "weeks" else 1))
    )


_NEW_WORDS = st.sampled_from(
    [
        "first", "last", "days", "week", "second", "of", "the", "in", "by", "end", "March",
        "первые", "последние", "дни", "неделе", "на", "второй", "к", "концу", "мая", "марта",
        "январдын", "акыркы", "күндөрүндө", "жумасында", "аягына", "чейин", "жана", "янв.",
        "2-", "3-январда", "'", "23", "12.02.24", "05/01/24", "2022–2023", "зимой", "winter",
        "кышында", "2023–2024-жылдардын", "ten", "days", "later", "через", "десять", "дней",
        "он", "күндөн", "кийин", "10", "1500", ".", ",", " ", "\n",
    ]
)  # fmt: skip


@given(
    st.lists(st.one_of(_NEW_WORDS, st.text(max_size=4)), max_size=30).map(" ".join),
    st.sampled_from(["en", "ru", "ky"]),
    st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)),
)
def test_any_text_of_the_new_words_reads_to_valid_values(
    text: str, language: str, on: date
) -> None:
    found = dates_in(text, language, on)
    for start, end, value in found:
        assert value.text == text[start:end]
        if value.start is not None and value.end is not None:
            assert value.start <= value.end
        # Every value found has a canonical form that reads back to it.
        assert UncertainDate.parse(value.canonical()) == value


def test_a_year_has_no_week_or_days_of_a_month() -> None:
    with pytest.raises(InvalidDate):
        UncertainDate.parse("the first week of 2023", language="en")
    with pytest.raises(InvalidDate):
        UncertainDate.parse("в последние дни 2023 года", language="ru")


@given(st.integers(3, 9), st.sampled_from(["en", "ru", "ky"]))
def test_a_short_decade_is_the_long_one(tens: int, language: str) -> None:
    short, long = {
        "en": (f"in the '{tens}0s", f"in the 19{tens}0s"),
        "ru": (f"в {tens}0-х", f"в 19{tens}0-х годах"),
        "ky": (f"{tens}0-жылдары", f"19{tens}0-жылдары"),
    }[language]
    ((_, _, value),) = dates_in(f"{short} …", language, DOCUMENT)
    ((_, _, expected),) = dates_in(f"{long} …", language, DOCUMENT)
    assert value == expected == UncertainDate.parse(f"19{tens}0/19{tens}9")


_MONTHS_LATER = {
    "en": ("He was detained on {d:%d} {month} {d.year}. {n} months later he was freed.", 1),
    "ru": ("Его задержали {d.day} {month} {d.year} года. Через {n} месяцев его отпустили.", 1),
    "ky": ("Ал {d.year}-жылдын {d.day}-{month} кармалган. {n} жылдан кийин бошотулду.", 12),
}


@given(
    st.dates(min_value=date(1995, 1, 1), max_value=date(2030, 12, 31)),
    st.integers(2, 31),
    st.sampled_from(["en", "ru", "ky"]),
)
def test_any_number_of_months_or_years_later_is_that_day_of_a_later_month(
    day: date, n: int, language: str
) -> None:
    template, size = _MONTHS_LATER[language]
    text = template.format(d=day, month=_ANCHOR_MONTHS[language][day.month - 1], n=n)
    found = dates_in(text, language, date(2031, 12, 31))
    value = found[-1][2]
    assert value.start is not None and value.start == value.end
    months = (value.start.year * 12 + value.start.month) - (day.year * 12 + day.month)
    assert months == n * size
    assert value.start.day == min(
        day.day, calendar.monthrange(value.start.year, value.start.month)[1]
    )


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)), st.integers(2, 31))
def test_any_number_of_years_ago_is_that_day_of_an_earlier_year(on: date, n: int) -> None:
    ((_, _, value),) = dates_in(f"Его задержали {n} лет назад.", "ru", on)
    assert value.start is not None and value.start == value.end
    assert value.start.year == on.year - n and value.start.month == on.month


_FOLLOWING_WEEK = {"en": "The following week", "ru": "На следующей неделе", "ky": "Кийинки жумада"}


@given(st.dates(min_value=date(1995, 1, 1), max_value=date(2030, 12, 31)), _LANGUAGES_ALL)
def test_the_following_week_is_the_calendar_week_after_the_day(day: date, language: str) -> None:
    anchor = {
        "en": f"He was detained on {day.day} {calendar.month_name[day.month]} {day.year}. ",
        "ru": f"Его задержали {day.day} {_MONTHS['ru'][day.month - 1]} {day.year} года. ",
        "ky": f"Ал {day.year}-жылдын {day.day}-{_ANCHOR_MONTHS['ky'][day.month - 1]} кармалган. ",
    }[language]
    found = dates_in(anchor + _FOLLOWING_WEEK[language] + " …", language, date(2031, 12, 31))
    value = found[-1][2]
    assert value.start is not None and value.end is not None
    assert value.start.weekday() == 0 and value.end - value.start == timedelta(days=6)
    assert timedelta(days=1) <= value.start - day <= timedelta(days=7)


@given(
    st.dates(min_value=date(1995, 1, 1), max_value=date(2030, 12, 31)),
    st.integers(1, 12),
    st.integers(1, 28),
    st.integers(0, 60),
)
def test_a_deadline_without_a_year_ends_after_the_day_told_before_it(
    told: date, month: int, day: int, later: int
) -> None:
    text = (
        f"{told.day} {_MONTHS['ru'][told.month - 1]} {told.year} года суд продлил арест "
        f"до {day} {_MONTHS['ru'][month - 1]}."
    )
    found = dates_in(text, "ru", told + timedelta(days=later))
    value = found[-1][2]
    assert value.end is not None
    assert told <= value.end < told + timedelta(days=366)
