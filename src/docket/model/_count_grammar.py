"""The grammar of count phrases: the ``counts`` lexicon (with the ``dates`` words a count must
not be read in) and the ``counting_units`` taxonomy compiled per language into the tables the
count reader matches, and the qualifiers they give.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import cache
from typing import Any

from docket.model._lexicon import PhraseTable, entries, load_lexicon
from docket.model._tokens import fold
from docket.model.taxonomy import Taxonomy, load_taxonomy

__all__ = ["CountGrammar", "Qualifier", "count_grammar", "counting_units"]


class Qualifier(StrEnum):
    """How the stated number relates to the true one."""

    EXACTLY = "exactly"
    ABOUT = "about"
    AT_LEAST = "at_least"
    MORE_THAN = "more_than"
    AT_MOST = "at_most"
    FEWER_THAN = "fewer_than"


def counting_units() -> Taxonomy:
    """The taxonomy of what counts count (persons, households...), loaded once."""
    return load_taxonomy("counting_units")


@dataclass(frozen=True)
class CountGrammar:
    """The tables of one set of languages; ``starters`` holds every word that may open a count."""

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
def count_grammar(languages: tuple[str, ...]) -> CountGrammar:
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
        for term in counting_units()
        for language, synonyms in term.synonyms.items()
        if language in languages
        for synonym in synonyms
    ]
    grammar = CountGrammar(
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
