"""The read helpers behind the records pages: listing, chronology, case files, visible history."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from web_records_support import World, build_world

from docket.archive import Archive
from docket.errors import InvalidDate
from docket.records import InvalidCitation, InvalidRecord, Viewer
from docket.records.casefile import case_file
from docket.records.chronology import chronology, day_bound, moments
from docket.records.listing import find_records

OWNER = Viewer.owner("owner")
VIEWER = Viewer.as_role("viewer", "reader")
EDITOR = Viewer.as_role("editor", "documenter")


@pytest.fixture
def world(archive: Archive, tmp_path: Path) -> World:
    return build_world(archive, tmp_path / "world")


def test_find_records_filters_pages_and_folds_names(archive: Archive, world: World) -> None:
    store = archive.records
    people = find_records(store, VIEWER, type_name="person")
    assert [v.id for v in people.records] == [world.witness, world.seeded.people["public"]]
    assert people.total == 2
    everyone = find_records(store, OWNER, type_name="person", limit=2, offset=1)
    assert everyone.total == 4 and len(everyone.records) == 2
    for query in ("Атамбаевдин", "atambaev", "ATAMBAYEV almaz", str(world.seeded.people["public"])):
        found = find_records(store, VIEWER, type_name="person", text=query)
        assert [v.id for v in found.records] == [world.seeded.people["public"]], query
    assert find_records(store, VIEWER, text="Nurlanova").total == 0
    assert find_records(store, OWNER, text="Nurlanova").total == 3  # person and two acts
    store.retract(world.visit, "duplicate", OWNER, expected_version=1)
    assert world.visit not in {v.id for v in find_records(store, VIEWER).records}
    listed = find_records(store, VIEWER, type_name="intervention", include_retracted=True)
    assert world.visit in {v.id for v in listed.records}
    with pytest.raises(Exception, match="spaceship"):
        find_records(store, VIEWER, type_name="spaceship")


def test_chronology_orders_filters_and_dates_acts_by_their_event(
    archive: Archive, world: World
) -> None:
    store = archive.records
    event = store.create("event", {"title": "Raid", "date": "14-15 August 2022"}, OWNER)
    act = store.create(
        "act",
        {"violation": "torture", "victim": {"ref": world.group}, "event": {"ref": event.id}},
        OWNER,
    )
    claim = store.create(
        "claim",
        {"claimant": {"ref": world.seeded.people["public"]}, "statement": "unproven"},
        OWNER,
    )
    dated = chronology(store, VIEWER)
    ids = [d.record_id for d in dated]
    assert ids[-1] == claim.id and dated[-1].date is None
    assert ids.index(world.case) < ids.index(event.id) <= ids.index(act.id) < ids.index(world.visit)
    assert world.seeded.acts["confidential"] not in ids
    assert world.seeded.acts["confidential"] in [d.record_id for d in chronology(store, OWNER)]
    acts = chronology(
        store, VIEWER, type_names=("act",), start=date(2022, 8, 15), end=date(2022, 8, 31)
    )
    assert [d.record_id for d in acts] == [act.id]
    shown = moments(store, VIEWER, acts)
    assert str(shown[0].date) == "14–15 Aug 2022" and shown[0].record.id == act.id
    assert day_bound("2023", ending=False) == date(2023, 1, 1)
    assert day_bound("2023-02", ending=True) == date(2023, 2, 28)
    assert day_bound("2024-12", ending=True) == date(2024, 12, 31)
    assert day_bound("2023-04-05", ending=True) == date(2023, 4, 5)
    for wrong in ("April", "2023-13", "2023-02-30", "23-04"):
        with pytest.raises(InvalidDate):
            day_bound(wrong, ending=False)


def test_case_file_gathers_and_classifies(archive: Archive, world: World) -> None:
    store = archive.records
    person = world.seeded.people["public"]
    member = store.edit(world.group, {"add": {"members": {"ref": person}}}, 1, "listed", OWNER)
    group_case = store.create("case", {"subject": {"ref": world.group}}, OWNER)
    found = case_file(store, person, VIEWER)
    assert [g.id for g in found.groups] == [member.id]
    assert [f.view.id for f in found.cases] == [world.case, group_case.id]
    assert [f.view.id for f in found.statuses] == world.statuses
    assert [f.view.id for f in found.health] == [world.statuses[1], world.request]
    assert [f.view.id for f in found.requests] == [world.request]
    assert [f.view.id for f in found.interventions] == [world.request, world.visit]
    assert {f.view.id for f in found.acts} == {world.seeded.acts["public"], world.mixed_act}
    assert dict(found.sources) == {world.seeded.items["public"]: 3}
    by_case = case_file(store, world.case, VIEWER)
    assert [p.id for p in by_case.people] == [person]
    with pytest.raises(InvalidRecord, match="case files are kept for people"):
        case_file(store, world.visit, VIEWER)


def test_history_leaves_out_hidden_records_and_items(archive: Archive, world: World) -> None:
    store = archive.records
    secret = world.seeded.people["confidential"]
    shown = store.history(world.mixed_act, VIEWER)
    victims = [v["value"] for v in shown[0].change["fields"]["victim"]["new"]]
    assert victims == [{"ref": world.seeded.people["public"]}]
    editor_sees = store.history(world.mixed_act, EDITOR)[0].change["fields"]["victim"]["new"]
    assert {"ref": secret} in [v["value"] for v in editor_sees]
    cited = store.history(world.cited, VIEWER)[0].change["fields"]["description"]["new"]
    assert [c["item"] for c in cited[0]["citations"]] == [world.seeded.items["public"]]
    # Someone cleared for every level sees both sources the version was written with.
    everything = store.history(world.cited, OWNER)[0].change["fields"]["description"]["new"]
    assert len(everything[0]["citations"]) == 2


def test_ids_beyond_the_database_name_nothing(archive: Archive, world: World) -> None:
    store = archive.records
    with pytest.raises(InvalidRecord, match="no record 4294967296"):
        store.create("act", {"violation": "torture", "victim": 4294967296}, OWNER)
    with pytest.raises(InvalidCitation, match="item must be an item id"):
        store.create(
            "place",
            {"name": {"value": "Osh", "citations": [{"item": 2**40, "quote": "Osh"}]}},
            OWNER,
        )
