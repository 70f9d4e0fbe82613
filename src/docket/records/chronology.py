"""The archive's dated facts in order: events, acts, interventions, cases and claims over time.

Where ``timeline`` follows one record's links, this lists every dated record the viewer may
see, filtered by type and by a range of days, a page at a time. Dates are read without
building views (an act without a date of its own takes its event's), so the order is known
before only the page's records are loaded.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from docket.errors import InvalidDate
from docket.model.access import Viewer
from docket.model.dates import UncertainDate
from docket.records.reader import load_facts
from docket.records.timeline import Moment, date_of, summary
from docket.records.views import Citation, RecordView

if TYPE_CHECKING:
    from docket.records.store import RecordStore


@dataclass(frozen=True)
class Dated:
    """A record's place in time, before its view is loaded."""

    record_id: int
    type: str
    date: UncertainDate | None


@dataclass(frozen=True)
class DateTally:
    """How many of a chronology's records have a date of the event, how many only the date it
    was reported on, and how many have none."""

    dated: int
    undated: int
    reported: int = 0

    @property
    def total(self) -> int:
        return self.dated + self.reported + self.undated


def tally(entries: Iterable[Dated]) -> DateTally:
    """Dated, reported-on and undated records of a chronology, counted apart."""
    dated = undated = reported = 0
    for entry in entries:
        if entry.date is None:
            undated += 1
        elif entry.date.reported:
            reported += 1
        else:
            dated += 1
    return DateTally(dated, undated, reported)


def day_bound(text: str, *, ending: bool) -> date:
    """The first (or with ``ending`` the last) day of ``2023``, ``2023-04`` or ``2023-04-05``,
    as a timeline filter is typed."""
    parts = text.strip().split("-")
    try:
        if len(parts) == 1 and len(parts[0]) == 4:
            year = int(parts[0])
            return date(year, 12, 31) if ending else date(year, 1, 1)
        if len(parts) == 2 and len(parts[0]) == 4:
            year, month = int(parts[0]), int(parts[1])
            if not ending:
                return date(year, month, 1)
            if month == 12:
                return date(year, 12, 31)
            return date(year, month + 1, 1) - timedelta(days=1)
        if len(parts) == 3 and len(parts[0]) == 4:
            return date(int(parts[0]), int(parts[1]), int(parts[2]))
    except (ValueError, OverflowError):
        pass
    raise InvalidDate(f"{text.strip()[:40]!r} is not a day: give it as 2023, 2023-04 or 2023-04-05")


def dated_types(store: RecordStore) -> tuple[str, ...]:
    """The record types a timeline can place: those with a date field."""
    return tuple(t.name for t in store.types if t.date_field is not None)


def chronology(
    store: RecordStore,
    *,
    type_names: tuple[str, ...] | None = None,
    start: date | None = None,
    end: date | None = None,
) -> list[Dated]:
    """Current dated-type records the viewer may see, earliest first and undated last.

    With ``start`` or ``end``, only records whose date range overlaps those days (undated ones
    are then left out, since nothing says they fall inside).
    """
    viewer = store.viewer
    types = dated_types(store)
    if type_names is not None:
        for name in type_names:
            store.types.get(name)
        types = tuple(t for t in types if t in type_names)
    if not types:
        return []
    wanted: dict[str, tuple[str, ...]] = {}
    for name in types:
        record_type = store.types.get(name)
        assert record_type.date_field is not None
        fields = [record_type.date_field]
        if "event" in record_type.fields:
            fields.append("event")
        wanted[name] = tuple(fields)
    wanted.setdefault("event", ("date",))
    facts, visible = load_facts(store, viewer, wanted)
    result: list[Dated] = []
    for record_id, type_name in visible.items():
        if type_name not in types:
            continue
        record_type = store.types.get(type_name)
        entry = facts.get(record_id)
        stored = entry.first(record_type.date_field or "") if entry else None
        if stored is None and entry is not None:
            for event_id in entry.refs("event"):
                event = facts.get(event_id)
                if event is not None and event.type == "event":
                    stored = event.first("date")
                    break
        day = None if stored is None else UncertainDate.from_json(stored)
        if day is not None and day.start is None and day.end is None:
            day = None
        if (start is not None or end is not None) and not _overlaps(day, start, end):
            continue
        result.append(Dated(record_id, type_name, day))
    return sorted(result, key=_order)


def moments(store: RecordStore, page: list[Dated]) -> list[Moment]:
    viewer = store.viewer
    """The page's records as timeline facts, in the page's order (hidden ones dropped)."""
    views = {view.id: view for view in store.views(ids=[d.record_id for d in page])}
    events = _events(store, viewer, views.values())
    result = []
    for entry in page:
        view = views.get(entry.record_id)
        if view is None:
            continue
        result.append(
            Moment(date_of(view, events), view, view.type.label(), summary(view), _sources(view))
        )
    return result


def _events(
    store: RecordStore, viewer: Viewer, views: Iterable[RecordView]
) -> dict[int, RecordView]:
    wanted = sorted(
        {ref for view in views if "event" in view.type.fields for ref in view.refs("event")}
    )
    return {view.id: view for view in store.views(ids=wanted)} if wanted else {}


def _sources(view: RecordView) -> tuple[Citation, ...]:
    seen: dict[int, Citation] = {}
    for value in view.values:
        if value.active:
            for citation in value.citations:
                seen.setdefault(citation.id, citation)
    return tuple(seen[key] for key in sorted(seen))


def _overlaps(day: UncertainDate | None, start: date | None, end: date | None) -> bool:
    if day is None:
        return False
    first = day.start or date.min
    last = day.end or date.max
    return (end is None or first <= end) and (start is None or last >= start)


def _order(entry: Dated) -> tuple[int, date, date, int]:
    if entry.date is None:
        return (1, date.max, date.max, entry.record_id)
    first = entry.date.start or entry.date.end or date.max
    last = entry.date.end or date.max
    return (0, first, last, entry.record_id)
