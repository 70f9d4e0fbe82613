"""A record's versions as a viewer may read them: each version's change, with protected values
redacted unless revealed."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from docket.db.engine import reading
from docket.db.schema import record_versions
from docket.model.access import Viewer
from docket.records.backend import RecordBackend
from docket.records.values import REDACTED
from docket.records.views import Version


def read_history(
    store: RecordBackend, record_id: int, viewer: Viewer, *, reveal: bool
) -> list[Version]:
    """Every version of a record ``viewer`` may see, oldest first; RecordNotFound when it is
    hidden or missing. References and citations are left as they were written (see
    ``versions.without_unseen``)."""
    with reading(store.kernel.engine) as connection:
        store.visible_row(connection, record_id, viewer)
        rows = connection.execute(
            select(record_versions)
            .where(record_versions.c.record_id == record_id)
            .order_by(record_versions.c.version)
        ).all()
    return [
        Version(
            record_id,
            row.version,
            row.at,
            row.actor,
            row.reason,
            _open_change(store, record_id, json.loads(row.change), reveal),
        )
        for row in rows
    ]


def _open_change(
    store: RecordBackend, record_id: int, change: dict[str, Any], reveal: bool
) -> dict[str, Any]:
    merged = change.get("merged_into")
    if isinstance(merged, dict):
        # What a merge moved (value ids, other records' ids) is for its undo, not its reader.
        change["merged_into"] = {"old": merged.get("old"), "new": merged.get("new")}
    for name, sides in change.get("fields", {}).items():
        for side in sides.values():
            for value in side:
                if value.get("protected"):
                    value["value"] = (
                        store.open_sealed(record_id, name, value["value"]) if reveal else REDACTED
                    )
    return change
