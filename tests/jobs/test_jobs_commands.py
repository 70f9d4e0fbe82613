"""``docket jobs``: the jobs of the person at the terminal listed, filtered and shown, with the
reason a failed one failed; reports, proposals and linkage queued from the command line and run
as jobs (by a worker on PostgreSQL, by the command itself on SQLite); a report job's file
written out; nobody else's job seen."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from docket.archive import Archive
from docket.model.access import Viewer
from tests.e2e.conftest import Run
from tests.e2e.conftest import run as run
from tests.jobs.jobs_support import wait_for
from tests.jobs.test_jobs_linkage import people
from tests.jobs.test_jobs_proposals import statements
from tests.reports.reports_support import build_world

# Who the commands run as: ``cli_env`` sets DOCKET_ACTOR.
TESTER = Viewer.owner("tester")

pytestmark = pytest.mark.usefixtures("jobs_worker")


def queued(output: str) -> int:
    """The number of the job a queueing command names."""
    first = output.splitlines()[0]
    assert first.startswith("Queued job "), output
    return int(first.removeprefix("Queued job ").split(";")[0])


def listed(run: Run, *options: str) -> list[dict[str, object]]:
    jobs: list[dict[str, object]] = json.loads(run("jobs", "list", "--json", *options).stdout)
    return jobs


def test_jobs_queued_from_the_command_line_are_listed_and_shown(
    archive: Archive, run: Run, tmp_path: Path, cli_env: dict[str, str]
) -> None:
    ids = statements(archive, tmp_path / "public", 2)
    people(archive)
    proposing = queued(run("jobs", "propose", *map(str, ids)).output)
    linking = queued(run("jobs", "link", "person").output)
    assert wait_for(archive, proposing, viewer=TESTER).state == "done"
    assert wait_for(archive, linking, viewer=TESTER).state == "done"

    jobs = listed(run)
    assert [(job["id"], job["kind"], job["state"], job["owner"]) for job in jobs] == [
        (linking, "link", "done", "tester"),
        (proposing, "propose", "done", "tester"),
    ]
    assert [job["id"] for job in listed(run, "--kind", "propose")] == [proposing]
    assert listed(run, "--state", "failed") == []
    shown = json.loads(run("jobs", "show", str(proposing), "--json").stdout)
    assert [o["item_id"] for o in shown["results"]] == ids
    assert all(o["proposals"] > 0 for o in shown["results"])
    table = run("jobs").output
    assert "propose" in table and "link" in table and "tester" in table
    text = run("jobs", "show", str(linking)).output
    assert f"Job {linking}: link, done (attempt 1), by tester" in text
    assert "identities 2" in text

    # Anyone else, an admin at the same machine included, sees none of them.
    cli_env["DOCKET_ACTOR"] = "someone-else"
    assert listed(run) == []
    missing = run("jobs", "show", str(proposing), code=2)
    assert missing.output.strip() == f"error: there is no job {proposing}"


def test_a_failed_job_is_listed_with_its_reason(archive: Archive, run: Run, tmp_path: Path) -> None:
    ids = statements(archive, tmp_path / "public", 1)
    # The person at the terminal has a viewer's account: a job runs with the owner's rights
    # as they are when it runs, whatever role the command was given.
    archive.accounts.add("tester", "viewer", "correct horse battery staple", actor="root")
    doomed = queued(run("jobs", "propose", str(ids[0]), "--as-role", "editor").output)
    assert wait_for(archive, doomed, viewer=TESTER).state == "failed"
    reason = "a viewer may read records but not change them"
    (line,) = listed(run, "--state", "failed")
    assert (line["id"], line["failure"]) == (doomed, reason)
    table = run("jobs", "list").output
    assert "failed" in table and "not change them" in table  # wrapped at 80 columns
    assert f"Failed: {reason}" in run("jobs", "show", str(doomed)).output


def test_odd_requests_are_one_line_and_queue_nothing(archive: Archive, run: Run) -> None:
    for args, said in [
        (("jobs", "list", "--state", "stuck"), "a job is queued, running, done, failed"),
        (("jobs", "list", "--kind", "upload"), "a job is one of: ingest, capture"),
        (("jobs", "propose"), "give item ids or --all"),
        (("jobs", "link", "case"), "cannot link 'case'"),
        (("jobs", "report", "case"), "name the subject of the report"),
        (("jobs", "report", "case", "#999999"), "999999"),
        (("jobs", "report", "period", "--from", "2024-01-01"), "a period needs --from and --to"),
        (("jobs", "report", "memo", "--format", "pdf"), "unknown kind of report 'memo'"),
        (("jobs", "report", "case", "#1", "--format", "docx"), "html or pdf"),
        (("jobs", "propose", "1", "--as-role", "analyst"), "analyst"),
    ]:
        result = run(*args, code=2)
        line = result.output.strip()
        assert "\n" not in line and said in line, (args, line)
    assert listed(run) == []


def test_a_report_job_s_file_is_written_out(archive: Archive, run: Run, tmp_path: Path) -> None:
    world = build_world(archive, tmp_path / "world")
    job_id = queued(run("jobs", "report", "case", f"#{world.case}", "--format", "html").output)
    job = wait_for(archive, job_id, viewer=TESTER)
    assert job.state == "done", job.failure
    out = tmp_path / "case.html"
    written = run("jobs", "file", str(job_id), "-o", str(out)).output
    assert written.startswith(f"Wrote {out}")
    made = archive.as_viewer(TESTER).jobs.report_file(job_id)
    assert out.read_bytes() == made.path.read_bytes()
    assert b"<html" in out.read_bytes()
    assert "downloaded_at" in archive.as_viewer(TESTER).jobs.get(job_id).result
    wrong = run("jobs", "file", str(job_id), "-o", str(tmp_path / "case.pdf"), code=2)
    assert "name the file to write after it" in wrong.output
    again = run("jobs", "file", str(job_id), "-o", str(out), code=2)
    assert "already exists" in again.output
