"""`docket serve` brings the search index to the chain's head before it serves, a step of items
at a time; a failure to do so is a warning, and the server serves with the database's index."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest
import tantivy
from click.testing import Result
from typer.testing import CliRunner

from docket.archive import Archive
from docket.cli import context
from docket.cli.app import app
from docket.config import Settings
from docket.db.engine import reading
from docket.ingest.provenance import Provenance
from docket.model.access import Viewer
from docket.search import tantivy_backlog, tantivy_chain
from docket.search.tantivy_errors import IndexUnavailable
from docket.search.tantivy_index import INDEX_DIR, SearchIndex
from docket.search.tantivy_writing import read_state

OWNER = Viewer.owner("owner")
NAMES = ["Atambaev", "Japarov", "Жапаров", "Kok-Suu", "Bishkek"]


def _ingest(archive: Archive, folder: Path, count: int) -> None:
    chance = random.Random(count)
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        words = " ".join(chance.choice(NAMES) for _ in range(8))
        (folder / f"s-{number:03}.txt").write_text(f"Statement {number}. {words}\n", "utf-8")
    results = archive.as_viewer(OWNER).items.ingest([folder], Provenance())
    assert all(result.status != "error" for result in results)


def _behind(settings: Settings, tmp_path: Path, count: int) -> None:
    """An archive whose index was made before ``count`` items were ingested (a server
    archive's when it was first opened), and never caught up since."""
    with Archive.create(settings) as archive:
        archive.accounts.add("admin", "admin", "a long enough password", actor="tester")
        archive.prepare_search()
        _ingest(archive, tmp_path / "in", count)


def _index_seq(settings: Settings) -> int:
    state = read_state(tantivy.Index.open(str(settings.home / INDEX_DIR)).searcher())
    assert state is not None
    return int(state["seq"])


def _head_seq(archive: Archive) -> int:
    with reading(archive.kernel.engine) as connection:
        return tantivy_chain.head(connection).seq


def _env(settings: Settings, **extra: str) -> dict[str, str]:
    return {
        "DOCKET_HOME": str(settings.home),
        "DOCKET_DATABASE_URL": settings.database_url,
        **extra,
    }


def _serve(
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    served: Callable[[Archive], None],
    **env: str,
) -> Result:
    """`docket serve` up to the moment its server would start, which runs ``served``."""

    def run(archive: Archive, _settings: object, *, workers: int) -> None:
        served(archive)

    monkeypatch.setattr("docket.web.server.run", run)
    result = CliRunner().invoke(
        app, ["serve", "--workers", "1"], env=_env(settings, **env), catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return result


def _searched_without_writing(archive: Archive, monkeypatch: pytest.MonkeyPatch) -> set[int]:
    """A first search's hits; it fails if that search had to write the index."""

    def written(*_args: object) -> None:
        raise AssertionError("the first search wrote the search index")

    monkeypatch.setattr(SearchIndex, "_fill", written)
    hits = archive.as_viewer(OWNER).items.search("Atambaev", limit=1_000)
    return {hit.item_id for hit in hits}


def test_serve_catches_the_index_up_in_steps_before_it_serves(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _behind(settings, tmp_path, 7)
    created_at = _index_seq(settings)
    monkeypatch.setattr(tantivy_backlog, "STEP_ITEMS", 3)
    monkeypatch.setattr(context, "LARGE_BACKLOG", 5)
    transactions: list[int] = []
    plain_reading = tantivy_backlog.reading

    def counted(engine: object):  # type: ignore[no-untyped-def]
        transactions.append(1)
        return plain_reading(engine)  # type: ignore[arg-type]

    monkeypatch.setattr(tantivy_backlog, "reading", counted)
    seen: dict[str, object] = {}

    def served(archive: Archive) -> None:
        seen["index"] = _index_seq(settings)
        seen["head"] = _head_seq(archive)
        seen["hits"] = _searched_without_writing(archive, monkeypatch)

    result = _serve(settings, monkeypatch, served)

    assert created_at < seen["head"]  # type: ignore[operator]
    assert seen["index"] == seen["head"]
    assert len(seen["hits"]) >= 1  # type: ignore[arg-type]
    # The head and the items to write, then 3 + 3 + 1 items, each in a transaction of its own.
    assert len(transactions) == 4
    assert "search index: catching up 7 items" in result.stderr
    assert "search index: caught up 7 items in " in result.stderr
    assert result.stderr.index("caught up") < result.stderr.index("Docket is serving")


def test_an_index_at_the_head_is_left_as_it_is(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _behind(settings, tmp_path, 3)
    with Archive.open(settings) as archive:
        archive.prepare_search()
    result = _serve(settings, monkeypatch, lambda archive: None)
    assert "search index: caught up 0 items in " in result.stderr
    assert "catching up" not in result.stderr


def test_a_broken_index_is_rebuilt_at_start_with_its_line(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _behind(settings, tmp_path, 5)
    (settings.home / INDEX_DIR / "meta.json").write_text("{not json", encoding="utf-8")
    seen: dict[str, object] = {}

    def served(archive: Archive) -> None:
        seen["index"] = _index_seq(settings)
        seen["head"] = _head_seq(archive)
        seen["hits"] = _searched_without_writing(archive, monkeypatch)

    result = _serve(settings, monkeypatch, served)

    assert seen["index"] == seen["head"]
    assert seen["hits"]
    assert "notice: the search index was unreadable; rebuilding it" in result.stderr
    assert "search index: caught up 5 items in " in result.stderr
    assert result.stderr.index("unreadable") < result.stderr.index("caught up")
    # Told once, at the start, not again when the server stops.
    assert result.stderr.count("unreadable") == 1


def test_a_failed_catch_up_is_one_warning_and_searches_use_the_database(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _behind(settings, tmp_path, 4)
    created_at = _index_seq(settings)

    def full(*_args: object, **_kwargs: object) -> None:
        raise IndexUnavailable("the search index could not be written (No space left on device)")

    # Every write of the index fails, at the start and at each search after it.
    monkeypatch.setattr(tantivy_backlog, "commit", full)
    monkeypatch.setattr(SearchIndex, "_fill", full)
    hits: list[int] = []

    def served(archive: Archive) -> None:
        found = archive.as_viewer(OWNER).items.search("Atambaev", limit=1_000)
        hits.extend(hit.item_id for hit in found)

    result = _serve(settings, monkeypatch, served)

    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == [
        "warning: search index: not caught up (the search index could not be written (No "
        "space left on device)); searching with the database's own index meanwhile"
    ]
    assert "caught up" not in result.stderr.replace("not caught up", "")
    assert "Docket is serving" in result.stderr
    assert hits
    assert _index_seq(settings) == created_at


def test_an_archive_searching_with_its_database_skips_the_step(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _behind(settings, tmp_path, 3)
    created_at = _index_seq(settings)
    result = _serve(settings, monkeypatch, lambda archive: None, DOCKET_SEARCH="database")
    assert "search index" not in result.stderr
    assert _index_seq(settings) == created_at
