"""How long a jobs-folder sweep takes (a server or worker starting, ``docket jobs clean``) on an
archive with many finished uploads: the first sweep reads every finished job, the next ones only
those that ended since shortly before the last sweep began.

    .venv/bin/python benchmarks/job_sweep.py --jobs 100000 [--database-url URL]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert

from docket.archive import Archive
from docket.config import Settings
from docket.db.engine import writing
from docket.db.schema import jobs
from docket.jobs.retention import Sweeper

ENDED = "2026-01-05T00:00:01.000000Z"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=100_000, help="finished uploads in the table")
    parser.add_argument("--sweeps", type=int, default=3)
    parser.add_argument("--database-url", default=None, help="a new, empty database")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        home = Path(work) / "archive"
        archive = Archive.create(Settings.from_env(home, arguments.database_url))
        try:
            rows = [
                {
                    "kind": "ingest",
                    "state": "done",
                    "owner_role": "editor",
                    "owner_name": "editor-one",
                    "confidentiality": "public",
                    "payload": json.dumps({"folder": str(home / "jobs" / f"up-{n}"), "files": []}),
                    "done": 1,
                    "total": 1,
                    "result": json.dumps({"items": [n]}),
                    "attempts": 1,
                    "created_at": ENDED,
                    "finished_at": ENDED,
                }
                for n in range(arguments.jobs)
            ]
            with writing(archive.kernel.engine) as connection:
                connection.execute(insert(jobs), rows)
            first = 0.0
            for number in range(1, arguments.sweeps + 1):
                started = time.perf_counter()
                Sweeper(archive.kernel).sweep()
                took = time.perf_counter() - started
                first = first or took
                print(
                    f"sweep {number}: {took * 1000:,.0f} ms over {arguments.jobs:,} finished"
                    f" jobs ({took / first:.3f}× the first, which reads them all)"
                )
        finally:
            archive.close()


if __name__ == "__main__":
    main()
