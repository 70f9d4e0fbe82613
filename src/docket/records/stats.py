"""Analytical questions over records: acts by victim or perpetrator, cases by status, and how
many people were affected by what, when and where.

Acts known only by the date a source reported them on are tallied apart from acts dated by when
they happened (``"reported": true`` on their rows), so a month never mixes the two.

Counts are of people, not of mentions: a named person counts once in a cell however many acts
name them, a group counts with its (preferred) size, and named members of a group that is itself
counted in the cell are not counted again. A group's size keeps its qualifier, so totals come
with bounds ("about 1,700" stays about); a group without a size makes the total unknown ("3 and
an unknown number"), never zero. Everything is read through the viewer's filter.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from docket.gc_pauses import without_gc_pauses
from docket.model.access import Viewer
from docket.model.counts import Count, Qualifier
from docket.model.dates import UncertainDate
from docket.model.taxonomy import load_taxonomy
from docket.records.reader import load_facts
from docket.records.timeline import date_of
from docket.records.views import RecordView

if TYPE_CHECKING:
    from docket.records.store import RecordStore

UNKNOWN = "unknown"
# How a cell's people read when a group in it has no size: not zero, and no lower bound.
UNKNOWN_NUMBER = "unknown number"


def month_of(day: UncertainDate | None) -> str:
    """The month a fact falls in (YYYY-MM), its year when only that is known, or "unknown"."""
    if day is None or day.start is None or day.end is None:
        return UNKNOWN
    if (day.start.year, day.start.month) == (day.end.year, day.end.month):
        return f"{day.start.year:04d}-{day.start.month:02d}"
    if day.start.year == day.end.year:
        return f"{day.start.year:04d}"
    return UNKNOWN


@dataclass
class _Context:
    """Acts with what they point to, loaded once."""

    acts: list[RecordView]
    records: dict[int, RecordView]
    involvements: list[RecordView] = field(default_factory=list)

    def get(self, record_id: int) -> RecordView | None:
        return self.records.get(record_id)

    def title(self, record_id: int | None) -> str | None:
        view = None if record_id is None else self.records.get(record_id)
        return None if view is None else view.title


def _context(store: RecordStore, viewer: Viewer) -> _Context:
    views = store.views(
        type_names=["act", "event", "place", "group", "person", "organisation"],
        names=False,
    )
    involvements = store.views(type_names=["involvement"], sources=False, names=False)
    by_id = {view.id: view for view in views}
    acts = [view for view in views if view.type.name == "act"]
    return _Context(acts, by_id, involvements)


def _place_of(act: RecordView, context: _Context) -> int | None:
    for place in act.refs("place"):
        return place
    for event_id in act.refs("event"):
        event = context.get(event_id)
        if event is not None:
            for place in event.refs("place"):
                return place
    return None


def _act_row(act: RecordView, context: _Context) -> dict[str, Any]:
    events = {i: v for i in act.refs("event") if (v := context.get(i)) is not None}
    day = date_of(act, events)
    violations = load_taxonomy("violation_types")
    code = act.first("violation")
    place = _place_of(act, context)
    return {
        "act": act.id,
        "violation": code,
        "violation_label": violations.label(code) if code else None,
        "date": None if day is None else day.canonical(),
        "date_label": "undated" if day is None else str(day),
        "reported": day is not None and day.reported,
        "place": place,
        "place_name": context.title(place),
        "status": act.first("status"),
        "victims": [{"id": v, "name": context.title(v)} for v in act.refs("victim")],
        "perpetrators": [
            {
                "id": perpetrator,
                "name": context.title(perpetrator),
                "degree": involvement.first("degree"),
            }
            for involvement in context.involvements
            if act.id in involvement.refs("act")
            for perpetrator in involvement.refs("perpetrator")
        ],
        "sources": sorted(
            {c.item_id for value in act.values if value.active for c in value.citations}
        ),
    }


def acts_against(store: RecordStore, victim_id: int) -> list[dict[str, Any]]:
    viewer = store.viewer
    """Acts whose victims include the person or group, or a group the person belongs to."""
    store.get(victim_id)
    context = _context(store, viewer)
    groups = {
        view.id
        for view in context.records.values()
        if view.type.name == "group" and victim_id in view.refs("members")
    }
    wanted = {victim_id} | groups
    return [
        _act_row(act, context) for act in context.acts if wanted.intersection(act.refs("victim"))
    ]


def acts_by(store: RecordStore, perpetrator_id: int) -> list[dict[str, Any]]:
    viewer = store.viewer
    """Acts the person or organisation is involved in, with the degree of involvement."""
    store.get(perpetrator_id)
    context = _context(store, viewer)
    acts = {
        act
        for involvement in context.involvements
        if perpetrator_id in involvement.refs("perpetrator")
        for act in involvement.refs("act")
    }
    return [_act_row(act, context) for act in context.acts if act.id in acts]


def all_acts(store: RecordStore) -> list[dict[str, Any]]:
    """Every act the viewer may see, in record order, with the columns of ``acts_against``."""
    context = _context(store, store.viewer)
    return [_act_row(act, context) for act in sorted(context.acts, key=lambda view: view.id)]


def cases_by_status(store: RecordStore) -> list[dict[str, Any]]:
    """How many cases stand at each status now (a case's latest dated status)."""
    cases = store.views(type_names=["case"], sources=False, names=False)
    statuses = store.views(type_names=["case_status"], sources=False, names=False)
    latest: dict[int, tuple[tuple[Any, ...], str]] = {}
    for entry in statuses:
        code = entry.first("status")
        stored = entry.first("date")
        day = None if stored is None else UncertainDate.from_json(stored)
        # Undated statuses sort before dated ones: a dated later event is the better guess.
        order = (day is not None, day.end or day.start if day else None, entry.id)
        for case_id in entry.refs("case"):
            if case_id not in latest or _later(order, latest[case_id][0]):
                latest[case_id] = (order, code)
    tally: dict[str, list[int]] = {}
    for case in cases:
        tally.setdefault(latest[case.id][1] if case.id in latest else UNKNOWN, []).append(case.id)
    taxonomy = load_taxonomy("case_statuses")
    return [
        {
            "status": code,
            "label": taxonomy.label(code) if code in taxonomy else "Unknown",
            "cases": len(ids),
            "case_ids": ids,
        }
        for code, ids in sorted(tally.items(), key=lambda pair: (-len(pair[1]), pair[0]))
    ]


def _later(a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
    if a[0] != b[0]:
        return bool(a[0])
    if a[1] is not None and b[1] is not None and a[1] != b[1]:
        return bool(a[1] > b[1])
    return bool(a[2] > b[2])


@dataclass
class _Cell:
    persons: set[int] = field(default_factory=set)
    groups: dict[int, Count | None] = field(default_factory=dict)
    organisations: set[int] = field(default_factory=set)
    acts: set[int] = field(default_factory=set)


def counts(
    store: RecordStore,
    same_as: Mapping[int, int] | None = None,
    unconfirmed: Collection[int] = (),
) -> list[dict[str, Any]]:
    """People affected per violation type × month × place, with bounds.

    ``same_as`` maps a linked person record to its identity, so a person named in several
    sources counts once; ``unconfirmed`` are the records linked by the model alone, reported as
    "unreviewed_links" behind each figure."""
    viewer = store.viewer
    with without_gc_pauses():
        return _counts(store, viewer, same_as or {}, set(unconfirmed))


def _counts(
    store: RecordStore, viewer: Viewer, same_as: Mapping[int, int], unconfirmed: set[int]
) -> list[dict[str, Any]]:
    facts, visible = load_facts(
        store,
        viewer,
        {
            "act": ("violation", "victim", "date", "place", "event"),
            "event": ("date", "place"),
            "group": ("size", "members"),
            "place": ("name",),
        },
    )
    # A reporting date says when a source told of the act, not when it happened: such acts are
    # tallied in cells of their own, never added to the month they were reported in.
    cells: dict[tuple[str, str, int | None, bool], _Cell] = {}
    for act_id, act in facts.items():
        if act.type != "act":
            continue
        event = next((facts[e] for e in act.refs("event") if e in facts), None)
        stored = act.first("date") or (event.first("date") if event else None)
        day = None if stored is None else UncertainDate.from_json(stored)
        places = act.refs("place") or (event.refs("place") if event else [])
        reported = day is not None and day.reported
        key = (str(act.first("violation")), month_of(day), places[0] if places else None, reported)
        cell = cells.setdefault(key, _Cell())
        cell.acts.add(act_id)
        for victim in act.refs("victim"):
            kind = visible.get(victim)
            if kind == "group":
                size = facts[victim].first("size") if victim in facts else None
                cell.groups[victim] = None if size is None else Count.from_json(size)
            elif kind == "organisation":
                cell.organisations.add(victim)
            else:
                cell.persons.add(victim)
    violations = load_taxonomy("violation_types")
    rows = []
    for (code, month, place, reported), cell in cells.items():
        in_groups = {m for g in cell.groups if g in facts for m in facts[g].refs("members")}
        named = cell.persons - in_groups
        persons = {same_as.get(person, person) for person in named}
        unreviewed = unreviewed_links(named, same_as, unconfirmed)
        name = facts[place].first("name") if place is not None and place in facts else None
        rows.append(
            {
                "violation": code,
                "violation_label": violations.label(code) if code in violations else code,
                "month": month,
                "reported": reported,
                "place": place,
                "place_name": None if name is None else name["text"],
                "acts": len(cell.acts),
                "named_persons": len(persons),
                "linked_records": len(named) - len(persons),
                "unreviewed_links": unreviewed,
                "groups": len(cell.groups),
                "organisations": len(cell.organisations),
                **_people(len(persons), cell.groups.values()),
            }
        )
    return sorted(
        rows, key=lambda r: (r["reported"], r["month"], r["violation"], r["place_name"] or "")
    )


def unreviewed_links(named: set[int], same_as: Mapping[int, int], unconfirmed: set[int]) -> int:
    """Of the links that fold the cell's person records into fewer people, how many the model
    made without a reviewer confirming them."""
    by_identity: dict[int, list[int]] = {}
    for person in named:
        by_identity.setdefault(same_as.get(person, person), []).append(person)
    return sum(
        min(len(group) - 1, sum(1 for person in group if person in unconfirmed))
        for group in by_identity.values()
    )


def _people(persons: int, sizes: Iterable[Count | None]) -> dict[str, Any]:
    """People in a cell: named persons and the groups' sizes, with bounds. A group without a
    size is an unknown number of people, so the cell's total is unknown too ("people" is null,
    the qualifier "unknown"); what is known of it stays in "people_known"."""
    low, central = persons, persons
    high: int | None = persons
    qualifiers = set()
    unknown_sizes = 0
    for size in sizes:
        if size is None:
            unknown_sizes += 1
            continue
        low_part, high_bound = size.bounds()
        central += size.value
        qualifiers.add(size.qualifier)
        low += low_part
        high = None if high is None or high_bound is None else high + high_bound
    if qualifiers <= {Qualifier.EXACTLY}:
        qualifier = Qualifier.EXACTLY
    elif high is None:
        qualifier = Qualifier.AT_LEAST
    else:
        qualifier = Qualifier.ABOUT
    figure = low if qualifier is Qualifier.AT_LEAST else central
    known = str(Count(figure, qualifier))
    if unknown_sizes:
        has_known = persons > 0 or len(qualifiers) > 0
        return {
            "people": None,
            "qualifier": UNKNOWN,
            "people_low": low,
            "people_high": None,
            "people_known": figure,
            "people_label": f"{known} and an {UNKNOWN_NUMBER}" if has_known else UNKNOWN_NUMBER,
            "groups_without_size": unknown_sizes,
        }
    return {
        "people": figure,
        "qualifier": qualifier.value,
        "people_low": low,
        "people_high": high,
        "people_known": figure,
        "people_label": known,
        "groups_without_size": 0,
    }
