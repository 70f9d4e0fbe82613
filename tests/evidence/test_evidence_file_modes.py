"""An archive's folder, database, blobs and keys are readable by their owner only."""

from __future__ import annotations

import logging
import os
import re
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.support import as_owner

from docket.archive import Archive
from docket.config import Settings
from docket.db.engine import make_engine, writing
from docket.evidence import file_modes
from docket.evidence.blobs import BlobStore
from docket.ingest.provenance import Provenance


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def permissive_umask() -> Iterator[None]:
    """The loosest umask there is: the modes must not depend on the user's."""
    previous = os.umask(0)
    try:
        yield
    finally:
        os.umask(previous)


def _ingest_one(archive: Archive, tmp_path: Path) -> str:
    evidence = tmp_path / "statement.txt"
    evidence.write_text("A witness saw Japarov taken from the hospital.", encoding="utf-8")
    (result,) = as_owner(archive).items.ingest([evidence], Provenance())
    sha256 = as_owner(archive).items.get(result.id)["sha256"]
    assert isinstance(sha256, str)
    return sha256


def _blob_folders(archive: Archive, sha256: str) -> list[Path]:
    blob = archive.kernel.blobs.path_of(sha256)
    return [archive.kernel.blobs.root, archive.kernel.blobs.tmp, blob.parent.parent, blob.parent]


@pytest.mark.usefixtures("permissive_umask")
def test_a_new_archive_is_readable_by_its_owner_only(settings: Settings, tmp_path: Path) -> None:
    archive = Archive.create(settings)
    try:
        sha256 = _ingest_one(archive, tmp_path)
        home = settings.home
        assert mode(home) == 0o700
        for folder in _blob_folders(archive, sha256):
            assert mode(folder) == 0o700, folder
        assert mode(archive.kernel.blobs.path_of(sha256)) == 0o400
        assert mode(home / "keys") == 0o700
        key_files = sorted((home / "keys").iterdir())
        assert [path.name for path in key_files] == ["archive-ed25519.pem", "archive-ed25519.pub"]
        assert [mode(path) for path in key_files] == [0o600, 0o600]
        if settings.is_sqlite:
            database = settings.sqlite_path
            assert database is not None
            companions = [database.with_name(database.name + s) for s in ("-wal", "-shm")]
            assert all(path.exists() for path in companions)
            for path in (database, *companions):
                assert mode(path) == 0o600, path
        # Everything the archive put in its folder, whatever its kind, is closed to others.
        for path in home.rglob("*"):
            assert not path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO), path
    finally:
        archive.close()


@pytest.mark.usefixtures("permissive_umask")
def test_an_sqlite_database_outside_the_archive_folder_is_owner_only(tmp_path: Path) -> None:
    database = tmp_path / "elsewhere" / "docket.sqlite3"
    database.parent.mkdir()
    engine = make_engine(f"sqlite:///{database}")
    with writing(engine) as connection:
        connection.exec_driver_sql("CREATE TABLE t (a)")
    engine.dispose()
    assert mode(database) == 0o600


def _loosen(archive: Archive, sha256: str) -> None:
    """Give the archive the modes a release before this rule left it with."""
    home = archive.settings.home
    home.chmod(0o755)
    for folder in _blob_folders(archive, sha256):
        folder.chmod(0o755)
    archive.kernel.blobs.path_of(sha256).chmod(0o444)
    (home / "keys").chmod(0o755)
    (home / "keys" / "archive-ed25519.pub").chmod(0o644)
    records_key = home / "keys" / "records.key"
    records_key.write_text("not read here\n", encoding="ascii")
    records_key.chmod(0o644)
    if archive.settings.sqlite_path is not None:
        archive.settings.sqlite_path.chmod(0o644)


def test_opening_an_older_archive_tightens_it_and_says_so_once(
    archive: Archive, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    sha256 = _ingest_one(archive, tmp_path)
    archive.close()
    _loosen(archive, sha256)
    home = archive.settings.home

    with caplog.at_level(logging.WARNING, logger=file_modes.__name__):
        reopened = Archive.open(archive.settings)
    try:
        (message,) = [record.getMessage() for record in caplog.records]
        assert re.fullmatch(
            f"{re.escape(str(home))} was open to other users of this computer; it is readable "
            r"by its owner only now \((\d+) modes changed\)",
            message,
        )
        assert mode(home) == 0o700
        for folder in _blob_folders(reopened, sha256):
            assert mode(folder) == 0o700, folder
        assert mode(reopened.kernel.blobs.path_of(sha256)) == 0o400
        assert {path.name: mode(path) for path in (home / "keys").iterdir()} == {
            "archive-ed25519.pem": 0o600,
            "archive-ed25519.pub": 0o600,
            "records.key": 0o600,
        }
        if archive.settings.sqlite_path is not None:
            assert mode(archive.settings.sqlite_path) == 0o600
        assert list(reopened.verify()) == []
    finally:
        reopened.close()

    caplog.clear()
    with caplog.at_level(logging.WARNING, logger=file_modes.__name__):
        Archive.open(archive.settings).close()
    assert caplog.records == []


def test_a_private_archive_is_not_walked_on_open(
    archive: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening must not cost a walk of every blob once the archive is private."""
    _ingest_one(archive, tmp_path)
    archive.close()

    def walk(_store: BlobStore) -> int:
        raise AssertionError("the blob store was walked")

    monkeypatch.setattr(BlobStore, "restrict", walk)
    Archive.open(archive.settings).close()


def test_the_command_line_says_once_that_it_tightened_an_archive(
    archive: Archive, tmp_path: Path, cli_env: dict[str, str]
) -> None:
    sha256 = _ingest_one(archive, tmp_path)
    archive.close()
    _loosen(archive, sha256)
    env = {**os.environ, **cli_env}
    outputs = [
        subprocess.run(
            [sys.executable, "-m", "docket", "verify"],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        for _ in range(2)
    ]
    assert [output.returncode for output in outputs] == [0, 0], outputs[0].stderr
    first = [line for line in outputs[0].stderr.splitlines() if "open to other users" in line]
    assert len(first) == 1
    assert first[0].startswith(f"{archive.settings.home} was open to other users")
    assert "open to other users" not in outputs[1].stderr


def test_a_key_file_loosened_by_hand_is_closed_again_on_open(
    archive: Archive, caplog: pytest.LogCaptureFixture
) -> None:
    archive.close()
    private_key = archive.settings.home / "keys" / "archive-ed25519.pem"
    private_key.chmod(0o644)
    with caplog.at_level(logging.WARNING, logger=file_modes.__name__):
        Archive.open(archive.settings).close()
    assert mode(private_key) == 0o600
    assert [record.getMessage().endswith("(1 mode changed)") for record in caplog.records] == [True]
