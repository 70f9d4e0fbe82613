"""Proposals as a job: the items a person names are read by extraction and its findings kept
for review, as ``docket propose`` does, one item's findings committed at a time.

Run again after a killed attempt, it reads again only the items the result does not list as
finished; an item whose findings the killed attempt kept before it could say so adds nothing
the second time, because a finding proposed before is never proposed again (its fingerprint).
Each item's count is read back from the custody entries that kept its findings, which name the
job: the retried job reports what the whole job kept, not what its last attempt added.
"""

from __future__ import annotations

from typing import Any, Final

from docket.errors import ItemNotFound
from docket.jobs.run import Run
from docket.review.proposals import STORED

PROPOSE: Final = "propose"
# More items than this are more than one person reviews from one request.
MAX_ITEMS: Final = 10_000


def propose(run: Run) -> None:
    """Extract ``payload["items"]`` and keep what is found; each item is one outcome."""
    desk = run.desk(run.viewer)
    run.viewer.require_writer()
    wanted: list[int] = [int(item_id) for item_id in run.payload["items"]]
    outcomes: dict[str, dict[str, Any]] = run.result.setdefault("items", {})
    readable: list[int] = []
    for item_id in wanted:
        if str(item_id) in outcomes:
            continue
        try:
            desk.items.get(item_id)
        except ItemNotFound:
            # Hidden answers as missing; one such item spoils nothing else.
            outcomes[str(item_id)] = _outcome(item_id, "error", reason=f"no item {item_id}")
            continue
        readable.append(item_id)
    run.report(len(outcomes), now=True)
    added = 0
    for extraction in desk.extract(readable):
        item_id = int(extraction.document["item"])
        count = desk.proposals.store(item_id, extraction.document, job=run.job_id)
        added += count
        outcomes[str(item_id)] = _outcome(item_id, "new", proposals=count, notes=extraction.notes)
        run.report(len(outcomes))
    if added:
        # Keeping proposals is in the chain of custody: its head is signed once for the job.
        desk.checkpoint()
    kept = _kept_by_job(run)
    for outcome in outcomes.values():
        if outcome["status"] == "new":
            outcome["proposals"] = kept.get(int(outcome["item_id"]), 0)
    run.result["outcomes"] = [outcomes[str(item_id)] for item_id in wanted]


def _kept_by_job(run: Run) -> dict[int, int]:
    """How many proposals the job kept for each item, over all its attempts."""
    kept: dict[int, int] = {}
    for _subject, entry in run.logged(STORED):
        item_id = int(entry["item"])
        kept[item_id] = kept.get(item_id, 0) + int(entry["count"])
    return kept


def _outcome(
    item_id: int,
    status: str,
    *,
    proposals: int = 0,
    reason: str | None = None,
    notes: list[str] | tuple[str, ...] = (),
) -> dict[str, Any]:
    return {
        "name": f"#{item_id}",
        "item_id": item_id,
        "status": status,
        "proposals": proposals,
        "reason": reason,
        "notes": list(notes),
    }
