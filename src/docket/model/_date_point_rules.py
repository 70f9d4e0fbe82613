"""The rules that read one end of a date phrase: a day, month, season, part, year or decade.

Each rule looks ahead a bounded number of tokens from where it starts and returns the point it
read and where it ended. Apart from the rules for whole phrases (ranges, qualifiers, relative
years), which are built on these and live in ``_date_phrases``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Final

from docket.model._date_grammar import DateGrammar
from docket.model._date_points import DECADE_PART_YEARS, Point
from docket.model._lexicon import PhraseTable
from docket.model._tokens import Token, adjacent

DASHES: Final = frozenset("-–—‒−")
APOSTROPHES: Final = frozenset("'’")
# A Kyrgyz year in the genitive opens a date ("2024-жылдын 5-январында"); it never closes one.
_OPENING_YEAR_WORDS: Final = frozenset(("жылдын",))
# After "1990-": Russian case endings of the ordinal ("1990-х", "1990-е", "90-ые"), and the
# Kyrgyz plural of "year" ("1990-жылдары"), which name a decade.
_DECADE_SUFFIXES: Final = frozenset(("х", "е", "ые", "ых", "ым", "ыми"))
# The oblique cases, which no count or day takes without a noun: "в 90-х" is the nineties.
_DECADE_CASES: Final = frozenset(("х", "ых"))
_DECADE_YEAR_WORDS: Final = frozenset(
    ("жылдары", "жылдарда", "жылдардын", "жылдарга", "жылдардан", "жылдарында")
)


class PointReader:
    """The tokens of a text and the rules that read one point from them.

    Each rule returns what it read and where it ended, or None; points read once are
    remembered, as ranges try the same point several times.
    """

    def __init__(self, tokens: Sequence[Token], grammar: DateGrammar, *, finding: bool) -> None:
        self.tokens = tokens
        self.grammar = grammar
        self.finding = finding
        # Numbers longer than four digits are never part of a date (and int() of a huge digit
        # string is slow), so they are not converted at all.
        self.numbers = [
            int(token.text) if token.kind == "num" and len(token.text) <= 4 else None
            for token in tokens
        ]
        self.widths = [len(token.text) for token in tokens]
        # Ranges try the same point several times; remember each reading (packrat parsing).
        self.points: dict[tuple[int, bool], tuple[Point, int] | None] = {}

    # Token tests ------------------------------------------------------------------------------

    def _mark(self, i: int, marks: frozenset[str] | str) -> bool:
        return (
            i < len(self.tokens) and self.tokens[i].kind == "mark" and self.tokens[i].text in marks
        )

    def _digits(self, i: int, low: int, high: int) -> int | None:
        if i >= len(self.tokens):
            return None
        number = self.numbers[i]
        if number is None or not low <= self.widths[i] <= high:
            return None
        return number

    def _year_number(self, i: int) -> int | None:
        year = self._digits(i, 4, 4)
        if year is None or year < 1000:
            return None
        if self.finding and not 1000 <= year <= 2999:
            return None
        return year

    def _day_number(self, i: int) -> int | None:
        day = self._digits(i, 1, 2)
        return day if day is not None and 1 <= day <= 31 else None

    def _month(self, i: int) -> tuple[int, int, bool] | None:
        hit = self.grammar.months.match(self.tokens, i)
        if hit is None:
            return None
        word = self.tokens[i].text
        # English month names are capitalised; lower-case "may" or "march" in running text is
        # almost always the verb.
        if self.finding and word.isascii() and not word[0].isupper():
            return None
        return hit[0], hit[1], self.tokens[i].key in self.grammar.standalone_months

    def _skip(self, table: PhraseTable[object], i: int) -> int:
        hit = table.match(self.tokens, i)
        return i if hit is None else hit[1]

    def _decade(self, i: int) -> tuple[Point, Point | None, int] | None:
        """Ten years written as one: "1990s", "the 90s", "the '90s", "1990-х годах", "90-е
        годы", "в 90-х", "1990-жылдары", "90-жылдары"."""
        tokens = self.tokens
        apostrophe = self._mark(i, APOSTROPHES) and i + 1 < len(tokens)
        if apostrophe and not adjacent(tokens[i], tokens[i + 1]):
            return None
        k = i + 1 if apostrophe else i
        number = self._digits(k, 2, 2 if apostrophe else 4)
        if number is None or number % 10 or k + 1 >= len(tokens):
            return None
        short = self.widths[k] == 2
        if short:
            if number < 30:  # "20-е" could be the 1920s or the 2020s
                return None
            number += 1900
        elif number < 1000:
            return None
        after = tokens[k + 1]
        if not adjacent(tokens[k], after):
            return None
        # "the 90s": an article or an apostrophe tells a decade from an age ("in his 90s").
        written = not short or apostrophe or (i > 0 and tokens[i - 1].key == "the")
        if after.kind == "word" and after.text == "s" and written:
            j = k + 2
        elif (
            not apostrophe
            and after.text == "-"
            and k + 2 < len(tokens)
            and adjacent(after, tokens[k + 2])
        ):
            suffix = tokens[k + 2].key
            if suffix in _DECADE_SUFFIXES:
                j = self._skip(self.grammar.year_words, k + 3)
                # "на 40-е сутки" is a day, "90-е годы" a decade, and so is "в 90-х" alone.
                if j == k + 3 and short and suffix not in _DECADE_CASES:
                    return None
            elif suffix in _DECADE_YEAR_WORDS:
                j = k + 3
            else:
                return None
        else:
            return None
        return Point(year=number, year_marked=True, decade=True), None, j

    # Points ----------------------------------------------------------------------------------

    def _point(self, i: int, *, bare_day: bool) -> tuple[Point, int] | None:
        key = (i, bare_day)
        if key not in self.points:
            self.points[key] = self._read_point(i, bare_day=bare_day)
        found = self.points[key]
        # Callers fill in missing parts, so each gets its own copy.
        return None if found is None else (found[0].copy(), found[1])

    def _read_point(self, i: int, *, bare_day: bool) -> tuple[Point, int] | None:
        if i >= len(self.tokens):
            return None
        rules: tuple[Callable[[int], tuple[Point, int] | None], ...]
        if self.tokens[i].kind == "num":
            rules = (self._iso, self._dotted, self._day_first, self._year_point)
        elif self.tokens[i].kind == "mark":
            rules = (self._year_point,)  # "'23"
        elif self.tokens[i].key not in self.grammar.point_starters:
            # Each rule for a word, and the bare day, opens with a match in one of those
            # tables: most words ("the", "of", "in") are tried here and need none of them.
            return None
        else:
            rules = (self._part_first, self._season_first, self._month_first, self._day_first)
        for rule in rules:
            found = rule(i)
            if found is not None:
                return found
        if bare_day:
            day = self._day_number(i)
            if day is not None:
                return Point(day=day), self._ordinal(i + 1)
            spelled = self.grammar.day_words.match(self.tokens, i)
            if spelled is not None:
                return Point(day=spelled[0]), spelled[1]
        return None

    def _iso(self, i: int) -> tuple[Point, int] | None:
        tokens = self.tokens
        year = self._year_number(i)
        if year is None or i + 4 >= len(tokens):
            return None
        month, day = self._digits(i + 2, 2, 2), self._digits(i + 4, 2, 2)
        if month is None or day is None or not (self._mark(i + 1, "-") and self._mark(i + 3, "-")):
            return None
        if not all(adjacent(tokens[k], tokens[k + 1]) for k in range(i, i + 4)):
            return None
        return Point(year=year, month=month, day=day, year_marked=True), i + 5

    def _dotted(self, i: int) -> tuple[Point, int] | None:
        """Days as "03.05.2024" and "3/5/2024": the day first, as the documents' region writes
        them, unless the second number cannot be a month ("5/23/2024"). A year of two digits
        ("03.05.24", "5.03.24") needs a month of two, and no number joined on either side (not
        "1.03.05.24"): 00-69 are 2000-2069, 70-99 are 1970-1999. A day of one digit before it
        is also how a version, a time or an article's number is written ("version 5.03.23",
        "ст. 5.03.23", "5.03.23 ч"): the words around it must be none of those a day and month
        without a year may not stand beside."""
        tokens = self.tokens
        day, month = self._digits(i, 1, 2), self._digits(i + 2, 1, 2)
        if day is None or month is None:
            return None
        if i + 4 >= len(tokens):
            return self._day_month(i)
        year = self._year_number(i + 4)
        if year is None and self._short_year(i):
            short = self.numbers[i + 4]
            assert short is not None
            year = short + (2000 if short < 70 else 1900)
        if year is None:
            return self._day_month(i)
        if not any(self._mark(i + 1, m) and self._mark(i + 3, m) for m in "./") or not all(
            adjacent(tokens[k], tokens[k + 1]) for k in range(i, i + 4)
        ):
            return self._day_month(i)
        if tokens[i + 1].text == "/" and month > 12 and day <= 12:
            day, month = month, day
        j = i + 5
        if self._mark(j, "-") and self.grammar.year_words.match(tokens, j + 1):
            j += 1  # Kyrgyz "03.05.2024-ж."
        j = self._skip(self.grammar.year_words, j)
        return Point(year=year, month=month, day=day, year_marked=True), j

    def _day_month(self, i: int) -> tuple[Point, int] | None:
        """A day and month without a year, "12.03" or "12/03", each of two digits: read as
        "12 March" without a year is (the year from the document's date, flagged as inferred),
        day first as a full date is. Not a part of a longer number ("1.12.03", "12.03.5"), nor,
        in running text, a time ("в 10.05", "саат 10.05те"), a sum or a measure ("12.03 сом"),
        or a number of an article ("ст. 12.03"): the words around it are the lexicon's
        ``day_month_not_after`` and ``day_month_not_before``."""
        tokens = self.tokens
        if not (self._mark(i + 1, "./") and i + 2 < len(tokens)):
            return None
        day, month = self._digits(i, 2, 2), self._digits(i + 2, 2, 2)
        if (
            day is None
            or month is None
            or not all(adjacent(tokens[k], tokens[k + 1]) for k in (i, i + 1))
        ):
            return None
        if tokens[i + 1].text == "/" and month > 12 and day <= 12:
            day, month = month, day
        if not (1 <= day <= 31 and 1 <= month <= 12):
            return None
        if self._joined_before(i) or self._joined_after(i + 2):
            return None
        if self._month(i + 3) is not None:
            # "12/13 November" is a night, two days of the month named after them.
            return None
        if self.finding:
            # The word before, past the full stop of an abbreviation ("ст. 12.03").
            k = i - 2 if i > 1 and self._mark(i - 1, ".") else i - 1
            after = tokens[i + 3] if i + 3 < len(tokens) else None
            if k >= 0 and tokens[k].key in self.grammar.day_month_not_after:
                return None
            if after is not None and (
                after.key in self.grammar.day_month_not_before
                or after.key in self.grammar.unit_nouns
            ):
                return None
        return Point(month=month, day=day), i + 3

    def _joined_before(self, i: int) -> bool:
        """Whether the number at ``i`` ends a longer number or date ("1.12" before it)."""
        tokens = self.tokens
        return (
            i > 1
            and tokens[i - 1].kind == "mark"
            and tokens[i - 2].kind == "num"
            and adjacent(tokens[i - 2], tokens[i - 1])
            and adjacent(tokens[i - 1], tokens[i])
        )

    def _joined_after(self, i: int) -> bool:
        """Whether the number at ``i`` goes on into another number ("03.5", "03/2", "03:10")."""
        tokens = self.tokens
        return (
            i + 2 < len(tokens)
            and tokens[i + 1].kind == "mark"
            and tokens[i + 2].kind == "num"
            and adjacent(tokens[i], tokens[i + 1])
            and adjacent(tokens[i + 1], tokens[i + 2])
        )

    def _short_year(self, i: int) -> bool:
        """Whether tokens ``i:i+5`` are "dd.mm.yy" or "d.mm.yy" standing alone, not part of a
        longer number."""
        tokens = self.tokens
        if not all(self._digits(k, 2, 2) is not None for k in (i + 2, i + 4)):
            return False
        if self._digits(i, 2, 2) is None and (
            self._digits(i, 1, 1) is None or not self._stands_as_a_day(i, i + 5)
        ):
            return False
        joined = (
            i > 1
            and tokens[i - 1].kind == "mark"
            and tokens[i - 2].kind == "num"
            and adjacent(tokens[i - 2], tokens[i - 1])
            and adjacent(tokens[i - 1], tokens[i])
        ) or (
            i + 6 < len(tokens)
            and tokens[i + 5].kind == "mark"
            and tokens[i + 6].kind == "num"
            and adjacent(tokens[i + 4], tokens[i + 5])
            and adjacent(tokens[i + 5], tokens[i + 6])
        )
        return not joined

    def _stands_as_a_day(self, i: int, end: int) -> bool:
        """Whether the numbers at tokens ``i:end`` stand where a day may: in running text, not
        after a word of a time, an article or a version, nor before a unit."""
        if not self.finding:
            return True
        tokens, grammar = self.tokens, self.grammar
        k = i - 2 if i > 1 and self._mark(i - 1, ".") else i - 1
        if k >= 0 and tokens[k].key in grammar.day_month_not_after:
            return False
        if (
            self._mark(end, "-")
            and end + 1 < len(tokens)
            and adjacent(tokens[end], tokens[end + 1])
        ):
            end += 1  # A Kyrgyz ending after a hyphen: "1.01.10-берене".
        after = tokens[end] if end < len(tokens) else None
        return after is None or (
            after.key not in grammar.day_month_not_before and after.key not in grammar.unit_nouns
        )

    def _part_first(self, i: int) -> tuple[Point, int] | None:
        part = self.grammar.parts_before.match(self.tokens, i)
        if part is None:
            return None
        j = part[1] + 1 if self._mark(part[1], "-") else part[1]
        # "the early 2000s", "в начале 2000-х": a decade, before its first year is read alone.
        decade = self._decade(j) if part[0] in DECADE_PART_YEARS else None
        if decade is not None:
            decade[0].part = part[0]
            return decade[0], decade[2]
        found = self._month_first(j) or self._year_point(j)
        if found is None or found[0].day is not None:
            return None
        found[0].part = part[0]
        return found

    def _season_first(self, i: int) -> tuple[Point, int] | None:
        season = self.grammar.seasons.match(self.tokens, i)
        if season is None:
            return None
        point = Point(season=season[0])
        point.standalone = self.tokens[i].key in self.grammar.standalone_seasons
        j = season[1]
        tail = self._trailing_year(self._skip(self.grammar.of_words, j))
        if tail is not None:
            point.year, j, point.year_marked = tail
            if point.season == "winter":
                j = self._winter_across(point, j)
        return point, j

    def _winter_across(self, point: Point, j: int) -> int:
        """A winter named by the two years it spans ("the winter of 2022–2023", "зимой
        2022/23 годов") is the one that holds January of the second; returns where it ends."""
        first = point.year
        if first is None or not (self._mark(j, DASHES) or self._mark(j, "/")):
            return j
        second = self._year_number(j + 1)
        if second is None and self._digits(j + 1, 2, 2) == (first + 1) % 100:
            second = first + 1
        if second != first + 1:
            return j
        point.year = second
        j += 2
        if self._mark(j, "-") and self.grammar.year_words.match(self.tokens, j + 1):
            j += 1  # Kyrgyz "2022–2023-жылдардын кышында" puts the years first
        return self._skip(self.grammar.year_words, j)

    def _ordinal(self, i: int) -> int:
        if self._mark(i, "-") and self.grammar.ordinals.match(self.tokens, i + 1):
            return self._skip(self.grammar.ordinals, i + 1)
        return self._skip(self.grammar.ordinals, i)

    def _day_first(self, i: int) -> tuple[Point, int] | None:
        day = self._day_number(i)
        if day is None:
            spelled = self.grammar.day_words.match(self.tokens, i)
            if spelled is None:
                return None
            day, j = spelled
        else:
            j = self._skip(self.grammar.of_words, self._ordinal(i + 1))
        if self._mark(j, "-"):  # Kyrgyz "23-октябрында"
            j += 1
        month = self._month(j)
        if month is None:
            return None
        point = Point(day=day, month=month[0])
        j = self._skip(self.grammar.month_words, month[1])
        tail = self._trailing_year(j + 1 if self._mark(j, ",") else j)
        if tail is not None:
            point.year, j, point.year_marked = tail
        return point, j

    def _month_first(self, i: int) -> tuple[Point, int] | None:
        month = self._month(i)
        if month is None:
            return None
        point = Point(month=month[0], standalone=month[2])
        j = self._skip(self.grammar.month_words, month[1])
        # "май айында", "in the month of May": the word for month makes a bare name a date.
        point.standalone = point.standalone or j > month[1]
        day = self._day_number(j)
        following = self.tokens[j + 1] if j + 1 < len(self.tokens) else None
        # "In May 12 people died": a number followed by a counted noun is not the day.
        if day is not None and not (
            self.finding and following is not None and following.key in self.grammar.unit_nouns
        ):
            point.day = day
            j = self._ordinal(j + 1)
        tail = self._trailing_year(j + 1 if self._mark(j, ",") else j)
        if tail is not None:
            point.year, j, point.year_marked = tail
        elif point.day is None:
            # Kyrgyz puts a part after its month, also at the ends of a range: "февралдын
            # аягы – марттын башында", from late February to early March.
            part = self.grammar.parts_after.match(self.tokens, j)
            if part is not None:
                point.part, j = part
        return point, j

    def opens_short_year(self, i: int) -> bool:
        """Whether the mark at ``i`` is an apostrophe before two digits ("'23", "'90s")."""
        return (
            self._mark(i, APOSTROPHES)
            and self._digits(i + 1, 2, 2) is not None
            and adjacent(self.tokens[i], self.tokens[i + 1])
        )

    def apostrophe_year(self, i: int) -> int | None:
        """A year of two digits after an apostrophe ("the protests of '23", "May '98"): not
        inside a word ("rock'n'roll") nor before a counted noun ("'90 people"); 00-69 are
        2000-2069, 70-99 are 1970-1999."""
        tokens = self.tokens
        if not self._mark(i, APOSTROPHES) or i + 1 >= len(tokens):
            return None
        short = self._digits(i + 1, 2, 2)
        if short is None or not adjacent(tokens[i], tokens[i + 1]):
            return None
        if i > 0 and adjacent(tokens[i - 1], tokens[i]) and tokens[i - 1].kind != "mark":
            return None
        if i + 2 < len(tokens):
            after = tokens[i + 2]
            if adjacent(tokens[i + 1], after) and after.kind != "mark":
                return None
            if after.key in self.grammar.unit_nouns:
                return None
        return short + (2000 if short < 70 else 1900)

    def _year_tail(self, i: int) -> tuple[int, int, bool] | None:
        short = self.apostrophe_year(i)
        if short is not None:
            return short, i + 2, True
        year = self._year_number(i)
        if year is None:
            return None
        j = i + 2 if self._mark(i + 1, "-") else i + 1
        word = self.grammar.year_words.match(self.tokens, j)
        if word is not None:
            return year, word[1], True
        return year, i + 1, False

    def _trailing_year(self, i: int) -> tuple[int, int, bool] | None:
        """A year after a day, month or season ("3 May 2024", "12-июнь 2024-жыл"); not a
        Kyrgyz year in the genitive, which opens the next date ("… 10-декабрынан 2024-жылдын
        5-январына чейин")."""
        tail = self._year_tail(i)
        if tail is None or self.tokens[tail[1] - 1].key in _OPENING_YEAR_WORDS:
            return None
        return tail

    def _year_first(self, i: int) -> tuple[Point, int] | None:
        """A Kyrgyz point with its year before it: "2024-жылдын 5-январына"."""
        head = self._year_tail(i)
        if head is None or not head[2]:
            return None
        point = self._point(head[1], bare_day=False)
        if point is None or point[0].year is not None or point[0].month is None:
            return None
        point[0].year, point[0].year_marked = head[0], True
        return point

    def _year_point(self, i: int) -> tuple[Point, int] | None:
        tail = self._year_tail(i)
        if tail is None:
            return None
        return Point(year=tail[0], year_marked=tail[2]), tail[1]
