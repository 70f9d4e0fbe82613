"""``JobQueue``: one archive's jobs — asked for, run, retried a bounded number of times.

On PostgreSQL, procrastinate's queue hands each job to one ``docket worker`` process on any
machine sharing the database and the archive folder; on the embedded SQLite archive the same
jobs run on threads of the process that asked for them (``docket serve``). Either way a job's
state, progress and result are rows of the ``jobs`` table, read through ``JobBoard`` with the
viewer's permissions.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import os
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from sqlalchemy import Connection, Row, text

from docket.accounts import Accounts
from docket.db.engine import reading, writing
from docket.errors import DocketError, PermissionDenied
from docket.evidence.blobs import process_alive
from docket.jobs import ledger
from docket.jobs.postgres import QUEUE, Deferrer, conninfo
from docket.jobs.retention import Sweeper
from docket.jobs.run import Opener, Run
from docket.jobs.work import KINDS, READING_KINDS, names_of
from docket.kernel import Kernel
from docket.model.access import Role, Viewer

if TYPE_CHECKING:
    import psycopg

log = logging.getLogger(__name__)

# A job is tried at most this many times (an attempt whose worker was killed counts), then it is
# failed with its reason; it never holds up the jobs behind it.
MAX_ATTEMPTS: Final = 3
JOBS_DIR: Final = "jobs"
IN_PROCESS_THREADS: Final = 2
# The first key of the advisory locks that say which worker runs a job ("dj").
LOCK_SPACE: Final = 0x646A
# Lock connections kept between jobs: enough for a worker's usual concurrency.
MAX_IDLE_LOCKS: Final = 8


class JobQueue:
    """Jobs of one opened archive; built once per process."""

    def __init__(self, kernel: Kernel, opener: Opener | None = None) -> None:
        self.kernel = kernel
        # How a job that makes reports or proposals sees the archive: as a door for its owner.
        self._opener = opener
        self._lock = threading.Lock()
        self._threads: ThreadPoolExecutor | None = None
        self._defer: Deferrer | None = None
        # Connections that held a finished job's advisory lock, kept for the next job.
        self._idle_locks: list[psycopg.Connection[Any]] = []

    @property
    def in_process(self) -> bool:
        """Whether jobs run here (SQLite) rather than on ``docket worker`` processes."""
        return self.kernel.settings.is_sqlite

    # -- asking -----------------------------------------------------------------------------

    def inbox(self) -> Path:
        """A new private folder for a job's input files: in the archive folder, so that every
        machine sharing it reads them, or in memory for an encrypted archive (whose jobs run
        in the process that received them)."""
        if self.kernel.encrypted:
            return self.kernel.blobs.workspace()
        parent = self.kernel.settings.home / JOBS_DIR
        parent.mkdir(mode=0o700, exist_ok=True)
        folder = parent / f"{os.getpid()}-{os.urandom(8).hex()}"
        folder.mkdir(mode=0o700)
        return folder

    def enqueue(
        self, owner: Viewer, kind: str, payload: dict[str, Any], *, confidentiality: str
    ) -> int:
        """Record a job and hand it to the queue; its number."""
        if kind not in KINDS:
            raise DocketError(f"unknown kind of job {kind!r}")
        if kind not in READING_KINDS:
            owner.require_writer()
        payload = {**payload, "names": list(names_of(kind, payload))}
        record = functools.partial(
            ledger.add,
            kind=kind,
            owner=owner,
            confidentiality=confidentiality,
            payload=payload,
            total=len(payload["names"]),
        )
        if self.in_process:
            with writing(self.kernel.engine) as connection:
                job_id = record(connection)
            try:
                self._pool().submit(self._run_here, job_id)
            except Exception as error:
                self._fail(job_id, f"the job queue refused the job ({type(error).__name__})")
                raise DocketError("the job queue is unreachable; try again shortly") from None
            return job_id
        try:
            # The row and its queue entry commit together: a refused hand-over leaves no job
            # that nothing will run.
            with writing(self.kernel.engine) as connection:
                job_id = record(connection)
                self._deferrer().defer(connection, job_id)
        except Exception as error:
            log.warning("the job queue refused a job (%s)", type(error).__name__)
            raise DocketError("the job queue is unreachable; try again shortly") from None
        return job_id

    def _deferrer(self) -> Deferrer:
        with self._lock:
            if self._defer is None:
                self._defer = Deferrer(self.kernel.settings.database_url)
            return self._defer

    # -- running ----------------------------------------------------------------------------

    def run(self, job_id: int) -> None:
        """One attempt at a job. A bad input fails it at once; anything else fails the attempt
        (raised, for the queue to retry) until the last attempt, which fails the job."""
        with self._running(job_id) as ours:
            if ours:
                self._attempt(job_id)

    @contextlib.contextmanager
    def _running(self, job_id: int) -> Iterator[bool]:
        """Whether this process may run the job now: on PostgreSQL, whether it holds the job's
        advisory lock, which a live worker holds for as long as it runs the job and a killed
        one loses with its connection. A worker whose heartbeat only came late is thus never
        joined by a second one on the same job."""
        if self.in_process:
            yield True
            return
        import psycopg

        lock, held = self._try_lock(job_id)
        try:
            yield held
        finally:
            reusable = not held
            if held:
                # Let go now, not only when the connection closes: the server ends a closed
                # session in its own time, and an attempt made at once (a retry, a worker
                # handing out unattended jobs) would find the job still held and skip it.
                with contextlib.suppress(psycopg.Error):
                    lock.execute("SELECT pg_advisory_unlock(%s, %s)", (LOCK_SPACE, job_id))
                    reusable = True
            self._put_back(lock, reusable)

    def _try_lock(self, job_id: int) -> tuple[psycopg.Connection[Any], bool]:
        """Try the job's lock on a connection of its own, outside the engine's pool: it lives
        as long as the job runs, and a worker running many jobs at once must not starve the
        jobs of connections. One that held an earlier job's lock and let go of it is taken
        again rather than a new one opened (a connection costs more than a small job's
        transaction); one the server dropped while it waited is replaced. The connection, and
        whether it holds the lock."""
        import psycopg

        with self._lock:
            idle = self._idle_locks.pop() if self._idle_locks else None
        if idle is not None:
            try:
                return idle, _locked(idle, job_id)
            except psycopg.OperationalError:
                idle.close()
        fresh = psycopg.connect(conninfo(self.kernel.settings.database_url), autocommit=True)
        try:
            return fresh, _locked(fresh, job_id)
        except BaseException:
            fresh.close()
            raise

    def _put_back(self, lock: psycopg.Connection[Any], reusable: bool) -> None:
        """Keep a lock connection for the next job only when it holds no lock: one whose
        unlock failed is closed, which lets go of whatever it held."""
        if reusable and not lock.closed:
            with self._lock:
                if len(self._idle_locks) < MAX_IDLE_LOCKS:
                    self._idle_locks.append(lock)
                    return
        lock.close()

    def unattended(self) -> list[int]:
        """Unfinished jobs that no worker runs and the queue no longer holds (PostgreSQL): a
        job whose worker died after another had found it alive, say. Workers hand them out
        again; running one twice is harmless, the lock and the job's state see to that. The
        server lists the advisory locks of all its databases: only this archive's count."""
        with reading(self.kernel.engine) as connection:
            found = connection.execute(
                text(
                    "SELECT j.id FROM jobs j WHERE j.state IN ('queued', 'running') "
                    "AND NOT EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' "
                    "AND l.database = (SELECT oid FROM pg_database "
                    "WHERE datname = current_database()) "
                    "AND l.classid = :space AND l.objid = j.id AND l.objsubid = 2) "
                    "AND NOT EXISTS (SELECT 1 FROM procrastinate_jobs p "
                    "WHERE p.queue_name = :queue AND p.status IN ('todo', 'doing') "
                    "AND (p.args ->> 'job_id')::bigint = j.id)"
                ),
                {"space": LOCK_SPACE, "queue": QUEUE},
            )
            return [int(job_id) for (job_id,) in found]

    def _attempt(self, job_id: int) -> None:
        # The start, and the owner's account as it is now, in one transaction.
        with writing(self.kernel.engine) as connection:
            row = ledger.start(connection, job_id, below=MAX_ATTEMPTS)
            if row is None:
                ended = self._stop_if_tried_out(connection, job_id)
            else:
                account = self._accounts.user_row_by_name(connection, row.owner_name.strip())
        if row is None:
            if ended is not None:
                self._ended(ended)
            return
        job = ledger.view(row)
        try:
            viewer = self._owner(row.owner_name, row.owner_role, account)
            run = Run(self.kernel, viewer, job_id, payload_of(row), dict(job.result), self._opener)
            KINDS[job.kind](run)
        except DocketError as error:
            # The input or the owner's rights: another attempt would fail the same way.
            self._fail(job_id, str(error))
            return
        except Exception as error:
            # The first line only: a database error's next lines quote its statement and values.
            first_line = (str(error).splitlines() or [""])[0]
            reason = f"{type(error).__name__}: {first_line[:300]}"
            log.warning("job %s: attempt %s failed (%s)", job_id, job.attempts, reason)
            if job.attempts >= MAX_ATTEMPTS:
                self._fail(job_id, f"failed {job.attempts} times; last: {reason}")
                return
            with writing(self.kernel.engine) as connection:
                ledger.finish(connection, job_id, state=ledger.QUEUED, failure=reason)
            raise
        with writing(self.kernel.engine) as connection:
            ended = ledger.finish(connection, job_id, state=ledger.DONE, result=run.result)
        self._ended(ended)

    @staticmethod
    def _stop_if_tried_out(connection: Connection, job_id: int) -> Row[Any] | None:
        """Fail an unfinished job that was started ``MAX_ATTEMPTS`` times already; the job
        as it now is, or None when there is nothing to do (it ended, or is no more)."""
        row = ledger.row(connection, job_id)
        if row is None or row.state not in ledger.UNFINISHED or row.attempts < MAX_ATTEMPTS:
            return None
        return ledger.finish(
            connection,
            job_id,
            state=ledger.FAILED,
            failure=f"stopped {MAX_ATTEMPTS} times before it finished (its worker "
            "was killed or crashed each time); not tried again",
        )

    def _ended(self, row: Row[Any] | None) -> None:
        """Remove what the job, now recorded as ended, no longer needs (``retention``). Its
        end is committed already: a failure here costs a folder kept too long, not the job."""
        if row is None:
            return
        try:
            self.sweeper.after_end(row)
        except Exception as error:
            log.warning("job %s: its folder is left for the next sweep (%s)", row.id, error)

    def tidy(self) -> None:
        """Sweep the jobs folder (a server or worker starting): what a process killed after a
        job's end left, and reports past their keeping time."""
        try:
            self.sweeper.sweep()
        except Exception as error:
            log.warning("the jobs folder was not swept (%s)", error)

    @functools.cached_property
    def sweeper(self) -> Sweeper:
        return Sweeper(self.kernel)

    @functools.cached_property
    def _accounts(self) -> Accounts:
        return Accounts(self.kernel)

    def _owner(self, name: str, role: str, account: Row[Any] | None) -> Viewer:
        """The job's owner as they are now (``account``, their row read as the attempt
        started): a disabled account or a lowered role is not outlived by a job they
        queued."""
        if account is None:
            return Viewer(name, Role(role))
        # Two-factor enforcement plays no part in what a job may do.
        user = self._accounts.to_user(account, enforced=False)
        if user.disabled:
            raise PermissionDenied(f"the account of {name} is disabled")
        return user.viewer()

    def _fail(self, job_id: int, reason: str) -> None:
        with writing(self.kernel.engine) as connection:
            ended = ledger.finish(connection, job_id, state=ledger.FAILED, failure=reason)
        self._ended(ended)

    # -- in-process ---------------------------------------------------------------------------

    def _pool(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._threads is None:
                self._threads = ThreadPoolExecutor(IN_PROCESS_THREADS, "docket-job")
            return self._threads

    def _run_here(self, job_id: int) -> None:
        for _ in range(MAX_ATTEMPTS + 1):
            try:
                self.run(job_id)
                return
            except Exception:
                log.warning("job %s failed an attempt; trying again", job_id)

    def resume(self) -> list[int]:
        """Run again the unfinished jobs of this machine's processes that are gone (a server
        stopped mid-job); the jobs of running processes are theirs. In-process archives only."""
        if not self.in_process:
            return []
        host = ledger.this_process().split(":", 1)[0]
        taken = []
        with reading(self.kernel.engine) as connection:
            found = ledger.orphans(connection)
        for job_id, runner in found:
            runner_host, _, pid = (runner or "").rpartition(":")
            if runner and (runner_host != host or not pid.isdigit() or process_alive(int(pid))):
                continue
            with writing(self.kernel.engine) as connection:
                claimed = ledger.claim(connection, job_id, runner)
            if claimed:
                self._pool().submit(self._run_here, job_id)
                taken.append(job_id)
        return taken

    def wait(self) -> None:
        """Let the in-process jobs finish (a command that queued them, tests)."""
        with self._lock:
            threads, self._threads = self._threads, None
        if threads is not None:
            threads.shutdown(wait=True)

    def close(self) -> None:
        self.wait()
        with self._lock:
            idle, self._idle_locks = self._idle_locks, []
        for connection in idle:
            connection.close()


def _locked(connection: psycopg.Connection[Any], job_id: int) -> bool:
    row = connection.execute("SELECT pg_try_advisory_lock(%s, %s)", (LOCK_SPACE, job_id)).fetchone()
    return bool(row and row[0])


def payload_of(row: Any) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(row.payload)
    return loaded
