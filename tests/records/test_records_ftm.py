from __future__ import annotations

import importlib
import io
import json
from typing import Any

import pytest
from records_support import Source

from docket.archive import Archive
from docket.errors import DocketError
from docket.model.access import Viewer


def test_ftm_export_without_the_library_says_what_to_install(
    archive: Archive, owner: Viewer, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive.as_viewer(owner).records.create("person", {"name": "Ulan Atambaev"})

    def no_followthemoney(name: str, *args: Any, **kwargs: Any) -> Any:
        raise ImportError(name)

    monkeypatch.setattr(importlib, "import_module", no_followthemoney)
    with pytest.raises(DocketError, match="pip install followthemoney"):
        archive.as_viewer(owner).export_records(io.StringIO(), fmt="ftm")
    with pytest.raises(DocketError, match="unknown export format 'xml'"):
        archive.as_viewer(owner).export_records(io.StringIO(), fmt="xml")


def test_ftm_export_gives_valid_entities_with_their_documents_as_proof(
    archive: Archive, owner: Viewer, source: Source
) -> None:
    from followthemoney import model

    person = archive.as_viewer(owner).records.create(
        "person",
        {"name": [{"value": "Ulan Atambaev", "citations": [source.span("he was returned")]}]},
    )
    archive.as_viewer(owner).records.create(
        "organisation", {"name": "Progressive International Alliance"}
    )
    out = io.StringIO()
    archive.as_viewer(owner).export_records(out, fmt="ftm")
    proxies = [model.get_proxy(json.loads(line)) for line in out.getvalue().splitlines()]
    by_schema = {proxy.schema.name: proxy for proxy in proxies}
    assert set(by_schema) == {"Person", "Organization", "Document"}
    document = by_schema["Document"]
    assert document.get("fileName") == ["statement.txt"]
    assert document.get("publishedAt") == ["2023-12-02"]
    assert by_schema["Person"].get("name") == ["Ulan Atambaev"]
    assert by_schema["Person"].get("proof") == [document.id]
    assert by_schema["Person"].id is not None
    assert str(person.id) in by_schema["Person"].id
