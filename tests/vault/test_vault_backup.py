"""Backups with restic: backup → wipe → restore → verify on SQLite (plain and encrypted) and
PostgreSQL; a snapshot of another archive, a damaged repository, a wrong key and an existing
folder are refused with one line; ``kill -9`` during a backup leaves a usable archive."""

from __future__ import annotations

import base64
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from docket.archive import Archive
from docket.cli.app import app
from docket.cli.vault import parse_interval
from docket.config import Settings
from docket.db.engine import reading
from docket.errors import DocketError
from docket.evidence.custody import Action
from tests.conftest import new_database

pytestmark = pytest.mark.skipif(shutil.which("restic") is None, reason="restic is not installed")

SECRET = "Aizada Zzqxbekova"


def _docket(env: dict[str, str], *args: str, code: int | None = 0) -> Result:
    result = CliRunner().invoke(app, list(args), env=env, catch_exceptions=False)
    if code is not None:
        assert result.exit_code == code, result.output
    return result


def _key() -> str:
    return base64.b64encode(os.urandom(32)).decode()


def _archive(tmp_path: Path, at_rest: str, database_url: str | None = None) -> dict[str, str]:
    env = {
        "DOCKET_HOME": str(tmp_path / "archive"),
        "DOCKET_ACTOR": "tester",
        "DOCKET_BACKUP_PASSPHRASE": "backup password kept apart",
    }
    if database_url:
        env["DOCKET_DATABASE_URL"] = database_url
    if at_rest == "encrypted":
        env["DOCKET_KEY"] = _key()
        _docket(env, "init", "--encrypt")
    else:
        _docket(env, "init")
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    for n in range(3):
        (incoming / f"statement-{n}.txt").write_text(f"{SECRET} statement {n}.", encoding="utf-8")
    _docket(env, "ingest", str(incoming))
    _docket(env, "record", "add", "person", "--field", f"name={SECRET}")
    return env


def _snapshot_id(env: dict[str, str], repository: Path) -> str:
    made = _docket(env, "backup", str(repository), "--reason", "weekly")
    return made.stdout.split()[1]


@pytest.mark.parametrize("at_rest", ["plain", "encrypted"])
def test_backup_wipe_restore_verify(tmp_path: Path, at_rest: str) -> None:
    env = _archive(tmp_path, at_rest)
    repository = tmp_path / "usb" / "docket-backups"
    first = _snapshot_id(env, repository)
    _docket(env, "ingest", str(tmp_path / "incoming" / "statement-0.txt"))
    second = _snapshot_id(env, repository)
    listed = _docket(env, "backups", str(repository)).stdout.splitlines()
    assert [line.split()[0] for line in listed] == [first, second]
    stored = b"".join(p.read_bytes() for p in repository.rglob("*") if p.is_file())
    assert SECRET.encode() not in stored

    shutil.rmtree(tmp_path / "archive")
    restored = tmp_path / "new-laptop" / "archive"
    done = _docket(env, "restore", second, str(restored), "--from", str(repository))
    assert f"Restored snapshot {second}" in done.stdout
    assert "verified intact against custody head" in done.stdout
    on_restored = {**env, "DOCKET_HOME": str(restored)}
    assert "statement-1.txt" in _docket(on_restored, "search", "Zzqxbekova").stdout
    assert "Intact" in _docket(on_restored, "verify").stdout
    assert not (restored / "backup-staging").exists()
    assert (restored / "vault.json").exists() == (at_rest == "encrypted")


def test_the_chain_of_custody_records_each_snapshot_and_its_head(tmp_path: Path) -> None:
    env = _archive(tmp_path, "encrypted")
    repository = tmp_path / "backups"
    snapshot = _snapshot_id(env, repository)
    settings = Settings.from_env(home=tmp_path / "archive")
    settings = Settings(settings.home, settings.database_url, key_text=env["DOCKET_KEY"])
    with Archive.open(settings) as archive, reading(archive.kernel.engine) as connection:
        entries = list(archive.kernel.custody.entries(connection))
    backed_up = [e for e in entries if e.action == Action.BACKED_UP]
    assert len(backed_up) == 1
    data = backed_up[0].data
    assert data["snapshot"].startswith(snapshot)
    assert data["head_seq"] == backed_up[0].seq - 1
    assert data["head"] == entries[backed_up[0].seq - 2].hash
    assert backed_up[0].actor == "tester"


def test_bad_input_is_one_line_and_nothing_is_overwritten(tmp_path: Path) -> None:
    env = _archive(tmp_path, "encrypted")
    repository = tmp_path / "backups"
    snapshot = _snapshot_id(env, repository)
    occupied = tmp_path / "occupied"
    occupied.mkdir()
    (occupied / "keep.txt").write_text("mine", encoding="utf-8")
    answers = {
        "occupied": _docket(
            env, "restore", snapshot, str(occupied), "--from", str(repository), code=2
        ),
        "wrong key": _docket(
            {**env, "DOCKET_KEY": _key()},
            "restore", snapshot, str(tmp_path / "a"), "--from", str(repository), code=2,
        ),
        "no snapshot": _docket(
            env, "restore", "deadbeef", str(tmp_path / "b"), "--from", str(repository), code=2
        ),
        "other archive": _docket(
            env, "restore", snapshot, str(tmp_path / "c"), "--from", str(repository),
            "--archive", "6b0c5f0e-0000-4000-8000-000000000000", code=2,
        ),
        "not a repository": _docket(
            env, "restore", snapshot, str(tmp_path / "d"), "--from", str(tmp_path), code=2
        ),
    }  # fmt: skip
    for answer in answers.values():
        assert len(answer.stderr.strip().splitlines()) == 1, answer.stderr
    assert "is not empty: restore into a new folder" in answers["occupied"].stderr
    assert "does not unlock the backups in" in answers["wrong key"].stderr
    assert "no snapshot deadbeef" in answers["no snapshot"].stderr
    assert "not of archive 6b0c5f0e" in answers["other archive"].stderr
    assert "holds no Docket backups" in answers["not a repository"].stderr
    assert [p.name for p in occupied.iterdir()] == ["keep.txt"]
    assert not any((tmp_path / name).exists() for name in "abcd")

    other = {**env, "DOCKET_HOME": str(tmp_path / "other"), "DOCKET_KEY": _key()}
    _docket(other, "init", "--encrypt")
    refused = _docket(other, "backup", str(repository), code=2)
    assert "holds the backups of archive" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1


def test_a_damaged_repository_is_found_before_anything_is_restored(tmp_path: Path) -> None:
    env = _archive(tmp_path, "plain")
    repository = tmp_path / "backups"
    snapshot = _snapshot_id(env, repository)
    packs = sorted((repository / "data").rglob("*"), key=lambda p: p.stat().st_size)
    damaged = [p for p in packs if p.is_file()][-1]
    damaged.chmod(0o600)
    content = bytearray(damaged.read_bytes())
    content[len(content) // 2] ^= 0xFF
    damaged.write_bytes(bytes(content))
    target = tmp_path / "restored"
    answer = _docket(env, "restore", snapshot, str(target), "--from", str(repository), code=2)
    assert "is damaged (restic check --read-data" in answer.stderr
    assert len(answer.stderr.strip().splitlines()) == 1
    assert not target.exists()


@pytest.mark.postgres
def test_backup_wipe_restore_verify_on_postgresql(tmp_path: Path) -> None:
    with new_database("postgresql", tmp_path) as url:
        env = _archive(tmp_path, "plain", url)
        # The backup is made on a server whose index another host claims.
        (tmp_path / "archive" / "search-index.host").write_text("old-server\n", encoding="utf-8")
        (tmp_path / "archive" / "search-index").mkdir(exist_ok=True)
        repository = tmp_path / "backups"
        snapshot = _snapshot_id(env, repository)
        _docket(env, "ingest", str(tmp_path / "incoming" / "statement-2.txt"))
    # The database and the archive folder are gone; a new, empty database receives the records.
    shutil.rmtree(tmp_path / "archive")
    with new_database("postgresql", tmp_path) as fresh:
        target = tmp_path / "restored"
        restoring = {**env, "DOCKET_DATABASE_URL": fresh}
        done = _docket(restoring, "restore", snapshot, str(target), "--from", str(repository))
        assert "verified intact" in done.stdout
        on_restored = {**restoring, "DOCKET_HOME": str(target)}
        assert not (target / "search-index.host").exists()
        assert not (target / "search-index").exists()
        found = _docket(on_restored, "search", "Zzqxbekova")
        assert "statement-0.txt" in found.stdout
        # The restored server searches with its own index at once, without a `reindex`.
        assert "full text" not in found.output
        assert (target / "search-index.host").read_text(encoding="utf-8").strip() == (
            socket.gethostname()
        )
        assert (target / "search-index").is_dir()
        again = _docket(
            restoring, "restore", snapshot, str(tmp_path / "r2"), "--from", str(repository), code=2
        )
        assert "database to restore into is not empty" in again.stderr


@pytest.mark.slow
def test_kill_minus_nine_during_backup_leaves_a_usable_archive(tmp_path: Path) -> None:
    env = _archive(tmp_path, "encrypted")
    incoming = tmp_path / "more"
    incoming.mkdir()
    for n in range(40):
        (incoming / f"bulk-{n}.bin").write_bytes(os.urandom(256 * 1024))
    _docket(env, "ingest", str(incoming))
    repository = tmp_path / "backups"
    environment = {**os.environ, **env}
    chance = random.Random(9)
    for _ in range(3):
        process = subprocess.Popen(
            [sys.executable, "-m", "docket", "backup", str(repository)],
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        time.sleep(chance.uniform(0.5, 2.0))
        # The whole group: restic too, as a power cut or a pulled disk would.
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        assert "Intact" in _docket(env, "verify").stdout
    snapshot = _snapshot_id(env, repository)
    restored = tmp_path / "restored"
    done = _docket(env, "restore", snapshot, str(restored), "--from", str(repository))
    assert "verified intact" in done.stdout


@given(number=st.integers(1, 9_999_999), unit=st.sampled_from(["s", "m", "h", "d"]))
def test_an_interval_is_a_number_and_a_unit(number: int, unit: str) -> None:
    factor = {"s": 1, "m": 60, "h": 3600, "d": 86400}[unit]
    assert parse_interval(f"{number}{unit}") == number * factor
    assert parse_interval(f" {number} {unit.upper()} ") == number * factor


@pytest.mark.parametrize("text", ["", "6", "h", "0h", "-1h", "1.5h", "6 hours", "1w", "1h30m"])
def test_anything_else_is_not_an_interval(text: str) -> None:
    with pytest.raises(DocketError, match="--every takes an interval"):
        parse_interval(text)


@pytest.mark.slow
def test_every_keeps_making_snapshots_until_stopped(tmp_path: Path) -> None:
    env = _archive(tmp_path, "plain")
    repository = tmp_path / "backups"
    process = subprocess.Popen(
        [sys.executable, "-m", "docket", "backup", str(repository), "--every", "1s"],
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        listed: list[str] = []
        while time.monotonic() < deadline and len(listed) < 3:
            time.sleep(1)
            if (repository / "docket-backup.json").exists():
                listed = _docket(env, "backups", str(repository), code=None).stdout.splitlines()
        assert len(listed) >= 3, listed
    finally:
        process.terminate()
        out, errors = process.communicate(timeout=60)
    # Stopped just as restic finished a snapshot, the command may not have said so yet: every
    # snapshot but that last one was reported.
    assert out.decode().count("Snapshot ") >= 2, errors
    assert "Intact" in _docket(env, "verify").stdout
