"""``docket lock``: stop every process that has the archive open, so its key leaves memory.

There is no unlock cache: an encrypted archive's key lives only in the memory of the processes
that opened it (``docket serve``, ``backup --every``, a long ingest…). Locking the archive is
stopping them, now: each is asked (SIGTERM) and, if it has not gone when the wait is over, killed
(SIGKILL). What a holder started (restic making a backup, Tesseract) may hold what the key
derived, so it is stopped too.

The holders are found through the kernel, not through a list the processes keep: every process
with the archive open holds an ``flock`` on ``docket.lock`` (``docket.evidence.folder_lock``),
and the kernel forgets that lock with the process, ``kill -9`` included. A list of pids written
by the processes would outlive a killed one, and its pid, once reused, would name an innocent
process. Two views of the kernel are read: ``/proc/locks`` names the process that took each lock,
even one of another user, but not a process that inherited the open file; the descriptors under
``/proc/PID/fd`` show every process of this user that has the lock file open. Each process is
then held by a pidfd, so a pid reused while we wait is never signalled.
"""

from __future__ import annotations

import contextlib
import errno
import os
import select
import signal
import stat
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Literal

from docket.errors import ArchiveNotFound, DocketError
from docket.evidence import folder_lock
from docket.kernel import KEYS_DIR
from docket.vault import header

PROC: Final = Path("/proc")
# How long a killed process may take to be gone before it is reported as not stopped.
_KILLED_WITHIN: Final = 2.0
_POLL: Final = 0.05

How = Literal["stopped", "killed"]


@dataclass(frozen=True)
class Process:
    pid: int
    command: str


@dataclass(frozen=True)
class Stopped:
    process: Process
    # "killed" when it did not stop within the wait and SIGKILL ended it.
    how: How


@dataclass(frozen=True)
class Refused:
    process: Process
    reason: str


@dataclass(frozen=True)
class Locked:
    home: Path
    encrypted: bool
    stopped: list[Stopped] = field(default_factory=list)
    # Processes that could not be stopped: they may still hold the key.
    refused: list[Refused] = field(default_factory=list)


Report = Callable[[Stopped | Refused], None]


def lock(home: Path, wait: float, report: Report | None = None) -> Locked:
    """Stop every process that has the archive in ``home`` open, and what they started: asked
    first, killed when they have not gone after ``wait`` seconds. Each process is given to
    ``report`` as it goes."""
    _require_archive(home)
    say = report or (lambda _outcome: None)
    locked = Locked(home, header.is_encrypted(home))

    def settle(outcome: Stopped | Refused) -> None:
        if isinstance(outcome, Stopped):
            locked.stopped.append(outcome)
        else:
            locked.refused.append(outcome)
        say(outcome)

    deadline = time.monotonic() + wait
    with _held(holders(home), spare=None) as (first, followers):
        for target in first:
            target.ask(settle)
        # The holders their parents stop are waited for too, and killed with the rest.
        _wait_for([*(t for t in first if t.asked), *followers], deadline, settle)
    seen = {o.process.pid for o in locked.stopped} | {o.process.pid for o in locked.refused}
    for pid in sorted(_holding_pids(home) - seen):
        settle(Refused(_process(pid), "it opened the archive while the others were stopped"))
    return locked


def ask_to_stop(home: Path, spare: int) -> list[Process]:
    """Ask (SIGTERM) every process that has the archive in ``home`` open to stop, and what they
    started, but ``spare`` and its own: a server that locks the archive from a request asks the
    others, answers, then stops itself. Nothing is waited for or killed; the processes asked."""
    _require_archive(home)
    asked: list[Process] = []
    with _held(holders(home), spare=spare) as (first, _followers):
        for target in first:
            target.ask(lambda _outcome: None)
            if target.asked:
                asked.append(target.process)
    return asked


def holders(home: Path) -> list[Process]:
    """The processes that have the archive in ``home`` open (this one is not counted)."""
    return [_process(pid) for pid in sorted(_holding_pids(home))]


def _require_archive(home: Path) -> None:
    try:
        keys = os.stat(home / KEYS_DIR)
    except PermissionError:
        raise _closed(home) from None
    except OSError:
        raise ArchiveNotFound(f"no archive in {home}: it has no {KEYS_DIR} folder") from None
    if not stat.S_ISDIR(keys.st_mode):
        raise ArchiveNotFound(f"no archive in {home}: it has no {KEYS_DIR} folder")
    if not (PROC / "locks").is_file():
        raise DocketError(
            "docket lock finds the processes through /proc, which this system does not have: "
            "stop the Docket processes yourself"
        )


def _holding_pids(home: Path) -> set[int]:
    try:
        lock_file = os.stat(folder_lock.lock_path(home.resolve()))
    except FileNotFoundError:
        return set()  # never opened since it was made, or by a Docket without the lock
    except PermissionError:
        # Closed to this user after the check: an opening makes the folder owner-only.
        raise _closed(home) from None
    found = _lockers(lock_file) | _openers(lock_file)
    found.discard(os.getpid())
    return found


def _closed(home: Path) -> DocketError:
    return DocketError(
        f"cannot look into the archive in {home}: its folder is closed to this user; "
        "run docket lock as the user who runs Docket, or as root"
    )


def _lockers(lock_file: os.stat_result) -> set[int]:
    """Pids ``/proc/locks`` gives for locks on the lock file; 0 (the locker has gone, a
    process it forked holds on) is left to :func:`_openers`."""
    device = (os.major(lock_file.st_dev), os.minor(lock_file.st_dev))
    found: set[int] = set()
    for line in (PROC / "locks").read_text(encoding="ascii", errors="replace").splitlines():
        # "1: FLOCK  ADVISORY  READ 8278 fe:00:16039944 0 EOF"; a waiter's line has "->".
        fields = [word for word in line.split() if word != "->"]
        if len(fields) < 6 or fields[1] != "FLOCK":
            continue
        parts = fields[5].split(":")
        try:
            pid = int(fields[4])
            where = (int(parts[0], 16), int(parts[1], 16), int(parts[2]))
        except (ValueError, IndexError):
            continue
        if pid > 0 and where == (*device, lock_file.st_ino):
            found.add(pid)
    return found


def _openers(lock_file: os.stat_result) -> set[int]:
    found: set[int] = set()
    for pid in _pids():
        with contextlib.suppress(OSError), os.scandir(PROC / str(pid) / "fd") as descriptors:
            # OSError: another user's process, or one gone while we look.
            for descriptor in descriptors:
                with contextlib.suppress(OSError):
                    opened = os.stat(descriptor.path)
                    if (opened.st_dev, opened.st_ino) == (lock_file.st_dev, lock_file.st_ino):
                        found.add(pid)
                        break
    return found


def _pids() -> list[int]:
    with os.scandir(PROC) as entries:
        return [int(entry.name) for entry in entries if entry.name.isdigit()]


def _process(pid: int) -> Process:
    try:
        raw = (PROC / str(pid) / "cmdline").read_bytes()
    except OSError:
        raw = b""
    words = [word.decode("utf-8", "replace") for word in raw.split(b"\0") if word]
    return Process(pid, _shown(words) or "(unknown command)")


_DOCKET_MODULES: Final = ("docket", "docket.supervisor")


def _shown(words: list[str]) -> str:
    """A command as a person would type it: ``python -m docket serve`` and the ``docket``
    script both show as ``docket serve``."""
    for start, word in enumerate(words):
        # The supervisor of several web workers carries on ``docket serve``'s words.
        if word == "-m" and start + 1 < len(words) and words[start + 1] in _DOCKET_MODULES:
            return " ".join(["docket", *words[start + 2 :]])
        if Path(word).name == "docket":
            return " ".join(["docket", *words[start + 1 :]])
    return " ".join(words)


def _parents() -> dict[int, int]:
    parents: dict[int, int] = {}
    for pid in _pids():
        with contextlib.suppress(OSError, ValueError, IndexError):
            stat = (PROC / str(pid) / "stat").read_text(encoding="utf-8", errors="replace")
            # "pid (name) state ppid …": the name may hold spaces and parentheses.
            parents[pid] = int(stat[stat.rindex(")") + 2 :].split()[1])
    return parents


class _Target:
    """One process to stop, held by a pidfd from the moment it was found."""

    def __init__(self, process: Process, *, left_to_parent: bool) -> None:
        self.process = process
        self.left_to_parent = left_to_parent
        self.asked = False
        self.done = False
        self._descriptor: int | None = None
        with contextlib.suppress(OSError):
            self._descriptor = os.pidfd_open(process.pid)

    def ask(self, settle: Report) -> None:
        self._signal(signal.SIGTERM, settle)
        self.asked = not self.done

    def kill(self, settle: Report) -> None:
        self._signal(signal.SIGKILL, settle)

    def gone(self) -> bool:
        if self._descriptor is not None:
            # A pidfd reads ready once its process has exited, reaped or not.
            return bool(select.select([self._descriptor], [], [], 0)[0])
        try:
            stat = (PROC / str(self.process.pid) / "stat").read_text(encoding="utf-8")
        except OSError:
            return True
        return stat[stat.rindex(")") + 2] in "ZX"

    def close(self) -> None:
        if self._descriptor is not None:
            os.close(self._descriptor)
            self._descriptor = None

    def _signal(self, number: int, settle: Report) -> None:
        if self.done:
            return
        try:
            if self._descriptor is not None:
                signal.pidfd_send_signal(self._descriptor, number)
            else:
                os.kill(self.process.pid, number)
        except ProcessLookupError:
            self.done = True
            settle(Stopped(self.process, "stopped"))
        except PermissionError:
            self.done = True
            settle(Refused(self.process, "it belongs to another user"))
        except OSError as error:
            if error.errno != errno.ESRCH:
                raise
            self.done = True
            settle(Stopped(self.process, "stopped"))


def _wait_for(targets: list[_Target], deadline: float, settle: Report) -> None:
    """Wait until ``deadline`` (monotonic) for ``targets`` to exit, then kill what remains."""
    waiting = [target for target in targets if not target.done]
    while waiting:
        for target in waiting:
            if target.gone():
                target.done = True
                settle(Stopped(target.process, "stopped"))
        waiting = [target for target in waiting if not target.done]
        if not waiting or time.monotonic() >= deadline:
            break
        time.sleep(_POLL)
    for target in waiting:
        target.kill(settle)
        killed_by = time.monotonic() + _KILLED_WITHIN
        while not target.done and not target.gone() and time.monotonic() < killed_by:
            time.sleep(_POLL)
        if not target.done:
            target.done = True
            if target.gone():
                settle(Stopped(target.process, "killed"))
            else:  # stuck in the kernel (a dead network disk): it may hold the key still
                settle(Refused(target.process, "it did not end even when killed"))


@contextlib.contextmanager
def _held(found: list[Process], spare: int | None) -> Iterator[tuple[list[_Target], list[_Target]]]:
    """The processes to ask, and the holders their parents stop, each held by a pidfd until the
    block ends; ``spare`` and what it started are left out."""
    parents = _parents()
    holding = {process.pid for process in found}

    def ancestors(pid: int) -> Iterator[int]:
        seen: set[int] = set()
        while pid in parents and pid not in seen:
            seen.add(pid)
            pid = parents[pid]
            yield pid

    # A holder started by another holder (a server's web workers) is left to its parent:
    # uvicorn starts a worker again that died under a live parent. What a holder started that
    # does not hold the archive (restic, Tesseract) is asked at once. What ``spare`` started is
    # left to it.
    under_holder = {pid for pid in parents if any(a in holding for a in ancestors(pid))}
    started = [
        _Target(_process(pid), left_to_parent=pid in holding)
        for pid in sorted(under_holder)
        if pid != spare and pid != os.getpid()
    ]
    first = [
        _Target(process, left_to_parent=False)
        for process in found
        if process.pid != spare and process.pid not in under_holder
    ] + [target for target in started if not target.left_to_parent]
    followers = [target for target in started if target.left_to_parent]
    try:
        yield first, followers
    finally:
        for target in (*first, *followers):
            target.close()


__all__ = ["Locked", "Process", "Refused", "Stopped", "ask_to_stop", "holders", "lock"]
