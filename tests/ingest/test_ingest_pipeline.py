"""The pipeline's promises: nothing half-written, one line per problem, the batch goes on."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest
from tests.support import as_owner

from docket.archive import Archive
from docket.config import Settings
from docket.db.engine import reading
from docket.ingest.options import IngestOptions
from docket.ingest.pipeline import PARALLEL_AFTER, Ingestor
from docket.ingest.provenance import Provenance


def _files(folder: Path, count: int) -> Path:
    folder.mkdir()
    for n in range(count):
        (folder / f"{n:03}.txt").write_text(f"Statement {n} about Japarov.", encoding="utf-8")
    return folder


def test_disk_full_reports_each_item_and_leaves_nothing_half_written(
    archive: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _files(tmp_path / "in", 5)

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    results = list(as_owner(archive).items.ingest([folder], Provenance()))
    monkeypatch.undo()
    assert [r.status for r in results] == ["error"] * 5
    assert all("disk holding the archive is full" in (r.error or "") for r in results)
    assert list(as_owner(archive).items.ids()) == []
    assert list(archive.verify()) == []
    assert list((archive.kernel.blobs.tmp).iterdir()) == []
    # Once there is space again the same ingest completes.
    assert [r.status for r in as_owner(archive).items.ingest([folder], Provenance())] == ["new"] * 5
    assert list(archive.verify()) == []


def test_size_limit_is_one_error_and_the_batch_goes_on(archive: Archive, tmp_path: Path) -> None:
    folder = _files(tmp_path / "in", 3)
    (folder / "big.bin").write_bytes(b"x" * 5000)
    results = list(
        as_owner(archive).items.ingest([folder], Provenance(), IngestOptions(max_size=4096))
    )
    by_name = {Path(r.path).name: r for r in results}
    assert by_name["big.bin"].status == "error"
    assert "over the limit of 4,096" in (by_name["big.bin"].error or "")
    assert sorted(r.status for r in results) == ["error", "new", "new", "new"]


def test_same_bytes_twice_in_one_batch_is_one_item(archive: Archive, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("identical statement")
    (folder / "b.txt").write_text("identical statement")
    results = list(as_owner(archive).items.ingest([folder], Provenance(collected_by="Aigul")))
    assert [r.status for r in results] == ["new", "duplicate"]
    assert results[0].id == results[1].id
    actions = [e.action for e in as_owner(archive).items.show(results[0].id or 0).history]
    assert actions == ["received", "text_derived", "seen_again"]


def test_provenance_is_recorded_and_members_inherit_only_where_from(
    archive: Archive, tmp_path: Path
) -> None:
    import zipfile

    bundle = tmp_path / "bundle.zip"
    with zipfile.ZipFile(bundle, "w") as zipped:
        zipped.writestr("inner.txt", "member text")
    provenance = Provenance(
        source_url="https://example.org/x",
        title="Field notes",
        collected_by="Aigul",
        confidentiality="restricted",
        note="handed over in person",
    )
    parent, child = list(as_owner(archive).items.ingest([bundle], provenance))
    parent_item = as_owner(archive).items.get(parent.id or 0)
    child_item = as_owner(archive).items.get(child.id or 0)
    assert parent_item["title"] == "Field notes"
    assert parent_item["notes"] == "handed over in person"
    assert child_item["parent_id"] == parent.id
    assert child_item["title"] is None
    assert child_item["source_url"] == "https://example.org/x"
    assert child_item["confidentiality"] == "restricted"
    assert child.path.endswith("bundle.zip!inner.txt")


def test_a_one_gigabyte_file_is_streamed_not_loaded(tmp_path: Path) -> None:
    import resource

    settings = Settings.from_env(home=tmp_path / "a", database_url="")
    big = tmp_path / "video.bin"
    with open(big, "wb") as out:
        out.truncate(1 << 30)
    with Archive.create(settings) as archive:
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        [result] = list(as_owner(archive).items.ingest([big], Provenance()))
        grown_mib = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
        assert result.status == "new"
        assert as_owner(archive).items.get(result.id or 0)["size"] == 1 << 30
        assert grown_mib < 200
        assert list(archive.verify()) == []
    shutil.rmtree(settings.home)
    big.unlink()


def test_worker_processes_read_large_batches_with_the_same_result(
    archive: Archive, tmp_path: Path
) -> None:
    folder = _files(tmp_path / "in", PARALLEL_AFTER + 8)
    results = list(as_owner(archive).items.ingest([folder], Provenance(), IngestOptions(workers=2)))
    assert [r.status for r in results] == ["new"] * (PARALLEL_AFTER + 8)
    last = as_owner(archive).items.show(results[-1].id or 0)
    assert [e.action for e in last.history] == ["received", "text_derived"]
    assert as_owner(archive).items.text(results[-1].id or 0).startswith("Statement")
    assert as_owner(archive).items.get(results[-1].id or 0)["language"] == "en"
    assert list(archive.verify()) == []


def _custody(archive: Archive) -> list[tuple[str, int | None]]:
    with reading(archive.kernel.engine) as connection:
        return [(e.action, e.item_id) for e in archive.kernel.custody.entries(connection)]


def test_a_batch_of_new_and_known_files_is_written_in_order(
    archive: Archive, tmp_path: Path
) -> None:
    known = tmp_path / "known.txt"
    known.write_text("A statement brought before.", encoding="utf-8")
    [first] = list(as_owner(archive).items.ingest([known], Provenance()))
    folder = _files(tmp_path / "in", 3)
    shutil.copy(known, folder / "001-again.txt")
    (folder / "002-latin1.txt").write_bytes("Déclaration de témoin.".encode("latin-1"))
    (folder / "003-no-text.bin").write_bytes(b"\x00\x01\x02\x03" * 8)
    before = _custody(archive)

    results = list(as_owner(archive).items.ingest([folder], Provenance(collected_by="Aigul")))

    assert [(Path(r.path).name, r.status) for r in results] == [
        ("000.txt", "new"),
        ("001-again.txt", "duplicate"),
        ("001.txt", "new"),
        ("002-latin1.txt", "new"),
        ("002.txt", "new"),
        ("003-no-text.bin", "new"),
    ]
    new = [r for r in results if r.status == "new"]
    ids = [r.id or 0 for r in new]
    assert ids == sorted(ids)
    assert first.id not in ids
    assert results[1].id == first.id
    items = as_owner(archive).items
    for result in new:
        assert items.get(result.id or 0)["sha256"] == result.sha256
        assert items.get(result.id or 0)["collected_by"] == "Aigul"
    # The text of each file is its own item's working copy; a UTF-8 file shares its blob.
    assert items.text(new[0].id or 0) == "Statement 0 about Japarov."
    assert items.text(new[2].id or 0) == "Déclaration de témoin."
    assert [r["sha256"] for r in items.show(new[0].id or 0).renditions] == [new[0].sha256]
    assert [r["sha256"] for r in items.show(new[2].id or 0).renditions] != [new[2].sha256]
    assert items.show(new[4].id or 0).renditions == []
    # Custody in the order the files came, each new item's entries together.
    added = _custody(archive)[len(before) :]
    assert added == [
        ("received", ids[0]),
        ("text_derived", ids[0]),
        ("seen_again", first.id),
        ("received", ids[1]),
        ("text_derived", ids[1]),
        ("received", ids[2]),
        ("text_derived", ids[2]),
        ("received", ids[3]),
        ("text_derived", ids[3]),
        ("received", ids[4]),
        ("text_failed", ids[4]),
    ]
    assert list(archive.verify()) == []


def test_bytes_stored_meanwhile_by_another_ingest_become_a_sighting(
    archive: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    known = tmp_path / "known.txt"
    known.write_text("A statement brought before.", encoding="utf-8")
    [first] = list(as_owner(archive).items.ingest([known], Provenance()))
    folder = _files(tmp_path / "in", 2)
    shutil.copy(known, folder / "000-again.txt")
    # Each look-up misses, as when another ingest commits the same bytes just after it: the
    # batch's write meets the stored row and is retried file by file.
    monkeypatch.setattr(Ingestor, "_existing", lambda _self, _sha256: None)

    results = list(as_owner(archive).items.ingest([folder], Provenance()))

    assert [(Path(r.path).name, r.status) for r in results] == [
        ("000-again.txt", "duplicate"),
        ("000.txt", "new"),
        ("001.txt", "new"),
    ]
    assert results[0].id == first.id
    actions = [e.action for e in as_owner(archive).items.show(first.id or 0).history]
    assert actions == ["received", "text_derived", "seen_again"]
    assert as_owner(archive).items.text(results[2].id or 0) == "Statement 1 about Japarov."
    assert list(archive.verify()) == []
