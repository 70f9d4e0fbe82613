"""Encrypting an archive that was made plain: the database step, and removing plaintext.

The archive is usable at every moment of the conversion: ``encrypting`` in its folder marks a
conversion under way, during which a database still plain is opened without the key and blobs
not yet sealed are read where they lie. Each step replaces plaintext only once its encrypted copy
is complete, synced and checked, so a conversion killed at any point is finished by running it
again.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Final

from docket.config import Settings
from docket.errors import DocketError
from docket.vault.keyring import ArchiveKeys

MARKER: Final = "encrypting"
SQLITE_MAGIC: Final = b"SQLite format 3\x00"
_WIPE_CHUNK: Final = 1 << 20


def marker_path(home: Path) -> Path:
    return home / MARKER


def in_progress(home: Path) -> bool:
    return marker_path(home).exists()


def database_is_plain(path: Path) -> bool:
    """Whether the SQLite file at ``path`` is readable without a key (SQLCipher's is not)."""
    try:
        with open(path, "rb") as file:
            return file.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except FileNotFoundError:
        return False


def looks_encrypted(path: Path) -> bool:
    """Whether ``path`` holds bytes but not a plain SQLite database (as SQLCipher's file)."""
    try:
        return path.stat().st_size > 0 and not database_is_plain(path)
    except FileNotFoundError:
        return False


def database_key(settings: Settings, sealing: ArchiveKeys | None) -> bytes | None:
    """The key to open the archive's database with: None for a plain archive, and for a
    database not yet encrypted while a conversion is under way."""
    if sealing is None or not settings.is_sqlite:
        return None
    path = settings.sqlite_path
    if path is not None and database_is_plain(path):
        if in_progress(settings.home):
            return None
        raise DocketError(
            f"the database {path} of this encrypted archive is not encrypted: "
            "run `docket encrypt` to finish encrypting it"
        )
    return sealing.database_key


def wipe(path: Path) -> None:
    """Overwrite a file with zeros, sync, then delete it.

    As good as overwriting can be: on SSDs (wear levelling), copy-on-write and journalling file
    systems and snapshots, the old blocks may survive elsewhere. docs/security.md says so.
    """
    try:
        descriptor = os.open(path, os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError:
        return
    except PermissionError:
        # A read-only blob (0400): its owner may make it writable to overwrite it.
        os.chmod(path, 0o600)
        descriptor = os.open(path, os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0))
    try:
        remaining = os.fstat(descriptor).st_size
        zeros = bytes(_WIPE_CHUNK)
        while remaining > 0:
            remaining -= os.write(descriptor, zeros[: min(remaining, _WIPE_CHUNK)])
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
