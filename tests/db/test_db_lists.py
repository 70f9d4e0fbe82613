"""A list bound as one parameter (``docket.db.lists.in_list``) picks the same rows as ``IN``,
sends the statement as compiled, and keeps the column's index in use on both databases."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine, event, insert, select, text

from docket.db.engine import reading, writing
from docket.db.lists import in_list
from docket.db.schema import record_values, records
from docket.records.reader import _reads
from docket.records.store import _REFERRERS


def _reads_by(*, by_id: bool = False, by_type: bool = False) -> Any:
    return _reads(
        by_type=by_type,
        current_only=True,
        removed_too=False,
        by_field=False,
        by_id=by_id,
    )


_BY_ID = select(records.c.id).where(in_list(records.c.id, "ids")).order_by(records.c.id)
_BY_TYPE = select(records.c.id).where(in_list(records.c.type, "types")).order_by(records.c.id)
_BY_REF = (
    select(record_values.c.record_id)
    .where(in_list(record_values.c.ref_id, "refs"))
    .order_by(record_values.c.record_id)
)


def _fill(engine: Engine) -> None:
    at = "2026-01-01T00:00:00+00:00"
    with writing(engine) as connection:
        connection.execute(
            insert(records),
            [
                {
                    "id": number,
                    "type": "person" if number % 2 else "event",
                    "confidentiality": "public",
                    "version": 1,
                    "retracted": False,
                    "created_at": at,
                    "created_by": "test",
                    "updated_at": at,
                    "updated_by": "test",
                }
                for number in range(1, 41)
            ],
        )
        connection.execute(
            insert(record_values),
            [
                {
                    "record_id": number,
                    "field": "victim",
                    "value": f'{{"ref": {number - 1}}}',
                    "protected": False,
                    "ref_id": number - 1,
                    "preferred": True,
                    "status": "active",
                    "added_version": 1,
                }
                for number in range(2, 41)
            ],
        )


def test_the_rows_are_those_of_an_in_list(migrated_engine: Engine) -> None:
    _fill(migrated_engine)
    with reading(migrated_engine) as connection:
        assert connection.execute(_BY_ID, {"ids": [3, 40, 7, 99]}).scalars().all() == [3, 7, 40]
        assert connection.execute(_BY_ID, {"ids": (5,)}).scalars().all() == [5]
        assert connection.execute(_BY_ID, {"ids": []}).scalars().all() == []
        odd = connection.execute(_BY_TYPE, {"types": ["person"]}).scalars().all()
        assert odd == list(range(1, 41, 2))
        assert connection.execute(_BY_TYPE, {"types": ["place"]}).scalars().all() == []
        assert connection.execute(_BY_REF, {"refs": [1, 10]}).scalars().all() == [2, 11]
        # Text that would need quoting in SQL or JSON is a value like any other.
        assert connection.execute(_BY_TYPE, {"types": ['x"], 1) --']}).scalars().all() == []


def test_the_statement_is_sent_as_compiled(migrated_engine: Engine) -> None:
    """One statement text and one parameter for every length of list: nothing rewritten."""
    sent: list[tuple[str, Any]] = []

    def record(*args: Any) -> None:
        sent.append((args[2], args[3]))

    event.listen(migrated_engine, "before_cursor_execute", record)
    try:
        with reading(migrated_engine) as connection:
            for ids in ([1], [1, 2, 3], list(range(100))):
                connection.execute(_BY_ID, {"ids": ids})
    finally:
        event.remove(migrated_engine, "before_cursor_execute", record)
    statements = {statement for statement, _ in sent if "records" in statement}
    assert len(statements) == 1
    lengths = {len(parameters) for statement, parameters in sent if statement in statements}
    assert lengths == {1}


@pytest.mark.parametrize(
    ("statement", "parameters", "index"),
    [
        (_BY_ID, {"ids": [1, 2]}, None),
        (_BY_TYPE, {"types": ["person"]}, "ix_records_type"),
        (_BY_REF, {"refs": [1, 2]}, "ix_record_values_ref"),
        # The record reader's and the referrers' statements, with the viewer's levels and the
        # condition of current records, which SQLite could otherwise search by another index.
        (_REFERRERS, {"refs": [1, 2], "vis_levels": ["public"]}, "ix_record_values_ref"),
        (_reads_by(by_id=True).records_and_values, {"ids": [1, 2], "vis_levels": ["public"]}, None),
        (_reads_by(by_id=True).citations, {"ids": [1, 2], "vis_levels": ["public"]}, None),
        (
            _reads_by(by_type=True).records_and_values,
            {"types": ["person"], "vis_levels": ["public"]},
            "ix_records_type",
        ),
    ],
)
def test_the_index_is_used(
    migrated_engine: Engine, statement: Any, parameters: dict[str, Any], index: str | None
) -> None:
    """No table is read whole: at 100,000 records that would be a page's whole time."""
    _fill(migrated_engine)
    postgres = migrated_engine.dialect.name == "postgresql"
    explain = "EXPLAIN " if postgres else "EXPLAIN QUERY PLAN "

    def explained(*args: Any) -> tuple[str, Any]:
        return explain + args[2], args[3]

    with reading(migrated_engine) as connection:
        if postgres:
            # The planner would scan so small a table whatever its indexes.
            connection.execute(text("SET LOCAL enable_seqscan = off"))
        event.listen(migrated_engine, "before_cursor_execute", explained, retval=True)
        try:
            rows = connection.execute(statement, parameters).all()
        finally:
            event.remove(migrated_engine, "before_cursor_execute", explained)
    plan = "\n".join(str(row[0] if postgres else row[3]) for row in rows)
    if postgres:
        assert "Seq Scan on records" not in plan, plan
        assert "Seq Scan on record_values" not in plan, plan
        assert (index or "records_pkey") in plan, plan
    else:
        assert "SCAN records" not in plan, plan
        assert "SCAN record_values" not in plan, plan
        assert (index or "INTEGER PRIMARY KEY") in plan, plan
