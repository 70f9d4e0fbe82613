"""The workspace's "Capture a link" form, its progress page, and a capture on its item page:
the text diff against the earlier capture, the screenshot and the replay from the WACZ."""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from docket.archive import Archive
from docket.capture import CaptureOptions, CaptureRequest
from docket.face import Provenance
from docket.model.access import Viewer
from docket.web import WebSettings, create_app
from tests.capture.site import Site
from tests.conftest import running_worker
from tests.web.web_support import ROLES, Person, accounts_of, add_person, csrf_of, sign_in

Client = Callable[[str], TestClient]


@pytest.fixture
def web(archive: Archive, site: Site, monkeypatch: pytest.MonkeyPatch) -> Iterator[Client]:
    # The workspace may capture from the test site only: it is on 127.0.0.1.
    monkeypatch.setenv("DOCKET_CAPTURE_PRIVATE_HOSTS", site.host)
    monkeypatch.setenv("DOCKET_ACTOR", "tester")
    app: FastAPI = create_app(
        archive, WebSettings(secure_cookies=False), accounts=accounts_of(archive)
    )
    # On PostgreSQL a worker process captures, with the environment set above.
    worker = (
        contextlib.nullcontext() if archive.settings.is_sqlite else running_worker(archive.settings)
    )
    people: dict[str, Person] = {role: add_person(archive, role) for role in ROLES}
    clients: list[TestClient] = []

    def signed_in_as(role: str) -> TestClient:
        client = TestClient(app)
        clients.append(client)
        sign_in(client, people[role])
        return client

    with worker:
        yield signed_in_as
    for client in clients:
        client.close()


def _wait(client: TestClient, location: str) -> str:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        page = client.get(location)
        assert page.status_code == 200
        if 'http-equiv="refresh"' not in page.text:
            return page.text
        time.sleep(0.5)
    raise AssertionError("the capture job did not finish")


@pytest.mark.parametrize(("role", "status"), [("editor", 200), ("analyst", 403), ("viewer", 403)])
def test_only_editors_and_admins_capture(role: str, status: int, web: Client) -> None:
    client = web(role)
    assert client.get("/capture").status_code == status
    if status == 403:
        token = csrf_of(client.get("/account").text)
        refused = client.post(
            "/capture", data={"links": "https://example.org/", "csrf_token": token}
        )
        assert refused.status_code == 403


def test_the_form_needs_its_csrf_token_and_keeps_what_was_typed(web: Client) -> None:
    client = web("editor")
    form = client.get("/capture").text
    assert 'name="csrf_token"' in form
    refused = client.post("/capture", data={"links": "https://example.org/"})
    assert refused.status_code == 403
    bad = client.post(
        "/capture",
        data={"links": "", "note": "from the channel", "csrf_token": csrf_of(form)},
    )
    assert bad.status_code == 400
    assert "Give at least one link to capture." in bad.text
    assert "from the channel" in bad.text


def test_a_capture_job_reports_each_link_and_the_item_page_shows_the_capture(
    web: Client, site: Site, archive: Archive
) -> None:
    client = web("editor")
    token = csrf_of(client.get("/capture").text)
    links = f"{site.url('/changing')}\nfile:///etc/passwd\n{site.url('/missing')}"
    started = client.post(
        "/capture",
        data={"links": links, "note": "watch list", "csrf_token": token},
        follow_redirects=False,
    )
    assert started.status_code == 303
    location = started.headers["location"]
    assert location.startswith("/jobs/")
    done = _wait(client, location)
    assert "Done: 2 of 3 captured." in done
    assert "only http and https" in done
    assert "the site answered HTTP 404" in done
    # Someone else's job is not theirs to see.
    assert web("admin").get(location).status_code == 404

    # Results come as captures finish: find the changing page's row.
    row = re.search(
        re.escape(site.url("/changing")) + r'</td>\s*<td>\s*<a href="/items/(\d+)"', done
    )
    assert row, done
    ids = [int(row.group(1))]
    page = client.get(f"/items/{ids[0]}")
    assert page.status_code == 200
    assert f'src="/items/{ids[0]}/replay"' in page.text
    assert 'sandbox="allow-same-origin"' in page.text
    assert "Captured at (UTC)" in page.text and "Chromium" in page.text
    pdf = client.get(f"/items/{ids[0]}/capture/pdf")
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"
    assert pdf.headers["content-disposition"].startswith("attachment")
    facts = client.get(f"/items/{ids[0]}/capture/capture").json()
    assert facts["url"] == site.url("/changing") and facts["status"] == 200
    assert client.get(f"/items/{ids[0]}/capture/text").status_code == 404
    shot = client.get(f"/items/{ids[0]}/screenshot")
    assert shot.status_code == 200 and shot.content[:4] == b"\x89PNG"

    replay = client.get(f"/items/{ids[0]}/replay")
    assert replay.status_code == 200
    policy = replay.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "sandbox" in policy
    assert "frame-ancestors 'self'" in policy
    assert replay.headers["x-frame-options"] == "SAMEORIGIN"
    assert "Twelve protesters detained in Bishkek" in replay.text
    assert "<script" not in replay.text
    image = re.search(r'<img src="(/items/\d+/replay\?url=[^"]+)"', replay.text)
    assert image, replay.text
    archived = client.get(image.group(1).replace("&amp;", "&"))
    assert archived.status_code == 200 and archived.content[:4] == b"\x89PNG"
    assert (
        client.get(f"/items/{ids[0]}/replay?url=https%3A%2F%2Felsewhere.example%2F").status_code
        == 404
    )

    # A second capture of the same link shows what changed.
    site.version[0] += 1
    door = archive.as_viewer(Viewer.owner())
    [again] = list(
        door.captures.capture(
            [CaptureRequest(site.url("/changing"))],
            Provenance(),
            CaptureOptions(private_hosts=(site.host,), timeout=20),
            politeness=0,
        )
    )
    page = client.get(f"/items/{again.id}").text
    assert f'href="/items/{ids[0]}"' in page
    assert "What changed since the earlier capture" in page
    assert "<ins>" in page and "<del>" in page


def test_items_that_are_no_captures_have_no_replay(
    web: Client, archive: Archive, tmp_path: Path
) -> None:
    note = tmp_path / "note.txt"
    note.write_text("A plain statement.", encoding="utf-8")
    door = archive.as_viewer(Viewer.owner())
    [result] = list(door.items.ingest([note], Provenance()))
    client = web("editor")
    page = client.get(f"/items/{result.id}")
    assert page.status_code == 200
    assert "/replay" not in page.text
    assert client.get(f"/items/{result.id}/replay").status_code == 404
    assert client.get(f"/items/{result.id}/screenshot").status_code == 404
