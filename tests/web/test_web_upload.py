"""Uploading evidence through the page: who may, CSRF, and one report line per file."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable

import pytest
from evidence_support import error_line
from fastapi import FastAPI
from fastapi.testclient import TestClient
from seed import as_owner
from web_support import finished_job, page_csrf

from docket.archive import Archive
from docket.web import WebSettings, create_app

Client = Callable[[str], TestClient]
FILE_LIMIT = 4000


@pytest.fixture
def app(archive: Archive, jobs_worker: None) -> FastAPI:
    """The workspace with a small limit per uploaded file, so a test can pass it."""
    return create_app(archive, WebSettings(secure_cookies=False, max_file_bytes=FILE_LIMIT))


def _rows(html: str) -> list[tuple[str, str]]:
    """(file name, result) of each row of the results table, tags stripped."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
        cells = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        rows.append((" ".join(cells[0].split()), " ".join(cells[1].split())))
    return rows


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, data in members.items():
            bundle.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("role", "status"), [("admin", 200), ("editor", 200), ("analyst", 403), ("viewer", 403)]
)
def test_only_editors_and_admins_get_the_upload_form(
    role: str, status: int, client_as: Client
) -> None:
    client = client_as(role)
    page = client.get("/upload")
    assert page.status_code == status
    if status == 200:
        assert 'enctype="multipart/form-data"' in page.text
        assert 'name="files"' in page.text and "multiple" in page.text
        assert '<script src="/static/upload.js" defer></script>' in page.text
        assert 'value="confidential"' in page.text
    else:
        assert error_line(page.text) == "Only editors and admins may upload evidence."
    nav = client.get("/items").text
    assert ('href="/upload"' in nav) == (status == 200)


@pytest.mark.parametrize("role", ["analyst", "viewer"])
def test_analysts_and_viewers_cannot_upload(role: str, archive: Archive, client_as: Client) -> None:
    client = client_as(role)
    response = client.post(
        "/upload",
        params={"csrf_token": page_csrf(client)},
        data={"csrf_token": page_csrf(client)},
        files=[("files", ("a.txt", b"A statement.", "text/plain"))],
    )
    assert response.status_code == 403
    assert as_owner(archive).items.ids() == []


def test_an_upload_without_the_csrf_token_is_refused(archive: Archive, client_as: Client) -> None:
    client = client_as("editor")
    response = client.post("/upload", files=[("files", ("a.txt", b"A statement.", "text/plain"))])
    assert response.status_code == 403
    assert "did not come from Docket" in error_line(response.text)
    wrong = client.post(
        "/upload",
        data={"csrf_token": "not-the-token"},
        files=[("files", ("a.txt", b"A statement.", "text/plain"))],
    )
    assert wrong.status_code == 403
    assert as_owner(archive).items.ids() == []


def test_one_bad_file_spoils_nothing_and_every_file_is_reported(
    archive: Archive, client_as: Client
) -> None:
    client = client_as("editor")
    response = client.post(
        "/upload",
        params={"csrf_token": page_csrf(client)},
        data={
            "source_url": "https://example.org/report",
            "author": "Monitoring group",
            "published": "2023-05-05",
            "collected_by": "Aida",
            "note": "Brought by hand",
            "confidentiality": "restricted",
        },
        files=[
            ("files", ("good.txt", b"A good statement about the detention.", "text/plain")),
            ("files", ("empty.txt", b"", "text/plain")),
            ("files", ("big.txt", b"x" * (FILE_LIMIT + 1), "text/plain")),
            ("files", ("../../etc/evil.txt", b"A name that tries to escape.", "text/plain")),
            ("files", ("..\\..\\win.txt", b"Backslashes too.", "text/plain")),
        ],
    )
    response = finished_job(client, response)
    rows = dict(_rows(response.text))
    assert set(rows) == {"good.txt", "empty.txt", "big.txt", "evil.txt", "win.txt"}
    assert rows["good.txt"].startswith("New item")
    assert rows["evil.txt"].startswith("New item")
    assert rows["win.txt"].startswith("New item")
    assert rows["empty.txt"] == "Refused: file is empty"
    assert rows["big.txt"] == f"Refused: larger than the limit of {FILE_LIMIT:,} bytes for one file"
    owner = as_owner(archive)
    kept = {owner.items.get(i)["original_name"]: owner.items.get(i) for i in owner.items.ids()}
    assert set(kept) == {"good.txt", "evil.txt", "win.txt"}
    good = kept["good.txt"]
    assert good["source_url"] == "https://example.org/report"
    assert good["author"] == "Monitoring group"
    assert good["published"] == "2023-05-05"
    assert good["collected_by"] == "Aida"
    assert good["notes"] == "Brought by hand"
    assert good["confidentiality"] == "restricted"
    assert f'href="/items/{good["id"]}"' in response.text
    # The job's copies of the files are gone once the job is done.
    assert not list((archive.settings.home / "jobs").iterdir())


def test_a_file_already_in_the_archive_is_reported_as_present(
    archive: Archive, client_as: Client
) -> None:
    client = client_as("admin")
    data = {"csrf_token": page_csrf(client)}
    file = ("files", ("same.txt", b"The same statement twice.", "text/plain"))
    first = dict(
        _rows(finished_job(client, client.post("/upload", params=data, files=[file])).text)
    )
    (item,) = as_owner(archive).items.ids()
    assert first["same.txt"] == f"New item {item}"
    second = dict(
        _rows(finished_job(client, client.post("/upload", params=data, files=[file])).text)
    )
    assert second["same.txt"] == f"Already present as item {item}"


def test_files_inside_a_zip_are_reported_one_by_one(archive: Archive, client_as: Client) -> None:
    client = client_as("editor")
    bundle = _zip(
        {
            "inner/one.txt": b"First statement inside the bundle.",
            "too-big.txt": b"y" * (FILE_LIMIT + 10),
        }
    )
    response = client.post(
        "/upload",
        params={"csrf_token": page_csrf(client)},
        data={"csrf_token": page_csrf(client)},
        files=[("files", ("bundle.zip", bundle, "application/zip"))],
    )
    response = finished_job(client, response)
    rows = _rows(response.text)
    assert rows[0][0] == "bundle.zip" and rows[0][1].startswith("New item")
    inside = {name: result for name, result in rows[1:]}
    assert inside["inside bundle.zip!inner/one.txt"].startswith("New item")
    assert inside["inside bundle.zip!too-big.txt"].startswith("Refused:")
    assert len(as_owner(archive).items.ids()) == 2


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("published", "5 May", "published date must be YYYY-MM-DD, not '5 May'"),
        ("confidentiality", "secret", "confidentiality must be one of"),
    ],
)
def test_a_bad_provenance_is_refused_before_any_file_is_read(
    field: str, value: str, message: str, archive: Archive, client_as: Client
) -> None:
    client = client_as("editor")
    response = client.post(
        "/upload",
        params={"csrf_token": page_csrf(client)},
        data={"csrf_token": page_csrf(client), field: value, "title": "Kept in the form"},
        files=[("files", ("a.txt", b"A statement.", "text/plain"))],
    )
    assert response.status_code == 400
    assert message in error_line(response.text)
    assert 'value="Kept in the form"' in response.text
    assert as_owner(archive).items.ids() == []


def test_an_upload_without_files_says_so(client_as: Client) -> None:
    client = client_as("editor")
    response = client.post(
        "/upload",
        params={"csrf_token": page_csrf(client)},
        data={"csrf_token": page_csrf(client)},
        files=[("files", ("", b"", "application/octet-stream"))],
    )
    assert response.status_code == 400
    assert error_line(response.text) == "Choose at least one file to upload."
