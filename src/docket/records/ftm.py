"""Records as FollowTheMoney entities, to open in Aleph-compatible tools.

People, organisations and places map to their FollowTheMoney schemata; groups become
LegalEntities named by their description, with their size in the summary; events, acts and
interventions become Events with the actors involved; cases become CourtCases with their
subjects as CourtCaseParty links and their status timeline as dated notes; each case status is
also an Event of its own, linked to the case. An involvement is an UnknownLink from the
perpetrator to the act, its role the degree of involvement. Records linked as one identity
(``docket link``) are tied by Similar entities. The evidence items the records cite
become Documents, linked from each entity as its ``proof``. The library is imported only when
this export is asked for.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping, Set
from dataclasses import dataclass
from typing import Any, Final

from docket.errors import DocketError
from docket.model.record_types import ValueKind
from docket.records.values import display
from docket.records.views import RecordView, Value

SCHEMATA: Final = {
    "person": "Person",
    "organisation": "Organization",
    "place": "Address",
    "group": "LegalEntity",
    "event": "Event",
    "act": "Event",
    "involvement": "UnknownLink",
    "intervention": "Event",
    "case": "CourtCase",
    "case_status": "Event",
    "claim": "Note",
}
# Docket field -> FollowTheMoney properties, per record type. A ref fills an entity property with
# the id of the record it points to and any other property with that record's title.
PROPERTIES: Final[Mapping[str, Mapping[str, tuple[str, ...]]]] = {
    "person": {"name": ("name",), "nationality": ("nationality",), "gender": ("gender",),
               "description": ("notes",), "birth_year": ("birthDate",)},
    "organisation": {"name": ("name",), "country": ("country",), "website": ("website",),
                     "description": ("description",)},
    "place": {"name": ("full",), "country": ("country",)},
    "group": {"description": ("name",), "size": ("summary",), "place": ("addressEntity",)},
    "event": {"title": ("name",), "kind": ("name",), "description": ("summary",),
              "date": ("date",), "place": ("location", "addressEntity")},
    "act": {"violation": ("name",), "description": ("summary",), "date": ("date",),
            "place": ("location", "addressEntity"), "victim": ("involved",)},
    "involvement": {"perpetrator": ("subject",), "act": ("object",), "degree": ("role",),
                    "role_at_time": ("description",), "status": ("status",)},
    "intervention": {"kind": ("name",), "description": ("summary",), "date": ("date",),
                     "place": ("location", "addressEntity"), "by": ("organizer",),
                     "concerning": ("involved",), "addressee": ("involved",)},
    "case": {"title": ("name",), "court": ("court",), "opened": ("fileDate",),
             "description": ("summary",), "facility": ("addressEntity",)},
    "case_status": {"status": ("name",), "note": ("summary",), "date": ("date",),
                    "facility": ("location", "addressEntity"), "decided_by": ("organizer",)},
    "claim": {"statement": ("description",), "claimant": ("entity",)},
}  # fmt: skip
# Field labels that lead their values in a text property ("Number of people: about 1,700").
LABELLED: Final = frozenset({("group", "size"), ("involvement", "role_at_time")})


@dataclass(frozen=True)
class Link:
    """A ref field that becomes a link entity of its own, one per value."""

    schema: str
    this: str  # the property that holds the record's own entity
    other: str  # the property that holds the referenced record's entity
    role: str


LINKS: Final = {
    ("act", "event"): Link("UnknownLink", "subject", "object", "Part of the event"),
    ("event", "parent"): Link("UnknownLink", "subject", "object", "Part of the event"),
    ("case", "subject"): Link("CourtCaseParty", "case", "party", "Detained or prosecuted"),
    ("case_status", "case"): Link("UnknownLink", "object", "subject", "Case status"),
    ("group", "members"): Link("UnknownLink", "object", "subject", "Member"),
    ("group", "affiliation"): Link("UnknownLink", "subject", "object", "Affiliation"),
}
# A ref the mapped property cannot hold (an intervention concerning an act: ``involved`` takes
# only legal entities) becomes an UnknownLink from the record, its role the field's label.
UNKNOWN: Final = ("UnknownLink", "subject", "object")


def _model() -> Any:
    try:
        return importlib.import_module("followthemoney").model
    except ImportError:
        raise DocketError(
            "the FollowTheMoney export needs the followthemoney package: pip install followthemoney"
        ) from None


def entity_id(view: RecordView, record_id: int) -> str:
    return f"docket-{view.archive_id}-{record_id}"


def document_id(view: RecordView, item_id: int) -> str:
    return f"docket-{view.archive_id}-item-{item_id}"


def link_id(view: RecordView, value: Value) -> str:
    return f"docket-{view.archive_id}-{view.id}-{value.field}-{value.id}"


# Item column -> FollowTheMoney Document property.
DOCUMENT_PROPERTIES: Final = {
    "title": "title",
    "original_name": "fileName",
    "media_type": "mimeType",
    "language": "language",
    "published": "publishedAt",
    "source_url": "sourceUrl",
    "author": "author",
    "size": "fileSize",
}


def ftm_entities(
    views: list[RecordView],
    item: Callable[[int], Mapping[str, Any]],
    *,
    same_as: Mapping[int, int] | None = None,
    unconfirmed: Set[int] = frozenset(),
) -> Iterator[dict[str, Any]]:
    """One FollowTheMoney entity (as a dict) per record that has a matching schema, with the
    link entities its refs make, then one Document per evidence item those records cite
    (``item(id)`` gives the item's metadata). A link whose ends the viewer may not see is left
    out, as are redacted values.

    Records linked as one identity (``same_as``: record → its identity's record) are tied by
    a ``Similar`` entity, FollowTheMoney's link for entities presumed the same after record
    linkage, from each record to its identity's record; its criteria say whether a reviewer
    confirmed the link (``unconfirmed`` are the records nobody did)."""
    model = _model()
    written: set[int] = set()
    cited: dict[int, str] = {}
    statuses = _statuses_by_case(views)
    schemata = {
        entity_id(view, view.id): model.get(SCHEMATA[view.type.name])
        for view in views
        if view.type.name in SCHEMATA
    }
    for view in views:
        schema = SCHEMATA.get(view.type.name)
        if schema is None:
            continue
        entity = model.make_entity(schema)
        entity.id = entity_id(view, view.id)
        misfits: dict[int, Value] = {}
        for field, props in PROPERTIES[view.type.name].items():
            if field in view.type.fields:
                for prop in props:
                    misfits.update(_fill(entity, prop, view, field, schemata))
        if view.type.name == "case":
            _timeline(entity, statuses.get(view.id, []))
        if view.type.name == "case_status":
            _name_the_case(entity, view)
        if "name" in entity.schema.required and not entity.get("name"):
            entity.add("name", view.title)  # a witness known by code; never a redacted value
        if any(not entity.get(prop) for prop in entity.schema.required):
            continue  # a link with an end the viewer may not see
        proof = _proof(view, cited)
        entity.add("proof", proof, quiet=True)
        written.add(view.id)
        yield dict(entity.to_dict())
        for (type_name, field), link in LINKS.items():
            if type_name == view.type.name and field in view.type.fields:
                values = _ordered(view, field)
                yield from _links(model, view, entity.id, values, link, proof)
        for value in misfits.values():
            link = Link(*UNKNOWN, view.type.field(value.field).label())
            yield from _links(model, view, entity.id, [value], link, proof)
    if same_as and views:
        yield from _similar(model, views[0], same_as, unconfirmed, written)
    for item_id, identifier in sorted(cited.items()):
        document = model.make_entity("Document")
        document.id = identifier
        metadata = item(item_id)
        for column, prop in DOCUMENT_PROPERTIES.items():
            if metadata.get(column) is not None:
                document.add(prop, str(metadata[column]), quiet=True)
        yield dict(document.to_dict())


def _similar(
    model: Any,
    view: RecordView,
    same_as: Mapping[int, int],
    unconfirmed: Set[int],
    written: set[int],
) -> Iterator[dict[str, Any]]:
    """A ``Similar`` entity from each written record to its identity's record, when both were
    written (``view`` gives the archive's id)."""
    for record in sorted(written):
        anchor = same_as.get(record)
        if anchor is None or anchor == record or anchor not in written:
            continue
        entity = model.make_entity("Similar")
        entity.id = f"docket-{view.archive_id}-same-{record}"
        entity.add("candidate", entity_id(view, record))
        entity.add("match", entity_id(view, anchor))
        entity.add("matcher", "docket link")
        reviewed = record not in unconfirmed and anchor not in unconfirmed
        entity.add("criteria", "confirmed by a reviewer" if reviewed else "not reviewed")
        yield dict(entity.to_dict())


def _ordered(view: RecordView, field: str) -> list[Value]:
    """The field's active, unredacted values, the preferred one first."""
    values = [value for value in view.field_values(field) if not value.redacted]
    return sorted(values, key=lambda value: not value.preferred)


def _fill(
    entity: Any, prop: str, view: RecordView, field: str, schemata: Mapping[str, Any]
) -> dict[int, Value]:
    """Adds the field's values to ``prop``; returns the refs to records the property's range
    does not take (an intervention concerning an act), which become links of their own."""
    spec = view.type.field(field)
    target = entity.schema.get(prop)
    misfits: dict[int, Value] = {}
    if target is None:
        return misfits
    for value in _ordered(view, field):
        if spec.kind is ValueKind.REF:
            ref = int(value.value["ref"])
            other = schemata.get(entity_id(view, ref))
            if target.type.name != "entity":
                if ref in view.names:
                    entity.add(prop, view.names[ref], quiet=True)
            elif other is not None and not other.is_a(target.range):
                misfits[value.id] = value
            else:
                entity.add(prop, entity_id(view, ref), quiet=True)
        elif spec.kind is ValueKind.UNCERTAIN_DATE:
            _add_date(entity, prop, value.value)
        else:
            text = display(spec, value.value, view.names)
            if (view.type.name, field) in LABELLED:
                text = f"{spec.label()}: {text}"
            entity.add(prop, text, quiet=True)
    return misfits


def _add_date(entity: Any, prop: str, stored: dict[str, Any]) -> None:
    """The date as precise as it is known; a span wider than a year gives start and end dates
    where the schema has them. A date a source reported the fact on is not when it happened, so
    it goes to a note saying so rather than to the entity's dates."""
    iso = _iso(stored)
    if stored.get("reported"):
        when = iso or "/".join(str(stored.get(side) or "..") for side in ("start", "end"))
        for note in ("notes", "summary", "description"):
            if entity.schema.get(note) is not None:
                entity.add(note, f"As reported on {when} (not the date it happened)", quiet=True)
                return
    if iso is not None:
        entity.add(prop, iso, quiet=True)
    elif prop == "date" and entity.schema.get("startDate") is not None:
        entity.add("startDate", stored.get("start"), quiet=True)
        entity.add("endDate", stored.get("end"), quiet=True)


def _proof(view: RecordView, cited: dict[int, str]) -> list[str]:
    proof: list[str] = []
    for value in view.values:
        for citation in value.citations:
            identifier = cited.setdefault(citation.item_id, document_id(view, citation.item_id))
            if identifier not in proof:
                proof.append(identifier)
    return proof


def _links(
    model: Any, view: RecordView, own: str, values: list[Value], link: Link, proof: list[str]
) -> Iterator[dict[str, Any]]:
    """One ``link`` entity from the record's own entity to each ref in ``values``."""
    for value in values:
        entity = model.make_entity(link.schema)
        entity.id = link_id(view, value)
        entity.add(link.this, own)
        entity.add(link.other, entity_id(view, int(value.value["ref"])))
        entity.add("role", link.role)
        cites = {document_id(view, citation.item_id) for citation in value.citations}
        entity.add("proof", [identifier for identifier in proof if identifier in cites])
        yield dict(entity.to_dict())


def _statuses_by_case(views: list[RecordView]) -> dict[int, list[RecordView]]:
    """The case_status records in ``views`` under the case each belongs to, oldest first
    (undated ones last)."""
    found: dict[int, list[RecordView]] = {}
    for view in views:
        if view.type.name == "case_status":
            for case in view.refs("case"):
                found.setdefault(case, []).append(view)
    for timeline in found.values():
        timeline.sort(key=_when)
    return found


def _name_the_case(entity: Any, status: RecordView) -> None:
    """A status Event names its case ("Detained — Case of Ulan Atambaev"): a bare "Detained"
    could be any of many cases."""
    cases = [status.names[ref] for ref in status.refs("case") if ref in status.names]
    if cases:
        entity.set("name", [f"{name} — {cases[0]}" for name in entity.get("name")])


def _when(view: RecordView) -> tuple[bool, str, int]:
    date = view.first("date")
    start = date.get("start") if isinstance(date, Mapping) else None
    return (start is None, str(start or ""), view.id)


def _timeline(entity: Any, statuses: list[RecordView]) -> None:
    """The case's status timeline as dated notes, and its status as the newest dated one."""
    for view in statuses:
        status = view.preferred("status")
        if status is None or status.redacted:
            continue
        line = display(view.type.field("status"), status.value)
        date = view.preferred("date")
        if date is not None and not date.redacted:
            when = _iso(date.value) or display(view.type.field("date"), date.value)
            line = f"{when}: {line}"
        places = [view.names[ref] for ref in view.refs("facility") if ref in view.names]
        if places:
            line += f" ({', '.join(places)})"
        for note in _ordered(view, "note"):
            line += f". {note.value}"
        entity.add("notes", line, quiet=True)
    dated = [view for view in statuses if not _when(view)[0] and view.first("status")]
    if dated:
        newest = dated[-1]
        entity.add("status", display(newest.type.field("status"), newest.first("status")))


def _iso(stored: dict[str, Any]) -> str | None:
    start, end = stored.get("start"), stored.get("end")
    if start and start == end:
        return str(start)
    if start and end and start[:7] == end[:7]:
        return str(start[:7])
    if start and end and start[:4] == end[:4]:
        return str(start[:4])
    return None
