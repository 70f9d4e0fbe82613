"""The archive's Ed25519 signing key: made at init, kept in the archive folder, not the DB.

In an encrypted archive the private key, and the record key beside it, are sealed with the
archive key (AES-256-GCM): the keys folder of a seized disk gives neither.
"""

from __future__ import annotations

import base64
import hashlib
import os
import stat
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from docket.errors import DocketError
from docket.vault.conversion import wipe
from docket.vault.keyring import KEY_BYTES, ArchiveKeys, seal, unseal

PRIVATE_KEY_FILE = "archive-ed25519.pem"
PUBLIC_KEY_FILE = "archive-ed25519.pub"
SEALED_RECORD_KEY_FILE = "records.key.sealed"
FOLDER_MODE = 0o700
FILE_MODE = 0o600
SEALED_MARK = b"docket-sealed/1\n"
_SIGNING_CONTEXT = "docket signing key"
_RECORD_CONTEXT = "docket record key"


class KeyMissing(DocketError):
    """The archive's signing key is not where it should be."""


def create_key(directory: Path, sealing: ArchiveKeys | None = None) -> Ed25519PublicKey:
    """Write a new key pair, readable by its owner only; the private key sealed with
    ``sealing`` in an encrypted archive."""
    directory.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    _write_new(directory / PRIVATE_KEY_FILE, _sealed(pem, sealing, _SIGNING_CONTEXT))
    public = private.public_key()
    _write_new(directory / PUBLIC_KEY_FILE, (encode_public_key(public) + "\n").encode("ascii"))
    return public


def restrict(directory: Path) -> int:
    """Make the key folder 0700 and each file in it 0600; returns how many modes it changed."""
    if not directory.is_dir():
        return 0
    changed = 0
    for path in [directory, *directory.iterdir()]:
        if path.is_symlink():
            continue
        wanted = FOLDER_MODE if path.is_dir() else FILE_MODE
        if stat.S_IMODE(path.stat().st_mode) != wanted:
            path.chmod(wanted)
            changed += 1
    return changed


def _write_new(path: Path, content: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    with os.fdopen(fd, "wb") as out:
        out.write(content)
        out.flush()
        os.fsync(out.fileno())


def _replace(path: Path, content: bytes) -> None:
    """Put ``content`` at ``path`` atomically: a crash leaves the old file or the new one."""
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    _write_new(partial, content)
    os.replace(partial, path)
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def _sealed(content: bytes, sealing: ArchiveKeys | None, context: str) -> bytes:
    if sealing is None:
        return content
    body = base64.b64encode(seal(sealing.wrap_key, content, context))
    return SEALED_MARK + body + b"\n"


def _unsealed(path: Path, content: bytes, sealing: ArchiveKeys | None, context: str) -> bytes:
    if not content.startswith(SEALED_MARK):
        return content
    if sealing is None:
        raise KeyMissing(f"{path} is sealed: unlock the archive with its key")
    body = base64.b64decode(content[len(SEALED_MARK) :].strip())
    return unseal(sealing.wrap_key, body, context, str(path))


def load_private_key(directory: Path, sealing: ArchiveKeys | None = None) -> Ed25519PrivateKey:
    path = directory / PRIVATE_KEY_FILE
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        raise KeyMissing(f"archive signing key not found at {path}") from None
    key = serialization.load_pem_private_key(
        _unsealed(path, content, sealing, _SIGNING_CONTEXT), password=None
    )
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyMissing(f"{path} is not an Ed25519 key")
    return key


def is_sealed(directory: Path) -> bool:
    """Whether the signing key lies sealed (the archive is encrypted, or being encrypted)."""
    try:
        return (directory / PRIVATE_KEY_FILE).read_bytes().startswith(SEALED_MARK)
    except FileNotFoundError:
        return False


def seal_private_key(directory: Path, sealing: ArchiveKeys) -> None:
    """Seal a plain signing key in place (encrypting an existing archive); no-op when sealed.

    The plain key's file is kept under a second name until the sealed one is in place, then
    overwritten: a crash leaves one of the two, and ``wipe`` finishes a leftover.
    """
    path = directory / PRIVATE_KEY_FILE
    leftover = path.with_name(path.name + ".plain")
    content = path.read_bytes()
    if not content.startswith(SEALED_MARK):
        leftover.unlink(missing_ok=True)
        os.link(path, leftover)
        _replace(path, _sealed(content, sealing, _SIGNING_CONTEXT))
    wipe(leftover)


def sealed_record_key(directory: Path, sealing: ArchiveKeys, *, create: bool) -> bytes | None:
    """The record key of an encrypted archive, unsealed; made (sealed) with ``create``.

    A plain ``records.key`` left from before encryption is sealed and then removed.
    """
    path = directory / SEALED_RECORD_KEY_FILE
    plain = directory / "records.key"
    if not path.exists() and plain.exists():
        secret = base64.b64decode(plain.read_text(encoding="ascii").strip())
        _replace(path, _sealed(secret, sealing, _RECORD_CONTEXT))
    if path.exists():
        wipe(plain)
        return _unsealed(path, path.read_bytes(), sealing, _RECORD_CONTEXT)
    if not create:
        return None
    secret = os.urandom(KEY_BYTES)
    directory.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
    try:
        _write_new(path, _sealed(secret, sealing, _RECORD_CONTEXT))
    except FileExistsError:
        # Another process made it first: use theirs, or the two would seal with different keys.
        return _unsealed(path, path.read_bytes(), sealing, _RECORD_CONTEXT)
    return secret


def encode_public_key(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def decode_public_key(text: str) -> Ed25519PublicKey:
    try:
        return Ed25519PublicKey.from_public_bytes(base64.b64decode(text.strip(), validate=True))
    except ValueError as error:
        raise DocketError(f"not an Ed25519 public key: {error}") from None


def fingerprint(key_text: str) -> str:
    """A short, stable name for a public key (hex of the first 8 bytes of its SHA-256)."""
    return hashlib.sha256(key_text.encode("ascii")).hexdigest()[:16]


def sign(key: Ed25519PrivateKey, message: bytes) -> str:
    return base64.b64encode(key.sign(message)).decode("ascii")


def signature_valid(key: Ed25519PublicKey, message: bytes, signature: str) -> bool:
    try:
        key.verify(base64.b64decode(signature, validate=True), message)
    except (InvalidSignature, ValueError):
        return False
    return True
