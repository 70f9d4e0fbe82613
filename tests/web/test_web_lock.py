""" "Lock the archive now", for admins: the other processes that have the archive open are asked
to stop, and the server stops itself once it has answered (CSRF-protected, confirmed)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from web_support import page_csrf

from docket.archive import Archive
from docket.safekeeping import lockdown

Client = Callable[[str], TestClient]
LOCK = "/admin/backups/lock"
HOLD = (
    "import sys, time; from pathlib import Path; from docket.evidence import folder_lock; "
    "folder_lock.shared(Path(sys.argv[1])); time.sleep(600)"
)
# Starts the holder and leaves at once: the holder is then no child of this test's process,
# as a `docket backup --every` started from another terminal is none of the server's.
START_APART = (
    "import subprocess, sys; "
    "holder = subprocess.Popen([sys.executable, '-c', sys.argv[1], sys.argv[2]], "
    "stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True); "
    "print(holder.pid)"
)


@pytest.fixture
def stops(app: FastAPI) -> list[str]:
    """Each time the server would have stopped itself."""
    stopped: list[str] = []
    app.state.workspace.stop_server = lambda: stopped.append("stopped")
    return stopped


def _holding(home: Path) -> set[int]:
    return {process.pid for process in lockdown.holders(home)}


def _patiently(condition: Callable[[], bool]) -> bool:
    """The patience only keeps a broken test from hanging the suite; it measures nothing."""
    deadline = time.monotonic() + 60
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


@pytest.fixture
def other_holder(archive: Archive) -> Iterator[int]:
    """Another process of this user that has the archive open."""
    home = archive.settings.home
    started = subprocess.run(
        [sys.executable, "-c", START_APART, HOLD, str(home)],
        capture_output=True,
        text=True,
        check=True,
    )
    pid = int(started.stdout)
    assert _patiently(lambda: pid in _holding(home))
    yield pid
    if pid in _holding(home):
        os.kill(pid, signal.SIGKILL)


@pytest.mark.parametrize("role", ["editor", "analyst", "viewer"])
def test_only_admins_may_lock(role: str, client_as: Client, stops: list[str]) -> None:
    client = client_as(role)
    form = {"csrf_token": page_csrf(client), "confirm": "yes"}
    assert client.post(LOCK, data=form).status_code == 403
    assert stops == []


def test_a_lock_without_the_csrf_token_or_the_confirmation_stops_nothing(
    archive: Archive, client_as: Client, stops: list[str], other_holder: int
) -> None:
    admin = client_as("admin")
    assert admin.post(LOCK, data={"confirm": "yes"}).status_code == 403
    assert admin.post(LOCK, data={"confirm": "yes", "csrf_token": "forged"}).status_code == 403
    unconfirmed = admin.post(LOCK, data={"csrf_token": page_csrf(admin)})
    assert unconfirmed.status_code == 400
    assert "Tick the box to confirm" in unconfirmed.text
    assert stops == []
    assert other_holder in _holding(archive.settings.home)


def test_an_admin_locks_the_archive_the_others_are_asked_and_the_server_stops(
    archive: Archive, client_as: Client, stops: list[str], other_holder: int
) -> None:
    admin = client_as("admin")
    page = admin.get("/admin/backups")
    assert "Lock the archive now" in page.text
    assert 'action="/admin/backups/lock"' in page.text

    answer = admin.post(LOCK, data={"csrf_token": page_csrf(admin), "confirm": "yes"})

    assert answer.status_code == 200
    assert "The archive is locked" in answer.text
    assert "The server has stopped" in answer.text
    assert "asked to stop: 1." in answer.text
    assert "not encrypted" in answer.text  # the suite's archive is plain
    assert stops == ["stopped"]
    assert _patiently(lambda: other_holder not in _holding(archive.settings.home))
