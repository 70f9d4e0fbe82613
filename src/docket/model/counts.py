"""Counts as sources give them: a number, how sure it is, and what it counts.

"about 1,700 villagers" is ``Count(1700, Qualifier.ABOUT, "persons")``. The unit is a code of the
``counting_units`` taxonomy, or None when the text names nothing the taxonomy knows ("at least 22",
"three articles"). Whatever noun is counted is kept as written (``noun``) and in its dictionary
form (``lemma``): "three articles" is a count of "article". A range ("20–30 people") is the low
end with ``high`` the other.

Running text gives a number with a noun as a count of that noun, unless the noun is a measure
(time, money, distance: "15 days", "10 тысяч сомов") or the number a label ("Article 212") or a
day of a month; a bare figure is a count only with a qualifier ("at least 22").

Words without a figure are read as the least they can mean: "dozens" is at least 24, "десятки"
and "ондогон" at least 20, "hundreds"/"сотни"/"жүздөгөн" at least 200, "thousands"/"тысячи"/
"миңдеген" at least 2,000. Vaguer words ("several", "несколько", "бир нече") are not counts.

A phrase is read by the count reader (``_count_phrases``), built on the readers of numbers
(``_count_numbers``) and of counted nouns (``_count_nouns``) and on the tables of
``_count_grammar``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

from docket.errors import DocketError
from docket.model._count_grammar import Qualifier, count_grammar, counting_units
from docket.model._count_numbers import MAX_VALUE, CountPhrase
from docket.model._count_phrases import CountReader, kyrgyz_plural_genitive
from docket.model._lexicon import languages_for
from docket.model._noun_forms import noun_lemma
from docket.model._tokens import Token, adjacent, quote, tokenize

__all__ = ["Count", "InvalidCount", "Qualifier", "find_counts"]

_MAX_PHRASE: Final = 200
_TRAILING: Final = frozenset(".,;:")


class InvalidCount(DocketError):
    """A count phrase or stored count could not be understood."""


_PHRASES: Final = {
    Qualifier.EXACTLY: "",
    Qualifier.ABOUT: "about ",
    Qualifier.AT_LEAST: "at least ",
    Qualifier.MORE_THAN: "more than ",
    Qualifier.AT_MOST: "at most ",
    Qualifier.FEWER_THAN: "fewer than ",
}


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
    lemma: str | None = field(default=None, compare=False, kw_only=True)
    high: int | None = field(default=None, kw_only=True)

    def __post_init__(self) -> None:
        if isinstance(self.value, bool) or not isinstance(self.value, int):
            raise InvalidCount(f"a count must be a whole number, not {self.value!r}")
        if not 0 <= self.value <= MAX_VALUE:
            raise InvalidCount(f"count out of range: {self.value}")
        if not isinstance(self.qualifier, Qualifier):
            raise InvalidCount(f"unknown count qualifier {self.qualifier!r}")
        if self.high is not None:
            if isinstance(self.high, bool) or not isinstance(self.high, int):
                raise InvalidCount(f"the top of a range must be a whole number, not {self.high!r}")
            if not self.value < self.high <= MAX_VALUE:
                raise InvalidCount(f"a range must rise: {self.value}–{self.high}")
            if self.qualifier not in (Qualifier.EXACTLY, Qualifier.ABOUT):
                raise InvalidCount(f"a range cannot be {self.qualifier.value.replace('_', ' ')}")
        if self.qualifier is Qualifier.FEWER_THAN and self.value == 0:
            raise InvalidCount("nothing is fewer than zero")
        if self.unit is not None and self.unit not in counting_units():
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
        reader = CountReader(stripped, tokens, count_grammar(languages_for(language)))
        phrase = reader.count(0)
        if phrase is None or any(
            token.kind != "mark" or token.text not in _TRAILING for token in tokens[phrase.end :]
        ):
            raise InvalidCount(f"not a count: {quote(stripped)}")
        return _count_of(phrase, stripped, reader.grammar.languages)

    def to_json(self) -> dict[str, object]:
        """A JSON-ready mapping; ``from_json`` reads it back."""
        data: dict[str, object] = {
            "value": self.value,
            "qualifier": self.qualifier.value,
            "unit": self.unit,
            "text": self.text,
            "noun": self.noun,
        }
        # Written only when present, so counts stored before ranges and lemmas read the same.
        if self.lemma is not None:
            data["lemma"] = self.lemma
        if self.high is not None:
            data["high"] = self.high
        return data

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
        high = data.get("high")
        if high is not None and (isinstance(high, bool) or not isinstance(high, int)):
            raise InvalidCount(f"stored top of a range must be a whole number, not {high!r}")
        unit, text, noun, lemma = (
            _stored_text(data, name) for name in ("unit", "text", "noun", "lemma")
        )
        return cls(value, qualifier, unit, text=text, noun=noun, lemma=lemma, high=high)

    def __str__(self) -> str:
        body = f"{_PHRASES[self.qualifier]}{self.value:,}"
        if self.high is not None:
            body = f"{body}–{self.high:,}"
        if self.unit is None:
            return body
        forms = counting_units().get(self.unit).synonyms.get("en", ())
        if len(forms) >= 2:
            return f"{body} {forms[0] if self.value == 1 and self.high is None else forms[1]}"
        return f"{body} {counting_units().label(self.unit).lower()}"

    def bounds(self, tolerance: float = 0.0) -> tuple[int, int | None]:
        """Lowest and highest true value the count allows (None: no upper bound).

        An "about" count is taken at face value unless ``tolerance`` (a fraction, e.g. 0.1)
        widens it.
        """
        value = self.value
        top = value if self.high is None else self.high
        if self.qualifier is Qualifier.ABOUT:
            # Rounded first so that 1700 * 1.1 is 1870, not 1870.0000000000002 -> 1871.
            spread = max(0.0, tolerance)
            low, high = round(value * (1 - spread), 6), round(top * (1 + spread), 6)
            return max(0, math.floor(low)), math.ceil(high)
        if self.high is not None:
            return value, self.high
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


def _count_of(phrase: CountPhrase, text: str, languages: tuple[str, ...]) -> Count:
    """The count a phrase read from ``text`` gives."""
    qualifier = phrase.qualifier or (
        Qualifier.AT_LEAST if phrase.kind == "vague" else Qualifier.EXACTLY
    )
    lemma = None
    if phrase.noun is not None:
        lemma = noun_lemma(phrase.noun, languages[0] if len(languages) == 1 else None)
    return Count(
        phrase.number,
        qualifier,
        phrase.unit,
        text=text,
        noun=phrase.noun,
        lemma=lemma,
        high=phrase.high,
    )


def _coded(tokens: Sequence[Token], i: int) -> bool:
    """Whether the number at ``i`` is joined by a slash or a period to the number before it:
    part of a case number or a date ("№ 1-312/24", "04.04.24"), never a count."""
    return (
        i >= 2
        and tokens[i].kind == "num"
        and tokens[i - 1].text in ("/", ".")
        and tokens[i - 2].kind == "num"
        and adjacent(tokens[i - 2], tokens[i - 1])
        and adjacent(tokens[i - 1], tokens[i])
    )


def find_counts(text: str, language: str | None = None) -> list[tuple[int, int, Count]]:
    """Counts in running text as ``(start, end, count)`` with ``text[start:end]`` the phrase.

    A bare number is reported only with a qualifier, a counted noun or a Kyrgyz ending that
    makes it a count; years ("in 2019", "2019 года") are left alone. Linear in the text length.
    """
    grammar = count_grammar(languages_for(language))
    tokens = tokenize(text, grouped_numbers=True)
    reader = CountReader(text, tokens, grammar)
    found: list[tuple[int, int, Count]] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        glued = i > 0 and tokens[i - 1].kind != "mark" and adjacent(tokens[i - 1], token)
        if (
            glued
            or token.kind == "mark"
            or (
                token.kind == "word"
                and token.key not in grammar.starters
                and token.key not in grammar.kyrgyz_words
                and token.key not in grammar.remainders
                and not ("ky" in grammar.languages and kyrgyz_plural_genitive(token.key))
            )
            or _coded(tokens, i)
        ):
            i += 1
            continue
        phrase = reader.count(i)
        if phrase is not None and phrase.measure:
            # "10 тысяч сомов": the parts of a measure are not read again as counts.
            i = phrase.end
            continue
        if phrase is not None and phrase.evident and not reader.looks_like_year(phrase):
            start, end = token.start, tokens[phrase.end - 1].end
            try:
                found.append((start, end, _count_of(phrase, text[start:end], grammar.languages)))
            except InvalidCount:
                pass
            else:
                i = phrase.end
                continue
        i += 1
    return found
