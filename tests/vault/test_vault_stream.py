"""Sealed blobs: what is written decrypts to the same bytes, and nothing else decrypts."""

from __future__ import annotations

import io
import os
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docket.vault.stream import (
    CHUNK,
    HEADER_BYTES,
    SEALED_CHUNK,
    DamagedBlob,
    Encryptor,
    encrypt_bytes,
    open_sealed,
    sealed_size,
)

KEY = os.urandom(32)


def _decrypt(sealed: bytes, key: bytes = KEY) -> bytes:
    with open_sealed(io.BytesIO(sealed), key) as stream:
        return stream.read()


@settings(max_examples=25, deadline=None)
@given(size=st.integers(0, 3 * CHUNK + 17), pieces=st.integers(1, 9))
def test_any_size_written_in_any_pieces_reads_back_whole(size: int, pieces: int) -> None:
    data = random.Random(size).randbytes(size)
    encryptor = Encryptor(KEY)
    cuts = sorted(random.Random(pieces).sample(range(size + 1), min(pieces, size + 1)))
    sealed = b""
    start = 0
    for cut in [*cuts, size]:
        sealed += encryptor.update(data[start:cut])
        start = cut
    sealed += encryptor.finish()
    assert len(sealed) == sealed_size(size)
    assert _decrypt(sealed) == data


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK])
def test_chunk_boundaries(size: int) -> None:
    data = os.urandom(size)
    assert _decrypt(encrypt_bytes(KEY, data)) == data


def test_the_same_plaintext_never_seals_the_same_way() -> None:
    assert encrypt_bytes(KEY, b"statement") != encrypt_bytes(KEY, b"statement")
    assert b"statement" not in encrypt_bytes(KEY, b"statement")


@pytest.mark.parametrize("where", [0, 5, HEADER_BYTES, HEADER_BYTES + 100, -1])
def test_a_flipped_byte_anywhere_is_caught(where: int) -> None:
    sealed = bytearray(encrypt_bytes(KEY, os.urandom(CHUNK + 500)))
    sealed[where] ^= 0x01
    with pytest.raises(DamagedBlob):
        _decrypt(bytes(sealed))


def test_a_blob_cut_at_a_chunk_boundary_is_caught() -> None:
    sealed = encrypt_bytes(KEY, os.urandom(2 * CHUNK + 10))
    with pytest.raises(DamagedBlob):
        _decrypt(sealed[: HEADER_BYTES + 2 * SEALED_CHUNK])
    with pytest.raises(DamagedBlob):
        _decrypt(sealed[: HEADER_BYTES + SEALED_CHUNK])


def test_chunks_moved_between_blobs_or_appended_are_caught() -> None:
    first = encrypt_bytes(KEY, os.urandom(2 * CHUNK))
    second = encrypt_bytes(KEY, os.urandom(2 * CHUNK))
    spliced = first[: HEADER_BYTES + SEALED_CHUNK] + second[HEADER_BYTES + SEALED_CHUNK :]
    with pytest.raises(DamagedBlob):
        _decrypt(spliced)
    with pytest.raises(DamagedBlob):
        _decrypt(first + b"\x00" * 40)


def test_another_key_reads_nothing() -> None:
    with pytest.raises(DamagedBlob, match="altered or cut short"):
        _decrypt(encrypt_bytes(KEY, b"evidence"), os.urandom(32))


def test_a_file_that_is_not_a_sealed_blob_says_so() -> None:
    with pytest.raises(DamagedBlob, match="not an encrypted blob"):
        _decrypt(b"plain text lying where a sealed blob should")


def test_a_blob_of_another_format_version_names_the_version() -> None:
    sealed = bytearray(encrypt_bytes(KEY, b"evidence"))
    sealed[3:4] = b"7"
    with pytest.raises(DamagedBlob, match=r"format version '7'.*upgrade Docket"):
        _decrypt(bytes(sealed))
