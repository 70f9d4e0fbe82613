"""Exports: records and evidence packages hold only what the user may see, and enter custody."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from seed import LEVELS, MARKERS, Seeded, seed
from token_support import bearer
from web_support import Person, custody_entries, page_csrf

from docket.archive import Archive
from docket.face import Entry

CLEARANCE = {"viewer": 1, "analyst": 2, "editor": 3, "admin": 3}


@pytest.fixture
def seeded(archive: Archive, tmp_path: Path) -> Seeded:
    return seed(archive, tmp_path / "seed")


def _custody(archive: Archive) -> list[Entry]:
    return custody_entries(archive)


def _leaks(text: str, role: str) -> list[str]:
    return [MARKERS[level] for level in LEVELS[CLEARANCE[role] :] if MARKERS[level] in text]


def _bag_files(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as packed:
        return {name: packed.read(name) for name in packed.namelist()}


@pytest.mark.parametrize("role", ["viewer", "analyst", "editor"])
def test_records_exports_hold_only_what_the_role_sees(
    role: str, archive: Archive, seeded: Seeded, client_as: Callable[[str], TestClient]
) -> None:
    client = client_as(role)
    before = len(_custody(archive))
    response = client.post(
        "/exports/records", data={"csrf_token": page_csrf(client), "format": "jsonl"}
    )
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    records = [json.loads(line) for line in response.text.splitlines()]
    levels = {record["confidentiality"] for record in records}
    assert levels == set(LEVELS[: CLEARANCE[role]])
    assert _leaks(response.text, role) == []
    logged = [e for e in _custody(archive)[before:] if e.action == "records_exported"]
    assert len(logged) == 1
    assert logged[0].actor == f"{role}-user"
    assert logged[0].data["format"] == "jsonl"
    assert logged[0].data["records"] == len(records)


def test_csv_and_ftm_through_the_api_need_the_export_scope(
    archive: Archive, seeded: Seeded, people: dict[str, Person], anonymous: TestClient
) -> None:
    reader = bearer(archive, "analyst-user", "read")
    assert anonymous.get("/api/exports/records", headers=reader).status_code == 403
    exporter = bearer(archive, "analyst-user", "read", "export")
    as_csv = anonymous.get("/api/exports/records?format=csv&type=person", headers=exporter)
    assert as_csv.status_code == 200
    assert as_csv.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert {row["type"] for row in rows} == {"person"}
    assert {row["confidentiality"] for row in rows} == {"public", "restricted"}
    assert "SECRETWORD" not in as_csv.text
    ftm = anonymous.get("/api/exports/records?format=ftm", headers=exporter)
    assert ftm.status_code == 200
    entities = [json.loads(line) for line in ftm.text.splitlines()]
    assert any(entity["schema"] == "Person" for entity in entities)
    assert "SECRETWORD" not in ftm.text
    assert "Asel Nurlanova" not in ftm.text
    unknown = anonymous.get("/api/exports/records?format=xml", headers=exporter)
    assert unknown.status_code == 422
    actors = [e.actor for e in _custody(archive) if e.action == "records_exported"]
    assert actors == ["analyst-user", "analyst-user"]


def test_a_bag_of_visible_items_enters_their_custody(
    archive: Archive, seeded: Seeded, client_as: Callable[[str], TestClient]
) -> None:
    client = client_as("analyst")
    wanted = f"{seeded.items['public']}, {seeded.items['restricted']}"
    response = client.post("/exports/bag", data={"csrf_token": page_csrf(client), "items": wanted})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/zip"
    files = _bag_files(response.content)
    names = list(files)
    assert any(name.endswith("/bagit.txt") for name in names)
    assert any(name.endswith("/manifest-sha256.txt") for name in names)
    everything = b"".join(files.values())
    assert b"PUBLICWORD" in everything
    assert b"RESTRICTEDWORD" in everything
    assert b"SECRETWORD" not in everything
    exported = [e for e in _custody(archive) if e.action == "exported"]
    assert sorted(e.item_id for e in exported if e.item_id is not None) == sorted(
        [seeded.items["public"], seeded.items["restricted"]]
    )
    assert {e.actor for e in exported} == {"analyst-user"}


def test_a_hidden_item_is_as_missing_as_one_that_never_was(
    archive: Archive, seeded: Seeded, client_as: Callable[[str], TestClient]
) -> None:
    client = client_as("viewer")
    csrf = page_csrf(client)
    hidden_id = seeded.items["confidential"]
    hidden = client.post("/exports/bag", data={"csrf_token": csrf, "items": str(hidden_id)})
    missing = client.post("/exports/bag", data={"csrf_token": csrf, "items": "99999"})
    assert hidden.status_code == missing.status_code == 404
    assert f"no item {hidden_id}" in hidden.text
    assert "no item 99999" in missing.text
    assert [e for e in _custody(archive) if e.action == "exported"] == []


def test_a_bag_by_search_takes_only_visible_items(
    archive: Archive, seeded: Seeded, people: dict[str, Person], anonymous: TestClient
) -> None:
    headers = bearer(archive, "viewer-user", "export")
    # Every seeded text has "2022" or "2023"; the viewer must get the public item only.
    response = anonymous.post(
        "/api/exports/bag", json={"query": "2022 OR 2023 OR on"}, headers=headers
    )
    assert response.status_code == 200, response.text
    everything = b"".join(_bag_files(response.content).values())
    assert b"PUBLICWORD" in everything
    assert b"RESTRICTEDWORD" not in everything
    assert b"SECRETWORD" not in everything
    exported = {e.item_id for e in _custody(archive) if e.action == "exported"}
    assert exported == {seeded.items["public"]}
    assert (
        anonymous.post("/api/exports/bag", json={"items": []}, headers=headers).status_code == 422
    )
    unmatched = anonymous.post("/api/exports/bag", json={"query": "SECRETWORD"}, headers=headers)
    assert unmatched.status_code == 404
    hidden = anonymous.post(
        "/api/exports/bag", json={"items": [seeded.items["confidential"]]}, headers=headers
    )
    assert hidden.status_code == 404
    assert hidden.json() == {"detail": f"no item {seeded.items['confidential']}"}


def test_the_page_offers_every_format_and_needs_csrf(
    seeded: Seeded, client_as: Callable[[str], TestClient]
) -> None:
    client = client_as("viewer")
    html = client.get("/exports").text
    for fmt in ("jsonl", "csv", "ftm"):
        assert f'<option value="{fmt}">' in html
    assert client.post("/exports/records", data={"format": "csv"}).status_code == 403
    empty = client.post("/exports/bag", data={"csrf_token": page_csrf(client)})
    assert empty.status_code == 400
    assert "choose the items of the bag" in empty.text
