"""/api/jobs: the caller's own jobs listed and read, reports, proposals and linkage queued as
jobs with the rights of the caller's pages (role, token scopes, the session's CSRF header), a
report job's file fetched; another person's jobs are missing to everyone, admins included."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.jobs.test_jobs_linkage import people as linkable_people
from tests.jobs.test_jobs_proposals import statements
from tests.reports.reports_support import World, build_world
from token_support import bearer
from web_support import Person, page_csrf

from docket.archive import Archive

Client = Callable[[str], TestClient]

pytestmark = pytest.mark.usefixtures("jobs_worker")


@pytest.fixture
def world(archive: Archive, tmp_path: Path) -> World:
    return build_world(archive, tmp_path / "world")


def post(client: TestClient, path: str, body: dict[str, Any]) -> Any:
    """A change from the pages' own scripts: the session with its CSRF header."""
    return client.post(path, json=body, headers={"X-CSRF-Token": page_csrf(client)})


def ended(client: TestClient, job_id: int, headers: dict[str, str] | None = None) -> Any:
    """The job once it has ended; the patience only keeps a broken job from hanging."""
    give_up = time.monotonic() + 300
    while (job := client.get(f"/api/jobs/{job_id}", headers=headers).json())["state"] not in (
        "done",
        "failed",
    ):
        assert time.monotonic() < give_up, job
        time.sleep(0.05)
    return job


def test_jobs_queued_over_the_api_are_listed_read_and_their_file_fetched(
    archive: Archive, world: World, tmp_path: Path, client_as: Client
) -> None:
    ids = statements(archive, tmp_path / "public", 2)
    linkable_people(archive)
    editor = client_as("editor")
    refused = editor.post("/api/jobs/proposals", json={"items": ids})
    assert refused.status_code == 403
    assert refused.json() == {"detail": "The X-CSRF-Token header is missing or wrong."}

    proposing = post(editor, "/api/jobs/proposals", {"items": ids})
    assert proposing.status_code == 202, proposing.text
    assert proposing.json()["kind"] == "propose" and proposing.json()["owner"] == "editor-user"
    linking = post(editor, "/api/jobs/linkage", {"type": "person"})
    assert linking.status_code == 202, linking.text
    reporting = post(
        editor,
        "/api/jobs/reports",
        {"kind": "case", "subject": f"#{world.case}", "format": "html", "audience": "viewer"},
    )
    assert reporting.status_code == 202, reporting.text
    numbers = [r.json()["id"] for r in (proposing, linking, reporting)]
    finished = [ended(editor, number) for number in numbers]
    assert [job["state"] for job in finished] == ["done"] * 3, finished
    assert [o["item_id"] for o in finished[0]["results"]] == ids
    assert all(o["proposals"] > 0 for o in finished[0]["results"])
    assert finished[1]["results"][0]["records"] >= 4

    listed = editor.get("/api/jobs").json()["jobs"]
    assert [job["id"] for job in listed] == numbers[::-1]
    assert [j["id"] for j in editor.get("/api/jobs?kind=link").json()["jobs"]] == [numbers[1]]
    assert editor.get("/api/jobs?state=failed").json() == {"jobs": []}
    assert [j["id"] for j in editor.get("/api/jobs?limit=1").json()["jobs"]] == [numbers[2]]

    made = editor.get(f"/api/jobs/{numbers[2]}/file")
    assert made.status_code == 200
    assert made.headers["content-type"].startswith("text/html")
    assert "<html" in made.text
    for path in (f"/api/jobs/{numbers[0]}/file", "/api/jobs/999999/file"):
        assert editor.get(path).status_code == 404

    # Another person, an admin included, sees none of them.
    admin = client_as("admin")
    assert admin.get("/api/jobs").json() == {"jobs": []}
    for number in numbers:
        assert admin.get(f"/api/jobs/{number}").status_code == 404
    assert admin.get(f"/api/jobs/{numbers[2]}/file").status_code == 404


def test_the_api_queues_only_what_the_role_and_the_token_allow(
    archive: Archive,
    world: World,
    people: dict[str, Person],
    client_as: Client,
    anonymous: TestClient,
) -> None:
    analyst = client_as("analyst")
    for path, body in [
        ("/api/jobs/proposals", {"items": [world.public_item]}),
        ("/api/jobs/linkage", {"type": "person"}),
        ("/api/jobs/reports", {"kind": "case", "subject": f"#{world.case}", "audience": "editor"}),
    ]:
        refused = post(analyst, path, body)
        assert refused.status_code == 403, (path, refused.text)
    own = post(analyst, "/api/jobs/reports", {"kind": "case", "subject": f"#{world.case}"})
    assert own.status_code == 202, own.text
    assert ended(analyst, own.json()["id"])["state"] == "done"
    assert [job["kind"] for job in analyst.get("/api/jobs").json()["jobs"]] == ["report"]

    reader = bearer(archive, "editor-user", "read")
    with TestClient(anonymous.app) as script:
        assert script.get("/api/jobs", headers=reader).status_code == 200
        lacking = script.post("/api/jobs/linkage", json={"type": "person"}, headers=reader)
        assert lacking.status_code == 403
        assert lacking.json() == {"detail": "This token lacks the 'write' scope."}
        report = {"kind": "case", "subject": f"#{world.case}"}
        assert script.post("/api/jobs/reports", json=report, headers=reader).status_code == 403
        writer = bearer(archive, "editor-user", "read", "write", "export")
        queued = script.post("/api/jobs/linkage", json={"type": "person"}, headers=writer)
        assert queued.status_code == 202, queued.text
        assert ended(script, queued.json()["id"], writer)["state"] == "done"
    assert anonymous.get("/api/jobs").status_code == 401
    assert anonymous.post("/api/jobs/linkage", json={"type": "person"}).status_code == 401


def test_odd_requests_are_one_line_and_queue_nothing(world: World, client_as: Client) -> None:
    editor = client_as("editor")
    for path, body, status, said in [
        ("/api/jobs/linkage", {"type": "case"}, 400, "cannot link 'case'"),
        ("/api/jobs/reports", {"kind": "case"}, 400, "name the subject of the report"),
        ("/api/jobs/reports", {"kind": "case", "subject": "#999999"}, 400, "no record 999999"),
        ("/api/jobs/reports", {"kind": "period", "from": "2024-01-01"}, 400, "'from' and 'to'"),
        ("/api/jobs/reports", {"kind": "period"}, 400, "give the period of the report"),
        (
            "/api/jobs/reports",
            {"kind": "period", "from": "2024-02-01", "to": "2024-01-01"},
            400,
            "",
        ),
        ("/api/jobs/reports", {"kind": "statement", "language": "xx"}, 400, "xx"),
        ("/api/jobs/reports", {"kind": "memo"}, 422, ""),
        ("/api/jobs/proposals", {"items": []}, 422, ""),
        ("/api/jobs/proposals", {"items": [0]}, 422, ""),
    ]:
        answer = post(editor, path, body)
        assert answer.status_code == status, (body, answer.text)
        if said:
            assert said in answer.json()["detail"], (body, answer.text)
    for query in ("state=stuck", "kind=upload"):
        answer = editor.get(f"/api/jobs?{query}")
        assert answer.status_code == 400, answer.text
        assert "\n" not in answer.json()["detail"]
    assert editor.get("/api/jobs?limit=0").status_code == 422
    assert editor.get("/api/jobs").json() == {"jobs": []}


def test_a_report_s_page_says_when_its_file_is_no_longer_kept(
    archive: Archive, world: World, client_as: Client
) -> None:
    analyst = client_as("analyst")
    queued = post(analyst, "/api/jobs/reports", {"kind": "case", "subject": f"#{world.case}"})
    job_id = ended(analyst, queued.json()["id"])["id"]
    page = analyst.get(f"/jobs/{job_id}").text
    assert f'href="/jobs/{job_id}/file"' in page
    assert analyst.get(f"/jobs/{job_id}/file").status_code == 200
    later = datetime.now(UTC) + timedelta(days=archive.settings.report_keep_days + 1)
    assert archive.jobs.sweeper.sweep(later) == [job_id]
    page = analyst.get(f"/jobs/{job_id}").text
    assert f'href="/jobs/{job_id}/file"' not in page
    assert "The file is no longer kept (removed on" in page
    gone = analyst.get(f"/api/jobs/{job_id}/file")
    assert gone.status_code == 404
    assert "no longer kept since" in gone.json()["detail"]
