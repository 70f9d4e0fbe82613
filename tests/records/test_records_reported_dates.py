"""Dates a source reported a fact on, kept apart from when it happened, and inferred years shown
as such, wherever records are stored, counted, placed in time or exported."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Any

import pytest

from docket.archive import Archive
from docket.errors import DocketError
from docket.model.access import Viewer
from docket.model.dates import UncertainDate
from docket.records import RecordStore


def build(store: RecordStore) -> dict[str, int]:
    documents: list[dict[str, Any]] = [
        {"type": "person", "key": "aida", "fields": {"name": "Aida Kasymalieva"}},
        {"type": "place", "key": "bishkek", "fields": {"name": "Bishkek", "kind": "city"}},
        {"type": "act", "key": "happened", "fields": {
            "violation": "arbitrary_detention", "date": "10 August 2022",
            "place": {"key": "bishkek"}, "victim": {"key": "aida"}}},
        {"type": "act", "key": "reported", "fields": {
            "violation": "arbitrary_detention", "date": "as reported on 10 August 2022",
            "place": {"key": "bishkek"}, "victim": {"key": "aida"}}},
        {"type": "act", "key": "russian", "fields": {
            "violation": "torture", "date": "по сообщению от 12 августа 2022",
            "victim": {"key": "aida"}}},
        {"type": "act", "key": "inferred", "fields": {
            "violation": "torture", "date": {"text": "in April", "reference": "2023-06-01"},
            "victim": {"key": "aida"}}},
        {"type": "act", "key": "undated", "fields": {
            "violation": "torture", "victim": {"key": "aida"}}},
    ]  # fmt: skip
    return store.import_documents(documents).keys


def test_typed_reporting_dates_are_stored_with_their_flag(archive: Archive, owner: Viewer) -> None:
    store = archive.as_viewer(owner).records
    keys = build(store)
    stored = {key: store.get(keys[key]).first("date") for key in keys if key != "aida"}
    assert stored["reported"]["reported"] is True
    assert stored["russian"]["reported"] is True
    assert "reported" not in stored["happened"]  # event dates are stored as before
    assert UncertainDate.from_json(stored["reported"]) == UncertainDate.as_reported(
        date(2022, 8, 10)
    )
    assert UncertainDate.from_json(stored["inferred"]).year_inferred
    assert store.get(keys["reported"]).text("date") == "as reported on 10 Aug 2022"
    assert store.get(keys["inferred"]).text("date") == "Apr 2023 (year inferred)"


def test_a_reporting_date_that_is_no_date_is_refused(archive: Archive, owner: Viewer) -> None:
    store = archive.as_viewer(owner).records
    with pytest.raises(DocketError, match="date") as caught:
        store.create("act", {"violation": "torture", "date": "as reported on"})
    assert "\n" not in str(caught.value)
    assert store.views(type_names=["act"]) == []


def test_timelines_count_reporting_dates_apart(archive: Archive, owner: Viewer) -> None:
    door = archive.as_viewer(owner)
    keys = build(door.records)
    dated = door.chronology(type_names=("act",))
    counted = door.date_tally(dated)
    assert (counted.dated, counted.reported, counted.undated) == (2, 2, 1)
    assert counted.total == 5
    moments = {m.record.id: m.to_json() for m in door.timeline(keys["aida"])}
    assert moments[keys["reported"]]["reported"] is True
    assert moments[keys["reported"]]["date_label"] == "as reported on 10 Aug 2022"
    assert moments[keys["reported"]]["date"] == "reported:2022-08-10"
    assert moments[keys["happened"]]["reported"] is False
    assert moments[keys["inferred"]]["date_label"] == "Apr 2023 (year inferred)"


def test_stats_tally_reporting_dates_in_rows_of_their_own(archive: Archive, owner: Viewer) -> None:
    door = archive.as_viewer(owner)
    keys = build(door.records)
    rows = [
        (r["violation"], r["month"], r["reported"], r["acts"])
        for r in door.counts()
        if r["violation"] == "arbitrary_detention"
    ]
    assert rows == [
        ("arbitrary_detention", "2022-08", False, 1),
        ("arbitrary_detention", "2022-08", True, 1),
    ]
    against = {row["act"]: row for row in door.acts_against(keys["aida"])}
    assert against[keys["reported"]]["reported"] is True
    assert against[keys["reported"]]["date_label"] == "as reported on 10 Aug 2022"
    assert against[keys["happened"]]["reported"] is False
    assert against[keys["inferred"]]["date_label"] == "Apr 2023 (year inferred)"


def test_exports_carry_the_flags(archive: Archive, owner: Viewer) -> None:
    door = archive.as_viewer(owner)
    keys = build(door.records)
    out = io.StringIO()
    door.export_records(out, fmt="csv", type_name="act")
    rows = [row for row in csv.DictReader(io.StringIO(out.getvalue())) if row["field"] == "date"]
    by_record = {int(row["record"]): row for row in rows}
    reported = by_record[keys["reported"]]
    assert reported["value"] == "as reported on 10 Aug 2022"
    assert json.loads(reported["value_json"])["reported"] is True
    assert by_record[keys["inferred"]]["value"] == "Apr 2023 (year inferred)"

    out = io.StringIO()
    door.export_records(out, fmt="jsonl", type_name="act")
    lines = {json.loads(line)["id"]: json.loads(line) for line in out.getvalue().splitlines()}
    (date_value,) = lines[keys["reported"]]["fields"]["date"]
    assert date_value["value"]["reported"] is True


def test_ftm_keeps_a_reporting_date_out_of_the_event_dates(archive: Archive, owner: Viewer) -> None:
    from followthemoney import model

    door = archive.as_viewer(owner)
    build(door.records)
    out = io.StringIO()
    door.export_records(out, fmt="ftm", type_name="act")
    proxies = [model.get_proxy(json.loads(line)) for line in out.getvalue().splitlines()]
    dated = {tuple(p.get("date")): p for p in proxies if p.get("date")}
    assert ("2022-08-10",) in dated
    noted = [p for p in proxies if any("As reported on" in n for n in p.get("notes"))]
    assert len(noted) == 2
    assert all(not p.get("date") for p in noted)
    assert any("2022-08-10" in n for p in noted for n in p.get("notes"))
