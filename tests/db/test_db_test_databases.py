"""The suite's reused PostgreSQL databases: nothing one test leaves reaches the next."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from tests.conftest import POSTGRES_ADMIN_URL
from tests.postgres_databases import PostgresDatabases

from docket.archive import Archive
from docket.config import Settings
from docket.db.engine import make_engine, reading, writing
from docket.ingest.provenance import Provenance
from docket.model.access import Viewer

pytestmark = pytest.mark.postgres


@pytest.fixture
def databases() -> Iterator[PostgresDatabases]:
    pool = PostgresDatabases(POSTGRES_ADMIN_URL)
    yield pool
    pool.close()


def _archive_with_an_item(url: str, home: Path) -> None:
    archive = Archive.create(Settings.from_env(home=home, database_url=url))
    try:
        evidence = home.parent / f"{home.name}.txt"
        evidence.write_text("a statement", encoding="utf-8")
        (result,) = archive.as_viewer(Viewer.owner()).items.ingest([evidence], Provenance())
        assert result.error is None
    finally:
        archive.close()


def test_a_database_comes_back_without_the_archive_and_rows_of_the_test_before(
    databases: PostgresDatabases, tmp_path: Path
) -> None:
    with databases.for_an_archive() as first:
        _archive_with_an_item(first, tmp_path / "first")
    with databases.for_an_archive() as second:
        assert second == first
        engine = make_engine(second)
        with reading(engine) as connection:
            assert connection.execute(text("SELECT count(*) FROM items")).scalar() == 0
            assert connection.execute(text("SELECT count(*) FROM custody")).scalar() == 0
        engine.dispose()
        _archive_with_an_item(second, tmp_path / "second")
        engine = make_engine(second)
        with reading(engine) as connection:
            # Sequences start again: the next test's first item is item 1.
            assert connection.execute(text("SELECT min(id) FROM items")).scalar() == 1
        engine.dispose()


def test_a_database_whose_schema_a_test_changed_is_not_reused(
    databases: PostgresDatabases,
) -> None:
    with databases.for_an_archive() as first:
        engine = make_engine(first)
        with writing(engine) as connection:
            connection.execute(text("REVOKE ALL ON items FROM PUBLIC"))
            connection.execute(text("ALTER TABLE items ADD COLUMN left_behind text"))
        engine.dispose()
    with databases.for_an_archive() as second:
        assert second != first
