"""Days to come told in the present tense, by "would", by a verb of scheduling with its
preposition, nights before a weekday named alone, and Kyrgyz "эртең", as extraction reads them:
"the court hears the appeal on Monday", "Суд рассматривает жалобу 20 января", "Сот арызды
20-январда карайт" (the present-future ending a Kyrgyz sentence), "said the hearing would take
place on Friday", "Суд назначил заседание на 12 марта", "the judge set the hearing for 3
February", "в ночь на понедельник", "overnight into Sunday", "жекшембиге караган түнү" (both
days, as the night of 14 to 15 August is), "эртең" (tomorrow) but not "эртең менен" (in the
morning). A document dated early in the year reads such a day in the year it falls in, not the
year before.

Values are in the canonical (EDTF) form for a document dated Wednesday 8 January 2025 unless a
row gives its own date; "?" marks a year taken from the document's date.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from tests.extract_pipeline.date_readings import assert_wording_read, read_dates

DOCUMENT = date(2025, 1, 8)  # a Wednesday

# (language, text, phrase, value[, document date]): the phrase must be read with that value.
WORDINGS = [
    # Kyrgyz "эртең": tomorrow.
    ("ky", "Эртең сот отуруму болот.", "Эртең", "2025-01-09"),
    ("ky", "Адвокат эртең тергөө абагына барат.", "эртең", "2025-01-09"),
    ("ky", "Ал эртең кечинде келет.", "эртең кечинде", "2025-01-09"),
    # The Kyrgyz present-future ending the sentence tells a day to come.
    ("ky", "Сот арызды 20-январда карайт.", "20-январда", "2025-01-20?"),
    ("ky", "Тергөөчү 3-февралда ишти сотко берет.", "3-февралда", "2025-02-03?"),
    ("ky", "Шейшемби күнү сот өтүнүчтү карайт.", "Шейшемби күнү", "2025-01-14"),
    # The present of a court's sitting, told of one to come.
    ("ru", "Суд рассматривает жалобу 20 января.", "20 января", "2025-01-20?"),
    ("ru", "Суд рассматривает апелляцию в пятницу.", "в пятницу", "2025-01-10"),
    ("en", "The court hears the appeal on Monday.", "on Monday", "2025-01-13"),
    ("en", "The court hears the appeal on 20 January.", "on 20 January", "2025-01-20?"),
    # The reported future: the coming day.
    ("en", "Osmonov said the hearing would take place on Friday.", "on Friday", "2025-01-10"),
    ("en", "He said the hearing would take place on 20 January.", "on 20 January",
     "2025-01-20?"),
    # A verb of scheduling with the day after its preposition.
    ("ru", "Суд назначил заседание на 12 марта.", "12 марта", "2025-03-12?"),
    ("ru", "Судья назначила заседание на понедельник.", "на понедельник", "2025-01-13"),
    ("en", "The judge set the preliminary hearing for 3 February.", "3 February",
     "2025-02-03?"),
    # The night before a weekday named alone: both days; the coming one in a clause about what
    # is to come.
    ("ru", "Его задержали в ночь на понедельник.", "в ночь на понедельник",
     "2025-01-05/2025-01-06"),
    ("ru", "В ночь на понедельник, как сообщили в МВД, его задержали.",
     "В ночь на понедельник", "2025-01-05/2025-01-06"),
    ("ru", "Акция пройдёт в ночь на субботу.", "в ночь на субботу", "2025-01-10/2025-01-11"),
    ("en", "He was detained overnight into Sunday.", "overnight into Sunday",
     "2025-01-04/2025-01-05"),
    ("ky", "Аны жекшембиге караган түнү кармашты.", "жекшембиге караган түнү",
     "2025-01-04/2025-01-05"),
    # A day without a year beside a time told from the document's date is in that time's
    # year, whatever year the story before it was set in.
    ("ru", "Приговор вынесли 12 ноября 2023 года. Две недели назад, 2 января, его перевели в "
     "колонию.", "2 января", "2025-01-02?"),
    ("ru", "Приговор вынесли 12 ноября 2023 года. В прошлом месяце, 20 декабря, его перевели.",
     "20 декабря", "2024-12-20?"),
    ("en", "He was sentenced on 12 November 2023. Last week, on 6 January, he was moved.",
     "on 6 January", "2025-01-06?"),
    ("ky", "Ал 2023-жылдын 12-ноябрында соттолгон. Өткөн жумада, 6-январда, аны көчүрүштү.",
     "6-январда", "2025-01-06?"),
    # A month and a day listed are two dates.
    ("ru", "Её штрафовали в апреле и 5 сентября.", "в апреле", "2024-04?"),
    ("ru", "Её штрафовали в апреле и 5 сентября.", "5 сентября", "2024-09-05?"),
]  # fmt: skip


@pytest.mark.parametrize("row", WORDINGS, ids=[f"{row[0]}-{row[2]}" for row in WORDINGS])
def test_wordings_in_three_languages(row: tuple[object, ...]) -> None:
    assert_wording_read(row, DOCUMENT)


# (language, text, what must be read): near misses and readings that must stay as they were.
KEPT = [
    # "эртең менен" is in the morning, of whatever day.
    ("ky", "Алар эртең менен келишти.", []),
    ("ky", "14-августта эртең менен аны кармашты.", [("14-августта", "2024-08-14?")]),
    # Verbs of saying, the third person plural, staying and nouns ending the sentence tell of
    # the present or of nothing to come; a form not at the sentence's end is no finite verb.
    ("ky", "Укук коргоочулар аны 5-мартта кармашканын айтышат.", [("5-мартта", "2024-03-05?")]),
    ("ky", "Ал 5-мартта кармалып, азыр абакта жатат.", [("5-мартта", "2024-03-05?")]),
    ("ky", "Ал 5-мартта кармалган, азыр да абакта отурат.", [("5-мартта", "2024-03-05?")]),
    ("ky", "Бул 5-мартта кабыл алынган мөөнөт.", [("5-мартта", "2024-03-05?")]),
    ("ky", "Ал 5-мартта келет деп ойлогон эмеспиз.", [("5-мартта", "2024-03-05?")]),
    ("ky", "Ал 5-мартта кармалганын эсептейт.", [("5-мартта", "2024-03-05?")]),
    # A verb of scheduling without its preposition tells of the past; "would have" too.
    ("ru", "Суд назначил ему штраф 5 марта.", [("5 марта", "2024-03-05?")]),
    ("en", "Police set fire to the tents on 3 May.", [("on 3 May", "2024-05-03?")]),
    ("en", "The hearing would have taken place on Friday.", [("on Friday", "2025-01-03")]),
    ("en", "The hearing would have taken place on 20 January.",
     [("on 20 January", "2024-01-20?")]),
    # A headline's words of the future end at its blank line.
    ("en", "Trial set for 22 January\n\nPolice detained him on Monday.",
     [("22 January", "2025-01-22?"), ("on Monday", "2025-01-06")]),
    # Nights with both days named, and a night before a day of a month, read as before.
    ("ru", "Его задержали в ночь на 2 ноября.", [("в ночь на 2 ноября", "2024-11-02?")]),
    ("ru", "Его задержали в ночь с воскресенья на понедельник.",
     [("в ночь с воскресенья на понедельник", "2025-01-05/2025-01-06")]),
    # A story's year still holds a day with no time told beside it, or one told apart from it.
    ("en", "He was sentenced on 12 November 2023. On 6 January he was moved.",
     [("on 12 November 2023", "2023-11-12"), ("On 6 January", "2024-01-06?")]),
    ("en", "He was sentenced on 12 November 2023. On 6 January he was moved. Last week he "
     "fell ill.", [("on 12 November 2023", "2023-11-12"), ("On 6 January", "2024-01-06?"),
                   ("Last week", "2024-12-30/2025-01-05")]),
    # Two months listed are one stretch.
    ("ru", "Её штрафовали в апреле и мае.", [("в апреле и мае", "2024-04?/2024-05?")]),
    ("en", "She was fined in April and on 5 September.",
     [("in April", "2024-04?"), ("on 5 September", "2024-09-05?")]),
]  # fmt: skip


@pytest.mark.parametrize(("language", "text", "expected"), KEPT)
def test_readings_kept(language: str, text: str, expected: list[tuple[str, str]]) -> None:
    assert read_dates(text, language, DOCUMENT) == expected


_DOCUMENT_DATES = st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31))
_KY_MONTHS = [
    "январда", "февралда", "мартта", "апрелде", "майда", "июнда", "июлда", "августта",
    "сентябрда", "октябрда", "ноябрда", "декабрда",
]  # fmt: skip
_MONTHS_RU = [
    "января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
    "октября", "ноября", "декабря",
]  # fmt: skip
# Kyrgyz present-future forms of what a court or an official will do, and their past.
_PRESENT_FUTURE = [
    ("карайт", "карады"), ("берет", "берди"), ("чыгат", "чыкты"), ("келет", "келди"),
    ("өткөрөт", "өткөрдү"), ("жиберет", "жиберди"), ("баштайт", "баштады"),
]  # fmt: skip
_RU_WEEKDAYS = ["понедельник", "вторник", "среду", "четверг", "пятницу", "субботу", "воскресенье"]
_KY_WEEKDAYS = [
    "дүйшөмбүгө", "шейшембиге", "шаршембиге", "бейшембиге", "жумага", "ишембиге", "жекшембиге",
]  # fmt: skip


def _nearest_year(on: date, month: int, day: int) -> date:
    """The day of that month nearest the document's date, before or after it. A 29 February
    with no leap year next to the document's is left out of these tests: no reading of it is
    the obvious one."""
    candidates = []
    for year in (on.year - 1, on.year, on.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            continue
    assume(candidates)
    return min(candidates, key=lambda found: (abs((found - on).days), found))


@given(
    _DOCUMENT_DATES,
    st.dates(min_value=date(2000, 1, 1), max_value=date(2000, 12, 31)),
    st.sampled_from(_PRESENT_FUTURE),
)
def test_a_kyrgyz_present_future_reads_the_nearest_day_and_its_past_the_latest(
    on: date, day: date, forms: tuple[str, str]
) -> None:
    """A day without a year in a sentence ending in the present-future is the one nearest the
    document's date; in the same sentence in the past, the latest not after it."""
    future, past = forms
    text = "Сот арызды {}-{} {}."
    coming = read_dates(text.format(day.day, _KY_MONTHS[day.month - 1], future), "ky", on)
    told = read_dates(text.format(day.day, _KY_MONTHS[day.month - 1], past), "ky", on)
    expected = _nearest_year(on, day.month, day.day)
    assert coming == [(f"{day.day}-{_KY_MONTHS[day.month - 1]}", f"{expected.isoformat()}?")]
    assert len(told) == 1
    latest = date.fromisoformat(told[0][1].rstrip("?"))
    assert latest <= on and (latest.month, latest.day) == (day.month, day.day)


@given(_DOCUMENT_DATES, st.dates(min_value=date(2000, 1, 1), max_value=date(2000, 12, 31)))
def test_a_day_set_by_a_verb_of_scheduling_is_the_nearest_and_a_fine_the_latest(
    on: date, day: date
) -> None:
    """ "назначил заседание на D M" is the day nearest the document's date; "назначил штраф D M"
    (no preposition) the latest not after it."""
    month = _MONTHS_RU[day.month - 1]
    set_for = read_dates(f"Суд назначил заседание на {day.day} {month}.", "ru", on)
    fined = read_dates(f"Суд назначил штраф {day.day} {month}.", "ru", on)
    expected = _nearest_year(on, day.month, day.day)
    assert set_for == [(f"{day.day} {month}", f"{expected.isoformat()}?")]
    latest = date.fromisoformat(fined[0][1].rstrip("?"))
    assert latest <= on and (latest.month, latest.day) == (day.month, day.day)


@given(_DOCUMENT_DATES, st.integers(min_value=0, max_value=6))
def test_a_night_before_a_weekday_is_that_weekday_and_the_day_before(
    on: date, weekday: int
) -> None:
    """ "в ночь на понедельник", "overnight into Monday", "дүйшөмбүгө караган түнү": the named day
    and the one before it, the latest such night up to the document's date; in a clause about
    what is to come the next one from it."""
    for language, text in (
        ("ru", f"Его задержали в ночь на {_RU_WEEKDAYS[weekday]}."),
        ("en", f"He was detained overnight into {calendar.day_name[weekday]}."),
        ("ky", f"Аны {_KY_WEEKDAYS[weekday]} караган түнү кармашты."),
        ("ru", f"Акция пройдёт в ночь на {_RU_WEEKDAYS[weekday]}."),
    ):
        found = read_dates(text, language, on)
        assert len(found) == 1, (language, text)
        first, last = (date.fromisoformat(part) for part in found[0][1].split("/"))
        assert last.weekday() == weekday and last - first == timedelta(days=1)
        if "пройдёт" in text:
            assert timedelta(0) <= last - on < timedelta(days=7)
        else:
            assert timedelta(0) <= on - last < timedelta(days=7)


@given(_DOCUMENT_DATES, st.sampled_from(["", "Адвокат ", "Ал "]))
def test_kyrgyz_tomorrow_is_the_day_after_the_document_and_the_morning_no_day(
    on: date, subject: str
) -> None:
    told = read_dates(f"{subject}эртең сотко барат.", "ky", on)
    assert [value for _, value in told] == [(on + timedelta(days=1)).isoformat()]
    assert read_dates(f"{subject}эртең менен сотко барды.", "ky", on) == []


@given(_DOCUMENT_DATES, st.integers(min_value=1, max_value=6))
def test_a_day_beside_last_week_is_in_last_week_whatever_the_story_year(
    on: date, weekday: int
) -> None:
    """ "Last week, on D Month" after a date of a year two before: the day of last week, not the
    same day in the story's year."""
    monday = on - timedelta(days=on.weekday() + 7)
    day = monday + timedelta(days=weekday)
    month = calendar.month_name[day.month]
    text = (
        f"He was sentenced on 12 November {on.year - 2}. "
        f"Last week, on {day.day} {month}, he was moved."
    )
    found = dict(read_dates(text, "en", on))
    assert found[f"on {day.day} {month}"] == f"{day.isoformat()}?"


def test_29_february_beside_a_time_with_no_leap_year_near_keeps_its_reading() -> None:
    text = "He was sentenced on 12 November 2019. Last week, on 29 February, he was moved."
    found = dict(read_dates(text, "en", date(2022, 3, 9)))
    assert found["on 29 February"] == "2020-02-29?"
