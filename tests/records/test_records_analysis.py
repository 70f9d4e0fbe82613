"""Timelines, acts by victim or perpetrator, cases by status, and counts of people."""

from __future__ import annotations

from typing import Any

from docket.archive import Archive
from docket.model.access import Viewer
from docket.model.dates import UncertainDate
from docket.records import RecordStore
from docket.records.stats import month_of


def build(store: RecordStore) -> dict[str, int]:
    documents: list[dict[str, Any]] = [
        {"type": "person", "key": "ulan", "fields": {"name": "Ulan Atambaev"}},
        {"type": "person", "key": "kubat", "fields": {"name": "Kubat Zhunushaliev"}},
        {"type": "person", "key": "nurdin", "fields": {"name": "Nurdin Sabyrov"}},
        {"type": "place", "key": "village", "fields": {"name": "Tash-Bulung", "kind": "village"}},
        {"type": "group", "key": "villagers", "fields": {
            "description": "villagers", "size": "about 1,700", "members": [{"key": "nurdin"}]}},
        {"type": "event", "key": "operation", "fields": {
            "title": "Operation", "date": "14-15 August 2022", "place": {"key": "village"}}},
        {"type": "act", "key": "firearms", "fields": {
            "violation": "use_of_firearms", "event": {"key": "operation"},
            "victim": [{"key": "villagers"}, {"key": "nurdin"}]}},
        {"type": "act", "key": "killing", "fields": {
            "violation": "killing", "event": {"key": "operation"}, "date": "16 August 2022",
            "victim": {"key": "nurdin"}}},
        {"type": "involvement", "fields": {
            "act": {"key": "firearms"}, "perpetrator": {"key": "kubat"}, "degree": "ordered"}},
        {"type": "case", "key": "case", "fields": {"subject": {"key": "ulan"},
                                                   "opened": "15 August 2022"}},
        {"type": "case_status", "fields": {"case": {"key": "case"}, "status": "hospitalised",
                                           "date": "September 2023"}},
        {"type": "case_status", "fields": {"case": {"key": "case"},
                                           "status": "returned_to_prison",
                                           "date": "19 October 2023"}},
        {"type": "case_status", "fields": {"case": {"key": "case"}, "status": "arrested",
                                           "date": "15 August 2022"}},
        {"type": "case", "key": "other", "fields": {"subject": {"key": "kubat"}}},
    ]  # fmt: skip
    return store.import_documents(documents).keys


def test_timeline_of_a_person_follows_cases_and_involvements(
    archive: Archive, owner: Viewer
) -> None:
    keys = build(archive.as_viewer(owner).records)
    moments = archive.as_viewer(owner).timeline(keys["ulan"])
    assert [(m.date.canonical() if m.date else None, m.record.type.name) for m in moments] == [
        ("2022-08-15", "case"),
        ("2022-08-15", "case_status"),
        ("2023-09", "case_status"),
        ("2023-10-19", "case_status"),
    ]
    assert "Returned to prison" in moments[-1].summary
    perpetrator = archive.as_viewer(owner).timeline(keys["kubat"])
    assert [(m.record.id, m.relation) for m in perpetrator if m.record.type.name == "act"] == [
        (keys["firearms"], f"Perpetrator (through involvement #{keys['firearms'] + 2})")
    ]
    event = archive.as_viewer(owner).timeline(keys["operation"])
    assert [m.record.id for m in event] == [keys["operation"], keys["firearms"], keys["killing"]]
    assert event[1].date == event[0].date  # an act without a date takes its event's


def test_acts_by_victim_and_perpetrator(archive: Archive, owner: Viewer) -> None:
    keys = build(archive.as_viewer(owner).records)
    against = archive.as_viewer(owner).acts_against(keys["nurdin"])
    assert [row["act"] for row in against] == [keys["firearms"], keys["killing"]]
    assert against[0]["place_name"] == "Tash-Bulung"
    assert against[0]["perpetrators"] == [
        {"id": keys["kubat"], "name": "Kubat Zhunushaliev", "degree": "ordered"}
    ]
    by = archive.as_viewer(owner).acts_by(keys["kubat"])
    assert [(row["violation"], row["date"]) for row in by] == [
        ("use_of_firearms", "2022-08-14/2022-08-15")
    ]


def test_cases_by_current_status(archive: Archive, owner: Viewer) -> None:
    keys = build(archive.as_viewer(owner).records)
    rows = archive.as_viewer(owner).cases_by_status()
    assert [(r["status"], r["case_ids"]) for r in rows] == [
        ("returned_to_prison", [keys["case"]]),
        ("unknown", [keys["other"]]),
    ]


def test_counts_are_of_people_not_mentions(archive: Archive, owner: Viewer) -> None:
    build(archive.as_viewer(owner).records)
    rows = {(r["violation"], r["month"]): r for r in archive.as_viewer(owner).counts()}
    firearms = rows[("use_of_firearms", "2022-08")]
    # Nurdin is named and a member of the villagers: counted once, inside the group.
    assert (firearms["people"], firearms["qualifier"], firearms["named_persons"]) == (
        1700, "about", 0,
    )  # fmt: skip
    assert firearms["people_label"] == "about 1,700"
    assert firearms["place_name"] == "Tash-Bulung"
    killing = rows[("killing", "2022-08")]
    assert (killing["people"], killing["qualifier"], killing["acts"]) == (1, "exactly", 1)


def test_month_of_uncertain_dates() -> None:
    assert month_of(UncertainDate.parse("14-15 August 2022")) == "2022-08"
    assert month_of(UncertainDate.parse("2022")) == "2022"
    assert month_of(UncertainDate.parse("2021/2022")) == "unknown"
    assert month_of(None) == "unknown"


def test_involvement_and_claim_titles_name_every_party(archive: Archive, owner: Viewer) -> None:
    store = archive.as_viewer(owner).records
    keys = build(store)
    (involvement,) = store.list_records(type_name="involvement")
    assert involvement.title == "Kubat Zhunushaliev — ordered — use of firearms"
    claim = store.create(
        "claim",
        {
            "claimant": {"ref": keys["kubat"]},
            "statement": "The villagers attacked the police first and the officers only "
            "defended themselves against the crowd",
        },
    )
    title = store.get(claim.id).title
    assert title.startswith("Kubat Zhunushaliev — The villagers attacked the police first")
    assert title.endswith("…") and len(title) < 90 and "crowd" not in title
    # Other types keep naming themselves by their first title field.
    assert store.get(keys["ulan"]).title == "Ulan Atambaev"
    # The JSON form and the timeline say the same.
    assert store.get(involvement.id).to_json()["title"] == involvement.title


def test_every_act_without_a_filter(archive: Archive, owner: Viewer) -> None:
    keys = build(archive.as_viewer(owner).records)
    door = archive.as_viewer(owner)
    rows = door.all_acts()
    assert [row["act"] for row in rows] == [keys["firearms"], keys["killing"]]
    assert rows[0].keys() == door.acts_against(keys["nurdin"])[0].keys()
    assert rows[0]["perpetrators"] == [
        {"id": keys["kubat"], "name": "Kubat Zhunushaliev", "degree": "ordered"}
    ]
    store = door.records
    store.edit(keys["killing"], {"confidentiality": "confidential"}, 1, "source at risk")
    seen = archive.as_viewer(Viewer.as_role("viewer")).all_acts()
    assert [row["act"] for row in seen] == [keys["firearms"]]


def test_a_group_without_a_size_is_an_unknown_number(archive: Archive, owner: Viewer) -> None:
    store = archive.as_viewer(owner).records
    documents: list[dict[str, Any]] = [
        {"type": "person", "key": "aida", "fields": {"name": "Aida Kasymova"}},
        {"type": "group", "key": "crowd", "fields": {"description": "protesters"}},
        {"type": "act", "fields": {"violation": "killing", "date": "3 March 2021",
                                   "victim": [{"key": "crowd"}]}},
        {"type": "act", "fields": {"violation": "torture", "date": "3 March 2021",
                                   "victim": [{"key": "crowd"}, {"key": "aida"}]}},
    ]  # fmt: skip
    store.import_documents(documents)
    rows = {r["violation"]: r for r in archive.as_viewer(owner).counts()}
    alone = rows["killing"]
    assert (alone["people"], alone["qualifier"], alone["people_label"]) == (
        None, "unknown", "unknown number",
    )  # fmt: skip
    assert (alone["people_known"], alone["people_high"], alone["groups_without_size"]) == (
        0,
        None,
        1,
    )
    with_named = rows["torture"]
    assert with_named["people"] is None and with_named["people_known"] == 1
    assert with_named["people_label"] == "1 and an unknown number"
