"""Encryption of protected field values with a key that never enters the database.

AES-256-GCM with a random 96-bit nonce per value. The associated data binds each ciphertext to
its archive, record and field, so a ciphertext copied into another record does not decrypt. The
token names the key by a short fingerprint, so a wrong key is reported as such rather than as
damaged data.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Final

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from docket.records.errors import RecordKeyError

KEY_ENV: Final = "DOCKET_RECORD_KEY"
KEY_FILE: Final = "records.key"
SEALED_FORMAT: Final = "aesgcm1"
_KEY_BYTES: Final = 32
_NONCE_BYTES: Final = 12


class RecordCipher:
    """Seals and opens protected values with one 256-bit key."""

    def __init__(self, key: bytes) -> None:
        if len(key) != _KEY_BYTES:
            raise RecordKeyError(f"the record key must be {_KEY_BYTES} bytes, not {len(key)}")
        self._aead = AESGCM(key)
        self.fingerprint = hashlib.sha256(b"docket-record-key:" + key).hexdigest()[:16]

    @classmethod
    def load(
        cls,
        keys_dir: Path,
        *,
        create: bool,
        sealed: Callable[[bool], bytes | None] | None = None,
    ) -> RecordCipher:
        """The key from ``$DOCKET_RECORD_KEY`` (base64) or ``keys_dir/records.key``; in an
        encrypted archive, from ``sealed`` (which unseals it, making it with ``create``).

        With ``create`` a missing key file is made (mode 0600); without it a missing key is an
        error saying where the key is looked for.
        """
        encoded = os.environ.get(KEY_ENV, "").strip()
        if encoded:
            return cls(_decode(encoded, f"${KEY_ENV}"))
        if sealed is not None:
            key = sealed(create)
            if key is None:
                raise RecordKeyError(
                    f"no record key: set ${KEY_ENV} or restore {keys_dir} to read protected fields"
                )
            return cls(key)
        path = keys_dir / KEY_FILE
        if path.exists():
            return cls(_read_key_file(path))
        if not create:
            raise RecordKeyError(
                f"no record key: set ${KEY_ENV} or restore {path} to read protected fields"
            )
        return cls(_create_key_file(path))

    def seal(self, plaintext: str, context: str) -> str:
        nonce = os.urandom(_NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, plaintext.encode("utf-8"), context.encode("utf-8"))
        body = base64.b64encode(nonce + sealed).decode("ascii")
        return f"{SEALED_FORMAT}:{self.fingerprint}:{body}"

    def open(self, token: str, context: str) -> str:
        prefix, _, rest = token.partition(":")
        fingerprint, _, body = rest.partition(":")
        if prefix != SEALED_FORMAT or not body:
            raise RecordKeyError("a protected value is not in the expected encrypted form")
        if fingerprint != self.fingerprint:
            raise RecordKeyError(
                f"protected values were sealed with key {fingerprint}, "
                f"but the key in use is {self.fingerprint}: set the archive's own record key"
            )
        try:
            raw = base64.b64decode(body, validate=True)
            plain = self._aead.decrypt(
                raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], context.encode("utf-8")
            )
        except (binascii.Error, InvalidTag, ValueError):
            raise RecordKeyError(
                "a protected value does not decrypt: it was altered or moved to another record"
            ) from None
        return plain.decode("utf-8")


def _decode(encoded: str, where: str) -> bytes:
    try:
        key = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        try:
            key = base64.urlsafe_b64decode(encoded)
        except (binascii.Error, ValueError):
            raise RecordKeyError(f"{where} is not base64") from None
    if len(key) != _KEY_BYTES:
        raise RecordKeyError(f"{where} must hold {_KEY_BYTES} bytes in base64, not {len(key)}")
    return key


def _read_key_file(path: Path) -> bytes:
    if path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise RecordKeyError(f"{path} can be read by others; run `chmod 600 {path}`")
    try:
        return _decode(path.read_text(encoding="ascii").strip(), str(path))
    except (OSError, UnicodeDecodeError) as error:
        raise RecordKeyError(f"cannot read {path}: {error}") from None


def _create_key_file(path: Path) -> bytes:
    key = AESGCM.generate_key(bit_length=_KEY_BYTES * 8)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        # Another process made it first: use theirs, or the two would seal with different keys.
        return _read_key_file(path)
    with os.fdopen(descriptor, "w", encoding="ascii") as file:
        file.write(base64.b64encode(key).decode("ascii") + "\n")
        file.flush()
        os.fsync(file.fileno())
    return key
