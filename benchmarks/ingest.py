"""Ingest throughput against a floor that only reads, hashes, copies and inserts one FTS row.

    .venv/bin/python benchmarks/ingest.py [--texts 10000] [--pdfs 500]

Both runs store with the same durability (fsync of each copy, synchronous=FULL commits).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from corpus import pdf_documents, text_documents
from docket.archive import Archive
from docket.config import Settings
from docket.ingest.options import IngestOptions
from docket.ingest.provenance import Provenance
from docket.model.access import Viewer
from timing import seconds


def floor(folder: Path, home: Path) -> None:
    blobs = home / "blobs"
    blobs.mkdir(parents=True)
    database = sqlite3.connect(home / "floor.sqlite3", isolation_level=None)
    database.execute("PRAGMA journal_mode=WAL")
    database.execute("PRAGMA synchronous=FULL")
    database.execute("CREATE VIRTUAL TABLE fts USING fts5(body)")
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
        database.execute("BEGIN")
        database.execute("INSERT INTO fts(body) VALUES (?)", (data.decode("utf-8", "replace"),))
        database.execute("COMMIT")
    database.close()


def docket(folder: Path, home: Path, workers: int) -> int:
    settings = Settings.from_env(home=home, database_url=f"sqlite:///{home}/docket.sqlite3")
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


def compare(label: str, folder: Path, work: Path, workers: list[int]) -> None:
    floor_time = seconds(lambda: floor(folder, work / f"floor-{label}"))
    for count_workers in workers:
        count = 0

        def run(n: int = count_workers) -> None:
            nonlocal count
            count = docket(folder, work / f"docket-{label}-{n}", n)

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
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="docket-bench-ingest-"))
    try:
        if args.texts:
            compare(
                "texts", text_documents(work / "texts", args.texts)[0].parent, work, args.workers
            )
        if args.pdfs:
            compare("pdfs", pdf_documents(work / "pdfs", args.pdfs)[0].parent, work, args.workers)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
