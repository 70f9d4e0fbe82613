"""The records API: the same permissions as the pages, edits with versions, tokens and scopes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from evidence_support import api_token
from fastapi.testclient import TestClient
from seed import LEVELS, MARKERS
from web_records_support import PROTECTED_WORD, ROLES, VISIBLE, World, build_world, views_logged
from web_support import page_csrf

from docket.archive import Archive

Client = Callable[[str], TestClient]


@pytest.fixture
def world(archive: Archive, tmp_path: Path) -> World:
    return build_world(archive, tmp_path / "world")


def _no_leak(role: str, text: str) -> None:
    for level in LEVELS:
        if level not in VISIBLE[role]:
            assert MARKERS[level] not in text, f"{role} was shown {MARKERS[level]}"
    assert PROTECTED_WORD not in text


@pytest.mark.parametrize("role", ROLES)
def test_reading_records_per_role(role: str, world: World, client_as: Client) -> None:
    client = client_as(role)
    people = client.get("/api/records", params={"type": "person"}).json()
    expected = {world.seeded.people[level] for level in VISIBLE[role]} | {world.witness}
    assert {r["id"] for r in people["records"]} == expected
    assert people["total"] == len(expected)
    named = client.get("/api/records", params={"q": "Атамбаев", "type": "person"}).json()
    assert [r["id"] for r in named["records"]] == [world.seeded.people["public"]]
    paged = client.get("/api/records", params={"limit": 2, "offset": 1}).json()
    assert paged["limit"] == 2 and len(paged["records"]) == 2
    for level in LEVELS:
        for record in (world.seeded.people[level], world.seeded.acts[level]):
            for suffix in ("", "/history", "/timeline"):
                answer = client.get(f"/api/records/{record}{suffix}")
                if level in VISIBLE[role]:
                    assert answer.status_code == 200, (record, suffix, answer.text)
                else:
                    missing = client.get(f"/api/records/999999{suffix}")
                    assert answer.status_code == missing.status_code == 404
                    assert answer.json()["detail"].replace(str(record), "N") == missing.json()[
                        "detail"
                    ].replace("999999", "N")
                _no_leak(role, answer.text)
    act = client.get(f"/api/records/{world.mixed_act}").json()
    victims = {v["value"]["ref"] for v in act["fields"]["victim"]}
    assert (world.seeded.people["confidential"] in victims) == ("confidential" in VISIBLE[role])
    history = client.get(f"/api/records/{world.mixed_act}/history").text
    assert (f'"ref":{world.seeded.people["confidential"]}' in history.replace(" ", "")) == (
        "confidential" in VISIBLE[role]
    )
    event = client.get(f"/api/records/{world.cited}").json()
    cited = {c["item"] for c in event["fields"]["description"][0]["citations"]}
    assert (world.seeded.items["confidential"] in cited) == ("confidential" in VISIBLE[role])
    event_history = client.get(f"/api/records/{world.cited}/history").json()
    cited_then = {
        c["item"]
        for c in event_history[0]["change"]["fields"]["description"]["new"][0]["citations"]
    }
    assert cited_then == cited


def test_a_record_in_the_api(world: World, client_as: Client) -> None:
    group = client_as("viewer").get(f"/api/records/{world.group}").json()
    assert group["type"] == "group" and group["title"] == "border detainees"
    assert group["version"] == 1 and group["confidentiality"] == "public"
    sizes = group["fields"]["size"]
    assert [(s["value"]["value"], s["preferred"]) for s in sizes] == [(22, True), (27, False)]
    assert sizes[0]["reason"] == "the named list has 22"
    assert sizes[0]["citations"][0]["quote"] == "Almazbek Atambayev"


@pytest.mark.parametrize("role", ROLES)
def test_protected_values_are_redacted_in_the_api(
    role: str, world: World, client_as: Client
) -> None:
    client = client_as(role)
    record = client.get(f"/api/records/{world.witness}").json()
    assert record["fields"]["contact"][0]["value"] == "[redacted]"
    assert record["fields"]["contact"][0]["protected"] is True
    history = client.get(f"/api/records/{world.witness}/history")
    assert PROTECTED_WORD not in history.text and "[redacted]" in history.text


def test_viewing_a_confidential_record_in_the_api_is_logged(
    archive: Archive, world: World, client_as: Client
) -> None:
    secret = world.seeded.people["confidential"]
    assert client_as("admin").get(f"/api/records/{secret}").status_code == 200
    assert views_logged(archive, secret)[-1] == "admin-user"


def test_an_editor_creates_edits_and_retracts_through_the_api(
    world: World, client_as: Client
) -> None:
    editor = client_as("editor")
    headers = {"X-CSRF-Token": page_csrf(editor)}
    item = world.seeded.items["public"]
    created = editor.post(
        "/api/records",
        json={
            "type": "place",
            "fields": {
                "name": {"value": "Bishkek", "citations": [{"item": item, "quote": "Bishkek"}]}
            },
            "confidentiality": "restricted",
            "reason": "from the transfer report",
        },
        headers=headers,
    )
    assert created.status_code == 201, created.text
    place = created.json()
    assert place["version"] == 1 and place["confidentiality"] == "restricted"
    assert place["fields"]["name"][0]["citations"][0]["quote"] == "Bishkek"
    edited = editor.patch(
        f"/api/records/{place['id']}",
        json={
            "add": {"name": "Бишкек"},
            "set": {"kind": "city"},
            "expected_version": 1,
            "reason": "Russian spelling",
        },
        headers=headers,
    )
    assert edited.status_code == 200, edited.text
    assert edited.json()["version"] == 2
    assert [n["value"]["text"] for n in edited.json()["fields"]["name"]] == ["Bishkek", "Бишкек"]
    stale = editor.patch(
        f"/api/records/{place['id']}",
        json={"set": {"country": "Kyrgyzstan"}, "expected_version": 1, "reason": "r"},
        headers=headers,
    )
    assert stale.status_code == 409
    assert "editor-user" in stale.json()["detail"] and "now version 2" in stale.json()["detail"]
    history = editor.get(f"/api/records/{place['id']}/history").json()
    assert [v["version"] for v in history] == [1, 2]
    assert history[1]["reason"] == "Russian spelling" and history[1]["actor"] == "editor-user"
    assert [v["value"]["text"] for v in history[1]["change"]["fields"]["name"]["new"]] == [
        "Bishkek",
        "Бишкек",
    ]
    invalid = editor.patch(
        f"/api/records/{place['id']}",
        json={"set": {"kind": "spaceport"}, "expected_version": 2, "reason": "r"},
        headers=headers,
    )
    assert invalid.status_code == 400 and "spaceport" in invalid.json()["detail"]
    retracted = editor.post(
        f"/api/records/{place['id']}/retract",
        json={"reason": "duplicate of another place", "expected_version": 2},
        headers=headers,
    )
    assert retracted.status_code == 200 and retracted.json()["retracted"] is True
    assert retracted.json()["retraction_reason"] == "duplicate of another place"
    listed = editor.get("/api/records", params={"type": "place"}).json()
    assert place["id"] not in {r["id"] for r in listed["records"]}
    with_retracted = editor.get("/api/records", params={"type": "place", "retracted": True})
    assert place["id"] in {r["id"] for r in with_retracted.json()["records"]}


@pytest.mark.parametrize("role", ["analyst", "viewer"])
def test_readers_cannot_change_and_hidden_records_stay_missing(
    role: str, archive: Archive, world: World, client_as: Client
) -> None:
    client = client_as(role)
    headers = {"X-CSRF-Token": page_csrf(client)}
    public, hidden = world.seeded.people["public"], world.seeded.people["confidential"]
    body = {"set": {"birth_year": 1956}, "expected_version": 1, "reason": "r"}
    assert client.patch(f"/api/records/{public}", json=body, headers=headers).status_code == 403
    assert client.patch(f"/api/records/{hidden}", json=body, headers=headers).status_code == 404
    retract = {"reason": "r", "expected_version": 1}
    assert (
        client.post(f"/api/records/{public}/retract", json=retract, headers=headers).status_code
        == 403
    )
    assert (
        client.post(f"/api/records/{hidden}/retract", json=retract, headers=headers).status_code
        == 404
    )
    new = {"type": "place", "fields": {"name": "Osh"}}
    assert client.post("/api/records", json=new, headers=headers).status_code == 403


def test_changes_need_the_write_scope_or_the_csrf_header(
    archive: Archive, world: World, client_as: Client, people: dict[str, object]
) -> None:
    public = world.seeded.people["public"]
    body = {"set": {"birth_year": 1956}, "expected_version": 1, "reason": "r"}
    with TestClient(client_as("editor").app) as scripts:
        reader = api_token(archive, "editor-user", ["read"])
        assert scripts.get(f"/api/records/{public}", headers=reader).status_code == 200
        refused = scripts.patch(f"/api/records/{public}", json=body, headers=reader)
        assert refused.status_code == 403 and "write" in refused.json()["detail"]
        writer = api_token(archive, "editor-user", ["read", "write"])
        assert scripts.patch(f"/api/records/{public}", json=body, headers=writer).status_code == 200
    editor = client_as("editor")
    body["expected_version"] = 2
    assert editor.patch(f"/api/records/{public}", json=body).status_code == 403
    assert (
        editor.patch(
            f"/api/records/{public}", json=body, headers={"X-CSRF-Token": "forged"}
        ).status_code
        == 403
    )


@pytest.mark.parametrize("role", ROLES)
def test_the_timeline_api(role: str, world: World, client_as: Client) -> None:
    client = client_as(role)
    everything = client.get("/api/timeline").json()
    ids = [m["record"] for m in everything["moments"]]
    for level in LEVELS:
        assert (world.seeded.acts[level] in ids) == (level in VISIBLE[role])
    assert everything["total"] == len(ids)
    _no_leak(role, str(everything))
    april = client.get("/api/timeline", params={"from": "2023-04", "to": "2023-04"}).json()
    assert [m["record"] for m in april["moments"]] == [world.visit]
    assert april["moments"][0]["date"] == "2023-04-15"
    typed = client.get("/api/timeline", params=[("type", "intervention")]).json()
    assert [m["record"] for m in typed["moments"]] == [world.request, world.visit]
    assert client.get("/api/timeline", params={"from": "soon"}).status_code == 400
    around = client.get(f"/api/records/{world.case}/timeline").json()
    assert [m["record"] for m in around["moments"]][:2] == [world.case, world.statuses[0]]
    assert around["moments"][0]["relation"] == "itself"
    undated = sum(1 for m in around["moments"] if m["date"] is None)
    assert (around["dated"], around["undated"]) == (around["total"] - undated, undated)
