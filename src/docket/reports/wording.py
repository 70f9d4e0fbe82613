"""Values, dates and numbers as a report writes them in its language (Babel for the calendar
and the digits, the record types' and taxonomies' own labels for the words)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from babel.dates import format_date, format_datetime

from docket.model.count_wording import count_text, number
from docket.model.counts import Count
from docket.model.dates import Precision, UncertainDate
from docket.model.record_types import FieldSpec, ValueKind
from docket.model.taxonomy import load_taxonomy
from docket.records import REDACTED
from docket.reports.labels import choice, word


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
        return count_text(Count.from_json(value), language)
    if kind is ValueKind.REF and isinstance(value, Mapping) and "ref" in value:
        ref = int(value["ref"])
        return names.get(ref) or f"#{ref}"
    if kind is ValueKind.CODE and spec.taxonomy is not None:
        terms = load_taxonomy(spec.taxonomy)
        return terms.label(str(value), language) if str(value) in terms else str(value)
    if kind is ValueKind.TEXT and spec.choices and value in spec.choices:
        return choice(str(value), language)
    if kind is ValueKind.INTEGER and isinstance(value, int) and not isinstance(value, bool):
        # A year of birth or an age: "1956", never "1,956" or "1 956".
        return str(value)
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
