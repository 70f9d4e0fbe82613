"""Content-addressed, write-once storage of originals and working copies.

A blob is stored under its SHA-256. It is written to a temporary file, fsynced, renamed into place
atomically and made read-only, so a crash at any moment leaves either no blob or a complete one.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import io
import os
import re
import shutil
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from docket.errors import DocketError, TooLarge

CHUNK = 1 << 20
_SHA256 = re.compile(r"[0-9a-f]{64}")


class StorageFull(DocketError):
    """The disk holding the archive is full."""


@dataclass(frozen=True)
class StoredBlob:
    sha256: str
    size: int
    path: Path


class BlobStore:
    """Blobs live at ``root/ab/cd/abcd…``; temporary files under ``root/tmp``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.tmp = root / "tmp"

    def create(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        self.tmp.mkdir(exist_ok=True)

    def path_of(self, sha256: str) -> Path:
        if not _SHA256.fullmatch(sha256):
            raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def exists(self, sha256: str) -> bool:
        return self.path_of(sha256).is_file()

    def put_file(self, source: Path, max_size: int | None = None) -> StoredBlob:
        """Copy ``source`` into the store without following a symlink at its last component."""
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(source, flags)
        with os.fdopen(fd, "rb") as stream:
            return self.put_stream(stream, max_size=max_size)

    def put_bytes(self, data: bytes) -> StoredBlob:
        return self.put_stream(io.BytesIO(data))

    def put_stream(self, stream: BinaryIO, max_size: int | None = None) -> StoredBlob:
        digest = hashlib.sha256()
        size = 0
        tmp_path = self.tmp / f"{os.getpid()}-{os.urandom(8).hex()}"
        try:
            with open(tmp_path, "xb") as out:
                while chunk := stream.read(CHUNK):
                    size += len(chunk)
                    if max_size is not None and size > max_size:
                        raise TooLarge(f"larger than the limit of {max_size:,} bytes")
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            sha256 = digest.hexdigest()
            final = self.path_of(sha256)
            if final.is_file():
                return StoredBlob(sha256, size, final)
            final.parent.mkdir(parents=True, exist_ok=True)
            os.chmod(tmp_path, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
            os.replace(tmp_path, final)
            _fsync_dir(final.parent)
            return StoredBlob(sha256, size, final)
        except OSError as error:
            if error.errno == errno.ENOSPC:
                raise StorageFull(
                    "the disk holding the archive is full; free space and retry"
                ) from None
            raise
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp_path.unlink()

    def open(self, sha256: str) -> BinaryIO:
        return open(self.path_of(sha256), "rb")

    def read_text(self, sha256: str) -> str:
        return self.path_of(sha256).read_bytes().decode("utf-8")

    def rehash(self, sha256: str) -> tuple[str, int] | None:
        """The actual SHA-256 and size of the stored blob, or None when it is missing."""
        try:
            with open(self.path_of(sha256), "rb") as stream:
                digest = hashlib.file_digest(stream, "sha256")
                return digest.hexdigest(), stream.tell()
        except FileNotFoundError:
            return None

    def remove_stale_temporaries(self) -> None:
        """Delete temporary files left by processes that no longer run (a crash mid-write)."""
        for leftover in self._temporaries():
            pid = leftover.name.split("-", 1)[0]
            if pid.isdigit() and not _process_alive(int(pid)):
                if leftover.is_dir():
                    shutil.rmtree(leftover, ignore_errors=True)
                else:
                    with contextlib.suppress(FileNotFoundError):
                        leftover.unlink()

    def workspace(self) -> Path:
        """A private scratch folder on the archive's disk, removed by the caller when done."""
        self.tmp.mkdir(parents=True, exist_ok=True)
        path = self.tmp / f"{os.getpid()}-work-{os.urandom(8).hex()}"
        path.mkdir(mode=0o700)
        return path

    def _temporaries(self) -> Iterator[Path]:
        if self.tmp.is_dir():
            yield from self.tmp.iterdir()


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
