"""Counts and numbers in the reader's language: "не менее 22 (лица)", "22ден ашык".

Reports and pages both write counts this way, so a count reads the same in a report as on the
record it came from.
"""

from __future__ import annotations

from typing import Final

from babel.numbers import format_decimal

from docket.model.counts import Count, Qualifier
from docket.model.taxonomy import load_taxonomy

# How a count's number relates to the true one, as each language says it.
_QUALIFIERS: Final[dict[Qualifier, dict[str, str]]] = {
    Qualifier.EXACTLY: {"en": "", "ru": "", "ky": ""},
    Qualifier.ABOUT: {"en": "about ", "ru": "около ", "ky": "болжол менен "},
    Qualifier.AT_LEAST: {"en": "at least ", "ru": "не менее ", "ky": "кеминде "},
    Qualifier.MORE_THAN: {"en": "more than ", "ru": "более "},
    Qualifier.AT_MOST: {"en": "at most ", "ru": "не более ", "ky": "көп дегенде "},
    Qualifier.FEWER_THAN: {"en": "fewer than ", "ru": "менее "},
}

# Kyrgyz says "more than" and "fewer than" after the number, which then takes the ablative
# ("22ден ашык"): these are the words that follow it.
_KYRGYZ_AFTER: Final[dict[Qualifier, str]] = {
    Qualifier.MORE_THAN: "ашык",
    Qualifier.FEWER_THAN: "аз",
}

# The ablative ending after the last word read aloud of a number, by its last digit, its last
# round ten or its last power: the ending follows that word's vowel harmony and voicing
# (бештен, жыйырмадан, жүздөн).
_ABLATIVE_OF_DIGIT: Final = ("дөн", "ден", "ден", "төн", "төн", "тен", "дан", "ден", "ден", "дан")
_ABLATIVE_OF_TEN: Final = ("", "дон", "дан", "дан", "тан", "дөн", "тан", "тен", "ден", "дон")
# Past the hundreds a round number ends in жүз, миң, миллион or, beyond, миллиард.
_ABLATIVE_OF_POWER: Final = ((1000, "дөн"), (10**6, "ден"), (10**9, "дон"))
_ABLATIVE_OF_BILLIONS: Final = "дан"


def kyrgyz_ablative(value: int) -> str:
    """The ablative ending a number takes in Kyrgyz, after its last word read aloud."""
    whole = abs(value)
    if whole % 10 or whole == 0:
        return _ABLATIVE_OF_DIGIT[whole % 10]
    if whole % 100:
        return _ABLATIVE_OF_TEN[whole % 100 // 10]
    return next(
        (ending for power, ending in _ABLATIVE_OF_POWER if whole % power),
        _ABLATIVE_OF_BILLIONS,
    )


def count_text(value: Count, language: str) -> str:
    """A count with its qualifier and unit in ``language`` ("не менее 22 (лица)")."""
    digits = number(value.value, language)
    if value.high is not None:
        # A range is exactly or about (Count refuses others), so its qualifier comes first.
        digits = f"{digits}–{number(value.high, language)}"
    if language == "ky" and value.qualifier in _KYRGYZ_AFTER:
        body = f"{digits}{kyrgyz_ablative(value.value)} {_KYRGYZ_AFTER[value.qualifier]}"
    else:
        body = _QUALIFIERS[value.qualifier][language] + digits
    if value.unit is None:
        return body
    unit = load_taxonomy("counting_units").label(value.unit, language)
    return f"{body} ({unit.lower()})" if language != "en" else str(value)


def number(value: int | float, language: str) -> str:
    """A quantity with the language's digit grouping ("1 956" in Russian): not for years."""
    return format_decimal(value, locale=language)
