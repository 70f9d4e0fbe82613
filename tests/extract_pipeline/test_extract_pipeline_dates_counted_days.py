"""Counted days and the day they count from, as extraction reads them: a count of days that tells
a wait ("лишь через неделю", "only five days later", "беш күндөн кийин гана") or counts from an
event the phrase names ("через неделю после задержания") is no date; Kyrgyz "үч күн мурун" with
no day of the story told just before it is "ago", from the document's date; "next week" told of
what is to come ("Кийинки жумада … барышат", "На следующей неделе суд рассмотрит") is the week
after the document's, whatever past day was told before it; "tomorrow" in a statement dated in
its clause counts from the statement's day; "on the eve of" a day set for something, and
"накануне" after one, are the day before it, and the story goes on from there.

Values are in the canonical (EDTF) form; "?" marks a year taken from the document's date.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from tests.extract_pipeline.date_readings import assert_wording_read, read_dates

JANUARY = date(2025, 1, 13)  # a Monday
MARCH = date(2025, 3, 4)  # a Tuesday
LATER_MARCH = date(2025, 3, 11)  # a Tuesday a week on
MAY = date(2025, 5, 14)  # a Wednesday

# (language, text, phrase, value, document date): the phrase must be read with that value.
WORDINGS = [
    # Kyrgyz "мурун" with no day of the story in its sentence or the one before: "ago".
    (
        "ky",
        "Шейшемби күнү тергөөчү адвокатка ишти сотко жөнөтүүгө даярдап жатканын айтты. Үч "
        "күн мурун адвокат кардары менен жолугушту.",
        "Үч күн мурун",
        "2025-01-10",
        JANUARY,
    ),
    (
        "ky",
        "Тергөөчү ишти июндун башында сотко жөнөтөт. Анын жубайы үч күн мурун тергөө абагына "
        "барганын айтты.",
        "үч күн мурун",
        "2025-05-11",
        MAY,
    ),
    # Next week told of what is to come, after a past day: the week after the document's.
    (
        "ky",
        "Мэрия 9-майда катка жооп берди. Кийинки жумада байкоочулар тергөө абагына барышат.",
        "Кийинки жумада",
        "2025-05-19/2025-05-25",
        MAY,
    ),
    (
        "ru",
        "Адвокат подала жалобу 3 марта. На следующей неделе суд рассмотрит её.",
        "На следующей неделе",
        "2025-03-17/2025-03-23",
        LATER_MARCH,
    ),
    (
        "en",
        "The lawyer appealed on 3 March. The following week the court will hear the appeal.",
        "The following week",
        "2025-03-17/2025-03-23",
        LATER_MARCH,
    ),
    # A fortnight counted from the day told.
    (
        "en",
        "Officers questioned her on 16 December. A fortnight later they searched her flat.",
        "A fortnight later",
        "2024-12-30",
        JANUARY,
    ),
    # "Tomorrow" in a statement dated in its clause: the day after the statement's.
    (
        "en",
        'On 3 January she told Kalkan: "Tomorrow I will go to the prosecutor again."',
        "Tomorrow",
        "2025-01-04",
        JANUARY,
    ),
    (
        "ru",
        "На допросе 19 февраля следователь сказал мне: завтра придёте снова.",
        "завтра",
        "2025-02-20",
        MARCH,
    ),
    (
        "ru",
        "Следователь сказал 19 февраля, что завтра будет допрос.",
        "завтра",
        "2025-02-20",
        MARCH,
    ),
    # The eve of a day set for something, and the story going on from the eve.
    (
        "en",
        "He called a rally for 28 December. On the eve of the rally police detained him. The "
        "next day a court remanded him.",
        "On the eve of",
        "2024-12-27",
        JANUARY,
    ),
    (
        "en",
        "He called a rally for 28 December. On the eve of the rally police detained him. The "
        "next day a court remanded him.",
        "The next day",
        "2024-12-28",
        JANUARY,
    ),
    (
        "ru",
        "Собрание было назначено на 13 февраля. Накануне Дуйшеналиева задержали. Через два дня "
        "суд арестовал его.",
        "Накануне",
        "2025-02-12",
        MARCH,
    ),
    (
        "ru",
        "Собрание было назначено на 13 февраля. Накануне Дуйшеналиева задержали. Через два дня "
        "суд арестовал его.",
        "Через два дня",
        "2025-02-14",
        MARCH,
    ),
    (
        "ru",
        "Собрание назначено на 13 февраля. Накануне собрания его задержали.",
        "Накануне",
        "2025-02-12",
        MARCH,
    ),
]

# Readings that must stay as they were: the story's day before "бир күн мурун", a past "next
# week", a count from a day told, "only the next day", a step back after a day that happened.
KEPT = [
    (
        "ky",
        "Активист 2-майда кармалды. Бир күн мурун ал отурумда сүйлөгөн.",
        "Бир күн мурун",
        "2025-05-01",
        MAY,
    ),
    (
        "ky",
        "Ал 5-майда суракка барды. Кийинки жумада аны кайра чакырышты.",
        "Кийинки жумада",
        "2025-05-12?/2025-05-18?",
        MAY,
    ),
    (
        "ru",
        "Его задержали 3 марта. На следующей неделе его отпустили.",
        "На следующей неделе",
        "2025-03-10?/2025-03-16?",
        LATER_MARCH,
    ),
    (
        "ru",
        "Его задержали 3 марта. Через неделю его отпустили.",
        "Через неделю",
        "2025-03-10",
        MARCH,
    ),
    (
        "ru",
        "Его задержали 3 марта. Только на следующий день ему дали воды.",
        "на следующий день",
        "2025-03-04",
        MARCH,
    ),
    (
        "ky",
        "Ал 3-мартта кармалган. Беш күндөн кийин аны бошотушту.",
        "Беш күндөн кийин",
        "2025-03-08",
        MARCH,
    ),
    (
        "ru",
        "Его задержали 3 марта. Накануне он выступил на митинге. На следующий день суд "
        "арестовал его.",
        "На следующий день",
        "2025-03-04",
        MARCH,
    ),
    (
        "en",
        'She told Kalkan: "Tomorrow I will go to the prosecutor again."',
        "Tomorrow",
        "2025-01-14",
        JANUARY,
    ),
    ("ru", "19 февраля, по словам адвоката, завтра его переведут.", "завтра", "2025-03-05", MARCH),
]


# A count from a date after "после" is no wait: it counts from that date (the latest 5 March
# before the document's date), with which it is one phrase.
def test_a_count_after_a_date_is_no_wait() -> None:
    text = "Его задержали 3 марта. Через пять дней после 5 марта его отпустили."
    assert ("Через пять дней после 5 марта", "2024-03-10") in read_dates(text, "ru", MARCH)


# Phrases that name no day: waits, counts from an event, the eve of what was set for no day.
NO_DAY = [
    ("ru", "Его задержали 3 марта. Лекарства ему передали лишь через неделю.", "через неделю"),
    (
        "ru",
        "Его задержали 3 марта. Лекарства ему передали только через пять дней.",
        "через пять дней",
    ),
    (
        "en",
        "He was detained on 3 March. The prosecutor received her only five days later.",
        "five days later",
    ),
    (
        "ky",
        "Ал 3-мартта кармалган. Дары-дармекти беш күндөн кийин гана беришти.",
        "беш күндөн кийин",
    ),
    ("ru", "Его задержали 3 марта. Мужа уволили через неделю после задержания.", "через неделю"),
    (
        "ru",
        "Проверка начнётся через две недели после получения всех документов.",
        "через две недели",
    ),
    ("ru", "Его задержали 3 марта. Накануне выборов его задержали снова.", "Накануне"),
    ("en", "He was detained on 3 March, on the eve of the elections.", "on the eve of"),
]


@pytest.mark.parametrize("row", WORDINGS, ids=[row[2] for row in WORDINGS])
def test_counted_days_read_from_their_day(row: tuple[object, ...]) -> None:
    assert_wording_read(row, MARCH)


@pytest.mark.parametrize("row", KEPT, ids=[row[2] for row in KEPT])
def test_readings_that_stay(row: tuple[object, ...]) -> None:
    assert_wording_read(row, MARCH)


@pytest.mark.parametrize(("language", "text", "phrase"), NO_DAY, ids=[row[2] for row in NO_DAY])
def test_waits_and_events_name_no_day(language: str, text: str, phrase: str) -> None:
    assert all(phrase not in found for found, _ in read_dates(text, language, MARCH))


_KYRGYZ_NUMBERS = {2: "Эки", 3: "Үч", 4: "Төрт", 5: "Беш", 6: "Алты", 7: "Жети"}

_KYRGYZ_MONTHS = [
    "январда",
    "февралда",
    "мартта",
    "апрелде",
    "майда",
    "июнда",
    "июлда",
    "августта",
    "сентябрда",
    "октябрда",
    "ноябрда",
    "декабрда",
]
_RUSSIAN_MONTHS = [
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


@given(
    st.dates(date(2000, 1, 1), date(2099, 12, 31)),
    st.sampled_from(sorted(_KYRGYZ_NUMBERS)),
)
def test_kyrgyz_count_back_without_a_story_day_is_ago(document: date, days: int) -> None:
    phrase = f"{_KYRGYZ_NUMBERS[days]} күн мурун"
    text = f"Шейшемби күнү тергөөчү жооп берди. {phrase} адвокат кардары менен жолугушту."
    assert (phrase, (document - timedelta(days=days)).isoformat()) in read_dates(
        text, "ky", document
    )


@given(st.integers(1, 25), st.sampled_from(sorted(_KYRGYZ_NUMBERS)))
def test_kyrgyz_count_back_after_a_story_day_is_earlier(day: int, days: int) -> None:
    document = date(2025, 6, 20)
    phrase = f"{_KYRGYZ_NUMBERS[days]} күн мурун"
    text = f"Ал {day}-майда кармалды. {phrase} ал отурумда сүйлөгөн."
    expected = (date(2025, 5, day) - timedelta(days=days)).isoformat()
    assert (phrase, expected) in read_dates(text, "ky", document)


@given(st.dates(date(2000, 1, 1), date(2099, 12, 31)), st.integers(5, 20))
def test_a_wait_in_days_is_never_a_date(document: date, days: int) -> None:
    told = document - timedelta(days=30)
    text = (
        f"Его задержали {told.day} {_RUSSIAN_MONTHS[told.month - 1]}. "
        f"Лекарства ему передали лишь через {days} дней."
    )
    assert all("через" not in found for found, _ in read_dates(text, "ru", document))


@given(st.dates(date(2000, 1, 1), date(2099, 12, 31)), st.integers(1, 9))
def test_next_week_to_come_is_after_the_documents(document: date, back: int) -> None:
    assume(document.day > back)
    told = document - timedelta(days=back)
    text = (
        f"Мэрия {told.day}-{_KYRGYZ_MONTHS[told.month - 1]} жооп берди. "
        "Кийинки жумада байкоочулар барышат."
    )
    monday = document - timedelta(days=document.weekday()) + timedelta(weeks=1)
    expected = f"{monday.isoformat()}/{(monday + timedelta(days=6)).isoformat()}"
    assert ("Кийинки жумада", expected) in read_dates(text, "ky", document)
