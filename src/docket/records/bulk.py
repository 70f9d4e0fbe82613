"""Multi-row inserts whose ids are known before the rows are written.

Ids are reserved first (a PostgreSQL sequence, or the next free ids under SQLite's write lock,
which every writer takes up front), so thousands of rows go in by the driver's bulk path (COPY
on PostgreSQL) rather than one statement per row to read each id back.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Table, func, select, text

from docket.db.bulk import write_rows


def reserve_ids(connection: Connection, table: Table, count: int) -> list[int]:
    if count <= 0:
        return []
    if connection.dialect.name == "postgresql":
        # One array rather than a row per id: reading back 100,000 rows cost a second.
        reserved = connection.execute(
            text(
                "SELECT array_agg(nextval(pg_get_serial_sequence(:table, 'id'))) "
                "FROM generate_series(1, :n)"
            ),
            {"table": table.name, "n": count},
        ).scalar_one()
        return sorted(int(number) for number in reserved)
    highest = connection.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()
    return list(range(int(highest) + 1, int(highest) + count + 1))


def insert_rows(connection: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert ``rows`` (their "id" is filled in) and return the ids, in order."""
    ids = reserve_ids(connection, table, len(rows))
    for row, row_id in zip(rows, ids, strict=True):
        row["id"] = row_id
    write_rows(connection, table, rows)
    return ids


@contextmanager
def without_gc_pauses() -> Iterator[None]:
    """Build many small objects without the cyclic collector rescanning them all each time.

    Nothing built here is cyclic garbage, and the collector's full passes over a heap that
    grows by hundreds of thousands of objects made a bulk import a third slower.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
