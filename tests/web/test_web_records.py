"""The records pages: lists, one record with its sources and conflicts, history, per role."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from seed import LEVELS, MARKERS, as_owner
from web_records_support import PROTECTED_WORD, ROLES, VISIBLE, World, build_world, views_logged

from docket.archive import Archive

Client = Callable[[str], TestClient]
NAMES = {
    "public": "Almazbek Atambayev",
    "restricted": "Temirlan Sultanbekov",
    "confidential": "Asel Nurlanova",
}


@pytest.fixture
def world(archive: Archive, tmp_path: Path) -> World:
    return build_world(archive, tmp_path / "world")


def _no_leak(role: str, html: str) -> None:
    for level in LEVELS:
        if level not in VISIBLE[role]:
            assert MARKERS[level] not in html, f"{role} was shown {MARKERS[level]}"
            assert NAMES[level] not in html, f"{role} was shown {NAMES[level]}"
    assert PROTECTED_WORD not in html, f"{role} was shown a protected value"


def _error(html: str) -> str:
    found = re.search(r'<p class="error" role="alert">(.*?)</p>', html, re.S)
    assert found, html[:2000]
    return found.group(1).strip()


def test_the_list_shows_by_type_only_what_each_role_may_see(
    world: World, client_as: Client
) -> None:
    for role in ROLES:
        client = client_as(role)
        page = client.get("/records", params={"type": "person"})
        assert page.status_code == 200
        for level in LEVELS:
            assert (NAMES[level] in page.text) == (level in VISIBLE[role]), (role, level)
        assert "TB-W-07" in page.text
        assert f"{len(VISIBLE[role]) + 1} records" in page.text
        everything = client.get("/records").text
        _no_leak(role, everything)
        assert "Council of Parties" in everything
        # Only editors and admins are offered to create records.
        assert ('href="/records/new' in page.text) == (role in ("admin", "editor"))


def test_the_name_filter_finds_other_scripts_and_spellings(world: World, client_as: Client) -> None:
    client = client_as("viewer")
    for query in (
        "Атамбаев",
        "atambaev",
        "Almazbek Atambayev",
        f"#{world.seeded.people['public']}",
    ):
        page = client.get("/records", params={"type": "person", "q": query})
        assert NAMES["public"] in page.text, query
        assert "TB-W-07" not in page.text
    # An act is named by its victim, and a code by its label in any language.
    acts = client.get("/records", params={"type": "act", "q": "Atambayev"}).text
    assert f'href="/records/{world.mixed_act}"' in acts
    assert f'href="/records/{world.seeded.acts["public"]}"' in acts
    tortures = client.get("/records", params={"type": "act", "q": "пытки"}).text
    assert f'href="/records/{world.mixed_act}"' in tortures
    assert f'href="/records/{world.seeded.acts["public"]}"' not in tortures
    # A hidden person's name finds nothing, not even the visible act against them.
    hidden = client.get("/records", params={"q": "Nurlanova"})
    assert "No record" in hidden.text and "Nurlanova" in hidden.text
    assert f'href="/records/{world.mixed_act}"' not in hidden.text


def test_the_list_is_paginated(archive: Archive, client_as: Client) -> None:
    as_owner(archive).records.import_documents(
        [{"type": "place", "fields": {"name": f"Village {n:03d}"}} for n in range(120)]
    )
    client = client_as("viewer")
    first = client.get("/records", params={"type": "place"}).text
    assert "Village 119" in first and "Village 070" in first and "Village 069" not in first
    assert "Page 1 of 3" in first
    assert 'rel="next"' in first
    last = client.get("/records", params={"type": "place", "page": 3}).text
    assert "Village 000" in last and "Village 020" not in last
    assert 'rel="prev"' in last
    beyond = client.get("/records", params={"type": "place", "page": 9}).text
    assert "Page 3 of 3" in beyond and "Village 000" in beyond


def test_a_record_shows_values_sources_and_references(world: World, client_as: Client) -> None:
    client = client_as("analyst")
    page = client.get(f"/records/{world.seeded.acts['public']}").text
    assert "Act (violation)" in page and "Arbitrary detention" in page
    assert f'href="/records/{world.seeded.people["public"]}"' in page
    assert f'href="/items/{world.seeded.items["public"]}"' in page
    assert "<q>PUBLICWORD</q>" in page
    assert 'class="badge public"' in page
    # Russian labels come from the record types when the page is in Russian.
    russian = client.get(
        f"/records/{world.seeded.acts['public']}", headers={"Accept-Language": "ru"}
    )
    assert "Действие (нарушение)" in russian.text and "Произвольное" in russian.text


def test_conflicting_values_are_shown_side_by_side(world: World, client_as: Client) -> None:
    page = client_as("viewer").get(f"/records/{world.group}").text
    conflict = page.split('class="conflict"')[1].split("</dd>")[0]
    assert conflict.count('class="alternative') == 2
    assert "22" in conflict and "27 persons" in conflict
    assert "Preferred" in conflict and "the named list has 22" in conflict
    assert "Alternative" in conflict
    assert "<q>Almazbek Atambayev</q>" in conflict


@pytest.mark.parametrize("role", ROLES)
def test_hidden_records_are_missing_and_nothing_leaks(
    role: str, world: World, client_as: Client
) -> None:
    client = client_as(role)
    for level in LEVELS:
        for record in (world.seeded.people[level], world.seeded.acts[level]):
            for suffix in ("", "/history", "/case"):
                if suffix == "/case" and record == world.seeded.acts[level]:
                    continue
                answer = client.get(f"/records/{record}{suffix}")
                if level in VISIBLE[role]:
                    assert answer.status_code == 200, (role, level, suffix)
                else:
                    missing = client.get(f"/records/999999{suffix}")
                    assert answer.status_code == missing.status_code == 404
                    assert _error(answer.text).replace(str(record), "N") == _error(
                        missing.text
                    ).replace("999999", "N")
                _no_leak(role, answer.text)
    # A visible act keeps its visible victim and drops the hidden one.
    act = client.get(f"/records/{world.mixed_act}").text
    secret = world.seeded.people["confidential"]
    assert (f'href="/records/{secret}"' in act) == ("confidential" in VISIBLE[role])
    assert f'href="/records/{world.seeded.people["public"]}"' in act
    # A visible record citing a hidden item shows neither the item nor its words.
    event = client.get(f"/records/{world.cited}").text
    hidden_item = world.seeded.items["confidential"]
    assert (f'href="/items/{hidden_item}"' in event) == ("confidential" in VISIBLE[role])
    assert "<q>PUBLICWORD observers</q>" in event
    _no_leak(role, act + event)


@pytest.mark.parametrize("role", ROLES)
def test_protected_values_stay_redacted_for_everyone(
    role: str, world: World, client_as: Client
) -> None:
    client = client_as(role)
    pages = [client.get(f"/records/{world.witness}{s}") for s in ("", "/history", "/case")]
    for page in pages:
        assert page.status_code == 200
        assert PROTECTED_WORD not in page.text
    assert "[redacted]" in pages[0].text and "[redacted]" in pages[1].text
    if role in ("admin", "editor"):
        form = client.get(f"/records/{world.witness}/edit")
        assert form.status_code == 200
        assert PROTECTED_WORD not in form.text and "[redacted]" in form.text


def test_viewing_a_confidential_record_enters_the_chain_of_custody(
    archive: Archive, world: World, client_as: Client
) -> None:
    secret = world.seeded.people["confidential"]
    public = world.seeded.people["public"]
    before = views_logged(archive, secret)
    editor = client_as("editor")
    assert editor.get(f"/records/{secret}").status_code == 200
    assert views_logged(archive, secret) == [*before, "editor-user"]
    assert editor.get(f"/records/{secret}/history").status_code == 200
    assert views_logged(archive, secret)[-1] == "editor-user"
    # A public record, or a refused look at a hidden one, is not a viewing.
    editor.get(f"/records/{public}")
    assert views_logged(archive, public) == []
    client_as("analyst").get(f"/records/{secret}")
    assert "analyst-user" not in views_logged(archive, secret)


def test_the_history_shows_every_version_with_its_changes(
    archive: Archive, world: World, client_as: Client
) -> None:
    store = as_owner(archive).records
    group = store.get(world.group, log=False)
    alternative = next(v for v in group.values if v.field == "size" and not v.preferred)
    store.edit(
        world.group,
        {"prefer": {alternative.id: "a later count"}, "set": {"description": "border case"}},
        1,
        "new figures from the monitors",
    )
    store.edit(world.group, {"confidentiality": "restricted"}, 2, "names of relatives")
    analyst = client_as("analyst").get(f"/records/{world.group}/history").text
    versions = analyst.split('class="version"')[1:]
    assert [re.search(r"Version (\d+)", v).group(1) for v in versions] == ["3", "2", "1"]  # type: ignore[union-attr]
    newest, middle, first = versions
    assert "names of relatives" in newest and "Public" in newest and "Restricted" in newest
    assert "new figures from the monitors" in middle and "owner" in middle
    assert "now preferred" in middle and "27 persons" in middle and "a later count" in middle
    assert "added" in middle and "border case" in middle
    assert "Created" in first and "22" in first
    # The restricted record is gone for a viewer, history and all.
    assert client_as("viewer").get(f"/records/{world.group}/history").status_code == 404


def test_a_retracted_record_carries_a_banner_and_leaves_the_list(
    archive: Archive, world: World, client_as: Client
) -> None:
    as_owner(archive).records.retract(world.visit, "duplicate of another visit", expected_version=1)
    client = client_as("viewer")
    page = client.get(f"/records/{world.visit}").text
    assert "This record is retracted." in page and "duplicate of another visit" in page
    assert f'href="/records/{world.visit}/edit"' not in page
    assert f'href="/records/{world.visit}"' not in client.get("/records?type=intervention").text
    listed = client.get("/records", params={"type": "intervention", "retracted": "true"}).text
    assert f'href="/records/{world.visit}"' in listed and "Retracted" in listed


def test_unknown_types_and_pages_say_what_is_wrong(world: World, client_as: Client) -> None:
    client = client_as("viewer")
    wrong = client.get("/records", params={"type": "spaceship"})
    assert wrong.status_code == 400 and "spaceship" in _error(wrong.text)
    assert client.get("/records/99999999999").status_code == 404
    assert client.get(f"/records/{world.mixed_act}/case").status_code == 400


def test_a_person_page_shows_an_age_and_the_date_it_was_true_on(
    archive: Archive, client_as: Client
) -> None:
    person = as_owner(archive).records.create(
        "person", {"name": "Nurlan Tokoev", "age": {"years": 34, "at": "2022-03-01"}}
    )
    page = client_as("viewer").get(f"/records/{person.id}").text
    assert "<dt>Age</dt>" in page
    assert "Years: 34; On the date: 1 Mar 2022" in page
    russian = client_as("viewer").get(f"/records/{person.id}", headers={"Accept-Language": "ru"})
    assert "Возраст" in russian.text
