"""Scheduled backups: the plan an admin set, run when it is due.

Two ways to run it, never both on one archive: each web worker of ``docket serve`` runs a
``Scheduler`` thread that looks every few minutes, and ``docket backup --scheduled`` from cron
(or a systemd timer) makes the backup only when the plan says it is due. Either way a backup is
due when the last good one (the newest ``backed_up`` custody entry, to any repository) is older
than the plan's interval.
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

from docket.archive import Archive
from docket.db.engine import reading
from docket.errors import DocketError
from docket.evidence import backup_plan, folder_lock
from docket.evidence.backup_plan import BackupPlan
from docket.safekeeping import backups
from docket.safekeeping.backups import Snapshot

REASON: Final = "scheduled backup"
# How often the server looks whether a backup is due.
CHECK_EVERY: Final = 300.0
SCHEDULE_LOCK: Final = "backup-schedule.lock"
_MAX_PASSWORD_FILE: Final = 4096

log = logging.getLogger(__name__)


class NoPlan(DocketError):
    """No backup plan is set."""


def plan_of(archive: Archive) -> BackupPlan | None:
    with reading(archive.kernel.engine) as connection:
        return backup_plan.read_plan(connection)


def password_for(plan: BackupPlan, encrypted: bool) -> str | None:
    """A plain archive's repository password, from where the plan says; None for an encrypted
    archive, whose key opens its backups."""
    if encrypted:
        return None
    if plan.password_env:
        password = os.environ.get(plan.password_env, "")
        if not password:
            raise DocketError(
                f"the backup password variable {plan.password_env} is not set for this process"
            )
        return password
    if plan.password_file:
        path = Path(plan.password_file)
        try:
            with open(path, encoding="utf-8") as file:
                password = file.read(_MAX_PASSWORD_FILE + 1).rstrip("\r\n")
        except FileNotFoundError:
            raise DocketError(f"the backup password file {path} does not exist") from None
        except (OSError, UnicodeDecodeError) as error:
            raise DocketError(f"cannot read the backup password file {path}: {error}") from None
        if not password or len(password) > _MAX_PASSWORD_FILE:
            raise DocketError(f"the backup password file {path} holds no password")
        return password
    raise DocketError("the backup plan names no password for this plain archive")


@dataclass(frozen=True)
class ScheduledRun:
    plan: BackupPlan
    # The snapshot made, or None when no backup was due.
    snapshot: Snapshot | None
    # When the plan wants the next backup.
    next_due: datetime


def run_if_due(archive: Archive, now: datetime | None = None) -> ScheduledRun:
    """Make the planned backup when it is due; ``NoPlan`` without a plan."""
    now = now or datetime.now(UTC)
    with reading(archive.kernel.engine) as connection:
        state = backup_plan.status(connection, now)
    plan = state.plan
    if plan is None:
        raise NoPlan("no backup plan is set: an admin sets one on the Backups page of the web app")
    if state.due is not None and state.due > now:
        return ScheduledRun(plan, None, state.due)
    password = password_for(plan, archive.encrypted)
    snapshot = backups.backup(archive, plan.target, password, REASON)
    return ScheduledRun(plan, snapshot, datetime.now(UTC) + plan.interval)


class Scheduler:
    """Looks every ``check_every`` seconds, from start until ``stop``, whether the planned
    backup is due, and makes it. A failure is logged in one line and tried again at the next
    look.

    Every process serving the archive runs one. A look is made under a lock in the archive's
    folder and skipped while another process's look holds it: the backup it may be making is
    not yet on record, and a second look would find it due and try to make it again."""

    def __init__(self, archive: Archive, check_every: float = CHECK_EVERY) -> None:
        self._archive = archive
        self._check_every = check_every
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="docket-backups", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                ran = self._look()
            except NoPlan:
                pass
            except DocketError as error:
                log.warning("scheduled backup failed: %s", error)
            except Exception as error:  # the thread must outlive one bad run
                log.warning("scheduled backup failed: %s", type(error).__name__)
            else:
                if ran is not None and ran.snapshot is not None:
                    log.info("scheduled backup: snapshot %s", ran.snapshot.id)
            self._stopping.wait(self._check_every)

    def _look(self) -> ScheduledRun | None:
        """What this look did; None when another process is looking."""
        ran = None
        with folder_lock.if_free(self._archive.settings.home / SCHEDULE_LOCK) as mine:
            if mine:
                ran = run_if_due(self._archive)
        return ran
