"""Authenticated encryption of one blob, written and read in chunks.

Layout: ``MAGIC`` (``DKB`` and a format version byte) and a random 16-byte salt, then the
plaintext in chunks of ``CHUNK`` bytes, each sealed with AES-256-GCM. The blob's key is derived
from the blob key and its salt, so no two blobs share a key and the chunk counter can serve as
the nonce. The nonce's last byte marks the final chunk: a blob cut short, chunks reordered or
swapped between blobs all fail to decrypt rather than read as shorter or different evidence.
Neither side holds more than a chunk or two: a blob of any size is sealed and read in constant
memory (benchmarks/blob_memory.py).
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from typing import BinaryIO, Final

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from docket.errors import DocketError
from docket.vault.keyring import derive

FAMILY: Final = b"DKB"
VERSION: Final = b"1"
MAGIC: Final = FAMILY + VERSION
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


def decrypted_chunks(source: BinaryIO, blob_key: bytes, name: str = "blob") -> Iterator[bytes]:
    """The plaintext of the sealed blob in ``source``, chunk by chunk, each released only after
    its tag is checked, and the end only when the final chunk's mark is.

    The file's size says where the final chunk is, so each read asks for exactly one chunk.
    """
    start = source.tell()
    end = source.seek(0, io.SEEK_END)
    source.seek(start)
    remaining = end - start - HEADER_BYTES
    header = source.read(HEADER_BYTES)
    if len(header) == HEADER_BYTES and header.startswith(FAMILY) and not header.startswith(MAGIC):
        version = header[len(FAMILY) : len(MAGIC)].decode("ascii", "replace")
        raise DamagedBlob(
            f"{name} is sealed in format version {version!r}, which this Docket does not read "
            f"(it reads version {VERSION.decode('ascii')}): upgrade Docket"
        )
    if len(header) != HEADER_BYTES or not header.startswith(MAGIC):
        raise DamagedBlob(f"{name} is not an encrypted blob")
    aead = _cipher(blob_key, header[len(MAGIC) :])
    counter = 0
    while True:
        piece = source.read(min(SEALED_CHUNK, max(remaining, 0)))
        remaining -= len(piece)
        last = remaining <= 0
        if len(piece) < TAG_BYTES:
            raise DamagedBlob(f"{name} is cut short")
        try:
            yield aead.decrypt(_nonce(counter, last), piece, header)
        except InvalidTag:
            raise DamagedBlob(f"{name} was altered or cut short") from None
        if last:
            return
        counter += 1


class DecryptingReader(io.RawIOBase):
    """A read-only stream over ``decrypted_chunks``."""

    def __init__(self, source: BinaryIO, blob_key: bytes, name: str = "blob") -> None:
        super().__init__()
        self._source = source
        self._chunks = decrypted_chunks(source, blob_key, name)
        self._buffer = memoryview(b"")
        # The header is checked now, so a file that is no blob fails at open, not at read.
        try:
            self._buffer = memoryview(next(self._chunks))
        except BaseException:
            source.close()
            raise
        self._done = False

    def readable(self) -> bool:
        return True

    def readinto(self, target: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._buffer and not self._done:
            try:
                self._buffer = memoryview(next(self._chunks))
            except StopIteration:
                self._done = True
        size = min(len(target), len(self._buffer))
        target[:size] = self._buffer[:size]
        self._buffer = self._buffer[size:]
        return size

    def close(self) -> None:
        if not self.closed:
            self._source.close()
        super().close()


def open_sealed(source: BinaryIO, blob_key: bytes, name: str = "blob") -> BinaryIO:
    """A buffered plaintext stream over the sealed ``source``; closing it closes ``source``."""
    return io.BufferedReader(DecryptingReader(source, blob_key, name))
