"""Bring a database to the newest schema with Alembic."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

from docket.db.engine import WRITE
from docket.errors import DocketError

if TYPE_CHECKING:
    from alembic.config import Config

# The schema history stands above the stores it migrates (tables and the chain of custody).
MIGRATIONS = Path(__file__).parents[1] / "migrations"

# The newest migration. Kept here so opening an archive need not load Alembic (a second of start-up
# for every command); a test keeps it equal to Alembic's own head.
SCHEMA_HEAD = "0010_identities"


class SchemaChangeFailed(DocketError):
    """A schema change would leave rows that refer to rows that do not exist."""


@contextlib.contextmanager
def schema_change(engine: Engine) -> Iterator[Connection]:
    """One write transaction for a whole upgrade or downgrade: committed entirely or not at all.

    On SQLite, Alembic's batch operations rebuild a table under a new name and drop the old one;
    with foreign keys enforced, dropping a table other rows refer to fails (or, deferred, fails
    the commit). So foreign keys are off for this one connection, as SQLite's documentation
    prescribes for schema changes, and every reference is checked before the commit instead.
    """
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # Straight to the driver: through SQLAlchemy it would begin a transaction first,
            # inside which SQLite ignores this pragma.
            raw = connection.connection.dbapi_connection
            assert raw is not None
            raw.execute("PRAGMA foreign_keys=OFF")
        try:
            connection = connection.execution_options(**{WRITE: True})
            with connection.begin():
                yield connection
                if sqlite:
                    _check_references(connection)
        finally:
            if sqlite:
                # Back to the pool only through a fresh connect, which turns foreign keys on.
                connection.invalidate()


def _check_references(connection: Connection) -> None:
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    if broken:
        table, rowid, parent, _ = broken[0]
        raise SchemaChangeFailed(
            f"the schema change left {len(broken)} broken reference(s), e.g. row {rowid} of "
            f"{table} refers to a missing row of {parent}; nothing was changed"
        )


def _config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def upgrade(connection: Connection, revision: str = "head") -> None:
    """Apply every migration up to ``revision`` inside the caller's transaction."""
    from alembic import command

    command.upgrade(_config(connection), revision)


def downgrade(connection: Connection, revision: str) -> None:
    """Undo migrations down to ``revision`` inside the caller's transaction."""
    from alembic import command

    command.downgrade(_config(connection), revision)


def current_revision(connection: Connection) -> str | None:
    if "alembic_version" not in inspect(connection).get_table_names():
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def alembic_head() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head
