"""Queueing uploads as jobs in tests, and waiting for them to end."""

from __future__ import annotations

import time
from pathlib import Path

from docket.archive import Archive
from docket.face import IngestOptions, JobView, options_json
from docket.jobs import MAX_ATTEMPTS
from docket.model.access import Role, Viewer

EDITOR = Viewer("editor-one", Role.EDITOR)


def queue_files(archive: Archive, contents: dict[str, bytes], *, viewer: Viewer = EDITOR) -> int:
    """Queue the ingest of files with these names and bytes, as the upload form does."""
    board = archive.as_viewer(viewer).jobs
    folder = board.inbox()
    files = []
    for number, (name, data) in enumerate(contents.items()):
        (folder / str(number)).mkdir()
        (folder / str(number) / name).write_bytes(data)
        files.append({"name": name, "path": f"{number}/{name}"})
    return board.ingest(folder, files, {"confidentiality": "public"}, options_json(IngestOptions()))


def wait_for(
    archive: Archive, job_id: int, *, viewer: Viewer = EDITOR, patience: float = 300.0
) -> JobView:
    """The job once it has ended; ``patience`` only keeps a broken job from hanging the run."""
    give_up = time.monotonic() + patience
    board = archive.as_viewer(viewer).jobs
    while not (job := board.get(job_id)).finished:
        assert time.monotonic() < give_up, f"job {job_id} did not end: {job}"
        time.sleep(0.05)
    return job


def statements(count: int) -> dict[str, bytes]:
    """``count`` distinct small statements."""
    return {
        f"statement-{n:05}.txt": f"Statement {n}: the witness saw the detention in Naryn.".encode()
        for n in range(count)
    }


def inbox_left(archive: Archive) -> list[Path]:
    folder = archive.settings.home / "jobs"
    return list(folder.iterdir()) if folder.is_dir() else []


def run_here(archive: Archive, job_id: int, *, viewer: Viewer = EDITOR) -> JobView:
    """A queued job run to its end in this process, each attempt as a worker would run it: on
    SQLite this process runs it already; on PostgreSQL no worker is running, so that what a
    test changes in this process reaches the job."""
    if not archive.jobs.in_process:
        for _ in range(MAX_ATTEMPTS):
            try:
                archive.jobs.run(job_id)
            except Exception:  # an attempt cut short: the queue would retry it
                continue
            break
    return wait_for(archive, job_id, viewer=viewer)
