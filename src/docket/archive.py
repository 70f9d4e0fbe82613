"""``Archive``: an opened archive, and the door through which the CLI and the web app reach it.

``Archive.open`` (or ``create``) gives the archive; ``archive.as_viewer(viewer)`` gives the
``Door`` through which one viewer reads and writes. What needs no viewer stays here: the life
cycle, the chain of custody's checkpoints and ``verify``, which answer for the whole archive,
and the accounts that tell who a viewer is.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Iterator, Sequence

from sqlalchemy import Connection, Engine, insert, inspect, literal, select
from sqlalchemy.exc import OperationalError

from docket.accounts import Accounts
from docket.config import Settings
from docket.db import migrate
from docket.db.engine import make_engine, reading, writing
from docket.db.schema import archive_meta, chain_head, custody, items, records
from docket.door import Door
from docket.errors import ArchiveExists, ArchiveNotFound, DocketError
from docket.evidence import file_modes, folder_lock, keys
from docket.evidence.blobs import BlobStore
from docket.evidence.custody import Action, Checkpoint, utc_now
from docket.evidence.verify import HeadStatement, Problem, Progress, Verifier
from docket.jobs import MAX_ATTEMPTS, JobQueue
from docket.jobs.postgres import SCHEMA_KEY, check_schema
from docket.kernel import BLOBS_DIR, KEYS_DIR, Kernel
from docket.model.access import Viewer
from docket.search import tantivy_host
from docket.search.tantivy_backlog import BacklogProgress, CatchUp
from docket.search.tantivy_check import disagreements
from docket.vault import conversion, header
from docket.vault.header import Unlocker
from docket.vault.keyring import ArchiveKeys
from docket.vault.memory import keep_temporaries_in_memory
from docket.vault.unlock import unlock


def _holds_archive(connection: Connection) -> bool:
    """Whether the database holds an archive, and not only the schema of one.

    A schema without an archive is what an init leaves when it stops after migrating (a key
    that could not be written, a killed process), or what a database owner prepares in advance;
    ``create`` may finish it. An identity, a custody chain, a custody entry, an item or a record
    means an archive lives there, and it is never written over.
    """
    tables = set(inspect(connection).get_table_names())
    if "archive_meta" not in tables:
        return False
    if connection.execute(
        select(archive_meta.c.key).where(archive_meta.c.key == "archive_id")
    ).first():
        return True
    # Only the tables' names are relied on: the schema may be older than this Docket's.
    return any(
        table.name in tables
        and connection.execute(select(literal(1)).select_from(table).limit(1)).first() is not None
        for table in (chain_head, custody, items, records)
    )


class Archive:
    """An opened archive: its kernel, the doors to it, its checkpoints and verification."""

    def __init__(
        self,
        settings: Settings,
        engine: Engine,
        archive_id: str,
        public_key: str,
        sealing: ArchiveKeys | None = None,
    ):
        self.kernel = Kernel(settings, engine, archive_id, public_key, sealing)
        # Held while the archive is open, so ``docket encrypt`` knows it is not alone.
        self._lease: folder_lock.Lease | None = None

    @property
    def settings(self) -> Settings:
        return self.kernel.settings

    @property
    def archive_id(self) -> str:
        return self.kernel.archive_id

    @property
    def public_key(self) -> str:
        return self.kernel.public_key

    @property
    def encrypted(self) -> bool:
        return self.kernel.encrypted

    @staticmethod
    def needs_passphrase(settings: Settings) -> bool:
        """Whether the archive in ``settings.home`` is unlocked by a passphrase the settings
        do not hold (an interface then asks for it)."""
        return (
            header.is_encrypted(settings.home)
            and header.kind(settings.home) == "passphrase"
            and not (settings.passphrase or settings.key_file or settings.key_text)
        )

    def as_viewer(self, viewer: Viewer) -> Door:
        """The archive as ``viewer`` may see and change it."""
        return Door(self.kernel, viewer, self.jobs)

    @functools.cached_property
    def jobs(self) -> JobQueue:
        """This process's hand on the archive's jobs: queues them, runs them in-process on
        SQLite, and runs them as a ``docket worker`` on PostgreSQL. A job that makes reports
        or proposals sees the archive through a door for its owner, as their request would."""
        return JobQueue(self.kernel, self.as_viewer)

    def work(
        self,
        *,
        concurrency: int,
        stalled_after: float,
        started: Callable[[], object] | None = None,
    ) -> None:
        """Process queued jobs until interrupted (``docket worker``); ``started`` is called
        once the archive is known to take workers."""
        if self.settings.is_sqlite:
            raise DocketError(
                "an archive on SQLite runs its jobs inside `docket serve`; workers on other "
                "machines need the archive's database on PostgreSQL (DOCKET_DATABASE_URL)"
            )
        from docket.jobs import postgres

        if started is not None:
            started()
        self.jobs.tidy()

        postgres.work(
            self.settings.database_url,
            self.jobs.run,
            concurrency=concurrency,
            stalled_after=stalled_after,
            attempts=MAX_ATTEMPTS,
            unattended=self.jobs.unattended,
        )

    @functools.cached_property
    def accounts(self) -> Accounts:
        """Who may sign in, with which role: where a viewer comes from."""
        return Accounts(self.kernel)

    def accounts_with(
        self, *, idle_minutes: int, absolute_hours: int, min_password_score: int
    ) -> Accounts:
        """The accounts with the session lifetimes and password strength a server is
        configured with."""
        return Accounts(
            self.kernel,
            idle_minutes=idle_minutes,
            absolute_hours=absolute_hours,
            min_password_score=min_password_score,
        )

    # -- life cycle -------------------------------------------------------------------------

    @classmethod
    def create(cls, settings: Settings, encrypt_with: Unlocker | None = None) -> Archive:
        """Make a new archive: folder, database schema, blob store, key and first custody entry.

        With ``encrypt_with`` the archive is encrypted (SQLite only): a new archive key,
        unlocked by that passphrase or key file, encrypts the database, every blob and the keys.
        """
        home = settings.home
        if (home / KEYS_DIR / keys.PRIVATE_KEY_FILE).exists():
            raise ArchiveExists(f"an archive already exists in {home}")
        if encrypt_with is not None and not settings.is_sqlite:
            raise DocketError(
                "--encrypt covers an archive whose database is SQLite in its folder; on "
                "PostgreSQL encrypt the server's disk (see docs/security.md)"
            )
        home.mkdir(parents=True, exist_ok=True)
        home.chmod(file_modes.HOME_MODE)
        lease = folder_lock.shared(home)
        try:
            archive = cls._create(settings, encrypt_with)
        except BaseException:
            lease.release()
            raise
        archive._lease = lease
        return archive

    @classmethod
    def _create(cls, settings: Settings, encrypt_with: Unlocker | None) -> Archive:
        home = settings.home
        sealing = None
        # A header left by an init that failed before its signing key existed is stale.
        header.header_path(home).unlink(missing_ok=True)
        if encrypt_with is not None:
            keep_temporaries_in_memory()
            sealing = header.create(home, encrypt_with)
        engine = make_engine(settings.database_url, sealing.database_key if sealing else None)
        try:
            with migrate.schema_change(engine) as connection:
                if _holds_archive(connection):
                    raise ArchiveExists("the database already holds an archive")
                migrate.upgrade(connection)
            if not settings.is_sqlite:
                check_schema(engine, None)
            public = keys.encode_public_key(keys.create_key(home / KEYS_DIR, sealing))
            archive_id = str(uuid.uuid4())
            blobs = BlobStore(home / BLOBS_DIR, sealing)
            blobs.create()
            archive = cls(settings, engine, archive_id, public, sealing)
            with writing(engine) as connection:
                connection.execute(
                    insert(archive_meta),
                    [
                        {"key": "archive_id", "value": archive_id},
                        {"key": "public_key", "value": public},
                        {"key": "created_at", "value": utc_now()},
                    ],
                )
                archive.kernel.custody.start(connection)
                archive.kernel.custody.append(
                    connection,
                    Action.ARCHIVE_CREATED,
                    "archive",
                    {"archive_id": archive_id, "public_key": public},
                )
            archive.checkpoint()
            tantivy_host.attach(archive.kernel, new=True)
        except BaseException:
            engine.dispose()
            raise
        return archive

    @classmethod
    def open(cls, settings: Settings) -> Archive:
        """Open an existing archive, applying any pending schema migrations."""
        sqlite_path = settings.sqlite_path
        if settings.is_sqlite and (sqlite_path is None or not sqlite_path.exists()):
            raise ArchiveNotFound(
                f"no archive in {settings.home}; create one with `docket init` "
                "or set DOCKET_HOME to its folder"
            )
        lease = folder_lock.shared(settings.home) if settings.home.is_dir() else None
        try:
            archive = cls._open(settings)
        except BaseException:
            if lease is not None:
                lease.release()
            raise
        archive._lease = lease
        return archive

    @classmethod
    def _open(cls, settings: Settings) -> Archive:
        sqlite_path = settings.sqlite_path
        sealing = unlock(settings)
        if sealing is not None:
            keep_temporaries_in_memory()
        engine = make_engine(settings.database_url, conversion.database_key(settings, sealing))
        try:
            with reading(engine) as connection:
                meta = dict(
                    connection.execute(select(archive_meta.c.key, archive_meta.c.value)).all()
                )
                revision = migrate.current_revision(connection)
        except OperationalError as error:
            engine.dispose()
            raise ArchiveNotFound(f"cannot read the archive database: {error.orig}") from None
        except Exception:
            engine.dispose()
            if sealing is None and sqlite_path and conversion.looks_encrypted(sqlite_path):
                raise ArchiveNotFound(
                    f"the database in {settings.home} is encrypted but its key header "
                    f"{header.HEADER_FILE} is gone: restore it from a backup"
                ) from None
            raise ArchiveNotFound(
                "the database holds no archive; create one with `docket init`"
            ) from None
        if "archive_id" not in meta:
            engine.dispose()
            raise ArchiveNotFound("the database holds no archive; create one with `docket init`")
        if revision != migrate.SCHEMA_HEAD:
            with migrate.schema_change(engine) as connection:
                migrate.upgrade(connection)
        if not settings.is_sqlite:
            try:
                check_schema(engine, meta.get(SCHEMA_KEY))
            except BaseException:
                engine.dispose()
                raise
        archive = cls(settings, engine, meta["archive_id"], meta["public_key"], sealing)
        blobs = archive.kernel.blobs
        blobs.create()
        file_modes.make_private(
            settings.home, settings.home / KEYS_DIR, blobs, settings.sqlite_path
        )
        blobs.remove_stale_temporaries()
        return archive

    def prepare_search(self) -> None:
        """Open the search index now rather than at the first search: a server's first page
        should not wait for it."""
        tantivy_host.attached(self.kernel)

    def catch_up_search(self, progress: BacklogProgress | None = None) -> CatchUp | None:
        """Bring the search index to the chain's head now, a step of items at a time, each in
        a read transaction of its own, rather than in the first search's transaction (a server
        starting on an index far behind): the items written, or why the index could not be
        written (searches then use the database's own index and try again). None when the
        archive searches with its database's own index."""
        return tantivy_host.catch_up_in_steps(self.kernel, progress)

    def take_notices(self) -> list[str]:
        """:attr:`notices`, to be told now: they are not returned again."""
        return tantivy_host.take_notices(self.kernel)

    @property
    def notices(self) -> list[str]:
        """What opening the archive repaired on its own (a search index rebuilt), to tell the
        person who opened it."""
        return tantivy_host.notices(self.kernel)

    def held_through_exec(self) -> int | None:
        """A descriptor holding this archive open, as opening it does, that a program this
        process is replaced with (``exec``) keeps: ``docket lock`` finds that program and
        stops it with the archive's other holders. None where the folder cannot be locked."""
        return folder_lock.inherited_hold(self.settings.home)

    def close(self) -> None:
        if "jobs" in self.__dict__:
            self.jobs.close()
        self.kernel.engine.dispose()
        if self._lease is not None:
            self._lease.release()
            self._lease = None

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- the whole archive's integrity -------------------------------------------------------

    def checkpoint(self) -> Checkpoint | None:
        """Sign the chain's head (no-op when the head is already signed)."""
        return self.kernel.checkpoint()

    def checkpoint_statement(self) -> str:
        return self.kernel.checkpoint_statement()

    def latest_checkpoint(self) -> Checkpoint | None:
        """The newest signed checkpoint, without signing a new one."""
        with reading(self.kernel.engine) as connection:
            return self.kernel.custody.latest_checkpoint(connection)

    def verify(
        self,
        against: HeadStatement | Sequence[HeadStatement] | None = None,
        progress: Progress | None = None,
    ) -> Iterator[Problem]:
        """Every problem found in blobs, the chain, signatures and what the chain binds;
        ``against`` are checkpoints kept outside (a file, the witnesses)."""
        kernel = self.kernel
        with reading(kernel.engine) as connection:
            verifier = Verifier(
                connection, kernel.blobs, kernel.archive_id, kernel.public_key, progress
            )
            yield from verifier.run(against)

    def reindex(self, progress: BacklogProgress | None = None) -> int | None:
        """Rebuild the search index from the database, a step of items at a time, each in a
        read transaction of its own, in one commit: the number of items indexed, or None when
        the archive searches with its database's own full-text index. ``progress`` is told the
        items written and the items to write after each step."""
        index = tantivy_host.claimed_here(self.kernel)
        if index is None:
            return None
        return index.rebuild(self.kernel.engine, progress)

    def verify_search_index(self, progress: BacklogProgress | None = None) -> list[str]:
        """How the search index disagreed with the database (its position, item count and
        ids), after catching up; an index that disagrees is rebuilt. Empty when it agrees or
        when the archive has no separate index. The catching up and the rebuild read a step
        of items at a time (``progress`` is told of each); only the last few entries and the
        comparison of ids are read in one transaction."""
        index = tantivy_host.opened_as_it_is(self.kernel)
        if index is None:
            return []
        engine = self.kernel.engine
        index.catch_up_in_steps(engine, progress)
        with reading(engine) as connection:
            index.catch_up(connection)
            problems = disagreements(index, connection)
        if problems:
            index.rebuild(engine, progress)
        return problems

    def verify_totals(self) -> dict[str, int]:
        kernel = self.kernel
        with reading(kernel.engine) as connection:
            return Verifier(connection, kernel.blobs, kernel.archive_id, kernel.public_key).totals()
