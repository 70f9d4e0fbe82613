"""Who has an archive open: a lock on ``docket.lock`` in its folder.

Every process that opens the archive holds the lock shared for as long as it is open; a
conversion that rewrites the database and the blob store under everyone (``docket encrypt``)
holds it alone. ``flock`` locks vanish with the process that held them, so a process killed
with the archive open leaves nothing to clean up.

A lock belongs to an open file, not to a process: a second opening in the same process would
see its own shared lock as another process's. Openings in one process therefore share one
file and count themselves.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from docket.errors import ArchiveBusy

LOCK_FILE: Final = "docket.lock"


@dataclass
class _Held:
    descriptor: int
    exclusive: bool
    count: int


_held: dict[Path, _Held] = {}
_guard = threading.Lock()


def lock_path(home: Path) -> Path:
    return home / LOCK_FILE


class Lease:
    """A shared hold on the archive in ``home``, given back by ``release`` (once); none for an
    archive on a medium this user cannot write to, which nothing can convert either."""

    def __init__(self, home: Path | None) -> None:
        self._key = _key(home) if home is not None else None
        self._released = home is None

    def release(self) -> None:
        with _guard:
            if self._released:
                return
            self._released = True
            if self._key is not None:
                _give_back(self._key)


def shared(home: Path) -> Lease:
    """Hold the archive in ``home`` open; ``ArchiveBusy`` while another process converts it."""
    key = _key(home)
    with _guard:
        held = _held.get(key)
        if held is not None:
            held.count += 1
            return Lease(home)
        try:
            descriptor = _take(key, fcntl.LOCK_SH, _converting(home))
        except OSError as error:
            if error.errno in (errno.EACCES, errno.EROFS, errno.EPERM):
                return Lease(None)
            raise
        _held[key] = _Held(descriptor, exclusive=False, count=1)
    return Lease(home)


def inherited_hold(home: Path) -> int | None:
    """A descriptor holding the archive in ``home`` open, as :func:`shared` does, that a
    program this process is replaced with (``exec``) keeps: while it lives, it counts as one
    of the archive's holders (``docket lock`` finds it and stops it). None for an archive on a
    medium this user cannot write to."""
    try:
        descriptor = _take(_key(home), fcntl.LOCK_SH, _converting(home))
    except OSError as error:
        if error.errno in (errno.EACCES, errno.EROFS, errno.EPERM):
            return None
        raise
    os.set_inheritable(descriptor, True)
    return descriptor


@contextlib.contextmanager
def exclusive(home: Path) -> Iterator[None]:
    """Hold the archive in ``home`` alone while the block runs; ``ArchiveBusy``, before
    anything is done, when any other opening (another process, or this one) holds it."""
    key = _key(home)
    with _guard:
        held = _held.get(key)
        if held is not None and held.exclusive:
            held.count += 1
        elif held is not None:
            raise ArchiveBusy(f"the archive in {home} is open in this process; close it first")
        else:
            busy = (
                f"another Docket process has the archive in {home} open (docket serve, a "
                "backup, an ingest…): stop it, then run this again"
            )
            _held[key] = _Held(_take(key, fcntl.LOCK_EX, busy), exclusive=True, count=1)
    try:
        yield
    finally:
        with _guard:
            _give_back(key)


def _give_back(key: Path) -> None:
    held = _held[key]
    held.count -= 1
    if held.count == 0:
        del _held[key]
        os.close(held.descriptor)  # closing the last descriptor releases the lock


def _converting(home: Path) -> str:
    return (
        f"the archive in {home} is being converted by `docket encrypt` in another process; "
        "wait until it finishes"
    )


def _key(home: Path) -> Path:
    return lock_path(home.resolve())


def _take(path: Path, operation: int, busy: str) -> int:
    """The lock file at ``path``, opened and locked (``operation``) without waiting; its
    descriptor, which holds the lock until it is closed. ``ArchiveBusy(busy)`` when taken."""
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        fcntl.flock(descriptor, operation | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(descriptor)
        raise ArchiveBusy(busy) from None
    return descriptor


@contextlib.contextmanager
def one_at_a_time(path: Path, busy: str) -> Iterator[None]:
    """Run the block only while no other process or thread runs one under the same ``path``
    (a lock file); ``ArchiveBusy(busy)`` at once otherwise."""
    descriptor = _take(path, fcntl.LOCK_EX, busy)
    try:
        yield
    finally:
        os.close(descriptor)


@contextlib.contextmanager
def if_free(path: Path) -> Iterator[bool]:
    """Run the block holding ``path``'s lock and told True; told False, without it, while
    another process or thread holds it (no waiting either way)."""
    try:
        descriptor = _take(path, fcntl.LOCK_EX, "")
    except ArchiveBusy:
        yield False
        return
    try:
        yield True
    finally:
        os.close(descriptor)
