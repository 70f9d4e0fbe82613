"""A retraction names the version its author saw, like an edit: a stale one is a conflict."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from web_support import page_csrf

from docket.archive import Archive
from docket.model.access import Viewer
from docket.records.errors import EditConflict

OWNER = Viewer.owner("owner")


def _moved_on(archive: Archive) -> int:
    """A place at version 2: someone edited it after the version-1 page was read."""
    place = archive.as_viewer(OWNER).records.create("place", {"name": "Osh"})
    archive.as_viewer(OWNER).records.edit(place.id, {"set": {"kind": "city"}}, 1, "kind known")
    return place.id


def test_the_store_refuses_a_stale_retraction(archive: Archive) -> None:
    place = _moved_on(archive)
    with pytest.raises(EditConflict) as conflict:
        archive.as_viewer(OWNER).records.retract(place, "duplicate", expected_version=1)
    assert "\n" not in str(conflict.value)
    assert archive.as_viewer(OWNER).records.get(place).retracted is False


def test_the_api_needs_the_version_and_answers_409_when_stale(
    archive: Archive, client_as: Callable[[str], TestClient]
) -> None:
    place = _moved_on(archive)
    client = client_as("editor")
    headers = {"X-CSRF-Token": page_csrf(client)}
    url = f"/api/records/{place}/retract"
    assert client.post(url, json={"reason": "duplicate"}, headers=headers).status_code == 422
    stale = client.post(url, json={"reason": "duplicate", "expected_version": 1}, headers=headers)
    assert stale.status_code == 409
    assert archive.as_viewer(OWNER).records.get(place).retracted is False
    done = client.post(url, json={"reason": "duplicate", "expected_version": 2}, headers=headers)
    assert done.status_code == 200 and done.json()["retracted"] is True


def test_the_page_form_answers_409_when_stale(
    archive: Archive, client_as: Callable[[str], TestClient]
) -> None:
    place = _moved_on(archive)
    client = client_as("editor")
    token = page_csrf(client)
    stale = client.post(
        f"/records/{place}/retract",
        data={"csrf_token": token, "expected_version": "1", "retract_reason": "duplicate"},
    )
    assert stale.status_code == 409
    assert archive.as_viewer(OWNER).records.get(place).retracted is False
    missing = client.post(
        f"/records/{place}/retract", data={"csrf_token": token, "retract_reason": "duplicate"}
    )
    assert missing.status_code == 400
    assert archive.as_viewer(OWNER).records.get(place).retracted is False
