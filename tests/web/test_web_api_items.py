"""The items and search API: the same permissions as the pages, tokens and their scopes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from evidence_support import VISIBLE, api_token, assert_no_leak, ingest_text
from fastapi.testclient import TestClient
from seed import LEVELS, MARKERS, Seeded, as_owner, seed
from web_support import page_csrf

from docket.archive import Archive
from docket.face import ITEM_VIEWED

Client = Callable[[str], TestClient]
ROLES = ("admin", "editor", "analyst", "viewer")


@pytest.fixture
def seeded(archive: Archive, tmp_path: Path) -> Seeded:
    return seed(archive, tmp_path / "seed")


@pytest.mark.parametrize("role", ROLES)
def test_the_item_list_holds_what_the_role_may_see(
    role: str, seeded: Seeded, client_as: Client
) -> None:
    client = client_as(role)
    answer = client.get("/api/items")
    assert answer.status_code == 200
    body = answer.json()
    assert body["total"] == len(VISIBLE[role])
    assert {i["id"] for i in body["items"]} == {seeded.items[lvl] for lvl in VISIBLE[role]}
    for level in LEVELS:
        filtered = client.get("/api/items", params={"level": level}).json()
        assert filtered["total"] == (1 if level in VISIBLE[role] else 0)
    paged = client.get("/api/items", params={"limit": 1, "offset": 1}).json()
    assert paged["limit"] == 1 and paged["offset"] == 1
    assert len(paged["items"]) == min(1, len(VISIBLE[role]) - 1)


@pytest.mark.parametrize("role", ROLES)
def test_one_item_its_original_and_text_exist_only_for_those_cleared(
    role: str, archive: Archive, seeded: Seeded, client_as: Client
) -> None:
    client = client_as(role)
    for level in LEVELS:
        item = seeded.items[level]
        paths = (f"/api/items/{item}", f"/api/items/{item}/original", f"/api/items/{item}/text")
        for path in paths:
            answer = client.get(path)
            if level in VISIBLE[role]:
                assert answer.status_code == 200, (path, answer.text)
            else:
                missing = client.get(path.replace(f"/{item}", "/999999"))
                assert answer.status_code == missing.status_code == 404
                assert answer.json()["detail"].replace(str(item), "N") == missing.json()[
                    "detail"
                ].replace("999999", "N")
            assert_no_leak(role, answer.text)
    visible = seeded.items["public"]
    detail = client.get(f"/api/items/{visible}").json()
    assert detail["original_name"] == "public.txt"
    assert [c["action"] for c in detail["custody"]][:2] == ["received", "text_derived"]
    text = as_owner(archive).items.text(visible)
    assert [text[m["start"] : m["end"]] for m in detail["mentions"]] == ["Almazbek Atambayev"]
    original = client.get(f"/api/items/{visible}/original")
    assert original.content == as_owner(archive).items.original(visible).read_bytes()
    assert original.headers["content-disposition"].startswith("attachment;")
    assert client.get(f"/api/items/{visible}/text").text == text


def test_children_are_listed_by_parent_and_a_hidden_parent_is_missing(
    archive: Archive, seeded: Seeded, client_as: Client
) -> None:
    viewer = client_as("viewer")
    assert viewer.get("/api/items", params={"parent": seeded.items["public"]}).json()["total"] == 0
    assert (
        viewer.get("/api/items", params={"parent": seeded.items["confidential"]}).status_code == 404
    )


def test_confidential_reads_over_the_api_enter_custody(
    archive: Archive, seeded: Seeded, client_as: Client
) -> None:
    admin = client_as("admin")
    item = seeded.items["confidential"]
    for suffix in ("", "/original", "/text"):
        assert admin.get(f"/api/items/{item}{suffix}").status_code == 200
    history = as_owner(archive).items.show(item).history
    viewed = [e.data["viewed"] for e in history if e.action == ITEM_VIEWED]
    assert viewed == ["metadata", "original", "text"]


def test_a_token_with_write_scope_uploads(
    archive: Archive, client_as: Client, anonymous: TestClient
) -> None:
    client_as("editor")
    headers = api_token(archive, "editor-user", ["read", "write"])
    answer = anonymous.post(
        "/api/items",
        headers=headers,
        data={"title": "Statement", "confidentiality": "confidential"},
        files=[
            ("files", ("one.txt", b"One statement.", "text/plain")),
            ("files", ("../two.txt", b"Two statements.", "text/plain")),
            ("files", ("empty.txt", b"", "text/plain")),
        ],
    )
    assert answer.status_code == 200, answer.text
    results = answer.json()["results"]
    assert [(r["name"], r["status"]) for r in results] == [
        ("one.txt", "new"),
        ("two.txt", "new"),
        ("empty.txt", "error"),
    ]
    assert results[2]["reason"] == "file is empty"
    first = as_owner(archive).items.get(results[0]["item_id"])
    assert first["title"] == "Statement"
    assert first["confidentiality"] == "confidential"
    assert first["collected_by"] == "editor-user"
    assert anonymous.get("/api/items", headers=headers).json()["total"] == 2


def test_uploading_needs_the_write_scope_a_writer_and_the_csrf_header(
    archive: Archive, client_as: Client, anonymous: TestClient
) -> None:
    files = [("files", ("one.txt", b"One statement.", "text/plain"))]
    client_as("editor")
    read_only = api_token(archive, "editor-user", ["read"])
    refused = anonymous.post("/api/items", headers=read_only, files=files)
    assert refused.status_code == 403
    assert "write" in refused.json()["detail"]
    for role in ("analyst", "viewer"):
        client = client_as(role)
        answer = client.post("/api/items", headers={"X-CSRF-Token": page_csrf(client)}, files=files)
        assert answer.status_code == 403
        assert answer.json()["detail"] == "Only editors and admins may upload evidence."
    editor = client_as("editor")
    assert editor.post("/api/items", files=files).status_code == 403
    assert as_owner(archive).items.ids() == []
    done = editor.post("/api/items", headers={"X-CSRF-Token": page_csrf(editor)}, files=files)
    assert done.status_code == 200
    assert done.json()["results"][0]["status"] == "new"
    assert anonymous.post("/api/items", files=files).status_code == 401


@pytest.mark.parametrize("role", ROLES)
def test_search_answers_and_counts_only_visible_items(
    role: str, seeded: Seeded, client_as: Client
) -> None:
    client = client_as(role)
    answer = client.get("/api/search", params={"q": "in"})
    assert answer.status_code == 200
    body = answer.json()
    assert body["total"] == len(VISIBLE[role])
    assert {r["item_id"] for r in body["results"]} == {seeded.items[lvl] for lvl in VISIBLE[role]}
    assert sum(f["count"] for f in body["facets"]["media_types"]) == len(VISIBLE[role])
    assert body["facets"]["languages"] == [{"value": "en", "count": len(VISIBLE[role])}]
    assert_no_leak(role, answer.text)
    for level, marker in MARKERS.items():
        found = client.get("/api/search", params={"q": marker}).json()
        assert found["total"] == (1 if level in VISIBLE[role] else 0)


def test_search_over_the_api_pages_filters_and_refuses(
    archive: Archive, client_as: Client, tmp_path: Path
) -> None:
    for n in range(5):
        ingest_text(archive, tmp_path / "s", f"s{n}.txt", f"Атамбаев report {n}.")
    client = client_as("viewer")
    first = client.get("/api/search", params={"q": "Atambaev", "limit": 3}).json()
    rest = client.get("/api/search", params={"q": "Atambaev", "limit": 3, "offset": 3}).json()
    assert first["total"] == rest["total"] == 5
    assert len(first["results"]) == 3 and len(rest["results"]) == 2
    ids = {r["item_id"] for r in first["results"] + rest["results"]}
    assert len(ids) == 5
    hit = first["results"][0]
    start, end = hit["highlights"][0]
    assert hit["snippet"][start:end] == "Атамбаев"
    none = client.get("/api/search", params={"q": "Atambaev", "date_to": "2000-01-01"}).json()
    assert none["total"] == 0 and none["results"] == []
    bad = client.get("/api/search", params={"q": "-amnesty"})
    assert bad.status_code == 400
    assert "excludes" in bad.json()["detail"]
    assert client.get("/api/search").status_code == 422
    assert client.get("/api/search", params={"q": "x", "media_type": "%%"}).status_code == 400
