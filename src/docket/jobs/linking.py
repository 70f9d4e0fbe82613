"""Record linkage as a job: every current record of one type linked into identities, as
``docket link --type`` does, by an editor or admin (linkage reads records of every level).

A run saves its identities, its review queue and its custody entry in one transaction, so a
killed attempt either left a whole run or nothing. The attempt after it looks for that run —
the custody entry that names the job — and reports it rather than running again: one job, one
run in custody. A run the owner started elsewhere meanwhile names no job and is not taken.
"""

from __future__ import annotations

from typing import Any, Final

from docket.jobs.run import Run
from docket.linkage.store import RUN_ACTION

LINK: Final = "link"
# A run's notes (unlinkable records) kept on the job's page; the rest are counted.
MAX_NOTES: Final = 50


def link(run: Run) -> None:
    """Link ``payload["type"]`` records; the job's one outcome says what the run left."""
    kind = str(run.payload["type"])
    desk = run.desk(run.viewer)
    left = _run_since(run, kind)
    if left is not None:
        # The killed attempt's run was saved: it is this job's run.
        run.result["outcomes"] = [_outcome(kind, left, notes=[])]
        return
    stages: list[str] = run.result.setdefault("stages", [])

    def tell(message: str) -> None:
        stages.append(message)
        run.report(0)

    outcome = desk.linkage.run(kind, progress=tell, job=run.job_id)
    saved = _run_since(run, kind)
    assert saved is not None, "a linkage run that returned has its custody entry"
    run.result["outcomes"] = [_outcome(kind, saved, notes=outcome.notes)]


def _run_since(run: Run, kind: str) -> dict[str, Any] | None:
    """The entry of the run this job saved linking ``kind``, if an attempt saved one."""
    subject = f"linkage:{kind}"
    saved = [entry for logged, entry in run.logged(RUN_ACTION) if logged == subject]
    return saved[-1] if saved else None


def _outcome(kind: str, entry: dict[str, Any], *, notes: list[str]) -> dict[str, Any]:
    return {
        "name": kind,
        "status": "new",
        "run": entry["run"],
        "mode": entry["mode"],
        "records": entry["records"],
        "identities": entry["identities"],
        "review": entry["review"],
        "notes": notes[:MAX_NOTES],
        "more_notes": max(0, len(notes) - MAX_NOTES),
    }
