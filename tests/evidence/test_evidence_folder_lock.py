"""The archive lock within one process: openings count themselves, and encrypting needs none."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from docket.errors import ArchiveBusy
from docket.evidence import folder_lock


def test_openings_in_one_process_share_one_hold(tmp_path: Path) -> None:
    first, second = folder_lock.shared(tmp_path), folder_lock.shared(tmp_path)
    first.release()
    first.release()  # once only: the second opening still holds it
    with pytest.raises(ArchiveBusy, match="open in this process"):
        folder_lock.exclusive(tmp_path).__enter__()
    second.release()
    with folder_lock.exclusive(tmp_path):
        # What runs alone may open the archive itself, and run alone again inside.
        folder_lock.shared(tmp_path).release()
        with folder_lock.exclusive(tmp_path):
            pass
    folder_lock.shared(tmp_path).release()


def test_an_archive_on_a_medium_that_cannot_be_written_opens_without_a_hold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(*_: object) -> int:
        raise PermissionError(errno.EROFS, "read-only file system")

    monkeypatch.setattr(os, "open", refused)
    lease = folder_lock.shared(tmp_path)
    lease.release()
    assert not (tmp_path / folder_lock.LOCK_FILE).exists()


def test_one_at_a_time_refuses_a_second_holder(tmp_path: Path) -> None:
    lock = tmp_path / "backup.lock"
    with folder_lock.one_at_a_time(lock, "busy"), pytest.raises(ArchiveBusy, match="busy"):
        _hold(lock)
    _hold(lock)


def _hold(lock: Path) -> None:
    with folder_lock.one_at_a_time(lock, "busy"):
        pass
