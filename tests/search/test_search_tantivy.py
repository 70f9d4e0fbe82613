"""The Tantivy index as derived data, on SQLite and on PostgreSQL: it catches up with the chain
of custody, is rebuilt when missing, unreadable or tampered with, refuses another archive's
index, survives kill -9 and a full disk, and stays in memory for encrypted archives."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import random
import resource
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import tantivy
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select, text
from tests.conftest import BACKENDS, new_database
from tests.support import as_owner

# Encrypted archives opened here move the temporary folder into memory; this autouse fixture
# gives the tests after them theirs back.
from tests.vault.conftest import _temporaries_restored  # noqa: F401
from typer.testing import CliRunner, Result

from docket.archive import Archive
from docket.cli.app import app
from docket.config import DATABASE, Settings
from docket.db.engine import reading
from docket.db.schema import chain_head, items
from docket.ingest.provenance import Provenance
from docket.model.access import Viewer
from docket.search import SearchFilters
from docket.search.tantivy_check import disagreements
from docket.search.tantivy_errors import ForeignIndex, IndexBusy
from docket.search.tantivy_fields import day_number, with_key_tokenizer
from docket.search.tantivy_host import attached, opened
from docket.search.tantivy_index import HOST_FILE, INDEX_DIR, SearchIndex

NAMES = ["Атамбаев", "Atambayev", "Жапаров", "Zhunushaliev", "Kempir-Abad", "Токтогулов"]
WORDS = ["prison", "hospital", "border", "detained", "villagers", "surgery", "appeal", "court"]


@pytest.fixture
def sqlite_settings(tmp_path: Path) -> Iterator[Settings]:
    with new_database("sqlite", tmp_path) as url:
        yield Settings.from_env(home=tmp_path / "archive", database_url=url)


@pytest.fixture(params=BACKENDS)
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    """An archive's settings on each database: the index behaves the same beside both."""
    with new_database(request.param, tmp_path) as url:
        yield Settings.from_env(home=tmp_path / "archive", database_url=url)


def _files(folder: Path, count: int, seed: int = 3) -> Path:
    chance = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        words = [chance.choice(NAMES + WORDS) for _ in range(chance.randint(5, 40))]
        (folder / f"statement-{seed}-{number:04}.txt").write_text(
            f"Statement {number}. " + " ".join(words) + "\n", encoding="utf-8"
        )
    return folder


def _ingest(archive: Archive, folder: Path, level: str = "public") -> None:
    results = as_owner(archive).items.ingest([folder], Provenance(confidentiality=level))
    assert all(result.status != "error" for result in results)


def _ids(archive: Archive, query: str, **filters: object) -> set[int]:
    hits = as_owner(archive).items.search(query, SearchFilters(**filters), limit=10_000)  # type: ignore[arg-type]
    return {hit.item_id for hit in hits}


def _docket(env: dict[str, str], *args: str, code: int = 0) -> Result:
    result = CliRunner().invoke(app, list(args), env=env, catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result


def _env(settings: Settings) -> dict[str, str]:
    return {
        "DOCKET_HOME": str(settings.home),
        "DOCKET_DATABASE_URL": settings.database_url,
        "DOCKET_ACTOR": "tester",
    }


def _made_by_cli(settings: Settings, folder: Path, statements: int) -> dict[str, str]:
    """``docket init`` and ``docket ingest`` of ``statements`` files; the command's settings."""
    env = _env(settings)
    _docket(env, "init")
    _docket(env, "ingest", str(_files(folder, statements)))
    return env


def test_the_index_catches_up_with_the_chain_and_agrees_with_the_database_index(
    settings: Settings, tmp_path: Path
) -> None:
    with Archive.create(settings) as archive:
        _ingest(archive, _files(tmp_path / "first", 40))
    reader = Archive.open(settings)
    writer = Archive.open(settings)
    try:
        before = _ids(reader, "Atambaev")
        assert (settings.home / INDEX_DIR / "meta.json").exists()
        assert reader.notices == []
        # Another opened archive ingests; the reader's next search takes the new entries in.
        _ingest(writer, _files(tmp_path / "second", 30, seed=4), level="restricted")
        after = _ids(reader, "Atambaev")
        assert before < after
        index = attached(reader.kernel)
        assert index is not None
        with reading(reader.kernel.engine) as connection:
            assert disagreements(index, connection) == []
    finally:
        reader.close()
        writer.close()
    database = Archive.open(replace(settings, search_engine=DATABASE))
    indexed = Archive.open(settings)
    try:
        assert attached(database.kernel) is None
        assert attached(indexed.kernel) is not None
        queries = ["Atambaev", '"Kempir Abad"', "Атамб*", "prison -hospital", "Жапаров OR court"]
        for query in queries:
            for filters in [
                {},
                {"level": "restricted"},
                {"media_type": "text"},
                {"language": "en"},
            ]:
                assert _ids(indexed, query, **filters) == _ids(database, query, **filters), query
            assert as_owner(indexed).items.facets(query) == as_owner(database).items.facets(query)
        viewer = Viewer.as_role("viewer")
        assert indexed.as_viewer(viewer).items.facets(None) == database.as_viewer(
            viewer
        ).items.facets(None)
        hits = indexed.as_viewer(viewer).items.search("Atambaev", limit=10_000)
        public = database.as_viewer(viewer).items.search("Atambaev", limit=10_000)
        assert {hit.item_id for hit in hits} == {hit.item_id for hit in public}
    finally:
        database.close()
        indexed.close()


def test_missing_or_unreadable_index_is_rebuilt_with_one_line(
    settings: Settings, tmp_path: Path
) -> None:
    env = _made_by_cli(settings, tmp_path / "in", 12)
    expected = _docket(env, "search", "Atambaev", "--json").stdout
    folder = settings.home / INDEX_DIR
    shutil.rmtree(folder)
    result = _docket(env, "search", "Atambaev", "--json")
    assert result.stdout == expected
    assert "notice: the search index was missing; building it" in result.stderr
    (folder / "meta.json").write_text("garbage", encoding="utf-8")
    result = _docket(env, "search", "Atambaev", "--json")
    assert result.stdout == expected
    assert result.stderr.count("\n") == 1
    assert "the search index was unreadable; rebuilding it" in result.stderr
    assert _docket(env, "search", "Atambaev", "--json").stderr == ""
    assert "Rebuilt the search index: 12 items." in _docket(env, "reindex").stdout


def test_an_index_from_another_archive_is_refused(tmp_path: Path) -> None:
    first = Settings.from_env(home=tmp_path / "a", database_url=f"sqlite:///{tmp_path}/a.sqlite3")
    second = Settings.from_env(home=tmp_path / "b", database_url=f"sqlite:///{tmp_path}/b.sqlite3")
    with Archive.create(first) as archive:
        _ingest(archive, _files(tmp_path / "in", 5))
    Archive.create(second).close()
    shutil.rmtree(second.home / INDEX_DIR)
    shutil.copytree(first.home / INDEX_DIR, second.home / INDEX_DIR)
    with Archive.open(second) as archive, pytest.raises(ForeignIndex, match="another archive"):
        archive.prepare_search()
    result = _docket(_env(second), "search", "Atambaev", code=2)
    assert result.stderr.startswith("error: the search index in")
    assert result.stderr.count("\n") == 1
    # Nothing was overwritten: the first archive's index still answers for it.
    with Archive.open(first) as archive:
        assert _ids(archive, "Atambaev")


def _tamper(folder: Path, item_id: int) -> None:
    """Drop one item from the index behind the archive's back, keeping its position."""
    index = tantivy.Index.open(str(folder))
    writer = index.writer(heap_size=20_000_000, num_threads=1)
    writer.delete_documents_by_query(tantivy.Query.term_query(index.schema, "id", item_id))
    writer.commit()
    writer.wait_merging_threads()


def test_verify_reports_a_tampered_index_and_rebuilds_it(
    settings: Settings, tmp_path: Path
) -> None:
    env = _made_by_cli(settings, tmp_path / "in", 8)
    assert "search index" not in _docket(env, "verify").stderr
    _tamper(settings.home / INDEX_DIR, 3)
    result = _docket(env, "verify")
    assert "warning: search index: holds 7 items, the database 8; rebuilt it" in result.stderr
    assert "warning: search index: items missing from it: 3; rebuilt it" in result.stderr
    assert "Intact:" in result.stdout
    assert "search index" not in _docket(env, "verify").stderr


_REBUILD_FOREVER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from docket.archive import Archive
    from docket.config import Settings
    from docket.search.tantivy_host import attached

    settings = Settings.from_env(home=Path(sys.argv[1]), database_url=sys.argv[2])
    archive = Archive.open(settings)
    index = attached(archive.kernel)
    print("writing", flush=True)
    while True:
        # Small steps: killed between two of them as often as within one.
        index.rebuild(archive.kernel.engine, step_items=7)
    """
)


def test_kill_minus_nine_while_writing_leaves_a_usable_index(
    settings: Settings, tmp_path: Path
) -> None:
    with Archive.create(settings) as archive:
        _ingest(archive, _files(tmp_path / "in", 150))
        expected = _ids(archive, "Atambaev")
    chance = random.Random(11)
    for _ in range(3):
        process = subprocess.Popen(
            [
                sys.executable,
                "-c",
                _REBUILD_FOREVER,
                str(settings.home),
                settings.database_url,
            ],
            stdout=subprocess.PIPE,
        )
        assert process.stdout is not None
        assert process.stdout.readline() == b"writing\n"
        time.sleep(chance.uniform(0.05, 0.6))
        os.kill(process.pid, signal.SIGKILL)
        process.communicate()
        with Archive.open(settings) as archive:
            assert archive.notices == []
            assert _ids(archive, "Atambaev") == expected
            assert archive.verify_search_index() == []


def _no_large_files() -> None:
    # A write past this size fails with EFBIG, as on a full disk (the signal would kill).
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (48_000, 48_000))


def _database_state(settings: Settings) -> object:
    """What would show a write to the database: the file's digest on SQLite, the chain's head
    and the items on PostgreSQL."""
    if settings.sqlite_path is not None:
        return hashlib.sha256(settings.sqlite_path.read_bytes()).hexdigest()
    with Archive.open(settings) as archive, reading(archive.kernel.engine) as connection:
        head = connection.execute(select(chain_head.c.seq, chain_head.c.hash)).one()
        return tuple(head), connection.execute(select(func.count()).select_from(items)).scalar()


def test_a_full_disk_while_indexing_leaves_the_database_untouched(
    settings: Settings, tmp_path: Path
) -> None:
    env = _env(settings)
    _docket(env, "init")
    chance = random.Random(5)
    incoming = tmp_path / "in"
    incoming.mkdir()
    for number in range(60):
        # Words that are all different make a term dictionary larger than the limit.
        words = " ".join(f"w{chance.getrandbits(48):x}" for _ in range(300))
        (incoming / f"noise-{number}.txt").write_text(f"Atambaev {words}\n", encoding="utf-8")
    _docket(env, "ingest", str(incoming))
    before = _database_state(settings)
    failed = subprocess.run(
        [sys.executable, "-m", "docket", "reindex"],
        env={**os.environ, **env},
        capture_output=True,
        preexec_fn=_no_large_files,
        check=False,
    )
    assert failed.returncode == 2, failed.stderr
    # The rebuild opens the index without catching it up first (that would read every item
    # in one transaction), so its failure is the one line.
    lines = failed.stderr.decode().strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("error: the search index could not be written")
    assert lines[0].endswith(
        "the database is unchanged: free some disk space and run `docket reindex`"
    )
    assert _database_state(settings) == before
    # With room again, the index left by the last commit is used and agrees.
    with Archive.open(settings) as archive:
        assert len(_ids(archive, "Atambaev")) == 60
        assert archive.verify_search_index() == []


def test_an_encrypted_archive_keeps_its_index_in_memory(
    sqlite_settings: Settings, tmp_path: Path
) -> None:
    env = {**_env(sqlite_settings), "DOCKET_KEY": base64.b64encode(os.urandom(32)).decode()}
    _docket(env, "init", "--encrypt")
    _docket(env, "ingest", str(_files(tmp_path / "in", 10)))
    hits = _docket(env, "search", "Atambaev", "--json").stdout
    assert '"id"' in hits
    assert not (sqlite_settings.home / INDEX_DIR).exists()
    assert "Rebuilt the search index: 10 items." in _docket(env, "reindex").stdout
    assert not (sqlite_settings.home / INDEX_DIR).exists()
    assert "search index" not in _docket(env, "verify").stderr


def test_a_plain_index_is_removed_when_the_archive_is_encrypted(
    sqlite_settings: Settings, tmp_path: Path
) -> None:
    env = _made_by_cli(sqlite_settings, tmp_path / "in", 4)
    assert (sqlite_settings.home / INDEX_DIR).exists()
    keyed = {**env, "DOCKET_KEY": base64.b64encode(os.urandom(32)).decode()}
    _docket(keyed, "encrypt")
    _docket(keyed, "search", "Atambaev")
    assert not (sqlite_settings.home / INDEX_DIR).exists()


@pytest.mark.postgres
def test_a_server_archives_index_serves_the_host_that_claimed_it(tmp_path: Path) -> None:
    with new_database("postgresql", tmp_path) as url:
        settings = Settings.from_env(home=tmp_path / "archive", database_url=url)
        env = _made_by_cli(settings, tmp_path / "in", 6)
        # Neither `init` nor `ingest` claimed the index: the first host to search does.
        assert not (settings.home / HOST_FILE).exists()
        assert not (settings.home / INDEX_DIR).exists()
        with Archive.open(replace(settings, search_engine=DATABASE)) as database:
            expected = _ids(database, "Atambaev")
            assert attached(database.kernel) is None
            assert database.reindex() is None
        assert expected
        with Archive.open(settings) as archive:
            assert _ids(archive, "Atambaev") == expected
            assert opened(archive.kernel) is not None
        assert (settings.home / INDEX_DIR / "meta.json").exists()
        claim = (settings.home / HOST_FILE).read_text(encoding="utf-8")
        assert claim == socket.gethostname() + "\n"
        # The folder is shared with another machine whose processes use the index: this
        # host's search with PostgreSQL's full text, saying so once.
        (settings.home / HOST_FILE).write_text("search-host.example\n", encoding="utf-8")
        with Archive.open(settings) as archive:
            assert _ids(archive, "Atambaev") == expected
            assert _ids(archive, "Atambaev") == expected
            assert attached(archive.kernel) is None
            assert len(archive.notices) == 1
            assert "serves the host search-host.example" in archive.notices[0]
        result = _docket(env, "search", "Atambaev", "--json")
        assert [hit["id"] for hit in json.loads(result.stdout)] == sorted(
            expected, key=[hit["id"] for hit in json.loads(result.stdout)].index
        )
        assert result.stderr.count("\n") == 1
        assert "searching with PostgreSQL's full text" in result.stderr
        # `docket reindex` on this host makes it the search host.
        assert "Rebuilt the search index: 6 items." in _docket(env, "reindex").stdout
        assert _docket(env, "search", "Atambaev").stderr == ""
        assert (
            "nothing to rebuild" in _docket({**env, "DOCKET_SEARCH": "postgres"}, "reindex").stdout
        )


@pytest.mark.postgres
def test_an_unusable_folder_falls_back_to_postgresql_with_one_notice(tmp_path: Path) -> None:
    with new_database("postgresql", tmp_path) as url:
        settings = Settings.from_env(home=tmp_path / "archive", database_url=url)
        env = _made_by_cli(settings, tmp_path / "in", 5)
        expected = _docket({**env, "DOCKET_SEARCH": "postgres"}, "search", "Atambaev", "--json")
        # A file where the folder should be: nothing can be made there.
        (settings.home / INDEX_DIR).write_text("not a folder", encoding="utf-8")
        result = _docket(env, "search", "Atambaev", "--json")
        assert result.stdout == expected.stdout
        assert result.stderr.count("\n") == 1
        assert result.stderr.startswith("notice: cannot use the search index in")


def test_the_search_setting_is_checked(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DOCKET_SEARCH", "lucene")
    result = _docket({"DOCKET_HOME": str(tmp_path / "x")}, "search", "Atambaev", code=2)
    assert (
        "DOCKET_SEARCH must be tantivy, database, fts5 or postgres, not 'lucene'" in result.stderr
    )


def test_the_position_must_be_in_this_chain(settings: Settings, tmp_path: Path) -> None:
    with Archive.create(settings) as archive:
        _ingest(archive, _files(tmp_path / "in", 5))
        index = attached(archive.kernel)
        assert index is not None
        with reading(archive.kernel.engine) as connection:
            position = index.catch_up(connection)
    # The same archive with a rewritten chain (a database restored from elsewhere) is not
    # trusted: the index is rebuilt.
    with Archive.open(settings) as archive:
        _ingest(archive, _files(tmp_path / "more", 3, seed=9))
        with archive.kernel.engine.begin() as connection:
            connection.execute(
                text("UPDATE custody SET hash = 'x' WHERE seq = :seq"), {"seq": position.seq}
            )
        index = SearchIndex(archive.archive_id, settings.home / INDEX_DIR)
        with reading(archive.kernel.engine) as connection:
            index.catch_up(connection)
            assert disagreements(index, connection) == []
    assert index.notices == ["the search index does not match the database; rebuilding it"]


def test_an_index_of_an_older_format_is_rebuilt(settings: Settings, tmp_path: Path) -> None:
    with Archive.create(settings) as archive:
        _ingest(archive, _files(tmp_path / "in", 5))
        expected = _ids(archive, "Atambaev")
    index = with_key_tokenizer(tantivy.Index.open(str(settings.home / INDEX_DIR)))
    writer = index.writer(heap_size=20_000_000, num_threads=1)
    writer.delete_documents_by_term("kind", "state")
    old = tantivy.Document()
    old.add_text("kind", "state")
    old.add_text("state", json.dumps({"format": 0, "archive_id": archive.archive_id}))
    writer.add_document(old)
    writer.commit()
    writer.wait_merging_threads()
    with Archive.open(settings) as archive:
        assert archive.notices == []  # nothing is read of the index before a search
        assert _ids(archive, "Atambaev") == expected
        assert archive.notices == [
            "the search index was made by another version of Docket; rebuilding it"
        ]


def test_a_writer_busy_elsewhere_is_waited_for_then_the_database_answers(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("docket.search.tantivy_index.WRITER_WAIT_SECONDS", 0.3)
    monkeypatch.setattr("docket.search.tantivy_index.REBUILD_WAIT_SECONDS", 0.5)
    with Archive.create(settings) as archive:
        _ingest(archive, _files(tmp_path / "in", 5))
    reader = Archive.open(settings)
    try:
        before = _ids(reader, "Atambaev")
        with Archive.open(settings) as other:
            _ingest(other, _files(tmp_path / "more", 8, seed=8))
            with Archive.open(replace(settings, search_engine=DATABASE)) as database:
                expected = _ids(database, "Atambaev")
        assert expected > before
        # Another process holds the index's writer for longer than a search waits: the
        # database's own index answers, so the search still sees every committed item...
        busy = tantivy.Index.open(str(settings.home / INDEX_DIR))
        held = busy.writer(heap_size=20_000_000, num_threads=1)
        assert _ids(reader, "Atambaev") == expected
        index = attached(reader.kernel)
        assert index is not None
        with reading(reader.kernel.engine) as connection:
            assert disagreements(index, connection) != []
        # A rebuild waits longer, then says why it could not run.
        with pytest.raises(IndexBusy, match="another process has been writing"):
            reader.reindex()
        del held, busy
        # ...and the index takes the new entries in as soon as the writer is free.
        assert _ids(reader, "Atambaev") == expected
        with reading(reader.kernel.engine) as connection:
            assert disagreements(index, connection) == []
    finally:
        reader.close()


@given(st.text(alphabet="-0123456789", max_size=10), st.text(alphabet="-0123456789", max_size=10))
def test_day_numbers_sort_as_the_dates_do(first: str, second: str) -> None:
    # The date filter compares text in SQL; the index compares these numbers.
    assert (day_number(first) < day_number(second)) == (first < second)
    assert (day_number(first) == day_number(second)) == (first == second)


def test_the_index_is_opened_by_the_first_search_not_by_opening_the_archive(
    sqlite_settings: Settings, tmp_path: Path
) -> None:
    with Archive.create(sqlite_settings) as archive:
        _ingest(archive, _files(tmp_path / "in", 4))
    # A command that never searches never reads the index: on an encrypted archive it would
    # otherwise be built in memory, item by item, for nothing.
    with Archive.open(sqlite_settings) as archive:
        assert archive.as_viewer(Viewer.owner()).items.ids()
        assert opened(archive.kernel) is None
        assert _ids(archive, "Atambaev")
        assert opened(archive.kernel) is not None


_INGEST_AND_SEARCH = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from docket.archive import Archive
    from docket.config import Settings
    from docket.ingest.provenance import Provenance
    from docket.model.access import Viewer
    from docket.search import SearchFilters

    home, url, name, rounds, shared = sys.argv[1:6]
    settings = Settings.from_env(home=Path(home), database_url=url)
    mine = Path(shared) / f"{name}.ids"
    incoming = Path(shared) / name
    incoming.mkdir()
    with Archive.open(settings) as archive:
        door = archive.as_viewer(Viewer.owner())
        for number in range(int(rounds)):
            statement = incoming / f"{number}.txt"
            statement.write_text(f"{name} statement {number}: Atambaev marker", encoding="utf-8")
            [result] = door.items.ingest([statement], Provenance())
            with mine.open("a", encoding="utf-8") as ids:
                ids.write(f"{result.id}\\n")
            # Everything either process said was committed before this search began.
            committed = {
                int(line)
                for listed in Path(shared).glob("*.ids")
                for line in listed.read_text(encoding="utf-8").split()
            }
            hits = door.items.search("marker", SearchFilters(), limit=10_000)
            found = {hit.item_id for hit in hits}
            missing = committed - found
            assert not missing, f"{name} round {number}: committed items not found: {missing}"
        assert archive.notices == [], archive.notices
    print("done", flush=True)
    """
)


def test_two_processes_ingest_and_search_one_index_concurrently(
    settings: Settings, tmp_path: Path
) -> None:
    url = settings.database_url
    env = _made_by_cli(settings, tmp_path / "in", 10)
    shared = tmp_path / "shared"
    shared.mkdir()
    rounds = 12
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                _INGEST_AND_SEARCH,
                str(settings.home),
                url,
                name,
                str(rounds),
                str(shared),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for name in ("first", "second")
    ]
    try:
        for process in processes:
            out, err = process.communicate(timeout=600)
            assert process.returncode == 0, err.decode()[-2000:]
            assert out == b"done\n"
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.communicate()
    with Archive.open(settings) as archive:
        assert len(_ids(archive, "marker")) == 2 * rounds
        assert archive.verify_search_index() == []
        assert archive.notices == []
    result = _docket(env, "verify")
    assert "Intact:" in result.stdout
    assert "search index" not in result.stderr
