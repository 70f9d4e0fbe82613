"""Record linkage as a job: every record of a type linked into identities by an editor or admin,
as ``docket link`` does; run again after its attempt was cut short, the job leaves one run in
custody; a failing linkage job holds up no other."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from docket.archive import Archive
from docket.db.engine import reading
from docket.db.schema import custody, identity_members, link_runs
from docket.face import JobNotFound, PermissionDenied
from docket.linkage import Linkage
from docket.model.access import Role, Viewer
from tests.jobs.jobs_support import EDITOR, run_here, wait_for
from tests.support import as_owner


def people(archive: Archive) -> dict[str, int]:
    records = as_owner(archive).records
    return {
        "ru": records.create("person", {"name": "Атамбаев Алмазбек", "birth_year": 1956}).id,
        "en": records.create("person", {"name": "Almazbek Atambayev", "birth_year": 1956}).id,
        "ky": records.create(
            "person", {"name": "Алмазбек Шаршенович Атамбаев"}, confidentiality="confidential"
        ).id,
        "japarov": records.create("person", {"name": "Sadyr Japarov", "birth_year": 1968}).id,
    }


def runs(archive: Archive) -> tuple[int, list[dict[str, Any]]]:
    """Linkage runs saved, and the custody entries that logged them."""
    with reading(archive.kernel.engine) as connection:
        saved = len(connection.execute(select(link_runs.c.id)).all())
        entries = [
            json.loads(payload)
            for (payload,) in connection.execute(
                select(custody.c.payload)
                .where(custody.c.action == "linkage_run")
                .order_by(custody.c.seq)
            )
        ]
    return saved, entries


def identity_of(archive: Archive) -> dict[int, int]:
    with reading(archive.kernel.engine) as connection:
        return dict(
            connection.execute(
                select(identity_members.c.record_id, identity_members.c.identity_id)
            ).all()
        )


@pytest.mark.usefixtures("jobs_worker")
def test_a_linkage_job_links_the_records_as_its_owner(archive: Archive) -> None:
    ids = people(archive)
    job = wait_for(archive, archive.as_viewer(EDITOR).jobs.link("person"))
    assert job.state == "done", job.failure
    assert job.names == ("person",)
    (outcome,) = job.result["outcomes"]
    assert (outcome["records"], outcome["identities"]) == (4, 2)
    found = identity_of(archive)
    assert found[ids["en"]] == found[ids["ru"]] == found[ids["ky"]] != found[ids["japarov"]]
    saved, entries = runs(archive)
    assert saved == 1 and [entry["run"] for entry in entries] == [outcome["run"]]
    with reading(archive.kernel.engine) as connection:
        actor = connection.execute(
            select(custody.c.actor).where(custody.c.action == "linkage_run")
        ).scalar_one()
    assert actor == EDITOR.name
    assert list(archive.verify()) == []


def test_a_run_saved_by_an_attempt_cut_short_is_the_job_s_run(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    people(archive)
    cut = {"left": 1}
    real = Linkage.run

    def saved_then_cut(self: Linkage, *args: Any, **kwargs: Any) -> Any:
        outcome = real(self, *args, **kwargs)
        if cut["left"]:
            cut["left"] -= 1
            raise OSError("the worker's machine went away")
        return outcome

    monkeypatch.setattr(Linkage, "run", saved_then_cut)
    job = run_here(archive, archive.as_viewer(EDITOR).jobs.link("person"))
    assert job.state == "done", job.failure
    assert job.attempts == 2 and cut["left"] == 0
    saved, entries = runs(archive)
    assert saved == 1 and len(entries) == 1
    assert job.result["outcomes"][0]["run"] == entries[0]["run"]
    assert list(archive.verify()) == []


@pytest.mark.usefixtures("jobs_worker")
def test_a_failing_linkage_job_is_failed_with_its_reason_and_the_next_one_runs(
    archive: Archive,
) -> None:
    people(archive)
    # The owner can no longer link by the time the job runs: a viewer's account now.
    archive.accounts.add("editor-one", "viewer", "correct horse battery staple", actor="root")
    board = archive.as_viewer(EDITOR).jobs
    doomed = board.link("person")
    failed = wait_for(archive, doomed)
    assert failed.state == "failed" and failed.attempts == 1
    assert failed.failure == "a viewer may read records but not change them"
    other = Viewer("admin-one", Role.ADMIN)
    good = archive.as_viewer(other).jobs.link("person")
    assert wait_for(archive, good, viewer=other).state == "done"
    assert runs(archive)[0] == 1


@pytest.mark.parametrize("role", [Role.ANALYST, Role.VIEWER])
def test_only_editors_and_admins_link(archive: Archive, role: Role) -> None:
    board = archive.as_viewer(Viewer(f"{role}-one", role)).jobs
    with pytest.raises(PermissionDenied):
        board.link("person")
    assert board.recent() == []


def test_a_linkage_job_is_seen_by_its_owner_alone_and_names_a_known_type(
    archive: Archive,
) -> None:
    board = archive.as_viewer(EDITOR).jobs
    with pytest.raises(Exception, match="cannot link 'case'"):
        board.link("case")
    job_id = board.link("place")
    with pytest.raises(JobNotFound):
        archive.as_viewer(Viewer("admin-one", Role.ADMIN)).jobs.get(job_id)
    archive.jobs.wait()
