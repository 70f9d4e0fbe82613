"""The permission matrix: each role × each confidentiality level × each read path.

What a role may not see must not exist for it anywhere: pages, lists, search hits and snippets,
facet and dashboard counts, timelines, the map, the API, exports and error messages. Each level
of the seeded archive carries a marker word and a name found nowhere else; any of them in any
response to a role without the clearance is a leak.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from seed import LEVELS, MARKERS, Seeded, seed
from web_support import ROLES, page_csrf

from docket.archive import Archive

VISIBLE = {
    "admin": {"public", "restricted", "confidential"},
    "editor": {"public", "restricted", "confidential"},
    "analyst": {"public", "restricted"},
    "viewer": {"public"},
}
REVIEWERS = {"admin", "editor"}
NAMES = {
    "public": "Atambayev",
    "restricted": "Sultanbekov",
    "confidential": "Nurlanova",
}
MISSING = 987654


def _secrets_of(role: str) -> list[str]:
    """The words a role must never be shown."""
    hidden = [level for level in LEVELS if level not in VISIBLE[role]]
    return [MARKERS[level] for level in hidden] + [NAMES[level] for level in hidden]


def _no_leak(role: str, where: str, body: str) -> None:
    for secret in _secrets_of(role):
        assert secret not in body, f"{role} sees {secret!r} in {where}"


def _answer(body: str, asked: int) -> str:
    """A response with the id asked for and the session's tokens taken out."""
    body = re.sub(r'(X-CSRF-Token": "|name="csrf_token" value=")[^"]*', r"\1", body)
    return body.replace(str(asked), "N")


def _object_paths(seeded: Seeded, level: str) -> list[str]:
    item, person, act = seeded.items[level], seeded.people[level], seeded.acts[level]
    return [
        f"/items/{item}",
        f"/items/{item}/original",
        f"/items/{item}/text",
        f"/api/items/{item}",
        f"/api/items/{item}/original",
        f"/api/items/{item}/text",
        f"/records/{person}",
        f"/records/{person}/history",
        f"/records/{person}/case",
        f"/records/{act}",
        f"/api/records/{person}",
        f"/api/records/{act}/history",
        f"/api/records/{person}/timeline",
    ]


def _listing_paths() -> list[str]:
    return [
        "/",
        "/items",
        "/records",
        "/records?type=person",
        "/records?type=act",
        "/timeline",
        "/map",
        "/exports",
        "/api/items",
        "/api/records",
        "/api/records?type=person",
        "/api/timeline",
        "/api/map/events",
    ]


@pytest.fixture
def seeded(archive: Archive, tmp_path: Path) -> Seeded:
    return seed(archive, tmp_path / "seed")


@pytest.mark.parametrize("role", ROLES)
def test_objects_above_the_clearance_do_not_exist(
    role: str, seeded: Seeded, client_as: Callable[[str], TestClient]
) -> None:
    client = client_as(role)
    for level in LEVELS:
        for path in _object_paths(seeded, level):
            response = client.get(path)
            if level in VISIBLE[role]:
                assert response.status_code == 200, f"{role} cannot read {path}: {response.text}"
            else:
                assert response.status_code == 404, f"{role} gets {response.status_code} at {path}"
                _no_leak(role, path, response.text)


@pytest.mark.parametrize("role", ROLES)
def test_a_hidden_object_answers_exactly_like_a_missing_one(
    role: str, seeded: Seeded, client_as: Callable[[str], TestClient]
) -> None:
    client = client_as(role)
    for level in LEVELS:
        if level in VISIBLE[role]:
            continue
        for kind, hidden in (("items", seeded.items[level]), ("records", seeded.people[level])):
            for prefix in ("", "/api"):
                shown = client.get(f"{prefix}/{kind}/{hidden}")
                missing = client.get(f"{prefix}/{kind}/{MISSING}")
                assert shown.status_code == missing.status_code == 404
                assert _answer(shown.text, hidden) == _answer(missing.text, MISSING), (
                    f"{prefix}/{kind}: a hidden {kind[:-1]} is told apart from a missing one"
                )


@pytest.mark.parametrize("role", ROLES)
def test_lists_counts_timelines_and_the_map_hold_nothing_hidden(
    role: str, seeded: Seeded, client_as: Callable[[str], TestClient]
) -> None:
    client = client_as(role)
    for path in _listing_paths():
        response = client.get(path)
        assert response.status_code == 200, f"{role} cannot read {path}"
        _no_leak(role, path, response.text)
    items = client.get("/api/items").json()
    assert items["total"] == len(VISIBLE[role])


@pytest.mark.parametrize("role", ROLES)
def test_search_hits_snippets_and_facets_hold_nothing_hidden(
    role: str, seeded: Seeded, client_as: Callable[[str], TestClient]
) -> None:
    client = client_as(role)
    for level in LEVELS:
        for query in (MARKERS[level], NAMES[level]):
            found = client.get("/api/search", params={"q": query}).json()
            expected = 1 if level in VISIBLE[role] else 0
            assert found["total"] == expected, f"{role} searching {query!r}"
            page = client.get("/search", params={"q": query})
            assert page.status_code == 200
            # The page repeats what was typed; nothing else may carry a hidden word.
            _no_leak(role, f"/search?q={query}", page.text.replace(query, ""))
            _no_leak(role, f"/api/search?q={query}", str(found).replace(query, ""))
    everything = client.get("/search", params={"q": "2022 OR 2023 OR observers OR notes"})
    _no_leak(role, "/search (broad)", everything.text)


@pytest.mark.parametrize("role", ROLES)
def test_exports_hold_nothing_hidden(
    role: str, seeded: Seeded, client_as: Callable[[str], TestClient]
) -> None:
    client = client_as(role)
    for export_format in ("jsonl", "csv", "ftm"):
        api = client.get("/api/exports/records", params={"format": export_format})
        assert api.status_code == 200, api.text
        _no_leak(role, f"/api/exports/records?format={export_format}", api.text)
        page = client.post(
            "/exports/records", data={"csrf_token": page_csrf(client), "format": export_format}
        )
        assert page.status_code == 200, page.text
        _no_leak(role, f"/exports/records ({export_format})", page.text)
    token = page_csrf(client)
    for level in LEVELS:
        bag = client.post(
            "/api/exports/bag",
            json={"items": [seeded.items[level]]},
            headers={"X-CSRF-Token": token},
        )
        if level not in VISIBLE[role]:
            assert bag.status_code == 404, f"{role} exported a hidden item"
            _no_leak(role, "/api/exports/bag", bag.text)
            continue
        assert bag.status_code == 200, bag.text
        with zipfile.ZipFile(io.BytesIO(bag.content)) as package:
            contents = " ".join(
                package.read(name).decode("utf-8", "replace")
                for name in package.namelist()
                if not name.endswith("/")
            )
        _no_leak(role, "a BagIt export", contents)


@pytest.mark.parametrize("role", ROLES)
def test_the_review_queue_and_proposals_hold_nothing_hidden(
    role: str, seeded: Seeded, client_as: Callable[[str], TestClient]
) -> None:
    client = client_as(role)
    queue = client.get("/review")
    listing = client.get("/api/proposals")
    if role not in REVIEWERS:
        assert queue.status_code == listing.status_code == 403
    else:
        assert queue.status_code == listing.status_code == 200
        _no_leak(role, "/review", queue.text)
        _no_leak(role, "/api/proposals", listing.text)
    for level in LEVELS:
        for proposal in seeded.proposals[level]:
            for path in (f"/review/{proposal}", f"/api/proposals/{proposal}"):
                response = client.get(path)
                if role in REVIEWERS and level in VISIBLE[role]:
                    assert response.status_code == 200, path
                else:
                    assert response.status_code in (403, 404), path
                    _no_leak(role, path, response.text)
