"""Counted days that are no date, and which day a Kyrgyz count back starts from.

A count of days is a date where it counts from a day: the document's, a day told or a
statement's. It is no date where it tells how long something took ("лишь через неделю", "only
five days later", "беш күндөн кийин гана") or counts from an event the phrase names without its
day ("через неделю после задержания"): a reader cannot tell which day the wait began.

Kyrgyz "мурун" says "ago" and "earlier" alike: "үч күн мурун" counts back from a day of the story
told just before it, and otherwise from the document's date.

The words are data (``delays``, ``ago_or_earlier`` and ``to_come_endings`` in
``vocabulary/relative_dates.yaml``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Final

from docket.extract.relative_date_phrases import relative_date_vocabulary
from docket.extract.sentence_ends import next_break
from docket.model.dates import Precision, UncertainDate

__all__ = ["Delays", "delays"]

_WORD: Final = re.compile(r"\w+")
_NEXT_WORD: Final = re.compile(r"[ \t\u00a0]+(\w+)")
# The word after a demonstrative, past a comma: "после того, как".
_CLAUSE_WORD: Final = re.compile(r",?[ \t\u00a0]+(\w+)")
# What may stand between "after" and the date it counts from: "ten days after 5 May".
_TO_DATE: Final = re.compile(r"[ \t\u00a0]+(?:the[ \t\u00a0]+)?")
_BEFORE_REACH: Final = 24
_SENTENCE_REACH: Final = 300

Found = tuple[int, int, UncertainDate]


@dataclass(frozen=True)
class Delays:
    """The words of one language that make a count of days a wait or say where it starts."""

    before: tuple[tuple[str, ...], ...]
    after: frozenset[str]
    from_event: frozenset[str]
    told_back: frozenset[str]
    event_clause: frozenset[str]
    ago_or_earlier: frozenset[str]
    to_come_endings: tuple[str, ...]

    def a_wait(self, text: str, start: int, end: int, known: Sequence[Found]) -> bool:
        """Whether the count of days at ``[start, end)`` tells how long something took, or
        counts from an event it names rather than from a day."""
        before = _WORD.findall(text[max(0, start - _BEFORE_REACH) : start].casefold())
        if any(tuple(before[len(before) - len(words) :]) == words for words in self.before):
            return True
        following = _NEXT_WORD.match(text, end)
        if following is not None and following.group(1).casefold() in self.after:
            return True
        last = _WORD.findall(text[start:end].casefold())
        if last and last[-1] in self.from_event:
            word, event = end, end
        elif following is not None and following.group(1).casefold() in self.from_event:
            word, event = following.start(1), following.end()
        else:
            return False
        # "через пять дней после 5 марта" counts from that day (the date may hold "после");
        # "через неделю после задержания" from an event whose day the phrase does not give.
        gap = _TO_DATE.match(text, event)
        first = event if gap is None else gap.end()
        dated = any(found[0] <= word < found[1] or found[0] == first for found in known)
        named = _WORD.match(text, first)
        if dated or named is None:
            return False
        if named.group().casefold() not in self.told_back:
            return True
        clause = _CLAUSE_WORD.match(text, named.end())
        return clause is not None and clause.group(1).casefold() in self.event_clause

    def from_the_document(
        self,
        text: str,
        span: tuple[int, int],
        known: Sequence[Found],
        starts: Sequence[int],
        document_date: date | None,
    ) -> bool:
        """Whether a Kyrgyz count back at ``span`` ("үч күн мурун") says "ago": no day of the
        story, one day with its month up to the document's date, is told in its sentence before
        it or in the sentence before that."""
        start, end = span
        words = _WORD.findall(text[start:end].casefold())
        if document_date is None or not words or words[-1] not in self.ago_or_earlier:
            return False
        since = starts[max(0, bisect_right(starts, start) - 2)]
        return not any(
            since <= first
            and last <= start
            and value.precision is Precision.DAY
            and value.start == value.end
            and value.end is not None
            and value.end <= document_date
            for first, last, value in known
        )

    def to_come(self, text: str, end: int) -> bool:
        """Whether the verb closing the sentence of a phrase ending at ``end`` has an ending
        of what is to come (``to_come_endings``)."""
        if not self.to_come_endings:
            return False
        close = next_break(text, end, end + _SENTENCE_REACH)
        words = _WORD.findall(text[end : end + _SENTENCE_REACH if close is None else close])
        return bool(words) and words[-1].casefold().endswith(self.to_come_endings)


@cache
def delays(language: str) -> Delays:
    data = relative_date_vocabulary()

    def words(*path: str) -> list[str]:
        found: object = data
        for key in path:
            found = found.get(key) if isinstance(found, dict) else None
        return [str(word).casefold() for word in found or []] if isinstance(found, list) else []

    return Delays(
        tuple(tuple(phrase.split()) for phrase in words("delays", "before", language)),
        frozenset(words("delays", "after", language)),
        frozenset(words("delays", "from_event", language)),
        frozenset(words("delays", "told_back", language)),
        frozenset(words("delays", "event_clause", language)),
        frozenset(words("ago_or_earlier", language)),
        tuple(words("to_come_endings", language)),
    )
