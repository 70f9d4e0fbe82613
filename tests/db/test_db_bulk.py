"""The driver's bulk path writes exactly the rows SQLAlchemy's executemany writes, or none."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Column, Engine, MetaData, Table, Text, func, select

from docket.db.bulk import write_columns, write_rows, write_rows_plainly
from docket.db.schema import record_values, records

# Text COPY and SQL quoting both have characters of their own: each must arrive as given.
AWKWARD = [
    "plain",
    "tab\there",
    "new\nline and \r return",
    "back\\slash \\N and \\t",
    "quote ' and \" and ,comma",
    "Кыргызча ж ң ө ү — 𝔘nicode",
    "",
]


def _rows() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    people = [
        {
            "id": n,
            "type": "person",
            "confidentiality": "public" if n % 2 else "restricted",
            "version": n,
            "retracted": n == 3,
            "retraction_reason": "wrong" if n == 3 else None,
            "created_at": "2024-01-01T00:00:00.000000Z",
            "created_by": text,
            "updated_at": "2024-01-02T00:00:00.000000Z",
            "updated_by": "b",
        }
        for n, text in enumerate(AWKWARD, 1)
    ]
    values = [
        {
            "id": 10 + n,
            "record_id": n,
            "field": "name",
            "value": text,
            "protected": n % 3 == 0,
            "ref_id": 1 if n > 1 else None,
            "preferred": n % 2 == 0,
            "preference_reason": text or None,
            "status": "active",
            "added_version": 1,
            "removed_version": None if n < 4 else 2,
        }
        for n, text in enumerate(AWKWARD, 1)
    ]
    return people, values


def _contents(engine: Engine, writer: Any) -> tuple[list[Any], list[Any]]:
    """What the tables hold after ``writer`` wrote the rows; rolled back afterwards."""
    people, values = _rows()
    with engine.connect() as connection:
        transaction = connection.begin()
        writer(connection, records, people)
        writer(connection, record_values, values)
        found = (
            [tuple(r) for r in connection.execute(select(records).order_by(records.c.id))],
            [
                tuple(r)
                for r in connection.execute(select(record_values).order_by(record_values.c.id))
            ],
        )
        transaction.rollback()
    return found


def test_bulk_path_writes_what_executemany_writes(migrated_engine: Engine) -> None:
    plain = _contents(migrated_engine, write_rows_plainly)
    fast = _contents(migrated_engine, write_rows)
    assert fast == plain
    people, values = plain
    assert [row[7] for row in people] == AWKWARD  # created_by, unchanged
    assert [row[3] for row in values] == AWKWARD
    assert [row[4] for row in people] == [False, False, True, False, False, False, False]


def _write_columns(connection: Any, table: Table, rows: list[dict[str, Any]]) -> None:
    # The columns in another order than the table's, as a writer may name them.
    names = sorted(rows[0], reverse=True)
    write_columns(connection, table, names, [tuple(row[name] for name in names) for row in rows])


def test_columns_given_as_tuples_are_written_as_executemany_writes_them(
    migrated_engine: Engine,
) -> None:
    assert _contents(migrated_engine, _write_columns) == _contents(
        migrated_engine, write_rows_plainly
    )


def test_tuples_leaving_a_column_to_its_default_get_it(migrated_engine: Engine) -> None:
    people, _ = _rows()
    names = [name for name in people[0] if name != "retracted"]
    with migrated_engine.begin() as connection:
        write_columns(connection, records, names, [tuple(r[n] for n in names) for r in people])
        assert not any(connection.execute(select(records.c.retracted)).scalars())


def test_a_refused_row_leaves_nothing_written(migrated_engine: Engine) -> None:
    people, _ = _rows()
    with (
        pytest.raises(Exception, match=r"(?i)unique|duplicate"),
        migrated_engine.begin() as connection,
    ):
        write_rows(connection, records, [*people, dict(people[0])])
    with migrated_engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(records)).scalar_one() == 0


def test_an_unknown_column_is_refused_by_name(migrated_engine: Engine) -> None:
    with (
        migrated_engine.begin() as connection,
        pytest.raises(ValueError, match="records has no column 'colour'"),
    ):
        write_rows(connection, records, [{"id": 1, "colour": "red"}])


def test_no_rows_writes_nothing(migrated_engine: Engine) -> None:
    with migrated_engine.begin() as connection:
        write_rows(connection, records, [])
        assert connection.execute(select(func.count()).select_from(records)).scalar_one() == 0


def test_a_column_left_to_its_default_gets_it(migrated_engine: Engine) -> None:
    people, _ = _rows()
    given = [{k: v for k, v in row.items() if k != "retracted"} for row in people]
    with migrated_engine.begin() as connection:
        write_rows(connection, records, given)
        assert not any(connection.execute(select(records.c.retracted)).scalars())


def test_rows_of_one_column_are_written(migrated_engine: Engine) -> None:
    words = Table("bulk_words", MetaData(), Column("word", Text))
    with migrated_engine.begin() as connection:
        words.create(connection)
        write_rows(connection, words, [{"word": word} for word in AWKWARD])
        found = sorted(connection.execute(select(words.c.word)).scalars())
        words.drop(connection)
    assert found == sorted(AWKWARD)
