"""Snippets kept across changes of the archive, under their text's hash, the title and the query:
the same hits and snippets as cut afresh, and a new working copy cut anew."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import insert

from docket.archive import Archive
from docket.db.engine import writing
from docket.db.schema import renditions
from docket.errors import InvalidQuery
from docket.ingest.provenance import Provenance
from docket.model.access import Viewer
from docket.search import parse_query
from docket.search.service import kept_snippets

OWNER = Viewer.owner("owner")
TEXTS = {
    "public": ("public", "Atambaev was returned to prison in Bishkek."),
    "restricted": ("restricted", "Atambayev was visited by a lawyer."),
    "confidential": ("confidential", "A witness saw Atambaev in the colony."),
}


@pytest.fixture
def ingested(archive: Archive, tmp_path: Path) -> dict[str, int]:
    found = {}
    for name, (level, text) in TEXTS.items():
        path = tmp_path / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        (result,) = archive.as_viewer(OWNER).items.ingest([path], Provenance(confidentiality=level))
        assert result.id is not None
        found[name] = result.id
    return found


@pytest.mark.parametrize("role", ["admin", "analyst", "viewer"])
def test_kept_snippets_are_the_ones_cut_afresh_and_texts_are_read_once(
    archive: Archive, ingested: dict[str, int], role: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    door = archive.as_viewer(Viewer.as_role(role, "reader"))
    blobs = archive.kernel.blobs
    read: list[str] = []
    plain = blobs.read_text
    monkeypatch.setattr(blobs, "read_text", lambda sha256: read.append(sha256) or plain(sha256))
    kept_snippets(archive.kernel).clear()
    for query in ("Atambaev", "prison OR lawyer", "Atamb*"):
        afresh = door.items.search_page(query)
        texts_read = len(read)
        assert texts_read == len(afresh.found) > 0
        again = door.items.search_page(query)
        assert len(read) == texts_read  # no text read again
        assert [found.hit for found in again.found] == [found.hit for found in afresh.found]
        assert [found.hit for found in again.found] == door.items.search(query)
        read.clear()
    # An admin's kept snippets give a viewer only the hits the viewer may see.
    shown = {found.hit.item_id for found in door.items.search_page("Atambaev").found}
    visible = {"admin": 3, "analyst": 2, "viewer": 1}[role]
    assert len(shown) == visible


def test_a_new_working_copy_is_cut_anew(archive: Archive, ingested: dict[str, int]) -> None:
    door = archive.as_viewer(OWNER)
    changed = ingested["public"]
    (before,) = [f.hit for f in door.items.search_page("prison").found]
    assert before.snippet == "Atambaev was returned to prison in Bishkek."
    newer = archive.kernel.blobs.put_bytes(b"Atambaev was moved from prison to hospital.")
    with writing(archive.kernel.engine) as connection:
        connection.execute(
            insert(renditions).values(
                item_id=changed,
                kind="text",
                sha256=newer.sha256,
                size=newer.size,
                tool="test",
                tool_version="1",
                created_at="2024-05-01T00:00:00Z",
                page_starts=json.dumps([]),
                notes=json.dumps([]),
            )
        )
    (after,) = [f.hit for f in door.items.search_page("prison").found]
    assert after.snippet == "Atambaev was moved from prison to hospital."
    assert after.snippet[after.highlights[0][0] : after.highlights[0][1]] == "prison"


def test_a_parsed_query_is_kept_and_a_refused_one_refused_each_time() -> None:
    assert parse_query("Atambaev OR Жапаров") is parse_query("Atambaev OR Жапаров")
    for _ in range(2):
        with pytest.raises(InvalidQuery):
            parse_query("NOT Atambaev")
