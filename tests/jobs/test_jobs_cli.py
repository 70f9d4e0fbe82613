"""``docket worker`` as a user meets it: refused on SQLite, refused on a queue from a newer
procrastinate, each with one line."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from docket.archive import Archive
from docket.db.engine import writing
from docket.db.schema import archive_meta
from tests.e2e.conftest import Run
from tests.e2e.conftest import run as run


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_worker_on_an_embedded_archive_is_refused_in_one_line(archive: Archive, run: Run) -> None:
    result = run("worker", code=2)
    line = result.output.strip()
    assert "\n" not in line
    assert "runs its jobs inside `docket serve`" in line
    assert "PostgreSQL" in line


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_worker_on_a_queue_from_a_newer_procrastinate_is_refused(
    archive: Archive, run: Run
) -> None:
    with writing(archive.kernel.engine) as connection:
        connection.execute(
            update(archive_meta)
            .where(archive_meta.c.key == "queue_schema")
            .values(value="99.00.00_01_from_the_future")
        )
    result = run("worker", code=2)
    assert "made by a newer procrastinate" in result.output
    assert "upgrade Docket on this machine" in result.output
