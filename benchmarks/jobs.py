"""Uploads processed as jobs by two ``docket worker`` processes, one killed with SIGKILL midway,
against ingesting the same files in-process; on PostgreSQL.

    .venv/bin/python benchmarks/jobs.py [--uploads 200] [--database-url URL]

Each upload is one job with one small text file, queued as the upload form queues it. Two
workers (``--concurrency 2`` each) start once all are queued; when half the jobs are done the
first worker is killed with SIGKILL, and the second finishes the rest, including the job the
killed one was running once its heartbeat is ``--stalled-after`` seconds old. The floor, in the
same run, is one in-process ``ingest`` of the same files into another new archive. Then: every
file is one item, every job is done, and ``verify`` finds nothing wrong. Besides elapsed times it
prints the processor time of queueing (this process) and of the two workers (from ``/proc``,
their start included), which other work on a shared machine disturbs less.

URL is a PostgreSQL server's maintenance database: the benchmark makes two databases on it and
drops them at the end.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).parent))

from docket.archive import Archive
from docket.config import Settings
from docket.db.engine import reading
from docket.db.schema import items
from docket.db.schema import jobs as jobs_table
from docket.face import IngestOptions, Provenance, Viewer, options_json
from docket.model.access import Role
from scratch_databases import ADMIN_URL, new_database

EDITOR = Viewer("bench-editor", Role.EDITOR)
SRC = Path(__file__).resolve().parents[1] / "src"


def statements(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True)
    paths = []
    for number in range(count):
        path = folder / f"statement-{number:06}.txt"
        path.write_text(
            f"Statement {number}: the witness saw Atambayev's guards in Naryn on 7 August.\n",
            encoding="utf-8",
        )
        paths.append(path)
    return paths


def in_process(settings: Settings, folder: Path) -> float:
    archive = Archive.create(settings)
    try:
        started = time.perf_counter()
        results = list(archive.as_viewer(EDITOR).items.ingest([folder], Provenance()))
        seconds = time.perf_counter() - started
        assert {result.status for result in results} == {"new"}
    finally:
        archive.close()
    return seconds


def queue(archive: Archive, paths: list[Path]) -> list[int]:
    board = archive.as_viewer(EDITOR).jobs
    options = options_json(IngestOptions())
    numbers = []
    for path in paths:
        inbox = board.inbox()
        (inbox / "0").mkdir()
        (inbox / "0" / path.name).write_bytes(path.read_bytes())
        files = [{"name": path.name, "path": f"0/{path.name}"}]
        numbers.append(board.ingest(inbox, files, {"confidentiality": "public"}, options))
    return numbers


def worker(settings: Settings, stalled_after: float) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DOCKET_HOME": str(settings.home),
        "DOCKET_DATABASE_URL": settings.database_url,
        "PYTHONPATH": str(SRC),
    }
    command = [sys.executable, "-m", "docket", "worker", "--concurrency", "2"]
    command += ["--stalled-after", str(stalled_after)]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)


def processor_seconds(pid: int) -> float:
    """A process's processor time so far, user and system (Linux's ``/proc``): a measure of a
    worker's own cost that other work on the machine disturbs less than elapsed time."""
    fields = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def states(archive: Archive) -> dict[str, int]:
    with reading(archive.kernel.engine) as connection:
        rows = connection.execute(
            select(jobs_table.c.state, func.count()).group_by(jobs_table.c.state)
        ).all()
    return {state: int(count) for state, count in rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--uploads", type=int, default=200)
    parser.add_argument("--database-url", default=ADMIN_URL)
    parser.add_argument("--stalled-after", type=float, default=5.0)
    args = parser.parse_args()
    os.environ.setdefault("DOCKET_ACTOR", "bench")
    with (
        tempfile.TemporaryDirectory() as folder,
        new_database(args.database_url, "bench_floor") as floor_url,
        new_database(args.database_url, "bench_jobs") as jobs_url,
    ):
        paths = statements(Path(folder) / "incoming", args.uploads)
        floor_settings = Settings.from_env(home=Path(folder) / "floor", database_url=floor_url)
        floor = in_process(floor_settings, Path(folder) / "incoming")

        settings = Settings.from_env(home=Path(folder) / "jobs", database_url=jobs_url)
        archive = Archive.create(settings)
        try:
            started, processor = time.perf_counter(), time.process_time()
            queue(archive, paths)
            queued = time.perf_counter() - started
            queued_processor = time.process_time() - processor
            started = time.perf_counter()
            first, second = worker(settings, args.stalled_after), worker(settings, 5.0)
            killed_at = None
            workers_processor = 0.0
            try:
                while (found := states(archive)).get("done", 0) + found.get("failed", 0) < len(
                    paths
                ):
                    if killed_at is None and found.get("done", 0) >= len(paths) // 2:
                        workers_processor += processor_seconds(first.pid)
                        os.kill(first.pid, signal.SIGKILL)
                        first.wait()
                        killed_at = found.get("done", 0)
                    time.sleep(0.2)
                processed = time.perf_counter() - started
                workers_processor += processor_seconds(second.pid)
            finally:
                for process in (first, second):
                    process.kill()
                    process.wait()
            with reading(archive.kernel.engine) as connection:
                kept = connection.execute(select(func.count()).select_from(items)).scalar()
                distinct = connection.execute(
                    select(func.count(func.distinct(items.c.sha256)))
                ).scalar()
                retried = connection.execute(
                    select(func.count()).where(jobs_table.c.attempts > 1)
                ).scalar()
            verify_started = time.perf_counter()
            problems = list(archive.verify())
            verify_seconds = time.perf_counter() - verify_started
        finally:
            archive.close()
    print(f"uploads                       {len(paths)}")
    print(f"in-process ingest (floor)     {floor:8.2f} s  {len(paths) / floor:8.1f} files/s")
    print(
        f"queueing the uploads          {queued:8.2f} s  {1000 * queued / len(paths):6.2f} ms "
        f"per upload ({1000 * queued_processor / len(paths):.2f} ms of processor time)"
    )
    print(f"2 workers, one killed at {killed_at} done")
    print(
        f"  processing                  {processed:8.2f} s  {len(paths) / processed:8.1f} files/s"
    )
    print(f"  ratio to the floor          {processed / floor:8.2f}x")
    print(
        f"  workers' processor time     {workers_processor:8.2f} s  "
        f"{1000 * workers_processor / len(paths):6.2f} ms per job (their start included)"
    )
    print(f"jobs: {found}; run again after a kill: {retried}")
    print(f"items kept {kept}, distinct {distinct}; verify: {len(problems)} problems")
    print(f"verify                        {verify_seconds:8.2f} s")
    assert kept == distinct == len(paths), "a file was lost or kept twice"
    assert found == {"done": len(paths)}, found
    assert problems == [], problems[:3]


if __name__ == "__main__":
    main()
