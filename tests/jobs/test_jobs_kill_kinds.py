"""Workers killed with ``kill -9`` in the middle of a report job, a proposals job and a linkage
job: another worker runs the job again and the archive holds exactly one of everything — one
making of the report and one binding of its one file; each finding of each item kept once; one
linkage run — and verifies."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from docket.archive import Archive
from docket.face import JobView
from docket.model.access import Viewer
from tests.conftest import running_worker
from tests.jobs.jobs_support import EDITOR, wait_for
from tests.jobs.test_jobs_linkage import people, runs
from tests.jobs.test_jobs_proposals import items_with_proposals, kept, statements
from tests.jobs.test_jobs_reports import ANALYST, assert_one_of_everything
from tests.reports.reports_support import build_world
from tests.support import as_owner

FACTS = 150
ITEMS = 60


def kill_mid_job(
    archive: Archive, job_id: int, viewer: Viewer, begun: Callable[[JobView], bool]
) -> JobView:
    """Start a worker, kill it once the job has ``begun``, and finish the job with another."""
    board = archive.as_viewer(viewer).jobs
    with running_worker(archive.settings, "--stalled-after", "3") as first:
        give_up = time.monotonic() + 300
        while not begun(job := board.get(job_id)):
            assert not job.finished, "the job ended before the worker could be killed"
            assert time.monotonic() < give_up, "the first worker never started the job"
            time.sleep(0.01)
        os.kill(first.pid, signal.SIGKILL)
        first.wait()
    killed = board.get(job_id)
    assert killed.state == "running", killed
    with running_worker(archive.settings, "--stalled-after", "3"):
        job = wait_for(archive, job_id, viewer=viewer)
    assert job.state == "done", job.failure
    assert job.attempts == 2
    return job


@pytest.mark.slow
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_report_whose_worker_is_killed_is_made_bound_and_written_once(
    archive: Archive, tmp_path: Path
) -> None:
    world = build_world(archive, tmp_path / "world")
    owner = as_owner(archive)
    # A statement long enough that its PDF takes the worker a while.
    facts = [
        owner.records.create(
            "case_status",
            {
                "case": {"ref": world.case},
                "status": {
                    "value": "hospitalised",
                    "citations": [{"item": world.public_item, "quote": "moved to hospital"}],
                },
                "date": f"2022-{1 + n % 12:02}-{1 + n % 28:02}",
            },
        ).id
        for n in range(FACTS)
    ]
    draft = "# Statement\n\n" + "\n\n".join(f"Noted. [[#{fact}]]" for fact in facts)
    job_id = archive.as_viewer(ANALYST).jobs.report(
        "statement", draft=draft, audience="viewer", language="en", file_format="pdf"
    )
    kill_mid_job(archive, job_id, ANALYST, lambda job: job.state == "running")
    assert assert_one_of_everything(archive, job_id).startswith(b"%PDF")


@pytest.mark.slow
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_proposals_whose_worker_is_killed_are_kept_once(archive: Archive, tmp_path: Path) -> None:
    ids = statements(archive, tmp_path / "public", ITEMS)
    job_id = archive.as_viewer(EDITOR).jobs.propose(ids)
    job = kill_mid_job(archive, job_id, EDITOR, lambda job: job.done > 0)
    assert [outcome["item_id"] for outcome in job.result["outcomes"]] == ids
    total, distinct, entries = kept(archive)
    assert total == distinct
    assert entries == ITEMS
    assert items_with_proposals(archive) == set(ids)
    assert list(archive.verify()) == []


@pytest.mark.slow
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_linkage_run_whose_worker_is_killed_is_saved_once(archive: Archive) -> None:
    people(archive)
    job_id = archive.as_viewer(EDITOR).jobs.link("person")
    job = kill_mid_job(archive, job_id, EDITOR, lambda job: job.state == "running")
    saved, entries = runs(archive)
    assert saved == 1 and len(entries) == 1
    assert job.result["outcomes"][0]["run"] == entries[0]["run"]
    assert list(archive.verify()) == []
