"""A schema change is one transaction: all of it is committed or none of it, on both databases,
including the table rebuilds Alembic's batch operations do on SQLite."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import inspect, text
from tests.support import as_owner

from docket.archive import Archive
from docket.db import migrate
from docket.db.engine import reading, writing
from docket.ingest.provenance import Provenance

OLDER_REVISION = "0003_records"
# A working copy of an item that does not exist.
ORPHAN_RENDITION = text(
    "INSERT INTO renditions (item_id, kind, sha256, size, tool, tool_version, created_at, "
    f"page_starts, notes) VALUES (999, 'text', '{'0' * 64}', 0, 't', '1', '2026-01-01', '[]', '')"
)


class Interrupted(Exception):
    """Stands for anything that stops an upgrade half-way."""


def _with_an_item(archive: Archive, tmp_path: Path) -> int:
    evidence = tmp_path / "statement.txt"
    evidence.write_text("Statement of a witness about Japarov.", encoding="utf-8")
    (result,) = as_owner(archive).items.ingest([evidence], Provenance())
    return result.id


def test_an_upgrade_stopped_half_way_changes_nothing(archive: Archive, tmp_path: Path) -> None:
    _with_an_item(archive, tmp_path)
    with writing(archive.kernel.engine) as connection:
        migrate.downgrade(connection, OLDER_REVISION)
        tables_before = set(inspect(connection).get_table_names())

    def upgrade_then_stop() -> None:
        with migrate.schema_change(archive.kernel.engine) as connection:
            migrate.upgrade(connection)
            assert migrate.current_revision(connection) == migrate.SCHEMA_HEAD
            raise Interrupted

    with pytest.raises(Interrupted):
        upgrade_then_stop()

    with reading(archive.kernel.engine) as connection:
        assert migrate.current_revision(connection) == OLDER_REVISION
        assert set(inspect(connection).get_table_names()) == tables_before


def _rebuild_items_with_a_new_column(connection: sa.Connection) -> None:
    """What a future migration altering ``items`` does: on SQLite, copy, drop and rename."""
    operations = Operations(MigrationContext.configure(connection, opts={"render_as_batch": True}))
    recreate = "always" if connection.dialect.name == "sqlite" else "auto"
    with operations.batch_alter_table("items", recreate=recreate) as batch:
        batch.add_column(sa.Column("extra", sa.Text))


def test_a_table_other_rows_refer_to_can_be_rebuilt(archive: Archive, tmp_path: Path) -> None:
    item_id = _with_an_item(archive, tmp_path)
    with reading(archive.kernel.engine) as connection:
        before = connection.execute(text("SELECT id, sha256 FROM items")).all()
        renditions = connection.execute(text("SELECT id, item_id FROM renditions")).all()
    assert [row.item_id for row in renditions] == [item_id]

    with migrate.schema_change(archive.kernel.engine) as connection:
        _rebuild_items_with_a_new_column(connection)

    with reading(archive.kernel.engine) as connection:
        assert "extra" in {column["name"] for column in inspect(connection).get_columns("items")}
        assert connection.execute(text("SELECT id, sha256 FROM items")).all() == before
        assert connection.execute(text("SELECT id, item_id FROM renditions")).all() == renditions
    assert list(archive.verify()) == []


def test_a_rebuild_stopped_half_way_changes_nothing(archive: Archive, tmp_path: Path) -> None:
    _with_an_item(archive, tmp_path)

    def rebuild_then_stop() -> None:
        with migrate.schema_change(archive.kernel.engine) as connection:
            _rebuild_items_with_a_new_column(connection)
            raise Interrupted

    with pytest.raises(Interrupted):
        rebuild_then_stop()
    with reading(archive.kernel.engine) as connection:
        columns = {column["name"] for column in inspect(connection).get_columns("items")}
    assert "extra" not in columns
    assert list(archive.verify()) == []


def test_foreign_keys_are_enforced_again_after_a_schema_change(archive: Archive) -> None:
    with migrate.schema_change(archive.kernel.engine):
        pass
    if archive.settings.is_sqlite:
        for _ in range(3):  # whichever pooled connection the next writer gets
            with reading(archive.kernel.engine) as connection:
                assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    with pytest.raises(sa.exc.IntegrityError), writing(archive.kernel.engine) as connection:
        connection.execute(ORPHAN_RENDITION)


def test_a_schema_change_that_breaks_references_is_refused_whole(archive: Archive) -> None:
    """SQLite does not check references during a schema change, so they are checked at its end;
    PostgreSQL refuses the row at once. Either way nothing of the change is kept."""
    refused: type[Exception] = (
        migrate.SchemaChangeFailed if archive.settings.is_sqlite else sa.exc.IntegrityError
    )
    with (
        pytest.raises(refused, match=r"renditions|foreign key"),
        migrate.schema_change(archive.kernel.engine) as connection,
    ):
        connection.execute(ORPHAN_RENDITION)
    with reading(archive.kernel.engine) as connection:
        assert connection.execute(text("SELECT count(*) FROM renditions")).scalar() == 0
