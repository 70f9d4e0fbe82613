"""Reading date phrases in English, Russian and Kyrgyz into ranges of days.

The words come from ``lexicon/dates.yaml``. Text is split into tokens once; a small
recursive-descent reader then tries, at each token that can start a phrase, a fixed set of
rules that look ahead a bounded number of tokens, so finding dates in a text is linear in its
length (no backtracking regular expression over the whole text).

This module holds the entry points and the rules for whole phrases (qualifiers, ranges,
relative years) and what a phrase means; the compiled lexicon is in ``_date_grammar``, the
rules for one point in ``_date_point_rules``, the days a point spans in ``_date_points``, and
whether a phrase's sentence tells of what is to come in ``_date_tense``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Final, NamedTuple, TypeVar

from docket.errors import InvalidDate
from docket.model._calendar import SEASON_BY_CODE, Precision
from docket.model._date_grammar import date_grammar
from docket.model._date_point_rules import APOSTROPHES, DASHES, PointReader
from docket.model._date_points import (
    DECADE_PART_YEARS,
    PART_MONTHS,
    Point,
    inferred_span,
    not_before_told,
    points_span,
    share_ends,
    years_only,
)
from docket.model._date_tense import SentenceTense
from docket.model._lexicon import languages_for
from docket.model._tokens import adjacent, quote, tokenize

__all__ = ["PART_MONTHS", "Reading", "find_phrases", "read_phrase"]

T = TypeVar("T")

_TRAILING: Final = frozenset(".,;:")
_ONE_DAY: Final = timedelta(days=1)


class Reading(NamedTuple):
    """What a phrase means, in the fields of an UncertainDate."""

    start: date | None
    end: date | None
    precision: Precision
    approximate: bool
    year_inferred: bool


def read_phrase(text: str, reference: date | None, language: str | None) -> Reading:
    """The meaning of ``text``, which must be one date phrase; raises InvalidDate."""
    tokens = tokenize(text)
    reader = _Reader(tokens, date_grammar(languages_for(language)), finding=False)
    phrase = reader.phrase(0)
    if phrase is None or any(
        token.kind != "mark" or token.text not in _TRAILING for token in tokens[phrase.end :]
    ):
        raise InvalidDate(f"not a date: {quote(text)}")
    return reader.value(phrase, reference, text)


def find_phrases(
    text: str,
    reference: date | None,
    language: str | None,
    build: Callable[[Reading, str], T],
    *,
    since_open: bool = True,
    until_open: bool = True,
) -> list[tuple[int, int, T]]:
    """``(start, end, build(reading, phrase))`` for each date phrase in running text.

    A phrase whose reading ``build`` refuses with InvalidDate is skipped. With ``since_open``
    false, "since X" is read as X itself, the time a state that still holds began; with
    ``until_open`` false, "until X" and "before X" are X, the time it ends.
    """
    grammar = date_grammar(languages_for(language))
    tokens = tokenize(text)
    reader = _Reader(tokens, grammar, finding=True)
    tense = SentenceTense(text, tokens, grammar)
    found: list[tuple[int, int, T]] = []
    # The last day read: a term or deadline without a year that ends there is not before it.
    told: date | None = None
    i = 0
    while i < len(tokens):
        token = tokens[i]
        glued = i > 0 and tokens[i - 1].kind != "mark" and adjacent(tokens[i - 1], token)
        # "№ 1-234/2023", "case 12/2023": a number after a slash ends a case or file number.
        numbered = (
            i > 1
            and token.kind == "num"
            and tokens[i - 1].text == "/"
            and adjacent(tokens[i - 1], token)
            and tokens[i - 2].kind == "num"
        )
        if (
            (token.kind == "mark" and not reader.opens_short_year(i))
            or glued
            or numbered
            or (token.kind == "word" and token.key not in grammar.starters)
        ):
            i += 1
            continue
        phrase = reader.phrase(i)
        if phrase is not None and reader.acceptable(phrase):
            after = tokens[phrase.end] if phrase.end < len(tokens) else None
            last = tokens[phrase.end - 1]
            if after is None or after.kind == "mark" or not adjacent(last, after):
                start, end = token.start, last.end
                forward = tense.speaks_of_future(i, phrase.end) or (
                    phrase.relation in ("until", "before") and tense.speaks_of_term(i, phrase.end)
                )
                try:
                    reading = reader.value(
                        phrase,
                        reference,
                        text[start:end],
                        forward=forward,
                        since_open=since_open,
                        until_open=until_open,
                        told=told,
                    )
                    value = build(reading, text[start:end])
                except InvalidDate:
                    pass
                else:
                    found.append((start, end, value))
                    if reading.precision is Precision.DAY and reading.start == reading.end:
                        told = reading.end
                    i = phrase.end
                    continue
        i += 1
    return found


_ABLATIVE_ENDINGS: Final = tuple(
    consonant + vowel for consonant in "дтн" for vowel in ("ан", "ен", "он", "өн")
)
_DATIVE_ENDINGS: Final = tuple(consonant + vowel for consonant in "гкн" for vowel in "аеоө")
_RANGE_CLOSERS: Final = frozenset(("чейин", "дейре"))
# Kyrgyz tells a night as the day it turns from: "4-марттан 5-мартка караган түнү", or with the
# first day the object of "караган" in the accusative, "4-мартты 5-мартка караган түнү".
_ACCUSATIVE_ENDINGS: Final = tuple(consonant + vowel for consonant in "дтн" for vowel in "ыиуү")
_NIGHT_TURNS: Final = frozenset(("караган", "өтөр"))


@dataclass
class _Phrase:
    first: Point | None  # None: the date is stated to be unknown
    last: Point | None  # set for ranges
    relation: str | None
    approximate: bool
    preposition: bool
    introduced: bool
    end: int
    marked_inferred: bool = False
    # Years from the reference's year, for "3 May last year", "былтыр 3-майда".
    year_offset: int | None = None


class _Reader(PointReader):
    """A recursive-descent reader over tokens; each rule returns what it read and where it ended.

    Rules take the first alternative that matches and never look back further than a few
    tokens, so reading a whole text is linear in its length. The rules for one point are
    ``PointReader``'s; this class adds those for whole phrases and what a phrase means.
    """

    # Phrase ----------------------------------------------------------------------------------

    def phrase(self, i: int) -> _Phrase | None:
        grammar = self.grammar
        unknown = grammar.unknown.match(self.tokens, i)
        # One word such as "unknown" in running text is rarely about a date.
        if unknown is not None and not (self.finding and unknown[0] < 2):
            return _Phrase(None, None, None, False, False, True, unknown[1])
        j = i
        relation: str | None = None
        approximate = preposition = introduced = False
        core: tuple[Point, Point | None, int] | None = None
        year_offset: int | None = None
        for _ in range(4):
            core = self._core(j)
            if core is not None:
                break
            if year_offset is None and (years := grammar.relative_years.match(self.tokens, j)):
                year_offset, j = years
                introduced = True
                continue
            if not preposition and (hit := grammar.prepositions.match(self.tokens, j)):
                preposition = introduced = True
                j = hit[1]
                continue
            qualifier = grammar.qualifiers_before.match(self.tokens, j)
            if qualifier is None:
                return None
            introduced = True
            j = qualifier[1]
            if qualifier[0] == "approximate":
                approximate = True
            elif relation is None:
                relation = qualifier[0]
            else:
                return None
        if core is None:
            return None
        first, last, j = core
        if last is not None and last.coded_end and not introduced:
            return None
        for _ in range(2):
            qualifier = grammar.qualifiers_after.match(self.tokens, j)
            if qualifier is None:
                break
            j = qualifier[1]
            if qualifier[0] == "approximate":
                approximate = True
            elif relation is None:
                # "январдан бери", "майга чейин": the postposition makes a bare month a date.
                relation, introduced = qualifier[0], True
            else:
                return None
        yearless = first.year is None and (last is None or last.year is None)
        if year_offset is None and yearless:
            after = grammar.relative_years.match(self.tokens, j)
            if after is not None:
                year_offset, j = after
        if not yearless:
            year_offset = None
        marked = grammar.year_inferred.match(self.tokens, j)
        phrase = _Phrase(first, last, relation, approximate, preposition, introduced, j)
        phrase.year_offset = year_offset
        if marked is not None:
            phrase.marked_inferred, phrase.end = True, marked[1]
        return phrase

    def _core(self, i: int) -> tuple[Point, Point | None, int] | None:
        decade = self._decade(i)
        if decade is not None:
            # "2000-жылдардын башында": the part of the decade follows it.
            part = self.grammar.parts_after.match(self.tokens, decade[2])
            if part is not None and part[0] in DECADE_PART_YEARS:
                decade[0].part = part[0]
                return decade[0], None, part[1]
            return decade
        head = self._year_tail(i)
        result: tuple[Point, Point | None, int] | None = None
        if head is not None and head[2] and not self._mark(i, APOSTROPHES):
            # Kyrgyz puts the year first: "2022-жылдын 23-октябрында", "2019-жылдын аягында".
            year, j, _ = head
            sub = self._range(j) or self._single(j)
            # The year is the first point's; a range's end may name its own ("2023-жылдын
            # 10-декабрынан 2024-жылдын 5-январына чейин").
            if sub is not None and sub[0].year is None:
                for point in sub[:2]:
                    if point is not None and point.year is None:
                        point.year = year
                        point.year_marked = True
                result = sub
            else:
                result = (Point(year=year, year_marked=True), None, j)
                ranged = self._year_range(j, year)
                if ranged is not None:
                    result = ranged
        else:
            result = self._range(i) or self._single(i)
        if result is None:
            return None
        first, last, j = result
        if last is not None and years_only(first, last) and last.year == (first.year or 0) + 1:
            # Kyrgyz "2022–2023-жылдардын кышында": the winter that holds January of the second.
            season = self.grammar.seasons.match(self.tokens, j)
            if season is not None and season[0] == "winter":
                return Point(year=last.year, season="winter", year_marked=True), None, season[1]
        if last is None and first.part is None and first.day is None and first.season is None:
            part = self.grammar.parts_after.match(self.tokens, j)
            if part is not None:
                first.part, j = part
        return first, last, j

    def _year_range(self, j: int, year: int) -> tuple[Point, Point | None, int] | None:
        """Kyrgyz years from one to another: "2020-жылдан 2023-жылга (чейин)"."""
        if not self.tokens[j - 1].key.endswith(_ABLATIVE_ENDINGS):
            return None
        tail = self._year_tail(j)
        if tail is None or not tail[2] or tail[0] < year:
            return None
        end = tail[1]
        if not self.tokens[end - 1].key.endswith(_DATIVE_ENDINGS):
            return None
        if end < len(self.tokens) and self.tokens[end].key in _RANGE_CLOSERS:
            end += 1
        first = Point(year=year, year_marked=True)
        return first, Point(year=tail[0], year_marked=True), end

    def _single(self, i: int) -> tuple[Point, Point | None, int] | None:
        point = self._point(i, bare_day=False)
        return None if point is None else (point[0], None, point[1])

    def _range(self, i: int) -> tuple[Point, Point | None, int] | None:
        grammar = self.grammar
        opener = grammar.range_openers.match(self.tokens, i)
        j = i if opener is None else self._article(opener[1])
        left = self._point(j, bare_day=True)
        if left is None:
            return None
        first, j = left
        joiner: tuple[object, int] | None
        listed = False
        # Kyrgyz "2- жана 3-январда": a day's hyphen left hanging before "and" shares the month
        # and ending of the last day, and so do the days listed before it ("3-, 5- жана").
        k = j
        if first.month is None and first.year is None:
            while (
                self._mark(k, "-")
                and self._mark(k + 1, ",")
                and self._day_number(k + 2) is not None
                and self._mark(k + 3, "-")
            ):
                k += 3
        hanging = (
            grammar.range_joiners["ellipsis"].match(self.tokens, k + 1)
            if self._mark(k, "-") and first.month is None and first.year is None
            else None
        )
        if opener is not None:
            joiner = grammar.range_joiners[opener[0]].match(self.tokens, j)
        elif hanging is not None:
            joiner = hanging
        elif self._mark(j, DASHES) or self._night_slash(first, j):
            joiner = (True, j + 1)
        elif j > i and self.tokens[j - 1].key.endswith(_ABLATIVE_ENDINGS):
            # Kyrgyz marks a range's ends by case: "1-майдан 3-майга (чейин)", from 1 to 3 May.
            joiner = (True, j)
        elif j > i and self._night_turning(j):
            joiner = (True, j)
        else:
            listed = True
            # "1, 2 and 3 May": days listed before the last share its month.
            while (
                first.month is None
                and self._mark(j, ",")
                and self._day_number(j + 1) is not None
                and self._ordinal(j + 2) == j + 2
            ):
                j += 2
            joiner = grammar.range_joiners["plain"].match(self.tokens, j)
            # "7 and 8 August" shares one month; "7 August 2019 and 8 May 2020" and "1 мая и 3
            # мая" are two dates.
            if joiner is None and first.year is None and (first.day is None or first.month is None):
                joiner = grammar.range_joiners["ellipsis"].match(self.tokens, j)
        if joiner is None:
            return None
        own_year = self._year_first(joiner[1])
        if own_year is not None and listed:
            # "2023-жылдын апрелинде жана 2024-жылдын майында": a member of a list that opens
            # with its own year is a date of its own, not the end of a range.
            return None
        right = (
            own_year
            or self._short_year_end(first, joiner[1])
            or self._point(self._article(joiner[1]), bare_day=True)
        )
        if right is None:
            return None
        last, j = right
        if listed and first.day is None and first.month is not None and last.day is not None:
            # "в апреле и 5 сентября", "in April and on 5 May": a month and a day listed are two
            # dates; "в апреле и мае" is one stretch.
            return None
        if last.year is None:
            tail = self._trailing_year(j + 1 if self._mark(j, ",") else j)
            if tail is not None:
                last.year, j, last.year_marked = tail
        yearless = first.year is None
        if not share_ends(first, last):
            return None
        if own_year is not None and yearless:
            # The end's year is its own; the start takes the one written before it.
            first.year, first.year_marked = None, False
        if (
            opener is None
            and joiner == (True, left[1])
            and j < len(self.tokens)
            and self.tokens[j].key in _RANGE_CLOSERS
            and self.tokens[j - 1].key.endswith(_DATIVE_ENDINGS)
        ):
            j += 1  # "... 3-майга чейин": up to the day named, which the range includes
        return first, last, j

    def _night_turning(self, j: int) -> bool:
        """Whether the point ending at ``j`` in the accusative opens a Kyrgyz night, the next
        point in the dative before "караган" ("4-мартты 5-мартка караган түнү")."""
        if not self.tokens[j - 1].key.endswith(_ACCUSATIVE_ENDINGS):
            return False
        right = self._point(j, bare_day=False)
        if right is None or right[1] >= len(self.tokens):
            return False
        end = right[1]
        return (
            self.tokens[end - 1].key.endswith(_DATIVE_ENDINGS)
            and self.tokens[end].key in _NIGHT_TURNS
        )

    def _short_year_end(self, first: Point, i: int) -> tuple[Point, int] | None:
        """The end of "2021-22", "2021–22 гг.": two digits after a year's dash are a later year
        of its century."""
        if not years_only(first) or first.year is None or first.decade:
            return None
        number = self._digits(i, 2, 2)
        if number is None or i == 0 or not adjacent(self.tokens[i - 1], self.tokens[i]):
            return None
        year = first.year // 100 * 100 + number
        if year <= first.year:
            return None
        # "2021-22" alone is also the canonical form of a month or season (summer 2021): only
        # a word before it ("in 2021-22") or a dash other than the hyphen makes it two years.
        coded = self.tokens[i - 1].text == "-" and (1 <= number <= 12 or number in SEASON_BY_CODE)
        return (
            Point(year=year, year_marked=True, coded_end=coded),
            self._skip(self.grammar.year_words, i + 1),
        )

    def _article(self, i: int) -> int:
        """After "from", "between" or "to": past an article before a day's number ("from the
        3rd to the 5th of March")."""
        hit = self.grammar.day_articles.match(self.tokens, i)
        if hit is None or self._day_number(hit[1]) is None:
            return i
        return hit[1]

    def _night_slash(self, first: Point, j: int) -> bool:
        """Whether a night is written as two days in a row joined by a slash, the second with
        its month: "2/3 March" (not "2/3" alone, not "2/5 March")."""
        if first.day is None or first.month is not None or not self._mark(j, "/"):
            return False
        tokens = self.tokens
        if not (adjacent(tokens[j - 1], tokens[j]) and j + 1 < len(tokens)):
            return False
        return adjacent(tokens[j], tokens[j + 1]) and self._day_number(j + 1) == first.day + 1

    # Meaning ---------------------------------------------------------------------------------

    def value(
        self,
        phrase: _Phrase,
        reference: date | None,
        text: str,
        *,
        forward: bool = False,
        since_open: bool = True,
        until_open: bool = True,
        told: date | None = None,
    ) -> Reading:
        """The date a phrase means; raises InvalidDate if it means none.

        A phrase without a year takes it from ``reference``: the latest such date not after it,
        or with ``forward`` (a sentence about what is to come) the one nearest to it.
        """
        if phrase.first is None:
            return Reading(None, None, Precision.UNKNOWN, False, False)
        points = [phrase.first] if phrase.last is None else [phrase.first, phrase.last]
        if phrase.year_offset is not None and reference is not None:
            # The text names the year relative to the reference: stated, not inferred.
            year = reference.year + phrase.year_offset
            points = [replace(point, year=point.year or year) for point in points]
            if len(points) > 1 and (points[0].month or 0) > (points[1].month or 0):
                points[0].year = year - 1
        inferred = any(point.year is None for point in points)
        try:
            if inferred:
                if reference is None:
                    raise InvalidDate(f"{quote(text)} has no year; give a reference date")
                start, end, precision = inferred_span(points, reference, forward=forward)
                if not until_open and phrase.relation in ("until", "before"):
                    start, end, precision = not_before_told(points, told, (start, end, precision))
            else:
                start, end, precision = points_span(points)
            first: date | None = start
            last: date | None = end
            if phrase.relation == "before" and until_open:
                first, last = None, start - _ONE_DAY
            elif phrase.relation == "until" and until_open:
                first = None
            elif phrase.relation == "after":
                first, last = end + _ONE_DAY, None
            elif phrase.relation == "since" and since_open:
                last = None
        except (ValueError, OverflowError) as error:
            raise InvalidDate(f"not a valid date: {quote(text)}") from error
        return Reading(
            first, last, precision, phrase.approximate, inferred or phrase.marked_inferred
        )

    def acceptable(self, phrase: _Phrase) -> bool:
        """Whether a phrase found in running text is likely meant as a date."""
        point = phrase.first
        if point is None or phrase.last is not None:
            return True
        if point.bare_period and not (phrase.introduced or point.standalone):
            return False
        if point.bare_year:
            following = self.tokens[phrase.end] if phrase.end < len(self.tokens) else None
            if following is not None and following.key in self.grammar.unit_nouns:
                # "about 2000 people" is a count, not a year
                return phrase.preposition
            # A number far from now is a year only after a preposition ("in 1856"): "к 1500
            # сомам", "до 1500 сомов" are sums.
            if not phrase.preposition and not 1900 <= (point.year or 0) <= 2099:
                return False
        return True
