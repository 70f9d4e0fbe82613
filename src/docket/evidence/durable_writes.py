"""Files written so that a power cut leaves the old content or the new, never a mix.

``write_new`` never replaces a file that exists (the statements a witness keeps are evidence);
``replace_private`` swaps a file whole for one only its owner may read (a configuration that
holds tokens).
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from pathlib import Path


def write_new(path: Path, text: str) -> bool:
    """Write ``path`` durably unless it exists; False when it does. Never overwrites.

    The text goes to a temporary file that is fsynced and then hard-linked into place, which
    fails rather than replaces. File systems without hard links (FAT and exFAT sticks) get an
    exclusive create instead: never an overwrite, though a power cut may leave it short.
    """
    data = text.encode("utf-8")
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    try:
        _write_synced(temporary, data, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        try:
            os.link(temporary, path)
        except FileExistsError:
            return False
        except OSError as error:
            if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS):
                raise
            try:
                _write_synced(path, data, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            except FileExistsError:
                return False
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
    _fsync_dir(path.parent)
    return True


def _write_synced(path: Path, data: bytes, flags: int) -> None:
    descriptor = os.open(path, flags, 0o644)
    try:
        os.write(descriptor, data)
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _fsync_dir(directory: Path) -> None:
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass  # some file systems (network shares) cannot sync a folder; the file itself is synced
    finally:
        os.close(descriptor)


def replace_private(path: Path, text: str) -> None:
    """Replace ``path`` atomically with a file only its owner can read or write."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    try:
        _write_synced(temporary, text.encode("utf-8"), os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        os.chmod(temporary, 0o600)  # the umask may have narrowed it further, never widened
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
    _fsync_dir(path.parent)
