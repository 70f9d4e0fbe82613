"""``docket lock``: every process that has the archive open is stopped (asked, then killed), so
the key leaves memory; the archive then opens only with its key again, and nothing is lost."""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyotp
import pytest
from typer.testing import CliRunner, Result

from docket.archive import Archive
from docket.cli.app import app
from docket.cli.context import EXIT_TERMINATED
from docket.config import Settings
from docket.safekeeping import lockdown
from tests.conftest import new_database
from tests.web.web_support import add_person, csrf_of

EDITOR_PASSWORD = "a long enough password for the test"
NOBODY = 65534


def _docket(env: dict[str, str], *args: str, code: int | None = 0, input: str = "") -> Result:
    result = CliRunner().invoke(app, list(args), env=env, catch_exceptions=False, input=input)
    if code is not None:
        assert result.exit_code == code, result.output
    return result


def _start(env: dict[str, str], *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "docket", *args],
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        # Its own group, so a test that fails leaves nothing running: restic included.
        start_new_session=True,
    )


def _end(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate()


def _lock(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """``docket lock`` as a user runs it: another process, the real entry point."""
    return subprocess.run(
        [sys.executable, "-m", "docket", "lock", *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _answers(port: int) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", "/login")
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


def _until(condition: object, what: str, processes: list[subprocess.Popen[bytes]]) -> None:
    """Wait for ``condition()``; the patience only keeps a broken start from hanging the
    suite, it measures nothing."""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        for process in processes:
            if process.poll() is not None:
                _, errors = process.communicate()
                pytest.fail(f"{process.args} exited with {process.returncode}: {errors!r}")
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.2)
    pytest.fail(f"waited 90 s for {what}")


def _holding(home: Path) -> set[int]:
    return {process.pid for process in lockdown.holders(home)}


def _encrypted(tmp_path: Path) -> dict[str, str]:
    env = {
        "DOCKET_HOME": str(tmp_path / "archive"),
        "DOCKET_ACTOR": "tester",
        "DOCKET_KEY": base64.b64encode(os.urandom(32)).decode("ascii"),
    }
    _docket(env, "init", "--encrypt")
    return env


def _without_key(env: dict[str, str]) -> dict[str, str]:
    return {name: value for name, value in env.items() if name != "DOCKET_KEY"}


def _closed_to_commands_without_the_key(env: dict[str, str]) -> None:
    refused = _docket(_without_key(env), "verify", code=2)
    assert refused.stdout == ""
    assert len(refused.stderr.strip().splitlines()) == 1, refused.stderr
    assert "DOCKET_KEY" in refused.stderr
    assert "Intact" in _docket(env, "verify").stdout


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2])
def test_lock_stops_the_server_and_the_backups_and_the_archive_stays_closed(
    tmp_path: Path, workers: int
) -> None:
    env = _encrypted(tmp_path)
    home = Path(env["DOCKET_HOME"])
    _docket(env, "user", "add", "aida", "--role", "editor", "--password-stdin",
            input=EDITOR_PASSWORD + "\n")  # fmt: skip
    port = _free_port()
    server = _start(env, "serve", "--port", str(port), "--workers", str(workers))
    backups = _start(env, "backup", str(tmp_path / "repository"), "--every", "1h")
    started = [server, backups]
    try:
        _until(lambda: _answers(port), "docket serve to answer", started)
        _until(lambda: {server.pid, backups.pid} <= _holding(home), "both to open it", started)

        locked = _lock(env, "--wait", "60")

        assert locked.returncode == 0, locked.stderr
        lines = locked.stdout.splitlines()
        assert f"Stopped {server.pid} (docket serve --port {port} --workers {workers})." in lines
        assert any(line.startswith(f"Stopped {backups.pid} (docket backup ") for line in lines)
        assert lines[-1].startswith(f"Locked {home}: ")
        # Asked, they stopped on their own (SIGTERM), closing the archive on the way out; the
        # parent of several web workers stops them, then returns.
        assert server.wait(timeout=10) == (EXIT_TERMINATED if workers == 1 else 0)
        assert backups.wait(timeout=10) == EXIT_TERMINATED
    finally:
        for process in started:
            _end(process)
    assert _holding(home) == set()
    _closed_to_commands_without_the_key(env)


@pytest.mark.slow
def test_a_process_killed_in_the_middle_of_an_ingest_leaves_an_archive_that_verifies(
    tmp_path: Path,
) -> None:
    env = _encrypted(tmp_path)
    home = Path(env["DOCKET_HOME"])
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    # Far more than it can read before it is stopped, however fast the machine.
    for n in range(20_000):
        (incoming / f"note-{n}.txt").write_text(f"Statement {n} of a witness to the raid. " * 20)
    ingest = _start(env, "ingest", str(incoming))
    try:
        _until(lambda: ingest.pid in _holding(home), "the ingest to open it", [ingest])
        time.sleep(2.0)  # into the writing: the whole ingest takes many times longer

        locked = _lock(env, "--wait", "0")

        assert locked.returncode == 0, locked.stderr
        assert f"{ingest.pid} (docket ingest {incoming})" in locked.stdout
        # Stopped before it was done: by its own hand or killed, the archive must survive both.
        assert ingest.wait(timeout=10) in (EXIT_TERMINATED, -signal.SIGKILL)
    finally:
        _end(ingest)
    assert _holding(home) == set()
    _closed_to_commands_without_the_key(env)


def test_a_lock_with_no_process_running_says_so(tmp_path: Path) -> None:
    env = _encrypted(tmp_path)
    result = _docket(_without_key(env), "lock")
    assert result.stdout.strip() == (
        f"No process has the archive in {env['DOCKET_HOME']} open: its key is in no memory."
    )


def test_a_folder_that_holds_no_archive_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    for folder in (tmp_path / "empty", tmp_path / "missing"):
        result = _docket({"DOCKET_ACTOR": "tester"}, "lock", "--archive", str(folder), code=2)
        assert result.stderr.strip() == f"error: no archive in {folder}: it has no keys folder"


@pytest.fixture
def postgres_url(tmp_path: Path) -> Iterator[str]:
    with new_database("postgresql", tmp_path) as url:
        yield url


@pytest.mark.postgres
@pytest.mark.slow
def test_a_plain_archive_is_said_to_gain_nothing_at_rest_but_its_worker_is_stopped(
    tmp_path: Path, postgres_url: str
) -> None:
    env = {
        "DOCKET_HOME": str(tmp_path / "archive"),
        "DOCKET_DATABASE_URL": postgres_url,
        "DOCKET_ACTOR": "tester",
    }
    _docket(env, "init")
    home = Path(env["DOCKET_HOME"])
    worker = _start(env, "worker")
    try:
        _until(lambda: worker.pid in _holding(home), "the worker to open it", [worker])

        locked = _lock(env)

        assert locked.returncode == 0, locked.stderr
        assert f"Stopped {worker.pid} (docket worker)." in locked.stdout.splitlines()
        assert "is not encrypted" in locked.stdout
        assert "protects nothing at rest" in locked.stdout
        # Stopped cleanly by its own hand, not killed: the job queue's graceful stop, status 0.
        assert worker.wait(timeout=10) == 0
    finally:
        _end(worker)
    assert _holding(home) == set()


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder another user may pass through (tmp_path's parents are root's alone)."""
    # Under /tmp, which every user may pass through whatever the suite's own temporary folder is.
    folder = Path(tempfile.mkdtemp(prefix="docket-lock-", dir="/tmp"))
    folder.chmod(0o711)
    yield folder
    shutil.rmtree(folder)


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to act as another user")
def test_a_process_of_another_user_is_one_line_and_a_failure(shared_folder: Path) -> None:
    env = _encrypted(shared_folder)
    home = Path(env["DOCKET_HOME"])
    holder = _start(env, "backup", str(shared_folder / "repository"), "--every", "1h")
    try:
        _until(lambda: holder.pid in _holding(home), "the backups to open it", [holder])
        snapshots = shared_folder / "repository" / "snapshots"
        _until(lambda: any(snapshots.glob("*")), "the first snapshot", [holder])
        # After the first snapshot, whose opening of the archive makes the folder its owner's
        # alone; the next is an hour away.
        home.chmod(0o711)
        said = _lock_as_nobody(home)
        assert holder.poll() is None  # untouched
    finally:
        _end(holder)
    code, *lines = said.splitlines()
    assert code == "1", said
    assert f"cannot stop {holder.pid} (docket backup " in said
    assert any(line.endswith("): it belongs to another user") for line in lines), said
    assert "could not be stopped and may still hold the key" in said


def _lock_as_nobody(home: Path) -> str:
    """``docket lock`` run by another user: its exit status, then what it printed."""
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover -- reports through the pipe
        os.close(read)
        status = 3
        try:
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            result = CliRunner().invoke(app, ["lock", "--archive", str(home), "--wait", "1"])
            unexpected = not isinstance(result.exception, SystemExit | None)
            failure = repr(result.exception) if unexpected else ""
            os.write(write, f"{result.exit_code}\n{result.output}{failure}".encode())
            status = 0
        finally:
            os._exit(status)
    os.close(write)
    with os.fdopen(read, encoding="utf-8") as answer:
        said = answer.read()
    assert os.waitpid(child, 0)[1] == 0
    return said


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to act as another user")
def test_an_archive_folder_closed_to_the_user_is_one_line(shared_folder: Path) -> None:
    env = _encrypted(shared_folder)
    home = Path(env["DOCKET_HOME"])
    home.chmod(0o700)
    code, *lines = _lock_as_nobody(home).splitlines()
    assert code == "2"
    assert lines == [
        f"error: cannot look into the archive in {home}: its folder is closed to this user; "
        "run docket lock as the user who runs Docket, or as root"
    ]


@pytest.mark.slow
def test_the_lock_button_stops_a_real_server(tmp_path: Path) -> None:
    env = _encrypted(tmp_path)
    home = Path(env["DOCKET_HOME"])
    settings = Settings.from_env(home=home, database_url=None)
    archive = Archive.open(dataclasses.replace(settings, key_text=env["DOCKET_KEY"]))
    try:
        admin = add_person(archive, "admin")
    finally:
        archive.close()
    assert admin.totp_secret is not None
    port = _free_port()
    server = _start(env, "serve", "--port", str(port), "--workers", "1")
    try:
        _until(lambda: _answers(port), "docket serve to answer", [server])
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as browser:
            page = browser.get("/login").text
            token = page.split('name="login_token" value="', 1)[1].split('"', 1)[0]
            signed = browser.post(
                "/login",
                data={"name": admin.name, "password": "correct horse battery staple",
                      "login_token": token},
            )  # fmt: skip
            assert signed.status_code == 303, signed.text
            second = browser.get("/login/2fa").text
            code = pyotp.TOTP(admin.totp_secret).now()
            assert (
                browser.post(
                    "/login/2fa", data={"code": code, "csrf_token": csrf_of(second)}
                ).status_code
                == 303
            )
            backups_page = browser.get("/admin/backups").text
            assert "Lock the archive now" in backups_page

            answer = browser.post(
                "/admin/backups/lock",
                data={"csrf_token": csrf_of(backups_page), "confirm": "yes"},
            )

        assert answer.status_code == 200
        assert "The archive is locked" in answer.text
        assert "The server has stopped" in answer.text
        assert server.wait(timeout=30) == EXIT_TERMINATED
    finally:
        _end(server)
    assert not _answers(port)
    assert _holding(home) == set()
    _closed_to_commands_without_the_key(env)


def test_a_process_that_does_not_stop_when_asked_is_killed_after_the_wait(tmp_path: Path) -> None:
    env = _encrypted(tmp_path)
    home = Path(env["DOCKET_HOME"])
    deaf = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import signal, sys, time; from pathlib import Path; "
            "from docket.evidence import folder_lock; "
            "signal.signal(signal.SIGTERM, signal.SIG_IGN); "
            "folder_lock.shared(Path(sys.argv[1])); time.sleep(600)",
            str(home),
        ],
        start_new_session=True,
    )
    try:
        _until(lambda: deaf.pid in _holding(home), "the process to open it", [])

        locked = _lock(env, "--wait", "1")

        assert locked.returncode == 0, locked.stderr
        assert f"Killed {deaf.pid} (" in locked.stdout
        assert "): it did not stop in time." in locked.stdout
        assert deaf.wait(timeout=10) == -signal.SIGKILL
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(deaf.pid, signal.SIGKILL)
        deaf.wait()
    assert _holding(home) == set()
