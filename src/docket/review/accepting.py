"""Accepting a reviewed draft: every value kept, edited or created cites the words it rests on.

The reviewer's answer is the draft with changes: ``edits`` replace whole fields (a field given
as None or [] is left out), ``as_type`` retypes the proposal, ``into`` names the record an
entity is added to (or ``"new"``). A value given without citations cites what the draft cited
for that field, else the proposal's own words; citations a reviewer selected must lie in the
proposal's item. A new linked record (a victim, a place, a group) cites the same words as the
reference to it. The record, the records it needs and the decision commit together.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from sqlalchemy import Connection, update

from docket.db.engine import writing
from docket.db.schema import proposals
from docket.errors import DocketError
from docket.evidence.custody import utc_now
from docket.evidence.sealing import SEALED, seal
from docket.kernel import Kernel
from docket.model.access import Viewer, higher_level
from docket.model.record_types import RecordType, ValueKind, load_record_types
from docket.records import EditConflict, RecordStore, RecordView
from docket.review.drafts import ALLEGED, ENTITY_KINDS, PERPETRATOR, Draft, Span
from docket.review.edits import Entry, Outcome, from_draft, parse_edit, retype_fields
from docket.review.found import Proposal, claim, document_date, item_level

ACCEPTED: Final = "proposal_accepted"
NEW: Final = "new"


def _one_or_many(
    record_type: RecordType, name: str, entries: list[Entry], outcome: Outcome
) -> list[Entry]:
    if record_type.field(name).many or len(entries) <= 1:
        return entries
    outcome.dropped.append(
        {
            "field": name,
            "why": f"{record_type.name}.{name} takes one value; {len(entries) - 1} more left out",
        }
    )
    return entries[:1]


def _title_field(type_name: str) -> str:
    record_type = load_record_types().get(type_name)
    return record_type.title[0] if record_type.title else "name"


def _new_fields(type_name: str, given: Mapping[str, Any], citations: list[Span]) -> dict[str, Any]:
    """The fields of a record made in review, each citing the words that named it."""
    record_type = load_record_types().get(type_name)
    fields: dict[str, Any] = {}
    for name, value in given.items():
        if name not in record_type.fields and name == "name":
            # A group is titled by its description: "villagers" named it.
            name = _title_field(type_name)
        if isinstance(value, Mapping) and "value" in value:
            fields[name] = value
        else:
            fields[name] = {"value": value, "citations": citations}
    return fields


@dataclass
class _Writer:
    records: RecordStore
    connection: Connection
    level: str
    reason: str
    day: date | None
    outcome: Outcome

    def create(self, type_name: str, fields: Mapping[str, Any]) -> int:
        return self.records.create_in(
            self.connection,
            type_name,
            fields,
            confidentiality=self.level,
            reason=self.reason,
            reference=self.day,
        )

    def stored(self, name: str, entry: Entry) -> dict[str, Any]:
        value = entry.value
        if isinstance(value, Mapping) and "new" in value:
            new = value["new"]
            record_id = self.create(
                new["type"],
                _new_fields(new["type"], new["fields"], entry.naming or entry.citations),
            )
            self.outcome.created.append({"field": name, "type": new["type"], "record": record_id})
            value = {"ref": record_id}
        return {"value": value, "citations": entry.citations}


def _involvements(writer: _Writer, act_id: int, entries: list[Entry], finding: Span) -> None:
    for entry in entries:
        if not entry.degree:
            raise DocketError(
                "involvement.degree: say how the perpetrator was involved (for example "
                "ordered or carried_out)"
            )
        perpetrator = writer.stored(PERPETRATOR, entry)
        cited = entry.citations or [finding]
        involvement = writer.create(
            "involvement",
            {
                "act": {"value": {"ref": act_id}, "citations": cited},
                "perpetrator": perpetrator,
                "degree": {"value": entry.degree, "citations": cited},
                "status": {"value": ALLEGED, "citations": cited},
            },
        )
        writer.outcome.created.append(
            {"field": PERPETRATOR, "type": "involvement", "record": involvement}
        )


def _custody(
    kernel: Kernel,
    connection: Connection,
    proposal: Proposal,
    viewer: Viewer,
    record_id: int,
    status: str,
    details: Mapping[str, Any],
) -> None:
    kernel.custody.append(
        connection,
        ACCEPTED,
        f"proposal:{proposal.id}",
        {
            "proposal": proposal.id,
            "item": proposal.item_id,
            "kind": proposal.kind,
            "record": record_id,
            "status": status,
            **details,
            SEALED: seal(connection, "proposals", [proposal.id]),
        },
        actor=viewer.name,
    )


def _decided(connection: Connection, proposal: Proposal, viewer: Viewer, status: str) -> None:
    claim(
        connection, proposal, {"status": status, "decided_by": viewer.name, "decided_at": utc_now()}
    )


def _name_text(value: Any) -> str:
    if isinstance(value, Mapping):
        return str(value.get("text") or "")
    return str(value)


def _same_spelling(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def _additions(
    record: RecordView, fields: Mapping[str, list[Entry]], outcome: Outcome
) -> dict[str, Any]:
    """The changes that add a finding's spellings, values and citations to ``record``."""
    add: dict[str, list[dict[str, Any]]] = {}
    cite: list[dict[str, Any]] = []
    for name, entries in fields.items():
        spec = record.type.fields.get(name)
        if spec is None:
            outcome.dropped.append(
                {"field": name, "why": f"{record.type.name} records have no field {name!r}"}
            )
            continue
        current = record.field_values(name)
        for entry in entries:
            same = next(
                (
                    v
                    for v in current
                    if spec.kind is ValueKind.NAME
                    and _same_spelling(_name_text(v.value), _name_text(entry.value))
                ),
                None,
            )
            if same is None:
                add.setdefault(name, []).append(
                    {"value": entry.value, "citations": entry.citations}
                )
                continue
            known = {(c.item_id, c.start, c.end) for c in same.citations}
            cite.extend(
                {"value": same.id, **span}
                for span in entry.citations
                if (span["item"], span["start"], span["end"]) not in known
            )
    changes: dict[str, Any] = {}
    if add:
        changes["add"] = add
    if cite:
        changes["cite"] = cite
    return changes


def add_to(
    kernel: Kernel,
    viewer: Viewer,
    proposal: Proposal,
    record_id: int,
    target: RecordType,
    fields: dict[str, list[Entry]],
    status: str,
    outcome: Outcome,
) -> int:
    """Add an entity's spelling and citations to the record it names; that record's id.

    The record changes through a versioned edit (refused when someone changed it since it was
    read) in the same transaction as the decision: should another reviewer decide the proposal
    first, nothing is added and the reviewer is told who decided it.
    """
    records = RecordStore(kernel, viewer)
    record = records.get(record_id, log=False)
    if record.type.name != target.name:
        raise DocketError(
            f"{target.name}: record {record_id} is a {record.type.name}, not a {target.name}"
        )
    if record.retracted:
        raise DocketError(f"{target.name}: record {record_id} is retracted; choose another")
    why = f"accepted proposal {proposal.id} from item {proposal.item_id}"
    changes = _additions(record, fields, outcome)
    with writing(kernel.engine) as connection:
        _decided(connection, proposal, viewer, status)
        # A spelling read in a confidential item must not reach readers of a less confidential
        # record: the record rises to the item's level, as a merge takes the stricter one.
        level = higher_level(record.confidentiality, item_level(connection, proposal.item_id))
        if changes and level != record.confidentiality:
            changes["confidentiality"] = level
        if changes:
            try:
                records.edit_in(connection, record_id, changes, record.version, why)
            except EditConflict:
                raise DocketError(
                    f"{target.name}: record {record_id} changed while this proposal was "
                    "reviewed; accept again to add to it as it is now"
                ) from None
        connection.execute(
            update(proposals).where(proposals.c.id == proposal.id).values(record_id=record_id)
        )
        _custody(
            kernel,
            connection,
            proposal,
            viewer,
            record_id,
            status,
            {"added_to": record_id, **outcome.to_json()},
        )
    kernel.checkpoint()
    return record_id


def _entity_target(
    draft: Draft, target: RecordType, into: int | str | None, retyped: Draft | None
) -> int | None:
    """The record an entity is added to, None for a new one; several matches ask the reviewer.

    A retyped entity is matched against records of its new type (``retyped``, its draft as that
    type).
    """
    if into == NEW or draft.kind not in ENTITY_KINDS or target.name == "group":
        return None
    if isinstance(into, int) and not isinstance(into, bool):
        return into
    if into is not None:
        raise DocketError(f"{target.name}: add to a record id, or say new")
    if target.name != draft.record_type:
        if retyped is None or retyped.record_type != target.name:
            return None
        draft = retyped
    if draft.into is not None:
        return draft.into
    if draft.matches:
        listed = ", ".join(f"#{m.record_id} {m.title}" for m in draft.matches)
        raise DocketError(
            f"{target.name}: the archive may already have this one ({listed}): choose the "
            "record to add to, or a new record"
        )
    return None


def accept_draft(
    kernel: Kernel,
    viewer: Viewer,
    proposal: Proposal,
    draft: Draft,
    text: str,
    edits: Mapping[str, Any] | None = None,
    *,
    as_type: str | None = None,
    into: int | str | None = None,
    as_reported: bool = False,
    retyped: Draft | None = None,
) -> int:
    """Make ``draft`` as the reviewer left it into a record (or add it to one); its id.

    ``retyped`` is the draft of the same finding as the type ``as_type`` names, for an entity
    retyped as another kind of entity: it says which records of that type it may be.
    """
    types = load_record_types()
    target_name = as_type or draft.record_type
    if target_name not in draft.retypes:
        raise DocketError(
            f"{draft.record_type}: a {draft.kind} proposal cannot become a {target_name}; "
            f"choose {', '.join(draft.retypes)}"
        )
    source, target = types.get(draft.record_type), types.get(target_name)
    start, end = proposal.span
    finding: Span = {"item": proposal.item_id, "start": start, "end": end}
    outcome = Outcome()
    fields = from_draft(draft)
    given = dict(edits or {})
    if as_reported:
        where = f"{source.name}.date"
        if draft.reported is None:
            raise DocketError(
                f"{where}: only an undated finding in an item with a publication date can be "
                "dated as reported"
            )
        if given.get("date") is not None:
            raise DocketError(f"{where}: give a date or date it as reported, not both")
        given.pop("date", None)
        fields["date"] = [Entry(draft.reported.value, list(draft.reported.citations))]
        outcome.edited.append("date")
    # The form shows the proposal's own fields: edits of those come first, then retyping, then
    # any field only the new type has.
    for stage, record_type in (("source", source), ("target", target)):
        for name in list(given):
            known = name in record_type.fields or (
                name == PERPETRATOR and record_type.name == "act"
            )
            if stage == "source" and not known:
                continue
            if stage == "target" and not known:
                record_type.field(name)
            drafted = fields.get(name)
            defaults = drafted[0].citations if drafted else [finding]
            fields[name] = parse_edit(record_type, name, given.pop(name), defaults, proposal, text)
            outcome.edited.append(name)
        if stage == "source":
            fields = retype_fields(draft, target, fields, finding, text[start:end], outcome)
            if target.name != source.name:
                outcome.dropped.append({"field": "type", "why": f"retyped from {source.name}"})
    fields = {name: entries for name, entries in fields.items() if entries}
    outcome.kept = [name for name in fields if name not in outcome.edited]
    proposed_into: int | str = draft.into if draft.into is not None else NEW
    chose_other = into is not None and into != proposed_into
    changed = edits or as_reported or target.name != source.name or chose_other
    status = "edited" if changed else "accepted"
    record_id = _entity_target(draft, target, into, retyped)
    if record_id is not None:
        return add_to(kernel, viewer, proposal, record_id, target, fields, status, outcome)
    return _create(kernel, viewer, proposal, target, fields, status, outcome, finding)


def _create(
    kernel: Kernel,
    viewer: Viewer,
    proposal: Proposal,
    target: RecordType,
    fields: dict[str, list[Entry]],
    status: str,
    outcome: Outcome,
    finding: Span,
) -> int:
    records = RecordStore(kernel, viewer)
    why = f"accepted proposal {proposal.id} from item {proposal.item_id}"
    perpetrators = fields.pop(PERPETRATOR, []) if target.name == "act" else []
    with writing(kernel.engine) as connection:
        _decided(connection, proposal, viewer, status)
        # "in April" typed by the reviewer takes its year from the item, as extraction does.
        writer = _Writer(
            records,
            connection,
            item_level(connection, proposal.item_id),
            why,
            document_date(connection, proposal.item_id),
            outcome,
        )
        stored: dict[str, Any] = {}
        for name, entries in fields.items():
            kept = _one_or_many(target, name, entries, outcome)
            values = [writer.stored(name, entry) for entry in kept]
            stored[name] = values if target.field(name).many else values[0]
        record_id = writer.create(target.name, stored)
        _involvements(writer, record_id, perpetrators, finding)
        connection.execute(
            update(proposals).where(proposals.c.id == proposal.id).values(record_id=record_id)
        )
        _custody(
            kernel,
            connection,
            proposal,
            viewer,
            record_id,
            status,
            {
                "type": target.name,
                "edited_fields": sorted(set(outcome.edited)),
                **outcome.to_json(),
            },
        )
    kernel.checkpoint()
    return record_id
