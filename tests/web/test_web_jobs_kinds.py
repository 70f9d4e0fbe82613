"""Reports, proposals and linkage asked for on the workspace answer at once with their job's
page; the job's page offers the report's file, each item's proposals or what the linkage run
left, to the person who asked alone."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from seed import as_owner
from web_support import csrf_of, finished_job

from docket.archive import Archive
from docket.face import Provenance

Client = Callable[[str], TestClient]

pytestmark = pytest.mark.usefixtures("jobs_worker")


def _items(archive: Archive, folder: Path, count: int) -> list[int]:
    folder.mkdir()
    paths = []
    for n in range(count):
        path = folder / f"statement-{n}.txt"
        path.write_text(
            f"Statement {n}: police officers detained Azamat Usenov in Naryn on 3 May 2021.",
            encoding="utf-8",
        )
        paths.append(path)
    return [r.id for r in as_owner(archive).items.ingest(paths, Provenance()) if r.id is not None]


def _propose(client: TestClient, **form: str) -> Response:
    token = csrf_of(client.get("/account").text)
    return client.post("/review/propose", data={"csrf_token": token, **form})


def test_an_editor_queues_proposals_from_the_review_page(
    archive: Archive, tmp_path: Path, client_as: Client
) -> None:
    ids = _items(archive, tmp_path / "items", 2)
    client = client_as("editor")
    assert 'action="/review/propose"' in client.get("/review").text
    page = finished_job(client, _propose(client, items=f"{ids[0]}, #{ids[1]}, 999999"))
    assert "Reading items for proposals" in page.text
    assert f'href="/items/{ids[0]}"' in page.text and f'href="/items/{ids[1]}"' in page.text
    assert "Refused: no item 999999" in page.text
    assert 'href="/review"' in page.text
    waiting = client.get("/review").text
    assert "Nothing waiting" not in waiting
    every = finished_job(client, _propose(client, every="on"))
    assert "0 new proposals from 2 items." in every.text


@pytest.mark.parametrize("role", ["analyst", "viewer"])
def test_only_reviewers_queue_proposals(archive: Archive, client_as: Client, role: str) -> None:
    client = client_as(role)
    response = _propose(client, items="1")
    assert response.status_code == 403
    assert client.get("/jobs").text.count('<tr class="') == 0


def test_odd_item_ids_are_one_line(client_as: Client) -> None:
    client = client_as("editor")
    response = _propose(client, items="three")
    assert response.status_code == 400
    assert "&#39;three&#39; is not an item id" in response.text
    empty = _propose(client, every="on")
    assert empty.status_code == 400
    assert "There are no items to read." in empty.text


def test_proposals_without_csrf_are_refused(client_as: Client) -> None:
    client = client_as("editor")
    client.get("/review")
    assert client.post("/review/propose", data={"items": "1"}).status_code in (400, 403)


def test_a_report_s_file_is_its_owner_s_alone(archive: Archive, client_as: Client) -> None:
    analyst = client_as("analyst")
    token = csrf_of(analyst.get("/reports").text)
    asked = analyst.post(
        "/reports",
        data={
            "csrf_token": token,
            "kind": "period",
            "start": "2020-01-01",
            "end": "2020-12-31",
            "action": "html",
        },
    )
    page = finished_job(analyst, asked)
    path = page.url.path
    assert "Done: the report is made." in page.text
    download = analyst.get(f"{path}/file")
    assert download.status_code == 200
    assert download.headers["content-disposition"].startswith("attachment;")
    assert "docket-period-report-job" in download.headers["content-disposition"]
    for role in ("editor", "admin", "viewer"):
        other = client_as(role)
        assert other.get(f"{path}/file").status_code == 404
        assert other.get(path).status_code == 404
    assert analyst.get("/jobs/999999/file").status_code == 404


def test_an_editor_links_records_from_the_links_page(archive: Archive, client_as: Client) -> None:
    records = as_owner(archive).records
    for name in ("Almazbek Atambayev", "Атамбаев Алмазбек", "Sadyr Japarov"):
        records.create("person", {"name": name, "birth_year": 1956})
    client = client_as("editor")
    page = client.get("/links").text
    assert 'action="/links/run"' in page and '<option value="person">' in page
    token = csrf_of(page)
    done = finished_job(client, client.post("/links/run", data={"csrf_token": token}))
    assert "Done: the records are linked." in done.text
    assert "3 records form 2 identities" in done.text
    odd = client.post("/links/run", data={"csrf_token": token, "type": "case"})
    assert odd.status_code == 400 and "cannot link &#39;case&#39;" in odd.text


@pytest.mark.parametrize("role", ["analyst", "viewer"])
def test_only_editors_and_admins_start_linkage(client_as: Client, role: str) -> None:
    client = client_as(role)
    page = client.get("/links").text
    assert 'action="/links/run"' not in page
    refused = client.post("/links/run", data={"csrf_token": csrf_of(page)})
    assert refused.status_code in (400, 403)
    assert client.get("/jobs").text.count('<tr class="') == 0
