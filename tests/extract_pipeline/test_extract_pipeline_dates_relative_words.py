"""Relative date wordings of Kyrgyz and Russian reports the earlier tables left out: "накануне"
before a subject, Kyrgyz weekdays in the locative, "last Wednesday" on a Wednesday, tomorrow,
days counted in "сутки", Kyrgyz "мурда" and "өткөндө", a month or half a year back from the
document's date in Kyrgyz, the month before last, the beginning, middle and end of "the month"
(the one told before, else the document's), a year and a half, and verbs of the future.

Values are in the canonical (EDTF) form for a document dated Wednesday 20 March 2024; "?" marks a
year taken from the document's date.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docket.extract.relative_dates import dates_in

DOCUMENT = date(2024, 3, 20)  # a Wednesday
_DAYS = st.dates(min_value=date(1995, 1, 1), max_value=date(2035, 12, 31))
_DAY_BEFORE = "Его задержали 5 марта 2024 года. "
_KY_DAY_BEFORE = "Ал 2024-жылдын 5-мартында кармалды. "


def _read(text: str, language: str, on: date = DOCUMENT) -> list[tuple[str, str]]:
    return [
        (text[start:end], value.canonical()) for start, end, value in dates_in(text, language, on)
    ]


# (language, text, phrase, value): the phrase must be read with that value.
WORDINGS = [
    # "Накануне" before a subject in the nominative is the day before the day told last.
    ("ru", _DAY_BEFORE + "Накануне следователь звонил ему.", "Накануне", "2024-03-04"),
    ("ru", _DAY_BEFORE + "Накануне он получил повестку.", "Накануне", "2024-03-04"),
    ("ru", _DAY_BEFORE + "Накануне сотрудники милиции приходили к нему.", "Накануне", "2024-03-04"),
    ("ru", _DAY_BEFORE + "Накануне суд продлил арест его брату.", "Накануне", "2024-03-04"),
    ("ru", _DAY_BEFORE + "Накануне полиция обыскала квартиру.", "Накануне", "2024-03-04"),
    # Kyrgyz weekdays in the locative, with or without "өткөн".
    ("ky", "Ал жекшембиде кармалды.", "жекшембиде", "2024-03-17"),
    ("ky", "Сот шейшембиде болду.", "шейшембиде", "2024-03-19"),
    ("ky", "Ал өткөн дүйшөмбүдө кармалды.", "өткөн дүйшөмбүдө", "2024-03-18"),
    ("ky", "Ишембиде митинг болду.", "Ишембиде", "2024-03-16"),
    # "Last Wednesday" on a Wednesday is the Wednesday before.
    ("en", "He was detained last Wednesday.", "last Wednesday", "2024-03-13"),
    ("ru", "Его задержали в прошлую среду.", "в прошлую среду", "2024-03-13"),
    ("ru", "Его задержали в минувшее воскресенье.", "в минувшее воскресенье", "2024-03-17"),
    ("ky", "Ал өткөн шаршембиде кармалды.", "өткөн шаршембиде", "2024-03-13"),
    ("ky", "Ал өткөн шаршемби күнү кармалды.", "өткөн шаршемби күнү", "2024-03-13"),
    # Tomorrow and the day after.
    ("en", "The hearing is set for tomorrow.", "tomorrow", "2024-03-21"),
    ("en", "He will be tried the day after tomorrow.", "the day after tomorrow", "2024-03-22"),
    ("ru", "Суд состоится завтра.", "завтра", "2024-03-21"),
    ("ru", "Суд состоится послезавтра.", "послезавтра", "2024-03-22"),
    # Last night in Kyrgyz.
    ("ky", "Ал өткөн түнү кармалды.", "өткөн түнү", "2024-03-19"),
    ("ky", "Ал кечээ түнү кармалды.", "кечээ түнү", "2024-03-19"),
    # Days counted from the day told last: "сутки", "наутро", "позже", "в этот день".
    ("ru", _DAY_BEFORE + "Через сутки его отпустили.", "Через сутки", "2024-03-06"),
    ("ru", _DAY_BEFORE + "Спустя трое суток его отпустили.", "Спустя трое суток", "2024-03-08"),
    ("ru", _DAY_BEFORE + "Через двое суток его отпустили.", "Через двое суток", "2024-03-07"),
    ("ru", _DAY_BEFORE + "Наутро его допросили.", "Наутро", "2024-03-06"),
    ("ru", _DAY_BEFORE + "Двумя днями позже его отпустили.", "Двумя днями позже", "2024-03-07"),
    ("ru", _DAY_BEFORE + "В этот день его допросили.", "В этот день", "2024-03-05"),
    (
        "ky",
        _KY_DAY_BEFORE + "Арадан үч күн өткөндө сот болду.",
        "Арадан үч күн өткөндө",
        "2024-03-08",
    ),
    ("ky", _KY_DAY_BEFORE + "Бир күн мурда тинтүү болду.", "Бир күн мурда", "2024-03-04"),
    ("ky", _KY_DAY_BEFORE + "Бир суткадан кийин бошотулду.", "Бир суткадан кийин", "2024-03-06"),
    # Months and half a year back: from the day told last, else from the document's date.
    ("ky", "Ал бир ай мурун кармалган.", "бир ай мурун", "2024-02-20"),
    ("ky", "Ал жарым жыл мурун кармалган.", "жарым жыл мурун", "2023-09-20"),
    ("ky", _KY_DAY_BEFORE + "Бир ай мурун тинтүү болгон.", "Бир ай мурун", "2024-02-05"),
    ("ky", _KY_DAY_BEFORE + "Жарым жыл мурда тинтүү болгон.", "Жарым жыл мурда", "2023-09-05"),
    (
        "en",
        "He was detained on 5 March 2024. Half a year earlier his flat was searched.",
        "Half a year earlier",
        "2023-09-05",
    ),
    ("ru", _DAY_BEFORE + "За полгода до этого прошёл обыск.", "За полгода до этого", "2023-09-05"),
    # The month before last.
    ("en", "He was detained the month before last.", "the month before last", "2024-01"),
    ("ru", "Его задержали в позапрошлом месяце.", "в позапрошлом месяце", "2024-01"),
    # The month named without a name: that of the day told before, else the document's.
    (
        "en",
        "He was detained on 5 February 2024. At the end of the month he was freed.",
        "At the end of the month",
        "2024-02-21/2024-02-29",
    ),
    (
        "ru",
        _DAY_BEFORE + "В конце месяца его отпустили.",
        "В конце месяца",
        "2024-03-21/2024-03-31",
    ),
    (
        "ru",
        "Его задержали 5 февраля 2024 года. В середине месяца его отпустили.",
        "В середине месяца",
        "2024-02-11/2024-02-20",
    ),
    (
        "ky",
        "Ал 2024-жылдын 5-февралында кармалды. Айдын аягында бошотулду.",
        "Айдын аягында",
        "2024-02-21/2024-02-29",
    ),
    ("ky", "Айдын башында ал кармалды.", "Айдын башында", "2024-03-01/2024-03-10"),
    # Another Kyrgyz word for the end of the year.
    ("ky", "Жылдын акырында ал кармалды.", "Жылдын акырында", "2024-09/2024-12"),
    (
        "ky",
        "Ал 2023-жылы кармалды. Жылдын акырында бошотулду.",
        "Жылдын акырында",
        "2023-09/2023-12",
    ),
    # A year and a half, two and a half: whole, not half a year.
    ("ky", "Эки жарым жыл мурун кармалды.", "Эки жарым жыл мурун", "2021-09-20"),
    ("ky", "Бир жарым жыл мурун кармалды.", "Бир жарым жыл мурун", "2022-09-20"),
    (
        "ky",
        _KY_DAY_BEFORE + "Бир жарым жылдан кийин бошотулду.",
        "Бир жарым жылдан кийин",
        "2025-09-05",
    ),
    ("ru", "Его задержали полтора года назад.", "полтора года назад", "2022-09-20"),
    ("ru", _DAY_BEFORE + "Через полтора года его отпустили.", "Через полтора года", "2025-09-05"),
    ("en", "He was detained a year and a half ago.", "a year and a half ago", "2022-09-20"),
    # Verbs of the future put a day without a year after the document's date.
    ("ru", "Дело рассмотрят 25 мая.", "25 мая", "2024-05-25?"),
    ("ru", "Приговор огласят в начале апреля.", "в начале апреля", "2024-04-01?/2024-04-10?"),
    ("ru", "Он останется под арестом до 25 мая.", "до 25 мая", "2024-05-25?"),
    ("ky", "Сот отуруму 2-апрелде уланат.", "2-апрелде", "2024-04-02?"),
    ("ky", "Иш апрелде сотко жөнөтүлөт.", "апрелде", "2024-04?"),
    ("ky", "Ал 25-майга чейин камакта калат.", "25-майга чейин", "2024-05-25?"),
]


@pytest.mark.parametrize(("language", "text", "phrase", "value"), WORDINGS)
def test_wordings_in_three_languages(language: str, text: str, phrase: str, value: str) -> None:
    assert (phrase, value) in _read(text, language)


# (language, text, what must be read): the same words where they name no such date.
NEAR_MISSES = [
    # "накануне" before a genitive is "on the eve of" an event, which names no day.
    ("ru", "Накануне выборов его задержали.", []),
    ("ru", "Накануне суда адвокат заболел.", []),
    ("ru", "Накануне Нового года его задержали.", []),
    ("ru", _DAY_BEFORE + "Накануне акции его вызвали в милицию.", [("5 марта 2024 года",
                                                                      "2024-03-05")]),
    # "жумада" is "in the week", not Friday; a bare weekday on its own day is that day.
    ("ky", "Ал ушул жумада кармалды.", [("ушул жумада", "2024-03-18/2024-03-20")]),
    ("ky", "Ал жумада эки жолу келет.", []),
    ("ky", "Ал шаршемби күнү кармалды.", [("шаршемби күнү", "2024-03-20")]),
    ("ru", "Его задержали в среду.", [("в среду", "2024-03-20")]),
    ("en", "He was detained on Wednesday.", [("on Wednesday", "2024-03-20")]),
    # Words that only contain the new ones.
    ("ru", "Завтрак подали в 8:00.", []),
    ("en", "Tomorrowland is a festival.", []),
    # "сутки" without "через" or "спустя" is a duration.
    ("ru", "Его трое суток держали без воды.", []),
    ("ky", "Ал бир сутка камакта болду.", []),
    # "эртең менен" is "in the morning", not tomorrow.
    ("ky", "Эртең менен милиция келди.", []),
    # The same days told in the past stay in the past.
    ("ru", "Дело рассмотрели 25 мая.", [("25 мая", "2023-05-25?")]),
    ("ky", "Сот отуруму 2-апрелде болду.", [("2-апрелде", "2023-04-02?")]),
    # "в конце месяца" after a year names no month of it.
    ("ru", "Его задержали в 2023 году. В конце месяца его отпустили.", [("в 2023 году", "2023")]),
]  # fmt: skip


@pytest.mark.parametrize(("language", "text", "expected"), NEAR_MISSES)
def test_near_misses_are_not_read_as_those_dates(
    language: str, text: str, expected: list[tuple[str, str]]
) -> None:
    assert _read(text, language) == expected


_PAST_WEEKDAYS = {
    "en": ["last Monday", "last Tuesday", "last Wednesday", "last Thursday", "last Friday",
           "last Saturday", "last Sunday"],
    "ru": ["в прошлый понедельник", "в прошлый вторник", "в прошлую среду", "в прошлый четверг",
           "в прошлую пятницу", "в прошлую субботу", "в прошлое воскресенье"],
    "ky": ["өткөн дүйшөмбүдө", "өткөн шейшембиде", "өткөн шаршембиде", "өткөн бейшембиде",
           "өткөн жума күнү", "өткөн ишембиде", "өткөн жекшембиде"],
}  # fmt: skip


@given(_DAYS, st.integers(0, 6), st.sampled_from(["en", "ru", "ky"]))
def test_a_past_weekday_is_that_weekday_of_the_seven_days_before(
    on: date, weekday: int, language: str
) -> None:
    phrase = _PAST_WEEKDAYS[language][weekday]
    [(start, end, value)] = dates_in(f"X {phrase}.", language, on)
    assert (start, end) == (2, 2 + len(phrase))
    assert value.start == value.end
    assert value.start is not None
    assert on - timedelta(days=7) <= value.start < on
    assert value.start.weekday() == weekday


_PAST_WORDINGS = [
    ("ky", "Ал өткөн түнү кармалды."),
    ("ky", "Ал кечээ түнү кармалды."),
    ("ky", "Ал бир ай мурун кармалды."),
    ("ky", "Ал жарым жыл мурун кармалды."),
    ("ky", "Ал бир ай мурда кармалды."),
    ("ky", "Ал жекшембиде кармалды."),
    ("ru", "Его задержали в позапрошлом месяце."),
    ("en", "He was detained the month before last."),
]


@given(_DAYS, st.sampled_from(_PAST_WORDINGS))
def test_a_past_wording_never_resolves_after_the_document_date(
    on: date, wording: tuple[str, str]
) -> None:
    language, text = wording
    [(_, _, value)] = dates_in(text, language, on)
    assert value.start is not None and value.end is not None
    assert value.start <= value.end < on + timedelta(days=1)
    assert value.end < on or "жекшембиде" in text


@given(
    st.dates(min_value=date(1995, 1, 1), max_value=date(2035, 12, 31)),
    st.sampled_from(
        [
            ("Через сутки", 1),
            ("Спустя сутки", 1),
            ("Через двое суток", 2),
            ("Спустя трое суток", 3),
            ("Наутро", 1),
            ("Двумя днями позже", 2),
        ]
    ),
)
def test_days_counted_in_sutki_follow_the_day_told(day: date, wording: tuple[str, int]) -> None:
    phrase, days = wording
    months = [
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    ]
    told = f"{day.day} {months[day.month - 1]} {day.year} года"
    text = f"Его задержали {told}. {phrase} его отпустили."
    read = _read(text, "ru", DOCUMENT)
    assert read == [(told, day.isoformat()), (phrase, (day + timedelta(days=days)).isoformat())]


@given(
    _DAYS,
    st.sampled_from(["он", "она", "они", "следователь", "сотрудники", "заявитель", "суд"]),
)
def test_nakanune_before_a_subject_is_the_day_before(day: date, subject: str) -> None:
    text = f"Его задержали {day.strftime('%d.%m.%Y')}. Накануне {subject} был у него."
    values = [value for _, _, value in dates_in(text, "ru", DOCUMENT)]
    assert [value.start for value in values] == [day, day - timedelta(days=1)]


_MONTH_PARTS = [
    ("ru", "В начале месяца", 1, 10),
    ("ru", "В середине месяца", 11, 20),
    ("ru", "В конце месяца", 21, 31),
    ("en", "At the end of the month", 21, 31),
    ("ky", "Айдын башында", 1, 10),
    ("ky", "Айдын аягында", 21, 31),
]
_TOLD = {
    "ru": "Его задержали {day}.{month}.{year}. ",
    "en": "He was detained on {day}.{month}.{year}. ",
    "ky": "Ал {day}.{month}.{year}-ж. кармалды. ",
}


@given(_DAYS, st.sampled_from(_MONTH_PARTS))
def test_a_part_of_the_month_is_within_the_month_of_the_day_told(
    day: date, part: tuple[str, str, int, int]
) -> None:
    language, phrase, low, high = part
    told = _TOLD[language].format(day=f"{day.day:02}", month=f"{day.month:02}", year=day.year)
    read = dates_in(f"{told}{phrase} X.", language, DOCUMENT)
    [value] = [value for start, _, value in read if start == len(told)]
    assert value.start is not None and value.end is not None
    assert value.start <= value.end
    assert (value.start.year, value.start.month) == (day.year, day.month)
    assert (value.end.year, value.end.month) == (day.year, day.month)
    assert value.start.day == low
    last = calendar.monthrange(day.year, day.month)[1]
    assert value.end.day == min(high, last)


@given(
    _DAYS,
    st.sampled_from(
        [
            ("ru", "Через полтора года", 18),
            ("ky", "Бир жарым жылдан кийин", 18),
            ("ky", "Эки жарым жыл мурун", -30),
            ("en", "A year and a half later", 18),
        ]
    ),
)
def test_a_year_and_a_half_counts_eighteen_months_from_the_day_told(
    day: date, wording: tuple[str, str, int]
) -> None:
    language, phrase, months = wording
    told = _TOLD[language].format(day=f"{day.day:02}", month=f"{day.month:02}", year=day.year)
    read = dates_in(f"{told}{phrase} X.", language, DOCUMENT)
    [value] = [value for start, _, value in read if start == len(told)]
    assert value.start is not None and value.start == value.end
    index = day.year * 12 + day.month - 1 + months
    assert (value.start.year, value.start.month) == (index // 12, index % 12 + 1)
    # The same day of that month, or its last day where it has no such day.
    last = calendar.monthrange(value.start.year, value.start.month)[1]
    assert value.start.day == min(day.day, last)
