"""Sealed originals several chunks long, altered on disk: ``docket verify`` names each one, and
a reader streaming one (a download) fails rather than hand out a shorter or reordered file."""

from __future__ import annotations

import base64
import os
from pathlib import Path

import pytest

from docket.config import Settings
from docket.evidence.blobs import BlobStore
from docket.kernel import BLOBS_DIR
from docket.vault import header
from docket.vault.header import KeyFileSecret
from docket.vault.stream import CHUNK, HEADER_BYTES, SEALED_CHUNK, DamagedBlob
from tests.e2e.conftest import Run, json_lines


def _truncate_at_a_chunk_boundary(sealed: bytes) -> bytes:
    return sealed[: HEADER_BYTES + 2 * SEALED_CHUNK]


def _swap_the_first_two_chunks(sealed: bytes) -> bytes:
    first = sealed[HEADER_BYTES : HEADER_BYTES + SEALED_CHUNK]
    second = sealed[HEADER_BYTES + SEALED_CHUNK : HEADER_BYTES + 2 * SEALED_CHUNK]
    return sealed[:HEADER_BYTES] + second + first + sealed[HEADER_BYTES + 2 * SEALED_CHUNK :]


def _flip_a_bit_in_the_last_chunk(sealed: bytes) -> bytes:
    flipped = bytearray(sealed)
    flipped[-100] ^= 0x10
    return bytes(flipped)


def _read_through(store: BlobStore, sha256: str) -> None:
    """Read the blob as a download does: piece by piece, never whole."""
    with store.open(sha256) as stream:
        while stream.read(CHUNK // 3):
            pass


TAMPERINGS = [
    _truncate_at_a_chunk_boundary,
    _swap_the_first_two_chunks,
    _flip_a_bit_in_the_last_chunk,
]


@pytest.mark.parametrize("at_rest", ["encrypted"])
def test_verify_finds_sealed_originals_cut_reordered_or_flipped(
    run: Run, settings: Settings, archive_key: str, tmp_path: Path
) -> None:
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    for number in range(len(TAMPERINGS) + 1):
        (incoming / f"recording-{number}.bin").write_bytes(os.urandom(2 * CHUNK + 4321))
    run("init")
    items = sorted(json_lines(run("ingest", str(incoming), "--json")), key=lambda r: r["path"])
    assert [r["status"] for r in items] == ["new"] * len(items)
    assert "Intact" in run("verify").stdout
    keys = header.unlock(settings.home, KeyFileSecret(base64.b64decode(archive_key), "test"))
    store = BlobStore(settings.home / BLOBS_DIR, keys)
    for tamper, item in zip(TAMPERINGS, items, strict=False):
        path = store.path_of(item["sha256"])
        path.chmod(0o600)
        path.write_bytes(tamper(path.read_bytes()))
    for item in items[: len(TAMPERINGS)]:
        with pytest.raises(DamagedBlob):
            _read_through(store, item["sha256"])
    lines = run("verify", code=1).stdout.splitlines()
    for item in items[: len(TAMPERINGS)]:
        assert any(f"item {item['id']}" in line and "changed" in line for line in lines), lines
    untouched = items[-1]
    assert not any(f"item {untouched['id']}" in line for line in lines), lines
