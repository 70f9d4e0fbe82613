"""``docket backup`` and ``docket restore``: restic snapshots of an archive, and proof that what
comes back is the archive that went in.

A snapshot holds the archive folder (blobs, keys, key header) with a consistent copy of the
database taken through SQLite's backup API (``pg_dump`` for PostgreSQL) and the signed checkpoint
of the custody head that copy holds. The chain of custody records each snapshot and which head it
holds; ``restore`` runs ``verify`` against that checkpoint.

The restic repository's password: for an encrypted archive it is derived from the archive key,
so the archive's passphrase or key file opens its backups too, and the key header is kept beside
the repository (``docket-backup.json``; it holds nothing secret). A plain archive's backups need
a password of their own (``DOCKET_BACKUP_PASSPHRASE``).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from sqlalchemy.engine import make_url

from docket.archive import Archive
from docket.config import SQLITE_FILENAME, Settings
from docket.db.engine import create_owner_only, writing
from docket.errors import ArchiveExists, DocketError
from docket.evidence import folder_lock
from docket.evidence.custody import Action
from docket.evidence.verify import HeadStatement, Problem
from docket.safekeeping import places
from docket.search.tantivy_index import HOST_FILE, INDEX_DIR
from docket.vault import conversion, header
from docket.vault.keyring import ArchiveKeys, derive
from docket.vault.unlock import unlocker_from

STAGING: Final = "backup-staging"
# Held by the backup under way: two at once would share the staging folder.
BACKUP_LOCK: Final = "backup.lock"
HEAD_FILE: Final = "custody-head.txt"
DUMP_FILE: Final = "docket.pgdump"
REPOSITORY_FILE: Final = places.RECORD_FILE
PASSWORD_ENV: Final = "DOCKET_BACKUP_PASSPHRASE"  # noqa: S105 -- a variable's name
_TAG_ARCHIVE: Final = "docket-archive="
_TAG_HEAD: Final = "docket-head="


class BackupError(DocketError):
    """restic, pg_dump or pg_restore could not do what was asked."""


@dataclass(frozen=True)
class Snapshot:
    id: str
    time: str
    archive_id: str
    head_seq: int
    paths: list[str]


@dataclass(frozen=True)
class Restored:
    snapshot: Snapshot
    home: Path
    problems: list[Problem]


# -- backing up -------------------------------------------------------------------------------


def backup(
    archive: Archive, destination: Path | str, password: str | None, reason: str
) -> Snapshot:
    """Snapshot ``archive`` into the restic repository at ``destination`` (a folder, or
    ``sftp:[user@]host:/path``, or ``s3:https://host/bucket/prefix``; made when new), and
    record in the chain of custody which head the snapshot holds. One backup of an archive runs
    at a time: another is refused in one line while it runs."""
    with folder_lock.one_at_a_time(
        archive.settings.home / BACKUP_LOCK,
        "another backup of this archive is running; try again when it has finished",
    ):
        return _backup(archive, destination, password, reason)


def _backup(
    archive: Archive, destination: Path | str, password: str | None, reason: str
) -> Snapshot:
    settings = archive.settings
    home = settings.home
    if conversion.in_progress(home):
        raise DocketError("the archive is being encrypted: finish `docket encrypt` first")
    place = places.place_of(destination)
    if isinstance(place, places.LocalFolder) and (place.path == home or home in place.path.parents):
        raise DocketError("the backup destination must lie outside the archive folder")
    repository = _Repository(place, _password(archive.kernel.sealing, password))
    repository.claim(archive.archive_id, home)
    statement = archive.checkpoint_statement()
    head = HeadStatement.parse(statement)
    staging = home / STAGING
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(mode=0o700)
    try:
        _copy_database(archive, staging)
        (staging / HEAD_FILE).write_text(statement, encoding="utf-8")
        snapshot_id = repository.backup(
            home,
            excludes=[
                *(str(home / f"{SQLITE_FILENAME}{suffix}") for suffix in ("", "-wal", "-shm")),
                str(home / "blobs" / "tmp"),
                # Derived from the database and rebuilt after a restore; the host claim names
                # the machine the backup was made on, which the restored archive may not be on.
                str(home / INDEX_DIR),
                str(home / HOST_FILE),
                str(folder_lock.lock_path(home)),
                str(home / BACKUP_LOCK),
            ],
            tags=[f"{_TAG_ARCHIVE}{archive.archive_id}", f"{_TAG_HEAD}{head.seq}"],
        )
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    kernel = archive.kernel
    with writing(kernel.engine) as connection:
        kernel.custody.append(
            connection,
            Action.BACKED_UP,
            "archive",
            {
                "snapshot": snapshot_id,
                "repository": place.location,
                "head_seq": head.seq,
                "head": head.hash,
                "reason": reason,
            },
        )
    archive.checkpoint()
    return repository.snapshot(snapshot_id)


def key_kind(destination: Path | str) -> header.Kind | None:
    """How the archive whose backups lie at ``destination`` is unlocked; None for a plain one."""
    wrapped = _read_record(places.place_of(destination)).get("key_header")
    if wrapped is None:
        return None
    with _header_in(wrapped) as folder:
        return header.kind(folder)


def snapshots(destination: Path | str, settings: Settings, password: str | None) -> list[Snapshot]:
    """The archive snapshots in the repository, oldest first."""
    repository = _Repository.opened(places.place_of(destination), settings, password)
    return repository.snapshots()


def _copy_database(archive: Archive, staging: Path) -> None:
    """A consistent copy of the database as of now (SQLite's backup API; ``pg_dump``)."""
    settings = archive.settings
    source_path = settings.sqlite_path
    if source_path is None:
        _pg_dump(settings.database_url, staging / DUMP_FILE)
        return
    target = staging / SQLITE_FILENAME
    create_owner_only(target)
    sealing = archive.kernel.sealing
    if sealing is None:
        source, copy = sqlite3.connect(source_path), sqlite3.connect(target)
    else:
        # Both ends keyed: the copy is as encrypted as the archive's own database.
        from sqlcipher3 import dbapi2 as sqlcipher

        source, copy = sqlcipher.connect(str(source_path)), sqlcipher.connect(str(target))
        for connection in (source, copy):
            connection.execute(f"PRAGMA key = \"x'{sealing.database_key.hex()}'\"")
    try:
        source.backup(copy)
    finally:
        source.close()
        copy.close()


# -- restoring --------------------------------------------------------------------------------


def restore(
    destination: Path | str,
    snapshot_id: str,
    target: Path,
    settings: Settings,
    password: str | None,
    *,
    expect_archive: str | None = None,
) -> Restored:
    """Restore a snapshot into the new folder ``target``, check the repository's data first and
    verify the restored archive against the custody head the snapshot holds.

    ``settings`` give the key (for an encrypted archive) and, for PostgreSQL, the empty database
    to restore into. Nothing existing is overwritten: ``target`` must be new or empty, and an
    interrupted restore leaves only a ``.restoring`` folder beside it.
    """
    target = target.absolute()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ArchiveExists(f"{target} is not empty: restore into a new folder")
    repository = _Repository.opened(places.place_of(destination), settings, password)
    snapshot = repository.snapshot(snapshot_id)
    owner = repository.archive_id()
    if snapshot.archive_id != owner or (expect_archive and snapshot.archive_id != expect_archive):
        wanted = expect_archive or owner
        raise DocketError(
            f"snapshot {snapshot.id} is of archive {snapshot.archive_id or 'unknown'}, "
            f"not of archive {wanted}"
        )
    repository.check()
    url = None if settings.is_sqlite else settings.database_url
    if url is not None:
        _require_empty_database(url)
    partial = target.with_name(target.name + ".restoring")
    shutil.rmtree(partial, ignore_errors=True)
    try:
        repository.restore(snapshot.id, partial)
        restored_home = partial / snapshot.paths[0].lstrip("/")
        staging = restored_home / STAGING
        if url is None:
            os.replace(staging / SQLITE_FILENAME, restored_home / SQLITE_FILENAME)
        else:
            _pg_restore(staging / DUMP_FILE, url)
        statement = (staging / HEAD_FILE).read_text(encoding="utf-8")
        shutil.rmtree(staging)
        with contextlib.suppress(FileNotFoundError):
            target.rmdir()
        os.replace(restored_home, target)
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    restored = Settings.from_env(home=target, database_url=url or _sqlite_url(target))
    restored = _with_key_of(restored, settings)
    head = HeadStatement.parse(statement)
    with Archive.open(restored) as archive:
        problems = list(archive.verify(against=head))
        if not problems:
            kernel = archive.kernel
            with writing(kernel.engine) as connection:
                kernel.custody.append(
                    connection,
                    Action.RESTORED,
                    "archive",
                    {
                        "snapshot": snapshot.id,
                        "repository": repository.place.location,
                        "head_seq": head.seq,
                        "head": head.hash,
                    },
                )
            archive.checkpoint()
    return Restored(snapshot, target, problems)


def _sqlite_url(home: Path) -> str:
    return f"sqlite:///{home / SQLITE_FILENAME}"


def _with_key_of(restored: Settings, given: Settings) -> Settings:
    return replace(
        restored, key_file=given.key_file, key_text=given.key_text, passphrase=given.passphrase
    )


# -- the repository ---------------------------------------------------------------------------


def _password(sealing: ArchiveKeys | None, given: str | None) -> str:
    if sealing is not None:
        return derive(sealing.archive_key, "docket backup").hex()
    if not given:
        raise DocketError(
            f"this archive is not encrypted, so its backups need a password of their own: "
            f"set {PASSWORD_ENV} (keep it apart from the backup)"
        )
    return given


class _Repository:
    """One restic repository at ``place``, beside it the record of whose backups it holds."""

    def __init__(self, place: places.Place, password: str) -> None:
        self.place = place
        self._password = password

    @classmethod
    def opened(cls, place: places.Place, settings: Settings, password: str | None) -> _Repository:
        """The repository, its password from the archive key its record keeps (an encrypted
        archive's) or from ``password``."""
        record = _read_record(place)
        wrapped = record.get("key_header")
        if wrapped is None:
            return cls(place, _password(None, password))
        with _header_in(wrapped) as folder:
            sealing = header.unlock(folder, unlocker_from(settings), f"the backups in {place}")
        return cls(place, _password(sealing, None))

    def claim(self, archive_id: str, home: Path) -> None:
        """Make the repository when new; refuse one that holds another archive's backups."""
        place = self.place
        if place.record() is not None:
            owner = _read_record(place).get("archive_id")
            if owner != archive_id:
                raise DocketError(
                    f"{place} holds the backups of archive {owner}, not of {archive_id}: "
                    "choose another destination"
                )
        elif place.names():
            raise DocketError(f"{place} is not empty and not a Docket backup")
        place.make()
        key_header = None
        if header.is_encrypted(home):
            key_header = json.loads(header.header_path(home).read_text(encoding="ascii"))
        record = {"archive_id": archive_id, "key_header": key_header}
        # The folder is claimed before restic makes the repository in it: a backup killed
        # while restic initialises leaves a folder the next backup recognises and finishes.
        place.write_record(json.dumps(record, indent=2) + "\n")
        if places.RESTIC_CONFIG not in (place.names() or []):
            self._run("init")

    def archive_id(self) -> str:
        return str(_read_record(self.place).get("archive_id", ""))

    def backup(self, home: Path, excludes: list[str], tags: list[str]) -> str:
        arguments = ["backup", "--json", str(home)]
        for pattern in excludes:
            arguments += ["--exclude", pattern]
        for tag in tags:
            arguments += ["--tag", tag]
        output = self._run(*arguments)
        for line in reversed(output.splitlines()):
            with contextlib.suppress(ValueError):
                message = json.loads(line)
                if message.get("message_type") == "summary" and message.get("snapshot_id"):
                    return str(message["snapshot_id"])
        raise BackupError("restic made no snapshot")

    def snapshots(self) -> list[Snapshot]:
        listed = json.loads(self._run("snapshots", "--json") or "[]")
        return [_snapshot(entry) for entry in listed or []]

    def snapshot(self, snapshot_id: str) -> Snapshot:
        if not snapshot_id or not all(c.isalnum() for c in snapshot_id):
            raise DocketError(f"{snapshot_id!r} is not a snapshot id")
        listed = json.loads(self._run("snapshots", "--json", snapshot_id) or "[]")
        if not listed:
            raise DocketError(f"no snapshot {snapshot_id} in {self.place}")
        return _snapshot(listed[0])

    def check(self) -> None:
        """Read back every byte of the repository: a damaged snapshot is found before it is
        restored."""
        try:
            self._run("check", "--read-data")
        except BackupError as error:
            raise BackupError(
                f"the backup in {self.place} is damaged (restic check --read-data: {error}); "
                "restore from another copy"
            ) from None

    def restore(self, snapshot_id: str, target: Path) -> None:
        self._run("restore", snapshot_id, "--target", str(target))

    def _run(self, *arguments: str) -> str:
        environment = {
            **os.environ,
            "RESTIC_REPOSITORY": self.place.location,
            "RESTIC_PASSWORD": self._password,
        }
        environment.pop("RESTIC_PASSWORD_FILE", None)
        environment.pop("RESTIC_PASSWORD_COMMAND", None)
        try:
            done = subprocess.run(
                ["restic", "--no-cache", *arguments],
                env=environment,
                capture_output=True,
                text=True,
                check=False,
                stdin=subprocess.DEVNULL,
            )
        except FileNotFoundError:
            raise BackupError("restic is not installed: apt-get install restic") from None
        if done.returncode != 0:
            raise BackupError(_restic_error(done.stderr, self.place))
        return done.stdout


def _restic_error(stderr: str, path: places.Place) -> str:
    text = stderr.lower()
    if "no space left" in text:
        return f"the backup destination {path} is full; free space there or choose another"
    if "wrong password" in text:
        return f"the key or backup password does not open the backups in {path}"
    if "repository does not exist" in text or "is there a repository" in text:
        return f"{path} holds no backups"
    if "no matching id" in text or "no snapshot" in text:
        return f"no such snapshot in {path}"
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    return "restic: " + (lines[-1] if lines else "failed without a message")


def _snapshot(entry: dict[str, Any]) -> Snapshot:
    tags = entry.get("tags") or []
    archive_id = next((t[len(_TAG_ARCHIVE) :] for t in tags if t.startswith(_TAG_ARCHIVE)), "")
    head = next((t[len(_TAG_HEAD) :] for t in tags if t.startswith(_TAG_HEAD)), "0")
    return Snapshot(
        id=str(entry.get("short_id") or entry["id"][:8]),
        time=_utc(str(entry.get("time", ""))),
        archive_id=archive_id,
        head_seq=int(head) if head.isdigit() else 0,
        paths=list(entry.get("paths") or []),
    )


def _utc(stamp: str) -> str:
    """restic's local time with its offset and nanoseconds, as UTC to the second."""
    match = re.match(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.\d+)?(Z|[+-]\d\d:\d\d)?", stamp)
    if match is None:
        return stamp
    offset = (match.group(2) or "Z").replace("Z", "+00:00")
    moment = datetime.fromisoformat(match.group(1) + offset).astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _read_record(place: places.Place) -> dict[str, Any]:
    text = place.record()
    if text is None:
        raise DocketError(f"{place} holds no Docket backups")
    try:
        record = json.loads(text)
    except ValueError as error:
        raise DocketError(f"cannot read the record {REPOSITORY_FILE} in {place}: {error}") from None
    if not isinstance(record, dict):
        raise DocketError(f"{REPOSITORY_FILE} in {place} is not a Docket backup record")
    return record


@contextlib.contextmanager
def _header_in(document: dict[str, Any]) -> Iterator[Path]:
    """A folder holding the key header ``document`` (nothing secret), for ``header.unlock``."""
    with tempfile.TemporaryDirectory(prefix="docket-header-") as folder:
        (Path(folder) / header.HEADER_FILE).write_text(json.dumps(document), encoding="ascii")
        yield Path(folder)


# -- PostgreSQL -------------------------------------------------------------------------------


def _libpq(url: str) -> str:
    """The URL as pg_dump and pg_restore take it (no SQLAlchemy driver name)."""
    parsed = make_url(url).set(drivername="postgresql")
    return parsed.render_as_string(hide_password=False)


def _pg_dump(url: str, target: Path) -> None:
    _pg("pg_dump", "--format=custom", "--no-owner", f"--file={target}", _libpq(url))


def _pg_restore(dump: Path, url: str) -> None:
    _pg("pg_restore", "--no-owner", "--exit-on-error", f"--dbname={_libpq(url)}", str(dump))


def _require_empty_database(url: str) -> None:
    from sqlalchemy import create_engine, inspect

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            if inspect(connection).get_table_names():
                raise ArchiveExists(
                    "the database to restore into is not empty: give a new, empty database"
                )
    finally:
        engine.dispose()


def _pg(program: str, *arguments: str) -> None:
    try:
        done = subprocess.run([program, *arguments], capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise BackupError(f"{program} is not installed (Debian: postgresql-client)") from None
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        raise BackupError(f"{program}: {lines[-1] if lines else 'failed'}")
