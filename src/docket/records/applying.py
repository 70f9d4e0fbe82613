"""An edit written: the record's row locked and checked against the version its author saw, the
values changed, a version row and a custody entry added, all in the caller's transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, insert, update

from docket.db.schema import record_versions, records
from docket.evidence.custody import utc_now
from docket.model.access import Viewer
from docket.records.audit import RecordAction, custody_payload, latest_version, subject, version_row
from docket.records.backend import RecordBackend
from docket.records.changes import check_required, dump, field_change, settle_field, snapshots
from docket.records.edits import EditPlan
from docket.records.errors import EditConflict, InvalidRecord


def apply_edit(
    store: RecordBackend,
    connection: Connection,
    record_id: int,
    viewer: Viewer,
    expected_version: int | None,
    reason: str | None,
    operations: EditPlan,
    retract: bool,
) -> int:
    """Apply a parsed edit to the locked record row; the new version."""
    row = store.visible_row(connection, record_id, viewer, lock=True)
    record_type = store.types.get(row.type)
    expected = row.version if expected_version is None else expected_version
    if row.version != expected:
        raise conflict(connection, record_id, expected)
    if row.retracted:
        raise InvalidRecord(f"record {record_id} is retracted and cannot change")
    if row.merged_into is not None:
        raise InvalidRecord(
            f"record {record_id} is merged into {row.merged_into} and cannot change: "
            f"change record {row.merged_into}, or undo the merge"
        )
    values = store.load_states(connection, record_id)
    before = snapshots(values, record_type.fields)
    new_level = operations.apply(store, connection, viewer, record_type, record_id, values)
    touched = {v.field for v in values if v.dirty or v.id is None}
    for name in touched | operations.fields:
        settle_field(record_type, record_type.field(name), [v for v in values if v.field == name])
    check_required(record_type, values)
    change: dict[str, Any] = {}
    if new_level is not None and new_level != row.confidentiality:
        change["confidentiality"] = {"old": row.confidentiality, "new": new_level}
    if retract:
        change["retracted"] = {"old": False, "new": True}
    version = expected + 1
    store.flush_values(connection, record_id, values, version)
    after = snapshots(values, record_type.fields)
    fields_changed = field_change(before, after)
    if fields_changed:
        change["fields"] = fields_changed
    if not change:
        raise InvalidRecord("nothing to change: the record already says that")
    now = utc_now()
    updated = connection.execute(
        update(records)
        .where(records.c.id == record_id, records.c.version == expected)
        .values(
            version=version,
            updated_at=now,
            updated_by=viewer.name,
            confidentiality=new_level or row.confidentiality,
            retracted=retract or row.retracted,
            retraction_reason=reason if retract else row.retraction_reason,
        )
    )
    if updated.rowcount != 1:
        raise conflict(connection, record_id, expected)
    text = dump(change)
    connection.execute(
        insert(record_versions),
        [version_row(record_id, version, now, viewer, reason, text)],
    )
    action = RecordAction.RETRACTED if retract else RecordAction.EDITED
    store.kernel.custody.append(
        connection,
        action,
        subject(record_id),
        custody_payload(record_id, row.type, version, text, reason, now),
        actor=viewer.name,
    )
    return version


def conflict(connection: Connection, record_id: int, expected: int) -> EditConflict:
    """The refusal of an edit based on ``expected`` when the record has moved on, naming who
    changed it last and when."""
    latest = latest_version(connection, record_id)
    return EditConflict(
        f"record {record_id} was changed by {latest.actor} at {latest.at} (now version "
        f"{latest.version}, your edit was based on version {expected}): look at it again "
        f"with `docket record show {record_id}` and repeat your edit with "
        f"--expect-version {latest.version}"
    )
