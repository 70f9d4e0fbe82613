"""The chain-of-custody vocabulary of records.

Entries are written by the chain's one appender (``CustodyLog.batch``): a bulk import makes one
entry per record under one head lock and one multi-row insert.
"""

from __future__ import annotations

import hashlib
from typing import Any, Final

from sqlalchemy import Connection, Row, select

from docket.db.schema import record_versions
from docket.model.access import Viewer


class RecordAction:
    """The custody vocabulary of records."""

    CREATED: Final = "record_created"
    EDITED: Final = "record_edited"
    RETRACTED: Final = "record_retracted"
    MERGED: Final = "record_merged"
    UNMERGED: Final = "record_unmerged"
    SPLIT: Final = "record_split"
    VIEWED: Final = "record_viewed"
    EXPORTED: Final = "records_exported"
    # A report's files as they left the archive (a file, a download, a package), by SHA-256.
    REPORT_RENDERED: Final = "report_rendered"


def subject(record_id: int) -> str:
    return f"record:{record_id}"


def change_digest(change_json: str) -> str:
    """What binds a version row to its custody entry without copying its (sealed) values."""
    return hashlib.sha256(change_json.encode("utf-8")).hexdigest()


def version_row(
    record_id: int, version: int, at: str, viewer: Viewer, reason: str | None, change: str
) -> dict[str, Any]:
    return {
        "record_id": record_id,
        "version": version,
        "at": at,
        "actor": viewer.name,
        "reason": reason,
        "change": change,
    }


def custody_payload(
    record_id: int, type_name: str, version: int, change: str, reason: str | None, at: str
) -> dict[str, Any]:
    # ``at`` is the version row's time, so verify can tell when that row was rewritten.
    return {
        "at": at,
        "record": record_id,
        "type": type_name,
        "version": version,
        "change_sha256": change_digest(change),
        "reason": reason,
    }


def latest_version(connection: Connection, record_id: int) -> Row[Any, Any, Any]:
    """The record's newest version row: its number, who wrote it and when (what an edit
    conflict names)."""
    return connection.execute(
        select(record_versions.c.version, record_versions.c.actor, record_versions.c.at)
        .where(record_versions.c.record_id == record_id)
        .order_by(record_versions.c.version.desc())
        .limit(1)
    ).one()
