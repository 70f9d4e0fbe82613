"""Which day a relative phrase counts from.

"The next day", "a week later", "на следующей неделе" go on from the day the story told last;
"эртең", "бүгүн" from the document's date. The wording around them moves that day:

- a date that ends a term or sets a deadline ("until 26 April", "до 12 мая", "3-июлга чейин") is
  no step of the story, so what follows counts from the day told before it;
- a step back ("накануне", "the day before", "бир күн мурун") is told from the story's day and
  the story goes on from there: "Его задержали 12 марта. Накануне … На следующий день суд …" is
  the 13th;
- a weekday right after a verb of saying ("said on Monday that she would visit him") dates the
  statement, which was made, whatever it says is to come; one before a verb that moves a sitting
  ("On Friday the court postponed the hearing to 20 March") the day it was moved on;
- in Kyrgyz reported speech dated before it in its clause ("Адвокат 5-майда эртең эле
  даттанарын айтты", "Ал 11-майда: «Эртең барам», – деди") "эртең" counts from the day the
  statement was made.

The words are data (``anchors`` in ``vocabulary/relative_dates.yaml``).
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Final

from docket.extract.relative_date_phrases import relative_date_vocabulary
from docket.extract.sentence_ends import next_break
from docket.model.dates import Precision, UncertainDate

__all__ = [
    "DaysTold",
    "before_a_noun",
    "eve_phrase",
    "moved_on",
    "said_on",
    "set_for",
    "statement_day",
    "steps_of_the_story",
]

_WORD: Final = re.compile(r"\w+")
_NEXT_WORD: Final = re.compile(r"[ \t\u00a0]+(\w+)")
# What may stand between a statement's day and a word inside the statement: its speaker, the
# addressee, a colon and quotation marks ("11-майда «Ордо Пресске»: «Эртең …"), not a clause's end.
_WITHIN_CLAUSE: Final = re.compile(r"[^,;.!?\n]*")
# The comma that opens a Russian statement ("сказал 19 февраля, что завтра …").
_THAT: Final = re.compile(r",\s*что\b", re.IGNORECASE)
_CLAUSE_REACH: Final = 80
_SENTENCE_REACH: Final = 300
# A verb of saying before a weekday, with the preposition the weekday's phrase may lack.
_SAID_REACH: Final = 24

Found = tuple[int, int, UncertainDate]


@dataclass(frozen=True)
class _Anchors:
    statement_verbs: frozenset[str]
    deadline_words: frozenset[str]
    rescheduling: frozenset[str]
    reported_speech: tuple[tuple[str, ...], ...]
    scheduling: frozenset[str]
    eve_of: frozenset[str]


@cache
def _anchors(language: str) -> _Anchors:
    data = relative_date_vocabulary().get("anchors") or {}

    def words(name: str) -> list[str]:
        return [str(word).casefold() for word in (data.get(name) or {}).get(language) or []]

    return _Anchors(
        frozenset(words("statement_verbs")),
        frozenset(words("deadline_words")),
        frozenset(words("rescheduling")),
        tuple(tuple(phrase.split()) for phrase in words("reported_speech")),
        frozenset(words("scheduling")),
        frozenset(words("eve_of")),
    )


def _known_day(value: UncertainDate) -> bool:
    return value.precision is Precision.DAY and value.end is not None and not value.approximate


def _ends_a_term(text: str, start: int, end: int, deadline_words: frozenset[str]) -> bool:
    words = _WORD.findall(text[start:end].casefold())
    return bool(words) and (words[0] in deadline_words or words[-1] in deadline_words)


def steps_of_the_story(text: str, language: str, known: Iterable[Found]) -> list[Found]:
    """The dates of ``known`` a story goes on from: not those that end a term or set a deadline
    ("until 26 April", "до 12 мая", "3-июлга чейин")."""
    deadline_words = _anchors(language).deadline_words
    return [found for found in known if not _ends_a_term(text, found[0], found[1], deadline_words)]


class DaysTold:
    """The dates read, asked for the day named last before an offset, at offsets that never go
    back (relative phrases are resolved in text order): each date is looked at once, however
    many phrases count from one."""

    def __init__(self, known: Iterable[Found]) -> None:
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


def said_on(text: str, start: int, language: str) -> bool:
    """Whether a verb of saying stands right before the weekday at ``start`` ("said on Monday
    that", "told reporters on Monday", "заявил в понедельник")."""
    verbs = _anchors(language).statement_verbs
    if not verbs:
        return False
    before = _WORD.findall(text[max(0, start - _SAID_REACH) : start].casefold())
    # The weekday's phrase may hold its preposition or not; one word (an addressee, "on") may
    # stand between the verb and the weekday.
    return any(word in verbs for word in before[-2:])


def moved_on(text: str, end: int, language: str) -> bool:
    """Whether a verb that moves a sitting follows the weekday ending at ``end`` in its clause
    ("On Friday the court postponed the hearing", "В пятницу суд отложил заседание")."""
    verbs = _anchors(language).rescheduling
    if not verbs:
        return False
    clause = _WITHIN_CLAUSE.match(text, end, end + _CLAUSE_REACH)
    return clause is not None and any(
        word in verbs for word in _WORD.findall(clause.group().casefold())
    )


def statement_day(
    text: str, start: int, end: int, language: str, known: Sequence[Found]
) -> date | None:
    """The day a statement that holds ``[start, end)`` was made, where the statement is reported
    in its sentence and dated before the phrase in its clause; None elsewhere."""
    verbs = _anchors(language).reported_speech
    told = None
    for first, last, value in known:
        if last > start:
            break
        if _known_day(value) and first >= start - _CLAUSE_REACH:
            told = (last, value, first)
    if told is None:
        return None
    # "On 3 January she told Kalkan: "Tomorrow I will go …"", "19 февраля следователь сказал
    # мне: завтра придёте", "сказал 19 февраля, что завтра …": a verb of saying stands between
    # the day and the phrase or right before the day, in one clause but for the comma before
    # "что".
    between = text[told[0] : start]
    statement_verbs = _anchors(language).statement_verbs
    said = _WORD.findall(text[max(0, told[2] - _SAID_REACH) : told[2]].casefold())[-2:]
    if _WITHIN_CLAUSE.fullmatch(_THAT.sub(" ", between)) is not None and any(
        word in statement_verbs for word in (*said, *_WORD.findall(between.casefold()))
    ):
        return told[1].end
    if _WITHIN_CLAUSE.fullmatch(between) is None:
        return None
    close = next_break(text, end, end + _SENTENCE_REACH)
    rest = _WORD.findall(text[end : end + _SENTENCE_REACH if close is None else close].casefold())
    spoken = any(tuple(rest[k : k + len(verb)]) == verb for verb in verbs for k in range(len(rest)))
    return told[1].end if spoken else None


def eve_phrase(phrase: str, language: str) -> bool:
    """Whether ``phrase`` (casefolded, its words single-spaced) is "on the eve of"."""
    return phrase in _anchors(language).eve_of


def set_for(
    text: str, start: int, language: str, known: Sequence[Found], since: int
) -> date | None:
    """The day named last before ``start`` and from ``since`` on when it was set for something
    ("a rally … for 28 December", "назначено на 13 февраля"); None when that day was not."""
    scheduling = _anchors(language).scheduling
    last = None
    for first, end, value in known:
        if end > start:
            break
        if first >= since and _known_day(value):
            last = (first, value)
    if last is None or not scheduling:
        return None
    before = _WORD.findall(text[max(0, last[0] - _SAID_REACH) : last[0]].casefold())
    return last[1].end if before and before[-1] in scheduling else None


@dataclass(frozen=True)
class _DayBefore:
    """What may follow "накануне" when it names the day before (vocabulary "day_before")."""

    words: frozenset[str]
    endings: tuple[str, ...]
    verb_endings: tuple[str, ...]
    possessives: frozenset[str]


@cache
def _day_before() -> _DayBefore:
    data = relative_date_vocabulary()["day_before"]
    return _DayBefore(
        frozenset(
            word.casefold() for word in (*data["followers"], *data["subjects"], *data["objects"])
        ),
        tuple(ending.casefold() for ending in (*data["verb_endings"], *data["subject_endings"])),
        tuple(ending.casefold() for ending in data["verb_endings"]),
        frozenset(word.casefold() for word in data["possessives"]),
    )


def before_a_noun(text: str, end: int) -> bool:
    """Whether "накануне" or "on the eve of" ending at ``end`` is "on the eve of" the noun after
    it ("накануне выборов", "on the eve of the rally"), which names a day only from the day that
    was set for it, rather than "the day before" ("накануне он был задержан", "Накануне
    следователь звонил ему")."""
    following = _NEXT_WORD.match(text, end)
    if following is None:
        return False
    word = following.group(1).casefold()
    known = _day_before()
    if word in known.possessives:
        # "Накануне его доставили" (him, before a verb), "накануне его задержания" (his).
        after = _NEXT_WORD.match(text, following.end())
        return after is None or not after.group(1).casefold().endswith(known.verb_endings)
    return word not in known.words and not word.endswith(known.endings)
