"""The rows of a record's values and their citations, as the writers change them.

A value or citation is never deleted: a removal marks its row with the version that removed it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, select, update

from docket.db.bulk import insert_rows, reserve_ids, write_columns
from docket.db.schema import citations, record_values
from docket.records.changes import ACTIVE, REMOVED, CitationState, ValueState

_VALUE_COLUMNS = (
    "id",
    "record_id",
    "field",
    "value",
    "protected",
    "ref_id",
    "preferred",
    "preference_reason",
    "status",
    "added_version",
    "removed_version",
)


def insert_values(
    connection: Connection,
    batch: Sequence[tuple[int, list[ValueState]]],
    version: int = 1,
) -> None:
    """Insert new value rows and their citations, filling in the ids they get."""
    new = [(rid, v) for rid, values in batch for v in values if v.id is None]
    if not new:
        return
    value_ids = reserve_ids(connection, record_values, len(new))
    # Tuples rather than a mapping per row: an import writes a few values for every record.
    write_columns(
        connection,
        record_values,
        _VALUE_COLUMNS,
        [
            (
                value_id,
                rid,
                v.field,
                v.stored,
                v.protected,
                v.ref_id,
                v.preferred,
                v.reason,
                v.status,
                version,
                None,
            )
            for (rid, v), value_id in zip(new, value_ids, strict=True)
        ],
    )
    rows: list[dict[str, Any]] = []
    for (rid, value), value_id in zip(new, value_ids, strict=True):
        value.id = value_id
        rows.extend(
            {
                "value_id": value_id,
                "record_id": rid,
                "item_id": c.item_id,
                "span_start": c.start,
                "span_end": c.end,
                "quote_sha256": c.sha256,
                "status": ACTIVE,
                "added_version": version,
                "removed_version": None,
            }
            for c in value.citations
        )
    insert_citations(connection, rows, [c for _, v in new for c in v.citations])


def insert_citations(
    connection: Connection, rows: list[dict[str, Any]], states: list[CitationState]
) -> None:
    if not rows:
        return
    ids = insert_rows(connection, citations, rows)
    for state, citation_id in zip(states, ids, strict=True):
        state.id = citation_id


def load_states(connection: Connection, record_id: int) -> list[ValueState]:
    """The active values of a record with their active citations, in the order they were added."""
    rows = connection.execute(
        select(record_values)
        .where(record_values.c.record_id == record_id, record_values.c.status == ACTIVE)
        .order_by(record_values.c.id)
    ).all()
    cited: dict[int, list[CitationState]] = {}
    for c in connection.execute(
        select(citations)
        .where(citations.c.record_id == record_id, citations.c.status == ACTIVE)
        .order_by(citations.c.id)
    ):
        cited.setdefault(c.value_id, []).append(
            CitationState(c.item_id, c.span_start, c.span_end, c.quote_sha256, c.id)
        )
    return [
        ValueState(
            field=r.field,
            stored=r.value,
            protected=r.protected,
            ref_id=r.ref_id,
            preferred=r.preferred,
            reason=r.preference_reason,
            citations=cited.get(r.id, []),
            id=r.id,
            status=r.status,
        )
        for r in rows
    ]


def flush_values(
    connection: Connection, record_id: int, values: list[ValueState], version: int
) -> None:
    """Write what changed in ``values`` at ``version``: changed rows updated, new values and
    citations inserted."""
    for value in values:
        if value.id is None or not value.dirty:
            continue
        connection.execute(
            update(record_values)
            .where(record_values.c.id == value.id)
            .values(
                preferred=value.preferred,
                preference_reason=value.reason,
                status=value.status,
                removed_version=version if value.status == REMOVED else None,
            )
        )
    insert_values(connection, [(record_id, values)], version=version)
    new_citations = [
        (value, c) for value in values if value.id is not None for c in value.citations
    ]
    rows = [
        {
            "value_id": value.id,
            "record_id": record_id,
            "item_id": c.item_id,
            "span_start": c.start,
            "span_end": c.end,
            "quote_sha256": c.sha256,
            "status": ACTIVE,
            "added_version": version,
            "removed_version": None,
        }
        for value, c in new_citations
        if c.id is None
    ]
    insert_citations(connection, rows, [c for _, c in new_citations if c.id is None])
