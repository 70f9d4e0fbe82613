from __future__ import annotations

import contextlib
from dataclasses import replace
from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from tests.timing import best_cpu_time

from docket.errors import InvalidDate
from docket.model import Precision, UncertainDate, find_dates

D = date
U = UncertainDate
REFERENCE = date(2023, 6, 1)


def day(y: int, m: int, d: int) -> U:
    return U(date(y, m, d), date(y, m, d), Precision.DAY)


def days(a: date, b: date, **flags: bool) -> U:
    return U(a, b, Precision.DAY, **flags)


def months(a: date, b: date, **flags: bool) -> U:
    return U(a, b, Precision.MONTH, **flags)


def year(y: int, **flags: bool) -> U:
    return U(date(y, 1, 1), date(y, 12, 31), Precision.YEAR, **flags)


SPRING_2022 = U(D(2022, 3, 1), D(2022, 5, 31), Precision.SEASON)
LATE_2019 = months(D(2019, 9, 1), D(2019, 12, 31))
BEFORE_2020 = U(None, D(2019, 12, 31), Precision.YEAR)
AUG_7_8_2019 = days(D(2019, 8, 7), D(2019, 8, 8))
APRIL_2023_INFERRED = months(D(2023, 4, 1), D(2023, 4, 30), year_inferred=True)

ENGLISH = [
    ("7–8 August 2019", AUG_7_8_2019),
    ("7-8 Aug. 2019", AUG_7_8_2019),
    ("August 7-8, 2019", AUG_7_8_2019),
    ("7 and 8 August 2019", AUG_7_8_2019),
    ("August 7-8", days(D(2022, 8, 7), D(2022, 8, 8), year_inferred=True)),
    ("in April", APRIL_2023_INFERRED),
    ("April 2023", months(D(2023, 4, 1), D(2023, 4, 30))),
    ("spring 2022", SPRING_2022),
    ("spring of 2022", SPRING_2022),
    ("winter 2022", U(D(2021, 12, 1), D(2022, 2, 28), Precision.SEASON)),
    ("late 2019", LATE_2019),
    ("the end of 2019", LATE_2019),
    ("early 2020", months(D(2020, 1, 1), D(2020, 4, 30))),
    ("mid-2021", months(D(2021, 5, 1), D(2021, 8, 31))),
    ("first half of 2020", months(D(2020, 1, 1), D(2020, 6, 30))),
    ("early April 2021", days(D(2021, 4, 1), D(2021, 4, 10))),
    ("before 2020", BEFORE_2020),
    ("after March 2021", U(D(2021, 4, 1), None, Precision.MONTH)),
    ("since 2019", U(D(2019, 1, 1), None, Precision.YEAR)),
    ("until 2020", U(None, D(2020, 12, 31), Precision.YEAR)),
    ("2019", year(2019)),
    ("in 2019", year(2019)),
    ("around 2019", year(2019, approximate=True)),
    ("c. 2019", year(2019, approximate=True)),
    ("2022-10-23", day(2022, 10, 23)),
    ("23.10.2022", day(2022, 10, 23)),
    ("25-27 November 2022", days(D(2022, 11, 25), D(2022, 11, 27))),
    ("between 3 and 5 May 2021", days(D(2021, 5, 3), D(2021, 5, 5))),
    ("from 3 May 2021 to 5 June 2021", days(D(2021, 5, 3), D(2021, 6, 5))),
    ("March–May 2022", months(D(2022, 3, 1), D(2022, 5, 31))),
    ("2019–2021", U(D(2019, 1, 1), D(2021, 12, 31), Precision.YEAR)),
    ("on the 7th of August 2019", day(2019, 8, 7)),
    ("August 7th, 2019", day(2019, 8, 7)),
    ("30 December – 2 January", days(D(2022, 12, 30), D(2023, 1, 2), year_inferred=True)),
    ("unknown", U.unknown()),
    ("date unknown", U.unknown()),
]

RUSSIAN = [
    ("23 октября 2022 года", day(2022, 10, 23)),
    ("7–8 августа 2019 г.", AUG_7_8_2019),
    ("7 и 8 августа 2019 года", AUG_7_8_2019),
    ("7-го августа 2019 года", day(2019, 8, 7)),
    ("в апреле", APRIL_2023_INFERRED),
    ("в апреле 2023 года", months(D(2023, 4, 1), D(2023, 4, 30))),
    ("весной 2022 года", SPRING_2022),
    ("в конце 2019 года", LATE_2019),
    ("в начале апреля", days(D(2023, 4, 1), D(2023, 4, 10), year_inferred=True)),
    ("во второй половине 2021 года", months(D(2021, 7, 1), D(2021, 12, 31))),
    ("до 2020 года", BEFORE_2020),
    ("после марта 2021 года", U(D(2021, 4, 1), None, Precision.MONTH)),
    ("с 2019 года", U(D(2019, 1, 1), None, Precision.YEAR)),
    ("около 2019 года", year(2019, approximate=True)),
    ("в 2019 году", year(2019)),
    ("с 3 по 5 мая 2021 года", days(D(2021, 5, 3), D(2021, 5, 5))),
    ("23.10.2022 г.", day(2022, 10, 23)),
    ("в 2019–2020 годах", U(D(2019, 1, 1), D(2020, 12, 31), Precision.YEAR)),
    ("неизвестно", U.unknown()),
    ("дата неизвестна", U.unknown()),
]

KYRGYZ = [
    ("2022-жылдын 23-октябрында", day(2022, 10, 23)),
    ("2022-жылы 23-октябрда", day(2022, 10, 23)),
    ("23-октябрь, 2022-жыл", day(2022, 10, 23)),
    ("2019-жылы", year(2019)),
    ("апрелде", APRIL_2023_INFERRED),
    ("апрелинде", APRIL_2023_INFERRED),
    ("апрель айында", APRIL_2023_INFERRED),
    ("2021-жылдын апрель айында", months(D(2021, 4, 1), D(2021, 4, 30))),
    ("2022-жылдын жазында", SPRING_2022),
    ("августтун 7-8", days(D(2022, 8, 7), D(2022, 8, 8), year_inferred=True)),
    ("2019-жылдын 7-8-августунда", AUG_7_8_2019),
    ("октябрында", months(D(2022, 10, 1), D(2022, 10, 31), year_inferred=True)),
    ("2019-жылдын аягында", LATE_2019),
    ("2020-жылга чейин", BEFORE_2020),
    ("2019-жылдан кийин", U(D(2020, 1, 1), None, Precision.YEAR)),
    ("2019-жылдан бери", U(D(2019, 1, 1), None, Precision.YEAR)),
    ("2019-жылдын чамасында", year(2019, approximate=True)),
    ("болжол менен 2019-жылы", year(2019, approximate=True)),
    ("2019-2020-жылдары", U(D(2019, 1, 1), D(2020, 12, 31), Precision.YEAR)),
    ("белгисиз", U.unknown()),
]


@pytest.mark.parametrize(("text", "expected"), ENGLISH + RUSSIAN + KYRGYZ)
def test_phrases_parse_to_ranges(text: str, expected: UncertainDate) -> None:
    parsed = U.parse(text, REFERENCE)
    assert parsed == expected
    assert parsed.year_inferred == expected.year_inferred
    assert parsed.text == text


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("7–8 August 2019", "en"),
        ("7–8 августа 2019 г.", "ru"),
        ("2019-жылдын 7-8-августунда", "ky"),
    ],
)
def test_language_hint_limits_words(text: str, language: str) -> None:
    assert U.parse(text, language=language) == AUG_7_8_2019
    other = "ru" if language == "en" else "en"
    with pytest.raises(InvalidDate):
        U.parse(text, language=other)


def test_year_inference_takes_latest_period_not_after_reference() -> None:
    assert U.parse("in April", date(2023, 4, 10)).start == date(2023, 4, 1)
    assert U.parse("in April", date(2023, 3, 31)).start == date(2022, 4, 1)
    assert U.parse("29 February", date(2023, 6, 1)) == days(
        D(2020, 2, 29), D(2020, 2, 29), year_inferred=True
    )
    # Winter 2024 starts on 1 December 2023, before this reference.
    assert U.parse("in winter", date(2023, 12, 15)).end == date(2024, 2, 29)
    assert U.parse("in April", datetime(2023, 4, 10, 12, 0)).start == date(2023, 4, 1)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "yesterday",
        "31 June 2019",
        "29 February 2023",
        "2019-13",
        "2019-02-30",
        "7–8",
        "between 2019",
        "../..",
        "in April" + " " * 300 + "x",
        "July 2019 and",
    ],
)
def test_nonsense_is_refused_with_one_line(text: str) -> None:
    with pytest.raises(InvalidDate) as caught:
        U.parse(text, REFERENCE)
    assert "\n" not in str(caught.value)


def test_missing_year_needs_a_reference() -> None:
    with pytest.raises(InvalidDate, match="reference"):
        U.parse("в апреле")


def test_constructor_keeps_invariants() -> None:
    with pytest.raises(InvalidDate):
        U(D(2019, 8, 8), D(2019, 8, 7), Precision.DAY)
    with pytest.raises(InvalidDate):
        U(D(2019, 8, 7), D(2019, 8, 31), Precision.MONTH)
    with pytest.raises(InvalidDate):
        U(None, None, Precision.YEAR)
    with pytest.raises(InvalidDate):
        U(D(2019, 1, 1), None, Precision.UNKNOWN)
    with pytest.raises(InvalidDate):
        U(D(2019, 1, 1), D(2019, 3, 31), Precision.SEASON)
    assert U.in_month(2019, 2) == months(D(2019, 2, 1), D(2019, 2, 28))
    assert U.in_year(2019) == year(2019)
    assert U.on_day(D(2019, 8, 7)) == day(2019, 8, 7)
    with pytest.raises(InvalidDate):
        U.in_month(2019, 13)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (AUG_7_8_2019, "7–8 Aug 2019"),
        (APRIL_2023_INFERRED, "Apr 2023 (year inferred)"),
        (year(2019, approximate=True), "c. 2019"),
        (LATE_2019, "Sep–Dec 2019"),
        (SPRING_2022, "spring 2022"),
        (BEFORE_2020, "before 2020"),
        (U(D(2021, 4, 1), None, Precision.MONTH), "since Apr 2021"),
        (days(D(2021, 5, 3), D(2021, 6, 5)), "3 May – 5 Jun 2021"),
        (U.unknown(), "unknown date"),
    ],
)
def test_human_readable_form(value: UncertainDate, text: str) -> None:
    assert str(value) == text


@pytest.mark.parametrize(
    ("value", "canonical"),
    [
        (AUG_7_8_2019, "2019-08-07/2019-08-08"),
        (day(2022, 10, 23), "2022-10-23"),
        (APRIL_2023_INFERRED, "2023-04?"),
        (year(2019, approximate=True), "2019~"),
        (SPRING_2022, "2022-21"),
        (BEFORE_2020, "../2019"),
        (U(D(2021, 4, 1), None, Precision.MONTH), "2021-04/.."),
        (LATE_2019, "2019-09/2019-12"),
        (U.unknown(), "XXXX"),
    ],
)
def test_canonical_form_is_edtf(value: UncertainDate, canonical: str) -> None:
    assert value.canonical() == canonical
    assert U.parse(canonical) == value


def test_overlaps_and_contains() -> None:
    assert AUG_7_8_2019.overlaps(year(2019))
    assert not AUG_7_8_2019.overlaps(year(2020))
    assert BEFORE_2020.overlaps(AUG_7_8_2019)
    assert not BEFORE_2020.overlaps(year(2020))
    assert U.unknown().overlaps(year(1999))
    assert LATE_2019.contains(D(2019, 10, 1))
    assert not LATE_2019.contains(D(2019, 8, 31))
    assert U(D(2021, 4, 1), None, Precision.MONTH).contains(D(2030, 1, 1))


def test_json_rejects_damaged_records() -> None:
    good = AUG_7_8_2019.to_json()
    assert good == {
        "start": "2019-08-07",
        "end": "2019-08-08",
        "precision": "day",
        "approximate": False,
        "year_inferred": False,
        "text": None,
    }
    for damaged in (
        {**good, "precision": "fortnight"},
        {**good, "start": "2019-8-7x"},
        {**good, "start": 20190807},
        {**good, "approximate": "yes"},
        {**good, "precision": "month"},
        {**good, "end": "2019-08-01"},
        {**good, "text": 5},
        {},
    ):
        with pytest.raises(InvalidDate):
            U.from_json(damaged)


# Generated values ---------------------------------------------------------------------------

_SEASON_START = {12: 12, 1: 12, 2: 12, 3: 3, 4: 3, 5: 3, 6: 6, 7: 6, 8: 6, 9: 9, 10: 9, 11: 9}


def _unit_start(d: date, precision: Precision) -> date:
    if precision is Precision.DAY:
        return d
    if precision is Precision.MONTH:
        return d.replace(day=1)
    if precision is Precision.YEAR:
        return d.replace(month=1, day=1)
    month = _SEASON_START[d.month]
    return date(d.year - 1 if d.month < 3 else d.year, month, 1)


def _unit_end(d: date, precision: Precision) -> date:
    start = _unit_start(d, precision)
    if precision is Precision.DAY:
        return d
    if precision is Precision.YEAR:
        return start.replace(month=12, day=31)
    months_long = 1 if precision is Precision.MONTH else 3
    month = start.month + months_long
    following = date(start.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


@st.composite
def uncertain_dates(draw: st.DrawFn) -> UncertainDate:
    precision = draw(st.sampled_from(list(Precision)))
    if precision is Precision.UNKNOWN:
        return U.unknown()
    bounds = st.dates(min_value=date(1001, 3, 1), max_value=date(2998, 11, 30))
    first, second = sorted((draw(bounds), draw(bounds)))
    start: date | None = _unit_start(first, precision)
    end: date | None = _unit_end(second, precision)
    side = draw(st.sampled_from(["both", "no start", "no end"]))
    if side == "no start":
        start = None
    elif side == "no end":
        end = None
    return U(
        start,
        end,
        precision,
        draw(st.booleans()),
        draw(st.booleans()),
        reported=draw(st.booleans()),
    )


@given(uncertain_dates())
@settings(deadline=None, max_examples=300)
def test_canonical_round_trip(value: UncertainDate) -> None:
    assert U.parse(value.canonical()) == value


@given(uncertain_dates())
@settings(deadline=None, max_examples=300)
def test_human_readable_form_reads_back(value: UncertainDate) -> None:
    parsed = U.parse(str(value))
    assert parsed == value
    assert parsed.year_inferred == value.year_inferred
    assert parsed.reported == value.reported


@given(uncertain_dates(), st.one_of(st.none(), st.text(max_size=30)))
@settings(deadline=None)
def test_json_round_trip(value: UncertainDate, text: str | None) -> None:
    value = replace(value, text=text)
    again = U.from_json(value.to_json())
    assert again == value
    assert again.text == text
    assert again.reported == value.reported


EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]  # fmt: skip
RU_GENITIVE = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
               "сентября", "октября", "ноября", "декабря"]  # fmt: skip
KY_POSSESSIVE_LOCATIVE = ["январында", "февралында", "мартында", "апрелинде", "майында",
                          "июнунда", "июлунда", "августунда", "сентябрында", "октябрында",
                          "ноябрында", "декабрында"]  # fmt: skip
KY_LOCATIVE = ["январда", "февралда", "мартта", "апрелде", "майда", "июнда", "июлда",
               "августта", "сентябрда", "октябрда", "ноябрда", "декабрда"]  # fmt: skip

FORMATS = [
    ("en", lambda d: f"{d.day} {EN_MONTHS[d.month - 1]} {d.year}"),
    ("en", lambda d: f"{EN_MONTHS[d.month - 1]} {d.day}, {d.year}"),
    ("ru", lambda d: f"{d.day} {RU_GENITIVE[d.month - 1]} {d.year} года"),
    ("ru", lambda d: f"{d:%d.%m}.{d.year}"),
    ("ky", lambda d: f"{d.year}-жылдын {d.day}-{KY_POSSESSIVE_LOCATIVE[d.month - 1]}"),
    ("ky", lambda d: f"{d.day}-{KY_LOCATIVE[d.month - 1]}, {d.year}-жылы"),
]


@given(st.dates(min_value=date(1000, 1, 1), max_value=date(2999, 12, 31)), st.data())
@settings(deadline=None)
def test_generated_days_parse_back_in_every_language(d: date, data: st.DataObject) -> None:
    language, render = data.draw(st.sampled_from(FORMATS))
    text = render(d)
    assert U.parse(text, language=language) == U.on_day(d)
    assert U.parse(text) == U.on_day(d)


_DATEISH = [
    "7", "8", "31", "29", "2019", "0999", "99999", "1700", "-", "–", ".", ",", "/", "..", "~", "?",
    "and", "и", "between", "from", "to", "in", "в", "c.", "about", "before", "since", "after",
    "August", "august", "Aug", "May", "февраля", "августа", "года", "г", "жылдын", "жылы", "-жылы",
    "октябрында", "апрелде", "чейин", "бери", "жазында", "весной", "late", "mid", "end of",
    "(year inferred)", "XXXX", "2019-08", "2019-13", "2019-21", "unknown", "белгисиз", "people",
]  # fmt: skip


@given(st.lists(st.sampled_from(_DATEISH), max_size=12).map(" ".join))
@example("2019-02-29")
@example("0000-01-01")
@example("9999-12-31/..")
@example("winter 0001")
@settings(deadline=None, max_examples=400, suppress_health_check=[HealthCheck.too_slow])
def test_parse_raises_only_invalid_date_on_date_like_noise(text: str) -> None:
    for reference in (None, REFERENCE, date(1, 1, 1), date(9999, 12, 31)):
        with contextlib.suppress(InvalidDate):
            U.parse(text, reference)


@given(st.text(max_size=200), st.sampled_from([None, "en", "ru", "ky", "xx"]))
@settings(deadline=None)
def test_parse_raises_only_invalid_date_on_any_text(text: str, language: str | None) -> None:
    with contextlib.suppress(InvalidDate):
        U.parse(text, REFERENCE, language)


# Finding dates in running text --------------------------------------------------------------

DECLARATION = (
    "On two consecutive days in August, security forces used firearms and cold weapons against "
    "about 1,700 civilians. The secretary general visited him in prison in April. "
    "7–8 августа 2019 г. силовики применили оружие. До 2020 года никто не расследовал. "
    "2022-жылдын 23-октябрында 27 активист кармалган. Апрелде катчы түрмөгө барды. "
    "Police may detain more than 2000 people. The date is unknown. In May 12 people died."
)


def test_find_dates_in_a_declaration() -> None:
    found = find_dates(DECLARATION, REFERENCE)
    assert [DECLARATION[s:e] for s, e, _ in found] == [
        "in August",
        "in April",
        "7–8 августа 2019 г.",
        "До 2020 года",
        "2022-жылдын 23-октябрында",
        "Апрелде",
        "In May",
    ]
    values = [value for _, _, value in found]
    assert values[0] == months(D(2022, 8, 1), D(2022, 8, 31), year_inferred=True)
    assert values[2] == AUG_7_8_2019
    assert values[3] == BEFORE_2020
    assert values[4] == day(2022, 10, 23)


def test_find_dates_skips_yearless_phrases_without_reference() -> None:
    found = find_dates("in April, and on 7 August 2019", None)
    assert [v for _, _, v in found] == [day(2019, 8, 7)]


@given(st.lists(st.sampled_from([*_DATEISH, "the", "police", "\n", "x7", "1,700"]), max_size=40))
@settings(deadline=None, max_examples=300)
def test_found_spans_are_the_phrases_and_parse_back(words: list[str]) -> None:
    text = " ".join(words)
    found = find_dates(text, REFERENCE)
    previous_end = 0
    for start, end, value in found:
        assert previous_end <= start < end <= len(text)
        assert text[start:end] == value.text
        assert U.parse(text[start:end], REFERENCE) == value
        previous_end = end


def _cpu_time(text: str) -> float:
    return best_cpu_time(lambda: find_dates(text, REFERENCE))


@pytest.mark.parametrize("unit", ["7-8-", "7 and ", "between 1 and ", "2019-", "in Aug ", "1 700 "])
def test_find_dates_is_linear_on_repetitive_input(unit: str) -> None:
    small = unit * (1500 // len(unit))
    large = small * 4
    # Four times the text must cost well under sixteen times the time (quadratic growth).
    assert _cpu_time(large) < 8 * _cpu_time(small) + 0.05


# Dates as the source reported them ---------------------------------------------------------


def test_as_reported_is_kept_apart_from_the_event_date() -> None:
    reported = U.as_reported(D(2022, 8, 10))
    assert reported.reported
    assert reported != U.on_day(D(2022, 8, 10))
    assert str(reported) == "as reported on 10 Aug 2022"
    assert reported.canonical() == "reported:2022-08-10"
    assert U.as_reported(U.in_month(2022, 8)) == U(
        D(2022, 8, 1), D(2022, 8, 31), Precision.MONTH, reported=True
    )
    with pytest.raises(InvalidDate, match="reporting date"):
        U.as_reported(U.unknown())
    with pytest.raises(InvalidDate, match="reporting date"):
        U(None, None, Precision.UNKNOWN, reported=True)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("as reported on 10 August 2022", "en"),
        ("As reported on August 10, 2022", None),
        ("reported on 10 Aug 2022", "en"),
        ("по сообщению от 10 августа 2022", "ru"),
        ("По сообщению от 10 августа 2022 года", None),
        ("кабарланган күнү 2022-жылдын 10-августунда", "ky"),
        ("2022-жылдын 10-августундагы кабар боюнча", "ky"),
        ("2022-жылдын 10-августундагы маалымат боюнча", None),
        ("reported:2022-08-10", None),
    ],
)
def test_reported_phrases_parse(text: str, language: str | None) -> None:
    value = U.parse(text, language=language)
    assert value == U.as_reported(D(2022, 8, 10))
    assert value.text == text


def test_reported_keeps_other_flags_and_needs_a_date() -> None:
    value = U.parse("as reported in April", REFERENCE)
    assert value.reported and value.year_inferred
    assert str(value).startswith("as reported on Apr ")
    assert str(value).endswith("(year inferred)")
    for text in ("as reported on", "as reported on unknown", "по сообщению от", "кабар боюнча"):
        with pytest.raises(InvalidDate):
            U.parse(text)


def test_stored_values_without_the_flag_read_unchanged() -> None:
    old = {"start": "2022-08-10", "end": "2022-08-10", "precision": "day",
           "approximate": False, "year_inferred": False, "text": None}  # fmt: skip
    assert U.from_json(old) == U.on_day(D(2022, 8, 10))
    assert not U.from_json(old).reported
    with pytest.raises(InvalidDate, match="true or false"):
        U.from_json({**old, "reported": "yes"})


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        # A report of 12 July: the next hearing is this year's 24 July, not last year's.
        ("Следующее заседание назначено на 24 июля.", "ru", D(2024, 7, 24)),
        ("The next hearing is scheduled for 24 July.", "en", D(2024, 7, 24)),
        ("Кийинки отурум 24-июлга дайындалды.", "ky", D(2024, 7, 24)),
        # Without a word of the future the day is the last one before the report.
        ("Его задержали 24 июля.", "ru", D(2023, 7, 24)),
        ("He was detained on 24 July.", "en", D(2023, 7, 24)),
        # Looking ahead still takes the nearest such day, which may be behind.
        ("He will appeal the verdict of 2 July.", "en", D(2024, 7, 2)),
    ],
)
def test_a_day_month_in_a_sentence_about_the_future_may_fall_after_the_document(
    text: str, language: str, expected: date
) -> None:
    found = find_dates(text, date(2024, 7, 12), language)
    assert [(value.start, value.year_inferred) for _, _, value in found] == [(expected, True)]


def test_words_of_the_future_in_another_sentence_do_not_move_a_date() -> None:
    text = "He was detained on 24 July. The hearing will be held later."
    found = find_dates(text, date(2024, 7, 12), "en")
    assert [value.start for _, _, value in found] == [D(2023, 7, 24)]


@pytest.mark.parametrize(
    ("text", "phrase", "expected"),
    [
        (
            "1-майдан 3-майга чейин кармалды.",
            "1-майдан 3-майга чейин",
            days(D(2024, 5, 1), D(2024, 5, 3), year_inferred=True),
        ),
        (
            "28-апрелден 2-майга дейре камакта болду.",
            "28-апрелден 2-майга дейре",
            days(D(2024, 4, 28), D(2024, 5, 2), year_inferred=True),
        ),
        (
            "2024-жылдын 1-майынан 3-майына чейин.",
            "2024-жылдын 1-майынан 3-майына чейин",
            days(D(2024, 5, 1), D(2024, 5, 3)),
        ),
        (
            "2020-жылдан 2023-жылга чейин иштеди.",
            "2020-жылдан 2023-жылга чейин",
            U(D(2020, 1, 1), D(2023, 12, 31), Precision.YEAR),
        ),
        # One end alone keeps its own meaning: since, before.
        (
            "1-майдан баштап иштейт.",
            "1-майдан баштап",
            U(D(2024, 5, 1), None, Precision.DAY, year_inferred=True),
        ),
        (
            "3-майга чейин бошотулат.",
            "3-майга чейин",
            U(None, D(2024, 5, 2), Precision.DAY, year_inferred=True),
        ),
    ],
)
def test_kyrgyz_ranges_are_marked_by_case_endings(text: str, phrase: str, expected: U) -> None:
    found = find_dates(text, date(2024, 5, 10), "ky")
    assert [(text[start:end], value) for start, end, value in found] == [(phrase, expected)]


_KY_MONTHS = ["январдан", "февралдан", "марттан", "апрелден", "майдан", "июндан"]
_KY_TO = ["январга", "февралга", "мартка", "апрелге", "майга", "июнга"]


@given(st.integers(0, 5), st.integers(1, 28), st.integers(0, 5), st.integers(1, 28))
def test_any_kyrgyz_day_range_reads_as_one_range(m1: int, d1: int, m2: int, d2: int) -> None:
    first, last = D(2023, m1 + 1, d1), D(2023, m2 + 1, d2)
    text = f"2023-жылдын {d1}-{_KY_MONTHS[m1]} {d2}-{_KY_TO[m2]} чейин"
    found = find_dates(text, date(2024, 5, 10), "ky")
    if first <= last:
        assert [(value.start, value.end) for _, _, value in found] == [(first, last)]
    else:
        assert all(
            value.start is None or value.end is None or value.start <= value.end
            for _, _, value in found
        )


@pytest.mark.parametrize(
    ("text", "language", "phrase", "expected"),
    [
        ("On 3 May last year he was detained.", "en", "On 3 May last year", day(2023, 5, 3)),
        (
            "In May this year he was freed.",
            "en",
            "In May this year",
            months(D(2024, 5, 1), D(2024, 5, 31)),
        ),
        ("3 мая прошлого года его задержали.", "ru", "3 мая прошлого года", day(2023, 5, 3)),
        (
            "В декабре позапрошлого года.",
            "ru",
            "В декабре позапрошлого года",
            months(D(2022, 12, 1), D(2022, 12, 31)),
        ),
        (
            "14–15 апреля этого года.",
            "ru",
            "14–15 апреля этого года",
            days(D(2024, 4, 14), D(2024, 4, 15)),
        ),
        ("Былтыр 3-майда кармалды.", "ky", "Былтыр 3-майда", day(2023, 5, 3)),
        (
            "Быйыл май айында бошотулду.",
            "ky",
            "Быйыл май айында",
            months(D(2024, 5, 1), D(2024, 5, 31)),
        ),
        # A year already written is not moved by the words after it.
        ("On 3 May 2020, last year's verdict stood.", "en", "On 3 May 2020", day(2020, 5, 3)),
    ],
)
def test_a_year_named_relative_to_the_document_is_stated_not_inferred(
    text: str, language: str, phrase: str, expected: U
) -> None:
    found = find_dates(text, date(2024, 5, 10), language)
    assert [(text[start:end], value) for start, end, value in found] == [(phrase, expected)]
    assert not found[0][2].year_inferred


@given(
    st.integers(1, 12), st.integers(1, 28), st.sampled_from([("last year", -1), ("this year", 0)])
)
def test_any_day_with_a_relative_year_takes_that_year(
    month: int, day_of: int, relative: tuple[str, int]
) -> None:
    words, offset = relative
    text = f"on {day_of} {date(2000, month, 1):%B} {words}"
    found = find_dates(text, date(2024, 5, 10), "en")
    assert [value.start for _, _, value in found] == [D(2024 + offset, month, day_of)]


class _Everything(frozenset[str]):
    def __contains__(self, item: object) -> bool:
        return True


def _date_words(language: str) -> list[str]:
    from docket.model._date_phrases import date_grammar

    grammar = date_grammar((language,))
    tables = (
        grammar.months,
        grammar.seasons,
        grammar.parts_before,
        grammar.day_words,
        grammar.prepositions,
        grammar.qualifiers_before,
        grammar.range_openers,
        grammar.relative_years,
        grammar.year_words,
        grammar.of_words,
    )
    words = sorted({word for table in tables for word in table.first_words()})
    return [*words, *(w.capitalize() for w in words), "3", "12", "2023", "1990", "s", "-", ",", "."]


_DATE_WORDS = {language: _date_words(language) for language in ("en", "ru", "ky")}


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(["en", "ru", "ky"]), st.data())
def test_a_word_no_point_begins_with_is_passed_without_trying_the_rules(
    monkeypatch: pytest.MonkeyPatch, language: str, data: st.DataObject
) -> None:
    """Points opened by a word are tried only at the first word of a part, season, month or
    spelled day; trying every word finds the very same dates."""
    from docket.model import _date_grammar, _date_phrases

    words = data.draw(st.lists(st.sampled_from(_DATE_WORDS[language]), max_size=10))
    text = " ".join(words)
    fast = find_dates(text, REFERENCE, language)
    grammar = _date_phrases.date_grammar

    def every_word(languages: tuple[str, ...]) -> _date_grammar.DateGrammar:
        return replace(grammar(languages), point_starters=_Everything())

    with monkeypatch.context() as patch:
        patch.setattr(_date_phrases, "date_grammar", every_word)
        assert find_dates(text, REFERENCE, language) == fast
