"""Dates as documenters meet them: ranges with a precision, perhaps approximate or missing a year.

A value is an inclusive range of days ``[start, end]``. ``None`` on one side means the source gave
no bound there ("before 2020"); both sides ``None`` is an unknown date. ``precision`` is the unit
the bounds are expressed in: "late 2019" is September-December 2019 at month precision, "early
April 2021" is 1-10 April at day precision. Being approximate ("c. 2019") and having a year taken
from the reference date ("in April", written in a 2023 report) are flags, not precisions, because
either can go with any unit: "about April 2019" is an approximate month. A date can also be the
one the source reported a fact on rather than the day it happened ("as reported on 10 August
2022"): that is the ``reported`` flag, and such a value is never counted as an event date.

The canonical text form (``canonical()``, also accepted by ``parse``) follows the Extended
Date/Time Format of ISO 8601-2: ``2019-08-07/2019-08-08``, ``2019-04``, ``2022-21`` (spring),
``../2019`` (open start), ``2019~`` (approximate), ``2023-04?`` (year inferred), ``XXXX`` (unknown).
EDTF has no mark for a reporting date, so a reported value is written ``reported:2022-08-10``.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from functools import cache
from typing import Final, Literal

from docket.errors import InvalidDate
from docket.model._calendar import (
    SEASON_BY_CODE,
    SEASON_CODE,
    SEASONS,
    Precision,
    aligned,
    combine,
    last_day,
    season_bounds,
    season_ending,
    season_starting,
)
from docket.model._date_phrases import PART_MONTHS, Reading, find_phrases, read_phrase
from docket.model._date_tense import FutureSentences
from docket.model._lexicon import PhraseTable, entries, languages_for, load_lexicon
from docket.model._tokens import quote, tokenize

__all__ = [
    "PART_MONTHS",
    "SEASONS",
    "FutureSentences",
    "Precision",
    "UncertainDate",
    "find_dates",
]


_MONTH_ABBR: Final = ("", *calendar.month_abbr[1:])
_MAX_PHRASE: Final = 200
_ONE_DAY: Final = timedelta(days=1)
_REPORTED_PREFIX: Final = "reported:"


@cache
def _reported_words(language: str | None, section: str) -> PhraseTable[object]:
    languages = languages_for(language)
    return PhraseTable(entries(load_lexicon("dates")[section], languages))


def _reported_rest(text: str, language: str | None) -> str | None:
    """The date phrase inside "as reported on …" (or Kyrgyz "… кабар боюнча"), None if ``text``
    is not worded as a reporting date."""
    tokens = tokenize(text)
    lead = _reported_words(language, "reported").match(tokens, 0)
    if lead is not None and lead[1] < len(tokens):
        return text[tokens[lead[1]].start :]
    after = _reported_words(language, "reported_after")
    # Entries are a few words long, so only the last few tokens can open one.
    for i in range(max(1, len(tokens) - 4), len(tokens)):
        found = after.match(tokens, i)
        if found is not None and found[1] == len(tokens):
            return text[: tokens[i].start]
    return None


def _as_day(value: object) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raise InvalidDate(f"reference must be a date, not {type(value).__name__}")


@dataclass(frozen=True)
class UncertainDate:
    """An inclusive range of days with the precision it is known to.

    ``text`` is the phrase the value was read from; it is provenance, not part of the value, so
    two values read from "7 Aug 2019" and "7 августа 2019 г." are equal.
    """

    start: date | None
    end: date | None
    precision: Precision
    approximate: bool = False
    year_inferred: bool = False
    text: str | None = field(default=None, compare=False)
    # Keyword-only so the positional order older callers rely on (… year_inferred, text) holds.
    reported: bool = field(default=False, kw_only=True)

    def __post_init__(self) -> None:
        if not isinstance(self.precision, Precision):
            raise InvalidDate(f"unknown date precision {self.precision!r}")
        for bound in (self.start, self.end):
            if bound is not None and (not isinstance(bound, date) or isinstance(bound, datetime)):
                raise InvalidDate(f"date bound must be a date, not {type(bound).__name__}")
        if self.precision is Precision.UNKNOWN:
            if self.start is not None or self.end is not None:
                raise InvalidDate("an unknown date cannot have bounds")
            if self.approximate or self.year_inferred:
                raise InvalidDate("an unknown date cannot be approximate or have an inferred year")
            if self.reported:
                raise InvalidDate("an unknown date cannot be a reporting date")
            return
        if self.start is None and self.end is None:
            raise InvalidDate("a date needs at least one bound unless its precision is unknown")
        if self.start is not None and self.end is not None and self.start > self.end:
            raise InvalidDate(f"date range starts after it ends: {self.start} > {self.end}")
        if self.start is not None and not aligned(self.start, self.precision, ending=False):
            raise InvalidDate(f"{self.start} does not start a {self.precision}")
        if self.end is not None and not aligned(self.end, self.precision, ending=True):
            raise InvalidDate(f"{self.end} does not end a {self.precision}")

    # Construction -------------------------------------------------------------------------

    @classmethod
    def on_day(cls, day: date) -> UncertainDate:
        """A single known day."""
        return cls(day, day, Precision.DAY)

    @classmethod
    def in_month(cls, year: int, month: int) -> UncertainDate:
        """Some day of one month."""
        try:
            return cls(date(year, month, 1), last_day(year, month), Precision.MONTH)
        except ValueError as error:
            raise InvalidDate(f"no such month: {year}-{month}") from error

    @classmethod
    def in_year(cls, year: int) -> UncertainDate:
        """Some day of one year."""
        try:
            return cls(date(year, 1, 1), date(year, 12, 31), Precision.YEAR)
        except ValueError as error:
            raise InvalidDate(f"no such year: {year}") from error

    @classmethod
    def as_reported(cls, day: date | UncertainDate) -> UncertainDate:
        """The date a source reported something on, kept apart from when it happened.

        ``day`` is a day or any known value ("as reported in August 2022"); its other flags stay.
        """
        if isinstance(day, UncertainDate):
            if day.precision is Precision.UNKNOWN:
                raise InvalidDate("an unknown date cannot be a reporting date")
            return replace(day, reported=True)
        point = _as_day(day)
        if point is None:
            raise InvalidDate("as_reported() needs a date")
        return cls(point, point, Precision.DAY, reported=True)

    @classmethod
    def unknown(cls) -> UncertainDate:
        """A date nothing is known about."""
        return cls(None, None, Precision.UNKNOWN)

    @classmethod
    def parse(
        cls, text: str, reference: date | None = None, language: str | None = None
    ) -> UncertainDate:
        """Read a date phrase in English, Russian or Kyrgyz, or the canonical form.

        ``reference`` (usually the source's publication date) supplies the year when the phrase
        has none: the latest matching period that starts on or before it. ``language`` ("en",
        "ru", "ky") limits the words recognised; any other value, or None, allows all three.
        Raises InvalidDate when the text is not a date this parser understands.
        """
        if not isinstance(text, str):
            raise InvalidDate("a date must be given as text")
        reference = _as_day(reference)
        stripped = text.strip()
        if not stripped:
            raise InvalidDate("empty date")
        if len(stripped) > _MAX_PHRASE:
            raise InvalidDate(f"date phrase too long ({len(stripped)} characters)")
        canonical = _parse_canonical(stripped)
        if canonical is not None:
            return replace(canonical, text=stripped)
        rest = _reported_rest(stripped, language)
        if rest is not None:
            return replace(cls.as_reported(cls.parse(rest, reference, language)), text=stripped)
        return cls(*read_phrase(stripped, reference, language), text=stripped)

    # Serialisation ------------------------------------------------------------------------

    def canonical(self) -> str:
        """The EDTF-style text that ``parse`` reads back to an equal value."""
        if self.precision is Precision.UNKNOWN:
            return "XXXX"
        mark = {
            (False, False): "",
            (True, False): "~",
            (False, True): "?",
            (True, True): "%",
        }[(self.approximate, self.year_inferred)]
        first = ".." if self.start is None else _edtf(self.start, self.precision, False) + mark
        last = ".." if self.end is None else _edtf(self.end, self.precision, True) + mark
        body = first if first == last else f"{first}/{last}"
        return _REPORTED_PREFIX + body if self.reported else body

    def to_json(self) -> dict[str, object]:
        """A JSON-ready mapping; ``from_json`` reads it back.

        ``reported`` appears only when true, so values stored before the flag existed, and their
        digests, stay byte-for-byte the same.
        """
        data: dict[str, object] = {
            "start": None if self.start is None else self.start.isoformat(),
            "end": None if self.end is None else self.end.isoformat(),
            "precision": self.precision.value,
            "approximate": self.approximate,
            "year_inferred": self.year_inferred,
            "text": self.text,
        }
        if self.reported:
            data["reported"] = True
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> UncertainDate:
        """Rebuild a value from ``to_json`` output; raises InvalidDate on anything else."""
        if not isinstance(data, Mapping):
            raise InvalidDate("a stored date must be a JSON object")
        raw = data.get("precision")
        try:
            precision = Precision(raw if isinstance(raw, str) else "")
        except ValueError as error:
            raise InvalidDate(
                f"stored date has no valid precision: {data.get('precision')!r}"
            ) from error
        flags = [
            data.get("approximate", False),
            data.get("year_inferred", False),
            data.get("reported", False),
        ]
        if not all(isinstance(flag, bool) for flag in flags):
            raise InvalidDate("stored date flags must be true or false")
        text = data.get("text")
        if text is not None and not isinstance(text, str):
            raise InvalidDate("stored date text must be a string")
        return cls(
            _stored_day(data.get("start")),
            _stored_day(data.get("end")),
            precision,
            approximate=bool(flags[0]),
            year_inferred=bool(flags[1]),
            reported=bool(flags[2]),
            text=text,
        )

    # Reading ------------------------------------------------------------------------------

    def __str__(self) -> str:
        if self.precision is Precision.UNKNOWN:
            return "unknown date"
        precision = self.precision
        if self.start is None:
            assert self.end is not None
            if self.end == date.max:
                body = f"until {_unit_label(self.end, precision, ending=True)}"
            else:
                body = f"before {_unit_label(self.end + _ONE_DAY, precision, ending=False)}"
        elif self.end is None:
            body = f"since {_unit_label(self.start, precision, ending=False)}"
        else:
            body = _span_label(self.start, self.end, precision)
        if self.approximate:
            body = f"c. {body}"
        if self.reported:
            body = f"as reported on {body}"
        if self.year_inferred:
            body = f"{body} (year inferred)"
        return body

    def overlaps(self, other: UncertainDate) -> bool:
        """Whether the two values could share a day (an open or unknown side reaches forever)."""
        low = max(self.start or date.min, other.start or date.min)
        high = min(self.end or date.max, other.end or date.max)
        return low <= high

    def contains(self, day: date) -> bool:
        """Whether ``day`` could be the date meant (an open or unknown side reaches forever)."""
        point = _as_day(day)
        if point is None:
            raise InvalidDate("contains() needs a date")
        return (self.start or date.min) <= point <= (self.end or date.max)


def _stored_day(value: object) -> date | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidDate(f"stored date bound must be an ISO date string, not {value!r}")
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise InvalidDate(f"stored date bound is not an ISO date: {quote(value)}") from error


def _edtf(day: date, precision: Precision, ending: bool) -> str:
    if precision is Precision.DAY:
        return day.isoformat()
    if precision is Precision.MONTH:
        return f"{day.year:04d}-{day.month:02d}"
    if precision is Precision.SEASON:
        season, year = season_ending(day) if ending else season_starting(day)
        return f"{year:04d}-{SEASON_CODE[season]}"
    return f"{day.year:04d}"


def _unit_label(day: date, precision: Precision, *, ending: bool) -> str:
    if precision is Precision.DAY:
        return f"{day.day} {_MONTH_ABBR[day.month]} {day.year}"
    if precision is Precision.MONTH:
        return f"{_MONTH_ABBR[day.month]} {day.year}"
    if precision is Precision.SEASON:
        season, year = season_ending(day) if ending else season_starting(day)
        return f"{season} {year}"
    return str(day.year)


def _span_label(start: date, end: date, precision: Precision) -> str:
    first = _unit_label(start, precision, ending=False)
    last = _unit_label(end, precision, ending=True)
    if first == last:
        return first
    if precision is Precision.DAY and start.year == end.year:
        if start.month == end.month:
            return f"{start.day}–{last}"
        return f"{start.day} {_MONTH_ABBR[start.month]} – {last}"
    if precision is Precision.MONTH and start.year == end.year:
        return f"{_MONTH_ABBR[start.month]}–{last}"
    if precision is Precision.SEASON:
        season, year = season_starting(start)
        if year == season_ending(end)[1]:
            return f"{season}–{last}"
    if precision is Precision.YEAR:
        return f"{first}–{last}"
    return f"{first} – {last}"


# Canonical (EDTF) form -----------------------------------------------------------------------

_EDTF_BOUND: Final = re.compile(
    r"(?P<year>[0-9]{4})(?:-(?P<month>[0-9]{2})(?:-(?P<day>[0-9]{2}))?)?(?P<mark>[~?%])?"
)


def _parse_canonical(text: str) -> UncertainDate | None:
    """The value of an EDTF-style string, None if ``text`` is not one."""
    if text.startswith(_REPORTED_PREFIX):
        value = _parse_canonical(text[len(_REPORTED_PREFIX) :])
        return None if value is None else UncertainDate.as_reported(value)
    if text == "XXXX":
        return UncertainDate.unknown()
    sides = text.split("/")
    if len(sides) > 2 or not all(side == ".." or _EDTF_BOUND.fullmatch(side) for side in sides):
        return None
    if all(side == ".." for side in sides):
        raise InvalidDate("an interval needs at least one known end")
    bounds = [None if side == ".." else _edtf_bound(side) for side in sides]
    first, last = bounds[0], bounds[-1]
    precisions = [bound[2] for bound in bounds if bound is not None]
    precision = precisions[0] if len(precisions) == 1 else combine(precisions[0], precisions[1])
    marks = "".join(bound[3] for bound in bounds if bound is not None)
    return UncertainDate(
        None if first is None else first[0],
        None if last is None else last[1],
        precision,
        approximate=any(mark in "~%" for mark in marks),
        year_inferred=any(mark in "?%" for mark in marks),
    )


def _edtf_bound(text: str) -> tuple[date, date, Precision, str]:
    match = _EDTF_BOUND.fullmatch(text)
    assert match is not None
    year = int(match["year"])
    month = None if match["month"] is None else int(match["month"])
    mark = match["mark"] or ""
    try:
        if month is None:
            return date(year, 1, 1), date(year, 12, 31), Precision.YEAR, mark
        if month in SEASON_BY_CODE and match["day"] is None:
            first, last = season_bounds(year, SEASON_BY_CODE[month])
            return first, last, Precision.SEASON, mark
        if match["day"] is None:
            return date(year, month, 1), last_day(year, month), Precision.MONTH, mark
        day = date(year, month, int(match["day"]))
        return day, day, Precision.DAY, mark
    except (ValueError, OverflowError, calendar.IllegalMonthError) as error:
        raise InvalidDate(f"not a valid date: {quote(text)}") from error


def find_dates(
    text: str,
    reference: date | None = None,
    language: str | None = None,
    *,
    since: Literal["open", "start"] = "open",
    until: Literal["open", "end"] = "open",
) -> list[tuple[int, int, UncertainDate]]:
    """Date phrases in running text as ``(start, end, value)`` with ``text[start:end]`` the phrase.

    Phrases without a year are found only when ``reference`` is given. Matches do not overlap
    and come in text order. Time is linear in the length of the text.

    ``since`` says how "since January", "с августа 2023 года", "2019-жылдан бери" are read:
    "open" (as ``parse`` does) is a range from the start of that period with no end; "start" is
    the period itself, when a state that still holds began: the date of a detention that goes on
    "since January" is January. The phrase's words keep the "since" either way.

    ``until`` does the same for a bound at the end: "until 10 June", "до 1 июня", "10-июнга
    чейин" are "open" ranges ending there, or with "end" the day named, when what is told (a term
    of custody, a deadline) ends.
    """
    if since not in ("open", "start"):
        raise InvalidDate(f"since must be 'open' or 'start', not {quote(since)}")
    if until not in ("open", "end"):
        raise InvalidDate(f"until must be 'open' or 'end', not {quote(until)}")

    def build(reading: Reading, phrase: str) -> UncertainDate:
        return UncertainDate(*reading, text=phrase)

    return find_phrases(
        text,
        _as_day(reference),
        language,
        build,
        since_open=since == "open",
        until_open=until == "open",
    )
