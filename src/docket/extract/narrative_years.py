"""The year of a day or month told without one, in a story set in another year.

The parser gives a date without a year the document's year (the latest such day not after the
document's date). A report that tells a past year's events ("Его задержали 3 марта 2019 года. 5
марта суд арестовал его", "2019-жылдын 5-мартында жана 7-мартында") goes on without repeating
the year: there the day belongs to the story's year. So a date whose year was inferred takes the
year that puts it nearest the date told before it in the same paragraph, when that date states
a year earlier than the document's and names a day or a month, and never a year that puts it
after the document's date. A year told alone ("в 2022 году", "in 2022", "2022-жылы") sets the
story's year as well ("В 2022 году его задержали. 5 марта суд арестовал его": 5 March 2022), but
not one from which something runs on ("since 2019", "с 2019 года", "2019-жылдан бери": the day
after it is the document's time), and a year told from the document's ("last year", "в прошлом
году", "былтыр") ends the story's year: the text is back in the document's time. A sentence
that speaks of the future ("назначено на 5 апреля"), and a date the parser put after the
document's date (a deadline after the day told before it), keep the parser's reading.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from functools import cache
from typing import Final

from docket.model._calendar import years_on
from docket.model._lexicon import load_lexicon
from docket.model.dates import Precision, UncertainDate

__all__ = ["in_the_story_year"]

_PARAGRAPH: Final = re.compile(r"\n[ \t]*\n")
_SENTENCE_END: Final = re.compile(r"[.!?\n]")
# Dates that set the story's year: a day or a month of a stated year.
_SETTERS: Final = (Precision.DAY, Precision.MONTH)
# A year told from the document's: "last year", "в прошлом году", "этого года", "былтыр",
# "быйыл", "өткөн жылы" in any case of the noun.
_YEARS_FROM_THE_DOCUMENT: Final = {
    "en": re.compile(r"(?<!\w)(?:last|this|previous|past|current)\s+year(?!\w)", re.IGNORECASE),
    "ru": re.compile(
        r"(?<!\w)(?:(?:поза)?прошл|минувш|текущ|нынешн|эт|сего)\w*\s+год\w*", re.IGNORECASE
    ),
    "ky": re.compile(r"(?<!\w)(?:былтыр|быйыл|(?:өткөн|ушул|үстүбүздөгү)\s+жыл)\w*", re.IGNORECASE),
}

Found = tuple[int, int, UncertainDate]


@cache
def _future(language: str) -> re.Pattern[str] | None:
    words = load_lexicon("dates")["future"].get(language) or []
    if not words:
        return None
    ordered = sorted({" ".join(word.split()) for word in words}, key=len, reverse=True)
    body = "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in ordered)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)


def _sentence(text: str, start: int, end: int) -> str:
    before = max((m.end() for m in _SENTENCE_END.finditer(text, max(0, start - 300), start)),
                 default=max(0, start - 300))  # fmt: skip
    after = _SENTENCE_END.search(text, end)
    return text[before : after.start() if after else min(len(text), end + 300)]


def _moved(value: UncertainDate, years: int) -> UncertainDate | None:
    if value.start is None or value.end is None:
        return None
    try:
        whole = value.precision is not Precision.DAY
        start = years_on(value.start, years, whole_months=whole)
        end = years_on(value.end, years, whole_months=whole)
    except ValueError:  # 29 February
        return None
    return replace(value, start=start, end=end)


@cache
def _since_words(language: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The words of "since" before a date and after it, folded."""
    lexicon = load_lexicon("dates")

    def words(section: str) -> tuple[str, ...]:
        return tuple(str(word).casefold() for word in lexicon[section].get(language) or [])

    return words("since_before"), words("since_after")


def _sets_the_year(value: UncertainDate, language: str) -> bool:
    """Whether a date names a year of the story: a day or a month of a stated year, or a year
    alone that nothing runs on from."""
    if value.year_inferred or value.start is None or value.end is None:
        return False
    if value.precision in _SETTERS:
        return True
    if value.precision is not Precision.YEAR or value.start.year != value.end.year:
        return False
    before, after = _since_words(language)
    words = (value.text or "").casefold().split()
    return bool(words) and words[0] not in before and words[-1] not in after


def _first(value: UncertainDate) -> int:
    return 0 if value.start is None else value.start.toordinal()


def _distance(value: UncertainDate, anchor: UncertainDate) -> int:
    """Days between two ranges (0 when they meet); ranges without bounds are far apart."""
    if None in (value.start, value.end, anchor.start, anchor.end):
        return 1 << 30
    first, last = value.start or date.min, value.end or date.max
    told_first, told_last = anchor.start or date.min, anchor.end or date.max
    if last < told_first:
        return (told_first - last).days
    if told_last < first:
        return (first - told_last).days
    return 0


def in_the_story_year(
    text: str, dates: Sequence[Found], language: str | None, document_date: date | None
) -> list[Found]:
    """``dates`` (in text order) with each year-inferred date moved to the year nearest the date
    of a stated year told before it in its paragraph, if that is another year."""
    if language is None or document_date is None:
        return list(dates)
    future = _future(language)
    back = _YEARS_FROM_THE_DOCUMENT.get(language)
    result: list[Found] = []
    anchor: Found | None = None
    for start, end, value in dates:
        if anchor is not None and (
            _PARAGRAPH.search(text, anchor[1], start)
            or (back is not None and back.search(text, anchor[1], start))
        ):
            anchor = None
        told = None if anchor is None else anchor[2]
        if (
            value.year_inferred
            and told is not None
            and told.start is not None
            # A story set in an earlier year than the document's: within the document's own
            # year the parser's reading (the latest such day not after it) stands.
            and told.start.year < document_date.year
            and value.start is not None
            # The parser put it after the document's date on purpose (a deadline after the day
            # told, a future sentence): that stands.
            and value.end is not None
            and value.end <= document_date
            and not (future is not None and future.search(_sentence(text, start, end)))
        ):
            shift = told.start.year - value.start.year
            candidates = [
                moved
                for years in (shift - 1, shift, shift + 1)
                if (moved := _moved(value, years)) is not None
                and moved.end is not None
                and moved.end <= document_date
            ]
            if candidates:
                # The nearest to the story's date; a tie goes to the later one. The day keeps
                # its flag: its year is still not written beside it. A reading the parser already
                # put as near (a deadline it moved after the day told) stands.
                best = min(candidates, key=lambda moved: (_distance(moved, told), -_first(moved)))
                if _distance(best, told) < _distance(value, told):
                    value = best
        result.append((start, end, value))
        if _sets_the_year(value, language):
            anchor = (start, end, value)
    return result
