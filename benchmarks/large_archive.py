"""A large archive built by real ingests, kept in benchmarks/.work between runs (or in the folder
named by ``DOCKET_BENCH_WORK``, to share one archive between checkouts)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from sqlalchemy import create_engine, text

from corpus import text_documents
from docket.archive import Archive
from docket.config import Settings
from docket.ingest.provenance import Provenance
from docket.model.access import Viewer

WORK = Path(os.environ.get("DOCKET_BENCH_WORK") or Path(__file__).parent / ".work")


def large_archive(size: int, database_url: str | None = None) -> Settings:
    """An archive holding at least ``size`` items of synthetic en/ru/ky reports: SQLite, or
    the (empty or earlier grown) PostgreSQL database at ``database_url``."""
    home = WORK / ("archive" if database_url is None else "archive-postgresql")
    url = database_url or f"sqlite:///{home}/docket.sqlite3"
    settings = Settings.from_env(home=home, database_url=url)
    if not home.exists():
        Archive.create(settings).close()
    archive = Archive.open(settings)
    try:
        have = len(list(archive.as_viewer(Viewer.owner()).items.ids()))
        if have >= size:
            return settings
        batch = WORK / f"docs-{have}-{size}"
        text_documents(batch, size - have, seed=have)
        started = time.perf_counter()
        for result in archive.as_viewer(Viewer.owner()).items.ingest([batch], Provenance()):
            if result.status == "error":
                raise SystemExit(f"{result.path}: {result.error}")
        rate = (size - have) / (time.perf_counter() - started)
        print(f"  grew the archive to {size:,} items ({rate:.0f} items/s)")
    finally:
        archive.close()
    return settings


def copied_up(settings: Settings, size: int) -> None:
    """Fill the PostgreSQL archive of ``settings`` up to ``size`` items by SQL copies of the
    items it holds, their working copies and their tsvectors, each copy under new ids.

    Real ingests on a loaded two-core machine run at 10-60 items/s; copies take seconds. The
    copies are for measuring search only: the chain of custody describes the ingested items
    (``docket verify`` reports the others), and each report appears several times, so a word
    is in proportionally as many items.
    """
    engine = create_engine(settings.database_url)
    try:
        with engine.begin() as connection:
            count, last = connection.execute(text("SELECT count(*), max(id) FROM items")).one()
            if count >= size:
                return
            started = time.perf_counter()
            last_rendition = connection.execute(text("SELECT max(id) FROM renditions")).scalar()
            shifted = {
                "items": {
                    "id": "id + :shift",
                    # The hash is unique per item; the copies' originals are not read here.
                    "sha256": "left(sha256, 56) || lpad(to_hex(CAST(:copy AS integer)), 8, '0')",
                    "parent_id": "parent_id + :shift",
                    "translation_of": "translation_of + :shift",
                },
                "renditions": {"id": "id + :rendition_shift", "item_id": "item_id + :shift"},
                "item_search": {"item_id": "item_id + :shift"},
            }
            key = {"items": "id", "renditions": "item_id", "item_search": "item_id"}
            statements = []
            for table, changes in shifted.items():
                columns = list(
                    connection.execute(
                        text(
                            "SELECT column_name FROM information_schema.columns "
                            "WHERE table_name = :table ORDER BY ordinal_position"
                        ),
                        {"table": table},
                    ).scalars()
                )
                # Table and column names come from the schema itself, not from input.
                statements.append(
                    text(
                        f"INSERT INTO {table} ({', '.join(columns)}) "
                        f"SELECT {', '.join(changes.get(c, c) for c in columns)} FROM {table} "
                        f"WHERE {key[table]} <= :last AND {key[table]} + :shift <= :size"
                    )
                )
            copy = 1
            while count < size:
                parameters = {
                    "shift": copy * last,
                    "rendition_shift": copy * last_rendition,
                    "copy": copy,
                    "last": last,
                    "size": size,
                }
                for statement in statements:
                    connection.execute(statement, parameters)
                count = connection.execute(text("SELECT count(*) FROM items")).scalar_one()
                copy += 1
            for table in ("items", "renditions"):
                connection.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT max(id) FROM {table}))"
                    )
                )
        print(f"  copied the items up to {size:,} in {time.perf_counter() - started:.0f} s")
    finally:
        engine.dispose()
