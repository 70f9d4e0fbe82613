"""Fixtures of the record tests: an owner, evidence to cite, and no record key from outside."""

from __future__ import annotations

from pathlib import Path

import pytest
from records_support import STATEMENT, Source
from tests.support import as_owner

from docket.archive import Archive
from docket.ingest.provenance import Provenance
from docket.model.access import Viewer


@pytest.fixture(autouse=True)
def _no_outside_record_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DOCKET_RECORD_KEY", raising=False)
    monkeypatch.setenv("DOCKET_ACTOR", "tester")


@pytest.fixture
def owner() -> Viewer:
    return Viewer.owner("owner")


@pytest.fixture
def source(archive: Archive, tmp_path: Path) -> Source:
    path = tmp_path / "statement.txt"
    path.write_text(STATEMENT, encoding="utf-8")
    (result,) = as_owner(archive).items.ingest([path], Provenance(published="2023-12-02"))
    assert result.id is not None
    return Source(result.id, as_owner(archive).items.text(result.id))
