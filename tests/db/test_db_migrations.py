from __future__ import annotations

from sqlalchemy import Engine, inspect

from docket.db import migrate
from docket.db.engine import make_engine, reading, writing


def test_schema_head_constant_is_alembics_head() -> None:
    assert migrate.alembic_head() == migrate.SCHEMA_HEAD


def test_migrations_build_the_schema_from_an_empty_database(database_url: str) -> None:
    engine = make_engine(database_url)
    with reading(engine) as connection:
        assert migrate.current_revision(connection) is None
    with writing(engine) as connection:
        migrate.upgrade(connection)
    with reading(engine) as connection:
        assert migrate.current_revision(connection) == migrate.SCHEMA_HEAD
        tables = set(inspect(connection).get_table_names())
    assert {"items", "renditions", "custody", "chain_head", "checkpoints", "archive_meta"} <= tables
    engine.dispose()


def test_upgrade_is_idempotent(migrated_engine: Engine) -> None:
    with writing(migrated_engine) as connection:
        migrate.upgrade(connection)
        assert migrate.current_revision(connection) == migrate.SCHEMA_HEAD
