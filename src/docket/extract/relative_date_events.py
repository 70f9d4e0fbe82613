"""Days named by the detention a statement told before: "on the night of his arrest", "в день
задержания", "кармалган күнү" are the day of the first sentence before them that tells a
detention with a day ("They were arrested on 14 April"), whatever was told since ("On 3 June
the defence asked …"); "the night of his arrest" is that day and the next, as "the night of 14
to 15 August" is. A witness or a court summary goes back to the arrest this way; a later "the
following afternoon" goes on from that day.

The words are data (``event_days`` in ``vocabulary/relative_dates.yaml``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache
from typing import Final

from docket.extract.relative_date_anchors import DaysTold
from docket.extract.relative_date_phrases import (
    PhraseFinder,
    phrase_finder,
    phrase_key,
    relative_date_vocabulary,
)
from docket.model.dates import Precision, UncertainDate

__all__ = [
    "EventDays",
    "back_to_the_event",
    "counted_from_the_event",
    "day_of_the_event",
    "event_days",
]

_WORD: Final = re.compile(r"\w+")


@dataclass(frozen=True)
class EventDays:
    # The phrases that name the day of a detention, and those that name its night.
    phrases: PhraseFinder
    nights: frozenset[str]
    # Word starts that tell a detention in a sentence ("arrest", "задерж", "карма").
    told_by: tuple[str, ...]
    # Last words of a count of days that a detention after it counts from ("four days after he
    # was taken"), and the word starts that name that detention within a few words.
    counted_from: frozenset[str] = frozenset()
    named_by: tuple[str, ...] = ()


@cache
def event_days(language: str) -> EventDays | None:
    """The phrases of ``language`` that name the day of a detention, or None with none."""
    data = relative_date_vocabulary().get("event_days") or {}
    days = (data.get("phrases") or {}).get(language) or []
    nights = (data.get("nights") or {}).get(language) or []
    told_by = (data.get("told_by") or {}).get(language) or []
    counted_from = (data.get("counted_from") or {}).get(language) or []
    named_by = (data.get("named_by") or {}).get(language) or []
    if not (days or nights) or not told_by:
        return None
    return EventDays(
        phrase_finder([*days, *nights]),
        frozenset(phrase_key(night) for night in nights),
        tuple(word.casefold() for word in told_by),
        frozenset(word.casefold() for word in counted_from),
        tuple(word.casefold() for word in named_by),
    )


# How many words after a count of days may name the detention it counts from: "after he was
# taken", "after my arrest".
_NAMED_WITHIN: Final = 4


def counted_from_the_event(
    text: str,
    span: tuple[int, int],
    known: Sequence[tuple[int, int, UncertainDate]],
    sentence_starts: Sequence[int],
    events: EventDays,
) -> date | None:
    """The day of the detention a count of days at ``span`` counts from, where the count ends
    with one of ``counted_from`` and a word of ``named_by`` follows within a few words ("Four
    days after he was taken", after "On 18 August … pushed him into a grey car"), else None:
    the count goes on from the day told last, which may be a later one."""
    start, end = span
    last = _WORD.findall(text[start:end])
    if not last or last[-1].casefold() not in events.counted_from:
        return None
    following = _WORD.findall(text[end : end + 60])[:_NAMED_WITHIN]
    if not any(word.casefold().startswith(events.named_by) for word in following):
        return None
    return day_of_the_event(text, start, known, sentence_starts, events.told_by)


def day_of_the_event(
    text: str,
    start: int,
    known: Sequence[tuple[int, int, UncertainDate]],
    sentence_starts: Sequence[int],
    told_by: tuple[str, ...],
) -> date | None:
    """The day of the first date told before ``start`` at day precision in a sentence whose
    words tell a detention (``told_by``), or None where no such sentence comes before."""
    for date_start, _, value in known:
        if date_start >= start:
            break
        if value.precision is not Precision.DAY or value.start != value.end:
            continue
        opening = max((s for s in sentence_starts if s <= date_start), default=0)
        closing = min((s for s in sentence_starts if s > date_start), default=len(text))
        words = (word.casefold() for word in _WORD.findall(text[opening:closing]))
        if any(word.startswith(told_by) for word in words):
            return value.start
    return None


def back_to_the_event(
    text: str,
    span: tuple[int, int],
    key: str,
    known: Sequence[tuple[int, int, UncertainDate]],
    sentence_starts: Sequence[int],
    events: EventDays,
    anchors: DaysTold,
) -> UncertainDate | None:
    """The day (or night) the phrase at ``span`` names, None where no detention with a day was
    told before it. The story goes on from the arrest's day for the rest of the phrase's
    paragraph, and from the day it had reached before it in the next."""
    start, end = span
    event_day = day_of_the_event(text, start, known, sentence_starts, events.told_by)
    if event_day is None:
        return None
    # The night runs into the next day, but "the following afternoon" after "the night of his
    # arrest" is the day after the arrest's.
    day_told = UncertainDate(event_day, event_day, Precision.DAY, text=text[start:end])
    story_day = anchors.last_before(start)
    anchors.add(start, end, day_told)
    paragraph_end = text.find("\n", end)
    if story_day is not None and paragraph_end >= 0:
        # "At the second hearing a week later", after the paragraph that went back to the arrest.
        resumed = UncertainDate(story_day, story_day, Precision.DAY)
        anchors.add(paragraph_end, paragraph_end, resumed)
    if key in events.nights:
        return replace(day_told, end=event_day + timedelta(days=1))
    return day_told
