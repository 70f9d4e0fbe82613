"""Proposals as jobs: the items named are read by extraction and their findings kept for review,
each item once, by an editor or admin; a missing item is one line and spoils nothing; a run cut
short and run again keeps no finding twice (see test_jobs_retries)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from docket.archive import Archive
from docket.db.engine import reading
from docket.db.schema import custody, proposals
from docket.face import JobNotFound, PermissionDenied, Provenance
from docket.jobs import proposing
from docket.model.access import Role, Viewer
from tests.jobs.jobs_support import EDITOR, wait_for
from tests.support import as_owner

STATEMENT = (
    "Statement {n}: police officers detained Azamat Usenov in Naryn on 3 May 2021 and beat him."
)


def statements(archive: Archive, folder: Path, count: int, *, level: str = "public") -> list[int]:
    """Items of ``count`` small statements at ``level``, ingested by the owner."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        path = folder / f"{level}-{n:04}.txt"
        path.write_text(STATEMENT.format(n=n), encoding="utf-8")
        paths.append(path)
    results = as_owner(archive).items.ingest(paths, Provenance(confidentiality=level))
    return [result.id for result in results if result.id is not None]


def kept(archive: Archive) -> tuple[int, int, int]:
    """Proposals kept, distinct findings among them, and custody entries that kept them."""
    with reading(archive.kernel.engine) as connection:
        total = connection.execute(select(func.count()).select_from(proposals)).scalar_one()
        distinct = connection.execute(
            select(func.count()).select_from(
                select(proposals.c.item_id, proposals.c.fingerprint).distinct().subquery()
            )
        ).scalar_one()
        entries = connection.execute(
            select(func.count()).where(custody.c.action == "proposals_stored")
        ).scalar_one()
    return int(total), int(distinct), int(entries)


def items_with_proposals(archive: Archive) -> set[int]:
    with reading(archive.kernel.engine) as connection:
        return {int(i) for (i,) in connection.execute(select(proposals.c.item_id).distinct())}


@pytest.mark.usefixtures("jobs_worker")
def test_a_proposals_job_keeps_the_findings_of_each_item_once(
    archive: Archive, tmp_path: Path
) -> None:
    ids = statements(archive, tmp_path / "public", 3)
    job_id = archive.as_viewer(EDITOR).jobs.propose(ids)
    job = wait_for(archive, job_id)
    assert job.state == "done", job.failure
    assert (job.done, job.total) == (3, 3)
    outcomes = job.result["outcomes"]
    assert [o["item_id"] for o in outcomes] == ids
    assert all(o["status"] == "new" and o["proposals"] > 0 for o in outcomes)
    total, distinct, entries = kept(archive)
    assert total == distinct == sum(o["proposals"] for o in outcomes)
    assert entries == 3
    # Asked again, the same items add nothing: a finding proposed before is not repeated.
    again = wait_for(archive, archive.as_viewer(EDITOR).jobs.propose(ids))
    assert [o["proposals"] for o in again.result["outcomes"]] == [0, 0, 0]
    assert kept(archive) == (total, distinct, entries)
    assert list(archive.verify()) == []


@pytest.mark.usefixtures("jobs_worker")
def test_a_missing_item_is_one_line_and_spoils_nothing(archive: Archive, tmp_path: Path) -> None:
    ids = statements(archive, tmp_path / "public", 2)
    job_id = archive.as_viewer(EDITOR).jobs.propose([ids[0], 999_999, ids[1]])
    job = wait_for(archive, job_id)
    assert job.state == "done", job.failure
    lines = [(o["item_id"], o["status"], o["reason"]) for o in job.result["outcomes"]]
    assert lines == [
        (ids[0], "new", None),
        (999_999, "error", "no item 999999"),
        (ids[1], "new", None),
    ]
    assert items_with_proposals(archive) == set(ids)


@pytest.mark.parametrize("role", [Role.ANALYST, Role.VIEWER])
def test_only_editors_and_admins_queue_proposals(archive: Archive, role: Role) -> None:
    board = archive.as_viewer(Viewer(f"{role}-one", role)).jobs
    with pytest.raises(PermissionDenied):
        board.propose([1])
    assert board.recent() == []


def test_a_proposals_job_is_seen_by_its_owner_alone(archive: Archive, tmp_path: Path) -> None:
    ids = statements(archive, tmp_path / "public", 1)
    job_id = archive.as_viewer(EDITOR).jobs.propose(ids)
    for other in (Viewer("editor-two", Role.EDITOR), Viewer("admin-one", Role.ADMIN)):
        with pytest.raises(JobNotFound):
            archive.as_viewer(other).jobs.get(job_id)
    archive.jobs.wait()


def test_a_proposals_job_needs_items(archive: Archive) -> None:
    board = archive.as_viewer(EDITOR).jobs
    with pytest.raises(Exception, match="give the items"):
        board.propose([])
    with pytest.raises(Exception, match="at most 10,000 items"):
        board.propose(range(1, proposing.MAX_ITEMS + 2))
