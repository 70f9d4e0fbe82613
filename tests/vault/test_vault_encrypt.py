"""``docket encrypt``: a plain archive becomes an encrypted one that verifies, and a conversion
killed at any moment leaves an archive that opens and verifies, and finishes when run again."""

from __future__ import annotations

import base64
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from docket.archive import Archive
from docket.cli.app import app
from docket.config import Settings
from docket.vault import header
from docket.vault.conversion import MARKER

SECRET = "Nurlanbek Zzqxovich"


def _docket(env: dict[str, str], *args: str, code: int | None = 0) -> Result:
    result = CliRunner().invoke(app, list(args), env=env, catch_exceptions=False)
    if code is not None:
        assert result.exit_code == code, result.output
    return result


def _key() -> str:
    return base64.b64encode(os.urandom(32)).decode()


def _plain_archive(tmp_path: Path, files: int) -> tuple[dict[str, str], Path]:
    home = tmp_path / "archive"
    env = {"DOCKET_HOME": str(home), "DOCKET_ACTOR": "tester"}
    _docket(env, "init")
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    for n in range(files):
        (incoming / f"statement-{n:03}.txt").write_text(
            f"Statement {n}: {SECRET} saw the detention.\n" * 40, encoding="utf-8"
        )
    _docket(env, "ingest", str(incoming))
    _docket(env, "record", "add", "person", "--field", f"name={SECRET}", "--field", "contact=+9")
    return env, home


def _plaintext_files(home: Path) -> list[Path]:
    return [
        path
        for path in home.rglob("*")
        if path.is_file()
        and (SECRET.encode() in path.read_bytes() or b"PRIVATE" in path.read_bytes())
    ]


def test_encrypt_a_plain_archive_then_it_verifies_and_shows_nothing(tmp_path: Path) -> None:
    env, home = _plain_archive(tmp_path, 5)
    assert _plaintext_files(home)
    key = base64.b64encode(os.urandom(32)).decode()
    keyed = {**env, "DOCKET_KEY": key}
    done = _docket(keyed, "encrypt", "--reason", "before travelling")
    assert "5 files sealed" in done.stdout and "Verified: intact." in done.stdout
    assert _plaintext_files(home) == []
    assert not (home / "encrypting").exists()
    assert {p.name for p in (home / "keys").iterdir()} == {
        "archive-ed25519.pem",
        "archive-ed25519.pub",
        "records.key.sealed",
    }
    shown = _docket(keyed, "show", "1", "--json").stdout
    assert '"archive_encrypted"' not in shown  # the archive's entry, not the item's
    hits = _docket(keyed, "search", "Zzqxovich").stdout
    assert "statement-000.txt" in hits
    revealed = _docket(keyed, "record", "show", "1", "--reveal").stdout
    assert "+9" in revealed
    assert "Intact" in _docket(keyed, "verify").stdout
    again = _docket(keyed, "encrypt", code=2)
    assert "already encrypted" in again.stderr
    assert "encrypted with a key file" in _docket(env, "items", code=2).stderr


@pytest.mark.slow
def test_kill_minus_nine_during_encrypt_leaves_a_usable_archive_and_a_rerun_finishes(
    tmp_path: Path,
) -> None:
    env, home = _plain_archive(tmp_path, 150)
    keyed = {**os.environ, **env, "DOCKET_KEY": base64.b64encode(os.urandom(32)).decode()}
    chance = random.Random(16)
    kills = 0
    finished_alone = None
    for _ in range(4):
        process = subprocess.Popen(
            [sys.executable, "-m", "docket", "encrypt"],
            env=keyed,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        # Killed at a random moment once sealing has begun (its marker is there): a fixed delay
        # from the start would miss the work on a machine that starts Docket faster.
        _wait_for_sealing(home, process)
        time.sleep(chance.uniform(0.0, 0.3))
        if process.poll() is not None:
            finished_alone = _finished(keyed, process.returncode, *process.communicate())
            break
        os.kill(process.pid, signal.SIGKILL)
        process.communicate()
        kills += 1
        # Half encrypted, the archive still opens with its key and everything in it verifies.
        _verified(keyed)
    assert kills >= 1
    if finished_alone is None:
        rerun = subprocess.run(
            [sys.executable, "-m", "docket", "encrypt"], env=keyed, capture_output=True, check=False
        )
        finished_alone = _finished(keyed, rerun.returncode, rerun.stdout, rerun.stderr)
    assert b"Verified: intact." in finished_alone
    assert _plaintext_files(home) == []
    assert not (home / "encrypting").exists()


def _wait_for_sealing(home: Path, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while not (home / MARKER).exists() and process.poll() is None:
        assert time.monotonic() < deadline, "encrypt neither began sealing nor ended"
        time.sleep(0.01)


def _finished(env: dict[str, str], code: int, stdout: bytes, stderr: bytes) -> bytes:
    """What a run of ``encrypt`` that ended on its own printed; a kill after the last step of the
    run before leaves an archive that is encrypted already, which must then verify on its own."""
    if code == 2 and b"already encrypted" in stderr:
        return _verified(env)
    assert code == 0, stdout + stderr
    return stdout


def _verified(env: dict[str, str]) -> bytes:
    checked = subprocess.run(
        [sys.executable, "-m", "docket", "verify", "--no-witness"],
        env=env,
        capture_output=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    return b"Verified: intact.\n" + checked.stdout


def test_encrypt_refuses_with_one_line(tmp_path: Path) -> None:
    env, _ = _plain_archive(tmp_path, 1)
    no_key = _docket(env, "encrypt", code=2)
    assert "needs a passphrase" in no_key.stderr
    short = _docket({**env, "DOCKET_PASSPHRASE": "too short"}, "encrypt", code=2)
    assert "at least 12 characters" in short.stderr
    missing = _docket({**env, "DOCKET_HOME": str(tmp_path / "none"), "DOCKET_KEY": _key()},
                      "encrypt", code=2)  # fmt: skip
    assert "no archive in" in missing.stderr
    for answer in (no_key, short, missing):
        assert len(answer.stderr.strip().splitlines()) == 1, answer.stderr
    # Nothing was changed: the archive is still plain and opens without a key.
    assert not (tmp_path / "archive" / "vault.json").exists()
    assert "Intact" in _docket(env, "verify").stdout


def test_an_interrupted_encryption_must_be_finished_with_the_same_key(tmp_path: Path) -> None:
    env, home = _plain_archive(tmp_path, 2)
    key = _key()
    settings = Settings.from_env(home=home)
    settings = Settings(settings.home, settings.database_url, key_text=key)
    # The header and the marker exist, nothing else is done yet: as after a kill at the start.
    (home / "encrypting").touch()
    header.create(home, header.key_text(key, "DOCKET_KEY"))
    assert "Intact" in _docket({**env, "DOCKET_KEY": key}, "verify").stdout
    wrong = _docket({**env, "DOCKET_KEY": _key()}, "encrypt", code=2)
    assert "does not unlock the archive" in wrong.stderr
    done = _docket({**env, "DOCKET_KEY": key}, "encrypt")
    assert "2 files sealed" in done.stdout and "Verified: intact." in done.stdout
    with Archive.open(settings) as archive:
        assert archive.encrypted


def _holding(env: dict[str, str], code: str) -> subprocess.Popen[str]:
    """A second process running ``code`` on the archive, once it says it is ready."""
    process = subprocess.Popen(
        [sys.executable, "-c", code],
        env={**os.environ, **env},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    ready = process.stdout.readline()
    assert ready == "ready\n", ready + (process.stderr.read() if process.stderr else "")
    return process


_KEEPS_IT_OPEN = """
import sys
from docket.archive import Archive
from docket.config import Settings
with Archive.open(Settings.from_env()):
    print("ready", flush=True)
    sys.stdin.readline()
"""

_ENCRYPTS = """
import sys
from docket.config import Settings
from docket.safekeeping.encryption import alone
with alone(Settings.from_env()):
    print("ready", flush=True)
    sys.stdin.readline()
"""


def _release(process: subprocess.Popen[str]) -> None:
    process.communicate("done\n", timeout=60)
    assert process.returncode == 0


def test_encrypt_refuses_while_another_process_has_the_archive_open(tmp_path: Path) -> None:
    env, home = _plain_archive(tmp_path, 2)
    key_file = tmp_path / "usb" / "archive.key"
    holder = _holding(env, _KEEPS_IT_OPEN)
    try:
        before = sorted(path.relative_to(home) for path in home.rglob("*"))
        refused = _docket(env, "encrypt", "--key-file", str(key_file), code=2)
        assert "another Docket process has the archive" in refused.stderr
        assert len(refused.stderr.strip().splitlines()) == 1, refused.stderr
        # Nothing was changed: no key file, no header, no marker, every file as it was.
        assert not key_file.exists()
        assert sorted(path.relative_to(home) for path in home.rglob("*")) == before
        # Readers are not kept out by one another.
        assert "Intact" in _docket(env, "verify").stdout
    finally:
        _release(holder)
    done = _docket(env, "encrypt", "--key-file", str(key_file))
    assert "Verified: intact." in done.stdout


def test_the_archive_cannot_be_opened_while_it_is_being_encrypted(tmp_path: Path) -> None:
    env, _home = _plain_archive(tmp_path, 1)
    converter = _holding(env, _ENCRYPTS)
    try:
        refused = _docket(env, "items", code=2)
        assert "being converted by `docket encrypt` in another process" in refused.stderr
        assert len(refused.stderr.strip().splitlines()) == 1, refused.stderr
    finally:
        _release(converter)
    assert "Intact" in _docket(env, "verify").stdout
