"""What the words beside a weekday say about which day it is.

A weekday is the latest such day on or before the document's date, unless the words around it
say otherwise:

- a date beside it names its day ("on Friday, 3 May", "3 мая (пятница)", "3-майында, жума
  күнү"), and so does a day told from another beside it that falls on that weekday ("The next
  day, Monday,", "На следующий день, в понедельник,", "Эртеси дүйшөмбү күнү"): one day, not two;
- a week named beside it says which week's day it is ("On Monday last week");
- "every", "каждый", "ар" make it recur: no one day;
- "the following", "в следующий", "кийинки" before it, in a story told of the past, make it the
  first such day after the day told last ("He was detained on Tuesday 5 March. The following
  Monday …": 11 March), as "the following week" is the week after that day's.

The words are data (``weekday_following`` in ``vocabulary/relative_dates.yaml``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta
from functools import cache
from typing import Final

from docket.extract.relative_date_phrases import (
    PhrasePatterns,
    phrase_key,
    relative_date_vocabulary,
)
from docket.model.dates import Precision, UncertainDate

__all__ = [
    "BESIDE",
    "BESIDE_REACH",
    "beside_its_day",
    "first_after",
    "following_words",
    "names_a_known_day",
    "recurs",
    "week_beside",
]

# What may part a weekday from the date of its day: "Friday, 3 May", "3 May (Friday)".
BESIDE: Final = re.compile(r"[ \t\u00a0]*[,(–—-]?[ \t\u00a0]*")
BESIDE_REACH: Final = 16
_WORD: Final = re.compile(r"\w+")


def names_a_known_day(
    text: str, start: int, end: int, known: Sequence[tuple[int, int, UncertainDate]]
) -> bool:
    """Whether the weekday at ``[start, end)`` stands beside a date that names its day ("on
    Friday, 3 May", "3 мая (пятница)", "3-майында, жума күнү"): the date says which Friday."""
    for first, last, value in known:
        if value.precision is not Precision.DAY:
            continue
        # Only a date a few characters away can stand beside it; slicing the text up to every
        # date would cost the text's length for each weekday.
        if not (0 <= first - end <= BESIDE_REACH or 0 <= start - last <= BESIDE_REACH):
            continue
        between = text[end:first] if first >= end else text[last:start]
        if BESIDE.fullmatch(between):
            return True
    return False


def beside_its_day(text: str, start: int, weekday: int, before: tuple[int, UncertainDate]) -> bool:
    """Whether the weekday at ``start`` follows right after a day told (``before``: its end
    and value) that falls on it: "The next day, Monday," names one day."""
    end, value = before
    return (
        value.precision is Precision.DAY
        and value.start is not None
        and value.start == value.end
        and value.start.weekday() == weekday
        and 0 <= start - end <= BESIDE_REACH
        and BESIDE.fullmatch(text[end:start]) is not None
    )


def week_beside(
    text: str, start: int, end: int, patterns: PhrasePatterns
) -> tuple[int, int, int] | None:
    """The span of a weekday at ``[start, end)`` with the week named beside it, and that week's
    offset from the document's; None when no week is named there."""
    if patterns.week_after is not None:
        after = patterns.week_after.match(text, end)
        if after is not None:
            return start, after.end(), patterns.weekday_week_offsets[phrase_key(after.group(1))]
    if patterns.week_before is not None:
        before = patterns.week_before.search(text, max(0, start - 40), start)
        if before is not None:
            return before.start(), end, patterns.weekday_week_offsets[phrase_key(before.group(1))]
    return None


def recurs(text: str, start: int, words: frozenset[str]) -> bool:
    """Whether the word before a weekday at ``start`` makes it recur ("every Monday", "ар
    дүйшөмбү күнү")."""
    before = _WORD.findall(text[max(0, start - 16) : start].casefold())
    return bool(before) and before[-1] in words


@cache
def _following(language: str) -> re.Pattern[str] | None:
    words = (relative_date_vocabulary().get("weekday_following") or {}).get(language) or []
    if not words:
        return None
    alternatives = "|".join(
        r"[ \t\u00a0]+".join(map(re.escape, word.split()))
        for word in sorted(words, key=len, reverse=True)
    )
    return re.compile(rf"(?<!\w)(?:{alternatives})[ \t\u00a0]+\Z", re.IGNORECASE)


def following_words(text: str, start: int, language: str) -> int | None:
    """Where "the following", "в следующий", "кийинки" before the weekday at ``start`` begin;
    None when they are not there."""
    pattern = _following(language)
    if pattern is None:
        return None
    found = pattern.search(text, max(0, start - 24), start)
    return None if found is None else found.start()


def first_after(day: date, weekday: int) -> date:
    """The first day after ``day`` that falls on ``weekday`` (0 is Monday)."""
    return day + timedelta(days=(weekday - day.weekday()) % 7 or 7)
