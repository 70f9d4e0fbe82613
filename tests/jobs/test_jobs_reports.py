"""Reports as jobs: made as the audience its owner chose, written as one file bound once in
custody, however often the job runs; a failing report job is failed with its reason and holds
up no other; only its owner sees the job and downloads its file."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from docket.archive import Archive
from docket.db.engine import reading, writing
from docket.db.schema import custody
from docket.face import JobNotFound, PermissionDenied
from docket.jobs import ledger, reporting
from docket.model.access import Role, Viewer
from tests.jobs.jobs_support import wait_for
from tests.reports.reports_support import SECRET_WORDS, World, build_world

ANALYST = Viewer("analyst-one", Role.ANALYST)


@pytest.fixture
def world(archive: Archive, tmp_path: Path) -> World:
    return build_world(archive, tmp_path / "world")


def report_entries(archive: Archive, export_id: str) -> tuple[list[Any], list[Any]]:
    """The custody entries that made the report of ``export_id`` and that bound its files."""
    with reading(archive.kernel.engine) as connection:
        rows = connection.execute(
            select(custody.c.action, custody.c.subject, custody.c.payload)
            .where(custody.c.action.in_(("records_exported", "report_rendered")))
            .order_by(custody.c.seq)
        ).all()
    made = [
        json.loads(row.payload)
        for row in rows
        if row.action == "records_exported"
        and json.loads(row.payload).get("export_id") == export_id
    ]
    bound = [
        json.loads(row.payload)
        for row in rows
        if row.action == "report_rendered" and row.subject == f"report:{export_id}"
    ]
    return made, bound


def export_id_of(archive: Archive, job_id: int) -> str:
    with reading(archive.kernel.engine) as connection:
        row = ledger.row(connection, job_id)
    assert row is not None
    return str(json.loads(row.payload)["export_id"])


def assert_one_of_everything(archive: Archive, job_id: int, viewer: Viewer = ANALYST) -> bytes:
    """The job's file, checked to be the one file its single binding names."""
    made, bound = report_entries(archive, export_id_of(archive, job_id))
    assert len(made) == 1, made
    assert len(bound) == 1, bound
    found = archive.as_viewer(viewer).jobs.report_file(job_id)
    data = found.path.read_bytes()
    assert [path.name for path in found.path.parent.iterdir()] == [found.path.name]
    assert bound[0]["files"] == {found.path.name: hashlib.sha256(data).hexdigest()}
    assert bound[0]["made_at_entry"] >= 1
    assert list(archive.verify()) == []
    return data


@pytest.mark.usefixtures("jobs_worker")
def test_a_report_job_writes_the_audience_s_report_bound_once(
    archive: Archive, world: World
) -> None:
    board = archive.as_viewer(ANALYST).jobs
    job_id = board.report(
        "case", subject_id=world.case, audience="viewer", language="en", file_format="html"
    )
    job = wait_for(archive, job_id, viewer=ANALYST)
    assert job.state == "done", job.failure
    assert (job.done, job.total, job.percent) == (1, 1, 100)
    assert job.names == (f"case report on #{world.case} (html)",)
    (outcome,) = job.result["outcomes"]
    assert outcome["title"] == "Case file: Case of Kubat Ormonov"
    html = assert_one_of_everything(archive, job_id).decode("utf-8")
    assert outcome["sha256"] == hashlib.sha256(html.encode("utf-8")).hexdigest()
    assert "was arrested in Bishkek" in html and "as viewer" in html
    for word in SECRET_WORDS:
        assert word not in html
    # The custody names the person who asked, as the audience they chose.
    made, _ = report_entries(archive, export_id_of(archive, job_id))
    assert made[0]["viewer_role"] == "viewer"


@pytest.mark.usefixtures("jobs_worker")
def test_a_pdf_period_report_job(archive: Archive, world: World) -> None:
    board = archive.as_viewer(ANALYST).jobs
    job_id = board.report(
        "period",
        period=(date(2020, 1, 1), date(2023, 12, 31)),
        audience="analyst",
        language="ru",
        file_format="pdf",
    )
    job = wait_for(archive, job_id, viewer=ANALYST)
    assert job.state == "done", job.failure
    assert assert_one_of_everything(archive, job_id).startswith(b"%PDF")
    assert board.report_file(job_id).name == f"docket-period-report-job{job_id}.pdf"


# Where an attempt dies: after the report was made (its custody entry written), after its file
# was written and noted, after the file was bound in custody.
STAGES = ("made", "written", "bound")


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("stage", STAGES)
def test_an_attempt_cut_short_at_any_step_leaves_one_of_everything(
    archive: Archive, world: World, monkeypatch: pytest.MonkeyPatch, stage: str
) -> None:
    cut = {"left": 1}

    def once(real: Callable[..., Any], *, after: bool) -> Callable[..., Any]:
        def cutting(*args: Any, **kwargs: Any) -> Any:
            if cut["left"] and not after:
                cut["left"] -= 1
                raise OSError("the worker's machine went away")
            answer = real(*args, **kwargs)
            if cut["left"]:
                cut["left"] -= 1
                raise OSError("the worker's machine went away")
            return answer

        return cutting

    if stage == "made":
        monkeypatch.setattr(reporting, "report_bytes", once(reporting.report_bytes, after=False))
    else:
        real = reporting.bind_named
        monkeypatch.setattr(reporting, "bind_named", once(real, after=stage == "bound"))
    job_id = archive.as_viewer(ANALYST).jobs.report(
        "case", subject_id=world.case, audience="analyst", language="en", file_format="pdf"
    )
    job = wait_for(archive, job_id, viewer=ANALYST)
    assert job.state == "done", job.failure
    assert job.attempts == 2 and cut["left"] == 0
    assert assert_one_of_everything(archive, job_id).startswith(b"%PDF")


@pytest.mark.usefixtures("jobs_worker")
def test_a_failing_report_job_is_failed_with_its_reason_and_the_next_one_runs(
    archive: Archive, world: World
) -> None:
    # Queued as the form would, but for a subject that is gone by the time the job runs.
    board = archive.as_viewer(ANALYST).jobs
    doomed = board.report(
        "incident", subject_id=999_999, audience="viewer", language="en", file_format="html"
    )
    good = board.report(
        "incident", subject_id=world.event, audience="viewer", language="en", file_format="html"
    )
    failed = wait_for(archive, doomed, viewer=ANALYST)
    assert failed.state == "failed" and failed.attempts == 1
    assert failed.failure == "no record 999999"
    with pytest.raises(JobNotFound):
        board.report_file(doomed)
    assert wait_for(archive, good, viewer=ANALYST).state == "done"
    assert "Clash at the border post" in board.report_file(good).path.read_text(encoding="utf-8")


def test_a_report_job_runs_with_its_owner_s_rights_as_they_are_when_it_runs(
    archive: Archive, world: World
) -> None:
    # Queued by analyst-one as an analyst, for an analyst audience; the account is a viewer's
    # by the time the job runs.
    archive.accounts.add("analyst-one", "viewer", "correct horse battery staple", actor="root")
    job_id = _report_row(archive, world, audience="analyst")
    archive.jobs.run(job_id)
    job = wait_for(archive, job_id, viewer=ANALYST)
    assert job.state == "failed"
    assert job.failure == "a report can be made for your role or a lower one only"
    made, bound = report_entries(archive, export_id_of(archive, job_id))
    assert made == [] and bound == []


def _report_row(archive: Archive, world: World, *, audience: str) -> int:
    """A report job written straight to the table, as the board queues it, and handed to no
    one: the test runs it."""
    folder = archive.jobs.inbox()
    payload = {
        "folder": str(folder),
        "title": "case report",
        "names": ["case report"],
        "kind": "case",
        "subject_id": world.case,
        "start": None,
        "end": None,
        "estimates": False,
        "draft": "",
        "language": "en",
        "audience": audience,
        "format": "html",
        "export_id": "3f1c0a4e-0000-4000-8000-000000000001",
        "since": 0,
    }
    with writing(archive.kernel.engine) as connection:
        return ledger.add(
            connection,
            kind="report",
            owner=ANALYST,
            confidentiality="public",
            payload=payload,
            total=1,
        )


@pytest.mark.usefixtures("jobs_worker")
def test_only_the_owner_sees_a_report_job_and_its_file(archive: Archive, world: World) -> None:
    job_id = archive.as_viewer(ANALYST).jobs.report(
        "case", subject_id=world.case, audience="viewer", language="en", file_format="html"
    )
    assert wait_for(archive, job_id, viewer=ANALYST).state == "done"
    for other in (
        Viewer("analyst-two", Role.ANALYST),
        Viewer("admin-one", Role.ADMIN),
        Viewer("viewer-one", Role.VIEWER),
    ):
        board = archive.as_viewer(other).jobs
        with pytest.raises(JobNotFound):
            board.get(job_id)
        with pytest.raises(JobNotFound):
            board.report_file(job_id)


def test_nobody_queues_a_report_for_an_audience_above_their_role(archive: Archive) -> None:
    viewer = archive.as_viewer(Viewer("viewer-one", Role.VIEWER)).jobs
    for audience in ("analyst", "editor", "admin"):
        with pytest.raises(PermissionDenied, match="your role or a lower one only"):
            viewer.report(
                "case", subject_id=1, audience=audience, language="en", file_format="html"
            )
    assert viewer.recent() == []


@pytest.mark.parametrize(
    ("asked", "message"),
    [
        ({"kind": "poem"}, "unknown kind of report 'poem'"),
        ({"kind": "case", "file_format": "docx"}, "as html or pdf, not 'docx'"),
        ({"kind": "case", "language": "fr"}, "fr"),
        ({"kind": "case", "subject_id": None}, "name the subject of the report"),
        ({"kind": "period", "period": (date(2023, 1, 1), date(2020, 1, 1))}, "before it starts"),
    ],
)
def test_a_report_that_cannot_be_made_is_refused_before_it_is_queued(
    archive: Archive, asked: dict[str, Any], message: str
) -> None:
    board = archive.as_viewer(ANALYST).jobs
    given: dict[str, Any] = {
        "audience": "viewer",
        "language": "en",
        "file_format": "html",
        "subject_id": 1,
        **asked,
    }
    kind = given.pop("kind")
    with pytest.raises(Exception, match=message):
        board.report(kind, **given)
    assert board.recent() == []
    assert not (archive.settings.home / "jobs").exists() or not any(
        (archive.settings.home / "jobs").iterdir()
    )
