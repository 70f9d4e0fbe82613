"""Migration 0005_accounts builds exactly the account tables and goes down and up again."""

from __future__ import annotations

from sqlalchemy import Connection, UniqueConstraint, inspect, select

from docket.db.engine import make_engine, reading, writing
from docket.db.migrate import SCHEMA_HEAD, current_revision, downgrade, upgrade
from docket.db.schema import api_tokens, archive_meta, recovery_codes, users, web_sessions

ACCOUNT_TABLES = (users, web_sessions, api_tokens, recovery_codes)


def _setting(connection: Connection) -> str | None:
    """The archive-wide 2FA requirement the migration adds to ``archive_meta``."""
    return connection.execute(
        select(archive_meta.c.value).where(archive_meta.c.key == "require_2fa")
    ).scalar()


def test_accounts_migration_matches_the_schema_and_goes_down_and_up(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        with writing(engine) as connection:
            upgrade(connection)
            assert current_revision(connection) == SCHEMA_HEAD
            inspector = inspect(connection)
            for table in ACCOUNT_TABLES:
                columns = {c["name"] for c in inspector.get_columns(table.name)}
                assert columns == {c.name for c in table.columns}, table.name
                indexes = {i["name"] for i in inspector.get_indexes(table.name)}
                assert {i.name for i in table.indexes} <= indexes, table.name
                uniques = {u["name"] for u in inspector.get_unique_constraints(table.name)}
                expected = {c.name for c in table.constraints if isinstance(c, UniqueConstraint)}
                assert expected <= uniques, table.name
            assert _setting(connection) == "off"
        with writing(engine) as connection:
            downgrade(connection, "0004_proposals")
            assert current_revision(connection) == "0004_proposals"
            left = set(inspect(connection).get_table_names())
            assert not {t.name for t in ACCOUNT_TABLES} & left
            assert "proposals" in left
            assert _setting(connection) is None
        with writing(engine) as connection:
            upgrade(connection)
        with reading(engine) as connection:
            assert current_revision(connection) == SCHEMA_HEAD
            assert _setting(connection) == "off"
    finally:
        engine.dispose()
