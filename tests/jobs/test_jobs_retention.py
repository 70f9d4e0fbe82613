"""What jobs leave in ``DOCKET_HOME/jobs/``: a failed job's folder goes once its failure is
recorded, never before; a process killed in between leaves it to the next sweep, and the job
keeps its record; a report's file is kept some days after its first download, or after it was
made when nobody downloads it, then removed, and its job says so."""

from __future__ import annotations

import json
import os
import shutil
import signal
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, update

from docket.archive import Archive
from docket.config import Settings
from docket.db.engine import reading, writing
from docket.db.schema import archive_meta, jobs
from docket.errors import DocketError
from docket.face import JobNotFound, PermissionDenied
from docket.jobs import ledger, reporting, retention
from docket.jobs.retention import Sweeper
from docket.model.access import Role, Viewer
from docket.vault.header import KeyFileSecret
from docket.web import WebSettings, create_app
from tests.conftest import running_worker
from tests.e2e.conftest import Run
from tests.e2e.conftest import run as run
from tests.jobs.jobs_support import inbox_left, run_here, wait_for
from tests.jobs.test_jobs_reports import ANALYST
from tests.reports.reports_support import World, build_world
from tests.support import as_owner

REASON = "no record 12"


class Killed(BaseException):
    """The process ends here, as with kill -9: nothing after this line of the job runs."""


@pytest.fixture
def world(archive: Archive, tmp_path: Path) -> World:
    return build_world(archive, tmp_path / "world")


def state_of(archive: Archive, job_id: int) -> str:
    with reading(archive.kernel.engine) as connection:
        row = ledger.row(connection, job_id)
    assert row is not None
    return str(row.state)


def queue_report(archive: Archive, world: World) -> int:
    return archive.as_viewer(ANALYST).jobs.report(
        "case", subject_id=world.case, audience="viewer", language="en", file_format="html"
    )


def failing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Report jobs fail as when their subject is gone by the time they run."""

    def gone(*_args: Any) -> Any:
        raise DocketError(REASON)

    monkeypatch.setattr(reporting, "_made", gone)


def test_a_failed_job_s_folder_goes_once_its_failure_is_recorded(
    archive: Archive, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    failing(monkeypatch)
    removals: list[tuple[str, str]] = []
    real = shutil.rmtree

    def watched(path: Any, *args: Any, **kwargs: Any) -> None:
        removals.append((str(path), state_of(archive, job_id)))
        real(path, *args, **kwargs)

    monkeypatch.setattr(retention.shutil, "rmtree", watched)
    job_id = queue_report(archive, world)
    (folder,) = inbox_left(archive)
    job = run_here(archive, job_id, viewer=ANALYST)
    assert (job.state, job.failure, job.attempts) == ("failed", REASON, 1)
    # Removed once, after the failure was committed.
    assert removals == [(str(folder), "failed")]
    assert inbox_left(archive) == []


def test_a_process_killed_after_the_end_was_recorded_leaves_the_folder_to_the_next_sweep(
    archive: Archive, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    failing(monkeypatch)

    def killed(*_args: Any) -> None:
        raise Killed

    monkeypatch.setattr(Sweeper, "after_end", killed)
    job_id = queue_report(archive, world)
    if archive.jobs.in_process:
        archive.jobs.wait()
    else:
        with pytest.raises(Killed):
            archive.jobs.run(job_id)
    job = archive.as_viewer(ANALYST).jobs.get(job_id)
    assert (job.state, job.failure) == ("failed", REASON)
    (left,) = inbox_left(archive)
    monkeypatch.undo()
    kept = run_here(archive, queue_report(archive, world), viewer=ANALYST)
    assert kept.state == "done", kept.failure
    with pytest.raises(PermissionDenied):
        archive.as_viewer(Viewer("editor-one", Role.EDITOR)).jobs.sweep()
    assert as_owner(archive).jobs.sweep() == [job_id]
    assert not left.exists()
    # The report just made is kept: its folder is all that is left.
    assert inbox_left(archive) == [archive.as_viewer(ANALYST).jobs.report_file(kept.id).path.parent]


@pytest.mark.usefixtures("jobs_worker")
def test_a_report_s_file_is_kept_some_days_after_its_download_then_removed(
    archive: Archive, world: World
) -> None:
    board = archive.as_viewer(ANALYST).jobs
    fetched = wait_for(archive, queue_report(archive, world), viewer=ANALYST).id
    unread = wait_for(archive, queue_report(archive, world), viewer=ANALYST).id
    sweeper = archive.jobs.sweeper
    now = datetime.now(UTC)
    assert sweeper.sweep(now + timedelta(days=29)) == []
    path = board.report_file(fetched).path
    downloaded = board.get(fetched).result["downloaded_at"]
    assert board.get(unread).result.get("downloaded_at") is None
    # Asked for again later, the first download still counts.
    board.report_file(fetched)
    assert board.get(fetched).result["downloaded_at"] == downloaded

    assert sweeper.sweep(now + timedelta(days=6)) == []
    assert path.is_file()
    assert sweeper.sweep(now + timedelta(days=8)) == [fetched]
    assert not path.parent.exists()
    with pytest.raises(JobNotFound, match=f"the report of job {fetched} is no longer kept since"):
        board.report_file(fetched)
    assert board.get(fetched).state == "done"
    assert board.get(fetched).result["removed_at"]

    assert sweeper.sweep(now + timedelta(days=29)) == []
    assert sweeper.sweep(now + timedelta(days=31)) == [unread]
    assert inbox_left(archive) == []
    assert sweeper.sweep(now + timedelta(days=400)) == []
    assert list(archive.verify()) == []


def test_the_keeping_times_are_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    assert (Settings.from_env().report_keep_days, Settings.from_env().report_unread_days) == (
        7.0,
        30.0,
    )
    monkeypatch.setenv("DOCKET_REPORT_KEEP_DAYS", "0.5")
    monkeypatch.setenv("DOCKET_REPORT_UNREAD_DAYS", "90")
    settings = Settings.from_env()
    assert (settings.report_keep_days, settings.report_unread_days) == (0.5, 90.0)
    monkeypatch.setenv("DOCKET_REPORT_KEEP_DAYS", "a week")
    with pytest.raises(DocketError, match="DOCKET_REPORT_KEEP_DAYS must be a number of days"):
        Settings.from_env()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_docket_jobs_clean_removes_what_a_killed_process_left(
    archive: Archive, world: World, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    failing(monkeypatch)
    monkeypatch.setattr(Sweeper, "after_end", lambda *_args: None)
    wait_for(archive, queue_report(archive, world), viewer=ANALYST)
    monkeypatch.undo()
    assert len(inbox_left(archive)) == 1
    assert run("jobs", "clean").output.strip() == "Removed the folders of 1 finished job(s)."
    assert inbox_left(archive) == []
    assert run("jobs", "clean").output.strip() == "Removed the folders of 0 finished job(s)."


def test_a_server_or_a_worker_starting_sweeps_the_jobs_folder(
    archive: Archive, world: World, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    failing(monkeypatch)
    monkeypatch.setattr(Sweeper, "after_end", lambda *_args: None)
    assert run_here(archive, queue_report(archive, world), viewer=ANALYST).state == "failed"
    monkeypatch.undo()
    assert len(inbox_left(archive)) == 1
    if settings.is_sqlite:
        create_app(archive, WebSettings(secure_cookies=False))
        assert inbox_left(archive) == []
        return
    with running_worker(settings):
        give_up = time.monotonic() + 120
        while inbox_left(archive):
            assert time.monotonic() < give_up, "the worker did not sweep the jobs folder"
            time.sleep(0.05)


@pytest.mark.slow
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_worker_killed_as_a_job_ends_loses_neither_its_record_nor_leaves_its_folder(
    archive: Archive, world: World
) -> None:
    board = archive.as_viewer(ANALYST).jobs
    # A subject gone by the time the job runs: it fails at once, with its reason.
    doomed = board.report(
        "incident", subject_id=999_999, audience="viewer", language="en", file_format="html"
    )
    made = queue_report(archive, world)
    with running_worker(archive.settings, "--stalled-after", "3") as first:
        give_up = time.monotonic() + 300
        while state_of(archive, doomed) != "failed":
            assert time.monotonic() < give_up, "the worker never ended the job"
            time.sleep(0.005)
        # kill -9 as soon as the end is recorded: before or after the folder went.
        os.kill(first.pid, signal.SIGKILL)
        first.wait()
    failed = board.get(doomed)
    assert (failed.state, failed.failure) == ("failed", "no record 999999")
    with running_worker(archive.settings, "--stalled-after", "3"):
        done = wait_for(archive, made, viewer=ANALYST)
        assert done.state == "done", done.failure
        give_up = time.monotonic() + 120
        while len(inbox_left(archive)) != 1:
            assert time.monotonic() < give_up, inbox_left(archive)
            time.sleep(0.05)
    assert inbox_left(archive) == [board.report_file(made).path.parent]
    assert board.get(doomed).failure == "no record 999999"


def test_a_sweep_removes_no_folder_the_queue_did_not_make(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings.from_env(
        home=tmp_path / "archive", database_url=f"sqlite:///{tmp_path}/archive/docket.sqlite3"
    )
    archive = Archive.create(settings, encrypt_with=KeyFileSecret(os.urandom(32), "test key"))
    try:
        world = build_world(archive, tmp_path / "world")
        failing(monkeypatch)
        job_id = queue_report(archive, world)
        if archive.jobs.in_process:
            archive.jobs.wait()
        precious = tmp_path / "precious"
        precious.mkdir()
        (precious / "statement.txt").write_text("kept", encoding="utf-8")
        with writing(archive.kernel.engine) as connection:
            row = ledger.row(connection, job_id)
            assert row is not None and row.state == "failed"
            # A payload naming a folder the queue did not make, as a damaged row would.
            payload = {**json.loads(row.payload), "folder": str(precious)}
            connection.execute(
                update(jobs).where(jobs.c.id == job_id).values(payload=json.dumps(payload))
            )
        Sweeper(archive.kernel).sweep()
        assert (precious / "statement.txt").read_text(encoding="utf-8") == "kept"
    finally:
        archive.close()


def _ended_upload(archive: Archive, ended: datetime) -> Path:
    """An upload recorded as ended at ``ended`` whose folder a killed process left."""
    folder = archive.settings.home / "jobs" / f"left-{ended:%Y%m%d%H%M%S%f}"
    folder.mkdir(parents=True)
    stamp = ended.strftime(retention.STAMP)
    with writing(archive.kernel.engine) as connection:
        connection.execute(
            insert(jobs).values(
                kind="ingest",
                state=ledger.DONE,
                owner_role="editor",
                owner_name="editor-one",
                confidentiality="public",
                payload=json.dumps({"folder": str(folder), "files": []}),
                done=1,
                total=1,
                result="{}",
                attempts=1,
                created_at=stamp,
                finished_at=stamp,
            )
        )
    return folder


def test_a_sweep_reads_the_jobs_ended_since_shortly_before_the_last_one(archive: Archive) -> None:
    now = datetime.now(UTC)
    long_ago = _ended_upload(archive, now - timedelta(days=3))
    Sweeper(archive.kernel).sweep()
    assert not long_ago.exists(), "the first sweep reads every finished job"
    # Ended before the last sweep began, by more than the overlap: not read again (a folder
    # left so long ago was left before that sweep, which removed it).
    before = _ended_upload(archive, now - retention.SWEEP_OVERLAP - timedelta(minutes=5))
    within = _ended_upload(archive, now - retention.SWEEP_OVERLAP + timedelta(minutes=5))
    since = _ended_upload(archive, datetime.now(UTC))
    Sweeper(archive.kernel).sweep()
    assert before.exists()
    assert not within.exists() and not since.exists()
    with writing(archive.kernel.engine) as connection:
        connection.execute(
            update(archive_meta)
            .where(archive_meta.c.key == retention.SWEPT_KEY)
            .values(value="not a moment")
        )
    Sweeper(archive.kernel).sweep()
    assert not before.exists(), "an unreadable note of the last sweep: every job is read"
