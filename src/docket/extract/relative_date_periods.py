"""Calendar periods that relative date phrases name: the weeks, months, seasons and years
counted from a document's date, and the month or year of a date read before ("that same
month")."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Final

from docket.extract.relative_date_phrases import SamePeriod
from docket.model._calendar import last_day, season_bounds, years_on
from docket.model.dates import PART_MONTHS, Precision, UncertainDate

__all__ = [
    "in_year",
    "months_around",
    "months_on",
    "past_period",
    "period_within",
    "same_period",
    "season_of",
    "week_of",
]

# Weekdays (0 is Monday) of a week's parts: "в конце прошлой недели" is its Friday to Sunday.
_WEEK_PART_DAYS: Final = {"early": (0, 2), "mid": (1, 3), "late": (4, 6)}


def past_period(unit: str, n: int, document_date: date) -> UncertainDate:
    """The ``n`` calendar days, weeks, months or years before the document's and the
    document's own, as "в последние месяцы" is its month and the three before: days and weeks
    day by day up to the document's date, months and years whole."""
    if unit == "day":
        return UncertainDate(document_date - timedelta(days=n), document_date, Precision.DAY)
    if unit == "week":
        monday = document_date - timedelta(days=document_date.weekday(), weeks=n)
        return UncertainDate(monday, document_date, Precision.DAY)
    if unit == "month":
        year, month = _month(str(-n), document_date)
        last = last_day(document_date.year, document_date.month)
        return UncertainDate(date(year, month, 1), last, Precision.MONTH)
    year = document_date.year
    return UncertainDate(date(year - n, 1, 1), date(year, 12, 31), Precision.YEAR)


def _month(bound: str, document_date: date) -> tuple[int, int]:
    """(year, month) a bound of ``months_from_document`` names for a document of that date."""
    if bound.startswith("prior:"):
        # The latest month of that name before the document's month.
        named = int(bound.split(":")[1])
        return document_date.year - (named >= document_date.month), named
    if bound.startswith(("year:", "next:", "last:", "before_last:")):
        kind, month = bound.split(":")
        shift = {"year": 0, "next": 1, "last": -1, "before_last": -2}[kind]
        return document_date.year + shift, int(month)
    index = document_date.year * 12 + document_date.month - 1 + int(bound)
    return index // 12, index % 12 + 1


# Days of a month's parts, as lexicon/dates.yaml reads "early May", "mid-May", "late May"; any
# other part ("so_far") is the whole month up to the document's date.
_PART_DAYS: Final = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}


def months_around(bounds: tuple[str, str, str, str | None], document_date: date) -> UncertainDate:
    (first_year, first_month), (last_year, last_month) = (
        _month(bound, document_date) for bound in bounds[:2]
    )
    first, last = date(first_year, first_month, 1), last_day(last_year, last_month)
    if bounds[3] is not None:
        # Days of a part of a month, of which a report tells only those that have passed.
        low, high = _PART_DAYS.get(bounds[3], (1, 31))
        first, last = first.replace(day=low), last.replace(day=min(high, last.day))
        first, last = min(first, document_date), min(last, document_date)
    return UncertainDate(first, last, Precision(bounds[2]))


def period_within(value: UncertainDate, unit: str) -> tuple[int, int] | None:
    """(year, month) of the one month, or (year, 0) of the one year, that ``value`` lies in;
    None when it spans more than one or names no bounded time."""
    if value.precision is Precision.UNKNOWN or value.reported:
        return None
    first, last = value.start or value.end, value.end or value.start
    if first is None or last is None or first.year != last.year:
        return None
    if unit == "week":
        # (year, ordinal of its Monday) of the one calendar week a day or days lie in.
        monday = first - timedelta(days=first.weekday())
        return (monday.year, monday.toordinal()) if last - monday < timedelta(days=7) else None
    if unit == "year":
        return first.year, 0
    return (first.year, first.month) if first.month == last.month else None


def same_period(
    period: SamePeriod, anchor: UncertainDate | None, document_date: date | None
) -> UncertainDate | None:
    """The month or year of ``anchor`` (or its part) that "that same month" names; with no
    anchor, the document's year for a phrase that may mean it."""
    found = None if anchor is None else period_within(anchor, period.unit)
    approximate = inferred = False
    if found is not None and anchor is not None:
        approximate, inferred = anchor.approximate, anchor.year_inferred
    elif period.or_document and document_date is not None and anchor is None:
        # "в начале года", "айдын аягында" with no date before: the document's year or month,
        # "в конце недели" its week.
        found = (document_date.year, document_date.month)
        if period.unit == "week":
            monday = document_date - timedelta(days=document_date.weekday())
            found = (monday.year, monday.toordinal())
    if found is None:
        return None
    year, month = found
    if period.unit == "week":
        monday = date.fromordinal(month) + timedelta(weeks=period.offset)
        low, high = _WEEK_PART_DAYS.get(period.part or "", (0, 6))
        return UncertainDate(
            monday + timedelta(days=low),
            monday + timedelta(days=high),
            Precision.DAY,
            approximate,
            inferred,
        )
    if period.unit == "month":
        index = year * 12 + month - 1 + period.offset
        year, month = index // 12, index % 12 + 1
    else:
        year += period.offset
    if period.unit == "month":
        first, last = date(year, month, 1), last_day(year, month)
        if period.part is None:
            return UncertainDate(first, last, Precision.MONTH, approximate, inferred)
        low, high = _PART_DAYS[period.part]
        days = (first.replace(day=low), last.replace(day=min(high, last.day)))
        return UncertainDate(*days, Precision.DAY, approximate, inferred)
    if period.part is None:
        return UncertainDate(
            date(year, 1, 1), date(year, 12, 31), Precision.YEAR, approximate, inferred
        )
    low, high = PART_MONTHS[period.part]
    first, last = date(year, low, 1), last_day(year, high)
    return UncertainDate(first, last, Precision.MONTH, approximate, inferred)


def in_year(value: UncertainDate, year: int) -> UncertainDate | None:
    """``value`` moved to ``year`` (its start's year; a range into the next year keeps its
    length in years); None when a day does not exist there (29 February)."""
    if value.start is None or value.end is None:
        return None
    shift = year - value.start.year
    try:
        whole = value.precision is not Precision.DAY
        return replace(
            value,
            start=years_on(value.start, shift, whole_months=whole),
            end=years_on(value.end, shift, whole_months=whole),
        )
    except ValueError:
        return None


def season_of(season: str, last: bool, document_date: date) -> UncertainDate:
    """ "last summer": the latest summer over before the document's date; "this summer": the one
    the document's date falls in, else the one of its year."""
    year = document_date.year + 1
    first, end = season_bounds(year, season)
    while (end >= document_date) if last else (first > document_date and year > document_date.year):
        year -= 1
        first, end = season_bounds(year, season)
    return UncertainDate(first, end, Precision.SEASON)


def months_on(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    return date(year, month, min(day.day, last_day(year, month).day))


def week_of(offset: int, weekend: bool, part: str | None, document_date: date) -> UncertainDate:
    """The calendar week ``offset`` weeks from the document's, Monday to Sunday, or its part;
    the document's own week ends at the document's date. A weekend is the last Saturday and
    Sunday before the document's date."""
    if weekend:
        sunday = document_date - timedelta(days=document_date.weekday() + 1)
        return UncertainDate(sunday - timedelta(days=1), sunday, Precision.DAY)
    monday = document_date - timedelta(days=document_date.weekday()) + timedelta(weeks=offset)
    low, high = _WEEK_PART_DAYS.get(part or "", (0, 6))
    first, last = monday + timedelta(days=low), monday + timedelta(days=high)
    if offset == 0 and first <= document_date:
        # A report tells of the days of its own week that have passed.
        last = min(last, document_date)
    return UncertainDate(first, last, Precision.DAY)
