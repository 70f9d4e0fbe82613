"""Records as linkage reads them: names, a birth-year range, gender and the sources cited.

A birth year is read as stated. Without one, an age gives a range: a person 34 years old on
1 March 2022 was born in 1987 or 1988. The age is true on the date given with it, or else on
the publication date of the document cited for it; an age with neither is not used, and the
run says how many there were. An event's years are its date's.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from sqlalchemy import Connection, select

from docket.db.schema import citations, items, record_values, records
from docket.linkage.features import Subject
from docket.model.dates import UncertainDate
from docket.records.changes import ACTIVE
from docket.records.reader import current

__all__ = ["NAME_FIELDS", "Loaded", "birth_years", "load_subjects", "name_text"]

NAME_FIELDS: Final = {"person": "name", "organisation": "name", "place": "name", "event": "title"}
_CHUNK: Final = 500


@dataclass(frozen=True)
class Loaded:
    """Every current record of a type, and how many stated ages had no date to count from."""

    subjects: list[Subject]
    unanchored_ages: int = 0


@dataclass(frozen=True)
class _Value:
    id: int
    value: Any


def name_text(value: Any) -> str:
    if isinstance(value, Mapping):
        return str(value.get("text", ""))
    return "" if value is None else str(value)


def birth_years(age: int, start: date, end: date) -> tuple[int, int]:
    """The years someone ``age`` years old at some day from ``start`` to ``end`` was born in:
    34 on 1 March 2022 is 1987 (birthday still to come that year) or 1988."""
    return start.year - age - 1, end.year - age


def load_subjects(connection: Connection, kind: str) -> Loaded:
    """Every current record of ``kind`` as linkage reads it (names, years, gender, sources).

    Protected values are never read: linkage compares what the public record says.
    """
    wanted = [NAME_FIELDS[kind], "birth_year", "age", "gender", "date"]
    rows = connection.execute(
        select(
            record_values.c.id,
            record_values.c.record_id,
            record_values.c.field,
            record_values.c.value,
        )
        .join(records, records.c.id == record_values.c.record_id)
        .where(
            records.c.type == kind,
            current(),
            record_values.c.status == ACTIVE,
            record_values.c.protected.is_(False),
            record_values.c.field.in_(wanted),
        )
        .order_by(record_values.c.record_id, record_values.c.id)
    )
    fields: dict[int, dict[str, list[_Value]]] = {
        record_id: {}
        for record_id in connection.execute(
            select(records.c.id).where(records.c.type == kind, current()).order_by(records.c.id)
        ).scalars()
    }
    for value_id, record_id, name, value in rows:
        fields[record_id].setdefault(name, []).append(_Value(value_id, json.loads(value)))
    sources: dict[int, set[int]] = {}
    for record_id, item_id in connection.execute(
        select(citations.c.record_id, citations.c.item_id)
        .join(records, records.c.id == citations.c.record_id)
        .where(records.c.type == kind, current(), citations.c.status == ACTIVE)
    ):
        sources.setdefault(record_id, set()).add(item_id)
    undated = [
        age.id
        for values in fields.values()
        if not _stated_year(values)
        for age in values.get("age", [])
        if isinstance(age.value, Mapping) and not age.value.get("at")
    ]
    published = _published(connection, undated)
    subjects = []
    unanchored = 0
    for record_id, values in fields.items():
        low, high = _years(values)
        if low is None:
            (low, high), missed = _years_from_ages(values.get("age", []), published)
            unanchored += missed
        genders = [v.value for v in values.get("gender", [])] or [None]
        subjects.append(
            Subject(
                id=record_id,
                names=tuple(name_text(v.value) for v in values.get(NAME_FIELDS[kind], [])),
                year_low=low,
                year_high=high,
                gender=genders[0] if genders[0] in ("female", "male") else None,
                sources=tuple(sorted(sources.get(record_id, ()))),
            )
        )
    return Loaded(subjects, unanchored)


def _stated_year(values: Mapping[str, list[_Value]]) -> int | None:
    born = values.get("birth_year")
    if born and isinstance(born[0].value, int):
        return born[0].value
    return None


def _years(values: Mapping[str, list[_Value]]) -> tuple[int | None, int | None]:
    year = _stated_year(values)
    if year is not None:
        return year, year
    dates = values.get("date")
    if dates and isinstance(dates[0].value, Mapping):
        day = UncertainDate.from_json(dates[0].value)
        if day.start is not None and day.end is not None:
            return day.start.year, day.end.year
    return None, None


def _years_from_ages(
    ages: Sequence[_Value], published: Mapping[int, list[date]]
) -> tuple[tuple[int | None, int | None], int]:
    """The range of birth years every anchored age allows together, and how many ages had no
    date to count from."""
    ranges: list[tuple[int, int]] = []
    missed = 0
    for age in ages:
        if not isinstance(age.value, Mapping) or not isinstance(age.value.get("years"), int):
            continue
        years = int(age.value["years"])
        if age.value.get("at"):
            day = UncertainDate.from_json(age.value["at"])
            if day.start is not None and day.end is not None:
                ranges.append(birth_years(years, day.start, day.end))
                continue
        days = published.get(age.id)
        if not days:
            missed += 1
            continue
        ranges.append(birth_years(years, min(days), max(days)))
    if not ranges:
        return (None, None), missed
    return (min(low for low, _ in ranges), max(high for _, high in ranges)), missed


def _published(connection: Connection, value_ids: Sequence[int]) -> dict[int, list[date]]:
    """The publication dates of the items each value cites (items without one are left out)."""
    found: dict[int, list[date]] = {}
    for start in range(0, len(value_ids), _CHUNK):
        chunk = value_ids[start : start + _CHUNK]
        for value_id, text in connection.execute(
            select(citations.c.value_id, items.c.published)
            .join(items, items.c.id == citations.c.item_id)
            .where(citations.c.value_id.in_(chunk), citations.c.status == ACTIVE)
        ):
            day = _day(text)
            if day is not None:
                found.setdefault(value_id, []).append(day)
    return found


def _day(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None
