"""The witnesses of an archive (``witnesses.json``) and the status of the last delivery to each
(``witness-status.json``).

The list is a file in the archive folder, not a database table, so that someone who rewrites the
database cannot silence them.
"""

from __future__ import annotations

import contextlib
import fcntl
import ipaddress
import json
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal
from urllib.parse import urlsplit

from docket.evidence.custody import Checkpoint, utc_now
from docket.evidence.durable_writes import replace_private
from docket.evidence.witness_statements import WitnessError

CONFIG_FILE: Final = "witnesses.json"
STATUS_FILE: Final = "witness-status.json"
LOCK_FILE: Final = ".witnesses.lock"

Kind = Literal["folder", "archive"]


@dataclass(frozen=True)
class Witness:
    """One configured witness. ``target`` is a folder path or a partner's base URL."""

    id: str
    kind: Kind
    target: str
    token: str | None = field(default=None, repr=False)

    def describe(self) -> str:
        return f"{self.kind} {self.target}"

    def to_config(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "kind": self.kind, "target": self.target}
        if self.token is not None:
            data["token"] = self.token
        return data


@dataclass(frozen=True)
class Status:
    """The last delivery to one witness that worked and the last one that did not."""

    last_success: str | None = None
    last_seq: int | None = None
    last_failure: str | None = None
    error: str | None = None
    last_head: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "last_success": self.last_success,
            "last_seq": self.last_seq,
            "last_head": self.last_head,
            "last_failure": self.last_failure,
            "error": self.error,
        }


class Witnesses:
    """The witnesses of the archive in ``home`` (``witnesses.json``, readable by its owner only)
    and their delivery status (``witness-status.json``)."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.config_path = home / CONFIG_FILE
        self.status_path = home / STATUS_FILE

    def configured(self) -> bool:
        return self.config_path.exists()

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """One writer of the configuration and status at a time: several server workers may
        deliver checkpoints at once, and a read-modify-write must not lose another's."""
        descriptor = os.open(self.home / LOCK_FILE, os.O_CREAT | os.O_RDWR, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            yield
        finally:
            os.close(descriptor)

    def all(self) -> list[Witness]:
        try:
            raw = self.config_path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return []
        except OSError as error:
            raise WitnessError(f"cannot read {self.config_path}: {error.strerror}") from None
        try:
            data = json.loads(raw)
            return [
                Witness(
                    id=str(entry["id"]),
                    kind=_kind(entry["kind"]),
                    target=str(entry["target"]),
                    token=None if entry.get("token") is None else str(entry["token"]),
                )
                for entry in data["witnesses"]
            ]
        except (ValueError, KeyError, TypeError):
            raise WitnessError(
                f"{self.config_path} is damaged; fix it or remove it and add the witnesses again"
            ) from None

    def add_folder(self, path: Path) -> Witness:
        folder = path.expanduser().absolute()
        if not folder.is_dir():
            raise WitnessError(f"{folder} is not a folder; mount or create it first")
        if folder == self.home.absolute() or self.home.absolute() in folder.parents:
            raise WitnessError("a witness folder must be outside the archive folder")
        return self._add(Witness(_new_id(), "folder", str(folder)))

    def add_archive(self, url: str, token: str) -> Witness:
        base = check_partner_url(url)
        token = token.strip()
        if not token or any(c.isspace() for c in token):
            raise WitnessError("the token file must hold one API token")
        return self._add(Witness(_new_id(), "archive", base, token))

    def remove(self, number: int) -> Witness:
        with self._locked():
            present = self.all()
            if not 1 <= number <= len(present):
                raise WitnessError(f"no witness {number}; `docket witness list` shows them")
            removed = present.pop(number - 1)
            self._save(present)
        return removed

    def _add(self, witness: Witness) -> Witness:
        with self._locked():
            present = self.all()
            if any((w.kind, w.target) == (witness.kind, witness.target) for w in present):
                raise WitnessError(f"{witness.describe()} is already a witness")
            self._save([*present, witness])
        return witness

    def _save(self, witnesses: list[Witness]) -> None:
        data = {"version": 1, "witnesses": [w.to_config() for w in witnesses]}
        replace_private(self.config_path, json.dumps(data, indent=2) + "\n")

    def statuses(self) -> dict[str, Status]:
        try:
            data = json.loads(self.status_path.read_text(encoding="utf-8"))
            return {key: Status(**value) for key, value in data.items()}
        except (OSError, ValueError, TypeError, AttributeError):
            # The status is a convenience for `witness list`; losing it loses no evidence.
            return {}

    def record(self, witness: Witness, checkpoint: Checkpoint, error: str | None) -> None:
        with self._locked():
            self._record(witness, checkpoint, error)

    def _record(self, witness: Witness, checkpoint: Checkpoint, error: str | None) -> None:
        statuses = self.statuses()
        before = statuses.get(witness.id, Status())
        now = utc_now()
        if error is None:
            after = Status(now, checkpoint.seq, before.last_failure, before.error, checkpoint.hash)
        else:
            after = Status(before.last_success, before.last_seq, now, error, before.last_head)
        statuses[witness.id] = after
        present = {w.id for w in self.all()}
        data = {key: value.to_json() for key, value in statuses.items() if key in present}
        replace_private(self.status_path, json.dumps(data, indent=2) + "\n")


def _kind(value: object) -> Kind:
    if value == "folder":
        return "folder"
    if value == "archive":
        return "archive"
    raise ValueError(value)


def _new_id() -> str:
    return secrets.token_hex(4)


def check_partner_url(url: str) -> str:
    """The partner's base URL without a trailing slash; plain HTTP only to this machine, since
    the token travels with every request."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise WitnessError(f"not a web address: {url!r}; give https://HOST[:PORT][/PATH]")
    if parts.username or parts.password or parts.query or parts.fragment:
        raise WitnessError("give the partner's address without a user name, query or fragment")
    if parts.scheme == "http" and not _loopback(parts.hostname):
        raise WitnessError("the token would travel unencrypted: use an https:// address")
    return url.strip().rstrip("/")


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
