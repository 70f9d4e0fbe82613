"""What a queued upload costs the database: its row and its place in the queue are one
transaction; an attempt starts with its owner's account in one, notes its files with the items
they match in one and ends in one; a worker keeps the connection that held a job's lock for its
next job."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import event, func, select, text

from docket.archive import Archive
from docket.db.engine import reading
from docket.db.schema import jobs
from docket.errors import DocketError
from docket.items import ItemStore
from docket.jobs.postgres import Deferrer
from docket.jobs.queue import LOCK_SPACE
from tests.jobs.jobs_support import EDITOR, queue_files, statements
from tests.jobs.test_jobs_queue import _payload, _row

on_postgres = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)


class _Refused(Exception):
    """Stands for the queue failing once the job's entry is written."""


@on_postgres
def test_a_job_and_its_place_in_the_queue_are_committed_together_or_not_at_all(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    queued = queue_files(archive, statements(1))
    assert _queue_entries(archive) == [queued]
    real = Deferrer.defer

    def refused(self: Deferrer, *args: Any) -> None:
        real(self, *args)
        raise _Refused

    monkeypatch.setattr(Deferrer, "defer", refused)
    with pytest.raises(DocketError, match="the job queue is unreachable"):
        queue_files(archive, statements(2))
    # Neither a job nothing would run nor a queue entry without its job; no folder left.
    with reading(archive.kernel.engine) as connection:
        assert connection.execute(select(func.count()).select_from(jobs)).scalar() == 1
    assert _queue_entries(archive) == [queued]
    assert list((archive.settings.home / "jobs").iterdir()) == [_folder(archive, queued)]


def test_an_upload_job_opens_three_transactions_of_its_own(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Its start with its owner's account; its files noted; its end. The ingest's own
    # transactions (items, custody, checkpoint) are the ingest's, counted apart.
    # The first job a process ends also looks for reports past their keeping time.
    archive.jobs.run(_row(archive, "ingest", _payload(archive, "first.txt")))
    job_id = _row(archive, "ingest", _payload(archive, "counted.txt"))
    with _transactions(archive) as opened:
        ingest = ItemStore.ingest
        around: list[int] = []

        def counted(self: ItemStore, *args: Any, **kwargs: Any) -> Iterator[Any]:
            around.append(len(opened))
            yield from ingest(self, *args, **kwargs)
            around.append(len(opened))

        monkeypatch.setattr(ItemStore, "ingest", counted)
        archive.jobs.run(job_id)
    assert archive.as_viewer(EDITOR).jobs.get(job_id).state == "done"
    before, after = around
    assert (before, len(opened) - after) == (2, 1)


@on_postgres
def test_a_worker_keeps_the_connection_that_held_a_job_s_lock_for_the_next(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[psycopg.Connection[Any]] = []
    connect = psycopg.connect

    def counted(*args: Any, **kwargs: Any) -> psycopg.Connection[Any]:
        connection = connect(*args, **kwargs)
        if kwargs.get("autocommit"):  # the engine's pool opens its own
            opened.append(connection)
        return connection

    monkeypatch.setattr(psycopg, "connect", counted)
    first, second = (_row(archive, "ingest", _payload(archive, f"{n}.txt")) for n in "ab")
    archive.jobs.run(first)
    # Let go of between jobs: nobody holds the job's lock, so another worker could take it.
    assert _locks_held(archive) == []
    archive.jobs.run(second)
    assert len(opened) == 1
    assert _locks_held(archive) == []
    # A kept connection the server ended while it waited is replaced, and the job runs.
    with reading(archive.kernel.engine) as connection:
        connection.execute(
            text("SELECT pg_terminate_backend(:pid)"), {"pid": opened[0].info.backend_pid}
        )
    third = _row(archive, "ingest", _payload(archive, "c.txt"))
    archive.jobs.run(third)
    assert len(opened) == 2
    board = archive.as_viewer(EDITOR).jobs
    assert [board.get(job).state for job in (first, second, third)] == ["done"] * 3


class _Cut(Exception):
    """Stands for the worker's death once the ingest has committed the job's files."""


def test_an_attempt_after_a_cut_one_tells_the_files_it_added_from_those_the_archive_held(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The notes an attempt commits before its ingest say which files the archive held already.
    archive.jobs.run(_row(archive, "ingest", _payload(archive, "held.txt")))
    payload = _payload(archive, "held.txt")
    folder = Path(payload["folder"])
    (folder / "1").mkdir()
    (folder / "1" / "added.txt").write_bytes(b"A statement the archive did not hold.")
    payload["files"].append({"name": "added.txt", "path": "1/added.txt"})
    job_id = _row(archive, "ingest", payload)
    ingest = ItemStore.ingest

    def cut(self: ItemStore, *args: Any, **kwargs: Any) -> Iterator[Any]:
        yield from ingest(self, *args, **kwargs)
        raise _Cut

    monkeypatch.setattr(ItemStore, "ingest", cut)
    with pytest.raises(_Cut):
        archive.jobs.run(job_id)
    monkeypatch.undo()
    archive.jobs.run(job_id)
    job = archive.as_viewer(EDITOR).jobs.get(job_id)
    assert (job.state, job.attempts) == ("done", 2), job.failure
    statuses = [(outcome["name"], outcome["status"]) for outcome in job.result["outcomes"]]
    assert statuses == [("held.txt", "duplicate"), ("added.txt", "new")]


class _transactions:
    """The transactions the archive's engine begins while the block runs."""

    def __init__(self, archive: Archive) -> None:
        self.engine = archive.kernel.engine
        self.begun: list[int] = []

    def _begin(self, _connection: Any) -> None:
        self.begun.append(1)

    def __enter__(self) -> list[int]:
        event.listen(self.engine, "begin", self._begin)
        return self.begun

    def __exit__(self, *_exc: object) -> None:
        event.remove(self.engine, "begin", self._begin)


def _queue_entries(archive: Archive) -> list[int]:
    with reading(archive.kernel.engine) as connection:
        found = connection.execute(
            text("SELECT (args ->> 'job_id')::bigint FROM procrastinate_jobs ORDER BY id")
        )
        return [int(job_id) for (job_id,) in found]


def _folder(archive: Archive, job_id: int) -> Path:
    with reading(archive.kernel.engine) as connection:
        payload = connection.execute(select(jobs.c.payload).where(jobs.c.id == job_id)).scalar()
    return Path(json.loads(str(payload))["folder"])


def _locks_held(archive: Archive) -> list[int]:
    with reading(archive.kernel.engine) as connection:
        found = connection.execute(
            text(
                "SELECT objid FROM pg_locks WHERE locktype = 'advisory' AND classid = :space "
                "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            ),
            {"space": LOCK_SPACE},
        )
        return [int(job_id) for (job_id,) in found]
