"""Ingest throughput against a floor that only reads, hashes, copies and inserts one FTS row.

    .venv/bin/python benchmarks/ingest.py [--texts 10000] [--pdfs 500] [--database-url URL]

URL: postgresql+psycopg://user@host:port/database (a database the run may create others beside).
Both runs store with the same durability (fsync of each copy, synchronous=FULL commits). With
``--database-url`` (a PostgreSQL server) both use fresh databases there: the floor inserts one
row into a table with a GIN-indexed tsvector in its own transaction.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sqlite3
import sys
import tempfile
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).parent))

from corpus import pdf_documents, text_documents
from docket.archive import Archive
from docket.config import Settings
from docket.ingest.options import IngestOptions
from docket.ingest.provenance import Provenance
from docket.model.access import Viewer
from scratch_databases import new_database
from timing import seconds

# Databases made on the server during the run, dropped at its end.
_server_databases = ExitStack()


def floor(folder: Path, home: Path, server_url: str | None) -> None:
    blobs = home / "blobs"
    blobs.mkdir(parents=True)
    insert_text = _text_table(home, server_url)
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        target = blobs / digest
        if not target.exists():
            temporary = blobs / f"tmp-{digest}"
            with open(temporary, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, target)
        insert_text(data.decode("utf-8", "replace"))


def _text_table(home: Path, server_url: str | None) -> Callable[[str], None]:
    """Insert one text into a full-text table, each in a transaction of its own."""
    if server_url is None:
        database = sqlite3.connect(home / "floor.sqlite3", isolation_level=None)
        database.execute("PRAGMA journal_mode=WAL")
        database.execute("PRAGMA synchronous=FULL")
        database.execute("CREATE VIRTUAL TABLE fts USING fts5(body)")

        def insert_sqlite(body: str) -> None:
            database.execute("BEGIN")
            database.execute("INSERT INTO fts(body) VALUES (?)", (body,))
            database.execute("COMMIT")

        return insert_sqlite
    url = _server_databases.enter_context(new_database(server_url, "ingest_floor"))
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE fts (id serial PRIMARY KEY, body tsvector)"))
        connection.execute(text("CREATE INDEX fts_body ON fts USING gin (body)"))
    statement = text("INSERT INTO fts (body) VALUES (to_tsvector('simple', :body))")

    def insert_postgres(body: str) -> None:
        with engine.begin() as connection:
            # PostgreSQL text holds no NUL characters; a PDF's raw bytes have some.
            connection.execute(statement, {"body": body.replace("\x00", " ")})

    return insert_postgres


def docket(folder: Path, home: Path, workers: int, server_url: str | None) -> int:
    url = f"sqlite:///{home}/docket.sqlite3"
    if server_url is not None:
        url = _server_databases.enter_context(new_database(server_url, "ingest"))
    settings = Settings.from_env(home=home, database_url=url)
    archive = Archive.create(settings)
    try:
        results = list(
            archive.as_viewer(Viewer.owner()).items.ingest(
                [folder], Provenance(), IngestOptions(workers=workers)
            )
        )
    finally:
        archive.close()
    errors = [r for r in results if r.status == "error"]
    if errors:
        raise SystemExit(f"{len(errors)} errors, first: {errors[0].path}: {errors[0].error}")
    return len(results)


def compare(
    label: str, folder: Path, work: Path, workers: list[int], server_url: str | None
) -> None:
    floor_time = seconds(lambda: floor(folder, work / f"floor-{label}", server_url))
    for count_workers in workers:
        count = 0

        def run(n: int = count_workers) -> None:
            nonlocal count
            count = docket(folder, work / f"docket-{label}-{n}", n, server_url)

        docket_time = seconds(run)
        print(
            f"{label:>6}: {count} items | floor {floor_time:.1f} s ({count / floor_time:.0f}/s)"
            f" | docket --workers {count_workers}: {docket_time:.1f} s "
            f"({count / docket_time:.0f}/s) | ratio {docket_time / floor_time:.2f}x"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--texts", type=int, default=10_000)
    parser.add_argument("--pdfs", type=int, default=500)
    parser.add_argument("--workers", type=int, nargs="+", default=[0, 2])
    parser.add_argument("--database-url", help="a PostgreSQL server to use instead of SQLite")
    args = parser.parse_args()
    server_url = args.database_url
    print(f"database: {'PostgreSQL' if server_url else 'SQLite'}, load average {_load()}")
    work = Path(tempfile.mkdtemp(prefix="docket-bench-ingest-"))
    try:
        if args.texts:
            texts = text_documents(work / "texts", args.texts)[0].parent
            compare("texts", texts, work, args.workers, server_url)
        if args.pdfs:
            pdfs = pdf_documents(work / "pdfs", args.pdfs)[0].parent
            compare("pdfs", pdfs, work, args.workers, server_url)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        _server_databases.close()
    print(f"load average after: {_load()}")


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


if __name__ == "__main__":
    main()
