"""Calendar arithmetic shared by the date value and the date phrase reader."""

from __future__ import annotations

import calendar
from datetime import date
from enum import StrEnum
from typing import Final


class Precision(StrEnum):
    """The unit in which a date's bounds are known."""

    DAY = "day"
    MONTH = "month"
    SEASON = "season"
    YEAR = "year"
    UNKNOWN = "unknown"


SEASONS: Final = ("spring", "summer", "autumn", "winter")
SEASON_CODE: Final = {"spring": 21, "summer": 22, "autumn": 23, "winter": 24}
SEASON_BY_CODE: Final = {code: season for season, code in SEASON_CODE.items()}
_SEASON_STARTING: Final = {3: "spring", 6: "summer", 9: "autumn", 12: "winter"}
_SEASON_ENDING: Final = {5: "spring", 8: "summer", 11: "autumn", 2: "winter"}


def last_day(year: int, month: int) -> date:
    """The last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def years_on(day: date, years: int, *, whole_months: bool) -> date:
    """``day`` that many years on. Where it bounds whole months (a month's or a season's end), a
    month's last day stays its month's last: the end of a winter is 29 February in a leap year
    and 28 in another. Raises ValueError for 29 February as a day in a year without it."""
    if whole_months and day == last_day(day.year, day.month):
        return last_day(day.year + years, day.month)
    return day.replace(year=day.year + years)


def season_bounds(year: int, season: str) -> tuple[date, date]:
    """First and last day of a season; winter of year Y holds January of Y."""
    if season == "winter":
        return date(year - 1, 12, 1), last_day(year, 2)
    first = {"spring": 3, "summer": 6, "autumn": 9}[season]
    return date(year, first, 1), last_day(year, first + 2)


def season_starting(day: date) -> tuple[str, int]:
    """The season (and its year) whose first day is ``day``."""
    season = _SEASON_STARTING[day.month]
    return season, day.year + 1 if season == "winter" else day.year


def season_ending(day: date) -> tuple[str, int]:
    """The season (and its year) whose last day is ``day``."""
    return _SEASON_ENDING[day.month], day.year


def aligned(day: date, precision: Precision, *, ending: bool) -> bool:
    """Whether ``day`` starts (or ends) a whole unit of ``precision``."""
    if precision is Precision.DAY:
        return True
    if ending and day != last_day(day.year, day.month):
        return False
    if not ending and day.day != 1:
        return False
    if precision is Precision.MONTH:
        return True
    if precision is Precision.SEASON:
        return day.month in (_SEASON_ENDING if ending else _SEASON_STARTING)
    return day.month == (12 if ending else 1)


def combine(first: Precision, second: Precision) -> Precision:
    """The precision of a range whose two ends are known to these precisions."""
    if first is second:
        return first
    if Precision.DAY in (first, second):
        return Precision.DAY
    # Seasons do not line up with years, but both line up with months.
    return Precision.MONTH
