"""Dates a text gives relative to its own date or to the date it just named.

"on Monday", "вчера", "дүйшөмбү күнү" count from the document's date, and so do weeks ("last
week", "на прошлой неделе", "өткөн жумада": Monday to Sunday); "the next day",
"накануне", "ошол эле күнү" from the last day the text named before them; "in recent months",
"до конца года", "кийинки жылдын башында" are stretches of months around the document's date;
"that same month", "в том же году", "ошол эле жылдын аягында" the month or year of the date read
last before them, or its part.
The words are data (``vocabulary/relative_dates.yaml``). A phrase is only resolved to a day when
its anchor is a known day: the last day named before it, a month or season named since passing as
background; a relative phrase after only "in April" stays unresolved rather than guessed.
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Any, Final

import yaml

from docket.extract.dated_names import names_a_place
from docket.extract.month_days import month_days
from docket.extract.narrative_years import in_the_story_year
from docket.extract.spans import Spans
from docket.model._calendar import last_day, season_bounds, years_on
from docket.model.dates import (
    PART_MONTHS,
    FutureSentences,
    Precision,
    UncertainDate,
    find_dates,
)

__all__ = ["RelativeDate", "dates_in", "find_relative_dates"]

_VOCABULARY: Final = "vocabulary/relative_dates.yaml"
_WORD: Final = re.compile(r"\w+")
_ARTICLE_BEFORE: Final = re.compile(r"(?<!\w)the[ \t\u00a0]+\Z", re.IGNORECASE)
_NEXT_WORD: Final = re.compile(r"[ \t\u00a0]+(\w+)")
# What may part a weekday from the date of its day: "Friday, 3 May", "3 May (Friday)".
_BESIDE: Final = re.compile(r"[ \t\u00a0]*[,(–—-]?[ \t\u00a0]*")
_BESIDE_REACH: Final = 16
# "in the last two days of March" are days of March, not the days before the document's date.
_OF_AFTER: Final = re.compile(r"\s+of\b", re.IGNORECASE)
# Weekdays (0 is Monday) of a week's parts: "в конце прошлой недели" is its Friday to Sunday.
_WEEK_PART_DAYS: Final = {"early": (0, 2), "mid": (1, 3), "late": (4, 6)}
# How many periods "recent" ones are: "in recent weeks" as "in recent months" (three before).
_RECENT: Final = 3


@dataclass(frozen=True)
class RelativeDate:
    """A phrase at ``[start, end)`` and the day it names."""

    start: int
    end: int
    value: UncertainDate


@dataclass(frozen=True)
class _Patterns:
    weekday: _Finder | None
    weekday_numbers: dict[str, int]
    from_document: _Finder | None
    document_offsets: dict[str, int]
    from_previous: _Finder | None
    previous_offsets: dict[str, int]
    months: _Finder | None
    month_bounds: dict[str, tuple[str, str, str, str | None]]
    weeks: _Finder | None
    week_offsets: dict[str, tuple[int, bool, str | None]]
    seasons: _Finder | None
    season_names: dict[str, tuple[str, bool]]
    months_later: _Finder | None
    month_offsets: dict[str, int]
    months_ago: _Finder | None
    months_back: dict[str, int]
    stretches: _Finder | None
    stretch_offsets: dict[str, tuple[int, int]]
    nights: _Finder | None
    night_days: tuple[dict[str, int], dict[str, int]]
    same: _Finder | None
    same_periods: dict[str, _SamePeriod]
    # "over the past three months", "за последние две недели": (unit, how many) up to the
    # document's date.
    past: _Finder | None
    past_spans: dict[str, tuple[str, int]]
    year_of_after: _Finder | None
    year_of_before: _Finder | None
    # Words before a weekday that put it strictly in the past ("last", "в прошлую", "өткөн").
    weekday_past: tuple[str, ...]
    # A week named right after a weekday ("on Monday last week") or right before it ("өткөн
    # жуманын шаршемби күнү"), and the weeks from the document's each names.
    week_after: re.Pattern[str] | None
    week_before: re.Pattern[str] | None
    weekday_week_offsets: dict[str, int]


@dataclass(frozen=True)
class _SamePeriod:
    """A month or year named by the date read before it, or a part of that period."""

    unit: str
    part: str | None
    or_document: bool
    # Periods after it ("the following month": 1), as "that same month" is 0.
    offset: int = 0


def _words(phrase: str) -> str:
    return r"\s+".join(re.escape(word) for word in phrase.casefold().split())


def _ordered(phrases: Iterable[str]) -> list[str]:
    return sorted({" ".join(p.casefold().split()) for p in phrases}, key=len, reverse=True)


def _alternatives(phrases: Iterable[str]) -> str:
    return "|".join(_words(phrase) for phrase in _ordered(phrases))


def _offsets(entries: dict[Any, list[str]]) -> dict[str, int]:
    return {" ".join(p.casefold().split()): int(days) for days, ps in entries.items() for p in ps}


@dataclass(frozen=True)
class _Finder:
    """A pattern of phrases and the first words they may open with: it is tried only where a
    word of the text is one of them, so each kind of phrase costs a set look-up per word rather
    than a scan of the whole text."""

    pattern: re.Pattern[str]
    starts: frozenset[str]
    # For plain phrases, by their first word and the word after it, the pattern (its body) of
    # the phrases that can stand there, in the whole pattern's order ("" after the first word:
    # of those that have no second word): a pattern of thousands of phrases costs far more to
    # try than one of the few that can match. Each is compiled when first tried.
    opened: Mapping[str, Mapping[str, str]] = field(default_factory=dict, compare=False)

    def finditer(self, text: str, words: Sequence[tuple[int, str]]) -> Iterator[re.Match[str]]:
        reached = 0
        for index, (start, word) in enumerate(words):
            if start < reached or word not in self.starts:
                continue
            pattern = self.pattern
            after = self.opened.get(word)
            if after is not None:
                following = _loose(words[index + 1][1]) if index + 1 < len(words) else ""
                chosen = after.get(following) or after.get("")
                if chosen is None:
                    continue
                pattern = _bounded_pattern(chosen)
            match = pattern.match(text, start)
            if match is not None:
                reached = match.end()
                yield match


def _first_words(phrases: Iterable[str]) -> frozenset[str]:
    return frozenset(
        found.group() for phrase in phrases if (found := _WORD.match(phrase.casefold()))
    )


def _loose(word: str) -> str:
    """A case-folded word with the Turkish dotted and dotless i as "i": the patterns' ignoring
    of case takes "İ" and "ı" for "i", which case folding keeps apart."""
    return word.replace("i\u0307", "i").replace("ı", "i")


@cache
def _bounded_pattern(body: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)


def _bounded(body: str, starts: Iterable[str]) -> _Finder:
    return _Finder(_bounded_pattern(body), _first_words(starts))


def _phrases(phrases: Iterable[str]) -> _Finder:
    listed = list(phrases)
    ordered = _ordered(listed)
    finder = _bounded("|".join(_words(phrase) for phrase in ordered), listed)
    # A phrase matches only where the text's word (a run of letters and digits) is the
    # phrase's own first one and the text's next word its second one, if it has one: a longer
    # or shorter run meets a letter where the phrase has a space, a mark or its end.
    runs = {phrase: _WORD.findall(phrase)[:2] for phrase in ordered}
    by_first: dict[str, list[str]] = {}
    for phrase in ordered:
        first = _WORD.match(phrase)
        if first is not None and first.group() in finder.starts:
            by_first.setdefault(first.group(), []).append(phrase)
    opened: dict[str, dict[str, str]] = {}
    for opening, bucket in by_first.items():
        seconds = {_loose(runs[phrase][1]) for phrase in bucket if len(runs[phrase]) > 1}
        opened[opening] = {}
        for second in [*seconds, ""]:
            chosen = [p for p in bucket if len(runs[p]) == 1 or _loose(runs[p][1]) == second]
            if chosen:
                opened[opening][second] = "|".join(_words(p) for p in chosen)
    return replace(finder, opened=opened)


@cache
def _vocabulary() -> dict[str, Any]:
    text = resources.files("docket.extract").joinpath(_VOCABULARY).read_text(encoding="utf-8")
    loaded: dict[str, Any] = yaml.safe_load(text)
    return loaded


@cache
def _patterns(language: str) -> _Patterns:
    data = _vocabulary()
    weekdays: dict[int, list[str]] = data["weekdays"].get(language) or {}
    numbers = {name.casefold(): int(day) for day, names in weekdays.items() for name in names}
    weekday = None
    if numbers:
        before = _alternatives(data["weekday_before"].get(language) or [])
        after_words = data["weekday_after"].get(language) or []
        after = _alternatives(after_words)
        core = rf"(?P<day>{_alternatives(numbers)})"
        if language == "ky":
            # Kyrgyz weekdays need a word for "day" after them or the locative ending (see the
            # vocabulary): "дүйшөмбү күнү", "дүйшөмбүдө".
            located = {
                form.casefold(): int(day)
                for day, forms in (data.get("kyrgyz_weekday_locatives") or {}).items()
                for form in forms
            }
            named = rf"{core}\s+(?:{_alternatives(data['kyrgyz_day_words'])})"
            if located:
                named = rf"(?:{named}|(?P<located>{_alternatives(located)}))"
                numbers |= located
            body = rf"(?:(?:{before})\s+)?{named}"
        else:
            body = rf"(?:(?:{before})\s+)?{core}" + (rf"(?:\s+(?:{after}))?" if after else "")
        weekday = _bounded(body, [*(data["weekday_before"].get(language) or []), *numbers])
    counted = _counted(data, language)
    document = _merged(data["from_document"].get(language) or {}, counted["days_ago"])
    previous = _merged(data["from_previous"].get(language) or {}, counted["days"])
    month_bounds = {
        _key(phrase): (
            str(stretch["from"]),
            str(stretch["to"]),
            str(stretch.get("precision", "day" if "part" in stretch else "month")),
            None if stretch.get("part") is None else str(stretch["part"]),
        )
        for stretch in data.get("months_from_document") or []
        for phrase in stretch.get(language) or []
    }
    week_offsets = {
        _key(phrase): (
            int(stretch["weeks"]),
            bool(stretch.get("weekend", False)),
            None if stretch.get("part") is None else str(stretch["part"]),
        )
        for stretch in data.get("weeks_from_document") or []
        for phrase in stretch.get(language) or []
    }
    season_names = {
        _key(phrase): (str(named["season"]), bool(named.get("last", False)))
        for named in data.get("seasons_from_document") or []
        for phrase in named.get(language) or []
    }
    month_offsets = {
        _key(phrase): int(months)
        for months, phrases in (data.get("months_from_previous") or {}).items()
        for phrase in phrases.get(language) or []
    } | {
        _key(phrase): months for months, phrases in counted["months"].items() for phrase in phrases
    }
    months_back = {
        _key(phrase): -int(months)
        for months, phrases in (data.get("months_ago") or {}).items()
        for phrase in phrases.get(language) or []
    } | {_key(phrase): months for months, phrases in counted["ago"].items() for phrase in phrases}
    stretch_offsets = {
        _key(phrase): (int(stretch["from"]), int(stretch["to"]))
        for stretch in data.get("days_from_previous") or []
        for phrase in stretch.get(language) or []
    }
    nights, night_days = _nights(data.get("weekday_nights", {}).get(language))
    same_periods = {
        _key(phrase): _SamePeriod(
            str(period["unit"]),
            None if period.get("part") is None else str(period["part"]),
            bool(period.get("or_document", False)),
            int(period.get("offset", 0)),
        )
        for period in data.get("same_period") or []
        for phrase in period.get(language) or []
    }
    past_spans = _past_spans(counted)
    year_of_after, year_of_before = (
        _phrases(phrases) if (phrases := data["same_year_of"][side].get(language)) else None
        for side in ("after", "before")
    )
    return _Patterns(
        weekday,
        numbers,
        _phrases(p for ps in document.values() for p in ps) if document else None,
        _offsets(document),
        _phrases(p for ps in previous.values() for p in ps) if previous else None,
        _offsets(previous),
        _phrases(month_bounds) if month_bounds else None,
        month_bounds,
        _phrases(week_offsets) if week_offsets else None,
        week_offsets,
        _phrases(season_names) if season_names else None,
        season_names,
        _phrases(month_offsets) if month_offsets else None,
        month_offsets,
        _phrases(months_back) if months_back else None,
        months_back,
        _phrases(stretch_offsets) if stretch_offsets else None,
        stretch_offsets,
        nights,
        night_days,
        _phrases(same_periods) if same_periods else None,
        same_periods,
        _phrases(past_spans) if past_spans else None,
        past_spans,
        year_of_after,
        year_of_before,
        tuple(_key(word) for word in data["weekday_past"].get(language) or []),
        *_weekday_weeks(data, language),
    )


def _weekday_weeks(
    data: dict[str, Any], language: str
) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None, dict[str, int]]:
    """The patterns of a week named after and before a weekday, and each wording's weeks."""
    named = data.get("weekday_weeks") or {}
    offsets: dict[str, int] = {}
    patterns: list[re.Pattern[str] | None] = []
    for side in ("after", "before"):
        by_offset = (named.get(side) or {}).get(language) or {}
        phrases = [phrase for listed in by_offset.values() for phrase in listed]
        offsets |= {_key(p): int(weeks) for weeks, listed in by_offset.items() for p in listed}
        if not phrases:
            patterns.append(None)
        elif side == "after":
            patterns.append(
                re.compile(rf"[ \t]*,?[ \t]+({_alternatives(phrases)})(?!\w)", re.IGNORECASE)
            )
        else:
            patterns.append(
                re.compile(rf"(?<!\w)({_alternatives(phrases)})[ \t]+\Z", re.IGNORECASE)
            )
    return patterns[0], patterns[1], offsets


def _merged(listed: dict[Any, list[str]], counted: dict[int, list[str]]) -> dict[int, list[str]]:
    merged = {int(offset): list(phrases) for offset, phrases in listed.items()}
    for offset, phrases in counted.items():
        merged.setdefault(offset, []).extend(phrases)
    return merged


def _counted(data: dict[str, Any], language: str) -> dict[str, dict[int, list[str]]]:
    """The wordings of ``counted`` for each number it lists and each number in digits: "days"
    and "months" counted from the day named last (negative: back), "ago", months counted back
    from the document's date (negative), and "days_ago", days counted back from it."""
    counted = data.get("counted") or {}
    numbers: dict[int, list[str]] = {
        int(n): list(words) for n, words in (counted.get("numbers", {}).get(language) or {}).items()
    }
    low, high = counted.get("digits") or (0, -1)
    for n in range(int(low), int(high) + 1):
        numbers.setdefault(n, []).append(str(n))
    found: dict[str, dict[int, list[str]]] = {"days": {}, "months": {}, "ago": {}, "days_ago": {}}
    for unit in counted.get("units") or []:
        kind = "days" if "days" in unit else "months"
        size = int(unit[kind])
        wordings = unit.get(language) or {}
        # The past periods up to the document's date, by unit: "past:7" is weeks.
        past = found.setdefault(f"past:{kind}:{size}", {})
        for n, words in numbers.items():
            past.setdefault(n, []).extend(
                wording.replace("{n}", word)
                for wording in wordings.get("past") or []
                for word in words
            )
        past.setdefault(_RECENT, []).extend(wordings.get("recent") or [])
        for side, sign, into in (
            ("later", 1, kind),
            ("earlier", -1, kind),
            # Days and weeks ago are days back from the document's date, months and years months.
            ("ago", -1, "days_ago" if kind == "days" else "ago"),
        ):
            for n, words in numbers.items():
                found[into].setdefault(sign * n * size, []).extend(
                    wording.replace("{n}", word)
                    for wording in wordings.get(side) or []
                    for word in words
                )
    return found


def _past_spans(counted: dict[str, dict[int, list[str]]]) -> dict[str, tuple[str, int]]:
    """Each wording of a past period and its (unit, number): "за последние две недели" is
    ("week", 2)."""
    units = {"days:1": "day", "days:7": "week", "months:1": "month", "months:12": "year"}
    return {
        _key(phrase): (units[key.split(":", 1)[1]], n)
        for key, by_number in counted.items()
        if key.startswith("past:") and key.split(":", 1)[1] in units
        for n, phrases in by_number.items()
        for phrase in phrases
    }


def _past(unit: str, n: int, document_date: date) -> UncertainDate:
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


def _nights(
    words: dict[str, Any] | None,
) -> tuple[_Finder | None, tuple[dict[str, int], dict[str, int]]]:
    """The pattern of "the night of Saturday to Sunday" in one language, and the weekday
    numbers of the forms its two days take."""
    if not words:
        return None, ({}, {})
    first, second = (
        {_key(name): int(day) for day, names in words[end].items() for name in names}
        for end in ("first", "second")
    )
    body = rf"(?P<first>{_alternatives(first)})\s+"
    if words["opener"]:
        body = rf"(?:{_alternatives(words['opener'])})\s+" + body
    if words["joiner"]:
        body += rf"(?:{_alternatives(words['joiner'])})\s+"
    body += rf"(?P<second>{_alternatives(second)})"
    if words["closer"]:
        body += rf"\s+(?:{_alternatives(words['closer'])})"
    return _bounded(body, words["opener"] or first), (first, second)


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


def _months_around(bounds: tuple[str, str, str, str | None], document_date: date) -> UncertainDate:
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


def _within(value: UncertainDate, unit: str) -> tuple[int, int] | None:
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


def _same_period(
    period: _SamePeriod, anchor: UncertainDate | None, document_date: date | None
) -> UncertainDate | None:
    """The month or year of ``anchor`` (or its part) that "that same month" names; with no
    anchor, the document's year for a phrase that may mean it."""
    found = None if anchor is None else _within(anchor, period.unit)
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


class _Timeline:
    """Dates read, to find the one read last before an offset by bisection: a text with many
    dates and many "that same year" stays linear."""

    def __init__(self, dates: Iterable[tuple[int, int, UncertainDate]]) -> None:
        # Dates do not overlap, so ordered by their ends they are in text order.
        self.dates = sorted(
            (found for found in dates if found[2].precision is not Precision.UNKNOWN),
            key=lambda found: (found[1], found[0]),
        )
        self.ends = [end for _, end, _ in self.dates]

    def last_before(self, offset: int) -> tuple[int, int, UncertainDate] | None:
        """The last date that ends by ``offset``."""
        index = bisect_right(self.ends, offset)
        return self.dates[index - 1] if index else None

    def first_from(self, offset: int) -> tuple[int, int, UncertainDate] | None:
        """The first date that ends after ``offset``."""
        index = bisect_left(self.ends, offset + 1)
        return self.dates[index] if index < len(self.dates) else None


def _in_year(value: UncertainDate, year: int) -> UncertainDate | None:
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


def _of_the_same_year(
    text: str,
    patterns: _Patterns,
    words: Sequence[tuple[int, str]],
    known: _Timeline,
) -> list[tuple[int, int, UncertainDate]]:
    """Dates without a year beside "of the same year", "того же года", "ошол эле жылдын", with
    the year of the date read before them and the words in their phrase."""
    joined: list[tuple[int, int, UncertainDate]] = []
    for side, pattern in (("after", patterns.year_of_after), ("before", patterns.year_of_before)):
        if pattern is None:
            continue
        for match in pattern.finditer(text, words):
            if side == "after":
                beside = known.last_before(match.start())
                between = "" if beside is None else text[beside[1] : match.start()]
            else:
                beside = known.first_from(match.end())
                if beside is not None and beside[0] < match.end():
                    continue
                between = "" if beside is None else text[match.end() : beside[0]]
            if beside is None or between.strip() or not beside[2].year_inferred:
                continue
            span = (beside[0], match.end()) if side == "after" else (match.start(), beside[1])
            anchor = known.last_before(span[0])
            year = None if anchor is None else _within(anchor[2], "year")
            moved = None if anchor is None or year is None else _in_year(beside[2], year[0])
            if anchor is not None and moved is not None:
                inferred, phrase = anchor[2].year_inferred, text[slice(*span)]
                joined.append((*span, replace(moved, year_inferred=inferred, text=phrase)))
    return joined


def _season(season: str, last: bool, document_date: date) -> UncertainDate:
    """ "last summer": the latest summer over before the document's date; "this summer": the one
    the document's date falls in, else the one of its year."""
    year = document_date.year + 1
    first, end = season_bounds(year, season)
    while (end >= document_date) if last else (first > document_date and year > document_date.year):
        year -= 1
        first, end = season_bounds(year, season)
    return UncertainDate(first, end, Precision.SEASON)


def _months_on(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    return date(year, month, min(day.day, last_day(year, month).day))


def _week(offset: int, weekend: bool, part: str | None, document_date: date) -> UncertainDate:
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


@dataclass(frozen=True)
class _DayBefore:
    """What may follow "накануне" when it names the day before (vocabulary "day_before")."""

    words: frozenset[str]
    endings: tuple[str, ...]


@cache
def _day_before() -> _DayBefore:
    data = _vocabulary()["day_before"]
    return _DayBefore(
        frozenset(word.casefold() for word in (*data["followers"], *data["subjects"])),
        tuple(ending.casefold() for ending in (*data["verb_endings"], *data["subject_endings"])),
    )


def _eve_of(text: str, end: int) -> bool:
    """Whether "накануне" ending at ``end`` is "on the eve of" the noun after it ("накануне
    выборов"), which names no day, rather than "the day before" ("накануне он был задержан",
    "Накануне следователь звонил ему")."""
    following = _NEXT_WORD.match(text, end)
    if following is None:
        return False
    word = following.group(1).casefold()
    known = _day_before()
    return word not in known.words and not word.endswith(known.endings)


def _names_a_known_day(
    text: str, start: int, end: int, known: Sequence[tuple[int, int, UncertainDate]]
) -> bool:
    """Whether the weekday at ``[start, end)`` stands beside a date that names its day ("on
    Friday, 3 May", "3 мая (пятница)", "3-майында, жума күнү"): the date says which Friday."""
    for first, last, value in known:
        if value.precision is not Precision.DAY:
            continue
        # Only a date a few characters away can stand beside it; slicing the text up to every
        # date would cost the text's length for each weekday.
        if not (0 <= first - end <= _BESIDE_REACH or 0 <= start - last <= _BESIDE_REACH):
            continue
        between = text[end:first] if first >= end else text[last:start]
        if _BESIDE.fullmatch(between):
            return True
    return False


def _week_beside(
    text: str, start: int, end: int, patterns: _Patterns
) -> tuple[int, int, int] | None:
    """The span of a weekday at ``[start, end)`` with the week named beside it, and that week's
    offset from the document's; None when no week is named there."""
    if patterns.week_after is not None:
        after = patterns.week_after.match(text, end)
        if after is not None:
            return start, after.end(), patterns.weekday_week_offsets[_key(after.group(1))]
    if patterns.week_before is not None:
        before = patterns.week_before.search(text, max(0, start - 40), start)
        if before is not None:
            return before.start(), end, patterns.weekday_week_offsets[_key(before.group(1))]
    return None


def _held(spans: Spans, start: int, end: int) -> bool:
    """Whether one of ``spans`` holds ``start``..``end`` whole."""
    return any(s <= start and end <= e for s, e in spans.overlapping(start, end))


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def _known_day(value: UncertainDate) -> bool:
    return value.precision is Precision.DAY and value.end is not None and not value.approximate


class _DaysTold:
    """The dates read, asked for the day named last before an offset, at offsets that never go
    back (relative phrases are resolved in text order): each date is looked at once, however
    many phrases count from one."""

    def __init__(self, known: Iterable[tuple[int, int, UncertainDate]]) -> None:
        self._waiting: list[tuple[int, int, int, UncertainDate]] = []
        self._latest: tuple[int, UncertainDate] | None = None
        self._first_end: int | None = None
        for start, end, value in known:
            self.add(start, end, value)

    def add(self, start: int, end: int, value: UncertainDate) -> None:
        self._first_end = end if self._first_end is None else min(self._first_end, end)
        if _known_day(value):
            heapq.heappush(self._waiting, (end, len(self._waiting), start, value))

    def any_before(self, offset: int) -> bool:
        """Whether any date read ends by ``offset``."""
        return self._first_end is not None and self._first_end <= offset

    def last_before(self, before: int) -> date | None:
        """The day named last before offset ``before``, passing over months, seasons and years
        named after it: those set the scene ("in November the site was blocked twice"), while
        "the next day" goes on from the day the story is told of. None when no known day was
        named."""
        while self._waiting and self._waiting[0][0] <= before:
            _, _, start, value = heapq.heappop(self._waiting)
            if self._latest is None or start > self._latest[0]:
                self._latest = (start, value)
        return None if self._latest is None else self._latest[1].end


def find_relative_dates(
    text: str,
    language: str | None,
    document_date: date | None,
    known: Sequence[tuple[int, int, UncertainDate]] = (),
) -> list[RelativeDate]:
    """Relative day phrases in ``text`` not overlapping ``known`` dates, each resolved to a day.

    ``known`` are the dates already found (start, end, value); a "next day" counts from the one
    named last before it, or from ``document_date`` when none was. A known date without a year
    beside "of the same year" ("5 мая того же года") comes back as a phrase that holds it, with
    the year of the date before it: that phrase replaces the known date.
    """
    if language is None or language not in _vocabulary()["weekdays"]:
        return []
    patterns = _patterns(language)
    words = [(word.start(), word.group().casefold()) for word in _WORD.finditer(text)]
    of_the_same_year = _of_the_same_year(text, patterns, words, _Timeline(known))
    if of_the_same_year:
        # The date with its year in place of the one it had from the document's date.
        holding = Spans((start, end) for start, end, _ in of_the_same_year)
        known = sorted(
            [
                *of_the_same_year,
                *(found for found in known if not _held(holding, found[0], found[1])),
            ],
            key=lambda found: found[0],
        )
    taken = Spans((start, end) for start, end, _ in known)
    timeline = _Timeline(known)
    found: list[tuple[int, int, str, str]] = []
    for kind, pattern in (
        ("night", patterns.nights),
        ("weekday", patterns.weekday),
        ("document", patterns.from_document),
        ("previous", patterns.from_previous),
        ("months", patterns.months),
        ("weeks", patterns.weeks),
        ("seasons", patterns.seasons),
        ("months_later", patterns.months_later),
        ("months_ago", patterns.months_ago),
        ("stretch", patterns.stretches),
        ("same", patterns.same),
        ("past", patterns.past),
    ):
        if pattern is None:
            continue
        for match in pattern.finditer(text, words):
            start, end = match.span()
            # "прошлым летом" holds the parser's "летом", "өткөн декабрда" its "декабрда": the
            # words around it say which summer or December.
            within = kind in ("seasons", "months")
            if any(
                not (within and start <= s and e <= end) for s, e in taken.overlapping(start, end)
            ):
                continue
            if kind == "previous" and _key(match.group()) == "накануне" and _eve_of(text, end):
                continue
            if kind == "weekday" and _names_a_known_day(text, start, end, known):
                continue
            if kind in ("weeks", "months") and _ARTICLE_BEFORE.search(
                text, max(0, start - 8), start
            ):
                # "the next week", "the last month": the week after a day told, the past weeks.
                continue
            key = match.group()
            if kind == "weekday":
                # The weekday itself, named before a word for "day" or in the locative.
                key = match.group("day") or match.group("located")
            if kind == "night":
                first, second = (
                    patterns.night_days[n][_key(match.group(g))]
                    for n, g in ((0, "first"), (1, "second"))
                )
                if (second - first) % 7 != 1:
                    continue
                key = str(second)
            told = kind
            if kind == "weekday" and _key(match.group()).startswith(
                tuple(f"{word} " for word in patterns.weekday_past)
            ):
                told = "past_weekday"
            if kind == "weekday":
                # "On Monday last week", "өткөн жуманын шаршемби күнү": that week's Monday.
                beside = _week_beside(text, start, end, patterns)
                if beside is not None:
                    start, end, weeks = beside
                    told, key = "week_weekday", f"{weeks}:{patterns.weekday_numbers[_key(key)]}"
                    found.append((start, end, told, key))
                    taken.add(start, end)
                    continue
            found.append((start, end, told, _key(key)))
            taken.add(start, end)
    found.sort()
    resolved: list[RelativeDate] = []
    anchors = _DaysTold(known)
    future = _FutureClauses(text, language)
    for start, end, kind, key in found:
        if kind == "same":
            # Any date read before, whatever its precision: "that same year" may follow a year.
            # Relative phrases are resolved in text order, so the last one is the latest.
            read_last = timeline.last_before(start)
            named = None if read_last is None else read_last[2]
            if resolved and (read_last is None or resolved[-1].start > read_last[0]):
                named = resolved[-1].value
            told_period = patterns.same_periods[key]
            if named is None and told_period.offset > 0 and future(start, end):
                # "На следующей неделе суд рассмотрит жалобу" with no date before: the week or
                # month after the document's, as "next week" is.
                told_period = replace(told_period, or_document=True)
            period = _same_period(told_period, named, document_date)
            if period is not None:
                resolved.append(RelativeDate(start, end, replace(period, text=text[start:end])))
            continue
        if kind == "months":
            if document_date is not None:
                stretch = _months_around(patterns.month_bounds[key], document_date)
                resolved.append(RelativeDate(start, end, replace(stretch, text=text[start:end])))
            continue
        if kind == "past":
            if document_date is not None and not _OF_AFTER.match(text, end):
                stretch = _past(*patterns.past_spans[key], document_date)
                resolved.append(RelativeDate(start, end, replace(stretch, text=text[start:end])))
            continue
        if kind == "weeks":
            if document_date is not None:
                week = _week(*patterns.week_offsets[key], document_date)
                resolved.append(RelativeDate(start, end, replace(week, text=text[start:end])))
            continue
        if kind == "stretch":
            # "в первые сутки": the first days after the day named last, which it needs.
            anchor = anchors.last_before(start)
            if anchor is not None:
                first, last = patterns.stretch_offsets[key]
                stretch = UncertainDate(
                    anchor + timedelta(days=first),
                    anchor + timedelta(days=last),
                    Precision.DAY,
                    text=text[start:end],
                )
                resolved.append(RelativeDate(start, end, stretch))
            continue
        if kind == "seasons":
            if document_date is not None:
                season = _season(*patterns.season_names[key], document_date)
                resolved.append(RelativeDate(start, end, replace(season, text=text[start:end])))
            continue
        if kind == "night":
            # Both days of the night that ends on the latest such second day.
            if document_date is not None:
                back = (document_date.weekday() - int(key)) % 7
                morning = document_date - timedelta(days=back)
                night = UncertainDate(
                    morning - timedelta(days=1), morning, Precision.DAY, text=text[start:end]
                )
                resolved.append(RelativeDate(start, end, night))
                anchors.add(start, end, night)
            continue
        day: date | None = None
        if kind == "week_weekday" and document_date is not None:
            weeks, weekday = (int(part) for part in key.split(":"))
            day = document_date - timedelta(days=document_date.weekday(), weeks=-weeks)
            day += timedelta(days=weekday)
        elif kind == "weekday" and document_date is not None and future(start, end):
            # "The hearing will take place on Thursday", "Суд рассмотрит жалобу в понедельник":
            # the coming such day, as a day without a year in such a clause may be after the
            # document's date.
            ahead = (patterns.weekday_numbers[key] - document_date.weekday()) % 7
            day = document_date + timedelta(days=ahead)
        elif kind in ("weekday", "past_weekday") and document_date is not None:
            back = (document_date.weekday() - patterns.weekday_numbers[key]) % 7
            if back == 0 and kind == "past_weekday":
                # "Last Wednesday" on a Wednesday is the one a week before.
                back = 7
            day = document_date - timedelta(days=back)
        elif kind == "document" and document_date is not None:
            day = document_date + timedelta(days=patterns.document_offsets[key])
        elif kind == "months_ago" and document_date is not None:
            day = _months_on(document_date, patterns.months_back[key])
        elif kind in ("previous", "months_later"):
            anchor = anchors.last_before(start)
            # A report's "the next day" may go on from its own date; "a month later" with no day
            # named before it counts from an event it names after ("a month after the rally"),
            # while a month back with none before ("бир ай мурун", "эки ай мурун": Kyrgyz says
            # "ago" and "earlier" alike) counts back from the document's date, as "бир жума
            # мурун" does.
            backwards = kind == "previous" or patterns.month_offsets[key] < 0
            if anchor is None and backwards and not anchors.any_before(start):
                anchor = document_date
                if (
                    kind == "previous"
                    and patterns.previous_offsets[key] > 0
                    and not future(start, end)
                ):
                    # "Ал түнү кармалды, эртеси …" with no day told: the day after the
                    # document's date has not come, so a past clause does not go on from it.
                    anchor = None
            if anchor is not None and kind == "previous":
                day = anchor + timedelta(days=patterns.previous_offsets[key])
            elif anchor is not None:
                day = _months_on(anchor, patterns.month_offsets[key])
        if day is None:
            continue
        value = UncertainDate(day, day, Precision.DAY, text=text[start:end])
        resolved.append(RelativeDate(start, end, value))
        anchors.add(start, end, value)
    joined = [RelativeDate(start, end, value) for start, end, value in of_the_same_year]
    return sorted([*joined, *resolved], key=lambda found: found.start)


class _FutureClauses:
    """Whether a span stands in a clause about what is to come; the text is split for it only
    when a phrase asks (most texts have no weekday)."""

    def __init__(self, text: str, language: str | None) -> None:
        self._text, self._language = text, language
        self._sentences: FutureSentences | None = None

    def __call__(self, start: int, end: int) -> bool:
        if self._sentences is None:
            self._sentences = FutureSentences(self._text, self._language)
        return self._sentences(start, end)


def dates_in(
    text: str, language: str | None, document_date: date | None
) -> list[tuple[int, int, UncertainDate]]:
    """Every date phrase of ``text`` as extraction reads it, in text order: the dates the parser
    finds ("3 May", "в ночь с 14 на 15 августа", "1990-жылдары"), with "since X" read as X (the
    time a state that still holds began, as the gold format annotates it) and "until X", "до X",
    "X-га чейин" as X (when it ends: "Шейшемби күнүнө чейин" is that Tuesday), and the days and
    weeks named relative to the document's date or to the day named last."""
    absolute = [
        (start, end, value)
        for start, end, value in find_dates(
            text, document_date, language, since="start", until="end"
        )
        # "улица 8 Марта", "1-Май көчөсү": a day in a street's name is no date, nor an anchor.
        if not names_a_place(text, start, end, language)
    ]
    # "ушул айдын 5инде", "5-го числа прошлого месяца": days the parser has no month for.
    numbered = month_days(text, language, document_date, absolute)
    if numbered:
        days = Spans((start, end) for start, end, _ in numbered)
        absolute = sorted(
            [
                *numbered,
                *(
                    found
                    for found in absolute
                    if next(days.overlapping(found[0], found[1]), None) is None
                ),
            ],
            key=lambda found: found[0],
        )
    # "3 марта 2019 года … 5 марта": a day without a year in a story of an earlier year.
    absolute = in_the_story_year(text, absolute, language, document_date)
    relative = [
        (found.start, found.end, found.value)
        for found in find_relative_dates(text, language, document_date, absolute)
    ]
    holding = Spans((start, end) for start, end, _ in relative)
    absolute = [
        (start, end, value) for start, end, value in absolute if not _held(holding, start, end)
    ]
    return sorted([*absolute, *relative], key=lambda found: found[0])
