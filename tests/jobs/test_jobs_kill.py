"""A worker killed with ``kill -9`` in the middle of a job: another worker runs the job again,
every file becomes exactly one item, the job reports each once, and the archive verifies."""

from __future__ import annotations

import os
import signal
import time

import pytest

from docket.archive import Archive
from docket.db.engine import reading
from docket.face import Viewer
from tests.conftest import running_worker
from tests.jobs.jobs_support import EDITOR, queue_files, statements, wait_for

FILES = 400


@pytest.mark.slow
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_job_whose_worker_is_killed_is_finished_by_another_without_duplicates(
    archive: Archive,
) -> None:
    files = statements(FILES)
    job_id = queue_files(archive, files)
    board = archive.as_viewer(EDITOR).jobs
    with running_worker(archive.settings, "--stalled-after", "3") as first:
        give_up = time.monotonic() + 300
        # Killed once a batch of its items is committed: the job's progress is written at
        # most twice a second, and 400 small files may all go in before it is.
        while _items(archive) == 0:
            assert not board.get(job_id).finished, "the job ended before the worker was killed"
            assert time.monotonic() < give_up, "the first worker never started the job"
            time.sleep(0.005)
        os.kill(first.pid, signal.SIGKILL)
        first.wait()
    killed = board.get(job_id)
    assert killed.state == "running" and 0 < _items(archive) < FILES, killed
    with running_worker(archive.settings, "--stalled-after", "3"):
        job = wait_for(archive, job_id)
    assert job.state == "done", job.failure
    assert job.attempts == 2
    outcomes = job.result["outcomes"]
    assert [o["name"] for o in outcomes] == list(files)
    assert {o["status"] for o in outcomes} == {"new"}
    owner = archive.as_viewer(Viewer.owner())
    ids = owner.items.ids()
    assert len(ids) == FILES
    assert sorted(o["item_id"] for o in outcomes) == sorted(ids)
    with reading(archive.kernel.engine) as connection:
        received = connection.exec_driver_sql(
            "SELECT count(*) FROM custody WHERE action = 'received'"
        ).scalar()
    assert received == FILES
    assert list(archive.verify()) == []


def _items(archive: Archive) -> int:
    with reading(archive.kernel.engine) as connection:
        return int(connection.exec_driver_sql("SELECT count(*) FROM items").scalar_one())
