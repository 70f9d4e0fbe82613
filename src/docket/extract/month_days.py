"""Days named by their number and a month told by reference: "ушул айдын 5инде" (on the 5th of
this month), "өткөн айдын 25-күнү", "5-го числа прошлого месяца", "on the 5th of last month".

The month is the document's or one before it; the wordings are data
(``vocabulary/month_days.yaml``), the day's endings those of ordinals in ``lexicon/dates.yaml``.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from importlib import resources
from typing import Final

import yaml

from docket.model._calendar import last_day
from docket.model._lexicon import load_lexicon
from docket.model.dates import Precision, UncertainDate

__all__ = ["month_days"]

_VOCABULARY: Final = "vocabulary/month_days.yaml"


@cache
def _wordings(language: str) -> tuple[tuple[re.Pattern[str], int], ...]:
    """Each wording as a pattern with one group, the day's number, and its months back."""
    text = resources.files("docket.extract").joinpath(_VOCABULARY).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    endings = sorted(load_lexicon("dates")["ordinals"].get(language) or [], key=len, reverse=True)
    ending = "|".join(re.escape(word) for word in endings)
    # The ending is optional before a word that says "day" ("5 числа", "5-күнү") and needed
    # where the number ends the phrase ("ушул айдын 5инде", not "ушул айдын 5 тургуну").
    optional = r"(\d{1,2})" + (rf"(?:-?(?:{ending}))?" if ending else "")
    needed = rf"(\d{{1,2}})-?(?:{ending})" if ending else optional
    found = []
    for stretch in data["days_of_month"]:
        for wording in stretch.get(language) or []:
            words = [re.escape(part) for part in wording.casefold().split()]
            day = needed if wording.rstrip().endswith("{d}") else optional
            body = r"\s+".join(words).replace(re.escape("{d}"), day)
            pattern = re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)
            found.append((pattern, int(stretch["months"])))
    return tuple(found)


def month_days(
    text: str, language: str | None, document_date: date | None
) -> list[tuple[int, int, UncertainDate]]:
    """The days of ``text`` named by number in the document's month or one before it, as
    ``(start, end, value)`` in text order, not overlapping; a number the month has no such day
    for is not read."""
    if language is None or document_date is None:
        return []
    found: list[tuple[int, int, UncertainDate]] = []
    for pattern, months in _wordings(language):
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(s < end and start < e for s, e, _ in found):
                continue
            index = document_date.year * 12 + document_date.month - 1 + months
            year, month = index // 12, index % 12 + 1
            number = int(match.group(1))
            if not 1 <= number <= last_day(year, month).day:
                continue
            day = date(year, month, number)
            found.append((start, end, UncertainDate(day, day, Precision.DAY, text=match.group())))
    return sorted(found, key=lambda each: each[0])
