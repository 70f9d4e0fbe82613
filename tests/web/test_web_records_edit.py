"""Changing records from the pages: new records, edits with sources, conflicts, retraction."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from seed import as_owner
from web_records_support import World, build_world
from web_support import page_csrf

from docket.archive import Archive
from docket.model.access import Viewer

Client = Callable[[str], TestClient]


@pytest.fixture
def world(archive: Archive, tmp_path: Path) -> World:
    return build_world(archive, tmp_path / "world")


def _error(html: str) -> str:
    found = re.search(r'<p class="error" role="alert">(.*?)</p>', html, re.S)
    assert found, html[:3000]
    return found.group(1).strip()


def _version(archive: Archive, record_id: int) -> int:
    return as_owner(archive).records.get(record_id, log=False).version


def test_an_editor_adds_a_sourced_alternative_and_sees_it_in_the_history(
    archive: Archive, world: World, client_as: Client
) -> None:
    editor = client_as("editor")
    form = editor.get(f"/records/{world.group}/edit")
    assert form.status_code == 200
    assert 'name="expected_version" value="1"' in form.text
    answer = editor.post(
        f"/records/{world.group}/edit",
        data={
            "csrf_token": page_csrf(editor),
            "expected_version": "1",
            "field": "size",
            "mode": "add",
            "value": "about 30 people",
            "preferred": "yes",
            "preference_reason": "the observers counted again",
            "cite_item": str(world.seeded.items["public"]),
            "cite_quote": "observers reported the transfer",
            "reason": "a newer count",
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"] == f"/records/{world.group}?saved=2"
    page = editor.get(answer.headers["location"]).text
    assert "Saved as version 2." in page
    conflict = page.split('class="conflict"')[1].split("</dd>")[0]
    assert conflict.count('class="alternative') == 3
    preferred = conflict.split('class="alternative preferred"')[1].split("</section>")[0]
    assert "about 30 persons" in preferred and "the observers counted again" in preferred
    assert "<q>observers reported the transfer</q>" in preferred
    history = editor.get(f"/records/{world.group}/history").text
    newest = history.split('class="version"')[1]
    assert "Version 2" in newest and "editor-user" in newest and "a newer count" in newest
    assert "added" in newest and "about 30 persons" in newest
    assert "now preferred" not in newest.split("about 30 persons")[0]


def test_an_edit_based_on_an_old_version_is_refused_without_loss(
    archive: Archive, world: World, client_as: Client
) -> None:
    editor = client_as("editor")
    token = page_csrf(editor)
    # Someone else changes the record after the editor opened the form at version 1.
    archive.as_viewer(Viewer.owner("rival")).records.edit(
        world.case, {"add": {"charges": "abuse of office"}}, 1, "court papers"
    )
    answer = editor.post(
        f"/records/{world.case}/edit",
        data={
            "csrf_token": token,
            "expected_version": "1",
            "field": "court",
            "value": "Pervomaisky district court",
            "reason": "from the hearing notice",
        },
    )
    assert answer.status_code == 409
    assert "Someone changed this record first." in answer.text
    assert "It is now version 2, changed by rival" in answer.text
    assert 'name="expected_version" value="2"' in answer.text
    assert 'value="Pervomaisky district court"' in answer.text
    assert "abuse of office" in answer.text
    assert _version(archive, world.case) == 2
    again = editor.post(
        f"/records/{world.case}/edit",
        data={
            "csrf_token": token,
            "expected_version": "2",
            "field": "court",
            "value": "Pervomaisky district court",
            "reason": "from the hearing notice",
        },
        follow_redirects=False,
    )
    assert again.status_code == 303
    assert _version(archive, world.case) == 3


def test_preferring_removing_citing_and_confidentiality_in_one_edit(
    archive: Archive, world: World, client_as: Client
) -> None:
    owner = as_owner(archive).records
    group = owner.get(world.group, log=False)
    alternative = next(v for v in group.values if v.field == "size" and not v.preferred)
    description = next(v for v in group.values if v.field == "description")
    admin = client_as("admin")
    answer = admin.post(
        f"/records/{world.group}/edit",
        data={
            "csrf_token": page_csrf(admin),
            "expected_version": "1",
            "prefer_value": str(alternative.id),
            "prefer_reason": "the court lists 27",
            "source_value": str(description.id),
            "source_item": str(world.seeded.items["public"]),
            "source_start": "0",
            "source_end": "15",
            "confidentiality": "restricted",
            "reason": "court list",
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    after = owner.get(world.group, log=False)
    assert after.confidentiality == "restricted"
    assert next(v for v in after.values if v.id == alternative.id).preferred
    assert [c.start for c in next(v for v in after.values if v.id == description.id).citations] == [
        0
    ]
    assert client_as("viewer").get(f"/records/{world.group}").status_code == 404
    removal = admin.post(
        f"/records/{world.group}/edit",
        data={
            "csrf_token": page_csrf(admin),
            "expected_version": "2",
            "remove": [str(v.id) for v in after.values if v.field == "size" and not v.preferred],
            "reason": "the 22 was a typing error",
        },
        follow_redirects=False,
    )
    assert removal.status_code == 303, removal.text
    history = admin.get(f"/records/{world.group}/history").text.split('class="version"')[1]
    assert "removed" in history and "<del>22</del>" in history


def test_mistakes_in_the_form_come_back_with_one_clear_line(
    archive: Archive, world: World, client_as: Client
) -> None:
    editor = client_as("editor")
    token = page_csrf(editor)
    person = world.seeded.people["public"]
    cases = {
        "say why you make this change": {"field": "birth_year", "value": "1956"},
        "birth_year: expected a whole number": {
            "field": "birth_year",
            "value": "in the fifties",
            "reason": "r",
        },
        "quoted words are not in item": {
            "field": "birth_year",
            "value": "1956",
            "cite_item": str(world.seeded.items["public"]),
            "cite_quote": "words nowhere in the text",
            "reason": "r",
        },
        "nothing to change": {"reason": "r"},
        "position has parts: give it as JSON": {
            "field": "position",
            "value": "president",
            "reason": "r",
        },
    }
    for expected, fields in cases.items():
        answer = editor.post(
            f"/records/{person}/edit",
            data={"csrf_token": token, "expected_version": "1", **fields},
        )
        assert answer.status_code == 400, expected
        assert expected in _error(answer.text), (expected, _error(answer.text))
    assert _version(archive, person) == 1
    structured = editor.post(
        f"/records/{person}/edit",
        data={
            "csrf_token": token,
            "expected_version": "1",
            "field": "position",
            "value": '{"title": "former president"}',
            "reason": "biography",
        },
        follow_redirects=False,
    )
    assert structured.status_code == 303
    assert "Title: former president" in editor.get(f"/records/{person}").text


def test_a_cited_item_the_user_may_not_see_is_no_item(
    archive: Archive, world: World, client_as: Client
) -> None:
    # Only writers edit and they see every level: a missing item is refused the same way.
    editor = client_as("editor")
    answer = editor.post(
        f"/records/{world.seeded.people['public']}/edit",
        data={
            "csrf_token": page_csrf(editor),
            "expected_version": "1",
            "field": "birth_year",
            "value": "1956",
            "cite_item": "999999",
            "cite_start": "0",
            "cite_end": "4",
            "reason": "r",
        },
    )
    assert answer.status_code == 400 and _error(answer.text) == "no item 999999"


def test_retraction_needs_a_reason_and_keeps_the_record(
    archive: Archive, world: World, client_as: Client
) -> None:
    editor = client_as("editor")
    token = page_csrf(editor)
    refused = editor.post(
        f"/records/{world.visit}/retract", data={"csrf_token": token, "expected_version": "1"}
    )
    assert refused.status_code == 400 and "say why" in _error(refused.text)
    answer = editor.post(
        f"/records/{world.visit}/retract",
        data={"csrf_token": token, "expected_version": "1", "retract_reason": "a duplicate"},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    page = editor.get(f"/records/{world.visit}").text
    assert "This record is retracted." in page and "a duplicate" in page
    assert f'href="/records/{world.visit}/edit"' not in page
    assert "A retracted record cannot change." in editor.get(f"/records/{world.visit}/edit").text
    history = editor.get(f"/records/{world.visit}/history").text
    assert "Retracted" in history.split('class="version"')[1]


def test_a_new_record_with_a_source(archive: Archive, world: World, client_as: Client) -> None:
    editor = client_as("editor")
    choose = editor.get("/records/new").text
    assert 'href="/records/new?type=intervention"' in choose
    form = editor.get("/records/new", params={"type": "intervention"}).text
    assert '<option value="call_for_release"' in form and 'data-field="value.by"' in form
    item = world.seeded.items["restricted"]
    answer = editor.post(
        "/records/new",
        data={
            "csrf_token": page_csrf(editor),
            "type": "intervention",
            "value.kind": "meeting_with_officials",
            "value.by": str(world.seeded.people["public"]),
            "value.date": "5 May 2023",
            "source.date_item": str(item),
            "source.date_quote": "On 5 May 2023",
            "confidentiality": "restricted",
            "reason": "meeting notes",
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    new_id = int(answer.headers["location"].split("/records/")[1].split("?")[0])
    page = editor.get(f"/records/{new_id}").text
    assert "Meeting with officials" in page and "<q>On 5 May 2023</q>" in page
    assert client_as("analyst").get(f"/records/{new_id}").status_code == 200
    assert client_as("viewer").get(f"/records/{new_id}").status_code == 404
    missing = editor.post(
        "/records/new",
        data={"csrf_token": page_csrf(editor), "type": "intervention", "confidentiality": "public"},
    )
    assert missing.status_code == 400 and "intervention.kind is required" in _error(missing.text)


@pytest.mark.parametrize("role", ["analyst", "viewer"])
def test_readers_get_no_edit_controls_and_cannot_change(
    role: str, archive: Archive, world: World, client_as: Client
) -> None:
    client = client_as(role)
    public = world.seeded.people["public"]
    hidden = world.seeded.people["confidential"]
    page = client.get(f"/records/{public}").text
    assert f'href="/records/{public}/edit"' not in page
    assert client.get(f"/records/{public}/edit").status_code == 403
    assert client.get("/records/new").status_code == 403
    token = page_csrf(client)
    data = {
        "csrf_token": token,
        "expected_version": "1",
        "field": "birth_year",
        "value": "1956",
        "reason": "r",
        "retract_reason": "r",
    }
    for action in ("edit", "retract"):
        assert client.post(f"/records/{public}/{action}", data=data).status_code == 403
        assert client.post(f"/records/{hidden}/{action}", data=data).status_code == 404
    assert client.post("/records/new", data={**data, "type": "place"}).status_code == 403
    assert _version(archive, public) == 1


def test_changes_need_the_session_csrf_token(
    archive: Archive, world: World, client_as: Client
) -> None:
    editor = client_as("editor")
    public = world.seeded.people["public"]
    data = {"expected_version": "1", "field": "birth_year", "value": "1956", "reason": "r"}
    for token in (None, "forged-token"):
        sent = data if token is None else {**data, "csrf_token": token}
        assert editor.post(f"/records/{public}/edit", data=sent).status_code == 403
        assert (
            editor.post(
                f"/records/{public}/retract", data={**sent, "retract_reason": "r"}
            ).status_code
            == 403
        )
        assert editor.post("/records/new", data={**sent, "type": "place"}).status_code == 403
    assert _version(archive, public) == 1


def test_a_new_person_with_an_age_and_an_impossible_one(
    archive: Archive, world: World, client_as: Client
) -> None:
    editor = client_as("editor")
    form = editor.get("/records/new", params={"type": "person"}).text
    assert 'name="value.age"' in form and "years, at" in form
    sent = {"csrf_token": page_csrf(editor), "type": "person", "confidentiality": "public"}
    refused = editor.post(
        "/records/new",
        data={**sent, "value.name": "Nurlan Tokoev", "value.age": '{"years": 140}'},
    )
    assert refused.status_code == 400
    assert "age.years: 140 is not between 0 and 130" in _error(refused.text)
    answer = editor.post(
        "/records/new",
        data={
            **sent,
            "value.name": "Nurlan Tokoev",
            "value.age": '{"years": 34, "at": "1 March 2022"}',
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    new_id = int(answer.headers["location"].split("/records/")[1].split("?")[0])
    age = as_owner(archive).records.get(new_id, log=False).field_values("age")[0].value
    assert age["years"] == 34 and age["at"]["start"] == "2022-03-01"
