"""Creating an archive: a database with only its schema is finished; one with an archive is not
written over."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import delete

from docket.archive import Archive
from docket.config import Settings
from docket.db.engine import make_engine, writing
from docket.db.schema import metadata
from docket.errors import ArchiveExists
from docket.evidence import keys
from docket.ingest.provenance import Provenance
from docket.model.access import Viewer


def test_an_init_that_stopped_after_the_schema_can_be_run_again(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_key(*args: object, **kwargs: object) -> None:
        raise OSError("No space left on device")

    with monkeypatch.context() as patched:
        patched.setattr(keys, "create_key", no_key)
        with pytest.raises(OSError, match="No space"):
            Archive.create(settings)

    archive = Archive.create(settings)
    try:
        assert list(archive.verify()) == []
    finally:
        archive.close()


def test_a_database_holding_an_archive_is_refused(settings: Settings, tmp_path: Path) -> None:
    Archive.create(settings).close()
    elsewhere = Settings.from_env(home=tmp_path / "other", database_url=settings.database_url)

    with pytest.raises(ArchiveExists, match="already holds an archive"):
        Archive.create(elsewhere)


@pytest.mark.parametrize("emptied", [("archive_meta",), ("archive_meta", "chain_head", "custody")])
def test_an_archive_whose_identity_was_removed_is_still_refused(
    emptied: tuple[str, ...], settings: Settings, tmp_path: Path
) -> None:
    archive = Archive.create(settings)
    evidence = tmp_path / "statement.txt"
    evidence.write_text("a statement", encoding="utf-8")
    (result,) = archive.as_viewer(Viewer.owner()).items.ingest([evidence], Provenance())
    assert result.error is None
    archive.close()
    engine = make_engine(settings.database_url)
    with writing(engine) as connection:
        for table in emptied:
            connection.execute(delete(metadata.tables[table]))
    engine.dispose()
    elsewhere = Settings.from_env(home=tmp_path / "other", database_url=settings.database_url)

    with pytest.raises(ArchiveExists, match="already holds an archive"):
        Archive.create(elsewhere)
