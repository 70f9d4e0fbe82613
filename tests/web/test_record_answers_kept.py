"""A record page's reads kept for the next request: the same page as worked out afresh, for the
same levels, language and archive position only, and every view of a confidential record still
entered in the chain of custody."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from evidence_support import assert_no_leak
from fastapi import FastAPI
from fastapi.testclient import TestClient
from seed import Seeded, as_owner, seed
from web_support import custody_entries

from docket.archive import Archive
from docket.kept import Remembered
from docket.records.audit import RecordAction
from docket.web.pages import records as records_page
from docket.web.pages.records_display import title_of

Client = Callable[[str], TestClient]


@dataclass(frozen=True)
class Archived:
    seeded: Seeded
    # Acts at each level whose victim is the public person: they point at its page.
    pointing: dict[str, int]
    # Another public person, to merge the public one into.
    other: int


@pytest.fixture
def archived(archive: Archive, tmp_path: Path) -> Archived:
    seeded = seed(archive, tmp_path / "seed")
    owner = as_owner(archive)
    pointing = {
        level: owner.records.create(
            "act",
            {
                "violation": "torture",
                "victim": {"ref": seeded.people["public"]},
                "status": "alleged",
                "description": f"{level.upper()}POINTER act",
            },
            confidentiality=level,
        ).id
        for level in ("public", "restricted", "confidential")
    }
    other = owner.records.create("person", {"name": "Kanat Isaev"}, confidentiality="public")
    return Archived(seeded, pointing, other.id)


def _kept(app: FastAPI) -> Remembered[object]:
    kept: Remembered[object] = app.state.workspace.record_pages
    return kept


def _worked_out(app: FastAPI, client: TestClient, path: str, **headers: str) -> str:
    """The page as the plain path gives it: nothing kept before, nothing kept after."""
    _kept(app).clear()
    page = client.get(path, headers=headers)
    _kept(app).clear()
    assert page.status_code == 200
    return page.text


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The record ids whose page is worked out afresh from now on."""
    worked: list[int] = []
    plain = records_page._shown_record
    monkeypatch.setattr(
        records_page,
        "_shown_record",
        lambda request, door, record_id: (
            worked.append(record_id) or plain(request, door, record_id)
        ),
    )
    return worked


def _views_of(archive: Archive, record_id: int) -> list[str]:
    """Who the chain of custody says viewed the record, oldest first."""
    return [
        entry.actor
        for entry in custody_entries(archive)
        if entry.action == RecordAction.VIEWED and entry.data.get("record") == record_id
    ]


def test_a_kept_page_is_the_page_worked_out_afresh(
    app: FastAPI, archived: Archived, client_as: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = client_as("editor")
    person = archived.seeded.people["public"]
    fresh = _worked_out(app, editor, f"/records/{person}")
    worked = _counting(monkeypatch)
    first = editor.get(f"/records/{person}")
    again = editor.get(f"/records/{person}")
    # The second request read nothing but the session and, with it, the archive's position.
    assert worked == [person]
    assert first.text == again.text == fresh
    assert all(f'href="/records/{act}"' in again.text for act in archived.pointing.values())
    # Another address of the same record (a page of its referrers) is its own answer.
    assert editor.get(f"/records/{person}?refs=1").status_code == 200
    assert worked == [person, person]


@pytest.mark.parametrize("role", ["analyst", "viewer"])
def test_a_lower_level_is_never_given_what_was_read_for_a_higher_one(
    role: str, app: FastAPI, archived: Archived, client_as: Client
) -> None:
    lower = client_as(role)
    person = archived.seeded.people["public"]
    fresh = _worked_out(app, lower, f"/records/{person}")
    # The editor asks first, for the very same address, and the answer is kept.
    editor_page = client_as("editor").get(f"/records/{person}").text
    assert f'href="/records/{archived.pointing["confidential"]}"' in editor_page
    page = lower.get(f"/records/{person}")
    assert page.text == fresh
    assert f'href="/records/{archived.pointing["confidential"]}"' not in page.text
    assert f'href="/records/{archived.pointing["public"]}"' in page.text
    shows_restricted = f'href="/records/{archived.pointing["restricted"]}"' in page.text
    assert shows_restricted == (role == "analyst")
    assert_no_leak(role, page.text)
    # What the editor may open stays "no record N" for them, kept pages or not.
    hidden = archived.seeded.people["confidential"]
    assert client_as("editor").get(f"/records/{hidden}").status_code == 200
    assert lower.get(f"/records/{hidden}").status_code == 404


def test_the_page_shows_the_signed_in_users_own_rights(
    app: FastAPI, archived: Archived, client_as: Client
) -> None:
    person = archived.seeded.people["public"]
    edit_link = f'href="/records/{person}/edit"'
    assert edit_link in client_as("editor").get(f"/records/{person}").text
    analyst = client_as("analyst").get(f"/records/{person}").text
    assert edit_link not in analyst
    assert 'href="/account"' in analyst  # the header is the analyst's own


def test_each_language_has_its_own_page(
    app: FastAPI, archived: Archived, client_as: Client
) -> None:
    viewer = client_as("viewer")
    act = archived.seeded.acts["public"]
    english = viewer.get(f"/records/{act}")
    russian = viewer.get(f"/records/{act}", headers={"Accept-Language": "ru"})
    assert "Arbitrary detention" in english.text
    assert "Произвольное содержание под стражей" in russian.text
    assert "Arbitrary detention" not in russian.text
    assert russian.text == _worked_out(app, viewer, f"/records/{act}", **{"Accept-Language": "ru"})


def test_changes_to_the_archive_are_seen_at_once(
    archive: Archive, app: FastAPI, archived: Archived, client_as: Client
) -> None:
    viewer = client_as("viewer")
    owner = as_owner(archive)
    person = archived.seeded.people["public"]
    path = f"/records/{person}"
    assert "Almazbek Atambayev" in viewer.get(path).text

    # An edit.
    view = owner.records.get(person)
    owner.records.edit(person, {"set": {"name": ["Almazbek Sharshenovich"]}}, view.version, "name")
    renamed = viewer.get(path)
    assert "Almazbek Sharshenovich" in renamed.text
    assert "Almazbek Atambayev" not in renamed.text
    assert renamed.text == _worked_out(app, viewer, path)

    # A record pointing here is retracted: its row says so.
    viewer.get(path)
    act = archived.pointing["public"]
    owner.records.retract(act, "a duplicate", expected_version=owner.records.get(act).version)
    after_retraction = viewer.get(path)
    assert "Retracted" in after_retraction.text
    assert after_retraction.text == _worked_out(app, viewer, path)

    # The record is merged into another.
    viewer.get(path)
    owner.records.merge(
        person,
        into=archived.other,
        reason="the same man",
        source_version=owner.records.get(person).version,
        target_version=owner.records.get(archived.other).version,
    )
    merged = viewer.get(path)
    assert "Kanat Isaev" in merged.text
    assert "Merged into" in merged.text
    assert merged.text == _worked_out(app, viewer, path)

    # A record is raised above the viewer's level: gone from the page, and its own page too.
    other = f"/records/{archived.other}"
    assert viewer.get(other).status_code == 200
    owner.records.edit(
        archived.other,
        {"confidentiality": "restricted"},
        owner.records.get(archived.other).version,
        "a source asked",
    )
    assert viewer.get(other).status_code == 404
    raised = viewer.get(path)
    assert "Kanat Isaev" not in raised.text
    assert "Merged into another record." in raised.text
    assert raised.text == _worked_out(app, viewer, path)


def test_every_view_of_a_confidential_record_is_in_the_chain_of_custody(
    archive: Archive,
    app: FastAPI,
    archived: Archived,
    client_as: Client,
    people: dict[str, object],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    editor = client_as("editor")
    secret = archived.seeded.people["confidential"]
    worked = _counting(monkeypatch)
    position = as_owner(archive).position()
    first = editor.get(f"/records/{secret}")
    again = editor.get(f"/records/{secret}")
    assert first.status_code == again.status_code == 200
    assert worked == [secret]  # the second view was the kept page
    editor_name = people["editor"].name  # type: ignore[attr-defined]
    assert _views_of(archive, secret) == [editor_name, editor_name]
    # Viewing changes nothing one reads: the page stays kept, for the next viewer as well.
    assert as_owner(archive).position() == position
    admin = client_as("admin").get(f"/records/{secret}")
    assert admin.status_code == 200
    assert worked == [secret]
    assert len(_views_of(archive, secret)) == 3
    # A public record's view is not entered.
    editor.get(f"/records/{archived.seeded.people['public']}")
    editor.get(f"/records/{archived.seeded.people['public']}")
    assert _views_of(archive, archived.seeded.people["public"]) == []


@pytest.mark.parametrize("language", ["en", "ru", "ky"])
def test_records_read_by_their_title_fields_have_the_titles_of_whole_records(
    archive: Archive, archived: Archived, language: str
) -> None:
    store = as_owner(archive).records
    ids = sorted(archived.pointing.values()) + sorted(archived.seeded.acts.values())
    whole = store.views(ids=ids, sources=False, include_retracted=True)
    titled = store.views(ids=ids, sources=False, include_retracted=True, fields=store.title_fields)
    assert [title_of(v, language) for v in titled] == [title_of(v, language) for v in whole]
    # A field no title is made of is not read.
    assert any(v.field_values("date") for v in whole)
    assert not any(v.field_values("date") for v in titled)
