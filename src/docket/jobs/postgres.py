"""The job queue of a PostgreSQL archive: procrastinate, in the archive's own database.

Its tables are made with the archive (``docket init``) or when an older archive is opened, and
the newest procrastinate migration they hold is noted in ``archive_meta``: a queue made by a
newer procrastinate than this Docket's is refused rather than used, and an older one is brought
up to date with procrastinate's own migrations.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

from sqlalchemy import Connection, Engine, insert, inspect, select, update
from sqlalchemy.engine import make_url

from docket.db.engine import writing
from docket.db.schema import archive_meta
from docket.errors import DocketError

log = logging.getLogger(__name__)

TASK: Final = "docket.run_job"
QUEUE: Final = "docket"
SCHEMA_KEY: Final = "queue_schema"
RETRY_SECONDS: Final = 2


class QueueSchemaTooNew(DocketError):
    """The queue's tables come from a newer procrastinate than this Docket knows."""


def conninfo(database_url: str) -> str:
    """The libpq address of the archive's database (SQLAlchemy names its driver in it)."""
    return make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)


def _migrations() -> list[Path]:
    spec = importlib.util.find_spec("procrastinate")
    assert spec is not None
    assert spec.submodule_search_locations
    folder = Path(next(iter(spec.submodule_search_locations))) / "sql" / "migrations"
    return sorted(folder.glob("*.sql"))


def _schema_sql() -> str:
    spec = importlib.util.find_spec("procrastinate")
    assert spec is not None
    assert spec.submodule_search_locations
    return (Path(next(iter(spec.submodule_search_locations))) / "sql" / "schema.sql").read_text(
        encoding="utf-8"
    )


def known_schema() -> str:
    """The newest queue migration this Docket's procrastinate knows."""
    return _migrations()[-1].stem


def check_schema(engine: Engine, recorded: str | None) -> None:
    """Make, bring up to date or refuse the queue's tables; ``recorded`` is what
    ``archive_meta`` says they are."""
    known = known_schema()
    if recorded == known:
        return
    if recorded is not None and recorded > known:
        raise QueueSchemaTooNew(
            f"the job queue in this database was made by a newer procrastinate (migration "
            f"{recorded}) than this Docket's (newest {known}): upgrade Docket on this machine"
        )
    with writing(engine) as connection:
        _apply(connection, recorded, known)


def _apply(connection: Connection, recorded: str | None, known: str) -> None:
    # Under the write transaction: the check runs again, so two processes opening the archive
    # at once apply the schema once.
    current = connection.execute(
        select(archive_meta.c.value).where(archive_meta.c.key == SCHEMA_KEY)
    ).scalar()
    if current == known:
        return
    if current is not None and current > known:
        raise QueueSchemaTooNew(f"the job queue was made by a newer procrastinate ({current})")
    raw = connection.connection.driver_connection
    assert raw is not None
    if current is None:
        if "procrastinate_jobs" in inspect(connection).get_table_names():
            raise DocketError(
                "this database already holds procrastinate tables that Docket did not make; "
                "give the archive a database of its own"
            )
        raw.execute(_schema_sql())
        connection.execute(insert(archive_meta).values(key=SCHEMA_KEY, value=known))
        return
    for migration in _migrations():
        if migration.stem > current:
            raw.execute(migration.read_text(encoding="utf-8"))
    connection.execute(
        update(archive_meta).where(archive_meta.c.key == SCHEMA_KEY).values(value=known)
    )


def _app(database_url: str, *, sync: bool) -> Any:
    import procrastinate

    connector: Any
    if sync:
        connector = procrastinate.SyncPsycopgConnector(conninfo=conninfo(database_url))
    else:
        connector = procrastinate.PsycopgConnector(conninfo=conninfo(database_url))
    return procrastinate.App(connector=connector)


class Deferrer:
    """Hands jobs to the queue in the transaction that records them (``defer``), from a
    process that does not run them (the web server): a job row is committed with its place in
    the queue or not at all, in one round of the archive's own connection."""

    def __init__(self, database_url: str) -> None:
        # Never opened: every hand-over runs on the caller's connection, not on a pool.
        self._app = _app(database_url, sync=True)

    def defer(self, connection: Connection, job_id: int) -> None:
        raw = connection.connection.driver_connection
        assert raw is not None
        self._app.configure_task(name=TASK, queue=QUEUE, connection=raw).defer(job_id=job_id)


def work(
    database_url: str,
    run: Callable[[int], None],
    *,
    concurrency: int,
    stalled_after: float,
    attempts: int,
    unattended: Callable[[], list[int]],
) -> None:
    """Process jobs until interrupted: ``concurrency`` at a time, each on a thread.

    A worker that stops beating (killed, its machine gone) for ``stalled_after`` seconds has its
    running jobs handed out again by any other worker; each attempt counts towards the job's
    bound, so a job that kills every worker it meets ends failed.
    """
    from procrastinate import RetryStrategy

    app = _app(database_url, sync=False)

    @app.task(  # type: ignore[untyped-decorator]
        name=TASK,
        queue=QUEUE,
        retry=RetryStrategy(max_attempts=attempts, wait=RETRY_SECONDS),
    )
    def run_job(job_id: int) -> None:
        run(job_id)

    async def recover() -> None:
        while True:
            with contextlib.suppress(Exception):
                stalled = await app.job_manager.get_stalled_jobs(
                    queue=QUEUE, seconds_since_heartbeat=stalled_after
                )
                for job in stalled:
                    log.warning("job %s lost its worker; handing it out again", job.id)
                    await app.job_manager.retry_job(job)
                for job_id in await asyncio.to_thread(unattended):
                    log.warning("job %s was in no worker's hands; handing it out again", job_id)
                    await app.configure_task(name=TASK, queue=QUEUE).defer_async(job_id=job_id)
            await asyncio.sleep(max(1.0, stalled_after / 3))

    async def main() -> None:
        async with app.open_async():
            watcher = asyncio.create_task(recover())
            try:
                await app.run_worker_async(
                    queues=[QUEUE],
                    concurrency=concurrency,
                    update_heartbeat_interval=max(1.0, stalled_after / 3),
                    stalled_worker_timeout=stalled_after,
                )
            finally:
                watcher.cancel()

    asyncio.run(main())
