"""PostgreSQL databases for the tests: new and empty, or ready for an archive and reused.

Making a database and migrating it costs a PostgreSQL test several tenths of a second, several
times its SQLite twin. A test that starts from an archive instead takes a database that already
has the archive's schema and job queue but no archive, from a pool of this test process. When
the test is over, every row it wrote is deleted and every sequence restarted; the database goes
back to the pool only if its schema is then exactly the schema it was given with (same
relations, columns, constraints, triggers, functions, settings and migration), and is dropped
otherwise, so what one test leaves behind never reaches another.

Every database commits without waiting for the server to flush its log to disk
(``synchronous_commit = off``): a commit is still atomic and seen at once by every other session,
including after the process that made it is killed; only a crash of the server itself, which
no test causes, could lose the last commits. Waiting for the disk cost each commit several
milliseconds, most of the time of many PostgreSQL tests.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.pool import NullPool

from docket.db.engine import make_engine, writing
from docket.db.migrate import upgrade
from docket.jobs.postgres import SCHEMA_KEY, check_schema, known_schema

# Everything a test could change that deleting rows would not undo.
_SCHEMA_FINGERPRINT = text(
    """
    SELECT md5(string_agg(part, '|' ORDER BY part)) FROM (
        SELECT n.nspname || '.' || c.relname || ':' || c.relkind::text || ':'
            || c.relowner::text || ':' || coalesce(c.relacl::text, '') || ':'
            || c.relrowsecurity::text AS part
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
          AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'
        UNION ALL
        SELECT a.attrelid::regclass::text || '.' || a.attname || ':' || a.atttypid::text
            || ':' || a.attnotnull::text || ':' || coalesce(pg_get_expr(d.adbin, d.adrelid), '')
        FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE a.attnum > 0 AND NOT a.attisdropped
          AND n.nspname NOT IN ('pg_catalog', 'information_schema')
          AND n.nspname NOT LIKE 'pg_toast%'
        UNION ALL
        SELECT conrelid::regclass::text || ':' || conname || ':' || pg_get_constraintdef(oid)
        FROM pg_constraint WHERE connamespace = 'public'::regnamespace
        UNION ALL
        SELECT tgrelid::regclass::text || ':' || tgname || ':' || tgenabled::text
        FROM pg_trigger WHERE NOT tgisinternal
        UNION ALL
        SELECT p.oid::regprocedure::text || ':' || md5(p.prosrc)
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
        UNION ALL
        SELECT 'setting:' || array_to_string(setconfig, ',') FROM pg_db_role_setting
        WHERE setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())
        UNION ALL
        SELECT 'schema:' || nspname || ':' || nspowner::text || ':' || coalesce(nspacl::text, '')
        FROM pg_namespace
        UNION ALL
        SELECT 'policy:' || polrelid::regclass::text || ':' || polname FROM pg_policy
        UNION ALL
        SELECT 'database:' || datdba::text || ':' || coalesce(datacl::text, '') || ':'
            || datconnlimit::text
        FROM pg_database WHERE datname = current_database()
        UNION ALL
        SELECT 'large objects:' || count(*) FROM pg_largeobject_metadata
        UNION ALL
        SELECT 'revision:' || version_num FROM alembic_version
    ) AS parts
    """
)


def _rows_deleted(connection: Connection) -> None:
    # Triggers are off for this one transaction: some tables refuse deletes by design.
    connection.execute(text("SET LOCAL session_replication_role = replica"))
    tables = connection.execute(
        text(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
            "AND tablename NOT IN ('alembic_version', 'archive_meta')"
        )
    ).scalars()
    for table in tables:
        connection.execute(text(f'DELETE FROM "{table}"'))
    connection.execute(text("DELETE FROM archive_meta"))
    connection.execute(
        text("INSERT INTO archive_meta (key, value) VALUES (:key, :value)"),
        {"key": SCHEMA_KEY, "value": known_schema()},
    )
    sequences = connection.execute(
        text("SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'")
    ).scalars()
    for sequence in sequences:
        connection.execute(text(f'ALTER SEQUENCE "{sequence}" RESTART'))


class PostgresDatabases:
    """New databases on one server, and a pool of databases ready for an archive."""

    def __init__(self, admin_url: str) -> None:
        self._admin_url = admin_url
        self._admin: Engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        self._template: str | None = None
        self._fingerprint: str | None = None
        self._ready: list[str] = []
        self._made: set[str] = set()

    def url(self, name: str) -> str:
        return self._admin_url.rsplit("/", 1)[0] + f"/{name}"

    @contextmanager
    def empty(self) -> Iterator[str]:
        """A new database with nothing in it, dropped afterwards."""
        name = self._create()
        try:
            yield self.url(name)
        finally:
            self._drop(name)

    @contextmanager
    def for_an_archive(self) -> Iterator[str]:
        """A database with an archive's schema and no archive, wiped and pooled afterwards."""
        name = self._ready.pop() if self._ready else self._create(template=self._template_name())
        try:
            yield self.url(name)
        finally:
            if self._wiped(name):
                self._ready.append(name)
            else:
                self._drop(name)

    def close(self) -> None:
        for name in sorted(self._made):
            self._drop(name)
        self._admin.dispose()

    def _template_name(self) -> str:
        if self._template is None:
            name = self._create()
            engine = make_engine(self.url(name))
            try:
                with writing(engine) as connection:
                    upgrade(connection)
                check_schema(engine, None)
                with engine.connect() as connection:
                    self._fingerprint = connection.execute(_SCHEMA_FINGERPRINT).scalar_one()
            finally:
                # A template is copied only while no session is open on it.
                engine.dispose()
            self._template = name
        return self._template

    def _wiped(self, name: str) -> bool:
        self._disconnect(name)
        engine = create_engine(self.url(name), poolclass=NullPool)
        try:
            with engine.begin() as connection:
                _rows_deleted(connection)
            with engine.connect() as connection:
                return connection.execute(_SCHEMA_FINGERPRINT).scalar_one() == self._fingerprint
        except Exception:
            return False
        finally:
            engine.dispose()

    def _create(self, template: str | None = None) -> str:
        name = f"docket_test_{uuid.uuid4().hex[:16]}"
        copying = f' TEMPLATE "{template}"' if template else ""
        with self._admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"{copying}'))
            connection.execute(text(f'ALTER DATABASE "{name}" SET synchronous_commit = off'))
        self._made.add(name)
        return name

    def _disconnect(self, name: str) -> None:
        with self._admin.connect() as connection:
            connection.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": name},
            )

    def _drop(self, name: str) -> None:
        self._disconnect(name)
        with self._admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        self._made.discard(name)
        if name in self._ready:
            self._ready.remove(name)
