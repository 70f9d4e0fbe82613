"""The ends of a date phrase and the days they span.

A point is what the words of one end say (year, month, day, season, part, decade); the
functions here turn points into first and last days, taking a missing year from a reference
date. Apart from the reader because they are calendar arithmetic on points, which reads no
token.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Final

from docket.model._calendar import Precision, combine, last_day, season_bounds

# Months of a year's parts: "early 2023", "во второй половине 2023 года", "2023-жылдын ортосунда".
PART_MONTHS: Final = {
    "early": (1, 4),
    "mid": (5, 8),
    "late": (9, 12),
    "first_half": (1, 6),
    "second_half": (7, 12),
    "first_quarter": (1, 3),
    "second_quarter": (4, 6),
    "third_quarter": (7, 9),
    "fourth_quarter": (10, 12),
}
# Years of a decade's parts, counted from its first year: "the early 2000s" is 2000-2003, "в
# середине 2010-х" 2014-2016, "1990-жылдардын аягында" 1997-1999, as a year's parts are its
# thirds.
DECADE_PART_YEARS: Final = {
    "early": (0, 3),
    "mid": (4, 6),
    "late": (7, 9),
    "first_half": (0, 4),
    "second_half": (5, 9),
}
_PART_DAYS: Final = {
    "early": (1, 10),
    "mid": (11, 20),
    "late": (21, 31),
    "first_half": (1, 15),
    "second_half": (16, 31),
    # "the first days of May", "в последние дни апреля": the month's early and late days.
    "first_days": (1, 10),
    "last_days": (21, 31),
    # Weeks of a month count from its first day; the last week is its last seven days.
    "first_week": (1, 7),
    "second_week": (8, 14),
    "third_week": (15, 21),
    "fourth_week": (22, 28),
    "last_week": (-6, 31),
}
# A year-less phrase takes the latest matching year not after the reference; looking further back
# than this only matters for 29 February.
_INFERENCE_YEARS: Final = 9


@dataclass(slots=True)
class Point:
    """One end of a date phrase, as far as the words go; the year may still be missing."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    season: str | None = None
    part: str | None = None
    year_marked: bool = False
    standalone: bool = False
    # "the 1990s", "в 1990-х годах", "1990-жылдары": ten years from ``year``.
    decade: bool = False
    # The end of "2021-22", which alone would read as a season or month of 2021.
    coded_end: bool = False

    @property
    def bare_year(self) -> bool:
        return (
            self.year is not None
            and not self.year_marked
            and self.month is None
            and self.season is None
            and self.part is None
        )

    @property
    def bare_period(self) -> bool:
        """A month or season word alone, with no day, year or part."""
        return self.year is None and self.day is None and self.part is None

    def copy(self) -> Point:
        return Point(
            self.year,
            self.month,
            self.day,
            self.season,
            self.part,
            self.year_marked,
            self.standalone,
            self.decade,
            self.coded_end,
        )


def years_only(*points: Point) -> bool:
    """Whether each point is a whole year, without month, season, part or decade."""
    return all(
        point.year is not None
        and point.month is None
        and point.season is None
        and point.part is None
        and not point.decade
        for point in points
    )


def share_ends(first: Point, last: Point) -> bool:
    """Let the two ends of a range lend each other what one leaves out ("7-8 August 2019")."""
    if first.month is None and first.season is None and first.day is not None:
        if last.month is None or last.day is None:
            return False
        first.month = last.month
    if last.month is None and last.season is None and last.day is not None:
        if first.month is None or first.day is None:
            return False
        last.month = first.month
    if first.year is None:
        first.year = last.year
    if last.year is None:
        last.year = first.year
    return True


def _bounds(point: Point) -> tuple[date, date, Precision]:
    year = point.year
    assert year is not None
    if point.decade:
        low, high = DECADE_PART_YEARS[point.part] if point.part is not None else (0, 9)
        return date(year + low, 1, 1), date(year + high, 12, 31), Precision.YEAR
    if point.season is not None:
        first, last = season_bounds(year, point.season)
        return first, last, Precision.SEASON
    if point.month is None:
        if point.part is not None:
            if point.part not in PART_MONTHS:
                raise ValueError(f"a year has no {point.part}")  # "the first week of 2023"
            low, high = PART_MONTHS[point.part]
            return date(year, low, 1), last_day(year, high), Precision.MONTH
        return date(year, 1, 1), date(year, 12, 31), Precision.YEAR
    if point.day is not None:
        day = date(year, point.month, point.day)
        return day, day, Precision.DAY
    end = last_day(year, point.month)
    if point.part is not None:
        if point.part not in _PART_DAYS:
            raise ValueError(f"a month has no {point.part}")  # "the first quarter of May"
        low, high = _PART_DAYS[point.part]
        if low < 1:  # counted back from the month's last day
            low += end.day
        return date(year, point.month, low), end.replace(day=min(high, end.day)), Precision.DAY
    return date(year, point.month, 1), end, Precision.MONTH


def points_span(points: Sequence[Point]) -> tuple[date, date, Precision]:
    start, end, precision = _bounds(points[0])
    if len(points) > 1:
        _, end, other = _bounds(points[1])
        if start > end:
            raise ValueError("range ends before it starts")
        precision = combine(precision, other)
    return start, end, precision


def inferred_span(
    points: Sequence[Point], reference: date, *, forward: bool = False
) -> tuple[date, date, Precision]:
    if forward:
        nearest = _nearest(points, reference)
        if nearest is not None:
            return nearest
    for year in range(reference.year + 1, reference.year - _INFERENCE_YEARS, -1):
        trial = [replace(point, year=year) for point in points]
        try:
            if len(trial) > 1 and _bounds(trial[0])[0] > _bounds(trial[1])[1]:
                # "30 December - 2 January" crosses into the next year.
                trial[0].year = year - 1
            start, end, precision = points_span(trial)
        except (ValueError, OverflowError, KeyError):
            continue
        if start <= reference:
            return start, end, precision
    raise ValueError("no year near the reference fits")


def not_before_told(
    points: Sequence[Point], told: date | None, reading: tuple[date, date, Precision]
) -> tuple[date, date, Precision]:
    """A term or deadline read as the day it ends ("the court ordered custody until 25 March",
    "25-мартка чейин камакта") ends after the day told before it: ``reading`` moved on a year
    when it ends before ``told`` and the next year's does not."""
    if told is None or reading[1] >= told or points[0].year is not None:
        return reading
    later = [replace(point, year=reading[0].year + 1) for point in points]
    try:
        moved = points_span(later)
    except (ValueError, OverflowError, KeyError):
        return reading
    return moved if moved[1] >= told else reading


def _nearest(points: Sequence[Point], reference: date) -> tuple[date, date, Precision] | None:
    """The reading of a year-less phrase nearest to ``reference``, before or after it (a tie goes
    to the earlier one); None when no year around it fits."""
    best: tuple[int, tuple[date, date, Precision]] | None = None
    for year in (reference.year - 1, reference.year, reference.year + 1):
        trial = [replace(point, year=year) for point in points]
        try:
            if len(trial) > 1 and _bounds(trial[0])[0] > _bounds(trial[1])[1]:
                trial[0].year = year - 1
            found = points_span(trial)
        except (ValueError, OverflowError, KeyError):
            continue
        start, end, _ = found
        distance = (
            0
            if start <= reference <= end
            else min(abs((start - reference).days), abs((end - reference).days))
        )
        if best is None or distance < best[0]:
            best = (distance, found)
    return None if best is None else best[1]
