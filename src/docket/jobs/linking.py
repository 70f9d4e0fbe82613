"""Record linkage as a job: every current record of one type linked into identities, as
``docket link --type`` does, by an editor or admin (linkage reads records of every level).

A run saves its identities, its review queue and its custody entry in one transaction, so a
killed attempt either left a whole run or nothing. The attempt after it looks for that run —
an entry of the owner's linking that type after the job was queued — and reports it rather than
running again: one job, one run in custody.
"""

from __future__ import annotations

import json
from typing import Any, Final

from sqlalchemy import select

from docket.db.engine import reading
from docket.db.schema import custody
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

    outcome = desk.linkage.run(kind, progress=tell)
    saved = _run_since(run, kind)
    assert saved is not None, "a linkage run that returned has its custody entry"
    run.result["outcomes"] = [_outcome(kind, saved, notes=outcome.notes)]


def _run_since(run: Run, kind: str) -> dict[str, Any] | None:
    """The newest entry of the owner's linking ``kind`` since the job was queued, if any."""
    with reading(run.kernel.engine) as connection:
        found = connection.execute(
            select(custody.c.payload)
            .where(
                custody.c.action == RUN_ACTION,
                custody.c.subject == f"linkage:{kind}",
                custody.c.actor == run.viewer.name,
                custody.c.seq > int(run.payload["since"]),
            )
            .order_by(custody.c.seq.desc())
            .limit(1)
        ).scalar()
    return None if found is None else dict(json.loads(found))


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
