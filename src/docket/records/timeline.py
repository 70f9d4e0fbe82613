"""A record's dated facts in order, each with its sources.

The facts about a person, case or event are the records that point at it (acts against a victim,
statuses of a case, interventions and claims concerning it), looked at one step further through
links and containers (an involvement leads to its act; a case to its statuses). An act without a
date of its own takes its event's date. Everything is read through the viewer's filter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from docket.model.access import Viewer
from docket.model.dates import UncertainDate
from docket.model.record_types import RecordType, ValueKind
from docket.records.views import Citation, RecordView

if TYPE_CHECKING:
    from docket.records.store import RecordStore

# A fact's summary names these kinds of fields besides the type's title fields.
_SUMMARY_KINDS = frozenset({ValueKind.CODE, ValueKind.REF, ValueKind.COUNT})


@dataclass(frozen=True)
class Relation:
    """How a fact concerns the timeline's subject: the fields of its type that point there, or
    none when it only mentions it or is the subject itself, perhaps by way of a linked record."""

    record_type: RecordType
    fields: tuple[str, ...] = ()
    itself: bool = False
    through: tuple[RecordType, int] | None = None  # the type and id of the linking record

    def __str__(self) -> str:
        if self.itself:
            text = "itself"
        else:
            labels = [self.record_type.field(name).label() for name in self.fields]
            text = ", ".join(labels) or "mentions"
        if self.through is None:
            return text
        link_type, link_id = self.through
        return f"{text} (through {link_type.label().lower()} #{link_id})"


@dataclass(frozen=True)
class Moment:
    """One dated fact on a timeline."""

    date: UncertainDate | None
    record: RecordView
    relation: str  # how the fact concerns the timeline's subject
    summary: str
    sources: tuple[Citation, ...]
    # The parts ``relation`` is written from, for a page to word them in its language.
    related_by: Relation | None = None
    # The other record of the subject's identity the fact concerns, when it is not the subject.
    linked_from: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "date": None if self.date is None else self.date.canonical(),
            "date_label": "undated" if self.date is None else str(self.date),
            "reported": self.date is not None and self.date.reported,
            "record": self.record.id,
            "type": self.record.type.name,
            "relation": self.relation,
            "linked_from": self.linked_from,
            "summary": self.summary,
            "sources": [source.to_json() for source in self.sources],
        }


def timeline(
    store: RecordStore, record_id: int, *, log: bool = True, linked: Sequence[int] = ()
) -> list[Moment]:
    """Dated facts about a record, earliest first; undated ones last.

    ``log=False`` when the caller has already logged this reading of the record (a case file
    shows its timeline: one reading, one custody entry). ``linked`` are other records of the
    same identity (``docket link``): their facts join the timeline, marked as coming from them.
    """
    subject = store.get(record_id, log=log)
    views, related = _gather(store, subject)
    origin: dict[int, int] = {}
    for member_id in linked:
        if member_id == subject.id:
            continue
        member = store.get(member_id, log=log)
        their_views, their_relations = _gather(store, member)
        for view_id, view in their_views.items():
            if view_id not in views:
                views[view_id] = view
                related[view_id] = their_relations[view_id]
                origin[view_id] = member_id
    events = _events(store, store.viewer, views.values())
    moments = []
    for view in views.values():
        if view.retracted or view.merged_into is not None or view.type.date_field is None:
            continue
        relation = str(related[view.id])
        if view.id in origin:
            relation += f" (linked record #{origin[view.id]})"
        moments.append(
            Moment(
                date_of(view, events),
                view,
                relation,
                summary(view),
                _sources(view),
                related[view.id],
                origin.get(view.id),
            )
        )
    return sorted(moments, key=_order)


def _gather(
    store: RecordStore, subject: RecordView
) -> tuple[dict[int, RecordView], dict[int, Relation]]:
    """The records a timeline of ``subject`` shows, each with how it concerns the subject."""
    related: dict[int, Relation] = {}
    first = store.views(ids=store.referrers([subject.id]), quotes=True)
    views: dict[int, RecordView] = {view.id: view for view in first}
    for view in first:
        related[view.id] = _relation(view, subject.id)
    links = [view for view in first if view.type.expand]
    if subject.type.expand:
        links.append(subject)
    itself = Relation(subject.type, itself=True)
    onward: dict[int, Relation] = {}
    for link in links:
        if link is subject:
            way = related.get(link.id, itself)
        else:
            way = replace(related[link.id], through=(link.type, link.id))
        reached = [*_refs(link), *store.referrers([link.id])]
        for target in reached:
            if target != subject.id and target not in related:
                onward[target] = way
    if onward:
        for view in store.views(ids=sorted(onward), quotes=True):
            views[view.id] = view
            related[view.id] = onward[view.id]
    views[subject.id] = subject
    related[subject.id] = itself
    return views, related


def _relation(view: RecordView, subject_id: int) -> Relation:
    fields = tuple(
        name
        for name, spec in view.type.fields.items()
        if spec.kind is ValueKind.REF and subject_id in view.refs(name)
    )
    return Relation(view.type, fields)


def _refs(view: RecordView) -> list[int]:
    return [
        ref
        for name, spec in view.type.fields.items()
        if spec.kind is ValueKind.REF and not spec.protected
        for ref in view.refs(name)
    ]


def _events(store: RecordStore, viewer: Viewer, views: Any) -> dict[int, RecordView]:
    wanted = {
        ref
        for view in views
        if "event" in view.type.fields and view.type.field("event").kind is ValueKind.REF
        for ref in view.refs("event")
    }
    return {view.id: view for view in store.views(ids=sorted(wanted))} if wanted else {}


def date_of(view: RecordView, events: dict[int, RecordView]) -> UncertainDate | None:
    """The date of a fact: its own, or for an act without one, its event's."""
    field = view.type.date_field
    stored = view.first(field) if field else None
    if stored is None and "event" in view.type.fields:
        for event_id in view.refs("event"):
            event = events.get(event_id)
            if event is not None and event.type.date_field:
                stored = event.first(event.type.date_field)
                break
    return None if stored is None else UncertainDate.from_json(stored)


def summary(view: RecordView) -> str:
    parts = []
    for name, spec in view.type.fields.items():
        if spec.protected or name == view.type.date_field:
            continue
        if name in view.type.title or spec.kind in _SUMMARY_KINDS:
            text = view.text(name)
            if text:
                parts.append(f"{spec.label().lower()}: {text}")
    return f"{view.type.label()} — {'; '.join(parts)}" if parts else view.type.label()


def _sources(view: RecordView) -> tuple[Citation, ...]:
    seen: dict[int, Citation] = {}
    for value in view.values:
        if value.active:
            for citation in value.citations:
                seen.setdefault(citation.id, citation)
    return tuple(seen[key] for key in sorted(seen))


def _order(moment: Moment) -> tuple[int, date, date, int]:
    if moment.date is None:
        return (1, date.max, date.max, moment.record.id)
    start = moment.date.start or moment.date.end or date.max
    end = moment.date.end or date.max
    return (0, start, end, moment.record.id)
