"""The phrases of dates told relative to another: the vocabulary
(``vocabulary/relative_dates.yaml``) compiled per language into patterns, each with the offset,
stretch or period its wordings name, and the finder that tries a pattern only where a word of the
text can open one of its phrases.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from typing import Any, Final

from docket.model._lexicon import read_yaml

__all__ = [
    "PhraseFinder",
    "PhrasePatterns",
    "SamePeriod",
    "TextWords",
    "phrase_finder",
    "phrase_key",
    "phrase_patterns",
    "relative_date_vocabulary",
]

_VOCABULARY: Final = "vocabulary/relative_dates.yaml"
_WORD: Final = re.compile(r"\w+")
# How many periods "recent" ones are: "in recent weeks" as "in recent months" (three before).
_RECENT: Final = 3


@dataclass(frozen=True)
class PhrasePatterns:
    weekday: PhraseFinder | None
    weekday_numbers: dict[str, int]
    from_document: PhraseFinder | None
    document_offsets: dict[str, int]
    from_previous: PhraseFinder | None
    previous_offsets: dict[str, int]
    months: PhraseFinder | None
    month_bounds: dict[str, tuple[str, str, str, str | None]]
    weeks: PhraseFinder | None
    week_offsets: dict[str, tuple[int, bool, str | None]]
    seasons: PhraseFinder | None
    season_names: dict[str, tuple[str, bool]]
    months_later: PhraseFinder | None
    month_offsets: dict[str, int]
    months_ago: PhraseFinder | None
    months_back: dict[str, int]
    stretches: PhraseFinder | None
    stretch_offsets: dict[str, tuple[int, int]]
    nights: PhraseFinder | None
    night_days: tuple[dict[str, int], dict[str, int]]
    # The night before a weekday with the weekday alone ("в ночь на понедельник", "overnight into
    # Sunday", "жекшембиге караган түнү"): the named day and the one before it.
    nights_before: PhraseFinder | None
    same: PhraseFinder | None
    same_periods: dict[str, SamePeriod]
    # "over the past three months", "за последние две недели": (unit, how many) up to the
    # document's date.
    past: PhraseFinder | None
    past_spans: dict[str, tuple[str, int]]
    year_of_after: PhraseFinder | None
    year_of_before: PhraseFinder | None
    # Words before a weekday that put it strictly in the past ("last", "в прошлую", "өткөн").
    weekday_past: tuple[str, ...]
    # Words before a weekday that make it recur ("every", "каждый", "ар"): no date.
    weekday_recurring: frozenset[str]
    # A week named right after a weekday ("on Monday last week") or right before it ("өткөн
    # жуманын шаршемби күнү"), and the weeks from the document's each names.
    week_after: re.Pattern[str] | None
    week_before: re.Pattern[str] | None
    weekday_week_offsets: dict[str, int]
    # Words after a phrase counted from the document's date that make it no date: "эртең" is
    # tomorrow, "эртең менен" in the morning.
    document_not_before: dict[str, frozenset[str]]


@dataclass(frozen=True)
class SamePeriod:
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
class PhraseFinder:
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

    def finditer(self, text: str, words: TextWords) -> Iterator[re.Match[str]]:
        reached = 0
        every = words.words
        for index in words.opening(self.starts):
            start, word = every[index]
            if start < reached:
                continue
            pattern = self.pattern
            after = self.opened.get(word)
            if after is not None:
                following = _loose(every[index + 1][1]) if index + 1 < len(every) else ""
                chosen = after.get(following) or after.get("")
                if chosen is None:
                    continue
                pattern = _bounded_pattern(chosen)
            match = pattern.match(text, start)
            if match is not None:
                reached = match.end()
                yield match


class TextWords:
    """A text's words (offset, case-folded), and where each distinct word stands: a finder
    visits only the places its first words stand instead of walking every word of the text
    once for each kind of phrase."""

    def __init__(self, text: str) -> None:
        self.words = [(word.start(), word.group().casefold()) for word in _WORD.finditer(text)]
        places: dict[str, list[int]] = {}
        for index, (_, word) in enumerate(self.words):
            places.setdefault(word, []).append(index)
        self._places = places
        self._distinct = frozenset(places)

    def opening(self, starts: frozenset[str]) -> list[int]:
        """The indices of the words that are among ``starts``, in text order."""
        found = starts & self._distinct
        if len(found) == 1:
            return self._places[next(iter(found))]
        return sorted(index for word in found for index in self._places[word])


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


def _bounded(body: str, starts: Iterable[str]) -> PhraseFinder:
    return PhraseFinder(_bounded_pattern(body), _first_words(starts))


def phrase_finder(phrases: Iterable[str]) -> PhraseFinder:
    """A finder of ``phrases``, as each kind of relative phrase has."""
    return _phrases(phrases)


def _phrases(phrases: Iterable[str]) -> PhraseFinder:
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
def relative_date_vocabulary() -> dict[str, Any]:
    text = resources.files("docket.extract").joinpath(_VOCABULARY).read_text(encoding="utf-8")
    loaded: dict[str, Any] = read_yaml(text)
    return loaded


@cache
def phrase_patterns(language: str) -> PhrasePatterns:
    data = relative_date_vocabulary()
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
        phrase_key(phrase): (
            str(stretch["from"]),
            str(stretch["to"]),
            str(stretch.get("precision", "day" if "part" in stretch else "month")),
            None if stretch.get("part") is None else str(stretch["part"]),
        )
        for stretch in data.get("months_from_document") or []
        for phrase in stretch.get(language) or []
    }
    week_offsets = {
        phrase_key(phrase): (
            int(stretch["weeks"]),
            bool(stretch.get("weekend", False)),
            None if stretch.get("part") is None else str(stretch["part"]),
        )
        for stretch in data.get("weeks_from_document") or []
        for phrase in stretch.get(language) or []
    }
    season_names = {
        phrase_key(phrase): (str(named["season"]), bool(named.get("last", False)))
        for named in data.get("seasons_from_document") or []
        for phrase in named.get(language) or []
    }
    month_offsets = {
        phrase_key(phrase): int(months)
        for months, phrases in (data.get("months_from_previous") or {}).items()
        for phrase in phrases.get(language) or []
    } | {
        phrase_key(phrase): months
        for months, phrases in counted["months"].items()
        for phrase in phrases
    }
    months_back = {
        phrase_key(phrase): -int(months)
        for months, phrases in (data.get("months_ago") or {}).items()
        for phrase in phrases.get(language) or []
    } | {
        phrase_key(phrase): months
        for months, phrases in counted["ago"].items()
        for phrase in phrases
    }
    stretch_offsets = {
        phrase_key(phrase): (int(stretch["from"]), int(stretch["to"]))
        for stretch in data.get("days_from_previous") or []
        for phrase in stretch.get(language) or []
    } | _approximate_counted(data, language)
    nights, nights_before, night_days = _nights(data.get("weekday_nights", {}).get(language))
    document_not_before = {
        phrase_key(phrase): frozenset(phrase_key(word) for word in following)
        for phrase, following in (
            (data.get("from_document_not_before") or {}).get(language) or {}
        ).items()
    }
    same_periods = {
        phrase_key(phrase): SamePeriod(
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
    return PhrasePatterns(
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
        nights_before,
        _phrases(same_periods) if same_periods else None,
        same_periods,
        _phrases(past_spans) if past_spans else None,
        past_spans,
        year_of_after,
        year_of_before,
        tuple(phrase_key(word) for word in data["weekday_past"].get(language) or []),
        frozenset(phrase_key(word) for word in data["weekday_recurring"].get(language) or []),
        *_weekday_weeks(data, language),
        document_not_before,
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
        offsets |= {
            phrase_key(p): int(weeks) for weeks, listed in by_offset.items() for p in listed
        }
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


def _approximate_counted(data: dict[str, Any], language: str) -> dict[str, tuple[int, int]]:
    """Each wording of ``approximate_counted`` with two consecutive numbers of ``counted`` put in
    (in words, or both in digits), and the days from the day named last it spans."""
    counted = data.get("counted") or {}
    numbers: dict[int, list[str]] = {
        int(n): list(words) for n, words in (counted.get("numbers", {}).get(language) or {}).items()
    }
    _, high = counted.get("digits") or (0, -1)
    spans: dict[str, tuple[int, int]] = {}
    for wording in (data.get("approximate_counted") or {}).get(language) or []:
        # From "1-2": one is a number of the span, though "через 1 день" is "the next day".
        for first in range(1, int(high)):
            pairs = [(str(first), str(first + 1))] + [
                (a, b) for a in numbers.get(first, []) for b in numbers.get(first + 1, [])
            ]
            for a, b in pairs:
                spans[phrase_key(wording.replace("{a}", a).replace("{b}", b))] = (first, first + 1)
    return spans


def _past_spans(counted: dict[str, dict[int, list[str]]]) -> dict[str, tuple[str, int]]:
    """Each wording of a past period and its (unit, number): "за последние две недели" is
    ("week", 2)."""
    units = {"days:1": "day", "days:7": "week", "months:1": "month", "months:12": "year"}
    return {
        phrase_key(phrase): (units[key.split(":", 1)[1]], n)
        for key, by_number in counted.items()
        if key.startswith("past:") and key.split(":", 1)[1] in units
        for n, phrases in by_number.items()
        for phrase in phrases
    }


def _nights(
    words: dict[str, Any] | None,
) -> tuple[PhraseFinder | None, PhraseFinder | None, tuple[dict[str, int], dict[str, int]]]:
    """The patterns of "the night of Saturday to Sunday" and of "the night to Sunday" in one
    language, and the weekday numbers of the forms their two days take."""
    if not words:
        return None, None, ({}, {})
    first, second = (
        {phrase_key(name): int(day) for day, names in words[end].items() for name in names}
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
    # The night before the day named alone: "в ночь на" or "overnight into" before it, or a
    # closer after it ("жекшембиге караган түнү").
    lone_opener, lone_closer = words.get("lone_opener") or [], words.get("lone_closer") or []
    before = None
    if lone_opener or lone_closer:
        lone = rf"(?P<second>{_alternatives(second)})"
        if lone_opener:
            lone = rf"(?:{_alternatives(lone_opener)})\s+" + lone
        if lone_closer:
            lone += rf"\s+(?:{_alternatives(lone_closer)})"
        before = _bounded(lone, lone_opener or second)
    return _bounded(body, words["opener"] or first), before, (first, second)


def phrase_key(text: str) -> str:
    return " ".join(text.casefold().split())
