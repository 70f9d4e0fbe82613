"""`docket reindex` and `docket verify`'s index check read the archive a step of items at a time,
each step in a read transaction of its own, and commit the index once: what changed while the
steps ran is in the result, a rebuild that fails midway leaves the previous index as it was, and
an index that disagrees with the database is found and rebuilt."""

from __future__ import annotations

import math
import random
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import tantivy
from sqlalchemy import Engine, event, func, select
from typer.testing import CliRunner

from docket.archive import Archive
from docket.cli import context
from docket.cli.app import app
from docket.config import Settings
from docket.db.engine import reading
from docket.db.schema import custody
from docket.ingest.provenance import Provenance
from docket.model.access import Viewer
from docket.search import tantivy_chain
from docket.search.tantivy_chain import Position
from docket.search.tantivy_check import disagreements
from docket.search.tantivy_fields import ITEM, STATE, term, with_key_tokenizer
from docket.search.tantivy_host import attached
from docket.search.tantivy_index import INDEX_DIR, SearchIndex
from docket.search.tantivy_writing import indexed_ids, state_document

OWNER = Viewer.owner("owner")
NAMES = ["Atambaev", "Japarov", "Жапаров", "Kok-Suu", "Bishkek"]


def _ingest(archive: Archive, folder: Path, count: int) -> list[int]:
    chance = random.Random(count)
    folder.mkdir(parents=True)
    for number in range(count):
        words = " ".join(chance.choice(NAMES) for _ in range(8))
        (folder / f"s-{number:03}.txt").write_text(f"Statement {number}. {words}\n", "utf-8")
    results = list(archive.as_viewer(OWNER).items.ingest([folder], Provenance()))
    assert all(result.status != "error" for result in results)
    return sorted(int(result.id) for result in results if result.id is not None)


def _index(archive: Archive) -> SearchIndex:
    index = attached(archive.kernel)
    assert index is not None
    return index


def _database_ids(archive: Archive) -> list[int]:
    with reading(archive.kernel.engine) as connection:
        return indexed_ids(connection)


def _head(archive: Archive) -> Position:
    with reading(archive.kernel.engine) as connection:
        return tantivy_chain.head(connection)


def _committed_ids(index: SearchIndex, field: str, value: str) -> set[int]:
    """The items whose ``field`` holds ``value`` in the index's last commit, read without
    catching the index up first."""
    _position, searcher = index.committed()
    hits = searcher.search(term(field, value), 1_000, count=False).hits
    return {int(searcher.doc(address).get_first("id")) for _score, address in hits}


@contextmanager
def _transactions(engine: Engine) -> Iterator[list[int]]:
    """The transactions begun on ``engine`` meanwhile, one entry each."""
    begun: list[int] = []

    def began(_connection: object) -> None:
        begun.append(1)

    event.listen(engine, "begin", began)
    try:
        yield begun
    finally:
        event.remove(engine, "begin", began)


def test_a_rebuild_reads_its_items_a_step_at_a_time_and_holds_the_databases_ids(
    settings: Settings, tmp_path: Path
) -> None:
    with Archive.create(settings) as archive:
        _ingest(archive, tmp_path / "in", 11)
        expected = _database_ids(archive)
        index = _index(archive)
        told: list[tuple[int, int]] = []
        with _transactions(archive.kernel.engine) as begun:
            assert (
                index.rebuild(archive.kernel.engine, lambda *step: told.append(step), step_items=3)
                == 11
            )
        # The head and the ids, four steps of at most three items, then what changed meanwhile.
        assert len(begun) == 1 + math.ceil(len(expected) / 3) + 1
        assert told == [(3, 11), (6, 11), (9, 11), (11, 11)]
        assert index.ids() == expected
        assert index.committed()[0] == _head(archive)
        with reading(archive.kernel.engine) as connection:
            assert disagreements(index, connection) == []


def test_items_added_or_changed_between_two_steps_are_in_the_rebuilt_index(
    settings: Settings, tmp_path: Path
) -> None:
    with Archive.create(settings) as archive:
        first = _ingest(archive, tmp_path / "in", 7)
        index = _index(archive)
        added: list[int] = []

        def meanwhile(done: int, _total: int) -> None:
            if added:
                return
            # Another opened archive, with connections of its own, writes between two steps:
            # an item in a step already read changes level, and a new item arrives.
            with Archive.open(settings) as other:
                other.as_viewer(OWNER).items.edit(
                    first[0], {"confidentiality": "restricted"}, "a source asked"
                )
                added.extend(_ingest(other, tmp_path / "later", 1))

        index.rebuild(archive.kernel.engine, meanwhile, step_items=2)
        assert len(added) == 1
        # Read from the commit itself: a search would catch the index up first.
        assert index.committed()[0] == _head(archive)
        assert index.ids() == sorted([*first, *added])
        assert index.ids() == _database_ids(archive)
        assert _committed_ids(index, "level", "restricted") == {first[0]}


class _Stopped(Exception):
    pass


def test_a_rebuild_that_fails_midway_leaves_the_old_index_and_the_chain_as_they_were(
    settings: Settings, tmp_path: Path
) -> None:
    with Archive.create(settings) as archive:
        _ingest(archive, tmp_path / "in", 9)
        index = _index(archive)
        hits = {hit.item_id for hit in archive.as_viewer(OWNER).items.search("Atambaev")}
        assert hits
        position = index.committed()[0]
        commit_file = (settings.home / INDEX_DIR / "meta.json").read_bytes()
        with reading(archive.kernel.engine) as connection:
            entries = connection.execute(select(func.count()).select_from(custody)).scalar()

        def stopped(done: int, _total: int) -> None:
            raise _Stopped

        with pytest.raises(_Stopped):
            index.rebuild(archive.kernel.engine, stopped, step_items=4)
        # Nothing was committed: the index is the one before, at its position, answering as it
        # did; the writer was let go of, so the next rebuild does not wait for it.
        assert (settings.home / INDEX_DIR / "meta.json").read_bytes() == commit_file
        assert index.committed()[0] == position
        assert index.ids() == _database_ids(archive)
        assert {hit.item_id for hit in archive.as_viewer(OWNER).items.search("Atambaev")} == hits
        with reading(archive.kernel.engine) as connection:
            assert connection.execute(select(func.count()).select_from(custody)).scalar() == (
                entries
            )
            assert tantivy_chain.head(connection) == position
        assert list(archive.verify()) == []
        assert index.rebuild(archive.kernel.engine, step_items=4) == 9


def _with_index_writer(folder: Path) -> tuple[tantivy.Index, tantivy.IndexWriter]:
    index = with_key_tokenizer(tantivy.Index.open(str(folder)))
    return index, index.writer(heap_size=20_000_000, num_threads=1)


def _add_item_behind_the_archives_back(folder: Path, item_id: int) -> None:
    _index, writer = _with_index_writer(folder)
    document = tantivy.Document()
    document.add_unsigned("id", item_id)
    document.add_text("kind", ITEM)
    writer.add_document(document)
    writer.commit()
    writer.wait_merging_threads()


def _moved_to(folder: Path, archive_id: str, position: Position) -> None:
    """Rewrite the index's state to say it holds the items as at ``position``."""
    _index, writer = _with_index_writer(folder)
    writer.delete_documents_by_term("kind", STATE)
    writer.add_document(state_document(archive_id, position))
    writer.commit()
    writer.wait_merging_threads()


def test_verify_finds_an_extra_item_and_an_index_of_another_position_and_rebuilds(
    settings: Settings, tmp_path: Path
) -> None:
    folder = settings.home / INDEX_DIR
    with Archive.create(settings) as archive:
        _ingest(archive, tmp_path / "in", 5)
        assert archive.verify_search_index() == []
    earlier = tmp_path / "earlier-index"
    shutil.copytree(folder, earlier)
    with Archive.open(settings) as archive:
        _ingest(archive, tmp_path / "more", 4)
        head = _head(archive)
        archive_id = archive.archive_id
        assert archive.verify_search_index() == []
        expected = _database_ids(archive)
    _add_item_behind_the_archives_back(folder, 90_001)
    with Archive.open(settings) as archive:
        assert archive.verify_search_index() == [
            "search index: holds 10 items, the database 9",
            "search index: items not in the database: 90001",
        ]
        assert _index(archive).ids() == expected
        assert archive.verify_search_index() == []
    # The index as it was five items ago, saying it holds the head: nothing to catch up, but
    # four items missing.
    shutil.rmtree(folder)
    shutil.copytree(earlier, folder)
    _moved_to(folder, archive_id, head)
    with Archive.open(settings) as archive:
        problems = archive.verify_search_index()
        assert problems[0] == "search index: holds 5 items, the database 9"
        assert problems[1].startswith("search index: items missing from it: ")
        assert len(problems) == 2
        assert _index(archive).ids() == expected
        assert archive.verify_search_index() == []


def test_verify_catches_a_far_behind_index_up_in_steps_then_checks_it(
    settings: Settings, tmp_path: Path
) -> None:
    with Archive.create(settings) as archive:
        archive.prepare_search()
        _ingest(archive, tmp_path / "in", 6)
    with Archive.open(settings) as archive:
        told: list[tuple[int, int]] = []
        assert archive.verify_search_index(lambda done, total: told.append((done, total))) == []
        assert told == [(6, 6)]
        assert _index(archive).ids() == _database_ids(archive)


def test_reindex_announces_a_large_rebuild_and_says_how_many_items(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Archive.create(settings) as archive:
        _ingest(archive, tmp_path / "in", 6)
    monkeypatch.setattr(context, "LARGE_BACKLOG", 5)
    env = {"DOCKET_HOME": str(settings.home), "DOCKET_DATABASE_URL": settings.database_url}
    result = CliRunner().invoke(app, ["reindex"], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.stderr == "search index: rebuilding 6 items\n"
    assert result.stdout == "Rebuilt the search index: 6 items.\n"


def test_a_catch_up_of_items_spread_over_a_span_writes_those_items_once_each(
    settings: Settings, tmp_path: Path
) -> None:
    with Archive.create(settings) as archive:
        first = _ingest(archive, tmp_path / "in", 5)
        index = _index(archive)
        index.rebuild(archive.kernel.engine)
        # Every other item changes: their steps read the span from the first to the last of
        # them, and the item between them, unchanged, must not be added a second time.
        for item_id in first[::2]:
            archive.as_viewer(OWNER).items.edit(item_id, {"confidentiality": "restricted"}, "asked")
        assert index.catch_up_in_steps(archive.kernel.engine) == 3
        assert index.ids() == first
        assert _committed_ids(index, "level", "restricted") == set(first[::2])
        with reading(archive.kernel.engine) as connection:
            assert disagreements(index, connection) == []
