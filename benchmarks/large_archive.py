"""A large archive built by real ingests, kept in benchmarks/.work between runs (or in the folder
named by ``DOCKET_BENCH_WORK``, to share one archive between checkouts)."""

from __future__ import annotations

import os
import time
from pathlib import Path

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
