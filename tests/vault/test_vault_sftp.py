"""Backups over SFTP: an SSH server of the test's own on loopback, reached with a key made here,
holds the repository; backup → wipe → restore → verify, as with a folder.

The client side is OpenSSH as a user would have it: the host alias, port and key are in an SSH
configuration file, which the ``ssh`` and ``sftp`` put first on PATH here hand to the real ones
(``-F``), as ``~/.ssh/config`` would.
"""

from __future__ import annotations

import base64
import os
import pwd
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from docket.cli.app import app

SSHD = shutil.which("sshd") or "/usr/sbin/sshd"
pytestmark = [
    pytest.mark.skipif(shutil.which("restic") is None, reason="restic is not installed"),
    pytest.mark.skipif(
        not Path(SSHD).exists(), reason="openssh-server is not installed (system-packages.sh)"
    ),
]
HOST = "docket-sftp-test"
SECRET = "Zzqxbekova Ainura"


@dataclass(frozen=True)
class SftpServer:
    path_variable: str
    remote: Path

    def env(self, **more: str) -> dict[str, str]:
        return {"PATH": self.path_variable, **more}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wrapper(path: Path, program: str, config: Path) -> None:
    real = shutil.which(program)
    assert real is not None, f"{program} is not installed"
    path.write_text(f'#!/bin/sh\nexec {real} -F "{config}" "$@"\n', encoding="utf-8")
    path.chmod(0o755)


@pytest.fixture
def sftp_server(tmp_path: Path) -> Iterator[SftpServer]:
    """sshd on a free loopback port, accepting one key made here, for this user only."""
    privilege_separation = Path("/run/sshd")
    if not privilege_separation.is_dir():
        if os.geteuid() != 0:
            pytest.skip("sshd needs /run/sshd, which only root can make")
        privilege_separation.mkdir(mode=0o755)
    folder = tmp_path / "ssh"
    folder.mkdir(mode=0o700)
    for name in ("host_key", "client_key"):
        subprocess.run(
            ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(folder / name)], check=True
        )
    shutil.copy(folder / "client_key.pub", folder / "authorized_keys")
    port = _free_port()
    (folder / "sshd_config").write_text(
        f"Port {port}\nListenAddress 127.0.0.1\nHostKey {folder / 'host_key'}\n"
        f"AuthorizedKeysFile {folder / 'authorized_keys'}\nPasswordAuthentication no\n"
        "KbdInteractiveAuthentication no\nPermitRootLogin prohibit-password\n"
        f"StrictModes no\nUsePAM no\nPidFile {folder / 'sshd.pid'}\n"
        "Subsystem sftp internal-sftp\n",
        encoding="utf-8",
    )
    config = folder / "ssh_config"
    config.write_text(
        f"Host {HOST}\n  HostName 127.0.0.1\n  Port {port}\n  User {_user()}\n"
        f"  IdentityFile {folder / 'client_key'}\n  IdentitiesOnly yes\n"
        f"  UserKnownHostsFile {folder / 'known_hosts'}\n  StrictHostKeyChecking accept-new\n",
        encoding="utf-8",
    )
    bin_folder = folder / "bin"
    bin_folder.mkdir()
    for program in ("ssh", "sftp"):
        _wrapper(bin_folder / program, program, config)
    server = subprocess.Popen(
        [SSHD, "-D", "-f", str(folder / "sshd_config"), "-E", str(folder / "sshd.log")]
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            assert server.poll() is None, (folder / "sshd.log").read_text()
            assert time.monotonic() < deadline, "sshd did not start"
            time.sleep(0.1)
        remote = tmp_path / "server"
        remote.mkdir()
        yield SftpServer(f"{bin_folder}:{os.environ.get('PATH', '')}", remote)
    finally:
        server.terminate()
        server.wait(timeout=30)


def _user() -> str:
    return pwd.getpwuid(os.getuid()).pw_name


def _docket(env: dict[str, str], *args: str, code: int | None = 0) -> Result:
    result = CliRunner().invoke(app, list(args), env=env, catch_exceptions=False)
    if code is not None:
        assert result.exit_code == code, result.output
    return result


def test_backup_to_sftp_wipe_restore_verify(sftp_server: SftpServer, tmp_path: Path) -> None:
    home = tmp_path / "archive"
    key = base64.b64encode(os.urandom(32)).decode()
    env = sftp_server.env(DOCKET_HOME=str(home), DOCKET_ACTOR="tester", DOCKET_KEY=key)
    _docket(env, "init", "--encrypt")
    statement = tmp_path / "statement.txt"
    statement.write_text(f"{SECRET} was detained on 3 May.", encoding="utf-8")
    _docket(env, "ingest", str(statement))
    repository = f"sftp:{HOST}:{sftp_server.remote / 'docket-backups'}"
    made = _docket(env, "backup", repository)
    snapshot = made.stdout.split()[1]
    assert repository in made.stdout
    # The repository and Docket's record of whose it is lie on the server.
    on_server = sftp_server.remote / "docket-backups"
    assert {"config", "docket-backup.json"} <= {p.name for p in on_server.iterdir()}
    stored = b"".join(p.read_bytes() for p in on_server.rglob("*") if p.is_file())
    assert SECRET.encode() not in stored
    listed = _docket(env, "backups", repository).stdout.splitlines()
    assert [line.split()[0] for line in listed] == [snapshot]

    shutil.rmtree(home)
    restored = tmp_path / "new-laptop"
    done = _docket(env, "restore", snapshot, str(restored), "--from", repository)
    assert "verified intact against custody head" in done.stdout
    on_restored = {**env, "DOCKET_HOME": str(restored)}
    assert "statement.txt" in _docket(on_restored, "search", "Zzqxbekova").stdout


def test_an_unreachable_server_or_another_back_end_is_one_line(
    sftp_server: SftpServer, tmp_path: Path
) -> None:
    env = sftp_server.env(
        DOCKET_HOME=str(tmp_path / "archive"),
        DOCKET_ACTOR="tester",
        DOCKET_BACKUP_PASSPHRASE="kept apart",
    )
    _docket(env, "init")
    for destination, message in (
        (f"sftp:{HOST}-nowhere.invalid:/backups", "cannot use sftp:"),
        ("rest:https://backups.example.org/docket", "not to rest:"),
        ("sftp://host:22//backups", "not an SFTP destination"),
    ):
        refused = _docket(env, "backup", destination, code=2)
        assert message in refused.stderr, refused.stderr
        assert len(refused.stderr.strip().splitlines()) == 1, refused.stderr
