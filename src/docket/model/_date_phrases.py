"""Reading date phrases in English, Russian and Kyrgyz into ranges of days.

The words come from ``lexicon/dates.yaml``. Text is split into tokens once; a small
recursive-descent reader then tries, at each token that can start a phrase, a fixed set of
rules that look ahead a bounded number of tokens, so finding dates in a text is linear in its
length (no backtracking regular expression over the whole text).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache
from typing import Any, Final, NamedTuple, TypeVar

from docket.errors import InvalidDate
from docket.model._calendar import (
    SEASON_BY_CODE,
    Precision,
    combine,
    last_day,
    season_bounds,
)
from docket.model._lexicon import PhraseTable, entries, languages_for, load_lexicon
from docket.model._tokens import Token, adjacent, fold, quote, tokenize
from docket.model.taxonomy import load_taxonomy

T = TypeVar("T")

# Months of a year's parts: "early 2023", "во второй половине 2023 года", "2023-жылдын ортосунда".
PART_MONTHS: Final = {
    "early": (1, 4),
    "mid": (5, 8),
    "late": (9, 12),
    "first_half": (1, 6),
    "second_half": (7, 12),
    "first_quarter": (1, 3),
    "second_quarter": (4, 6),
    "third_quarter": (7, 9),
    "fourth_quarter": (10, 12),
}
# Years of a decade's parts, counted from its first year: "the early 2000s" is 2000-2003, "в
# середине 2010-х" 2014-2016, "1990-жылдардын аягында" 1997-1999, as a year's parts are its
# thirds.
_DECADE_PART_YEARS: Final = {
    "early": (0, 3),
    "mid": (4, 6),
    "late": (7, 9),
    "first_half": (0, 4),
    "second_half": (5, 9),
}
_PART_DAYS: Final = {
    "early": (1, 10),
    "mid": (11, 20),
    "late": (21, 31),
    "first_half": (1, 15),
    "second_half": (16, 31),
    # "the first days of May", "в последние дни апреля": the month's early and late days.
    "first_days": (1, 10),
    "last_days": (21, 31),
    # Weeks of a month count from its first day; the last week is its last seven days.
    "first_week": (1, 7),
    "second_week": (8, 14),
    "third_week": (15, 21),
    "fourth_week": (22, 28),
    "last_week": (-6, 31),
}
_DASHES: Final = frozenset("-–—‒−")
_APOSTROPHES: Final = frozenset("'’")
_TRAILING: Final = frozenset(".,;:")
_ONE_DAY: Final = timedelta(days=1)
# A year-less phrase takes the latest matching year not after the reference; looking further back
# than this only matters for 29 February.
_INFERENCE_YEARS: Final = 9
# How far around a date phrase a word of the future is looked for, in tokens.
_SENTENCE_REACH: Final = 40


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
    reader = _Reader(tokens, _grammar(languages_for(language)), finding=False)
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
    grammar = _grammar(languages_for(language))
    tokens = tokenize(text)
    reader = _Reader(tokens, grammar, finding=True)
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
                forward = reader.speaks_of_future(i, phrase.end) or (
                    phrase.relation in ("until", "before") and reader.speaks_of_term(i, phrase.end)
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


@dataclass(frozen=True)
class _Grammar:
    """The lexicon for one choice of languages, compiled into phrase tables."""

    months: PhraseTable[int]
    standalone_months: frozenset[str]
    month_words: PhraseTable[object]
    seasons: PhraseTable[str]
    standalone_seasons: frozenset[str]
    parts_before: PhraseTable[str]
    parts_after: PhraseTable[str]
    year_words: PhraseTable[object]
    ordinals: PhraseTable[object]
    day_words: PhraseTable[int]
    of_words: PhraseTable[object]
    day_articles: PhraseTable[object]
    prepositions: PhraseTable[object]
    qualifiers_before: PhraseTable[str]
    qualifiers_after: PhraseTable[str]
    range_openers: PhraseTable[str]
    range_joiners: Mapping[str, PhraseTable[object]]
    unknown: PhraseTable[int]
    year_inferred: PhraseTable[object]
    future: PhraseTable[object]
    terms: PhraseTable[object]
    relative_years: PhraseTable[int]
    unit_nouns: frozenset[str]
    starters: frozenset[str]
    # The first words of the parts, seasons, months and spelled days: what a point not opened
    # by a number must begin with.
    point_starters: frozenset[str]


_QUALIFIERS_BEFORE: Final = {
    "approximate_before": "approximate",
    "before_before": "before",
    "until_before": "until",
    "after_before": "after",
    "since_before": "since",
}
_QUALIFIERS_AFTER: Final = {
    "approximate_after": "approximate",
    "before_after": "before",
    "after_after": "after",
    "since_after": "since",
}


@cache
def _grammar(languages: tuple[str, ...]) -> _Grammar:
    lexicon = load_lexicon("dates")

    def pairs(section: str) -> list[tuple[str, Any]]:
        return entries(lexicon[section], languages)

    def keys(section: str) -> frozenset[str]:
        return frozenset(fold(word) for word, _ in pairs(section))

    def renamed(names: Mapping[str, str]) -> PhraseTable[str]:
        return PhraseTable(
            (word, meaning) for section, meaning in names.items() for word, _ in pairs(section)
        )

    months = PhraseTable((word, int(month)) for word, month in pairs("months"))
    seasons = PhraseTable((word, str(season)) for word, season in pairs("seasons"))
    parts_before = PhraseTable((word, str(part)) for word, part in pairs("parts_before"))
    prepositions: PhraseTable[object] = PhraseTable(pairs("prepositions"))
    qualifiers_before = renamed(_QUALIFIERS_BEFORE)
    range_openers = PhraseTable((word, str(kind)) for word, kind in pairs("range_openers"))
    unknown = PhraseTable((word, len(word.split())) for word, _ in pairs("unknown"))
    joiners = pairs("range_joiners")
    # Words that start a count ("2000 people") tell a number from a year in running text.
    unit_nouns = frozenset(
        fold(synonym.split()[0])
        for term in load_taxonomy("counting_units")
        for synonyms in term.synonyms.values()
        for synonym in synonyms
    )
    relative_years = PhraseTable((word, int(years)) for word, years in pairs("relative_years"))
    day_words = PhraseTable((word, int(day)) for word, day in pairs("day_words"))
    starters = (
        day_words,
        months,
        seasons,
        parts_before,
        prepositions,
        qualifiers_before,
        range_openers,
        relative_years,
    )
    return _Grammar(
        months=months,
        standalone_months=keys("standalone_months"),
        month_words=PhraseTable(pairs("month_words")),
        seasons=seasons,
        standalone_seasons=keys("standalone_seasons"),
        parts_before=parts_before,
        parts_after=PhraseTable((word, str(part)) for word, part in pairs("parts_after")),
        year_words=PhraseTable(pairs("year_words")),
        ordinals=PhraseTable(pairs("ordinals")),
        day_words=day_words,
        of_words=PhraseTable(pairs("of_words")),
        day_articles=PhraseTable(pairs("day_articles")),
        prepositions=prepositions,
        qualifiers_before=qualifiers_before,
        qualifiers_after=renamed(_QUALIFIERS_AFTER),
        range_openers=range_openers,
        range_joiners={
            kind: PhraseTable((word, True) for word, k in joiners if k == kind)
            for kind in ("between", "from", "plain", "ellipsis")
        },
        unknown=unknown,
        year_inferred=PhraseTable(pairs("year_inferred")),
        future=PhraseTable(pairs("future")),
        terms=PhraseTable(pairs("terms")),
        relative_years=relative_years,
        unit_nouns=unit_nouns,
        starters=unknown.first_words().union(*(table.first_words() for table in starters)),
        point_starters=frozenset().union(
            *(table.first_words() for table in (parts_before, seasons, months, day_words))
        ),
    )


@dataclass(slots=True)
class _Point:
    """One end of a date phrase, as far as the words go; the year may still be missing."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    season: str | None = None
    part: str | None = None
    year_marked: bool = False
    standalone: bool = False
    # "the 1990s", "в 1990-х годах", "1990-жылдары": ten years from ``year``.
    decade: bool = False
    # The end of "2021-22", which alone would read as a season or month of 2021.
    coded_end: bool = False

    @property
    def bare_year(self) -> bool:
        return (
            self.year is not None
            and not self.year_marked
            and self.month is None
            and self.season is None
            and self.part is None
        )

    @property
    def bare_period(self) -> bool:
        """A month or season word alone, with no day, year or part."""
        return self.year is None and self.day is None and self.part is None

    def copy(self) -> _Point:
        return _Point(
            self.year,
            self.month,
            self.day,
            self.season,
            self.part,
            self.year_marked,
            self.standalone,
            self.decade,
            self.coded_end,
        )


@dataclass
class _Phrase:
    first: _Point | None  # None: the date is stated to be unknown
    last: _Point | None  # set for ranges
    relation: str | None
    approximate: bool
    preposition: bool
    introduced: bool
    end: int
    marked_inferred: bool = False
    # Years from the reference's year, for "3 May last year", "былтыр 3-майда".
    year_offset: int | None = None


class _Reader:
    """A recursive-descent reader over tokens; each rule returns what it read and where it ended.

    Rules take the first alternative that matches and never look back further than a few
    tokens, so reading a whole text is linear in its length.
    """

    def __init__(self, tokens: Sequence[Token], grammar: _Grammar, *, finding: bool) -> None:
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
        self.points: dict[tuple[int, bool], tuple[_Point, int] | None] = {}

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
        core: tuple[_Point, _Point | None, int] | None = None
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

    def _core(self, i: int) -> tuple[_Point, _Point | None, int] | None:
        decade = self._decade(i)
        if decade is not None:
            # "2000-жылдардын башында": the part of the decade follows it.
            part = self.grammar.parts_after.match(self.tokens, decade[2])
            if part is not None and part[0] in _DECADE_PART_YEARS:
                decade[0].part = part[0]
                return decade[0], None, part[1]
            return decade
        head = self._year_tail(i)
        result: tuple[_Point, _Point | None, int] | None = None
        if head is not None and head[2] and not self._mark(i, _APOSTROPHES):
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
                result = (_Point(year=year, year_marked=True), None, j)
                ranged = self._year_range(j, year)
                if ranged is not None:
                    result = ranged
        else:
            result = self._range(i) or self._single(i)
        if result is None:
            return None
        first, last, j = result
        if last is not None and _years_only(first, last) and last.year == (first.year or 0) + 1:
            # Kyrgyz "2022–2023-жылдардын кышында": the winter that holds January of the second.
            season = self.grammar.seasons.match(self.tokens, j)
            if season is not None and season[0] == "winter":
                return _Point(year=last.year, season="winter", year_marked=True), None, season[1]
        if last is None and first.part is None and first.day is None and first.season is None:
            part = self.grammar.parts_after.match(self.tokens, j)
            if part is not None:
                first.part, j = part
        return first, last, j

    def _decade(self, i: int) -> tuple[_Point, _Point | None, int] | None:
        """Ten years written as one: "1990s", "the 90s", "the '90s", "1990-х годах", "90-е
        годы", "в 90-х", "1990-жылдары", "90-жылдары"."""
        tokens = self.tokens
        apostrophe = self._mark(i, _APOSTROPHES) and i + 1 < len(tokens)
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
        return _Point(year=number, year_marked=True, decade=True), None, j

    def _year_range(self, j: int, year: int) -> tuple[_Point, _Point | None, int] | None:
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
        first = _Point(year=year, year_marked=True)
        return first, _Point(year=tail[0], year_marked=True), end

    def _single(self, i: int) -> tuple[_Point, _Point | None, int] | None:
        point = self._point(i, bare_day=False)
        return None if point is None else (point[0], None, point[1])

    def _range(self, i: int) -> tuple[_Point, _Point | None, int] | None:
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
        elif self._mark(j, _DASHES) or self._night_slash(first, j):
            joiner = (True, j + 1)
        elif j > i and self.tokens[j - 1].key.endswith(_ABLATIVE_ENDINGS):
            # Kyrgyz marks a range's ends by case: "1-майдан 3-майга (чейин)", from 1 to 3 May.
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
        if last.year is None:
            tail = self._trailing_year(j + 1 if self._mark(j, ",") else j)
            if tail is not None:
                last.year, j, last.year_marked = tail
        yearless = first.year is None
        if not _share(first, last):
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

    def _short_year_end(self, first: _Point, i: int) -> tuple[_Point, int] | None:
        """The end of "2021-22", "2021–22 гг.": two digits after a year's dash are a later year
        of its century."""
        if not _years_only(first) or first.year is None or first.decade:
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
            _Point(year=year, year_marked=True, coded_end=coded),
            self._skip(self.grammar.year_words, i + 1),
        )

    # Points ----------------------------------------------------------------------------------

    def _point(self, i: int, *, bare_day: bool) -> tuple[_Point, int] | None:
        key = (i, bare_day)
        if key not in self.points:
            self.points[key] = self._read_point(i, bare_day=bare_day)
        found = self.points[key]
        # Callers fill in missing parts, so each gets its own copy.
        return None if found is None else (found[0].copy(), found[1])

    def _read_point(self, i: int, *, bare_day: bool) -> tuple[_Point, int] | None:
        if i >= len(self.tokens):
            return None
        rules: tuple[Callable[[int], tuple[_Point, int] | None], ...]
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
                return _Point(day=day), self._ordinal(i + 1)
            spelled = self.grammar.day_words.match(self.tokens, i)
            if spelled is not None:
                return _Point(day=spelled[0]), spelled[1]
        return None

    def _iso(self, i: int) -> tuple[_Point, int] | None:
        tokens = self.tokens
        year = self._year_number(i)
        if year is None or i + 4 >= len(tokens):
            return None
        month, day = self._digits(i + 2, 2, 2), self._digits(i + 4, 2, 2)
        if month is None or day is None or not (self._mark(i + 1, "-") and self._mark(i + 3, "-")):
            return None
        if not all(adjacent(tokens[k], tokens[k + 1]) for k in range(i, i + 4)):
            return None
        return _Point(year=year, month=month, day=day, year_marked=True), i + 5

    def _dotted(self, i: int) -> tuple[_Point, int] | None:
        """Days as "03.05.2024" and "3/5/2024": the day first, as the documents' region writes
        them, unless the second number cannot be a month ("5/23/2024"). A year of two digits
        ("03.05.24") needs a day and month of two, and no number joined on either side (not
        "1.03.05.24"): 00-69 are 2000-2069, 70-99 are 1970-1999."""
        tokens = self.tokens
        day, month = self._digits(i, 1, 2), self._digits(i + 2, 1, 2)
        if day is None or month is None or i + 4 >= len(tokens):
            return None
        year = self._year_number(i + 4)
        if year is None and self._short_year(i):
            short = self.numbers[i + 4]
            assert short is not None
            year = short + (2000 if short < 70 else 1900)
        if year is None or not any(self._mark(i + 1, m) and self._mark(i + 3, m) for m in "./"):
            return None
        if not all(adjacent(tokens[k], tokens[k + 1]) for k in range(i, i + 4)):
            return None
        if tokens[i + 1].text == "/" and month > 12 and day <= 12:
            day, month = month, day
        j = i + 5
        if self._mark(j, "-") and self.grammar.year_words.match(tokens, j + 1):
            j += 1  # Kyrgyz "03.05.2024-ж."
        j = self._skip(self.grammar.year_words, j)
        return _Point(year=year, month=month, day=day, year_marked=True), j

    def _article(self, i: int) -> int:
        """After "from", "between" or "to": past an article before a day's number ("from the
        3rd to the 5th of March")."""
        hit = self.grammar.day_articles.match(self.tokens, i)
        if hit is None or self._day_number(hit[1]) is None:
            return i
        return hit[1]

    def _night_slash(self, first: _Point, j: int) -> bool:
        """Whether a night is written as two days in a row joined by a slash, the second with
        its month: "2/3 March" (not "2/3" alone, not "2/5 March")."""
        if first.day is None or first.month is not None or not self._mark(j, "/"):
            return False
        tokens = self.tokens
        if not (adjacent(tokens[j - 1], tokens[j]) and j + 1 < len(tokens)):
            return False
        return adjacent(tokens[j], tokens[j + 1]) and self._day_number(j + 1) == first.day + 1

    def _short_year(self, i: int) -> bool:
        """Whether tokens ``i:i+5`` are "dd.mm.yy" standing alone, not part of a longer number."""
        tokens = self.tokens
        if not all(self._digits(k, 2, 2) is not None for k in (i, i + 2, i + 4)):
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

    def _part_first(self, i: int) -> tuple[_Point, int] | None:
        part = self.grammar.parts_before.match(self.tokens, i)
        if part is None:
            return None
        j = part[1] + 1 if self._mark(part[1], "-") else part[1]
        # "the early 2000s", "в начале 2000-х": a decade, before its first year is read alone.
        decade = self._decade(j) if part[0] in _DECADE_PART_YEARS else None
        if decade is not None:
            decade[0].part = part[0]
            return decade[0], decade[2]
        found = self._month_first(j) or self._year_point(j)
        if found is None or found[0].day is not None:
            return None
        found[0].part = part[0]
        return found

    def _season_first(self, i: int) -> tuple[_Point, int] | None:
        season = self.grammar.seasons.match(self.tokens, i)
        if season is None:
            return None
        point = _Point(season=season[0])
        point.standalone = self.tokens[i].key in self.grammar.standalone_seasons
        j = season[1]
        tail = self._trailing_year(self._skip(self.grammar.of_words, j))
        if tail is not None:
            point.year, j, point.year_marked = tail
            if point.season == "winter":
                j = self._winter_across(point, j)
        return point, j

    def _winter_across(self, point: _Point, j: int) -> int:
        """A winter named by the two years it spans ("the winter of 2022–2023", "зимой
        2022/23 годов") is the one that holds January of the second; returns where it ends."""
        first = point.year
        if first is None or not (self._mark(j, _DASHES) or self._mark(j, "/")):
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

    def _day_first(self, i: int) -> tuple[_Point, int] | None:
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
        point = _Point(day=day, month=month[0])
        j = self._skip(self.grammar.month_words, month[1])
        tail = self._trailing_year(j + 1 if self._mark(j, ",") else j)
        if tail is not None:
            point.year, j, point.year_marked = tail
        return point, j

    def _month_first(self, i: int) -> tuple[_Point, int] | None:
        month = self._month(i)
        if month is None:
            return None
        point = _Point(month=month[0], standalone=month[2])
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
            self._mark(i, _APOSTROPHES)
            and self._digits(i + 1, 2, 2) is not None
            and adjacent(self.tokens[i], self.tokens[i + 1])
        )

    def apostrophe_year(self, i: int) -> int | None:
        """A year of two digits after an apostrophe ("the protests of '23", "May '98"): not
        inside a word ("rock'n'roll") nor before a counted noun ("'90 people"); 00-69 are
        2000-2069, 70-99 are 1970-1999."""
        tokens = self.tokens
        if not self._mark(i, _APOSTROPHES) or i + 1 >= len(tokens):
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

    def _year_first(self, i: int) -> tuple[_Point, int] | None:
        """A Kyrgyz point with its year before it: "2024-жылдын 5-январына"."""
        head = self._year_tail(i)
        if head is None or not head[2]:
            return None
        point = self._point(head[1], bare_day=False)
        if point is None or point[0].year is not None or point[0].month is None:
            return None
        point[0].year, point[0].year_marked = head[0], True
        return point

    def _year_point(self, i: int) -> tuple[_Point, int] | None:
        tail = self._year_tail(i)
        if tail is None:
            return None
        return _Point(year=tail[0], year_marked=tail[2]), tail[1]

    # Meaning ---------------------------------------------------------------------------------

    def speaks_of_future(self, start: int, end: int) -> bool:
        """Whether the sentence around tokens ``start:end`` has a word of the future in it
        (looked for up to a bounded distance, so that finding stays linear)."""
        return self._sentence_has(self.grammar.future, start, end)

    def speaks_of_term(self, start: int, end: int) -> bool:
        """Whether the sentence around tokens ``start:end`` tells of a term that runs on
        ("extended his detention until", "продлил арест до"), whose end may be to come."""
        return self._sentence_has(self.grammar.terms, start, end)

    def _sentence_has(self, words: PhraseTable[object], start: int, end: int) -> bool:
        tokens, future = self.tokens, words
        low = start
        while low > 0 and start - low < _SENTENCE_REACH and tokens[low - 1].text not in ".!?":
            low -= 1
        high = end
        while (
            high < len(tokens) and high - end < _SENTENCE_REACH and tokens[high].text not in ".!?"
        ):
            high += 1
        return any(future.match(tokens, k) is not None for k in range(low, high))

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
                start, end, precision = _infer(points, reference, forward=forward)
                if not until_open and phrase.relation in ("until", "before"):
                    start, end, precision = _not_before(points, told, (start, end, precision))
            else:
                start, end, precision = _span(points)
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


def _years_only(*points: _Point) -> bool:
    """Whether each point is a whole year, without month, season, part or decade."""
    return all(
        point.year is not None
        and point.month is None
        and point.season is None
        and point.part is None
        and not point.decade
        for point in points
    )


def _share(first: _Point, last: _Point) -> bool:
    """Let the two ends of a range lend each other what one leaves out ("7-8 August 2019")."""
    if first.month is None and first.season is None and first.day is not None:
        if last.month is None or last.day is None:
            return False
        first.month = last.month
    if last.month is None and last.season is None and last.day is not None:
        if first.month is None or first.day is None:
            return False
        last.month = first.month
    if first.year is None:
        first.year = last.year
    if last.year is None:
        last.year = first.year
    return True


def _bounds(point: _Point) -> tuple[date, date, Precision]:
    year = point.year
    assert year is not None
    if point.decade:
        low, high = _DECADE_PART_YEARS[point.part] if point.part is not None else (0, 9)
        return date(year + low, 1, 1), date(year + high, 12, 31), Precision.YEAR
    if point.season is not None:
        first, last = season_bounds(year, point.season)
        return first, last, Precision.SEASON
    if point.month is None:
        if point.part is not None:
            if point.part not in PART_MONTHS:
                raise ValueError(f"a year has no {point.part}")  # "the first week of 2023"
            low, high = PART_MONTHS[point.part]
            return date(year, low, 1), last_day(year, high), Precision.MONTH
        return date(year, 1, 1), date(year, 12, 31), Precision.YEAR
    if point.day is not None:
        day = date(year, point.month, point.day)
        return day, day, Precision.DAY
    end = last_day(year, point.month)
    if point.part is not None:
        if point.part not in _PART_DAYS:
            raise ValueError(f"a month has no {point.part}")  # "the first quarter of May"
        low, high = _PART_DAYS[point.part]
        if low < 1:  # counted back from the month's last day
            low += end.day
        return date(year, point.month, low), end.replace(day=min(high, end.day)), Precision.DAY
    return date(year, point.month, 1), end, Precision.MONTH


def _span(points: Sequence[_Point]) -> tuple[date, date, Precision]:
    start, end, precision = _bounds(points[0])
    if len(points) > 1:
        _, end, other = _bounds(points[1])
        if start > end:
            raise ValueError("range ends before it starts")
        precision = combine(precision, other)
    return start, end, precision


def _infer(
    points: Sequence[_Point], reference: date, *, forward: bool = False
) -> tuple[date, date, Precision]:
    if forward:
        nearest = _nearest(points, reference)
        if nearest is not None:
            return nearest
    for year in range(reference.year + 1, reference.year - _INFERENCE_YEARS, -1):
        trial = [replace(point, year=year) for point in points]
        try:
            if len(trial) > 1 and _bounds(trial[0])[0] > _bounds(trial[1])[1]:
                # "30 December - 2 January" crosses into the next year.
                trial[0].year = year - 1
            start, end, precision = _span(trial)
        except (ValueError, OverflowError, KeyError):
            continue
        if start <= reference:
            return start, end, precision
    raise ValueError("no year near the reference fits")


def _not_before(
    points: Sequence[_Point], told: date | None, reading: tuple[date, date, Precision]
) -> tuple[date, date, Precision]:
    """A term or deadline read as the day it ends ("the court ordered custody until 25 March",
    "25-мартка чейин камакта") ends after the day told before it: ``reading`` moved on a year
    when it ends before ``told`` and the next year's does not."""
    if told is None or reading[1] >= told or points[0].year is not None:
        return reading
    later = [replace(point, year=reading[0].year + 1) for point in points]
    try:
        moved = _span(later)
    except (ValueError, OverflowError, KeyError):
        return reading
    return moved if moved[1] >= told else reading


def _nearest(points: Sequence[_Point], reference: date) -> tuple[date, date, Precision] | None:
    """The reading of a year-less phrase nearest to ``reference``, before or after it (a tie goes
    to the earlier one); None when no year around it fits."""
    best: tuple[int, tuple[date, date, Precision]] | None = None
    for year in (reference.year - 1, reference.year, reference.year + 1):
        trial = [replace(point, year=year) for point in points]
        try:
            if len(trial) > 1 and _bounds(trial[0])[0] > _bounds(trial[1])[1]:
                trial[0].year = year - 1
            found = _span(trial)
        except (ValueError, OverflowError, KeyError):
            continue
        start, end, _ = found
        distance = (
            0
            if start <= reference <= end
            else min(abs((start - reference).days), abs((end - reference).days))
        )
        if best is None or distance < best[0]:
            best = (distance, found)
    return None if best is None else best[1]
