"""Where a backup repository lies: a local folder, or a folder on a server reached over SFTP.

restic reaches either by itself (``RESTIC_REPOSITORY``); Docket needs only a few things of the
place: the record of whose backups it holds (``docket-backup.json``, beside restic's files),
whether restic has made its repository there, and whether the folder is free for a new one. A
server is reached as ``sftp:[user@]host:/path`` with the OpenSSH client (``sftp``, the same
``ssh`` restic uses), so the host, port, user and key come from the user's SSH configuration
(``~/.ssh/config``); it never asks for a password (``BatchMode``).
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path
from typing import Final, Protocol

from docket.errors import DocketError
from docket.evidence.backup_plan import SFTP_DESTINATION

RECORD_FILE: Final = "docket-backup.json"
RESTIC_CONFIG: Final = "config"
_MAX_RECORD: Final = 1 << 20


class PlaceError(DocketError):
    """The place of a backup repository cannot be reached or used."""


class Place(Protocol):
    """What Docket needs of the place of a repository."""

    @property
    def location(self) -> str:
        """The repository as restic is given it."""
        ...

    @property
    def is_local(self) -> bool: ...

    def record(self) -> str | None:
        """The text of the record file; None when there is none."""
        ...

    def write_record(self, text: str) -> None:
        """Write the record whole or not at all (written beside, then renamed)."""
        ...

    def names(self) -> list[str] | None:
        """What the folder holds; None when it does not exist."""
        ...

    def make(self) -> None:
        """Make the folder (owner-only) when it does not exist."""
        ...


def place_of(destination: str | Path) -> Place:
    """The place ``destination`` names: ``sftp:[user@]host:/path``, or else a local folder."""
    text = str(destination)
    if text.startswith("sftp:"):
        match = SFTP_DESTINATION.fullmatch(text)
        if match is None:
            raise PlaceError(
                f"{text!r} is not an SFTP destination: write it as sftp:[user@]host:/path"
            )
        return SftpFolder(match["host"], match["path"])
    if ":" in text.split("/", 1)[0] and not Path(text).exists():
        scheme = text.split(":", 1)[0]
        raise PlaceError(
            f"backups go to a folder or to sftp:[user@]host:/path, not to {scheme}: "
            "(other restic back ends are not supported)"
        )
    return LocalFolder(Path(text).absolute())


class LocalFolder:
    def __init__(self, path: Path) -> None:
        self.path = path

    def __str__(self) -> str:
        return str(self.path)

    @property
    def location(self) -> str:
        return str(self.path)

    @property
    def is_local(self) -> bool:
        return True

    def record(self) -> str | None:
        try:
            return (self.path / RECORD_FILE).read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as error:
            raise PlaceError(f"cannot read {self.path / RECORD_FILE}: {error}") from None

    def write_record(self, text: str) -> None:
        path = self.path / RECORD_FILE
        partial = path.with_name(path.name + ".partial")
        partial.write_text(text, encoding="utf-8")
        with open(partial, "rb") as file:
            os.fsync(file.fileno())
        os.replace(partial, path)

    def names(self) -> list[str] | None:
        if not self.path.is_dir():
            return None
        return sorted(entry.name for entry in self.path.iterdir())

    def make(self) -> None:
        self.path.mkdir(parents=True, exist_ok=True, mode=0o700)


class SftpFolder:
    """A folder on a server, through OpenSSH's ``sftp`` in batch mode."""

    def __init__(self, host: str, path: str) -> None:
        self.host = host
        self.path = path.rstrip("/") or "/"

    def __str__(self) -> str:
        return self.location

    @property
    def location(self) -> str:
        return f"sftp:{self.host}:{self.path}"

    @property
    def is_local(self) -> bool:
        return False

    def record(self) -> str | None:
        with tempfile.TemporaryDirectory(prefix="docket-sftp-") as folder:
            local = Path(folder) / RECORD_FILE
            self._batch(f'-get "{self._at(RECORD_FILE)}" "{local}"')
            if not local.is_file():
                return None
            if local.stat().st_size > _MAX_RECORD:
                raise PlaceError(f"{self._at(RECORD_FILE)} on {self.host} is not a backup record")
            try:
                return local.read_text(encoding="utf-8")
            except UnicodeDecodeError as error:
                raise PlaceError(f"cannot read {self._at(RECORD_FILE)}: {error}") from None

    def write_record(self, text: str) -> None:
        with tempfile.TemporaryDirectory(prefix="docket-sftp-") as folder:
            local = Path(folder) / RECORD_FILE
            local.write_text(text, encoding="utf-8")
            partial = self._at(RECORD_FILE + ".partial")
            # OpenSSH's rename replaces the old record at once (posix-rename).
            final = self._at(RECORD_FILE)
            self._batch(f'put "{local}" "{partial}"', f'rename "{partial}" "{final}"')

    def names(self) -> list[str] | None:
        listed = self._batch(f'-ls -1a "{self.path}"')
        if "not found" in listed.stderr.lower() or "no such file" in listed.stderr.lower():
            return None
        names = [
            line.strip().rsplit("/", 1)[-1]
            for line in listed.stdout.splitlines()
            if line.strip() and not line.startswith("sftp>")
        ]
        return sorted(name for name in names if name not in (".", ".."))

    def make(self) -> None:
        parts = self.path.split("/")
        steps = ["/".join(parts[: n + 1]) for n in range(1, len(parts))]
        commands = [f'-mkdir "{step}"' for step in steps if step]
        self._batch(*commands, f'chmod 700 "{self.path}"')

    def _at(self, name: str) -> str:
        return f"{self.path}/{name}"

    def _batch(self, *commands: str) -> subprocess.CompletedProcess[str]:
        """Run sftp commands in batch mode; a command starting with ``-`` may fail."""
        try:
            done = subprocess.run(
                ["sftp", "-q", "-o", "BatchMode=yes", "-b", "-", self.host],
                input="\n".join(commands) + "\n",
                capture_output=True,
                text=True,
                check=False,
                timeout=300,
            )
        except FileNotFoundError:
            raise PlaceError("sftp is not installed: apt-get install openssh-client") from None
        except subprocess.TimeoutExpired:
            raise PlaceError(f"{self.host} did not answer over SFTP within 5 minutes") from None
        if done.returncode != 0:
            lines = [line.strip() for line in done.stderr.splitlines() if line.strip()]
            reason = lines[-1] if lines else f"sftp ended with status {done.returncode}"
            raise PlaceError(f"cannot use {self.location}: {reason}")
        return done
