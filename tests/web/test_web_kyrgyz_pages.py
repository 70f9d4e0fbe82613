"""Every main page renders in Kyrgyz, with nothing left in English that Russian translates."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web_records_support import World, build_world

from docket.archive import Archive

Client = Callable[[str], TestClient]
# Text between tags, and the attributes that carry interface words to the eye or the ear.
_SCRIPTS = re.compile(r"<(script|style)\b.*?</\1>", re.DOTALL | re.IGNORECASE)
_TEXT = re.compile(r">([^<]+)<")
_ATTRIBUTES = re.compile(r'\b(?:aria-label|placeholder|title|alt)="([^"]*)"')


def _pages(world: World) -> dict[str, str]:
    item = world.seeded.items["public"]
    proposal = world.seeded.proposals["public"][0]
    return {
        "dashboard": "/",
        "items": "/items",
        "item": f"/items/{item}",
        "search": "/search?q=Atambayev",
        "records": "/records",
        "record": f"/records/{world.seeded.acts['public']}",
        "case file": f"/records/{world.case}/case",
        "record history": f"/records/{world.case}/history",
        "new record": "/records/new?type=act",
        "edit record": f"/records/{world.case}/edit",
        "merge record": f"/records/{world.seeded.acts['public']}/merge",
        "split record": f"/records/{world.seeded.acts['public']}/split",
        "merge check": f"/records/{world.seeded.acts['public']}/merge?into={world.mixed_act}",
        "timeline": "/timeline",
        "review": "/review",
        "proposal": f"/review/{proposal}",
        "upload": "/upload",
        "account": "/account",
        "admin": "/admin/users",
        "exports": "/exports",
        "map": "/map",
    }


def _segments(html: str) -> set[str]:
    """The words a reader meets on the page, one run of text at a time."""
    html = _SCRIPTS.sub("", html)
    runs = _TEXT.findall(html) + _ATTRIBUTES.findall(html)
    return {" ".join(unescape(run).split()) for run in runs} - {""}


def _get(client: TestClient, path: str, language: str) -> str:
    response = client.get(path, headers={"Accept-Language": f"{language}-KG"})
    assert response.status_code == 200, (path, language, response.text[:300])
    assert f'<html lang="{language}">' in response.text, (path, language)
    return response.text


@pytest.fixture
def world(archive: Archive, tmp_path: Path) -> World:
    return build_world(archive, tmp_path / "world")


def test_every_main_page_is_in_kyrgyz_wherever_it_is_in_russian(
    world: World, client_as: Client
) -> None:
    client = client_as("admin")
    for name, path in _pages(world).items():
        english = _segments(_get(client, path, "en"))
        russian = _segments(_get(client, path, "ru"))
        kyrgyz = _segments(_get(client, path, "ky"))
        # What changes between English and Russian is the interface; the archive's own words
        # (names, quotations, titles) read the same in every language and cancel out.
        interface = english - russian
        assert interface, f"{name}: nothing on the page is translated at all"
        left_in_english = sorted(interface & kyrgyz)
        assert not left_in_english, f"{name} ({path}): {left_in_english[:10]}"


def test_record_labels_and_terms_are_kyrgyz(world: World, client_as: Client) -> None:
    client = client_as("viewer")
    record = _get(client, f"/records/{world.seeded.acts['public']}", "ky")
    assert "Аракет (укук бузуу)" in record
    assert "Жабырлануучу" in record
    timeline = _get(client, "/timeline", "ky")
    assert "Хронология" in timeline
    records = _get(client, "/records", "ky")
    assert "Иштин абалы" in records and "Кийлигишүү" in records


def test_the_language_switch_to_kyrgyz_is_kept(world: World, client_as: Client) -> None:
    client = client_as("editor")
    page = client.get("/records").text
    assert re.search(r'<option value="ky"\s*>Кыргызча</option>', page)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token
    switched = client.post(
        "/account/language",
        data={"language": "ky", "next": "/records", "csrf_token": token.group(1)},
        follow_redirects=True,
    )
    assert switched.status_code == 200
    assert '<html lang="ky">' in switched.text
    assert ">Жазуулар<" in switched.text and ">Издөө<" in switched.text
    # The choice is the user's: it holds whatever the browser asks for.
    later = client.get("/", headers={"Accept-Language": "ru-RU"})
    assert '<html lang="ky">' in later.text and ">Башкы бет<" in later.text
