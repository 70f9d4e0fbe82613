"""Fixtures shared by the whole suite: every storage test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy import Engine

from docket.config import Settings
from docket.db.engine import make_engine, writing
from docket.db.migrate import upgrade
from tests.postgres_databases import PostgresDatabases

if TYPE_CHECKING:
    from docket.archive import Archive

# Hypothesis's per-example deadline and its "too slow" health check are timing thresholds: on a
# shared two-core machine they fail correct code, so properties are judged on results alone.
settings.register_profile("docket", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("docket")

# The server the suite runs against; CI starts none itself: the machine provides it.
POSTGRES_ADMIN_URL = os.environ.get(
    "DOCKET_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests marked slow run first, in the order collected. ``pytest -n 2`` hands tests out
    in this order, in chunks while many are left and a few at a time at the end: a test of a
    minute or more handed out last keeps one worker busy while the other has nothing left,
    whereas run first it is evened out by the many short tests after it."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture(autouse=True)
def _temporaries_stay_where_they_were() -> Iterator[None]:
    """Opening an encrypted archive points the whole process's temporary files at a RAM-backed
    folder of its user (``keep_temporaries_in_memory``); a later test in the same worker must not
    inherit that folder, which no other user may enter."""
    folder, variable = tempfile.tempdir, os.environ.get("TMPDIR")
    yield
    tempfile.tempdir = folder
    if variable is None:
        os.environ.pop("TMPDIR", None)
    else:
        os.environ["TMPDIR"] = variable


@contextmanager
def new_database(backend: str, folder: Path) -> Iterator[str]:
    """A URL to a new, empty database on ``backend`` (a file in ``folder`` for SQLite); a
    PostgreSQL database is dropped afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'test.sqlite3'}"
        return
    databases = PostgresDatabases(POSTGRES_ADMIN_URL)
    try:
        with databases.empty() as url:
            yield url
    finally:
        databases.close()


@pytest.fixture(scope="session")
def _postgres_databases() -> Iterator[PostgresDatabases]:
    databases = PostgresDatabases(POSTGRES_ADMIN_URL)
    yield databases
    databases.close()


# Fixtures whose tests make an archive first: the ``archive`` fixture, or ``docket init`` run
# in-process by ``run``.
_STARTS_FROM_AN_ARCHIVE = {"archive", "run"}


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL to a new database on each backend, gone after the test. Empty, except on
    PostgreSQL for a test that starts by making an archive: there it already has the schema
    an archive would be given (see ``tests/postgres_databases.py``)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.sqlite3'}"
        return
    databases: PostgresDatabases = request.getfixturevalue("_postgres_databases")
    starting = (
        databases.for_an_archive
        if _STARTS_FROM_AN_ARCHIVE & set(request.fixturenames)
        else databases.empty
    )
    with starting() as url:
        yield url


@pytest.fixture
def migrated_engine(database_url: str) -> Iterator[Engine]:
    """An engine on a fresh database migrated to the newest schema."""
    engine = make_engine(database_url)
    with writing(engine) as connection:
        upgrade(connection)
    yield engine
    engine.dispose()


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    """Settings of a not-yet-created archive on each backend."""
    return Settings.from_env(home=tmp_path / "archive", database_url=database_url)


@pytest.fixture
def archive(settings: Settings) -> Iterator[Archive]:
    """A new, empty archive on each backend."""
    from docket.archive import Archive

    created = Archive.create(settings)
    yield created
    created.close()


@pytest.fixture
def cli_env(settings: Settings) -> dict[str, str]:
    """Environment that points the ``docket`` command at the test archive."""
    return {
        "DOCKET_HOME": str(settings.home),
        "DOCKET_DATABASE_URL": settings.database_url,
        "DOCKET_ACTOR": "tester",
    }


@contextmanager
def running_worker(settings: Settings, *extra: str) -> Iterator[subprocess.Popen[bytes]]:
    """A ``docket worker`` process on the archive of ``settings``, killed afterwards."""
    env = {
        **os.environ,
        "DOCKET_HOME": str(settings.home),
        "DOCKET_DATABASE_URL": settings.database_url,
        "PYTHONPATH": str(Path(__file__).parents[1] / "src"),
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "docket", "worker", *extra],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        yield worker
    finally:
        worker.kill()
        worker.wait()
        if worker.stderr is not None:
            worker.stderr.close()


@pytest.fixture
def jobs_worker(archive: Archive, settings: Settings) -> Iterator[None]:
    """Whoever runs the archive's jobs: a worker process on PostgreSQL; on SQLite the process
    that queues them runs them itself."""
    if settings.is_sqlite:
        yield
        return
    with running_worker(settings, "--concurrency", "2"):
        yield
