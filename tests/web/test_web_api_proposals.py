"""/api/proposals: the review queue for scripts, with the caller's role, clearance and scopes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from seed import Seeded, as_owner, seed
from token_support import bearer
from web_support import Person, page_csrf

from docket.archive import Archive


@pytest.fixture
def seeded(archive: Archive, tmp_path: Path) -> Seeded:
    return seed(archive, tmp_path / "seed")


def test_the_list_is_paged_and_for_reviewers_only(
    seeded: Seeded, client_as: Callable[[str], TestClient], anonymous: TestClient
) -> None:
    editor = client_as("editor")
    body = editor.get("/api/proposals?limit=2").json()
    assert body["total"] == 3
    assert [p["id"] for p in body["proposals"]] == [
        seeded.proposals["public"][0],
        seeded.proposals["restricted"][0],
    ]
    rest = editor.get("/api/proposals?limit=2&offset=2").json()
    assert [p["id"] for p in rest["proposals"]] == [seeded.proposals["confidential"][0]]
    for role in ("analyst", "viewer"):
        refused = client_as(role).get("/api/proposals")
        assert refused.status_code == 403
        assert "SECRETWORD" not in refused.text
    assert anonymous.get("/api/proposals").status_code == 401


def test_one_proposal_comes_with_its_passage_and_what_accepting_needs(
    archive: Archive, seeded: Seeded, client_as: Callable[[str], TestClient]
) -> None:
    public = seeded.proposals["public"][0]
    admin = client_as("admin")
    body = admin.get(f"/api/proposals/{public}").json()
    assert body["passage"]["finding"] == "Almazbek Atambayev"
    assert body["passage"]["after"].startswith(" was moved to hospital")
    assert body["record_type"] == "person"
    assert body["required_edits"] == []
    missing = admin.get("/api/proposals/99999")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "no proposal 99999"}


def test_decisions_need_the_write_scope(
    archive: Archive, seeded: Seeded, people: dict[str, Person], anonymous: TestClient
) -> None:
    public = seeded.proposals["public"][0]
    reader = bearer(archive, "editor-user", "read")
    assert anonymous.get("/api/proposals", headers=reader).status_code == 200
    refused = anonymous.post(f"/api/proposals/{public}/accept", json={}, headers=reader)
    assert refused.status_code == 403
    assert as_owner(archive).proposals.get(public).status == "pending"
    writer = bearer(archive, "editor-user", "read", "write")
    accepted = anonymous.post(f"/api/proposals/{public}/accept", json={}, headers=writer)
    assert accepted.status_code == 200
    body = accepted.json()
    assert body["proposal"]["status"] == "accepted"
    assert body["proposal"]["decided_by"] == "editor-user"
    view = as_owner(archive).records.get(body["record"])
    assert view.title == "Almazbek Atambayev"
    again = anonymous.post(f"/api/proposals/{public}/accept", json={}, headers=writer)
    assert again.status_code == 409


def test_reject_with_a_reason_through_the_pages_session(
    archive: Archive, seeded: Seeded, client_as: Callable[[str], TestClient]
) -> None:
    client = client_as("editor")
    restricted = seeded.proposals["restricted"][0]
    no_csrf = client.post(f"/api/proposals/{restricted}/reject", json={"reason": "wrong"})
    assert no_csrf.status_code == 403
    headers = {"X-CSRF-Token": page_csrf(client)}
    empty = client.post(f"/api/proposals/{restricted}/reject", json={"reason": ""}, headers=headers)
    assert empty.status_code == 422
    done = client.post(
        f"/api/proposals/{restricted}/reject", json={"reason": "not a name"}, headers=headers
    )
    assert done.status_code == 200
    assert done.json()["status"] == "rejected"
    assert as_owner(archive).proposals.get(restricted).reason == "not a name"
    assert client.get("/api/proposals").json()["total"] == 2


def test_accepting_an_act_with_edits(
    archive: Archive, seeded: Seeded, client_as: Callable[[str], TestClient]
) -> None:
    item = seeded.items["confidential"]
    owner = as_owner(archive)
    text = owner.items.text(item)
    start = text.index("beaten")
    owner.proposals.store(
        item,
        {"acts": [{"type": "torture", "start": start, "end": start + len("beaten")}]},
    )
    act = max(p.id for p in owner.proposals.pending(100) if p.kind == "act")
    client = client_as("admin")
    headers = {"X-CSRF-Token": page_csrf(client)}
    detail = client.get(f"/api/proposals/{act}").json()
    assert detail["required_edits"] == ["victim"]
    refused = client.post(f"/api/proposals/{act}/accept", json={"edits": {}}, headers=headers)
    assert refused.status_code == 400
    victim = seeded.people["confidential"]
    accepted = client.post(
        f"/api/proposals/{act}/accept",
        json={"edits": {"victim": [{"ref": victim}], "status": "confirmed"}},
        headers=headers,
    )
    assert accepted.status_code == 200, accepted.text
    record = as_owner(archive).records.get(accepted.json()["record"])
    assert record.refs("victim") == [victim]
    assert record.first("status") == "confirmed"
    assert record.confidentiality == "confidential"


def test_the_draft_is_shown_and_accept_takes_a_type_and_a_record_to_add_to(
    archive: Archive, seeded: Seeded, client_as: Callable[[str], TestClient]
) -> None:
    admin = client_as("admin")
    headers = {"X-CSRF-Token": page_csrf(admin)}
    public = seeded.proposals["public"][0]
    person = seeded.people["public"]
    draft = admin.get(f"/api/proposals/{public}").json()["draft"]
    assert draft["into"] == person
    assert draft["retypes"] == ["person", "organisation", "group"]
    assert [v["field"] for v in draft["values"]] == ["name"]

    refused = admin.post(
        f"/api/proposals/{public}/accept", json={"as_type": "claim"}, headers=headers
    )
    assert refused.status_code == 400
    assert "cannot become a claim" in refused.json()["detail"]
    accepted = admin.post(
        f"/api/proposals/{public}/accept", json={"into": person}, headers=headers
    ).json()
    assert accepted["record"] == person
    # Adding to the record the draft proposed is accepting it as it stands.
    assert accepted["proposal"]["status"] == "accepted"

    restricted = seeded.proposals["restricted"][0]
    made = admin.post(
        f"/api/proposals/{restricted}/accept",
        json={"into": "new", "as_type": "group"},
        headers=headers,
    ).json()
    group = as_owner(archive).records.get(made["record"])
    assert group.type.name == "group"
    assert group.first("description") == "Temirlan Sultanbekov"
