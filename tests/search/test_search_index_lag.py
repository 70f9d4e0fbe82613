"""Changes that touch no indexed item write nothing to the search index; the next change that
does is taken in, with every entry since the index's last commit."""

from __future__ import annotations

from pathlib import Path

import pytest

from docket.archive import Archive
from docket.config import Settings
from docket.db.engine import reading
from docket.face import Facets
from docket.ingest.provenance import Provenance
from docket.items import ITEM_VIEWED
from docket.model.access import Viewer
from docket.search import SearchFilters, tantivy_chain
from docket.search.browse import facets
from docket.search.tantivy_chain import ITEM_READS
from docket.search.tantivy_check import disagreements
from docket.search.tantivy_host import attached
from docket.search.tantivy_index import SearchIndex

OWNER = Viewer.owner("owner")


def _ingest(archive: Archive, folder: Path, texts: dict[str, str], level: str) -> dict[str, int]:
    folder.mkdir(parents=True, exist_ok=True)
    found = {}
    for name, text in texts.items():
        path = folder / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        door = archive.as_viewer(OWNER)
        (result,) = door.items.ingest([path], Provenance(confidentiality=level))
        assert result.id is not None
        found[name] = result.id
    return found


def _found(archive: Archive, role: str, query: str) -> list[int]:
    door = archive.as_viewer(Viewer.as_role(role, "reader"))
    return sorted(hit.item_id for hit in door.items.search(query))


@pytest.fixture
def commits(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The chain position of each commit of the index made from now on."""
    made: list[int] = []
    plain = SearchIndex._fill

    def counted(self: SearchIndex, connection: object, writer: object, changed: object, head):  # type: ignore[no-untyped-def]
        made.append(head.seq)
        return plain(self, connection, writer, changed, head)  # type: ignore[arg-type]

    monkeypatch.setattr(SearchIndex, "_fill", counted)
    return made


def test_opening_items_and_editing_uncited_records_write_nothing_to_the_index(
    settings: Settings, tmp_path: Path, commits: list[int]
) -> None:
    with Archive.create(settings) as archive:
        ids = _ingest(
            archive,
            tmp_path / "in",
            {"open": "Atambaev was moved to Bishkek.", "closed": "Atambaev met a lawyer."},
            "public",
        )
        secret = _ingest(
            archive, tmp_path / "secret", {"s": "Atambaev in the colony."}, "confidential"
        )
        owner = archive.as_viewer(OWNER)
        assert _found(archive, "viewer", "Atambaev") == sorted(ids.values())
        commits.clear()
        # Someone opens a confidential item; a record nothing cites is created and edited.
        owner.items.log_view(secret["s"], "page")
        place = owner.records.create("place", {"name": "Village of Tash"})
        owner.records.edit(place.id, {"set": {"name": ["Tash village"]}}, place.version, "typo")
        assert _found(archive, "viewer", "Atambaev") == sorted(ids.values())
        assert _found(archive, "admin", "Atambaev") == sorted([*ids.values(), secret["s"]])
        assert commits == []
        index = attached(archive.kernel)
        assert index is not None
        with reading(archive.kernel.engine) as connection:
            assert disagreements(index, connection) == []
        # An item raised above the viewer's clearance after those entries is hidden at once.
        owner.items.edit(ids["closed"], {"confidentiality": "restricted"}, "a source asked")
        assert _found(archive, "viewer", "Atambaev") == [ids["open"]]
        assert len(commits) == 1
        with reading(archive.kernel.engine) as connection:
            assert disagreements(index, connection) == []
    # Another process opening the archive finds the index where it should be.
    with Archive.open(settings) as again:
        assert _found(again, "viewer", "Atambaev") == [ids["open"]]


def test_the_position_is_committed_after_so_many_entries_that_change_no_item(
    settings: Settings, tmp_path: Path, commits: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tantivy_chain, "UNCOMMITTED_ENTRIES", 2)
    with Archive.create(settings) as archive:
        ids = _ingest(archive, tmp_path / "in", {"a": "Atambaev was moved."}, "public")
        owner = archive.as_viewer(OWNER)
        _found(archive, "viewer", "Atambaev")
        commits.clear()
        place = owner.records.create("place", {"name": "Village of Tash"})
        assert _found(archive, "viewer", "Atambaev") == [ids["a"]]
        assert commits == []
        view = owner.records.edit(place.id, {"set": {"name": ["Tash"]}}, place.version, "typo")
        owner.records.edit(place.id, {"set": {"name": ["Tash-Köl"]}}, view.version, "typo")
        assert _found(archive, "viewer", "Atambaev") == [ids["a"]]
        assert len(commits) == 1


def test_the_index_reads_item_views_as_the_archive_position_does() -> None:
    assert ITEM_VIEWED in ITEM_READS


def _facets(archive: Archive, role: str) -> Facets:
    return archive.as_viewer(Viewer.as_role(role, "reader")).items.facets("Atambaev")


def _database_facets(archive: Archive, role: str) -> Facets:
    visibility = archive.as_viewer(Viewer.as_role(role, "reader")).viewer.visibility
    with reading(archive.kernel.engine) as connection:
        return facets(connection, "Atambaev", SearchFilters(), visibility, index=None)


def test_record_edits_that_leave_the_facet_terms_as_they_are_write_nothing(
    settings: Settings, tmp_path: Path, commits: list[int]
) -> None:
    with Archive.create(settings) as archive:
        ids = _ingest(
            archive,
            tmp_path / "in",
            {"a": "Atambaev was detained in Osh.", "b": "Atambaev was beaten."},
            "public",
        )
        owner = archive.as_viewer(OWNER)
        text = owner.items.text(ids["a"])
        start = text.index("detained")
        person = owner.records.create("person", {"name": "Atambaev", "birth_year": 1950})
        act = owner.records.create(
            "act",
            {
                "violation": "arbitrary_detention",
                "victim": {"ref": person.id},
                "description": {
                    "value": "detained",
                    "citations": [{"item": ids["a"], "start": start, "end": start + 8}],
                },
            },
        )
        assert dict(_facets(archive, "viewer").actors) == {person.id: 1}
        commits.clear()
        # A birth year and a name: the index keeps record ids, not what records say.
        edited = owner.records.edit(person.id, {"set": {"birth_year": 1951}}, 1, "reread")
        assert _facets(archive, "viewer") == _database_facets(archive, "viewer")
        edited = owner.records.edit(
            person.id, {"set": {"name": ["Atambaev A."]}}, edited.version, "spelling"
        )
        assert _facets(archive, "viewer") == _database_facets(archive, "viewer")
        by_actor = SearchFilters(actor=person.id)
        viewer = archive.as_viewer(Viewer.as_role("viewer", "reader"))
        assert [hit.item_id for hit in viewer.items.search("Atambaev", by_actor)] == [ids["a"]]
        assert commits == []
        # A level raised above the viewer's: hidden from the very next search.
        owner.records.edit(person.id, {"confidentiality": "confidential"}, edited.version, "safety")
        assert _facets(archive, "viewer").actors == []
        assert _facets(archive, "viewer") == _database_facets(archive, "viewer")
        assert viewer.items.search("Atambaev", by_actor) == []
        assert dict(_facets(archive, "admin").actors) == {person.id: 1}
        assert len(commits) == 1
        # A changed violation code is written at once too.
        owner.records.edit(act.id, {"set": {"violation": ["torture"]}}, act.version, "reread")
        assert dict(_facets(archive, "viewer").violations) == {"torture": 1}
        assert len(commits) == 2
        index = attached(archive.kernel)
        assert index is not None
        with reading(archive.kernel.engine) as connection:
            assert disagreements(index, connection) == []


def test_an_older_commit_by_another_process_does_not_undo_a_position_held_without_one(
    settings: Settings, tmp_path: Path
) -> None:
    """A person lowered to public and raised again changes no facet term between the index's
    commit and the head; a process still reading from between the two changes then commits
    what it sees (the person public). Searches at the head keep the reader that was checked."""
    with Archive.create(settings) as archive:
        ids = _ingest(archive, tmp_path / "in", {"a": "Atambaev was detained."}, "public")
        owner = archive.as_viewer(OWNER)
        text = owner.items.text(ids["a"])
        start = text.index("Atambaev")
        cited_name = {
            "value": "Atambaev",
            "citations": [{"item": ids["a"], "start": start, "end": start + 8}],
        }
        person = owner.records.create(
            "person", {"name": cited_name}, confidentiality="confidential"
        )
        assert _facets(archive, "viewer").actors == []
        lowered = owner.records.edit(person.id, {"confidentiality": "public"}, 1, "cleared")
        index = attached(archive.kernel)
        assert index is not None
        with reading(archive.kernel.engine) as between:
            tantivy_chain.head(between)
            raised = {"confidentiality": "confidential"}
            owner.records.edit(person.id, raised, lowered.version, "no")
            assert _facets(archive, "viewer").actors == []
            other = SearchIndex(archive.kernel.archive_id, index.folder)
            other.catch_up(between)
            # As this process's reader does on its own once it sees the new commit.
            index._reload()
            assert dict(_facets(archive, "admin").actors) == {person.id: 1}
            assert _facets(archive, "viewer").actors == []
            assert _found(archive, "viewer", "Atambaev") == [ids["a"]]
        # The next change is checked against what the other process committed.
        owner.records.create("place", {"name": "Village of Tash"})
        assert _facets(archive, "viewer").actors == []
        assert _facets(archive, "viewer") == _database_facets(archive, "viewer")
