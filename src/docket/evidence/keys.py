"""The archive's Ed25519 signing key: made at init, kept in the archive folder, not the DB."""

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

PRIVATE_KEY_FILE = "archive-ed25519.pem"
PUBLIC_KEY_FILE = "archive-ed25519.pub"
FOLDER_MODE = 0o700
FILE_MODE = 0o600


class KeyMissing(DocketError):
    """The archive's signing key is not where it should be."""


def create_key(directory: Path) -> Ed25519PublicKey:
    """Write a new key pair, readable by its owner only."""
    directory.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    _write_new(directory / PRIVATE_KEY_FILE, pem)
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


def load_private_key(directory: Path) -> Ed25519PrivateKey:
    path = directory / PRIVATE_KEY_FILE
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except FileNotFoundError:
        raise KeyMissing(f"archive signing key not found at {path}") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyMissing(f"{path} is not an Ed25519 key")
    return key


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
