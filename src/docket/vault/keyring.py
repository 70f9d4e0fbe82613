"""The archive key and the keys derived from it, one per use.

One random 256-bit archive key is made at ``init --encrypt``; it never lies on disk except wrapped
(see ``header``). Each use gets its own key through HKDF-SHA256, so a key given to SQLCipher says
nothing about the key that seals blobs, and so on.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Final

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from docket.errors import DocketError

KEY_BYTES: Final = 32
NONCE_BYTES: Final = 12


class WrongKey(DocketError):
    """The key given does not unlock what it was asked to."""


def derive(secret: bytes, purpose: str, salt: bytes | None = None) -> bytes:
    """A 256-bit key for one ``purpose`` from ``secret`` (HKDF-SHA256)."""
    return HKDF(
        algorithm=hashes.SHA256(), length=KEY_BYTES, salt=salt, info=purpose.encode("ascii")
    ).derive(secret)


def seal(key: bytes, plaintext: bytes, context: str) -> bytes:
    """AES-256-GCM with a random nonce; ``context`` is bound as associated data."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, context.encode("utf-8"))


def unseal(key: bytes, sealed: bytes, context: str, what: str) -> bytes:
    """The plaintext ``seal`` made; ``WrongKey`` naming ``what`` when the tag does not match."""
    try:
        return AESGCM(key).decrypt(
            sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], context.encode("utf-8")
        )
    except (InvalidTag, ValueError):
        raise WrongKey(f"{what} does not decrypt with this key") from None


@dataclass(frozen=True)
class ArchiveKeys:
    """The unlocked archive key and what it keys."""

    archive_key: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if len(self.archive_key) != KEY_BYTES:
            raise ValueError("the archive key must be 32 bytes")

    @property
    def database_key(self) -> bytes:
        """SQLCipher's raw key: given as is, so SQLCipher runs no second key derivation."""
        return derive(self.archive_key, "docket database")

    @property
    def blob_key(self) -> bytes:
        return derive(self.archive_key, "docket blobs")

    @property
    def wrap_key(self) -> bytes:
        """Seals the signing key and the record key kept in the keys folder."""
        return derive(self.archive_key, "docket key wrap")

    @property
    def name_key(self) -> bytes:
        return derive(self.archive_key, "docket blob names")

    def blob_name(self, sha256: str) -> str:
        """The file name of a blob on disk: a keyed hash of its SHA-256, so the store's listing
        cannot be matched against the hash of a known document."""
        mac = hmac.HMAC(self.name_key, hashes.SHA256())
        mac.update(sha256.encode("ascii"))
        return mac.finalize().hex()
