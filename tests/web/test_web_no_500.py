"""No page answers 500: undated acts, ids no column can hold, and (by property) every route."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from seed import seed

from docket.archive import Archive
from docket.records import Viewer
from docket.web.pages.dashboard import act_counts

HUGE_IDS = (2**31, 2**63 - 1, 2**63, 10**30)


def _undated_act(archive: Archive, date: dict[str, str] | None) -> None:
    owner = Viewer.owner("owner")
    person = archive.records.create("person", {"name": "Undated Person"}, owner)
    fields: dict[str, object] = {
        "violation": "torture",
        "victim": {"ref": person.id},
        "status": "alleged",
    }
    if date is not None:
        fields["date"] = date
    archive.records.create("act", fields, owner)


def test_an_act_without_a_date_is_counted_apart_and_the_dashboard_still_answers(
    archive: Archive, client_as: Callable[[str], TestClient], tmp_path: Path
) -> None:
    seed(archive, tmp_path / "seed")
    _undated_act(archive, None)
    _undated_act(archive, {"value": "2021"})
    counts = act_counts(archive, Viewer.owner("owner"), "en")
    assert counts["undated"] == 1
    assert counts["year_only"] == 1
    assert [m["month"] for m in counts["months"]] == ["2023-03"]
    for role in ("admin", "editor", "analyst", "viewer"):
        assert client_as(role).get("/").status_code == 200, role


@pytest.mark.parametrize(
    "path",
    [
        "/items/{}",
        "/items/{}/original",
        "/items/{}/text",
        "/items/{}/verify",
        "/records/{}",
        "/records/{}/history",
        "/records/{}/case",
        "/records/{}/edit",
        "/review/{}",
        "/api/items/{}",
        "/api/items/{}/original",
        "/api/records/{}",
        "/api/proposals/{}",
    ],
)
def test_ids_no_column_can_hold_are_missing_not_errors(
    client_as: Callable[[str], TestClient], path: str
) -> None:
    client = client_as("editor")
    for number in HUGE_IDS:
        response = client.get(path.format(number))
        assert response.status_code == 404, (path, number, response.text[:200])
    assert client.get(path.format(0)).status_code == 404
