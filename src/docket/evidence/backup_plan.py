"""The archive's backup plan, and how old its last good backup is.

An admin sets where scheduled backups go and how often (``archive_meta``, key ``backup_plan``);
each change is a custody entry. The plan never holds a secret: an encrypted archive's backups are
opened by the archive key, and a plain archive's repository password is read, when a backup
runs, from an environment variable or a file the plan names.

The last good backup is read from the chain of custody: a ``backed_up`` entry is written only
after restic has made the snapshot.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Final, Literal

from sqlalchemy import Connection, delete, insert, select, update

from docket.db.schema import archive_meta, custody
from docket.errors import DocketError
from docket.evidence.custody import Action, CustodyLog
from docket.evidence.destinations import SFTP_DESTINATION, InvalidDestination, is_s3, parse_s3

PLAN_KEY: Final = "backup_plan"
Every = Literal["daily", "weekly"]
INTERVALS: Final[dict[str, timedelta]] = {"daily": timedelta(days=1), "weekly": timedelta(days=7)}
# How late a scheduled backup may be before it counts as overdue: the scheduler looks every few
# minutes and cron every hour, and a backup of a large archive takes a while.
GRACE: Final = timedelta(hours=2)
_VARIABLE: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,127}")
MAX_PATH: Final = 4096


class InvalidPlan(DocketError):
    """A backup plan that cannot be kept: said in one line."""


@dataclass(frozen=True)
class BackupPlan:
    """Where and how often: ``target`` is the restic repository (a folder, ``sftp:`` or
    ``s3:``), and a plain archive's repository password comes from ``password_env`` or
    ``password_file``."""

    target: str
    every: Every
    password_env: str | None = None
    password_file: str | None = None

    @property
    def interval(self) -> timedelta:
        return INTERVALS[self.every]

    @property
    def password_source(self) -> str:
        """Where the password comes from, for people and the chain of custody (never the
        password itself)."""
        if self.password_env:
            return f"environment variable {self.password_env}"
        if self.password_file:
            return f"file {self.password_file}"
        return "the archive key"

    def to_json(self) -> str:
        return json.dumps({k: v for k, v in asdict(self).items() if v is not None})


@dataclass(frozen=True)
class LastBackup:
    at: datetime
    snapshot: str
    repository: str
    head_seq: int


@dataclass(frozen=True)
class BackupStatus:
    plan: BackupPlan | None
    last: LastBackup | None
    # Whether an admin should be told: no backup ever, or the last is older than the plan allows.
    warn: bool
    # When the plan wants the next backup (None without a plan).
    due: datetime | None
    # An encrypted archive's backups need no password of their own.
    encrypted: bool = False

    def age(self, now: datetime) -> timedelta | None:
        return None if self.last is None else now - self.last.at


def checked_plan(
    target: str,
    every: str,
    *,
    password_env: str | None,
    password_file: str | None,
    home: Path,
    encrypted: bool,
) -> BackupPlan:
    """A plan from what an admin typed; ``InvalidPlan`` says in one line what is wrong."""
    target = target.strip()
    if every not in INTERVALS:
        raise InvalidPlan("choose daily or weekly backups")
    if not target or len(target) > MAX_PATH or "\x00" in target:
        raise InvalidPlan("give the backup folder as a full path on the server")
    if target.startswith("sftp:"):
        if not SFTP_DESTINATION.fullmatch(target):
            raise InvalidPlan("write a folder reached over SFTP as sftp:[user@]host:/path")
    elif is_s3(target):
        # The store's credentials come from the server's environment when a backup runs.
        try:
            target = parse_s3(target).location
        except InvalidDestination as error:
            raise InvalidPlan(str(error)) from None
    else:
        _check_local(Path(target), home)
    password_env = (password_env or "").strip() or None
    password_file = (password_file or "").strip() or None
    if encrypted:
        # The archive key opens its backups: there is no second secret to name.
        return BackupPlan(target, every)  # type: ignore[arg-type]
    if bool(password_env) == bool(password_file):
        raise InvalidPlan(
            "a plain archive's backups need a password: name one environment variable or one "
            "file that holds it"
        )
    if password_env and not _VARIABLE.fullmatch(password_env):
        raise InvalidPlan(f"{password_env!r} is not an environment variable name")
    if password_file and (len(password_file) > MAX_PATH or not Path(password_file).is_absolute()):
        raise InvalidPlan("give the password file as a full path on the server")
    return BackupPlan(target, every, password_env, password_file)  # type: ignore[arg-type]


def _check_local(folder: Path, home: Path) -> None:
    if not folder.is_absolute():
        raise InvalidPlan(f"{str(folder)!r} is not a full path: give one that starts with /")
    if folder.resolve() == home.resolve() or home.resolve() in folder.resolve().parents:
        raise InvalidPlan("the backup folder cannot lie inside the archive it backs up")
    if folder.exists() and not folder.is_dir():
        raise InvalidPlan(f"{folder} is a file, not a folder")


def read_plan(connection: Connection) -> BackupPlan | None:
    stored = connection.execute(
        select(archive_meta.c.value).where(archive_meta.c.key == PLAN_KEY)
    ).scalar_one_or_none()
    if not stored:
        return None
    try:
        document: dict[str, Any] = json.loads(stored)
        plan = BackupPlan(
            str(document["target"]),
            document["every"],
            document.get("password_env"),
            document.get("password_file"),
        )
    except (ValueError, KeyError, TypeError):
        return None
    return plan if plan.every in INTERVALS else None


def write_plan(
    connection: Connection, log: CustodyLog, plan: BackupPlan | None, actor: str | None = None
) -> None:
    """Set (or with None, stop) the plan; the chain of custody records who (the current actor
    unless ``actor`` is given) and what."""
    present = read_plan(connection) is not None
    if plan is None:
        if not present:
            raise InvalidPlan("no backup plan is set")
        connection.execute(delete(archive_meta).where(archive_meta.c.key == PLAN_KEY))
        log.append(connection, Action.BACKUP_PLAN_STOPPED, "archive", {}, actor=actor)
        return
    if present:
        connection.execute(
            update(archive_meta).where(archive_meta.c.key == PLAN_KEY).values(value=plan.to_json())
        )
    else:
        connection.execute(insert(archive_meta).values(key=PLAN_KEY, value=plan.to_json()))
    log.append(
        connection,
        Action.BACKUP_PLAN_SET,
        "archive",
        {"target": plan.target, "every": plan.every, "password_from": plan.password_source},
        actor=actor,
    )


def last_backup(connection: Connection) -> LastBackup | None:
    """The newest ``backed_up`` entry of the chain of custody."""
    row = connection.execute(
        select(custody.c.at, custody.c.payload)
        .where(custody.c.action == Action.BACKED_UP)
        .order_by(custody.c.seq.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    payload = json.loads(row.payload)
    return LastBackup(
        at=parse_time(row.at),
        snapshot=str(payload.get("snapshot", "")),
        repository=str(payload.get("repository", "")),
        head_seq=int(payload.get("head_seq", 0)),
    )


def status(connection: Connection, now: datetime, *, encrypted: bool = False) -> BackupStatus:
    plan = read_plan(connection)
    last = last_backup(connection)
    if plan is None:
        return BackupStatus(None, last, warn=last is None, due=None, encrypted=encrypted)
    due = now if last is None else last.at + plan.interval
    warn = last is None or now - last.at > plan.interval + GRACE
    return BackupStatus(plan, last, warn=warn, due=due, encrypted=encrypted)


def parse_time(stamp: str) -> datetime:
    """A custody entry's time (ISO 8601, UTC)."""
    moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
