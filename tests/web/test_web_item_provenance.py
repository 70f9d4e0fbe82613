"""Provenance brought at a higher level, through the workspace: the upload says what happened,
the item page, the API and evidence packages keep it from those not cleared, editors raise the
item's level and only admins lower it; links to hidden items are absent."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from evidence_support import error_line
from fastapi.testclient import TestClient
from tests.support import as_owner
from web_support import finished_job, page_csrf

from docket.archive import Archive
from docket.evidence.bags import verify_bag
from docket.ingest.provenance import Provenance

Client = Callable[[str], TestClient]
SECRET_URL = "https://tips.example.org/informant-7"
SECRET_NOTE = "Informant Bakyt, cousin of the guard"
SECRET_COLLECTOR = "Nurlan Sadykov"
SECRETS = (SECRET_URL, SECRET_NOTE, SECRET_COLLECTOR)
STATEMENT = b"The detainee was moved to the prison hospital on 7 August."
CLEARED = {"viewer": False, "analyst": False, "editor": True, "admin": True}


def _upload(client: TestClient, level: str, **fields: str) -> str:
    response = client.post(
        "/upload",
        params={"csrf_token": page_csrf(client)},
        data={"confidentiality": level, **fields},
        files=[("files", ("statement.txt", STATEMENT, "text/plain"))],
    )
    return str(finished_job(client, response).text)


def _attack(client_as: Client) -> tuple[int, str]:
    editor = client_as("editor")
    first = _upload(editor, "public")
    item_id = int(re.findall(r'href="/items/(\d+)"', first)[0])
    again = _upload(
        editor,
        "confidential",
        note=SECRET_NOTE,
        source_url=SECRET_URL,
        collected_by=SECRET_COLLECTOR,
    )
    return item_id, again


@pytest.mark.usefixtures("jobs_worker")
def test_the_upload_says_the_item_stays_at_its_level(client_as: Client) -> None:
    item_id, again = _attack(client_as)
    said = " ".join(re.sub(r"<[^>]+>", " ", again).split())
    assert f"Already present as item {item_id}" in said
    assert (
        "The item stays public; the provenance you gave is kept at confidential and shown only "
        "to those cleared for it. To raise the item itself, change its level on its page, "
        "with a reason."
    ) in said.replace("&#39;", "'")


def test_the_api_upload_says_where_the_provenance_is_kept(
    archive: Archive, client_as: Client
) -> None:
    client = client_as("editor")
    headers = {"X-CSRF-Token": page_csrf(client)}

    def send(level: str) -> dict[str, object]:
        answer = client.post(
            "/api/items",
            data={"confidentiality": level, "note": SECRET_NOTE},
            files=[("files", ("statement.txt", STATEMENT, "text/plain"))],
            headers=headers,
        )
        assert answer.status_code == 200, answer.text
        (result,) = answer.json()["results"]
        assert isinstance(result, dict)
        return result

    first = send("restricted")
    assert first["status"] == "new" and first["provenance_kept_at"] is None
    assert first["item_confidentiality"] == "restricted"
    again = send("confidential")
    assert again["status"] == "duplicate" and again["item_id"] == first["item_id"]
    assert again["item_confidentiality"] == "restricted"
    assert again["provenance_kept_at"] == "confidential"
    assert send("public")["provenance_kept_at"] is None


@pytest.mark.parametrize("role", list(CLEARED))
@pytest.mark.usefixtures("jobs_worker")
def test_page_api_and_bag_keep_the_provenance_from_those_not_cleared(
    role: str, archive: Archive, client_as: Client, tmp_path: Path
) -> None:
    item_id, _ = _attack(client_as)
    sees = CLEARED[role]
    client = client_as(role)
    page = client.get(f"/items/{item_id}")
    assert page.status_code == 200
    detail = client.get(f"/api/items/{item_id}")
    assert detail.status_code == 200
    actions = [entry["action"] for entry in detail.json()["custody"]]
    assert ("seen_again" in actions) is sees
    bag = client.post("/exports/bag", data={"csrf_token": page_csrf(client), "items": str(item_id)})
    assert bag.status_code == 200, bag.text
    with zipfile.ZipFile(io.BytesIO(bag.content)) as packed:
        packed.extractall(tmp_path / "bag")
        packaged = b"".join(packed.read(name) for name in packed.namelist())
    for secret in SECRETS:
        assert (secret in page.text) is sees, secret
        assert (secret in detail.text) is sees, secret
        assert (secret.encode() in packaged) is sees, secret
    (folder,) = (tmp_path / "bag").iterdir()
    assert list(verify_bag(folder)) == []
    assert list(archive.verify()) == []


def _level(client: TestClient, item_id: int, level: str, reason: str = "why") -> httpx.Response:
    return client.post(
        f"/items/{item_id}/confidentiality",
        params={"csrf_token": page_csrf(client)},
        data={"level": level, "reason": reason},
        follow_redirects=False,
    )


@pytest.mark.usefixtures("jobs_worker")
def test_editors_raise_an_item_and_only_admins_lower_it(
    archive: Archive, client_as: Client
) -> None:
    item_id, _ = _attack(client_as)
    editor, admin = client_as("editor"), client_as("admin")
    form = editor.get(f"/items/{item_id}").text
    assert f'action="/items/{item_id}/confidentiality"' in form
    assert 'value="confidential"' in form and 'value="public"' not in form
    for role in ("viewer", "analyst"):
        page = client_as(role).get(f"/items/{item_id}").text
        assert "/confidentiality" not in page
        refused = _level(client_as(role), item_id, "restricted")
        assert refused.status_code == 403
    without_reason = _level(editor, item_id, "confidential", reason=" ")
    assert without_reason.status_code == 400
    assert "Say why the level changes" in error_line(without_reason.text)
    raised = _level(editor, item_id, "confidential", "the informant's copy makes it sensitive")
    assert raised.status_code == 303
    assert as_owner(archive).items.get(item_id)["confidentiality"] == "confidential"
    assert client_as("analyst").get(f"/items/{item_id}").status_code == 404
    lowered = _level(editor, item_id, "restricted")
    assert lowered.status_code == 403
    assert "Only an admin may lower" in error_line(lowered.text)
    assert as_owner(archive).items.get(item_id)["confidentiality"] == "confidential"
    assert _level(admin, item_id, "restricted").status_code == 303
    edits = [
        e for e in as_owner(archive).items.show(item_id).history if e.action == "metadata_edited"
    ]
    assert [(e.actor, e.data["reason"]) for e in edits] == [
        ("editor-user", "the informant's copy makes it sensitive"),
        ("admin-user", "why"),
    ]
    # The seen-again entry keeps its own level after the item is lowered.
    analyst = client_as("analyst").get(f"/items/{item_id}").text
    for secret in SECRETS:
        assert secret not in analyst


def test_links_to_hidden_items_are_absent(
    archive: Archive, client_as: Client, tmp_path: Path
) -> None:
    bundle = tmp_path / "report.zip"
    with zipfile.ZipFile(bundle, "w") as packed:
        packed.writestr("2022/august/statement.txt", "A statement about the village.")
    results = list(as_owner(archive).items.ingest([bundle], Provenance()))
    parent = next(r.id for r in results if r.parent_id is None)
    (child,) = [r.id for r in results if r.parent_id is not None]
    assert parent is not None and child is not None
    as_owner(archive).items.edit(parent, {"confidentiality": "confidential"}, "names a witness")
    for role, sees in (("analyst", False), ("editor", True)):
        client = client_as(role)
        detail = client.get(f"/api/items/{child}").json()
        assert detail["parent_id"] == (parent if sees else None)
        listed = {row["id"]: row for row in client.get("/api/items").json()["items"]}
        assert listed[child]["parent_id"] == (parent if sees else None)
        page = client.get(f"/items/{child}").text
        assert (f'href="/items/{parent}"' in page) is sees


def test_a_member_is_shown_with_its_path_and_downloaded_under_its_name(
    archive: Archive, client_as: Client, tmp_path: Path
) -> None:
    bundle = tmp_path / "report.zip"
    with zipfile.ZipFile(bundle, "w") as packed:
        packed.writestr("2022/август/заявление.txt", "A statement about the village.")
        packed.writestr("2022/august/photo\u202etxt.exe", "A list of photographs.")
    results = list(as_owner(archive).items.ingest([bundle], Provenance()))
    members = sorted(r.id for r in results if r.parent_id is not None and r.id is not None)
    viewer = client_as("viewer")
    page = viewer.get(f"/items/{members[0]}").text
    assert "2022/август/заявление.txt" in page
    original = viewer.get(f"/items/{members[0]}/original")
    assert original.headers["content-disposition"] == (
        "attachment; filename=\"item.txt\"; filename*=UTF-8''"
        "%D0%B7%D0%B0%D1%8F%D0%B2%D0%BB%D0%B5%D0%BD%D0%B8%D0%B5.txt"
    )
    tricked = viewer.get(f"/items/{members[1]}/original").headers["content-disposition"]
    assert tricked == "attachment; filename=\"phototxt.exe\"; filename*=UTF-8''phototxt.exe"
    assert "\u202e" not in viewer.get(f"/items/{members[1]}").text


@pytest.mark.usefixtures("jobs_worker")
def test_an_uploaded_name_loses_its_bidi_override_and_keeps_its_bytes_in_custody(
    archive: Archive, client_as: Client
) -> None:
    client = client_as("editor")
    response = client.post(
        "/upload",
        params={"csrf_token": page_csrf(client)},
        data={"confidentiality": "public"},
        files=[("files", ("invoice\u202efdp.exe", b"A harmless statement.", "text/plain"))],
    )
    response = finished_job(client, response)
    assert "\u202e" not in response.text
    assert "invoicefdp.exe" in response.text
    (item_id,) = as_owner(archive).items.ids()
    assert as_owner(archive).items.get(item_id)["original_name"] == "invoicefdp.exe"
    (received,) = [
        e for e in as_owner(archive).items.show(item_id).history if e.action == "received"
    ]
    assert bytes.fromhex(received.data["name_bytes"]).decode() == "invoice\u202efdp.exe"


@pytest.mark.usefixtures("jobs_worker")
def test_a_long_name_in_another_script_is_kept_to_what_a_file_system_holds(
    archive: Archive, client_as: Client
) -> None:
    client = client_as("editor")
    long_name = "заявление-" * 30 + ".txt"
    response = client.post(
        "/upload",
        params={"csrf_token": page_csrf(client)},
        data={"confidentiality": "public"},
        files=[("files", (long_name, b"A long-named statement.", "text/plain"))],
    )
    finished_job(client, response)
    (item_id,) = as_owner(archive).items.ids()
    kept = as_owner(archive).items.get(item_id)["original_name"]
    assert long_name.startswith(kept) and len(kept.encode()) <= 240
