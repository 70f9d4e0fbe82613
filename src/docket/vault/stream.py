"""Authenticated encryption of one blob, written and read in chunks.

Layout: ``MAGIC`` and a random 16-byte salt, then the plaintext in chunks of ``CHUNK`` bytes,
each sealed with AES-256-GCM. The blob's key is derived from the blob key and its salt, so no two
blobs share a key and the chunk counter can serve as the nonce. The nonce's last byte marks the
final chunk: a blob cut short, chunks reordered or swapped between blobs all fail to decrypt
rather than read as shorter or different evidence.
"""

from __future__ import annotations

import io
import os
from typing import BinaryIO, Final

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from docket.errors import DocketError
from docket.vault.keyring import derive

MAGIC: Final = b"DKB1"
SALT_BYTES: Final = 16
HEADER_BYTES: Final = len(MAGIC) + SALT_BYTES
CHUNK: Final = 1 << 20
TAG_BYTES: Final = 16
SEALED_CHUNK: Final = CHUNK + TAG_BYTES


class DamagedBlob(DocketError):
    """An encrypted blob failed authentication: altered, truncated or not a blob."""


def _nonce(counter: int, last: bool) -> bytes:
    return counter.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


def _cipher(blob_key: bytes, salt: bytes) -> AESGCM:
    return AESGCM(derive(blob_key, "docket blob", salt))


def sealed_size(plain_size: int) -> int:
    """How many bytes a blob of ``plain_size`` takes encrypted."""
    chunks = max(1, -(-plain_size // CHUNK))
    return HEADER_BYTES + plain_size + chunks * TAG_BYTES


class Encryptor:
    """Turns plaintext written in any pieces into the sealed layout, chunk by chunk."""

    def __init__(self, blob_key: bytes) -> None:
        salt = os.urandom(SALT_BYTES)
        self._header = MAGIC + salt
        self._aead = _cipher(blob_key, salt)
        self._pending = bytearray()
        self._counter = 0
        self._started = False
        self._finished = False

    def update(self, data: bytes | memoryview) -> bytes:
        """The sealed bytes ``data`` completes; a partial chunk waits for more or ``finish``."""
        self._pending += data
        out = bytearray()
        if not self._started:
            out += self._header
            self._started = True
        # A full chunk is sealed only once more follows: the final one must carry the mark.
        while len(self._pending) > CHUNK:
            out += self._seal(bytes(self._pending[:CHUNK]), last=False)
            del self._pending[:CHUNK]
        return bytes(out)

    def finish(self) -> bytes:
        if self._finished:
            raise ValueError("the blob is already finished")
        self._finished = True
        head = b"" if self._started else self._header
        self._started = True
        return head + self._seal(bytes(self._pending), last=True)

    def _seal(self, chunk: bytes, *, last: bool) -> bytes:
        sealed = self._aead.encrypt(_nonce(self._counter, last), chunk, self._header)
        self._counter += 1
        return sealed


def encrypt_bytes(blob_key: bytes, data: bytes) -> bytes:
    encryptor = Encryptor(blob_key)
    return encryptor.update(data) + encryptor.finish()


class DecryptingReader(io.RawIOBase):
    """A read-only stream of the plaintext of a sealed blob, authenticated chunk by chunk.

    A chunk is released only after its tag is checked, and the end only when the final chunk's
    mark is: what it yields is never bytes that were not written by the key's holder.
    """

    def __init__(self, source: BinaryIO, blob_key: bytes, name: str = "blob") -> None:
        super().__init__()
        self._source = source
        self._name = name
        header = source.read(HEADER_BYTES)
        if len(header) != HEADER_BYTES or not header.startswith(MAGIC):
            source.close()
            raise DamagedBlob(f"{name} is not an encrypted blob")
        self._header = header
        self._aead = _cipher(blob_key, header[len(MAGIC) :])
        self._counter = 0
        self._next = source.read(SEALED_CHUNK)
        self._buffer = b""
        self._done = False

    def readable(self) -> bool:
        return True

    def readinto(self, target: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._buffer and not self._done:
            self._advance()
        size = min(len(target), len(self._buffer))
        target[:size] = self._buffer[:size]
        self._buffer = self._buffer[size:]
        return size

    def _advance(self) -> None:
        current = self._next
        self._next = self._source.read(SEALED_CHUNK) if current else b""
        last = not self._next
        if len(current) < TAG_BYTES:
            raise DamagedBlob(f"{self._name} is cut short")
        try:
            self._buffer = self._aead.decrypt(_nonce(self._counter, last), current, self._header)
        except InvalidTag:
            raise DamagedBlob(f"{self._name} was altered or cut short") from None
        self._counter += 1
        self._done = last

    def close(self) -> None:
        if not self.closed:
            self._source.close()
        super().close()


def open_sealed(source: BinaryIO, blob_key: bytes, name: str = "blob") -> BinaryIO:
    """A buffered plaintext stream over the sealed ``source``; closing it closes ``source``."""
    return io.BufferedReader(DecryptingReader(source, blob_key, name), buffer_size=CHUNK)
