"""``docket encrypt``: turn a plain archive into an encrypted one, resumably.

Steps, each safe to interrupt (see ``docket.vault.conversion``): the key header, the database
(exported into SQLCipher beside the plain file, checked, then swapped in), the signing and record
keys, then every blob (sealed, read back and checked, and only then the plain file overwritten
and removed). A custody entry records the conversion; the marker goes last.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from sqlcipher3 import dbapi2 as sqlcipher

from docket.archive import Archive
from docket.config import Settings
from docket.db.engine import create_owner_only, writing
from docket.errors import ArchiveNotFound, DocketError
from docket.evidence import folder_lock, keys
from docket.evidence.blobs import BlobStore
from docket.evidence.custody import Action
from docket.kernel import BLOBS_DIR, KEYS_DIR
from docket.vault import conversion, header
from docket.vault.keyring import ArchiveKeys
from docket.vault.unlock import unlocker_from

_NAME: Final = re.compile(r"[0-9a-f]{64}")
_CHUNK: Final = 1 << 20

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Encrypted:
    blobs_sealed: int
    database_encrypted: bool


@contextlib.contextmanager
def alone(settings: Settings) -> Iterator[None]:
    """Hold the archive of ``settings`` alone while the block runs: one clear error, before
    anything is changed, while any other process has it open."""
    if not settings.home.is_dir():
        raise ArchiveNotFound(f"no archive in {settings.home}")
    with folder_lock.exclusive(settings.home):
        yield


def encrypt(settings: Settings, reason: str, progress: Progress | None = None) -> Encrypted:
    """Encrypt the plain archive of ``settings`` with the key they give (a new header is made
    for it), or finish an encryption that was interrupted; refused while another process has
    the archive open."""
    with alone(settings):
        return _encrypt(settings, reason, progress or (lambda _message: None))


def _encrypt(settings: Settings, reason: str, say: Progress) -> Encrypted:
    home = settings.home
    if not settings.is_sqlite:
        raise DocketError(
            "encryption covers an archive whose database is SQLite in its folder; on "
            "PostgreSQL encrypt the server's disk (see docs/security.md)"
        )
    database = settings.sqlite_path
    if database is None or not database.exists() or not (home / KEYS_DIR).is_dir():
        raise ArchiveNotFound(f"no archive in {home}")
    unlocker = unlocker_from(settings)
    if header.is_encrypted(home) and not conversion.in_progress(home):
        raise DocketError(f"the archive in {home} is already encrypted")
    if unlocker is None:
        raise DocketError("give the new key: a passphrase, DOCKET_KEY or --key-file")
    conversion.marker_path(home).touch(mode=0o600, exist_ok=True)
    if header.is_encrypted(home):
        sealing = header.unlock(home, unlocker)
    else:
        sealing = header.create(home, unlocker)
    say("database")
    database_encrypted = _encrypt_database(database, sealing)
    say("keys")
    keys.seal_private_key(home / KEYS_DIR, sealing)
    keys.sealed_record_key(home / KEYS_DIR, sealing, create=False)
    say("files")
    sealed = _seal_blobs(BlobStore(home / BLOBS_DIR, sealing, plain_fallback=True))
    with Archive.open(settings) as archive:
        kernel = archive.kernel
        with writing(kernel.engine) as connection:
            kernel.custody.append(
                connection,
                Action.ARCHIVE_ENCRYPTED,
                "archive",
                {"reason": reason, "unlock": header.kind(home)},
            )
        archive.checkpoint()
    conversion.marker_path(home).unlink()
    _sync_folder(home)
    return Encrypted(sealed, database_encrypted)


def _encrypt_database(database: Path, sealing: ArchiveKeys) -> bool:
    """Export a plain database into SQLCipher and swap it in; False when it already was."""
    copy = database.with_name(database.name + ".encrypting")
    leftover = database.with_name(database.name + ".plain")
    if not conversion.database_is_plain(database):
        _remove_database(copy)
        conversion.wipe(leftover)
        return False
    _remove_database(copy)
    plain = sqlite3.connect(database, isolation_level=None)
    try:
        # Everything in the WAL into the main file, so the export sees all and no WAL is left to
        # be replayed onto the encrypted file that takes this name.
        plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        plain.close()
    create_owner_only(copy)
    exporter = sqlcipher.connect(str(database), isolation_level=None)
    try:
        exporter.execute("ATTACH DATABASE ? AS encrypted KEY ?", (str(copy), _raw(sealing)))
        exporter.execute("SELECT sqlcipher_export('encrypted')")
        version = exporter.execute("PRAGMA user_version").fetchone()[0]
        exporter.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        exporter.execute("DETACH DATABASE encrypted")
    finally:
        exporter.close()
    _check_copy(database, copy, sealing)
    _fsync(copy)
    for suffix in ("-wal", "-shm"):
        database.with_name(database.name + suffix).unlink(missing_ok=True)
    leftover.unlink(missing_ok=True)
    os.link(database, leftover)
    os.replace(copy, database)
    _sync_folder(database.parent)
    conversion.wipe(leftover)
    return True


def _check_copy(database: Path, copy: Path, sealing: ArchiveKeys) -> None:
    """The encrypted copy opens with the key, is intact and holds every row of the original."""
    original = sqlite3.connect(database)
    encrypted = sqlcipher.connect(str(copy))
    try:
        encrypted.execute(f'PRAGMA key = "{_raw(sealing)}"')
        if encrypted.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise DocketError("the encrypted copy of the database failed its integrity check")
        tables = [
            row[0]
            for row in original.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        for table in tables:
            quoted = '"' + table.replace('"', '""') + '"'
            count = f"SELECT count(*) FROM {quoted}"  # noqa: S608 -- a name from sqlite_master
            if original.execute(count).fetchone() != encrypted.execute(count).fetchone():
                raise DocketError(f"the encrypted copy of the database lost rows of {table}")
    finally:
        original.close()
        encrypted.close()


def _seal_blobs(store: BlobStore) -> int:
    """Seal every plain blob, check the sealed copy, then wipe the plain one."""
    store.create()
    sealed = 0
    for folder, subfolders, files in os.walk(store.root):
        if Path(folder) == store.root and "tmp" in subfolders:
            subfolders.remove("tmp")
        for name in files:
            if not _NAME.fullmatch(name):
                continue
            path = Path(folder) / name
            if store.path_of(name) == path:
                continue
            if store.path_of(name).is_file() and _intact(store, name):
                # Sealed before an interruption: only the plain file (or what a wipe left of it)
                # remains to go.
                _remove_plain(path)
                continue
            if _sha256(path) != name:
                continue  # a sealed blob under its keyed name
            store.put_file(path)
            if not _intact(store, name):
                raise DocketError(f"the sealed copy of {name[:12]}… does not read back")
            _remove_plain(path)
            sealed += 1
    return sealed


def _remove_plain(path: Path) -> None:
    conversion.wipe(path)
    # An emptied folder is named by the first hex digits of a plaintext's SHA-256: it goes too.
    for folder in (path.parent, path.parent.parent):
        with contextlib.suppress(OSError):
            folder.rmdir()


def _intact(store: BlobStore, sha256: str) -> bool:
    actual = store.rehash(sha256)
    return actual is not None and actual[0] == sha256


def _sha256(path: Path) -> str:
    with open(path, "rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def _raw(sealing: ArchiveKeys) -> str:
    return f"x'{sealing.database_key.hex()}'"


def _remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _sync_folder(folder: Path) -> None:
    _fsync(folder)
