"""Days named by their number and a month told by reference: "ушул айдын 5инде" (on the 5th of
this month), "өткөн айдын 25-күнү", "5-го числа прошлого месяца", "on the 5th of last month", and
by their number alone: "released on the 5th", "14 числа", "ошол айдын 5-күнү".

The month is the document's or one before it, or for a number alone the month of the date told
last; the wordings are data
(``vocabulary/month_days.yaml``), the day's endings those of ordinals in ``lexicon/dates.yaml``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from datetime import date
from functools import cache
from importlib import resources
from typing import Final

from docket.extract.spans import Spans
from docket.model._calendar import last_day
from docket.model._lexicon import load_lexicon, read_yaml
from docket.model.dates import Precision, UncertainDate

__all__ = ["month_days"]

_VOCABULARY: Final = "vocabulary/month_days.yaml"
# After a wording that ends with the day's number: punctuation, the end of the text, or another
# member of a list ("on the 3rd and the 17th").
_CLOSED: Final = re.compile(r"[ \t]*(?:[.,;:!?)\]]|\n|\Z)|\s+(?:and|or)\s")
# Months back for a day of the month told last (see the vocabulary).
_TOLD: Final = 1


@cache
def _wordings(language: str) -> tuple[tuple[re.Pattern[str], int, bool], ...]:
    """Each wording as a pattern with one group, the day's number, its months back (``_TOLD``
    for the month told last) and whether it ends with the number."""
    text = resources.files("docket.extract").joinpath(_VOCABULARY).read_text(encoding="utf-8")
    data = read_yaml(text)
    stretches = [
        *data["days_of_month"],
        {"months": _TOLD, language: (data.get("days_of_told_month") or {}).get(language) or []},
    ]
    endings = sorted(load_lexicon("dates")["ordinals"].get(language) or [], key=len, reverse=True)
    ending = "|".join(re.escape(word) for word in endings)
    # The ending is optional before a word that says "day" ("5 числа", "5-күнү") and needed
    # where the number ends the phrase ("ушул айдын 5инде", not "ушул айдын 5 тургуну").
    optional = r"(\d{1,2})" + (rf"(?:-?(?:{ending}))?" if ending else "")
    needed = rf"(\d{{1,2}})-?(?:{ending})" if ending else optional
    found = []
    for stretch in stretches:
        for wording in stretch.get(language) or []:
            words = [re.escape(part) for part in wording.casefold().split()]
            last = wording.rstrip().endswith("{d}")
            day = needed if last else optional
            body = r"\s+".join(words).replace(re.escape("{d}"), day)
            pattern = re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)
            found.append((pattern, int(stretch["months"]), last))
    return tuple(found)


def _told_month(
    known: Sequence[tuple[int, int, UncertainDate]], ends: Sequence[int], before: int
) -> UncertainDate | None:
    """The date of ``known`` (ordered by ``ends``) read last before offset ``before`` when it
    lies within one month."""
    index = bisect_right(ends, before)
    if not index:
        return None
    value = known[index - 1][2]
    first, last = value.start, value.end
    if first is None or last is None or value.precision not in (Precision.DAY, Precision.MONTH):
        return None
    return value if (first.year, first.month) == (last.year, last.month) else None


def _overlaps(
    known: Sequence[tuple[int, int, UncertainDate]], ends: Sequence[int], start: int, end: int
) -> bool:
    index = bisect_right(ends, start)
    return index < len(known) and known[index][0] < end


def month_days(
    text: str,
    language: str | None,
    document_date: date | None,
    known: Sequence[tuple[int, int, UncertainDate]] = (),
) -> list[tuple[int, int, UncertainDate]]:
    """The days of ``text`` named by number in the document's month or one before it, or in the
    month of the date of ``known`` read last before them, as ``(start, end, value)`` in text
    order, not overlapping each other or ``known``; a number the month has no such day for is
    not read."""
    if language is None or document_date is None:
        return []
    found: list[tuple[int, int, UncertainDate]] = []
    # Wordings that name their month claim their words even for a day the month lacks: "30
    # числа этого месяца" in February is no date, not the 30th of the month before.
    claimed = Spans()
    # Dates read do not overlap, so ordered by their ends they are in text order.
    ordered = sorted(known, key=lambda each: each[1])
    ends = [end for _, end, _ in ordered]
    for pattern, months, last in _wordings(language):
        for match in pattern.finditer(text):
            start, end = match.span()
            if next(claimed.overlapping(start, end), None) is not None:
                continue
            if months != _TOLD:
                claimed.add(start, end)
            if months == _TOLD and _overlaps(ordered, ends, start, end):
                # A number alone gives way to any date read over it ("14 числа марта").
                continue
            if last and months == _TOLD and not _CLOSED.match(text, end):
                continue
            number = int(match.group(1))
            inferred = False
            if months == _TOLD:
                told = _told_month(ordered, ends, start)
                if told is not None and told.start is not None:
                    year, month = told.start.year, told.start.month
                    inferred = told.year_inferred
                else:
                    back = 0 if number <= document_date.day else -1
                    index = document_date.year * 12 + document_date.month - 1 + back
                    year, month = index // 12, index % 12 + 1
            else:
                index = document_date.year * 12 + document_date.month - 1 + months
                year, month = index // 12, index % 12 + 1
            if not 1 <= number <= last_day(year, month).day:
                continue
            day = date(year, month, number)
            value = UncertainDate(
                day, day, Precision.DAY, year_inferred=inferred, text=match.group()
            )
            found.append((start, end, value))
            if months == _TOLD:
                claimed.add(start, end)
    return sorted(found, key=lambda each: each[0])
