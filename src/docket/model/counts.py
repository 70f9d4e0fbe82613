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
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from functools import cache
from typing import Any, Final

from docket.errors import DocketError
from docket.model._lexicon import PhraseTable, entries, languages_for, load_lexicon
from docket.model._noun_forms import noun_lemma
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
_LATIN: Final = re.compile(r"[a-z'-]+")
_ENGLISH_SINGULAR_S: Final = ("ss", "us", "is")
_ENGLISH_PLURALS: Final = frozenset({"people", "men", "women", "children", "policemen", "staff"})
# Russian adjective endings: an adjective before a noun is skipped to reach the noun ("три
# независимые редакции"), while one that ends the phrase is the noun ("22 осуждённых").
_ADJECTIVE_ENDINGS: Final = (
    "ый", "ий", "ой", "ая", "яя", "ое", "ее", "ые", "ие", "ых", "их", "ого", "его", "ому",
    "ему", "ым", "им", "ыми", "ими", "ую", "юю",
)  # fmt: skip
_VERB_ENDINGS: Final = ("ли", "лись", "лось", "ся", "ть")
# A collective numeral governs a genitive plural ("четверо полицейских"); another word after it
# is not what it counts ("экөө көрсөтмөлөрүн": two of them, testimonies).
_GENITIVE_PLURAL: Final = ("ов", "ев", "ей", "ых", "их")
# A Kyrgyz compound noun marks its head with a possessive ending ("милиция бөлүмүндө", police
# station + locative): the head is the word that carries it.
_KYRGYZ_COMPOUND_HEAD: Final = re.compile(
    r"(?:сы|си|су|сү|ы|и|у|ү)(?:н(?:да|де|до|дө|дан|ден|дон|дөн|а|е|о|ө|ын|ин|ун|үн))?$"
)

# A Kyrgyz plural in the genitive ("кармалгандардын", "алардын") before a number with a
# possessive ending ("18ине", "3ү") takes a part of it: eighteen of the detained.
_KYRGYZ_PLURAL_GENITIVE: Final = re.compile(
    r"(?:лар|лер|лор|лөр|дар|дер|дор|дөр|тар|тер|тор|төр)(?:дын|дин|дун|дүн)$"
)
_GENITIVES: Final = ("дын", "дин", "дун", "дүн")
_ROUND_POWERS: Final = frozenset({100, 1000, 10**6})
_KYRGYZ_POSSESSIVE: Final = re.compile(
    r"(?:сы|си|су|сү|ы|и|у|ү)(?:н(?:а|е|о|ө|да|де|до|дө|дан|ден|дон|дөн|ын|ин|ун|үн)?)?"
)
# Latin capitals beside a number make it part of a vehicle's plate ("01 KG 777 ABC").
_PLATE_LETTERS: Final = re.compile(r"[A-Z]{1,3}")


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
    lemma: str | None = field(default=None, compare=False, kw_only=True)
    high: int | None = field(default=None, kw_only=True)

    def __post_init__(self) -> None:
        if isinstance(self.value, bool) or not isinstance(self.value, int):
            raise InvalidCount(f"a count must be a whole number, not {self.value!r}")
        if not 0 <= self.value <= _MAX_VALUE:
            raise InvalidCount(f"count out of range: {self.value}")
        if not isinstance(self.qualifier, Qualifier):
            raise InvalidCount(f"unknown count qualifier {self.qualifier!r}")
        if self.high is not None:
            if isinstance(self.high, bool) or not isinstance(self.high, int):
                raise InvalidCount(f"the top of a range must be a whole number, not {self.high!r}")
            if not self.value < self.high <= _MAX_VALUE:
                raise InvalidCount(f"a range must rise: {self.value}–{self.high}")
            if self.qualifier not in (Qualifier.EXACTLY, Qualifier.ABOUT):
                raise InvalidCount(f"a range cannot be {self.qualifier.value.replace('_', ' ')}")
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
        return phrase.value(stripped, reader.grammar.languages)

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
        forms = _units().get(self.unit).synonyms.get("en", ())
        if len(forms) >= 2:
            return f"{body} {forms[0] if self.value == 1 and self.high is None else forms[1]}"
        return f"{body} {_units().label(self.unit).lower()}"

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
    measures: PhraseTable[object]
    measure_words: frozenset[str]
    measure_suffixes: tuple[str, ...]
    remainders: frozenset[str]
    labels_before: frozenset[str]
    stop_words: frozenset[str]
    months: PhraseTable[object]
    range_joiners: PhraseTable[object]
    range_openers: Mapping[str, frozenset[str]]
    range_from: frozenset[str]
    range_to: frozenset[str]
    range_closers: PhraseTable[object]
    partitives: PhraseTable[object]
    multipliers: PhraseTable[int]
    rounds: PhraseTable[int]
    kyrgyz_words: Mapping[str, tuple[int, str]]
    kyrgyz_numbers: Mapping[str, int]
    languages: tuple[str, ...]


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

    def endings(part: str) -> frozenset[str]:
        pairs = entries(lexicon["range_endings"], languages)
        return frozenset(fold(word) for word, kind in pairs if kind == part)

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
        measures=PhraseTable(entries(lexicon["measures"], languages)),
        measure_words=frozenset(
            fold(word) for word, _ in entries(lexicon["measures"], languages) if " " not in word
        ),
        measure_suffixes=tuple(word for word, _ in entries(lexicon["measure_suffixes"], languages)),
        remainders=frozenset(fold(word) for word, _ in entries(lexicon["remainders"], languages)),
        labels_before=frozenset(
            fold(word.rstrip(".")) for word, _ in entries(lexicon["labels_before"], languages)
        ),
        stop_words=frozenset(fold(word) for word, _ in entries(lexicon["stop_words"], languages)),
        months=PhraseTable(entries(dates["months"], languages)),
        range_joiners=PhraseTable(entries(lexicon["range_joiners"], languages)),
        range_openers=_openers(entries(lexicon["range_openers"], languages)),
        range_from=endings("from"),
        range_to=endings("to"),
        range_closers=PhraseTable(
            (word, True)
            for word, part in entries(lexicon["range_endings"], languages)
            if part == "closer"
        ),
        partitives=PhraseTable(entries(lexicon["partitives"], languages)),
        multipliers=numbered("multipliers"),
        rounds=numbered("rounds_after_qualifier"),
        kyrgyz_words=_kyrgyz_words(lexicon, languages),
        kyrgyz_numbers={
            fold(word): int(value)
            for word, value in entries(lexicon["numbers"], ("ky",))
            if "ky" in languages and " " not in word and int(value) < 100
        },
        languages=languages,
    )
    starters = frozenset().union(
        grammar.qualifiers_before.first_words(),
        grammar.numbers.first_words(),
        grammar.collectives.first_words(),
        grammar.vague.first_words(),
        grammar.range_openers,
    )
    return replace(grammar, starters=starters)


def _kyrgyz_words(
    lexicon: Mapping[str, Any], languages: tuple[str, ...]
) -> dict[str, tuple[int, str]]:
    """Every Kyrgyz number word with an ending written on it ("жүздөй", "кырктан") and what
    it gives: its value and "about" (a similative ending) or "case" (ablative or dative)."""
    if "ky" not in languages:
        return {}
    ranges = lexicon["range_endings"]["ky"]
    endings = [
        (fold(word), str(kind))
        for word, kind in entries(lexicon["number_endings"], ("ky",))
        if kind == "about" or word in ranges["from"] or word in ranges["to"]
    ]
    return {
        fold(number) + ending: (int(value), kind)
        for number, value in entries(lexicon["numbers"], ("ky",))
        if " " not in number and not number.endswith(".")
        for ending, kind in endings
    }


def _openers(pairs: Sequence[tuple[str, object]]) -> dict[str, frozenset[str]]:
    """Each word opening a range ("between") with the words that may join its numbers."""
    closers: dict[str, set[str]] = {}
    for opener, closer in pairs:
        closers.setdefault(fold(opener), set()).add(fold(str(closer)))
    return {opener: frozenset(words) for opener, words in closers.items()}


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
    high: int | None = None
    thing: bool = False  # the noun is not a counting unit ("three articles")
    # a Kyrgyz number word's own ending: "about" ("жүздөй") or "case" ("кырктан ашык")
    ending: str | None = None
    measure: bool = False  # the number measures time, money or distance ("15 days")

    @property
    def evident(self) -> bool:
        """Whether running text clearly means this as a count, not a stray number.

        A figure needs a qualifier or a counted noun ("at least 22"); a number word needs the
        noun, since "about one country" is a topic, not a count.
        """
        if self.measure:
            return False
        if self.unit is not None or self.kind in ("collective", "vague"):
            return True
        if self.thing:
            # "one" is mostly an article ("one country"), and a bare year before a noun is a
            # year ("2024 elections").
            year = self.kind == "digits" and re.fullmatch(r"(19|20)[0-9]{2}", self.digits)
            return self.number >= 2 and not (year and self.qualifier is None)
        return self.qualifier is not None and self.kind == "digits"

    def value(self, text: str, languages: tuple[str, ...]) -> Count:
        qualifier = self.qualifier or (
            Qualifier.AT_LEAST if self.kind == "vague" else Qualifier.EXACTLY
        )
        lemma = None
        if self.noun is not None:
            lemma = noun_lemma(self.noun, languages[0] if len(languages) == 1 else None)
        return Count(
            self.number,
            qualifier,
            self.unit,
            text=text,
            noun=self.noun,
            lemma=lemma,
            high=self.high,
        )


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
        part = self._kyrgyz_part(i) or self._kyrgyz_possessed(i)
        if part is not None:
            return part
        if i < len(tokens) and tokens[i].key in grammar.range_openers:
            between = self._between(i)
            if between is None:
                return None
            phrase = between
        else:
            hit = grammar.qualifiers_before.match(tokens, i)
            if hit is not None:
                qualifier, i = hit
            elif self._labelled(i):
                return None
            round_ = None if qualifier is None else grammar.rounds.match(tokens, i)
            number = (
                self._number(i)
                if round_ is None
                else _Phrase(round_[0], None, None, None, "words", round_[1], i)
            )
            if number is None or self._range_end(number) or self._day_of_month(number):
                return None
            phrase = number
            if phrase.ending == "about" and qualifier is None:
                qualifier = Qualifier.ABOUT
            phrase.qualifier = qualifier
            if (
                phrase.ending == "case"
                and grammar.qualifiers_after.match(tokens, phrase.end) is None
            ):
                return None
            self._range(phrase)
            if phrase.high is not None and qualifier not in (None, Qualifier.ABOUT):
                return None
        if self._plate(phrase) or self._mark(phrase.end, "%"):
            return None
        j = self._number_ending(phrase)
        j = self._after(phrase, j)
        j = self._noun(phrase, j)
        phrase.end = self._after(phrase, j)
        if phrase.unit is None and phrase.kind == "collective":
            # "трое суток" is three days: a collective numeral before a measure is not a count
            # of people, and is not reported as any count.
            if phrase.measure:
                return None
            phrase.unit = "persons"
        return phrase

    def _day_of_month(self, phrase: _Phrase) -> bool:
        """Whether a month's name follows the number: a day ("до 2 марта"), never a count."""
        return (
            phrase.kind == "digits"
            and phrase.end < len(self.tokens)
            and self.grammar.months.match(self.tokens, phrase.end) is not None
        )

    def _between(self, i: int) -> _Phrase | None:
        """A range opened by a word, "between 15 and 20"; None if no such range is at ``i``."""
        tokens = self.tokens
        low = self._number(i + 1)
        if (
            low is None
            or low.kind not in ("digits", "words")
            or low.end >= len(tokens)
            or tokens[low.end].key not in self.grammar.range_openers[tokens[i].key]
        ):
            return None
        top = self._number(low.end + 1)
        if top is None or top.kind != low.kind or top.number <= low.number:
            return None
        low.high, low.end = top.number, top.end
        return low

    def _kyrgyz_part(self, i: int) -> _Phrase | None:
        """A Kyrgyz plural in the genitive and a number with a possessive ending: the number is
        a part of what the plural names ("Кармалгандардын 18ине", eighteen of the detained)."""
        tokens = self.tokens
        if (
            "ky" not in self.grammar.languages
            or i + 2 >= len(tokens)
            or tokens[i].kind != "word"
            or tokens[i + 1].kind != "num"
            or adjacent(tokens[i], tokens[i + 1])
            or not _KYRGYZ_PLURAL_GENITIVE.search(tokens[i].key)
        ):
            return None
        phrase = self._number(i + 1)
        if phrase is None or phrase.kind != "digits" or phrase.end != i + 2:
            return None
        hyphen = self._mark(i + 2, "-") and adjacent(tokens[i + 1], tokens[i + 2])
        ending = i + 3 if hyphen else i + 2
        if (
            ending >= len(tokens)
            or not adjacent(tokens[ending - 1], tokens[ending])
            or not _KYRGYZ_POSSESSIVE.fullmatch(tokens[ending].key)
        ):
            return None
        whole = tokens[i].key[:-3]
        phrase.unit = self.grammar.unit_words.get(whole)
        phrase.thing = phrase.unit is None
        phrase.noun = tokens[i].text
        phrase.end = self._after(phrase, ending + 1)
        return phrase

    def _kyrgyz_possessed(self, i: int) -> _Phrase | None:
        """A Kyrgyz number word with a possessive ending after a plural in the genitive or a
        word for the rest of a group ("алардын алтысы", "калган сегизине"): a part of a group
        told before. Numbers of a hundred and more are left alone ("алардын жүзү", their
        faces), and so is one ("алардын бири")."""
        tokens, grammar = self.tokens, self.grammar
        if (
            i + 1 >= len(tokens)
            or tokens[i].kind != "word"
            or tokens[i + 1].kind != "word"
            or self._apart(i + 1)
            or tokens[i + 1].key in grammar.stop_words
        ):
            return None
        before, word = tokens[i].key, tokens[i + 1].key
        remainder = before in grammar.remainders
        if not remainder and not _KYRGYZ_PLURAL_GENITIVE.search(before):
            return None
        for size in range(len(word) - 1, 1, -1):
            value = grammar.kyrgyz_numbers.get(word[:size])
            if value is not None and value >= 2 and _KYRGYZ_POSSESSIVE.fullmatch(word[size:]):
                phrase = _Phrase(value, None, None, None, "words", i + 2, i + 1)
                phrase.unit = None if remainder else grammar.unit_words.get(before[:-3])
                phrase.thing = phrase.unit is None
                phrase.noun = tokens[i].text
                phrase.end = self._after(phrase, i + 2)
                return phrase
        return None

    def _plate(self, phrase: _Phrase) -> bool:
        """Whether the number is part of a vehicle's plate: Latin capitals follow it, and a
        number or a country's two letters stand before it ("01 KG 777 ABC")."""
        tokens, at = self.tokens, phrase.at
        if phrase.kind != "digits" or phrase.end >= len(tokens):
            return False
        before = tokens[at - 1] if at > 0 else None
        return bool(
            _PLATE_LETTERS.fullmatch(tokens[phrase.end].text)
            and (
                # "01 345 ABC" is read as one grouped number
                re.search(r"[0-9]\s[0-9]", phrase.digits)
                or (
                    before is not None
                    and (before.kind == "num" or re.fullmatch(r"[A-Z]{2}", before.text))
                )
            )
        )

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
            if self._clock(i):
                return None
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

    def _clock(self, i: int) -> bool:
        """Whether the number at ``i`` is joined by a colon to another ("10:30", "23:40", a
        score "2:1"): a time of day or a ratio, never a count."""
        tokens = self.tokens

        def joined(mark: int, number: int) -> bool:
            return (
                min(mark, number) >= 0
                and max(mark, number) < len(tokens)
                and self._mark(mark, ":")
                and tokens[number].kind == "num"
                and adjacent(tokens[min(mark, number)], tokens[max(mark, number)])
                and adjacent(tokens[min(i, mark)], tokens[max(i, mark)])
            )

        return joined(i + 1, i + 2) or joined(i - 1, i - 2)

    def _words(self, i: int) -> _Phrase | None:
        """A number in words: parts add up and hundreds/thousands multiply."""
        total = current = 0
        j = i
        found = False
        while True:
            hit = self.grammar.numbers.match(self.tokens, j)
            if hit is None and found and self._mark(j, "-"):
                hit = self.grammar.numbers.match(self.tokens, j + 1)
            times = None if not found else self.grammar.multipliers.match(self.tokens, j)
            if times is not None:
                # "two dozen", "два десятка": the round noun multiplies and ends the number
                current *= times[0]
                j = times[1]
                break
            if hit is None:
                ending = self.kyrgyz_word(j)
                if ending is not None:
                    value, kind = ending
                    if value in _ROUND_POWERS:
                        # "эки жүзгө жакын", "беш жүздөй": the round word multiplies the words
                        # before it and carries the ending of the whole number.
                        whole = total + max(current, 1) * value
                        return _Phrase(whole, None, None, None, "words", j + 1, i, ending=kind)
                    if current % (10 ** len(str(value))) == 0:
                        current += value
                        found, j = True, j + 1
                        return _Phrase(
                            total + current, None, None, None, "words", j, i, ending=kind
                        )
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

    def kyrgyz_word(self, j: int) -> tuple[int, str] | None:
        """A Kyrgyz number word with its ending written on it: "жүздөй" (about a hundred),
        "кырктан" (from forty); (value, "about" or "case"), or None."""
        if j >= len(self.tokens) or self.tokens[j].kind != "word":
            return None
        return self.grammar.kyrgyz_words.get(self.tokens[j].key)

    def _labelled(self, i: int) -> bool:
        """Whether the number at ``i`` follows a word that makes it a label ("Article 212",
        "ч. 2 ст. 281", "№ 47")."""
        tokens = self.tokens
        before = i - 1
        if before >= 0 and tokens[before].text == "№":
            return True
        if before >= 1 and tokens[before].text == "." and tokens[before - 1].kind == "word":
            before -= 1
        return before >= 0 and tokens[before].key in self.grammar.labels_before

    def _joiner(self, i: int) -> int | None:
        """The index after a dash or word joining two numbers of a range, None if none is at i."""
        if i >= len(self.tokens):
            return None
        if self.tokens[i].text in _DASHES:
            return i + 1
        hit = self.grammar.range_joiners.match(self.tokens, i)
        return None if hit is None else hit[1]

    def _range_end(self, phrase: _Phrase) -> bool:
        """Whether the number is the top of a range whose bottom was not a count ("7–8 August")."""
        tokens = self.tokens
        before = phrase.at - 1
        if before <= 0 or tokens[before - 1].kind != "num":
            return False
        return tokens[before].text in _DASHES or (
            self.grammar.range_joiners.match(tokens, before) is not None
        )

    def _range(self, phrase: _Phrase) -> None:
        """Extends a number to a range ("3–30", "20 to 30", "от 20 до 30") when one follows."""
        if phrase.kind not in ("digits", "words"):
            return
        if self._kyrgyz_range(phrase):
            return
        start = self._joiner(phrase.end)
        if start is None:
            return
        top = self._number(start)
        if top is None or top.kind != phrase.kind or top.number <= phrase.number:
            return
        phrase.high = top.number
        phrase.end = top.end

    def _kyrgyz_range(self, phrase: _Phrase) -> bool:
        """Extends a number to a Kyrgyz range marked by its endings ("20дан 30га чейин")."""
        grammar = self.grammar
        after_from = self._ending(phrase.end, grammar.range_from)
        if phrase.kind != "digits" or after_from is None:
            return False
        top = self._number(after_from)
        if top is None or top.kind != "digits" or top.number <= phrase.number:
            return False
        after_to = self._ending(top.end, grammar.range_to)
        closed = None if after_to is None else grammar.range_closers.match(self.tokens, after_to)
        if closed is None:
            return False
        phrase.high, phrase.end = top.number, closed[1]
        return True

    def _ending(self, j: int, endings: frozenset[str]) -> int | None:
        """The index after one of ``endings`` written on the number that ends before ``j``
        ("20дан", "20-дан"), None if there is none."""
        tokens = self.tokens
        if not endings or j == 0 or j >= len(tokens):
            return None
        start = j + 1 if self._mark(j, "-") and adjacent(tokens[j - 1], tokens[j]) else j
        if (
            start >= len(tokens)
            or not adjacent(tokens[start - 1], tokens[start])
            or tokens[start].key not in endings
        ):
            return None
        return start + 1

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

    def _apart(self, k: int) -> bool:
        """Whether a line break parts token ``k`` from the one before it."""
        if k <= 0 or k >= len(self.tokens):
            return False
        return "\n" in self.text[self.tokens[k - 1].end : self.tokens[k].start]

    def _is_measure(self, k: int) -> int | None:
        """The index after a measure noun at ``k`` ("days", "сомов", "жылга"), None if none."""
        grammar, tokens = self.grammar, self.tokens
        hit = grammar.measures.match(tokens, k)
        if hit is not None:
            return hit[1]
        if (
            k < len(tokens)
            and tokens[k].kind == "word"
            and "ky" in grammar.languages
            and (
                noun_lemma(tokens[k].key, "ky") in grammar.measure_words
                # a word the lemmatiser cuts short ("суткага": сут), without its case ending
                or any(
                    tokens[k].key.endswith(ending)
                    and tokens[k].key[: -len(ending)] in grammar.measure_words
                    for ending in (*grammar.noun_endings, *grammar.measure_suffixes)
                )
            )
        ):
            return k + 1
        return None

    def _noun(self, phrase: _Phrase, j: int) -> int:
        part = self.grammar.partitives.match(self.tokens, j)
        if part is not None and phrase.kind != "vague" and not self._apart(j):
            # "two of them", "пять из них": a count of what the pronoun stands for.
            phrase.noun = self.tokens[part[1] - 1].text
            phrase.thing = phrase.kind != "collective"
            return part[1]
        found = self._unit(phrase, j)
        return self._thing(phrase, j) if found is None else found

    def _thing(self, phrase: _Phrase, j: int) -> int:
        """Any noun the number counts ("three articles"), or the end of a measure ("15 days")."""
        grammar, tokens = self.grammar, self.tokens
        k = j
        link = grammar.links.match(tokens, k)
        if link is not None:
            k = link[1]
        window: list[int] = []
        while k < len(tokens) and len(window) <= _MAX_SKIPPED_WORDS:
            token = tokens[k]
            measured = self._is_measure(k)
            if measured is not None and not self._apart(k):
                phrase.measure = True
                return measured
            if (
                token.kind != "word"
                or self._apart(k)
                or adjacent(tokens[k - 1], token)
                or token.key in grammar.stop_words
                or token.key in grammar.starters
                or grammar.months.match(tokens, k) is not None
                or grammar.qualifiers_after.match(tokens, k) is not None
                or (token.text[:1].isupper() and not token.text.isupper())
            ):
                break
            window.append(k)
            k += 1
        head = self._head(window, collective=phrase.kind == "collective")
        if head is None:
            return j
        phrase.thing = True
        phrase.noun = tokens[head].text
        return head + 1

    def _head(self, window: Sequence[int], *, collective: bool) -> int | None:
        """The counted noun among the words after a number: English takes the first plural,
        Russian and Kyrgyz the first word that is not an adjective before another word."""
        # A Kyrgyz collective numeral stands alone ("бешөөн коё беришти"): no compound follows.
        if self.grammar.languages == ("ky",) and len(window) >= 2 and not collective:
            first, second = (self.tokens[k].key for k in window[:2])
            if noun_lemma(first, "ky") == first and _KYRGYZ_COMPOUND_HEAD.search(second):
                return window[1]
        for place, k in enumerate(window):
            word = self.tokens[k].key
            if _LATIN.fullmatch(word):
                plural = word in _ENGLISH_PLURALS or (
                    word.endswith("s") and not word.endswith(_ENGLISH_SINGULAR_S) and len(word) > 2
                )
                if plural:
                    return k
                continue
            if place + 1 < len(window) and word.endswith(_ADJECTIVE_ENDINGS):
                continue
            if word.endswith(_VERB_ENDINGS):
                return None
            if collective and not word.endswith(_GENITIVE_PLURAL):
                return None
            return k
        return None

    def _unit(self, phrase: _Phrase, j: int) -> int | None:
        """A noun of the counting units ("1,700 villagers"); None if there is none."""
        grammar, tokens = self.grammar, self.tokens
        k = j
        for _ in range(_MAX_SKIPPED_WORDS + 1):
            link = grammar.links.match(tokens, k)
            if link is not None:
                k = link[1]
            if self._apart(k):
                return None
            hit = grammar.units.match(tokens, k)
            if hit is not None:
                phrase.unit = hit[0]
                phrase.noun = self.text[tokens[k].start : tokens[hit[1] - 1].end]
                return hit[1]
            if k >= len(tokens) or tokens[k].kind != "word":
                return None
            stem = self._strip_ending(tokens[k].key)
            if stem is not None:
                phrase.unit = grammar.unit_words[stem]
                phrase.noun = tokens[k].text
                return k + 1
            if (
                tokens[k].key in grammar.starters
                or grammar.qualifiers_after.match(tokens, k)
                or self._is_measure(k) is not None
                # "22 марта возле дома": a number before a month is a day
                or grammar.months.match(tokens, k) is not None
            ):
                return None
            k += 1
        return None

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
            or (
                token.kind == "word"
                and token.key not in grammar.starters
                and token.key not in grammar.kyrgyz_words
                and token.key not in grammar.remainders
                and not (
                    "ky" in grammar.languages
                    and token.key.endswith(_GENITIVES)
                    and _KYRGYZ_PLURAL_GENITIVE.search(token.key)
                )
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
                found.append((start, end, phrase.value(text[start:end], grammar.languages)))
            except InvalidCount:
                pass
            else:
                i = phrase.end
                continue
        i += 1
    return found
