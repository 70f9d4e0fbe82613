"""The reads behind the records pages, through the door: listing, chronology, case files and
visible history."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from web_records_support import World, build_world

from docket.archive import Archive
from docket.door import Door
from docket.errors import InvalidDate
from docket.face import InvalidCitation, InvalidRecord, day_bound
from docket.model.access import Viewer


def _owner(archive: Archive) -> Door:
    return archive.as_viewer(Viewer.owner("owner"))


def _viewer(archive: Archive) -> Door:
    return archive.as_viewer(Viewer.as_role("viewer", "reader"))


def _editor(archive: Archive) -> Door:
    return archive.as_viewer(Viewer.as_role("editor", "documenter"))


@pytest.fixture
def world(archive: Archive, tmp_path: Path) -> World:
    return build_world(archive, tmp_path / "world")


def test_find_records_filters_pages_and_folds_names(archive: Archive, world: World) -> None:
    owner, viewer = _owner(archive), _viewer(archive)
    people = viewer.find_records(type_name="person")
    assert [v.id for v in people.records] == [world.witness, world.seeded.people["public"]]
    assert people.total == 2
    everyone = owner.find_records(type_name="person", limit=2, offset=1)
    assert everyone.total == 4 and len(everyone.records) == 2
    for query in ("Атамбаевдин", "atambaev", "ATAMBAYEV almaz", str(world.seeded.people["public"])):
        found = viewer.find_records(type_name="person", text=query)
        assert [v.id for v in found.records] == [world.seeded.people["public"]], query
    assert viewer.find_records(text="Nurlanova").total == 0
    assert owner.find_records(text="Nurlanova").total == 3  # person and two acts
    owner.records.retract(world.visit, "duplicate", expected_version=1)
    assert world.visit not in {v.id for v in viewer.find_records().records}
    listed = viewer.find_records(type_name="intervention", include_retracted=True)
    assert world.visit in {v.id for v in listed.records}
    with pytest.raises(Exception, match="spaceship"):
        viewer.find_records(type_name="spaceship")


def test_chronology_orders_filters_and_dates_acts_by_their_event(
    archive: Archive, world: World
) -> None:
    owner, viewer = _owner(archive), _viewer(archive)
    store = owner.records
    event = store.create("event", {"title": "Raid", "date": "14-15 August 2022"})
    act = store.create(
        "act",
        {"violation": "torture", "victim": {"ref": world.group}, "event": {"ref": event.id}},
    )
    claim = store.create(
        "claim",
        {"claimant": {"ref": world.seeded.people["public"]}, "statement": "unproven"},
    )
    dated = viewer.chronology()
    ids = [d.record_id for d in dated]
    assert ids[-1] == claim.id and dated[-1].date is None
    assert ids.index(world.case) < ids.index(event.id) <= ids.index(act.id) < ids.index(world.visit)
    assert world.seeded.acts["confidential"] not in ids
    assert world.seeded.acts["confidential"] in [d.record_id for d in owner.chronology()]
    acts = viewer.chronology(type_names=("act",), start=date(2022, 8, 15), end=date(2022, 8, 31))
    assert [d.record_id for d in acts] == [act.id]
    shown = viewer.moments(acts)
    assert str(shown[0].date) == "14–15 Aug 2022" and shown[0].record.id == act.id
    assert day_bound("2023", ending=False) == date(2023, 1, 1)
    assert day_bound("2023-02", ending=True) == date(2023, 2, 28)
    assert day_bound("2024-12", ending=True) == date(2024, 12, 31)
    assert day_bound("2023-04-05", ending=True) == date(2023, 4, 5)
    for wrong in ("April", "2023-13", "2023-02-30", "23-04"):
        with pytest.raises(InvalidDate):
            day_bound(wrong, ending=False)


def test_case_file_gathers_and_classifies(archive: Archive, world: World) -> None:
    store, viewer = _owner(archive).records, _viewer(archive)
    person = world.seeded.people["public"]
    member = store.edit(world.group, {"add": {"members": {"ref": person}}}, 1, "listed")
    group_case = store.create("case", {"subject": {"ref": world.group}})
    found = viewer.case_file(person)
    assert [g.id for g in found.groups] == [member.id]
    assert [f.view.id for f in found.cases] == [world.case, group_case.id]
    assert [f.view.id for f in found.statuses] == world.statuses
    assert [f.view.id for f in found.health] == [world.statuses[1], world.request]
    assert [f.view.id for f in found.requests] == [world.request]
    assert [f.view.id for f in found.interventions] == [world.request, world.visit]
    assert {f.view.id for f in found.acts} == {world.seeded.acts["public"], world.mixed_act}
    assert dict(found.sources) == {world.seeded.items["public"]: 3}
    by_case = viewer.case_file(world.case)
    assert [p.id for p in by_case.people] == [person]
    with pytest.raises(InvalidRecord, match="case files are kept for people"):
        viewer.case_file(world.visit)


def test_history_leaves_out_hidden_records_and_items(archive: Archive, world: World) -> None:
    viewer = _viewer(archive).records
    secret = world.seeded.people["confidential"]
    shown = viewer.history(world.mixed_act)
    victims = [v["value"] for v in shown[0].change["fields"]["victim"]["new"]]
    assert victims == [{"ref": world.seeded.people["public"]}]
    editor = _editor(archive).records
    editor_sees = editor.history(world.mixed_act)[0].change["fields"]["victim"]["new"]
    assert {"ref": secret} in [v["value"] for v in editor_sees]
    cited = viewer.history(world.cited)[0].change["fields"]["description"]["new"]
    assert [c["item"] for c in cited[0]["citations"]] == [world.seeded.items["public"]]
    # Someone cleared for every level sees both sources the version was written with.
    owner = _owner(archive).records
    everything = owner.history(world.cited)[0].change["fields"]["description"]["new"]
    assert len(everything[0]["citations"]) == 2


def test_ids_beyond_the_database_name_nothing(archive: Archive, world: World) -> None:
    store = _owner(archive).records
    with pytest.raises(InvalidRecord, match="no record 4294967296"):
        store.create("act", {"violation": "torture", "victim": 4294967296})
    with pytest.raises(InvalidCitation, match="item must be an item id"):
        store.create(
            "place",
            {"name": {"value": "Osh", "citations": [{"item": 2**40, "quote": "Osh"}]}},
        )
