"""Days counted from a day the phrase itself names.

"Через пять дней после 7 марта", "five days after 7 March" and "7-марттан беш күн өткөндөн
кийин" count from 7 March, not from the day the story told before them: the count and the day
are one phrase, the 12th. Russian and English put the day after the count, behind the
preposition of "after" (``after_before`` of ``lexicon/dates.yaml``, which the parser reads as
part of the date: "после 7 марта" alone is what follows that day); Kyrgyz puts it before, in
the ablative ("7-марттан": from 7 March).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from datetime import date, timedelta
from functools import cache
from typing import Final

from docket.model._lexicon import load_lexicon
from docket.model.dates import Precision, UncertainDate

__all__ = ["DaysBeside"]

Found = tuple[int, int, UncertainDate]

_ABLATIVE: Final = re.compile(r"(?:[дтн][аеоө]н)\Z", re.IGNORECASE)


@cache
def _after_words(language: str) -> tuple[str, ...]:
    words = load_lexicon("dates")["after_before"].get(language) or []
    return tuple(str(word).casefold() for word in words)


class DaysBeside:
    """The dates a text tells (in text order, not overlapping), asked for the one beside a
    count by bisection: a text of many counts stays linear."""

    def __init__(self, known: Sequence[Found]) -> None:
        self._known = known
        self._starts = [first for first, _, _ in known]

    def count_from(
        self, text: str, start: int, end: int, language: str
    ) -> tuple[int, int, date] | None:
        """For days counted forward at ``text[start:end]``, the phrase's span with the day it
        counts from when a day told beside it is that day ("через пять дней | после 7 марта",
        "7-марттан | беш күн өткөндөн кийин"), else None."""
        index = bisect_left(self._starts, start)
        if index < len(self._known):
            first, last, value = self._known[index]
            after = first < end or not text[end:first].strip()
            if (
                after
                and value.start is not None
                and value.end is None
                and value.precision is Precision.DAY
                and _opens_with_after(text[first:last], language)
            ):
                # The parser reads "после 7 марта" as what follows that day: from the 8th on.
                return start, last, value.start - timedelta(days=1)
        if index > 0:
            first, last, value = self._known[index - 1]
            if (
                last <= start
                and not text[last:start].strip()
                and value.precision is Precision.DAY
                and value.start is not None
                and value.start == value.end
                and _ABLATIVE.search(text[first:last])
            ):
                return first, end, value.start
        return None


def _opens_with_after(told: str, language: str) -> bool:
    words = told.casefold().split()
    return any(words[: len(after.split())] == after.split() for after in _after_words(language))
