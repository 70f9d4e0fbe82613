"""The header file of an encrypted archive: how its key is unlocked, and the key wrapped.

``vault.json`` in the archive folder holds the archive key sealed (AES-256-GCM) under a key-
encryption key, and what is needed to remake that key: argon2id's salt and cost for a
passphrase, a salt for a key file. It holds nothing secret; without it the archive cannot be
unlocked, so backups carry it.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal

from argon2.exceptions import HashingError
from argon2.low_level import Type, hash_secret_raw

from docket.errors import DocketError
from docket.vault.keyring import KEY_BYTES, ArchiveKeys, WrongKey, derive, seal, unseal

HEADER_FILE: Final = "vault.json"
FORMAT: Final = "docket-vault/1"
_CONTEXT: Final = "docket archive key"
_SALT_BYTES: Final = 16

Kind = Literal["passphrase", "key-file"]


@dataclass(frozen=True)
class Argon2Cost:
    """argon2id's cost; the default is RFC 9106's second recommended choice (64 MiB)."""

    time_cost: int = 3
    memory_kib: int = 64 * 1024
    parallelism: int = 4


class NotEncrypted(DocketError):
    """The archive has no header: it is not encrypted."""


class KeyMissing(DocketError):
    """The archive is encrypted and no key was given to unlock it."""


@dataclass(frozen=True)
class Passphrase:
    text: str

    def __repr__(self) -> str:
        return "Passphrase(…)"


@dataclass(frozen=True)
class KeyFileSecret:
    """A key file's 32 random bytes, from the file or from ``$DOCKET_KEY``."""

    secret: bytes
    where: str

    def __repr__(self) -> str:
        return f"KeyFileSecret({self.where})"


Unlocker = Passphrase | KeyFileSecret


def header_path(home: Path) -> Path:
    return home / HEADER_FILE


def is_encrypted(home: Path) -> bool:
    return header_path(home).is_file()


def new_key_file(path: Path) -> KeyFileSecret:
    """Write a new key file (32 random bytes, base64) at ``path``, readable by its owner only."""
    secret = os.urandom(KEY_BYTES)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise DocketError(f"{path} already exists; give a new path for the key file") from None
    with os.fdopen(descriptor, "w", encoding="ascii") as file:
        file.write(base64.b64encode(secret).decode("ascii") + "\n")
        file.flush()
        os.fsync(file.fileno())
    return KeyFileSecret(secret, str(path))


def read_key_file(path: Path) -> KeyFileSecret:
    try:
        text = path.read_text(encoding="ascii")
    except FileNotFoundError:
        raise KeyMissing(f"key file {path} not found; is the disk that holds it mounted?") from None
    except (OSError, UnicodeDecodeError) as error:
        raise KeyMissing(f"cannot read key file {path}: {error}") from None
    return key_text(text, f"key file {path}")


def key_text(text: str, where: str) -> KeyFileSecret:
    try:
        secret = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        secret = b""
    if len(secret) != KEY_BYTES:
        raise KeyMissing(f"{where} does not hold a Docket key (32 bytes in base64)")
    return KeyFileSecret(secret, where)


def create(home: Path, unlocker: Unlocker, cost: Argon2Cost | None = None) -> ArchiveKeys:
    """Make a new archive key and write the header that unlocks it with ``unlocker``."""
    path = header_path(home)
    if path.exists():
        raise DocketError(f"{path} already exists: the archive is already encrypted")
    keys = ArchiveKeys(os.urandom(KEY_BYTES))
    salt = os.urandom(_SALT_BYTES)
    document: dict[str, Any] = {"format": FORMAT, "salt": _b64(salt)}
    if isinstance(unlocker, Passphrase):
        cost = cost or Argon2Cost()
        document |= {
            "unlock": "passphrase",
            "kdf": "argon2id",
            "time_cost": cost.time_cost,
            "memory_kib": cost.memory_kib,
            "parallelism": cost.parallelism,
        }
    else:
        document |= {"unlock": "key-file", "kdf": "hkdf-sha256"}
    kek = _key_encryption_key(document, unlocker)
    document["wrapped_key"] = _b64(seal(kek, keys.archive_key, _CONTEXT))
    _write_new(path, (json.dumps(document, indent=2) + "\n").encode("ascii"))
    return keys


def kind(home: Path) -> Kind:
    """How the archive in ``home`` is unlocked."""
    unlock = _read(home)["unlock"]
    if unlock not in ("passphrase", "key-file"):
        raise DocketError(f"{header_path(home)} names an unknown way to unlock: {unlock!r}")
    return unlock  # type: ignore[no-any-return]


def unlock(home: Path, unlocker: Unlocker | None, subject: str | None = None) -> ArchiveKeys:
    """The archive key, unwrapped with ``unlocker``; one clear error when it is wrong or
    missing, naming ``subject`` (by default the archive in ``home``)."""
    document = _read(home)
    wanted = document.get("unlock")
    if unlocker is None:
        raise KeyMissing(_how_to_unlock(wanted, None))
    given = "passphrase" if isinstance(unlocker, Passphrase) else "key-file"
    if given != wanted:
        raise KeyMissing(_how_to_unlock(wanted, given.replace("-", " ")))
    kek = _key_encryption_key(document, unlocker)
    try:
        wrapped = _unb64(document.get("wrapped_key", ""))
        if not wrapped:
            raise DocketError("the key header is damaged: restore vault.json from a backup")
        archive_key = unseal(kek, wrapped, _CONTEXT, "the archive key")
    except WrongKey:
        what = unlocker.where if isinstance(unlocker, KeyFileSecret) else "wrong passphrase: it"
        raise WrongKey(f"{what} does not unlock {subject or f'the archive in {home}'}") from None
    return ArchiveKeys(archive_key)


def _how_to_unlock(wanted: object, given: str | None) -> str:
    if wanted == "passphrase":
        noun, how = "passphrase", "type it when asked or set DOCKET_PASSPHRASE"
    else:
        noun, how = "key file", "give --key-file PATH, or set DOCKET_KEY_FILE or DOCKET_KEY"
    if given is None:
        return f"this archive is encrypted with a {noun}: {how}"
    return f"this archive is unlocked with a {noun}, not a {given}: {how}"


def _key_encryption_key(document: dict[str, Any], unlocker: Unlocker) -> bytes:
    try:
        salt = _unb64(document["salt"])
        if isinstance(unlocker, Passphrase):
            return hash_secret_raw(
                unlocker.text.encode("utf-8"),
                salt,
                time_cost=int(document["time_cost"]),
                memory_cost=int(document["memory_kib"]),
                parallelism=int(document["parallelism"]),
                hash_len=KEY_BYTES,
                type=Type.ID,
            )
    except (KeyError, TypeError, ValueError, HashingError):
        raise DocketError("the key header is damaged: restore vault.json from a backup") from None
    return derive(unlocker.secret, "docket key file", salt)


def _read(home: Path) -> dict[str, Any]:
    path = header_path(home)
    try:
        document = json.loads(path.read_text(encoding="ascii"))
    except FileNotFoundError:
        raise NotEncrypted(f"the archive in {home} is not encrypted") from None
    except (OSError, ValueError) as error:
        raise DocketError(f"cannot read {path}: {error}") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise DocketError(f"{path} is not a Docket key header ({FORMAT})")
    return document


def _write_new(path: Path, content: bytes) -> None:
    partial = path.with_name(path.name + ".partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(content)
        file.flush()
        os.fsync(file.fileno())
    os.replace(partial, path)
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError, TypeError):
        raise DocketError("the key header is damaged: a value is not base64") from None
