"""How long a job's folder is kept in ``DOCKET_HOME/jobs/``: a report's file until some days
after its first download (``DOCKET_REPORT_KEEP_DAYS``, 7) or, never downloaded, after it was
made (``DOCKET_REPORT_UNREAD_DAYS``, 30); anything else only until the job's end is recorded.

A folder is removed only after the job's end is committed in the jobs table, never before: a
process killed in between leaves a folder too many, which the next sweep removes, and never a
finished job without its input or its file. The removal of a report's file is noted in its
job's result after the folder is gone, so a kill in between only leaves the note to write.

A sweep (a server or worker starting, ``docket jobs clean``) reads the reports kept and the
other jobs that ended since shortly before the last sweep began (``archive_meta``): an archive
with a hundred thousand finished uploads starts without reading every one of them again.
"""

from __future__ import annotations

import json
import shutil
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Final

from sqlalchemy import Connection, Row, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from docket.db.engine import reading, writing
from docket.db.schema import archive_meta, jobs
from docket.evidence.custody import utc_now
from docket.jobs import ledger
from docket.jobs.reporting import REPORT
from docket.kernel import Kernel

STAMP: Final = "%Y-%m-%dT%H:%M:%S.%fZ"  # as ``utc_now`` writes them
DOWNLOADED: Final = "downloaded_at"
REMOVED: Final = "removed_at"
DEFAULT_KEEP_DAYS: Final = 7.0
DEFAULT_UNREAD_DAYS: Final = 30.0
# Reports past their time are looked for at most this often by a process that runs jobs: a
# look reads every report job kept, and a worker may end many jobs a second.
EXPIRE_EVERY_SECONDS: Final = 60.0
SWEPT_KEY: Final = "jobs_swept_from"
# A job's end is stamped by its process's clock before it commits: the next sweep also reads
# the jobs that ended this long before the last one began (slow commits, machines' clocks).
SWEEP_OVERLAP: Final = timedelta(hours=1)


def note_download(connection: Connection, job_id: int) -> None:
    """Note a report's first download: its keeping time runs from then."""
    row = ledger.row(connection, job_id)
    if row is None:
        return
    result = json.loads(row.result)
    if DOWNLOADED not in result:
        result[DOWNLOADED] = utc_now()
        _write_result(connection, job_id, result)


def removed_at(result: dict[str, Any]) -> str | None:
    found = result.get(REMOVED)
    return None if found is None else str(found)


class Sweeper:
    """Removes the folders of one archive's finished jobs once nothing needs them."""

    def __init__(self, kernel: Kernel) -> None:
        self.kernel = kernel
        self.parent = kernel.settings.home / "jobs"
        self._expired_at: float | None = None

    def after_end(self, row: Row[Any]) -> None:
        """The folder of a job whose end was just recorded (``row``, the job as its end left
        it), unless it is a report's file that is kept; then the reports whose keeping time is
        over."""
        if row.state in (ledger.DONE, ledger.FAILED):
            self._settle(row, datetime.now(UTC))
        started = time.monotonic()
        if self._expired_at is None or started - self._expired_at >= EXPIRE_EVERY_SECONDS:
            self._expired_at = started
            self.expire(datetime.now(UTC))

    def expire(self, now: datetime) -> list[int]:
        """Remove the report files whose keeping time is over; the jobs they belonged to."""
        query = select(jobs).where(
            jobs.c.kind == REPORT,
            jobs.c.state == ledger.DONE,
            jobs.c.result.not_like(f'%"{REMOVED}"%'),
        )
        return self._settle_all(query, now)

    def sweep(self, now: datetime | None = None) -> list[int]:
        """Every finished job's folder that nothing needs any more (``docket jobs clean``):
        failed jobs' and ended uploads' left by a process killed after their end was
        recorded, and reports past their keeping time. The jobs whose folders went."""
        now = now or datetime.now(UTC)
        began = datetime.now(UTC)
        query = select(jobs).where(
            jobs.c.state.in_((ledger.DONE, ledger.FAILED)),
            or_(jobs.c.kind != REPORT, jobs.c.state == ledger.FAILED),  # made: ``expire``
            jobs.c.payload.like('%"folder"%'),
        )
        last = self._last_sweep()
        if last is not None:
            since = _stamp(last - SWEEP_OVERLAP)
            query = query.where(or_(jobs.c.finished_at.is_(None), jobs.c.finished_at >= since))
        gone = self._settle_all(query, now) + self.expire(now)
        self._note_sweep(began)
        return sorted(gone)

    def _last_sweep(self) -> datetime | None:
        with reading(self.kernel.engine) as connection:
            noted = connection.execute(
                select(archive_meta.c.value).where(archive_meta.c.key == SWEPT_KEY)
            ).scalar()
        try:
            return None if noted is None else _moment(str(noted))
        except ValueError:
            return None  # unreadable: every finished job is read, as before any sweep

    def _note_sweep(self, began: datetime) -> None:
        stamp = _stamp(began)
        try:
            with writing(self.kernel.engine) as connection:
                noted = connection.execute(
                    update(archive_meta).where(archive_meta.c.key == SWEPT_KEY).values(value=stamp)
                )
                if noted.rowcount == 0:
                    connection.execute(insert(archive_meta).values(key=SWEPT_KEY, value=stamp))
        except IntegrityError:
            pass  # another process starting at the same moment noted its sweep first

    def _settle_all(self, query: Any, now: datetime) -> list[int]:
        with reading(self.kernel.engine) as connection:
            rows = list(connection.execute(query.order_by(jobs.c.id)).all())
        return [int(row.id) for row in rows if self._settle(row, now)]

    def _settle(self, row: Row[Any], now: datetime) -> bool:
        """Remove the job's folder if its time is over; whether it went."""
        folder = _folder_of(row)
        if folder is None or not self._ours(folder):
            return False
        result = json.loads(row.result)
        if row.kind == REPORT and row.state == ledger.DONE:
            if removed_at(result) is not None or now < self._keep_until(row, result):
                return False
        elif not folder.exists():
            return False
        shutil.rmtree(folder, ignore_errors=True)
        if row.kind == REPORT and row.state == ledger.DONE:
            with writing(self.kernel.engine) as connection:
                current = ledger.row(connection, int(row.id))
                if current is not None:
                    kept = json.loads(current.result)
                    kept[REMOVED] = utc_now()
                    _write_result(connection, int(row.id), kept)
        return True

    def _keep_until(self, row: Row[Any], result: dict[str, Any]) -> datetime:
        settings = self.kernel.settings
        if DOWNLOADED in result:
            return _moment(result[DOWNLOADED]) + timedelta(days=settings.report_keep_days)
        made = row.finished_at or row.created_at
        return _moment(made) + timedelta(days=settings.report_unread_days)

    def _ours(self, folder: Path) -> bool:
        # Only a folder the queue made is removed: in the archive's jobs folder, or among the
        # blob store's scratch folders (memory-backed for an encrypted archive) — never a
        # folder elsewhere that a payload names.
        return folder.parent in (self.parent, self.kernel.blobs.workspaces())


def _folder_of(row: Row[Any]) -> Path | None:
    folder = json.loads(row.payload).get("folder")
    return Path(folder) if isinstance(folder, str) and folder else None


def _moment(text: str) -> datetime:
    return datetime.strptime(text, STAMP).replace(tzinfo=UTC)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(STAMP)


def _write_result(connection: Connection, job_id: int, result: dict[str, Any]) -> None:
    connection.execute(
        update(jobs)
        .where(jobs.c.id == job_id)
        .values(result=json.dumps(result, ensure_ascii=False))
    )
