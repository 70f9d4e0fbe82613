from __future__ import annotations

import errno
import hashlib
import io
import os
import stat
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docket.errors import TooLarge
from docket.evidence.blobs import BlobStore, StorageFull


@pytest.fixture
def store(tmp_path: Path) -> BlobStore:
    blobs = BlobStore(tmp_path / "blobs")
    blobs.create()
    return blobs


def test_blob_is_addressed_by_sha256_and_read_only(store: BlobStore) -> None:
    blob = store.put_bytes(b"statement of a witness")
    assert blob.sha256 == hashlib.sha256(b"statement of a witness").hexdigest()
    assert blob.path == store.path_of(blob.sha256)
    assert blob.path.read_bytes() == b"statement of a witness"
    assert not blob.path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    assert store.rehash(blob.sha256) == (blob.sha256, len(b"statement of a witness"))


def test_same_bytes_twice_is_one_blob(store: BlobStore) -> None:
    first = store.put_bytes(b"x" * 10)
    second = store.put_bytes(b"x" * 10)
    assert first == second
    files = [p for p in store.root.rglob("*") if p.is_file()]
    assert files == [first.path]


def test_existing_blob_is_never_rewritten(store: BlobStore) -> None:
    blob = store.put_bytes(b"original")
    before = blob.path.stat().st_mtime_ns
    store.put_bytes(b"original")
    assert blob.path.stat().st_mtime_ns == before


def test_size_limit_leaves_nothing_behind(store: BlobStore) -> None:
    with pytest.raises(TooLarge):
        store.stage_stream(io.BytesIO(b"a" * 5000), max_size=4096)
    assert [p for p in store.root.rglob("*") if p.is_file()] == []


def test_disk_full_is_one_clear_error_and_leaves_nothing(
    store: BlobStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(StorageFull, match="disk holding the archive is full"):
        store.put_bytes(b"evidence")
    assert [p for p in store.root.rglob("*") if p.is_file()] == []


def test_symlink_is_not_followed(store: BlobStore, tmp_path: Path) -> None:
    target = tmp_path / "target.txt"
    target.write_text("secret")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    with pytest.raises(OSError, match=r"symbolic links|Too many levels"):
        store.put_file(link)


def test_stale_temporaries_of_dead_processes_are_removed(store: BlobStore) -> None:
    dead = store.tmp / "999999999-abc"
    dead.write_bytes(b"half written")
    mine = store.tmp / f"{os.getpid()}-def"
    mine.write_bytes(b"in progress")
    store.remove_stale_temporaries()
    assert not dead.exists()
    assert mine.exists()


def test_changed_and_missing_blobs_are_detected(store: BlobStore) -> None:
    blob = store.put_bytes(b"photo bytes")
    blob.path.chmod(0o644)
    blob.path.write_bytes(b"photo bytez")
    assert store.rehash(blob.sha256) != (blob.sha256, 11)
    blob.path.unlink()
    assert store.rehash(blob.sha256) is None


def test_path_of_rejects_anything_but_a_digest(store: BlobStore) -> None:
    with pytest.raises(ValueError, match="SHA-256"):
        store.path_of("../../etc/passwd")


@settings(max_examples=50, deadline=None)
@given(data=st.binary(max_size=4096))
def test_any_bytes_round_trip(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    store = BlobStore(tmp_path_factory.mktemp("blobs"))
    store.create()
    blob = store.put_bytes(data)
    assert blob.path.read_bytes() == data
    assert blob.size == len(data)
