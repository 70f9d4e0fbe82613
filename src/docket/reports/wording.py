"""Values, dates and numbers as a report writes them in its language (Babel for the calendar
and the digits, the record types' and taxonomies' own labels for the words)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, Final

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal

from docket.model.counts import Count, Qualifier
from docket.model.dates import Precision, UncertainDate
from docket.model.record_types import FieldSpec, ValueKind
from docket.model.taxonomy import load_taxonomy
from docket.records import REDACTED
from docket.reports.labels import word

# How a count's number relates to the true one, as each report language says it.
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


def count(value: Count, language: str) -> str:
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
    return format_decimal(value, locale=language)


def day(value: date, language: str) -> str:
    return format_date(value, "long", locale=language)


def moment(iso: str, language: str) -> str:
    """A stored UTC time (ISO 8601) as the report's reader writes it."""
    try:
        parsed = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso
    return format_datetime(parsed, "long", tzinfo=parsed.tzinfo, locale=language)


def _bound(value: date, precision: Precision, language: str) -> str:
    if precision is Precision.YEAR:
        return str(value.year)
    if precision in (Precision.MONTH, Precision.SEASON):
        return format_date(value, "LLLL y", locale=language)
    return day(value, language)


def uncertain(value: UncertainDate, language: str) -> str:
    """A date with its uncertainty: a range stays a range, an estimate says so."""
    if value.precision is Precision.UNKNOWN or (value.start is None and value.end is None):
        return word("undated", language)
    precision = value.precision
    if value.start is None or value.end is None:
        known = value.start or value.end
        assert known is not None
        body = ("… – " if value.start is None else "") + _bound(known, precision, language)
        body += " – …" if value.end is None else ""
    else:
        first = _bound(value.start, precision, language)
        last = _bound(value.end, precision, language)
        body = first if first == last or _whole_unit(value) else f"{first} – {last}"
    if value.approximate:
        body = f"{word('approximately', language)} {body}"
    if value.reported:
        body = f"{word('reported_on', language)} {body}"
    if value.year_inferred:
        body = f"{body} ({word('year_inferred', language)})"
    return body


def _whole_unit(value: UncertainDate) -> bool:
    """A month or year given as such spans its whole unit: it reads as one month or year."""
    assert value.start is not None
    assert value.end is not None
    if value.precision is Precision.YEAR:
        return value.start.year == value.end.year
    if value.precision is Precision.MONTH:
        return (value.start.year, value.start.month) == (value.end.year, value.end.month)
    return False


def value_text(spec: FieldSpec, value: Any, names: Mapping[int, str], language: str) -> str:
    """One stored value in words, with taxonomy terms and parts labelled in ``language``."""
    if value == REDACTED:
        return REDACTED
    kind = spec.kind
    if kind is ValueKind.NAME and isinstance(value, Mapping):
        return str(value.get("text", ""))
    if kind is ValueKind.UNCERTAIN_DATE and isinstance(value, Mapping):
        return uncertain(UncertainDate.from_json(value), language)
    if kind is ValueKind.COUNT and isinstance(value, Mapping):
        return count(Count.from_json(value), language)
    if kind is ValueKind.REF and isinstance(value, Mapping) and "ref" in value:
        ref = int(value["ref"])
        return names.get(ref) or f"#{ref}"
    if kind is ValueKind.CODE and spec.taxonomy is not None:
        terms = load_taxonomy(spec.taxonomy)
        return terms.label(str(value), language) if str(value) in terms else str(value)
    if kind is ValueKind.COORDINATES and isinstance(value, Mapping):
        return f"{value.get('lat')}, {value.get('lon')}"
    if kind is ValueKind.STRUCT and isinstance(value, Mapping):
        parts = []
        for name, part in spec.parts.items():
            if name in value and value[name] is not None:
                items = value[name] if isinstance(value[name], list) else [value[name]]
                shown = ", ".join(value_text(part, item, names, language) for item in items)
                parts.append(f"{part.label(language)}: {shown}")
        return "; ".join(parts)
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, int | float):
        return number(value, language)
    return str(value)
