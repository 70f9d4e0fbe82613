"""The map: GeoJSON of events and acts with coordinates, the page and its list without JS."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from seed import as_owner

from docket.archive import Archive

COORDINATES = {
    "public": (42.87, 74.59),
    "restricted": (41.43, 75.99),
    "confidential": (40.53, 72.80),
}
PLACES = {"public": "Bishkek", "restricted": "Naryn", "confidential": "Osh"}
SEEN = {"viewer": ("public",), "analyst": ("public", "restricted")}


@pytest.fixture
def mapped(archive: Archive) -> dict[str, dict[str, int]]:
    """A place, an event there and an act in that event, at every level; and a public act
    whose only place is confidential (it must not be placed for those who cannot see it)."""
    owner = as_owner(archive).records
    made: dict[str, dict[str, int]] = {}
    for level, (lat, lon) in COORDINATES.items():
        place = owner.create(
            "place",
            {"name": PLACES[level], "coordinates": f"{lat}, {lon}"},
            confidentiality=level,
        )
        victim = owner.create("person", {"name": f"Victim {level}"}, confidentiality=level)
        event = owner.create(
            "event",
            {
                "title": f"Protest {level.upper()}MAPWORD",
                "date": "2022-08-14",
                "place": {"ref": place.id},
            },
            confidentiality=level,
        )
        act = owner.create(
            "act",
            {"violation": "torture", "victim": {"ref": victim.id}, "event": {"ref": event.id}},
            confidentiality=level,
        )
        made[level] = {"place": place.id, "event": event.id, "act": act.id, "victim": victim.id}
    stray = owner.create(
        "act",
        {
            "violation": "killing",
            "victim": {"ref": made["public"]["victim"]},
            "place": {"ref": made["confidential"]["place"]},
        },
        confidentiality="public",
    )
    made["stray"] = {"act": stray.id}
    unmapped = owner.create("place", {"name": "Nowhere-in-particular"})
    owner.create("event", {"title": "Unplaced meeting", "place": {"ref": unmapped.id}})
    return made


def test_each_role_gets_only_the_points_it_may_see(
    mapped: dict[str, dict[str, int]], client_as: Callable[[str], TestClient]
) -> None:
    for role, levels in (*SEEN.items(), ("editor", tuple(COORDINATES))):
        body = client_as(role).get("/api/map/events").json()
        assert body["type"] == "FeatureCollection"
        ids = {f["properties"]["id"] for f in body["features"]}
        expected = {mapped[level][kind] for level in levels for kind in ("event", "act")}
        if role == "editor":
            expected.add(mapped["stray"]["act"])
        assert ids == expected, role
        assert body["total"] == len(expected)
        assert body["truncated"] is False
        hidden_places = {PLACES[level] for level in COORDINATES if level not in levels}
        for feature in body["features"]:
            assert feature["properties"]["place_name"] not in hidden_places
            if feature["properties"]["place_name"] == "Bishkek":
                assert feature["geometry"] == {"type": "Point", "coordinates": [74.59, 42.87]}


def test_an_act_in_an_event_is_placed_at_the_events_place(
    mapped: dict[str, dict[str, int]], client_as: Callable[[str], TestClient]
) -> None:
    body = client_as("viewer").get("/api/map/events").json()
    act = next(f for f in body["features"] if f["properties"]["id"] == mapped["public"]["act"])
    assert act["properties"]["kind"] == "act"
    assert act["properties"]["title"] == "Torture"
    assert act["properties"]["place_name"] == "Bishkek"
    assert act["properties"]["date"]
    assert act["properties"]["url"] == f"/records/{mapped['public']['act']}"


def test_the_answer_is_bounded(
    mapped: dict[str, dict[str, int]], client_as: Callable[[str], TestClient]
) -> None:
    client = client_as("editor")
    body = client.get("/api/map/events?limit=2").json()
    assert len(body["features"]) == 2
    assert body["total"] == 7
    assert body["truncated"] is True
    assert client.get("/api/map/events?limit=0").status_code == 422


def test_the_api_needs_a_caller(anonymous: TestClient) -> None:
    assert anonymous.get("/api/map/events").status_code == 401


def test_the_page_lists_events_by_place_without_javascript(
    mapped: dict[str, dict[str, int]], client_as: Callable[[str], TestClient]
) -> None:
    html = client_as("viewer").get("/map").text
    assert 'id="map"' in html
    assert "hidden" in html
    assert 'data-events="/api/map/events' in html
    assert "PUBLICMAPWORD" in html
    assert "RESTRICTEDMAPWORD" not in html
    assert "CONFIDENTIALMAPWORD" not in html
    assert "Naryn" not in html
    assert ">Osh<" not in html
    assert "Nowhere-in-particular" in html
    assert "no coordinates" in html
    for script in (
        "/static/vendor/leaflet/leaflet.js",
        "/static/vendor/markercluster/leaflet.markercluster.js",
        "/static/vendor/world/topojson-client.min.js",
        "/static/map.js",
    ):
        assert f'<script src="{script}" defer></script>' in html
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html


def test_the_map_script_and_world_are_served(client_as: Callable[[str], TestClient]) -> None:
    client = client_as("viewer")
    assert "chunkedLoading: true" in client.get("/static/map.js").text
    assert client.get("/static/vendor/world/countries-50m.json").status_code == 200


def test_a_long_list_of_places_is_paged(
    archive: Archive, client_as: Callable[[str], TestClient]
) -> None:
    owner = as_owner(archive).records
    for n in range(30):
        place = owner.create("place", {"name": f"Village {n:02d}"})
        owner.create("event", {"title": f"Event {n:02d}", "place": {"ref": place.id}})
    client = client_as("viewer")
    first = client.get("/map").text
    assert "Village 00" in first
    assert "Village 29" not in first
    assert "Page 1 of 2" in first
    second = client.get("/map?page=2").text
    assert "Village 29" in second
    assert "Village 00" not in second
