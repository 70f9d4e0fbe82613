"""The case file of a detained or prosecuted person: everything the records say about them.

A documenter following a political prisoner needs one place with the course of the case
(arrest, trial, transfers, hospital), the state of their health, what was asked on their behalf
and what the authorities answered, what was done to them, and the sources of all of it. The
file is gathered from the records pointing at the person (or at the groups they belong to, or
at their cases), through the viewer's filter like every other read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Final

from docket.model.access import Viewer
from docket.model.dates import UncertainDate
from docket.model.taxonomy import load_taxonomy
from docket.records.errors import InvalidRecord
from docket.records.timeline import date_of
from docket.records.views import RecordView

if TYPE_CHECKING:
    from docket.records.store import RecordStore

# The kinds of record a case file can be opened on.
FILE_SUBJECTS: Final = frozenset({"person", "group", "case"})
# Interventions that ask something of someone: their response is what the file must show.
_ASKING: Final = ("request", "appeal")
_HEALTH_STATUS: Final = "health"
_HEALTH_REQUEST: Final = "medical_request"


@dataclass(frozen=True)
class Fact:
    """One record of the file with its date (its own, or its event's for an act)."""

    view: RecordView
    date: UncertainDate | None


@dataclass(frozen=True)
class Alias:
    """Another record of a person of the file: the same person as another source recorded
    them, linked by ``docket link``."""

    person: int  # the record of the file it is linked to
    view: RecordView
    reviewed: bool  # a reviewer confirmed the link
    sources: list[int]  # the evidence items its values cite


# The other records of the given people's identities (``Linkage.also_recorded``).
Linked = Callable[[Sequence[RecordView]], list[Alias]]


@dataclass(frozen=True)
class CaseFile:
    """What the records say about a person or case, each list earliest first."""

    subject: RecordView
    people: list[RecordView]  # the persons and groups the file is about
    groups: list[RecordView]  # groups a person of the file belongs to
    cases: list[Fact]
    statuses: list[Fact]  # the course of the cases
    health: list[Fact]  # health statuses and medical requests
    requests: list[Fact]  # interventions asking something, or that got a response
    interventions: list[Fact]
    acts: list[Fact]  # acts against the people of the file or their groups
    involvements: dict[int, list[RecordView]]  # act id → who is responsible
    sources: list[tuple[int, int]]  # (item id, how many citations of the file point to it)
    also: list[Alias] = field(default_factory=list)  # the people recorded elsewhere too


def case_file(store: RecordStore, record_id: int, linked: Linked | None = None) -> CaseFile:
    """The case file of a person, group or case; reading it is reading the record (logged
    when confidential). ``linked`` gives the other records of the file's people, if any."""
    viewer = store.viewer
    subject = store.get(record_id)
    kind = subject.type.name
    if kind not in FILE_SUBJECTS:
        raise InvalidRecord(
            f"record {record_id} is a {kind}: case files are kept for people, groups and cases"
        )
    people = _views(store, viewer, subject.refs("subject")) if kind == "case" else [subject]
    person_ids = {p.id for p in people}
    around = _referring(store, viewer, person_ids)
    groups = [
        v for v in around if v.type.name == "group" and person_ids.intersection(v.refs("members"))
    ]
    group_ids = {g.id for g in groups}
    around += _referring(store, viewer, group_ids)
    victims = person_ids | group_ids
    if kind == "case":
        cases = [subject]
    else:
        cases = _unique(
            v for v in around if v.type.name == "case" and victims.intersection(v.refs("subject"))
        )
    case_ids = {c.id for c in cases}
    around += _referring(store, viewer, case_ids)
    around = _unique(around)
    concerned = victims | case_ids
    statuses = [
        v for v in around if v.type.name == "case_status" and case_ids.intersection(v.refs("case"))
    ]
    interventions = [
        v
        for v in around
        if v.type.name == "intervention" and concerned.intersection(v.refs("concerning"))
    ]
    acts = [v for v in around if v.type.name == "act" and victims.intersection(v.refs("victim"))]
    act_ids = {a.id for a in acts}
    involvements: dict[int, list[RecordView]] = {}
    for view in _referring(store, viewer, act_ids):
        if view.type.name == "involvement":
            for act in act_ids.intersection(view.refs("act")):
                involvements.setdefault(act, []).append(view)
    events = _views(store, viewer, [e for a in acts for e in a.refs("event")])
    by_event = {e.id: e for e in events}
    dated = {
        v.id: Fact(v, date_of(v, by_event)) for v in [*cases, *statuses, *interventions, *acts]
    }
    statuses_in_order = _ordered(dated[v.id] for v in statuses)
    interventions_in_order = _ordered(dated[v.id] for v in interventions)
    return CaseFile(
        subject=subject,
        people=people,
        groups=groups,
        cases=_ordered(dated[v.id] for v in cases),
        statuses=statuses_in_order,
        health=_ordered(
            [f for f in statuses_in_order if _is(f.view, "status", "case_statuses", _HEALTH_STATUS)]
            + [
                f
                for f in interventions_in_order
                if _is(f.view, "kind", "intervention_types", _HEALTH_REQUEST)
            ]
        ),
        requests=[f for f in interventions_in_order if _asks(f.view)],
        interventions=interventions_in_order,
        acts=_ordered(dated[v.id] for v in acts),
        involvements=involvements,
        sources=_sources([subject, *people, *cases, *statuses, *interventions, *acts]),
        also=[] if linked is None else linked(people),
    )


def cited_items(view: RecordView) -> list[int]:
    """The evidence items the record's active values cite."""
    return sorted({c.item_id for value in view.values if value.active for c in value.citations})


def _views(store: RecordStore, viewer: Viewer, ids: Iterable[int]) -> list[RecordView]:
    wanted = sorted(set(ids))
    # With the quoted words: a printed case file shows each quote beside its source.
    return store.views(ids=wanted, quotes=True) if wanted else []


def _referring(store: RecordStore, viewer: Viewer, ids: set[int]) -> list[RecordView]:
    return _views(store, viewer, store.referrers(ids)) if ids else []


def _unique(views: Iterable[RecordView]) -> list[RecordView]:
    seen: dict[int, RecordView] = {}
    for view in views:
        seen.setdefault(view.id, view)
    return [seen[key] for key in sorted(seen)]


def _is(view: RecordView, field_name: str, taxonomy: str, ancestor: str) -> bool:
    code = view.first(field_name)
    terms = load_taxonomy(taxonomy)
    return isinstance(code, str) and code in terms and terms.is_a(code, ancestor)


def _asks(view: RecordView) -> bool:
    if view.first("response") is not None:
        return True
    return any(_is(view, "kind", "intervention_types", family) for family in _ASKING)


def _ordered(facts: Iterable[Fact]) -> list[Fact]:
    def key(fact: Fact) -> tuple[int, date, date, int]:
        if fact.date is None or (fact.date.start is None and fact.date.end is None):
            return (1, date.max, date.max, fact.view.id)
        first = fact.date.start or fact.date.end or date.max
        return (0, first, fact.date.end or date.max, fact.view.id)

    return sorted(facts, key=key)


def _sources(views: Sequence[RecordView]) -> list[tuple[int, int]]:
    counted: dict[int, set[int]] = {}
    for view in views:
        for value in view.values:
            if value.active:
                for citation in value.citations:
                    counted.setdefault(citation.item_id, set()).add(citation.id)
    return sorted(((item, len(ids)) for item, ids in counted.items()), key=lambda p: p[0])
