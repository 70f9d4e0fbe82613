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

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache
from typing import Final

from docket.extract.dated_names import names_a_place
from docket.extract.month_days import month_days
from docket.extract.narrative_years import in_the_story_year
from docket.extract.relative_date_anchors import (
    DaysTold,
    before_a_noun,
    eve_phrase,
    moved_on,
    said_on,
    set_for,
    statement_day,
    steps_of_the_story,
)
from docket.extract.relative_date_counted import DaysBeside
from docket.extract.relative_date_delays import delays
from docket.extract.relative_date_events import (
    back_to_the_event,
    counted_from_the_event,
    event_days,
)
from docket.extract.relative_date_periods import (
    in_year,
    months_around,
    months_on,
    past_period,
    period_within,
    same_period,
    season_of,
    week_of,
)
from docket.extract.relative_date_phrases import (
    PhrasePatterns,
    TextWords,
    phrase_key,
    phrase_patterns,
    relative_date_vocabulary,
)
from docket.extract.relative_date_weekdays import (
    BESIDE,
    BESIDE_REACH,
    beside_its_day,
    first_after,
    following_words,
    names_a_known_day,
    recurs,
    week_beside,
)
from docket.extract.sentence_ends import sentence_starts
from docket.extract.spans import Spans
from docket.model.dates import (
    FutureSentences,
    Precision,
    UncertainDate,
    find_dates,
)

__all__ = ["RelativeDate", "dates_in", "find_relative_dates"]

_ARTICLE_BEFORE: Final = re.compile(r"(?<!\w)the[ \t\u00a0]+\Z", re.IGNORECASE)
_NEXT_WORD: Final = re.compile(r"[ \t\u00a0]+(\w+)")
_NAME_BEFORE: Final = re.compile(r"([\w-]+)[ \t\u00a0]+\Z")
# "in the last two days of March" are days of March, not the days before the document's date.
_OF_AFTER: Final = re.compile(r"\s+of\b", re.IGNORECASE)

Found = tuple[int, int, UncertainDate]


@dataclass(frozen=True)
class RelativeDate:
    """A phrase at ``[start, end)`` and the day it names."""

    start: int
    end: int
    value: UncertainDate


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


def _of_the_same_year(
    text: str,
    patterns: PhrasePatterns,
    words: TextWords,
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
            year = None if anchor is None else period_within(anchor[2], "year")
            moved = None if anchor is None or year is None else in_year(beside[2], year[0])
            if anchor is not None and moved is not None:
                inferred, phrase = anchor[2].year_inferred, text[slice(*span)]
                joined.append((*span, replace(moved, year_inferred=inferred, text=phrase)))
    return joined


def _followed_by(text: str, end: int, words: frozenset[str] | None) -> bool:
    """Whether the word after ``end`` is one of ``words``."""
    if not words:
        return False
    following = _NEXT_WORD.match(text, end)
    return following is not None and following.group(1).casefold() in words


def _ends_a_name(text: str, start: int) -> bool:
    """Whether a capitalised word at ``start`` ends a name with the capitalised word before it
    on its line ("Talas Today", "Jangy-Kala Today": outlets, no days)."""
    before = _NAME_BEFORE.search(text, max(0, start - 40), start)
    return text[start : start + 1].isupper() and before is not None and before.group(1)[0].isupper()


def _held(spans: Spans, start: int, end: int) -> bool:
    """Whether one of ``spans`` holds ``start``..``end`` whole."""
    return any(s <= start and end <= e for s, e in spans.overlapping(start, end))


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
    if language is None or language not in relative_date_vocabulary()["weekdays"]:
        return []
    patterns = phrase_patterns(language)
    words = TextWords(text)
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
    waits = delays(language)
    days_beside = DaysBeside(known)
    found: list[tuple[int, int, str, str]] = []
    events = event_days(language)
    for kind, pattern in (
        ("event", None if events is None else events.phrases),
        ("night", patterns.nights),
        ("night_before", patterns.nights_before),
        ("weekday", patterns.weekday),
        ("document", patterns.from_document),
        # Before the days counted by one number: "через день-два" holds "через день".
        ("stretch", patterns.stretches),
        ("previous", patterns.from_previous),
        ("months", patterns.months),
        ("weeks", patterns.weeks),
        ("seasons", patterns.seasons),
        ("months_later", patterns.months_later),
        ("months_ago", patterns.months_ago),
        ("same", patterns.same),
        ("past", patterns.past),
    ):
        if pattern is None:
            continue
        for match in pattern.finditer(text, words):
            start, end = match.span()
            counted = (
                days_beside.count_from(text, start, end, language)
                if kind == "previous" and patterns.previous_offsets[phrase_key(match.group())] > 0
                else None
            )
            if counted is not None:
                # "через пять дней после 7 марта": the count and its day are one phrase.
                first, last, from_day = counted
                # The day it holds, and nothing else told.
                if all(first <= s and e <= last for s, e in taken.overlapping(first, last)):
                    days_on = patterns.previous_offsets[phrase_key(match.group())]
                    found.append((first, last, "counted", f"{from_day.isoformat()}:{days_on}"))
                    taken.add(first, last)
                    continue
            # "прошлым летом" holds the parser's "летом", "өткөн декабрда" its "декабрда": the
            # words around it say which summer or December.
            within = kind in ("seasons", "months")
            if any(
                not (within and start <= s and e <= end) for s, e in taken.overlapping(start, end)
            ):
                continue
            eve = (
                kind == "previous"
                and eve_phrase(phrase_key(match.group()), language)
                and before_a_noun(text, end)
            )
            if (
                kind == "previous"
                and abs(patterns.previous_offsets[phrase_key(match.group())]) > 1
                and waits.a_wait(text, start, end, known)
            ):
                # "лишь через неделю", "через неделю после задержания": how long it took.
                taken.add(start, end)
                continue
            if kind == "weekday" and (
                names_a_known_day(text, start, end, known)
                or recurs(text, start, patterns.weekday_recurring)
            ):
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
            if kind == "document" and (
                _followed_by(text, end, patterns.document_not_before.get(phrase_key(match.group())))
                or _ends_a_name(text, start)
            ):
                continue
            if kind == "night_before":
                # The night before the day named: as "the night of Sunday to Monday".
                kind, key = "night", str(patterns.night_days[1][phrase_key(match.group("second"))])
            elif kind == "night":
                first, second = (
                    patterns.night_days[n][phrase_key(match.group(g))]
                    for n, g in ((0, "first"), (1, "second"))
                )
                if (second - first) % 7 != 1:
                    continue
                key = str(second)
            told = "eve" if eve else kind
            if kind == "weekday" and phrase_key(match.group()).startswith(
                tuple(f"{word} " for word in patterns.weekday_past)
            ):
                told = "past_weekday"
            if kind == "weekday":
                # "On Monday last week", "өткөн жуманын шаршемби күнү": that week's Monday.
                beside = week_beside(text, start, end, patterns)
                if beside is not None:
                    start, end, weeks = beside
                    told, key = (
                        "week_weekday",
                        f"{weeks}:{patterns.weekday_numbers[phrase_key(key)]}",
                    )
                    found.append((start, end, told, key))
                    taken.add(start, end)
                    continue
                following = following_words(text, start, language)
                if following is not None:
                    start, told = following, "following_weekday"
            found.append((start, end, told, phrase_key(key)))
            taken.add(start, end)
    found.sort()
    resolved: list[RelativeDate] = []
    steps = steps_of_the_story(text, language, known)
    timeline = _Timeline(steps)
    anchors = DaysTold(steps)
    future = _FutureClauses(text, language)
    starts = cache(lambda: sentence_starts(text))
    for start, end, kind, key in found:
        if kind == "same":
            # Any date read before, whatever its precision: "that same year" may follow a year.
            # Relative phrases are resolved in text order, so the last one is the latest.
            read_last = timeline.last_before(start)
            named = None if read_last is None else read_last[2]
            if resolved and (read_last is None or resolved[-1].start > read_last[0]):
                named = resolved[-1].value
            told_period = patterns.same_periods[key]
            if (
                told_period.offset > 0
                and _not_after(named, document_date)
                and (future(start, end) or waits.to_come(text, end))
            ):
                # "На следующей неделе суд рассмотрит жалобу", "Кийинки жумада … барышат": the
                # week or month after the document's, as "next week" is; a past day told before
                # it has no following week still to come.
                named, told_period = None, replace(told_period, or_document=True)
            period = same_period(told_period, named, document_date)
            if period is not None:
                resolved.append(RelativeDate(start, end, replace(period, text=text[start:end])))
            continue
        if kind == "eve":
            # "On the eve of the rally", "накануне собрания": the day before the one it was set
            # for, told in its sentence or the one before; with none, no day.
            set_day = set_for(text, start, language, steps, _previous_sentence(starts(), start))
            if set_day is not None:
                eve_day = set_day - timedelta(days=1)
                value = UncertainDate(eve_day, eve_day, Precision.DAY, text=text[start:end])
                resolved.append(RelativeDate(start, end, value))
                anchors.add(start, end, value)
            continue
        if kind == "event" and events is not None:
            went_back = back_to_the_event(text, (start, end), key, known, starts(), events, anchors)
            if went_back is not None:
                resolved.append(RelativeDate(start, end, went_back))
            continue
        if kind == "counted":
            counted_from, shift = key.rsplit(":", 1)
            counted_day = date.fromisoformat(counted_from) + timedelta(days=int(shift))
            value = UncertainDate(counted_day, counted_day, Precision.DAY, text=text[start:end])
            resolved.append(RelativeDate(start, end, value))
            anchors.add(start, end, value)
            continue
        if kind == "months":
            if document_date is not None:
                stretch = months_around(patterns.month_bounds[key], document_date)
                resolved.append(RelativeDate(start, end, replace(stretch, text=text[start:end])))
            continue
        if kind == "past":
            if document_date is not None and not _OF_AFTER.match(text, end):
                stretch = past_period(*patterns.past_spans[key], document_date)
                resolved.append(RelativeDate(start, end, replace(stretch, text=text[start:end])))
            continue
        if kind == "weeks":
            if document_date is not None:
                week = week_of(*patterns.week_offsets[key], document_date)
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
                season = season_of(*patterns.season_names[key], document_date)
                resolved.append(RelativeDate(start, end, replace(season, text=text[start:end])))
            continue
        if kind == "night":
            # Both days of the night that ends on the latest such second day, or in a clause
            # about what is to come ("в ночь на понедельник пройдёт акция") on the coming one.
            if document_date is not None:
                back = (document_date.weekday() - int(key)) % 7
                if back and future(start, end):
                    back -= 7
                morning = document_date - timedelta(days=back)
                night = UncertainDate(
                    morning - timedelta(days=1), morning, Precision.DAY, text=text[start:end]
                )
                resolved.append(RelativeDate(start, end, night))
                anchors.add(start, end, night)
            continue
        day: date | None = None
        steps_on = True
        if kind in ("weekday", "following_weekday") and resolved:
            told_before = (resolved[-1].end, resolved[-1].value)
            if beside_its_day(text, start, patterns.weekday_numbers[key], told_before):
                continue  # "The next day, Monday,": one day
        told_day = anchors.last_before(start) if kind == "following_weekday" else None
        if told_day is not None and not future(start, end):
            # "The following Monday" in a story of the past: the first after the day told last.
            day = first_after(told_day, patterns.weekday_numbers[key])
        elif kind == "week_weekday" and document_date is not None:
            weeks, weekday = (int(part) for part in key.split(":"))
            day = document_date - timedelta(days=document_date.weekday(), weeks=-weeks)
            day += timedelta(days=weekday)
        elif (
            kind in ("weekday", "following_weekday")
            and document_date is not None
            and future(start, end)
            and not said_on(text, start, language)
            and not moved_on(text, end, language)
        ):
            # "The hearing will take place on Thursday", "Суд рассмотрит жалобу в понедельник":
            # the coming such day, as a day without a year in such a clause may be after the
            # document's date.
            ahead = (patterns.weekday_numbers[key] - document_date.weekday()) % 7
            day = document_date + timedelta(days=ahead)
        elif kind in ("weekday", "past_weekday", "following_weekday") and document_date:
            back = (document_date.weekday() - patterns.weekday_numbers[key]) % 7
            if back == 0 and kind == "past_weekday":
                # "Last Wednesday" on a Wednesday is the one a week before.
                back = 7
            day = document_date - timedelta(days=back)
        elif kind == "document" and document_date is not None:
            stated = statement_day(text, start, end, language, known)
            day = (stated or document_date) + timedelta(days=patterns.document_offsets[key])
        elif kind == "months_ago" and document_date is not None:
            day = months_on(document_date, patterns.months_back[key])
        elif kind in ("previous", "months_later"):
            anchor = anchors.last_before(start)
            if kind == "previous" and events is not None:
                anchor = (
                    counted_from_the_event(text, (start, end), known, starts(), events) or anchor
                )
            if kind == "previous" and patterns.previous_offsets[key] < 0:
                # A step back ("накануне", "the day before") is told from the story's day, and
                # the story goes on from that day, not from the one before it; but Kyrgyz "үч
                # күн мурун" with no day of the story told just before it says "ago", and the
                # day before one set for a meeting is what happened.
                ago = waits.from_the_document(text, (start, end), known, starts(), document_date)
                anchor = document_date if ago else anchor
                steps_on = ago or anchor == set_for(
                    text, start, language, steps, _previous_sentence(starts(), start)
                )
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
                day = months_on(anchor, patterns.month_offsets[key])
        if day is None:
            continue
        value = UncertainDate(day, day, Precision.DAY, text=text[start:end])
        resolved.append(RelativeDate(start, end, value))
        if steps_on:
            anchors.add(start, end, value)
    joined = [RelativeDate(start, end, value) for start, end, value in of_the_same_year]
    return sorted([*joined, *resolved], key=lambda found: found.start)


def _previous_sentence(starts: Sequence[int], offset: int) -> int:
    """Where the sentence before the one holding ``offset`` starts (the first's own start)."""
    return starts[max(0, bisect_right(starts, offset) - 2)]


def _not_after(named: UncertainDate | None, document_date: date | None) -> bool:
    """Whether ``named`` is no day after the document's date (or there is none)."""
    return named is None or (
        document_date is not None and named.end is not None and named.end <= document_date
    )


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
        (start, end, _in_the_year_told_beside(text, start, end, value, relative))
        for start, end, value in absolute
        if not _held(holding, start, end)
    ]
    return sorted([*absolute, *relative], key=lambda found: found[0])


def _in_the_year_told_beside(
    text: str, start: int, end: int, value: UncertainDate, relative: Sequence[Found]
) -> UncertainDate:
    """A day without a year set beside a time told from the document's date ("Две недели назад,
    2 января", "Last week, on 9 January", "өткөн айда, 20-декабрда"): the one of its years
    nearest that time, which a story's earlier year does not move."""
    if not value.year_inferred or value.start is None or value.end is None:
        return value
    for first, last, told in relative:
        near = 0 <= start - last <= BESIDE_REACH or 0 <= first - end <= BESIDE_REACH
        if not near or told.start is None or told.end is None:
            continue
        if not BESIDE.fullmatch(text[last:start] if first < start else text[end:first]):
            continue
        moved = [
            found
            for shift in (0, -1, 1)
            if (found := in_year(value, told.start.year + shift)) is not None
        ]
        # 29 February may be in none of them.
        return min(moved, key=lambda found: _apart(found, told)) if moved else value
    return value


def _apart(one: UncertainDate, other: UncertainDate) -> int:
    """Days between two bounded times, 0 when they overlap (an unbounded end: as far as can
    be)."""
    if one.start is None or one.end is None or other.start is None or other.end is None:
        return date.max.toordinal()
    return max((one.start - other.end).days, (other.start - one.end).days, 0)
