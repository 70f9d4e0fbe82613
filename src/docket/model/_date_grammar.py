"""The date lexicon for one choice of languages, compiled into phrase tables.

Apart from the reader because it is built once per choice of languages (and cached), from
``lexicon/dates.yaml`` and the counting units of the taxonomy, and holds no rule of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Final

from docket.model._date_future import FutureForms, future_forms
from docket.model._lexicon import PhraseTable, entries, load_lexicon
from docket.model._tokens import fold
from docket.model._verb_tense import PastForms, past_forms
from docket.model.taxonomy import load_taxonomy


@dataclass(frozen=True)
class DateGrammar:
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
    # The words of the future less those of order ("next"), which a past story uses too.
    future_stated: PhraseTable[object]
    # Verb forms of the future known by their endings (Kyrgyz "болорун айтты", "-макчы").
    future_forms: FutureForms
    # Words of the future that begin a wording of the past ("would have").
    future_not: PhraseTable[object]
    # What tells a date's own clause is of the past, within a sentence of the future.
    past_forms: PastForms
    # Verbs that set a day for what is to come when the day follows a preposition of them
    # ("назначил заседание на 12 марта", "set the hearing for 3 February"), and those prepositions.
    scheduling: PhraseTable[object]
    scheduling_prepositions: frozenset[str]
    terms: PhraseTable[object]
    relative_years: PhraseTable[int]
    unit_nouns: frozenset[str]
    # Words beside a day and month without a year ("12.03") that make it a time, a sum or a
    # numbered article instead.
    day_month_not_after: frozenset[str]
    day_month_not_before: frozenset[str]
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
def date_grammar(languages: tuple[str, ...]) -> DateGrammar:
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
    return DateGrammar(
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
        future_stated=PhraseTable(
            (word, meaning)
            for word, meaning in pairs("future")
            if fold(word) not in keys("future_order")
        ),
        future_forms=future_forms(lexicon.get("future_forms") or {}, languages),
        future_not=PhraseTable(pairs("future_not")),
        past_forms=past_forms(lexicon.get("past_forms") or {}, languages),
        scheduling=PhraseTable(pairs("scheduling")),
        scheduling_prepositions=keys("scheduling_prepositions"),
        terms=PhraseTable(pairs("terms")),
        relative_years=relative_years,
        unit_nouns=unit_nouns,
        day_month_not_after=keys("day_month_not_after"),
        day_month_not_before=keys("day_month_not_before"),
        starters=unknown.first_words().union(*(table.first_words() for table in starters)),
        point_starters=frozenset().union(
            *(table.first_words() for table in (parts_before, seasons, months, day_words))
        ),
    )
