"""A search waiting for another process's writing of the search index holds no database
connection meanwhile, and still sees every item committed before it started."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy
import tantivy

from docket.archive import Archive
from docket.config import DATABASE, Settings
from docket.db.engine import reading
from docket.ingest.provenance import Provenance
from docket.model.access import Viewer
from docket.search import SearchFilters, tantivy_chain
from docket.search.tantivy_chain import Position
from docket.search.tantivy_check import disagreements
from docket.search.tantivy_host import attached
from docket.search.tantivy_index import INDEX_DIR, SearchIndex

OWNER = Viewer.owner("owner")
# Fewer connections than searches, and a checkout that gives up soon: a search that held its
# connection while waiting would starve the others.
POOL = {"pool_size": 2, "max_overflow": 0, "pool_timeout": 1}
SEARCHES = 6
HELD_SECONDS = 2.0


def _ingest(archive: Archive, folder: Path, texts: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    results = archive.as_viewer(OWNER).items.ingest([folder], Provenance())
    assert all(result.status != "error" for result in results)


def _found(archive: Archive, query: str) -> set[int]:
    hits = archive.as_viewer(OWNER).items.search(query, SearchFilters(), limit=100)
    return {hit.item_id for hit in hits}


@contextmanager
def _small_pool(monkeypatch: pytest.MonkeyPatch, **pool: int) -> Iterator[None]:
    """Engines made meanwhile pool only :data:`POOL`'s connections (or ``pool``'s)."""
    plain = sqlalchemy.create_engine

    def small(url: str, **options: Any) -> sqlalchemy.Engine:
        return plain(url, **{**options, **POOL, **pool})

    with monkeypatch.context() as patched:
        patched.setattr("docket.db.engine.create_engine", small)
        yield


@contextmanager
def _writer_held_elsewhere(settings: Settings) -> Iterator[None]:
    """The index's writer held by another opening of its folder, as another process would."""
    other = tantivy.Index.open(str(settings.home / INDEX_DIR))
    writer = other.writer(heap_size=20_000_000, num_threads=1)
    try:
        yield
    finally:
        writer.rollback()
        writer.wait_merging_threads()


def test_searches_wait_for_another_writer_without_holding_connections(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Long enough that the searches wait for the writer rather than turn to the database.
    monkeypatch.setattr("docket.search.tantivy_index.WRITER_WAIT_SECONDS", 30.0)
    with Archive.create(settings) as archive:
        _ingest(archive, tmp_path / "first", {"a": "Atambaev was detained", "b": "a court"})
    with _small_pool(monkeypatch):
        reader = Archive.open(settings)
    try:
        before = _found(reader, "Atambaev")
        assert len(before) == 1
        # An item committed before the searches start, which the index does not hold yet.
        with Archive.open(settings) as other:
            _ingest(other, tmp_path / "second", {"c": "Atambaev at the border"})
        with Archive.open(replace(settings, search_engine=DATABASE)) as database:
            expected = _found(database, "Atambaev")
        assert len(expected) == 2

        pool = reader.kernel.engine.pool
        answers: list[set[int]] = []
        failures: list[BaseException] = []
        finished: list[float] = []
        lock = threading.Lock()

        def search() -> None:
            try:
                found = _found(reader, "Atambaev")
            except BaseException as error:
                with lock:
                    failures.append(error)
                return
            with lock:
                answers.append(found)
                finished.append(time.monotonic())

        # Sampled once every search has found the writer busy (or after a while regardless).
        waiting = threading.Semaphore(0)
        plain = getattr(SearchIndex, "catch_up_outside", None)

        def counted(index: SearchIndex, *arguments: Any) -> bool:
            waiting.release()
            assert plain is not None
            return bool(plain(index, *arguments))

        monkeypatch.setattr(SearchIndex, "catch_up_outside", counted, raising=False)
        threads = [threading.Thread(target=search) for _ in range(SEARCHES)]
        with _writer_held_elsewhere(settings):
            for thread in threads:
                thread.start()
            given_up = time.monotonic() + 5
            for _ in range(SEARCHES):
                waiting.acquire(timeout=max(0.0, given_up - time.monotonic()))
            time.sleep(0.2)
            checked_out = []
            until = time.monotonic() + HELD_SECONDS
            while time.monotonic() < until:
                checked_out.append(pool.checkedout())  # type: ignore[attr-defined]
                time.sleep(0.01)
            assert not answers, "the searches did not wait for the index's writer"
            let_go = time.monotonic()
        for thread in threads:
            thread.join(timeout=60)

        assert max(checked_out) == 0
        assert failures == []
        assert answers == [expected] * SEARCHES
        assert min(finished) >= let_go
        # Answered by the index, caught up once the writer was free.
        index = attached(reader.kernel)
        assert index is not None
        with reading(reader.kernel.engine) as connection:
            assert disagreements(index, connection) == []
    finally:
        reader.close()


def test_past_the_wait_the_database_answers_without_a_connection_held_meanwhile(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("docket.search.tantivy_index.WRITER_WAIT_SECONDS", 1.0)
    with Archive.create(settings) as archive:
        _ingest(archive, tmp_path / "first", {"a": "Atambaev was detained"})
    with _small_pool(monkeypatch):
        reader = Archive.open(settings)
    try:
        _found(reader, "Atambaev")
        with Archive.open(settings) as other:
            _ingest(other, tmp_path / "second", {"c": "Atambaev at the border"})
        pool = reader.kernel.engine.pool
        # (when, connections checked out) until the search is answered.
        checked_out: list[tuple[float, int]] = []
        stop = threading.Event()

        def watch() -> None:
            while not stop.is_set():
                checked_out.append((time.monotonic(), pool.checkedout()))  # type: ignore[attr-defined]
                time.sleep(0.01)

        watcher = threading.Thread(target=watch)
        with _writer_held_elsewhere(settings):
            started = time.monotonic()
            watcher.start()
            found = _found(reader, "Atambaev")
            answered = time.monotonic()
            stop.set()
            watcher.join()
        # The database's own index answered, with the item committed before the search...
        assert len(found) == 2
        # ...after the wait, during which no connection was held.
        waiting = [count for when, count in checked_out if started + 0.4 < when < started + 0.9]
        assert waiting
        assert max(waiting) == 0
        assert answered >= started + 1.0
    finally:
        reader.close()


def test_a_search_behind_the_index_takes_no_second_connection(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Archive.create(settings) as archive:
        _ingest(archive, tmp_path / "first", {"a": "Atambaev was detained"})
    # One connection: a search that asked for a second while holding it would time out.
    with _small_pool(monkeypatch, pool_size=1):
        reader = Archive.open(settings)
    other = Archive.open(settings)
    try:
        _found(reader, "Atambaev")
        _ingest(other, tmp_path / "second", {"b": "Atambaev at the border"})
        plain = tantivy_chain.head
        moved: list[Position] = []

        def head(connection: sqlalchemy.Connection) -> Position:
            """The head; the first time the reader reads it, another process then commits a
            new item and its index past the reader's snapshot."""
            found = plain(connection)
            if not moved and connection.engine is reader.kernel.engine:
                moved.append(found)
                _ingest(other, tmp_path / "third", {"c": "Atambaev in court"})
                assert len(_found(other, "Atambaev")) == 3
            return found

        monkeypatch.setattr(tantivy_chain, "head", head)
        assert len(_found(reader, "Atambaev")) >= 2
        assert moved
        assert len(_found(reader, "Atambaev")) == 3
    finally:
        other.close()
        reader.close()


def _search_while_written(
    reader: Archive, writing: SearchIndex, monkeypatch: pytest.MonkeyPatch
) -> tuple[set[int], bool]:
    """What a search of ``reader`` found, begun while ``writing`` holds the index's writer
    (``writing`` then writes the missing items in and lets go, and lets go of its lock too if
    it is ``reader``'s index, held by the caller), and whether it answered before the wait
    loop's next full turn (the turn made too long to be waited for here)."""
    monkeypatch.setattr("docket.search.tantivy_index.WRITER_WAIT_SECONDS", 120.0)
    monkeypatch.setattr("docket.search.tantivy_index._WRITER_POLL_SECONDS", 20.0)
    waiting = threading.Semaphore(0)
    plain = SearchIndex.catch_up_outside

    def counted(index: SearchIndex, *arguments: Any) -> bool:
        waiting.release()
        return bool(plain(index, *arguments))

    monkeypatch.setattr(SearchIndex, "catch_up_outside", counted)
    answers: list[set[int]] = []
    writer = writing._writer()
    assert writer is not None
    search = threading.Thread(target=lambda: answers.append(_found(reader, "Atambaev")))
    search.start()
    assert waiting.acquire(timeout=30), "the search did not wait for the writer"
    with reading(reader.kernel.engine) as connection:
        writing._write_with(connection, writer, tantivy_chain.head(connection))
    if writing is attached(reader.kernel):
        writing._lock.release()
    search.join(timeout=10)
    answered = not search.is_alive()
    search.join()
    return (answers[0] if answers else set()), answered


def test_a_search_answers_once_another_process_commits_not_at_the_next_full_turn(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Archive.create(settings) as archive:
        _ingest(archive, tmp_path / "first", {"a": "Atambaev was detained"})
    reader = Archive.open(settings)
    # Its own index object on the same folder: the writer's lock keeps the two apart as it
    # keeps two processes.
    other = Archive.open(settings)
    try:
        assert len(_found(reader, "Atambaev")) == 1
        assert len(_found(other, "Atambaev")) == 1
        _ingest(other, tmp_path / "second", {"b": "Atambaev at the border"})
        writing = attached(other.kernel)
        assert writing is not None
        found, answered = _search_while_written(reader, writing, monkeypatch)
        assert answered
        assert len(found) == 2
    finally:
        other.close()
        reader.close()


def test_a_search_answers_once_another_thread_of_its_process_is_done_writing(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Archive.create(settings) as archive:
        _ingest(archive, tmp_path / "first", {"a": "Atambaev was detained"})
    reader = Archive.open(settings)
    try:
        assert len(_found(reader, "Atambaev")) == 1
        _ingest(reader, tmp_path / "second", {"b": "Atambaev at the border"})
        index = attached(reader.kernel)
        assert index is not None
        # As a thread of this process catching the index up holds it.
        index._lock.acquire()
        found, answered = _search_while_written(reader, index, monkeypatch)
        assert answered
        assert len(found) == 2
    finally:
        reader.close()
