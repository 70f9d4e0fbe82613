"""The job API on both databases: queued uploads are ingested by whoever runs jobs (a worker
process on PostgreSQL, the asking process on SQLite), seen only by their owner, and a failing
job is tried a bounded number of times and reported with its reason without holding up others."""

from __future__ import annotations

import json
import os
import shutil
from typing import Any

import psycopg
import pytest
from sqlalchemy import make_url, update

from docket.archive import Archive
from docket.db.engine import writing
from docket.db.schema import archive_meta, jobs
from docket.face import JobNotFound
from docket.jobs import MAX_ATTEMPTS, ledger
from docket.jobs.postgres import conninfo
from docket.jobs.queue import LOCK_SPACE
from docket.model.access import Role, Viewer
from tests.conftest import running_worker
from tests.jobs.jobs_support import EDITOR, inbox_left, queue_files, statements, wait_for
from tests.support import as_owner

# Tests that run a job here themselves have no worker: its recovery would hand the job out
# to itself at the same time.
served = pytest.mark.usefixtures("jobs_worker")


@served
def test_queued_files_become_items_with_progress_and_a_result(archive: Archive) -> None:
    files = statements(5)
    files["empty.txt"] = b""
    job_id = queue_files(archive, files)
    job = wait_for(archive, job_id)
    assert job.state == "done", job.failure
    assert (job.done, job.total, job.percent) == (6, 6, 100)
    outcomes = job.result["outcomes"]
    assert [o["name"] for o in outcomes] == list(files)
    assert [o["status"] for o in outcomes] == ["new"] * 5 + ["error"]
    assert outcomes[-1]["reason"] == "file is empty"
    owner = as_owner(archive)
    assert sorted(o["item_id"] for o in outcomes[:5]) == sorted(owner.items.ids())
    assert owner.items.get(outcomes[0]["item_id"])["original_name"] == "statement-00000.txt"
    # The custody names the person who queued the job, not the worker's account.
    history = owner.items.show(outcomes[0]["item_id"]).history
    assert {entry.actor for entry in history if entry.action == "received"} == {EDITOR.name}
    assert inbox_left(archive) == []
    assert list(archive.verify()) == []


@served
def test_a_job_is_seen_by_its_owner_alone(archive: Archive) -> None:
    job_id = queue_files(archive, {"informant-bakyt.txt": b"Names a source."})
    wait_for(archive, job_id)
    for other in (
        Viewer("editor-two", Role.EDITOR),
        Viewer("admin-one", Role.ADMIN),
        Viewer("viewer-one", Role.VIEWER),
    ):
        board = archive.as_viewer(other).jobs
        with pytest.raises(JobNotFound):
            board.get(job_id)
        assert board.recent() == []
    assert [job.names for job in archive.as_viewer(EDITOR).jobs.recent()] == [
        ("informant-bakyt.txt",)
    ]


@served
def test_a_job_whose_files_are_gone_fails_with_its_reason_and_blocks_nothing(
    archive: Archive,
) -> None:
    doomed = queue_files_without_files(archive)
    good = queue_files(archive, statements(2))
    failed = wait_for(archive, doomed)
    assert failed.state == "failed"
    assert failed.failure is not None and "upload them again" in failed.failure
    assert wait_for(archive, good).state == "done"
    assert len(as_owner(archive).items.ids()) == 2


def queue_files_without_files(archive: Archive) -> int:
    board = archive.as_viewer(EDITOR).jobs
    folder = board.inbox()
    return board.ingest(
        folder,
        [{"name": "lost.txt", "path": "0/lost.txt"}],
        {"confidentiality": "public"},
        {"max_size": 1000, "max_depth": 1},
    )


def test_a_job_that_keeps_crashing_is_failed_after_a_bounded_number_of_attempts(
    archive: Archive,
) -> None:
    # Options without their sizes: a programming error, not the user's input.
    job_id = _row(archive, "ingest", _payload(archive, "a.txt", options={}))
    for attempt in range(1, MAX_ATTEMPTS):
        with pytest.raises(KeyError):
            archive.jobs.run(job_id)  # the queue retries a job whose attempt raised
        job = archive.as_viewer(EDITOR).jobs.get(job_id)
        assert (job.state, job.attempts) == ("queued", attempt)
    archive.jobs.run(job_id)
    job = archive.as_viewer(EDITOR).jobs.get(job_id)
    assert job.state == "failed"
    assert job.failure == "failed 3 times; last: KeyError: 'max_size'"
    assert as_owner(archive).items.ids() == []


def test_a_job_whose_workers_were_killed_each_time_is_not_tried_again(archive: Archive) -> None:
    job_id = _row(archive, "capture", {"links": ["https://example.org/"], "provenance": {}})
    # Three attempts began and none ended: each time its worker died with it.
    _change(archive, job_id, state="running", attempts=MAX_ATTEMPTS)
    archive.jobs.run(job_id)
    job = archive.as_viewer(EDITOR).jobs.get(job_id)
    assert job.state == "failed"
    assert job.failure is not None and job.failure.startswith("stopped 3 times")


@served
def test_a_disabled_owner_s_job_is_not_run(archive: Archive) -> None:
    archive.accounts.add("editor-one", "editor", "correct horse battery staple", actor="root")
    archive.accounts.disable("editor-one", actor="root")
    job = wait_for(archive, queue_files(archive, statements(1)))
    assert job.state == "failed"
    assert job.failure == "the account of editor-one is disabled"
    assert as_owner(archive).items.ids() == []


@served
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_an_embedded_server_runs_again_the_jobs_a_stopped_server_left(archive: Archive) -> None:
    job_id = _row(archive, "ingest", _payload(archive, "left.txt"))
    # Queued by a process of this machine that is gone.
    _change(archive, job_id, runner=f"{ledger.this_process().split(':')[0]}:{2**22 + 17}")
    assert not _alive(2**22 + 17)
    assert archive.jobs.resume() == [job_id]
    assert wait_for(archive, job_id).state == "done"
    assert archive.jobs.resume() == []


def _payload(
    archive: Archive, name: str, *, options: dict[str, Any] | None = None
) -> dict[str, Any]:
    """An upload of one file, put in a job folder."""
    folder = archive.jobs.inbox()
    (folder / "0").mkdir()
    (folder / "0" / name).write_bytes(f"A statement kept as {name}.".encode())
    return {
        "folder": str(folder),
        "files": [{"name": name, "path": f"0/{name}"}],
        "provenance": {},
        "options": {"max_size": 1 << 20, "max_depth": 2} if options is None else options,
    }


def _change(archive: Archive, job_id: int, **values: Any) -> None:
    with writing(archive.kernel.engine) as connection:
        connection.execute(update(jobs).where(jobs.c.id == job_id).values(**values))


def _row(archive: Archive, kind: str, payload: dict[str, Any]) -> int:
    """A job written straight to the table: no queue hands it to anyone, the test runs it."""
    with writing(archive.kernel.engine) as connection:
        return ledger.add(
            connection, kind=kind, owner=EDITOR, confidentiality="public", payload=payload, total=1
        )


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_queue_made_by_a_newer_procrastinate_is_refused(archive: Archive) -> None:
    from docket.jobs import QueueSchemaTooNew

    with writing(archive.kernel.engine) as connection:
        connection.execute(
            update(archive_meta)
            .where(archive_meta.c.key == "queue_schema")
            .values(value="99.00.00_01_from_the_future")
        )
    archive.close()
    with pytest.raises(QueueSchemaTooNew, match=r"newer procrastinate .* upgrade Docket"):
        Archive.open(archive.settings)


@served
def test_the_payload_keeps_the_names_for_the_owner(archive: Archive) -> None:
    job_id = queue_files(archive, {"a.txt": b"A statement."})
    job = wait_for(archive, job_id)
    assert job.to_json()["names"] == ["a.txt"]
    assert json.loads(json.dumps(job.to_json()))["state"] == "done"


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_job_the_queue_lost_is_handed_out_by_a_worker(archive: Archive) -> None:
    # In the table but in no worker's hands and not in the queue (its deferral was lost).
    job_id = _row(archive, "ingest", _payload(archive, "lost.txt"))
    assert archive.jobs.unattended() == [job_id]
    with running_worker(archive.settings):
        assert wait_for(archive, job_id).state == "done"
    assert archive.jobs.unattended() == []


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_lock_on_the_same_job_number_in_another_database_leaves_the_job_unattended(
    archive: Archive,
) -> None:
    # Another archive on the same server runs its own job 1; the server lists its lock too.
    job_id = _row(archive, "ingest", _payload(archive, "elsewhere.txt"))
    url = make_url(archive.settings.database_url).set(database="postgres")
    other = conninfo(url.render_as_string(hide_password=False))
    with psycopg.connect(other, autocommit=True) as elsewhere:
        elsewhere.execute("SELECT pg_advisory_lock(%s, %s)", (LOCK_SPACE, job_id))
        assert archive.jobs.unattended() == [job_id]


class _Killed(Exception):
    """Stands for the worker's death right after the job's folder was removed."""


def test_a_job_killed_after_its_files_were_removed_is_finished_from_what_it_noted(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    job_id = _row(archive, "ingest", _payload(archive, "noted.txt"))
    remove = shutil.rmtree

    def remove_then_die(path: Any, *args: Any, **kwargs: Any) -> None:
        remove(path, *args, **kwargs)
        raise _Killed

    monkeypatch.setattr("docket.jobs.work.shutil.rmtree", remove_then_die)
    with pytest.raises(_Killed):
        archive.jobs.run(job_id)
    monkeypatch.undo()
    if archive.settings.database_url.startswith("postgresql"):
        # The failed attempt let go of the job at once: a second attempt may take it.
        assert archive.jobs.unattended() == [job_id]
    archive.jobs.run(job_id)
    job = archive.as_viewer(EDITOR).jobs.get(job_id)
    assert job.state == "done", job.failure
    assert len(as_owner(archive).items.ids()) == 1
    assert [outcome["status"] for outcome in job.result["outcomes"]] == ["new"]
