"""Many complete rows into one table by the driver's fastest path: COPY on PostgreSQL.

A bulk write of tens of thousands of rows spent most of its time turning each row's mapping
into statement parameters, in SQLAlchemy and then in the driver, row by row. The columns
written here are plain integers, text and booleans, so rows go to the driver as tuples:
PostgreSQL's COPY through psycopg, one prepared statement with SQLite's executemany, both
inside the caller's transaction. Rows that leave a column to its Python-side default, and other
drivers, take SQLAlchemy's path.

Rows whose ids are known before they are written (``insert_rows``) have them reserved first (a
PostgreSQL sequence, or the next free ids under SQLite's write lock, which every writer takes up
front), rather than one statement per row to read each id back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Table, func, insert, select, text


def write_rows(connection: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert ``rows``, all with the same keys, naming columns of ``table``."""
    if not rows:
        return
    names = list(rows[0])
    _check_columns(table, names)
    if not _driver_path(connection, table, names):
        write_rows_plainly(connection, table, rows)
    elif connection.dialect.name == "postgresql":
        _copy(connection, table, names, _tuples(rows, names))
    else:
        # SQLite's qmark style: the compiled statement says in which order it wants the values.
        statement, order = _sqlite_insert(connection, table, names)
        _executemany(connection, statement, _tuples(rows, order))


def write_columns(
    connection: Connection, table: Table, names: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """Insert ``rows``, each the values of the columns ``names`` of ``table`` in that order:
    ``write_rows`` for a writer of many rows that need no mapping each."""
    if not rows:
        return
    _check_columns(table, names)
    if not _driver_path(connection, table, names):
        write_rows_plainly(connection, table, [dict(zip(names, row, strict=True)) for row in rows])
    elif connection.dialect.name == "postgresql":
        _copy(connection, table, list(names), rows)
    else:
        statement, order = _sqlite_insert(connection, table, names)
        if list(order) != list(names):
            places = [list(names).index(name) for name in order]
            rows = [tuple(row[place] for place in places) for row in rows]
        _executemany(connection, statement, rows)


def _check_columns(table: Table, names: Sequence[str]) -> None:
    unknown = [name for name in names if name not in table.c]
    if unknown:
        raise ValueError(f"{table.name} has no column {unknown[0]!r}")


def _driver_path(connection: Connection, table: Table, names: Sequence[str]) -> bool:
    """Whether the rows may go to the driver itself: COPY through psycopg, or SQLite."""
    if any(column.default is not None and column.name not in names for column in table.c):
        # A column left to its Python-side default: only SQLAlchemy knows to fill it in.
        return False
    dialect = connection.dialect
    return (dialect.name == "postgresql" and dialect.driver == "psycopg") or (
        dialect.name == "sqlite"
    )


def _sqlite_insert(
    connection: Connection, table: Table, names: Sequence[str]
) -> tuple[str, Sequence[str]]:
    compiled = insert(table).compile(dialect=connection.dialect, column_keys=list(names))
    return str(compiled), compiled.positiontup or []


def _executemany(connection: Connection, statement: str, rows: Sequence[tuple[Any, ...]]) -> None:
    cursor = connection.connection.cursor()
    try:
        cursor.executemany(statement, rows)
    finally:
        cursor.close()


def write_rows_plainly(
    connection: Connection, table: Table, rows: Sequence[Mapping[str, Any]]
) -> None:
    """The same rows through SQLAlchemy's executemany: what ``write_rows`` must match."""
    if rows:
        connection.execute(insert(table), [dict(row) for row in rows])


def _tuples(rows: Sequence[Mapping[str, Any]], names: Sequence[str]) -> list[tuple[Any, ...]]:
    # itemgetter picks the columns in C: a third of the time of a generator per row.
    if len(names) == 1:
        (name,) = names
        return [(row[name],) for row in rows]
    pick = itemgetter(*names)
    return [pick(row) for row in rows]


def _copy(
    connection: Connection, table: Table, names: list[str], values: Sequence[tuple[Any, ...]]
) -> None:
    from psycopg import sql

    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table.name), sql.SQL(", ").join(sql.Identifier(name) for name in names)
    )
    driver_connection: Any = connection.connection.driver_connection
    with driver_connection.cursor() as cursor, cursor.copy(statement) as copy:
        for row in values:
            copy.write_row(row)


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
