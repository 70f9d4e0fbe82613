"""Counts as sources give them: a number, how sure it is, and what it counts.

"about 1,700 villagers" is ``Count(1700, Qualifier.ABOUT, "persons")``. The unit is a code of the
``counting_units`` taxonomy, or None when the text names nothing countable ("at least 22").

Words without a figure are read as the least they can mean: "dozens" is at least 24, "десятки"
and "ондогон" at least 20, "hundreds"/"сотни"/"жүздөгөн" at least 200, "thousands"/"тысячи"/
"миңдеген" at least 2,000. Vaguer words ("several", "несколько", "бир нече") are not counts.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from functools import cache
from typing import Final

from docket.errors import DocketError
from docket.model._lexicon import PhraseTable, entries, languages_for, load_lexicon
from docket.model._tokens import Token, adjacent, fold, quote, tokenize
from docket.model.taxonomy import Taxonomy, load_taxonomy

__all__ = ["Count", "InvalidCount", "Qualifier", "find_counts"]

_MAX_VALUE: Final = 10**12
_MAX_PHRASE: Final = 200
_TRAILING: Final = frozenset(".,;:")
_DASHES: Final = frozenset("-–—‒−")
_GROUPED: Final = re.compile(r"[0-9]{1,3}(?:[, \u00a0\u202f\u2009][0-9]{3})+")
# Words allowed between a number and its noun ("three independent media outlets").
_MAX_SKIPPED_WORDS: Final = 2


class InvalidCount(DocketError):
    """A count phrase or stored count could not be understood."""


class Qualifier(StrEnum):
    """How the stated number relates to the true one."""

    EXACTLY = "exactly"
    ABOUT = "about"
    AT_LEAST = "at_least"
    MORE_THAN = "more_than"
    AT_MOST = "at_most"
    FEWER_THAN = "fewer_than"


_PHRASES: Final = {
    Qualifier.EXACTLY: "",
    Qualifier.ABOUT: "about ",
    Qualifier.AT_LEAST: "at least ",
    Qualifier.MORE_THAN: "more than ",
    Qualifier.AT_MOST: "at most ",
    Qualifier.FEWER_THAN: "fewer than ",
}


def _units() -> Taxonomy:
    return load_taxonomy("counting_units")


@dataclass(frozen=True)
class Count:
    """A number with a qualifier and a counting unit.

    ``text`` is the phrase it was read from and ``noun`` the counted word as written
    ("villagers"); both are provenance and do not take part in equality.
    """

    value: int
    qualifier: Qualifier = Qualifier.EXACTLY
    unit: str | None = None
    text: str | None = field(default=None, compare=False)
    noun: str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if isinstance(self.value, bool) or not isinstance(self.value, int):
            raise InvalidCount(f"a count must be a whole number, not {self.value!r}")
        if not 0 <= self.value <= _MAX_VALUE:
            raise InvalidCount(f"count out of range: {self.value}")
        if not isinstance(self.qualifier, Qualifier):
            raise InvalidCount(f"unknown count qualifier {self.qualifier!r}")
        if self.qualifier is Qualifier.FEWER_THAN and self.value == 0:
            raise InvalidCount("nothing is fewer than zero")
        if self.unit is not None and self.unit not in _units():
            raise InvalidCount(f"unknown counting unit {self.unit!r}")

    @classmethod
    def parse(cls, text: str, language: str | None = None) -> Count:
        """Read a count phrase in English, Russian or Kyrgyz; raises InvalidCount."""
        if not isinstance(text, str):
            raise InvalidCount("a count must be given as text")
        stripped = text.strip()
        if not stripped:
            raise InvalidCount("empty count")
        if len(stripped) > _MAX_PHRASE:
            raise InvalidCount(f"count phrase too long ({len(stripped)} characters)")
        tokens = tokenize(stripped, grouped_numbers=True)
        reader = _Reader(stripped, tokens, _grammar(languages_for(language)))
        phrase = reader.count(0)
        if phrase is None or any(
            token.kind != "mark" or token.text not in _TRAILING for token in tokens[phrase.end :]
        ):
            raise InvalidCount(f"not a count: {quote(stripped)}")
        return phrase.value(stripped)

    def to_json(self) -> dict[str, object]:
        """A JSON-ready mapping; ``from_json`` reads it back."""
        return {
            "value": self.value,
            "qualifier": self.qualifier.value,
            "unit": self.unit,
            "text": self.text,
            "noun": self.noun,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> Count:
        """Rebuild a count from ``to_json`` output; raises InvalidCount on anything else."""
        if not isinstance(data, Mapping):
            raise InvalidCount("a stored count must be a JSON object")
        raw = data.get("qualifier", "exactly")
        try:
            qualifier = Qualifier(raw if isinstance(raw, str) else "")
        except ValueError as error:
            raise InvalidCount(f"unknown count qualifier {data.get('qualifier')!r}") from error
        value = data.get("value")
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidCount(f"stored count value must be a whole number, not {value!r}")
        unit, text, noun = (_stored_text(data, name) for name in ("unit", "text", "noun"))
        return cls(value, qualifier, unit, text=text, noun=noun)

    def __str__(self) -> str:
        body = f"{_PHRASES[self.qualifier]}{self.value:,}"
        if self.unit is None:
            return body
        forms = _units().get(self.unit).synonyms.get("en", ())
        if len(forms) >= 2:
            return f"{body} {forms[0] if self.value == 1 else forms[1]}"
        return f"{body} {_units().label(self.unit).lower()}"

    def bounds(self, tolerance: float = 0.0) -> tuple[int, int | None]:
        """Lowest and highest true value the count allows (None: no upper bound).

        An "about" count is taken at face value unless ``tolerance`` (a fraction, e.g. 0.1)
        widens it.
        """
        value = self.value
        if self.qualifier is Qualifier.ABOUT:
            # Rounded first so that 1700 * 1.1 is 1870, not 1870.0000000000002 -> 1871.
            spread = max(0.0, tolerance)
            low, high = round(value * (1 - spread), 6), round(value * (1 + spread), 6)
            return max(0, math.floor(low)), math.ceil(high)
        return {
            Qualifier.EXACTLY: (value, value),
            Qualifier.AT_LEAST: (value, None),
            Qualifier.MORE_THAN: (value + 1, None),
            Qualifier.AT_MOST: (0, value),
            Qualifier.FEWER_THAN: (0, value - 1),
        }[self.qualifier]


def _stored_text(data: Mapping[str, object], name: str) -> str | None:
    item = data.get(name)
    if item is not None and not isinstance(item, str):
        raise InvalidCount(f"stored count {name} must be a string")
    return item


@dataclass(frozen=True)
class _Grammar:
    qualifiers_before: PhraseTable[Qualifier]
    qualifiers_after: PhraseTable[Qualifier]
    number_endings: PhraseTable[str]
    noun_endings: tuple[str, ...]
    numbers: PhraseTable[int]
    collectives: PhraseTable[int]
    vague: PhraseTable[int]
    links: PhraseTable[object]
    not_counts: PhraseTable[object]
    units: PhraseTable[str]
    unit_words: Mapping[str, str]
    year_words: PhraseTable[object]
    year_prepositions: frozenset[str]
    starters: frozenset[str]


@cache
def _grammar(languages: tuple[str, ...]) -> _Grammar:
    lexicon = load_lexicon("counts")
    dates = load_lexicon("dates")

    def qualifiers(section: str) -> PhraseTable[Qualifier]:
        return PhraseTable((word, Qualifier(q)) for word, q in entries(lexicon[section], languages))

    ambiguous = (
        {fold(word) for word, _ in entries(lexicon["ambiguous_numbers"], languages)}
        if len(languages) > 1
        else set()
    )

    def numbered(section: str) -> PhraseTable[int]:
        return PhraseTable(
            (word, int(n))
            for word, n in entries(lexicon[section], languages)
            if fold(word) not in ambiguous
        )

    unit_pairs = [
        (synonym, term.code)
        for term in _units()
        for language, synonyms in term.synonyms.items()
        if language in languages
        for synonym in synonyms
    ]
    grammar = _Grammar(
        qualifiers_before=qualifiers("qualifiers_before"),
        qualifiers_after=qualifiers("qualifiers_after"),
        number_endings=PhraseTable(
            (word, str(kind)) for word, kind in entries(lexicon["number_endings"], languages)
        ),
        noun_endings=tuple(
            sorted(
                (word for word, _ in entries(lexicon["noun_endings"], languages)),
                key=len,
                reverse=True,
            )
        ),
        numbers=numbered("numbers"),
        collectives=numbered("collectives"),
        vague=numbered("vague"),
        links=PhraseTable(entries(lexicon["links"], languages)),
        not_counts=PhraseTable(entries(lexicon["not_counts"], languages)),
        units=PhraseTable(unit_pairs),
        unit_words={fold(word): code for word, code in unit_pairs if " " not in word},
        year_words=PhraseTable(entries(dates["year_words"], languages)),
        year_prepositions=frozenset(
            fold(word)
            for section in ("prepositions", "since_before")
            for word, _ in entries(dates[section], languages)
        ),
        starters=frozenset(),
    )
    starters = frozenset().union(
        grammar.qualifiers_before.first_words(),
        grammar.numbers.first_words(),
        grammar.collectives.first_words(),
        grammar.vague.first_words(),
    )
    return replace(grammar, starters=starters)


@dataclass
class _Phrase:
    number: int
    qualifier: Qualifier | None
    unit: str | None
    noun: str | None
    kind: str  # "digits", "words", "collective" or "vague"
    end: int
    at: int = 0  # index of the number's first token
    digits: str = ""

    @property
    def evident(self) -> bool:
        """Whether running text clearly means this as a count, not a stray number.

        A figure needs a qualifier or a counted noun ("at least 22"); a number word needs the
        noun, since "about one country" is a topic, not a count.
        """
        if self.unit is not None or self.kind in ("collective", "vague"):
            return True
        return self.qualifier is not None and self.kind == "digits"

    def value(self, text: str) -> Count:
        qualifier = self.qualifier or (
            Qualifier.AT_LEAST if self.kind == "vague" else Qualifier.EXACTLY
        )
        return Count(self.number, qualifier, self.unit, text=text, noun=self.noun)


def _number_value(text: str) -> Decimal | None:
    if len(text) > 20:
        return None
    if _GROUPED.fullmatch(text):
        return Decimal(re.sub(r"[^0-9]", "", text))
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None


class _Reader:
    """Reads one count starting at a token: qualifier, number, endings, noun, postpositions."""

    def __init__(self, text: str, tokens: Sequence[Token], grammar: _Grammar) -> None:
        self.text = text
        self.tokens = tokens
        self.grammar = grammar

    def count(self, i: int) -> _Phrase | None:
        grammar, tokens = self.grammar, self.tokens
        qualifier: Qualifier | None = None
        if grammar.not_counts.match(tokens, i) is not None:
            return None
        hit = grammar.qualifiers_before.match(tokens, i)
        if hit is not None:
            qualifier, i = hit
        number = self._number(i)
        if number is None or self._in_range(number):
            return None
        phrase = number
        phrase.qualifier = qualifier
        j = self._number_ending(phrase)
        j = self._after(phrase, j)
        j = self._noun(phrase, j)
        phrase.end = self._after(phrase, j)
        if phrase.unit is None and phrase.kind == "collective":
            following = tokens[phrase.end] if phrase.end < len(tokens) else None
            # "трое суток" is three days: a collective numeral before another noun is not a
            # count of people, and is not reported as any count.
            if (
                following is not None
                and following.kind == "word"
                and following.key not in grammar.starters
            ):
                return None
            phrase.unit = "persons"
        return phrase

    def _number(self, i: int) -> _Phrase | None:
        grammar, tokens = self.grammar, self.tokens
        if i >= len(tokens):
            return None
        for kind, table in (("vague", grammar.vague), ("collective", grammar.collectives)):
            hit = table.match(tokens, i)
            if hit is not None:
                return _Phrase(hit[0], None, None, None, kind, hit[1], i)
        token = tokens[i]
        if token.kind == "num":
            amount = _number_value(token.text)
            if amount is None:
                return None
            j = i + 1
            multiplier = grammar.numbers.match(tokens, j)
            if multiplier is not None and multiplier[0] >= 100:
                amount *= multiplier[0]
                j = multiplier[1]
            if amount != amount.to_integral_value() or not 0 <= amount <= _MAX_VALUE:
                return None
            return _Phrase(int(amount), None, None, None, "digits", j, i, token.text)
        return self._words(i)

    def _words(self, i: int) -> _Phrase | None:
        """A number in words: parts add up and hundreds/thousands multiply."""
        total = current = 0
        j = i
        found = False
        while True:
            hit = self.grammar.numbers.match(self.tokens, j)
            if hit is None and found and self._mark(j, "-"):
                hit = self.grammar.numbers.match(self.tokens, j + 1)
            if hit is None:
                break
            value, after = hit
            if value == 100 or (value > 100 and value % 1000 != 0 and value < 1000):
                if value == 100:
                    current = max(current, 1) * 100
                elif current % 1000 == 0:
                    current += value
                else:
                    break
            elif value >= 1000:
                if total % (value * 1000) != 0 and total:
                    break
                total += max(current, 1) * value
                current = 0
            else:
                if current % (10 ** len(str(value))) != 0:
                    break
                current += value
            found = True
            j = after
        if not found:
            return None
        return _Phrase(total + current, None, None, None, "words", j, i)

    def _in_range(self, phrase: _Phrase) -> bool:
        """Whether the number is one end of a range ("3–30 people"), which a Count cannot hold."""
        tokens = self.tokens
        before = phrase.at - 1
        if before > 0 and tokens[before].text in _DASHES and tokens[before - 1].kind == "num":
            return True
        after = phrase.end
        return (
            after + 1 < len(tokens)
            and tokens[after].text in _DASHES
            and tokens[after + 1].kind == "num"
        )

    def _mark(self, i: int, text: str) -> bool:
        return (
            i < len(self.tokens) and self.tokens[i].kind == "mark" and self.tokens[i].text == text
        )

    def _number_ending(self, phrase: _Phrase) -> int:
        """A Kyrgyz case ending written on the number: "1700дөй", "170-тен"."""
        j = phrase.end
        tokens = self.tokens
        if j >= len(tokens) or phrase.kind == "vague":
            return j
        start = j + 1 if self._mark(j, "-") and adjacent(tokens[j - 1], tokens[j]) else j
        if start >= len(tokens) or not adjacent(tokens[start - 1], tokens[start]):
            return j
        hit = self.grammar.number_endings.match(tokens, start)
        if hit is None or hit[1] != start + 1:
            return j
        if hit[0] == "about" and phrase.qualifier is None:
            phrase.qualifier = Qualifier.ABOUT
        return hit[1]

    def _after(self, phrase: _Phrase, j: int) -> int:
        hit = self.grammar.qualifiers_after.match(self.tokens, j)
        if hit is None:
            return j
        if phrase.qualifier is None:
            phrase.qualifier = hit[0]
        return hit[1]

    def _noun(self, phrase: _Phrase, j: int) -> int:
        grammar, tokens = self.grammar, self.tokens
        k = j
        for _ in range(_MAX_SKIPPED_WORDS + 1):
            link = grammar.links.match(tokens, k)
            if link is not None:
                k = link[1]
            hit = grammar.units.match(tokens, k)
            if hit is not None:
                phrase.unit = hit[0]
                phrase.noun = self.text[tokens[k].start : tokens[hit[1] - 1].end]
                return hit[1]
            if k >= len(tokens) or tokens[k].kind != "word":
                return j
            stem = self._strip_ending(tokens[k].key)
            if stem is not None:
                phrase.unit = grammar.unit_words[stem]
                phrase.noun = tokens[k].text
                return k + 1
            if tokens[k].key in grammar.starters or grammar.qualifiers_after.match(tokens, k):
                return j
            k += 1
        return j

    def _strip_ending(self, word: str) -> str | None:
        for ending in self.grammar.noun_endings:
            if word.endswith(ending) and word[: -len(ending)] in self.grammar.unit_words:
                return word[: -len(ending)]
        return None

    def looks_like_year(self, phrase: _Phrase) -> bool:
        """A four-digit number that running text uses as a year ("в 2019 году", "in 2019")."""
        if phrase.kind != "digits" or not re.fullmatch(r"[12][0-9]{3}", phrase.digits):
            return False
        tokens, at = self.tokens, phrase.at
        after = at + 2 if self._mark(at + 1, "-") else at + 1
        if self.grammar.year_words.match(tokens, after):
            return True
        # "in 2019 protesters gathered": a preposition of time before a bare four-digit number
        return (
            phrase.qualifier is None
            and at > 0
            and tokens[at - 1].key in self.grammar.year_prepositions
        )


def find_counts(text: str, language: str | None = None) -> list[tuple[int, int, Count]]:
    """Counts in running text as ``(start, end, count)`` with ``text[start:end]`` the phrase.

    A bare number is reported only with a qualifier, a counted noun or a Kyrgyz ending that
    makes it a count; years ("in 2019", "2019 года") are left alone. Linear in the text length.
    """
    grammar = _grammar(languages_for(language))
    tokens = tokenize(text, grouped_numbers=True)
    reader = _Reader(text, tokens, grammar)
    found: list[tuple[int, int, Count]] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        glued = i > 0 and tokens[i - 1].kind != "mark" and adjacent(tokens[i - 1], token)
        if (
            glued
            or token.kind == "mark"
            or (token.kind == "word" and token.key not in grammar.starters)
        ):
            i += 1
            continue
        phrase = reader.count(i)
        if phrase is not None and phrase.evident and not reader.looks_like_year(phrase):
            start, end = token.start, tokens[phrase.end - 1].end
            try:
                found.append((start, end, phrase.value(text[start:end])))
            except InvalidCount:
                pass
            else:
                i = phrase.end
                continue
        i += 1
    return found
