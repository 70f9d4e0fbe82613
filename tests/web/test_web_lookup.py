"""Picking a record by name: /api/records/lookup across scripts, permissions and bad input."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from evidence_support import api_token
from fastapi.testclient import TestClient
from seed import LEVELS, Seeded, as_owner, seed
from web_records_support import VISIBLE
from web_support import Person

from docket.archive import Archive

Client = Callable[[str], TestClient]
LOOKUP = "/api/records/lookup"


@pytest.fixture
def seeded(archive: Archive, tmp_path: Path) -> Seeded:
    return seed(archive, tmp_path / "seed")


def _ids(answer: list[dict[str, object]]) -> list[object]:
    return [hit["id"] for hit in answer]


def test_cyrillic_finds_latin_and_back(archive: Archive, seeded: Seeded, client_as: Client) -> None:
    store = as_owner(archive).records
    cyrillic = store.create("person", {"name": ["Сооронбай Жээнбеков", "Sooronbay Jeenbekov"]})
    client = client_as("viewer")
    public = seeded.people["public"]
    for typed in ("Атамбаев", "Атамб", "атамбаева", "Atambaev", "atamb", "Almazbek Atamb"):
        answer = client.get(LOOKUP, params={"q": typed, "type": "person"})
        assert answer.status_code == 200, answer.text
        assert _ids(answer.json()) == [public], typed
    hit = client.get(LOOKUP, params={"q": "Zheenbekov", "type": "person"}).json()
    assert hit == [
        {
            "id": cyrillic.id,
            "type": "person",
            "title": "Сооронбай Жээнбеков",
            "also": ["Sooronbay Jeenbekov"],
            "level": "public",
        }
    ]
    assert _ids(client.get(LOOKUP, params={"q": "Жээн"}).json()) == [cyrillic.id]
    assert _ids(client.get(LOOKUP, params={"q": f"#{cyrillic.id}"}).json())[0] == cyrillic.id


def test_the_same_name_comes_first(archive: Archive, seeded: Seeded, client_as: Client) -> None:
    store = as_owner(archive).records
    longer = store.create("person", {"name": "Atambayev Almazbek Sharshenovich Jr"})
    shorter = store.create("organisation", {"name": "Atambayev Foundation"})
    exact = store.create("person", {"name": "Атамбаев"})
    client = client_as("editor")
    found = _ids(client.get(LOOKUP, params={"q": "Atambayev"}).json())
    assert found[0] == exact.id
    assert set(found) >= {seeded.people["public"], longer.id, shorter.id}
    only = _ids(client.get(LOOKUP, params={"q": "Atambayev", "type": "organisation"}).json())
    assert only == [shorter.id]
    two = client.get(LOOKUP, params={"q": "Atambayev", "limit": 2}).json()
    assert len(two) == 2 and two[0]["id"] == exact.id


@pytest.mark.parametrize("role", ["admin", "editor", "analyst", "viewer"])
def test_hidden_records_never_appear(role: str, seeded: Seeded, client_as: Client) -> None:
    client = client_as(role)
    names = {"public": "Atambayev", "restricted": "Sultanbekov", "confidential": "Nurlanova"}
    for level in LEVELS:
        for typed in (names[level], f"#{seeded.people[level]}"):
            found = _ids(client.get(LOOKUP, params={"q": typed}).json())
            assert (seeded.people[level] in found) == (level in VISIBLE[role]), (level, typed)
    acts = client.get(LOOKUP, params={"q": "Nurlanova", "type": "act"}).json()
    assert (seeded.acts["confidential"] in _ids(acts)) == ("confidential" in VISIBLE[role])


def test_retracted_records_are_left_out(
    archive: Archive, seeded: Seeded, client_as: Client
) -> None:
    store = as_owner(archive).records
    gone = store.create("person", {"name": "Kubat Otorbaev"})
    store.retract(gone.id, "a duplicate", expected_version=gone.version)
    assert client_as("editor").get(LOOKUP, params={"q": "Otorbaev"}).json() == []


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"q": ""}, "q is empty"),
        ({"q": "   "}, "q is empty"),
        ({"q": "a" * 10_000}, "longer than 100"),
        ({"q": "Atambayev", "type": "spaceship"}, "no record type 'spaceship'"),
        ({"q": "Atambayev", "limit": 0}, "limit"),
        ({"q": "Atambayev", "limit": 51}, "limit"),
    ],
)
def test_bad_input_is_one_line(
    params: dict[str, object], words: str, seeded: Seeded, client_as: Client
) -> None:
    answer = client_as("viewer").get(LOOKUP, params=params)
    assert answer.status_code == 400, answer.text
    detail = answer.json()["detail"]
    assert words in detail and "\n" not in detail


def test_sql_like_text_is_only_text(seeded: Seeded, client_as: Client) -> None:
    client = client_as("viewer")
    for typed in ("' OR 1=1 --", "Atambayev'; DROP TABLE records; --", "%", "_", "\\"):
        answer = client.get(LOOKUP, params={"q": typed})
        assert answer.status_code == 200, answer.text
        assert seeded.people["confidential"] not in _ids(answer.json())
    assert _ids(client.get(LOOKUP, params={"q": "Atambayev"}).json())


def test_tokens_and_sign_in(
    archive: Archive, seeded: Seeded, people: dict[str, Person], anonymous: TestClient
) -> None:
    assert anonymous.get(LOOKUP, params={"q": "Atambayev"}).status_code == 401
    headers = api_token(archive, people["viewer"].name, ["read"])
    answer = anonymous.get(LOOKUP, params={"q": "Атамбаев"}, headers=headers)
    assert answer.status_code == 200 and _ids(answer.json())[0] == seeded.people["public"]
