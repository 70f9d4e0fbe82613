"""Engines for both supported databases, tuned for durability and for one writer at a time."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event

WRITE = "docket_write"
# SQLite gives its -wal and -shm files the database file's mode, so this covers all three.
SQLITE_FILE_MODE = 0o600
ENCRYPTED_CACHE_KIB = 32 * 1024


def make_engine(url: str, key: bytes | None = None) -> Engine:
    """An engine for ``url``. SQLite runs in WAL mode with full fsync on commit.

    With ``key`` (32 bytes) the SQLite file is opened with SQLCipher: every page, of the database,
    its WAL and its full-text index, is encrypted on disk.
    """
    if url.startswith("sqlite"):
        return _sqlite_engine(url, key)
    if key is not None:
        raise ValueError("only an SQLite database is encrypted by the archive key")
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


def _sqlite_engine(url: str, key: bytes | None = None) -> Engine:
    if key is None:
        engine = create_engine(url, connect_args={"timeout": 60})
    else:
        # The wheel bundles SQLCipher with its own SQLite: nothing links against system libraries.
        from sqlcipher3 import dbapi2 as sqlcipher

        engine = create_engine(url, module=sqlcipher, connect_args={"timeout": 60})

        @event.listens_for(engine, "connect", insert=True)
        def _key(dbapi_connection: Any, _record: Any) -> None:
            # Before anything else touches the file: SQLCipher reads no page without the key.
            # A raw key in SQLCipher's x'…' form skips its own PBKDF2: argon2id already ran.
            cursor = dbapi_connection.cursor()
            cursor.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
            # Each page read from disk is decrypted and authenticated: a larger page cache (32
            # MiB, not SQLite's 2) keeps the pages of the index and the chain decrypted.
            cursor.execute(f"PRAGMA cache_size = -{ENCRYPTED_CACHE_KIB}")
            cursor.close()

    @event.listens_for(engine, "do_connect")
    def _owner_only(_dialect: Any, _record: Any, cargs: list[Any], cparams: dict[str, Any]) -> None:
        database = cargs[0] if cargs else cparams.get("database")
        # An in-memory database or a file: URI (which names its own options) has no path to make.
        no_path = database in ("", ":memory:") or bool(cparams.get("uri"))
        if isinstance(database, str) and not no_path:
            create_owner_only(Path(database))

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN itself, so writers can ask for IMMEDIATE.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        # Evidence must survive power loss, not only a crashed process: FULL syncs the WAL on
        # every commit.
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=60000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # A writer takes the write lock up front; otherwise two writers that both read first
        # deadlock on upgrade and one fails with "database is locked".
        if connection.get_execution_options().get(WRITE):
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            connection.exec_driver_sql("BEGIN")

    return engine


def create_owner_only(path: Path) -> None:
    """Create ``path`` empty with mode 0600 unless it exists: SQLite would make it 0644."""
    # A missing folder is left for SQLite to report in its own words.
    with contextlib.suppress(FileExistsError, FileNotFoundError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, SQLITE_FILE_MODE))


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A write transaction: committed on success, rolled back on any exception."""
    with engine.connect() as connection:
        connection = connection.execution_options(**{WRITE: True})
        with connection.begin():
            yield connection


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """A read-only transaction with a consistent snapshot."""
    with engine.connect() as connection, connection.begin():
        yield connection
