"""A proposals job or a linkage job cut short after it committed its work, and run again: the
proposals job reports every proposal the whole job kept, the linkage job the run it saved
itself — never a run its owner started elsewhere meanwhile."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from docket.archive import Archive
from docket.jobs import proposing
from docket.linkage import Linkage
from tests.jobs.jobs_support import EDITOR, run_here
from tests.jobs.test_jobs_linkage import people, runs
from tests.jobs.test_jobs_proposals import items_with_proposals, kept, statements


def test_a_proposals_job_run_again_reports_what_the_cut_attempt_kept(
    archive: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = statements(archive, tmp_path / "public", 4)
    cut = {"left": 1}
    real = proposing.Run.report

    def dying(run: Any, done: int, *, now: bool = False) -> None:
        # The third item's findings are committed; the attempt dies before it can say so.
        if done == 3 and cut["left"]:
            cut["left"] -= 1
            raise OSError("the worker's machine went away")
        real(run, done, now=now)

    monkeypatch.setattr(proposing.Run, "report", dying)
    job = run_here(archive, archive.as_viewer(EDITOR).jobs.propose(ids))
    assert job.state == "done", job.failure
    assert job.attempts == 2 and cut["left"] == 0
    total, distinct, entries = kept(archive)
    assert total == distinct and entries == 4
    outcomes = job.result["outcomes"]
    assert [o["item_id"] for o in outcomes] == ids
    # Each statement gives findings: the one the cut attempt kept is counted, not "0 new".
    assert all(o["proposals"] > 0 for o in outcomes), outcomes
    assert sum(o["proposals"] for o in outcomes) == total
    assert items_with_proposals(archive) == set(ids)
    assert list(archive.verify()) == []


def test_a_linkage_job_run_again_does_not_take_a_run_its_owner_started_meanwhile(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    people(archive)
    real = Linkage.run
    elsewhere: list[int] = []

    def cut_after_a_run_elsewhere(self: Linkage, *args: Any, **kwargs: Any) -> Any:
        if not elsewhere:
            # Before the job's first attempt links anything, its owner links the same type
            # from the command line; then the attempt dies.
            own = Linkage(self.kernel, EDITOR, self.store)
            real(own, "person")
            elsewhere.append(runs(archive)[1][-1]["run"])
            raise OSError("the worker's machine went away")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Linkage, "run", cut_after_a_run_elsewhere)
    job_id = archive.as_viewer(EDITOR).jobs.link("person")
    job = run_here(archive, job_id)
    assert job.state == "done", job.failure
    assert job.attempts == 2
    saved, entries = runs(archive)
    assert saved == 2 and len(entries) == 2
    (outcome,) = job.result["outcomes"]
    assert outcome["run"] != elsewhere[0]
    assert [entry.get("job") for entry in entries] == [None, job_id]
    assert outcome["run"] == entries[1]["run"]
    assert list(archive.verify()) == []
