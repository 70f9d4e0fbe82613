from __future__ import annotations

import importlib
import io
from typing import Any

import pytest

from docket.archive import Archive
from docket.errors import DocketError
from docket.records import Viewer
from docket.records.exports import export_records


def test_ftm_export_without_the_library_says_what_to_install(
    archive: Archive, owner: Viewer, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive.records.create("person", {"name": "Ulan Atambaev"}, owner)

    def no_followthemoney(name: str, *args: Any, **kwargs: Any) -> Any:
        raise ImportError(name)

    monkeypatch.setattr(importlib, "import_module", no_followthemoney)
    with pytest.raises(DocketError, match="pip install followthemoney"):
        export_records(archive.records, owner, io.StringIO(), fmt="ftm")
    with pytest.raises(DocketError, match="unknown export format 'xml'"):
        export_records(archive.records, owner, io.StringIO(), fmt="xml")
