"""Plaintext that readers need as a file, kept in memory rather than on the archive's disk.

A file being ingested into an encrypted archive must be read by format parsers that want a path,
and containers unpack into a folder. Both get a folder on a RAM-backed file system (tmpfs): an
anonymous memfd would do for the first, but its /proc path does not survive the ``resolve()``
some parsers (PDFium) call. Memory can still be written to swap: the security notes say to
encrypt swap.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Final

from docket.errors import DocketError

_RAM_FILE_SYSTEMS: Final = frozenset({"tmpfs", "ramfs"})
_FOLDER_MODE: Final = 0o700


class PlainCopy:
    """Plaintext in a file of a RAM-backed folder, removed on ``close``; its name starts with
    the pid, so leftovers of a process that died can be told and removed."""

    def __init__(self, path: Path, descriptor: int) -> None:
        self.path = path
        self.descriptor: int | None = descriptor

    @classmethod
    def new(cls, folder: Path) -> PlainCopy:
        path = folder / f"{os.getpid()}-plain-{os.urandom(8).hex()}"
        return cls(path, os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))

    def write(self, data: bytes) -> None:
        assert self.descriptor is not None
        view = memoryview(data)
        while view:
            view = view[os.write(self.descriptor, view) :]

    def close(self) -> None:
        if self.descriptor is not None:
            os.close(self.descriptor)
            self.descriptor = None
            self.path.unlink(missing_ok=True)


def ram_folder() -> Path:
    """This user's private folder on a RAM-backed file system (made 0700)."""
    candidates = [os.environ.get("XDG_RUNTIME_DIR", ""), "/dev/shm", "/run/shm"]  # noqa: S108
    mounts = _ram_mounts()
    for candidate in filter(None, candidates):
        place = Path(candidate)
        if place.is_dir() and _on_ram(place.resolve(), mounts):
            folder = place / f"docket-{os.getuid()}"
            folder.mkdir(mode=_FOLDER_MODE, exist_ok=True)
            if folder.is_symlink() or folder.stat().st_uid != os.getuid():
                raise DocketError(f"{folder} belongs to someone else; remove it and retry")
            folder.chmod(_FOLDER_MODE)
            return folder
    raise DocketError(
        "an encrypted archive unpacks containers and uploads in memory, but no RAM-backed "
        "folder was found: mount a tmpfs at /dev/shm or set XDG_RUNTIME_DIR to one"
    )


def _ram_mounts() -> dict[str, str]:
    """Every mount point and its file system type."""
    try:
        lines = Path("/proc/self/mounts").read_text(encoding="utf-8").splitlines()
    except OSError:
        return {}
    mounts = {}
    for line in lines:
        fields = line.split()
        if len(fields) >= 3:
            mounts[fields[1].replace("\\040", " ")] = fields[2]
    return mounts


def _on_ram(path: Path, mounts: dict[str, str]) -> bool:
    """Whether the innermost mount holding ``path`` is RAM-backed."""
    best = ""
    for point in mounts:
        if (str(path) == point or str(path).startswith(point.rstrip("/") + "/")) and len(
            point
        ) > len(best):
            best = point
    return mounts.get(best) in _RAM_FILE_SYSTEMS


def keep_temporaries_in_memory() -> Path:
    """Point this process's temporary files, and its children's, at a RAM-backed folder.

    Readers write what they read to temporary files of their own (Tesseract gets each image as
    one; the web app builds downloads in one): for an encrypted archive those must not land on a
    disk.
    """
    folder = ram_folder() / "tmp"
    folder.mkdir(mode=_FOLDER_MODE, exist_ok=True)
    os.environ["TMPDIR"] = str(folder)
    tempfile.tempdir = str(folder)
    return folder
