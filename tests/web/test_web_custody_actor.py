"""Custody entries written through the workspace name the signed-in person, not the server."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from seed import as_owner
from token_support import bearer
from web_support import Person, finished_job, page_csrf

from docket.archive import Archive


def _actors(archive: Archive, item_id: int) -> set[str]:
    return {entry.actor for entry in as_owner(archive).items.show(item_id).history}


def test_an_upload_through_the_api_is_in_custody_under_its_uploader(
    archive: Archive, anonymous: TestClient, people: dict[str, Person]
) -> None:
    response = anonymous.post(
        "/api/items",
        headers=bearer(archive, "editor-user", "write"),
        files=[("files", ("note.txt", b"Aibek was detained in Naryn.", "text/plain"))],
    )
    assert response.status_code == 200, response.text
    (result,) = response.json()["results"]
    assert _actors(archive, result["item_id"]) == {"editor-user"}


@pytest.mark.usefixtures("jobs_worker")
def test_an_upload_through_the_page_is_in_custody_under_its_uploader(
    archive: Archive, client_as: Callable[[str], TestClient]
) -> None:
    client = client_as("admin")
    response = client.post(
        "/upload",
        params={"csrf_token": page_csrf(client)},
        data={"csrf_token": page_csrf(client), "confidentiality": "public"},
        files=[("files", ("report.txt", b"Kanykei was questioned for six hours.", "text/plain"))],
    )
    finished_job(client, response)
    (item_id,) = as_owner(archive).items.ids()
    assert _actors(archive, item_id) == {"admin-user"}
