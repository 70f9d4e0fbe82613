"""Scheduled backups kept by ``docket backup --scheduled`` (cron) and by ``docket serve``, and
one backup of an archive at a time."""

from __future__ import annotations

import base64
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from docket.archive import Archive
from docket.cli.app import app
from docket.config import Settings
from docket.db.engine import reading
from docket.evidence import folder_lock
from docket.evidence.custody import Action
from docket.model.access import Viewer
from docket.safekeeping.backups import BACKUP_LOCK
from docket.safekeeping.schedule import Scheduler

pytestmark = pytest.mark.skipif(shutil.which("restic") is None, reason="restic is not installed")

PASSWORD = "kept apart from the backup"
DOCKET = str(Path(sys.executable).with_name("docket"))


def _docket(env: dict[str, str], *args: str, code: int | None = 0) -> Result:
    result = CliRunner().invoke(app, list(args), env=env, catch_exceptions=False)
    if code is not None:
        assert result.exit_code == code, result.output
    return result


def _archive(tmp_path: Path) -> tuple[dict[str, str], Settings]:
    home = tmp_path / "archive"
    env = {"DOCKET_HOME": str(home), "DOCKET_ACTOR": "tester"}
    _docket(env, "init")
    (tmp_path / "statement.txt").write_text("A statement about a detention.", encoding="utf-8")
    _docket(env, "ingest", str(tmp_path / "statement.txt"))
    return env, Settings.from_env(home=home)


def _plan(settings: Settings, target: Path, **password: str) -> None:
    with Archive.open(settings) as archive:
        archive.as_viewer(Viewer.owner("admin")).set_backup_plan(str(target), "daily", **password)


def _backups_made(settings: Settings) -> int:
    with Archive.open(settings) as archive, reading(archive.kernel.engine) as connection:
        entries = archive.kernel.custody.entries(connection)
        return sum(1 for entry in entries if entry.action == Action.BACKED_UP)


def test_backup_scheduled_follows_the_plan_and_backs_up_only_when_due(tmp_path: Path) -> None:
    env, settings = _archive(tmp_path)
    refused = _docket(env, "backup", "--scheduled", code=2)
    assert "no backup plan is set" in refused.stderr
    assert (
        "--scheduled takes the folder"
        in _docket(env, "backup", str(tmp_path / "x"), "--scheduled", code=2).stderr
    )
    password_file = tmp_path / "backup-password"
    repository = tmp_path / "backups"
    _plan(settings, repository, password_file=str(password_file))
    missing = _docket(env, "backup", "--scheduled", code=2)
    assert f"the backup password file {password_file} does not exist" in missing.stderr
    assert len(missing.stderr.strip().splitlines()) == 1
    assert not repository.exists()
    password_file.write_text(PASSWORD + "\n", encoding="utf-8")
    made = _docket(env, "backup", "--scheduled")
    assert made.stdout.startswith("Snapshot ") and str(repository) in made.stdout
    assert (
        "No backup due: the daily plan wants the next one at"
        in _docket(env, "backup", "--scheduled").stdout
    )
    assert _backups_made(settings) == 1
    # The password came from the file: the repository opens with it, and with nothing else.
    listed = _docket({**env, "DOCKET_BACKUP_PASSPHRASE": PASSWORD}, "backups", str(repository))
    assert len(listed.stdout.splitlines()) == 1
    wrong = {**env, "DOCKET_BACKUP_PASSPHRASE": "another"}
    assert _docket(wrong, "backups", str(repository), code=None).exit_code != 0


def test_a_second_backup_at_the_same_time_is_refused_in_one_line(tmp_path: Path) -> None:
    env, settings = _archive(tmp_path)
    env["DOCKET_BACKUP_PASSPHRASE"] = PASSWORD
    with folder_lock.one_at_a_time(settings.home / BACKUP_LOCK, "busy"):
        refused = _docket(env, "backup", str(tmp_path / "backups"), code=2)
    assert "another backup of this archive is running" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    assert _backups_made(settings) == 0
    _docket(env, "backup", str(tmp_path / "backups"))
    assert _backups_made(settings) == 1


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.slow
def test_docket_serve_makes_the_planned_backup(tmp_path: Path) -> None:
    env, settings = _archive(tmp_path)
    repository = tmp_path / "backups"
    _plan(settings, repository, password_env="OFFICE_BACKUP_PW")
    with Archive.open(settings) as archive:
        archive.accounts.add("aida", "admin", "a long enough password", actor="tester")
    process = subprocess.Popen(
        [DOCKET, "serve", "--port", str(_free_port())],
        env={**os.environ, **env, "OFFICE_BACKUP_PW": PASSWORD},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and _backups_made(settings) == 0:
            assert process.poll() is None, process.communicate()
            time.sleep(1)
    finally:
        process.terminate()
        _, errors = process.communicate(timeout=120)
    assert _backups_made(settings) == 1, errors
    listed = _docket({**env, "DOCKET_BACKUP_PASSPHRASE": PASSWORD}, "backups", str(repository))
    assert len(listed.stdout.splitlines()) == 1
    assert PASSWORD.encode() not in errors


def test_an_encrypted_archive_plans_backups_without_a_password(tmp_path: Path) -> None:
    home = tmp_path / "archive"
    key = base64.b64encode(os.urandom(32)).decode()
    env = {"DOCKET_HOME": str(home), "DOCKET_ACTOR": "tester", "DOCKET_KEY": key}
    _docket(env, "init", "--encrypt")
    settings = Settings(home, Settings.from_env(home=home).database_url, key_text=key)
    with Archive.open(settings) as archive:
        door = archive.as_viewer(Viewer.owner("admin"))
        # A password source given anyway is not kept: the archive key opens the backups.
        plan = door.set_backup_plan(str(tmp_path / "backups"), "weekly", password_env="UNUSED")
        assert (plan.password_env, plan.password_file) == (None, None)
        assert plan.password_source == "the archive key"
        assert door.backup_status().encrypted
    made = _docket(env, "backup", "--scheduled")
    assert made.stdout.startswith("Snapshot ")
    assert len(_docket(env, "backups", str(tmp_path / "backups")).stdout.splitlines()) == 1


def test_the_scheduler_logs_a_failed_run_and_makes_the_backup_at_a_later_look(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    _env, settings = _archive(tmp_path)
    _plan(settings, tmp_path / "backups", password_env="OFFICE_BACKUP_PW")
    monkeypatch.delenv("OFFICE_BACKUP_PW", raising=False)
    with Archive.open(settings) as archive:
        scheduler = Scheduler(archive, check_every=0.2)
        scheduler.start()
        try:
            deadline = time.monotonic() + 60
            while "OFFICE_BACKUP_PW is not set" not in caplog.text:
                assert time.monotonic() < deadline, caplog.text
                time.sleep(0.1)
            monkeypatch.setenv("OFFICE_BACKUP_PW", PASSWORD)
            while _backups_made(settings) == 0:
                assert time.monotonic() < deadline + 60, caplog.text
                time.sleep(0.2)
        finally:
            scheduler.stop()
    assert PASSWORD not in caplog.text


def test_two_serving_processes_make_one_planned_backup_between_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # Each web worker keeps the plan: two openings of the archive look at the same moments.
    _env, settings = _archive(tmp_path)
    _plan(settings, tmp_path / "backups", password_env="OFFICE_BACKUP_PW")
    monkeypatch.setenv("OFFICE_BACKUP_PW", PASSWORD)
    with Archive.open(settings) as first, Archive.open(settings) as second:
        schedulers = [Scheduler(first, check_every=0.1), Scheduler(second, check_every=0.1)]
        for scheduler in schedulers:
            scheduler.start()
        try:
            deadline = time.monotonic() + 60
            while _backups_made(settings) == 0:
                assert time.monotonic() < deadline, caplog.text
                time.sleep(0.1)
            time.sleep(1.0)  # ten more looks each, with the backup on record
        finally:
            for scheduler in schedulers:
                scheduler.stop()
    assert _backups_made(settings) == 1
    assert "failed" not in caplog.text
