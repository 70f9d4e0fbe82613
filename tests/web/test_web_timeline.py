"""The timeline page: dated records over time, per role, by type and range, a page at a time."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from seed import LEVELS, MARKERS, as_owner
from web_records_support import ROLES, VISIBLE, World, build_world

from docket.archive import Archive

Client = Callable[[str], TestClient]


@pytest.fixture
def world(archive: Archive, tmp_path: Path) -> World:
    return build_world(archive, tmp_path / "world")


def _linked(html: str) -> list[int]:
    body = html.split('<ol class="timeline">')[1].split("</ol>")[0] if 'timeline">' in html else ""
    return [int(n) for n in re.findall(r'href="/records/(\d+)"', body)]


def test_the_timeline_shows_each_role_its_dated_records_in_order(
    world: World, client_as: Client
) -> None:
    for role in ROLES:
        html = client_as(role).get("/timeline").text
        shown = _linked(html)
        for level in LEVELS:
            assert (world.seeded.acts[level] in shown) == (level in VISIBLE[role]), (role, level)
            if level not in VISIBLE[role]:
                assert MARKERS[level] not in html
        # Persons and groups have no date of their own: they are not on it.
        assert world.seeded.people["public"] not in shown and world.group not in shown
        assert shown.index(world.case) < shown.index(world.statuses[1]) < shown.index(world.visit)
        hidden_item = world.seeded.items["confidential"]
        assert (f'href="/items/{hidden_item}"' in html) == ("confidential" in VISIBLE[role])


def test_filters_by_type_and_range(world: World, client_as: Client) -> None:
    client = client_as("viewer")
    interventions = _linked(client.get("/timeline", params={"type": "intervention"}).text)
    assert interventions == [world.request, world.visit]
    both = _linked(
        client.get("/timeline", params=[("type", "intervention"), ("type", "case")]).text
    )
    assert both == [world.case, world.request, world.visit]
    april = _linked(client.get("/timeline", params={"from": "2023-04", "to": "2023-04"}).text)
    assert april == [world.visit]
    autumn = _linked(client.get("/timeline", params={"from": "2022-10-01", "to": "2022"}).text)
    assert autumn == [world.statuses[1], world.cited, world.statuses[2]]
    empty = client.get("/timeline", params={"from": "1990", "to": "1991"}).text
    assert "Nothing you may see falls in this range." in empty
    wrong = client.get("/timeline", params={"from": "last spring"})
    assert wrong.status_code == 400 and "2023-04-05" in wrong.text
    backwards = client.get("/timeline", params={"from": "2023", "to": "2022"})
    assert backwards.status_code == 400 and "ends before it starts" in backwards.text


def test_an_act_without_a_date_takes_its_events(
    archive: Archive, world: World, client_as: Client
) -> None:
    owner = as_owner(archive).records
    event = owner.create("event", {"title": "Village raid", "date": "14-15 August 2022"})
    act = owner.create(
        "act",
        {"violation": "torture", "victim": {"ref": world.group}, "event": {"ref": event.id}},
    )
    undated = owner.create(
        "claim",
        {
            "claimant": {"ref": world.seeded.people["public"]},
            "statement": "the accusations are unproven",
        },
    )
    html = client_as("viewer").get("/timeline", params={"type": "act"}).text
    assert _linked(html)[0] == act.id and "14–15 Aug 2022" in html
    claims = client_as("viewer").get("/timeline", params={"type": "claim"}).text
    assert _linked(claims) == [undated.id] and "undated" in claims
    # A range leaves undated facts out: nothing says they fall inside it.
    assert undated.id not in _linked(
        client_as("viewer").get("/timeline", params={"from": "2000"}).text
    )


def test_the_timeline_is_paginated(archive: Archive, client_as: Client) -> None:
    owner = as_owner(archive).records
    owner.import_documents(
        [
            {"type": "event", "fields": {"title": f"Protest {n}", "date": f"{1950 + n}"}}
            for n in range(60)
        ],
    )
    client = client_as("viewer")
    first = client.get("/timeline").text
    assert "Page 1 of 2" in first and len(_linked(first)) == 50 and "Protest 0<" in first
    second = client.get("/timeline", params={"page": 2}).text
    assert len(_linked(second)) == 10 and "Protest 59<" in second


def test_an_empty_timeline_says_so(client_as: Client) -> None:
    html = client_as("viewer").get("/timeline").text
    assert "No dated records yet" in html


def test_dated_and_undated_records_are_counted_apart(archive: Archive, client_as: Client) -> None:
    owner = as_owner(archive).records
    speaker = owner.create("person", {"name": "Aibek Tashiev"})
    owner.import_documents(
        [
            *(
                {"type": "event", "fields": {"title": f"Rally {n}", "date": f"{1990 + n}"}}
                for n in range(6)
            ),
            *(
                {
                    "type": "claim",
                    "fields": {"claimant": {"ref": speaker.id}, "statement": f"statement {n}"},
                }
                for n in range(11)
            ),
        ],
    )
    client = client_as("viewer")
    html = client.get("/timeline").text
    assert "6 dated records, 11 undated" in html
    assert "17 dated records" not in html
    # A claim's title names who said it and how the statement starts.
    assert "Aibek Tashiev — statement 0<" in html
    russian = client.get("/timeline", headers={"Accept-Language": "ru"}).text
    assert "6 записей с датой, 11 без даты" in russian
    only_dated = client.get("/timeline", params={"from": "1990"}).text
    assert "6 dated records<" in only_dated and "undated" not in only_dated.split("<ol")[0]
    page = client.get("/api/timeline", params={"limit": 5}).json()
    assert (page["total"], page["dated"], page["undated"]) == (17, 6, 11)
    assert client.get("/api/timeline", params={"from": "1990"}).json()["undated"] == 0


def _reported_world(archive: Archive) -> dict[str, int]:
    owner = as_owner(archive).records
    return owner.import_documents(
        [
            {"type": "person", "key": "aida", "fields": {"name": "Aida Kasymalieva"}},
            {
                "type": "act",
                "key": "happened",
                "fields": {
                    "violation": "torture",
                    "date": "9 August 2022",
                    "victim": {"key": "aida"},
                },
            },
            {
                "type": "act",
                "key": "reported",
                "fields": {
                    "violation": "torture",
                    "date": "as reported on 10 August 2022",
                    "victim": {"key": "aida"},
                },
            },
            {
                "type": "act",
                "key": "inferred",
                "fields": {
                    "violation": "torture",
                    "date": {"text": "in April", "reference": "2023-06-01"},
                    "victim": {"key": "aida"},
                },
            },
            {
                "type": "act",
                "key": "undated",
                "fields": {"violation": "torture", "victim": {"key": "aida"}},
            },
        ]
    ).keys


def _entry(html: str, record_id: int) -> str:
    """The timeline entry (its <li>) that links to the record."""
    body = html.split('<ol class="timeline">')[1].split("</ol>")[0]
    return next(li for li in body.split("<li")[1:] if f'href="/records/{record_id}"' in li)


def test_reporting_dates_are_marked_and_counted_apart(archive: Archive, client_as: Client) -> None:
    keys = _reported_world(archive)
    client = client_as("viewer")
    html = client.get("/timeline").text
    assert "2 dated records, 1 dated only by when it was reported, 1 undated" in html
    reported = _entry(html, keys["reported"])
    assert reported.startswith(' class="reported"') and "as reported on 10 Aug 2022" in reported
    happened = _entry(html, keys["happened"])
    assert 'class="reported"' not in happened and "as reported" not in happened
    assert "Apr 2023 (year inferred)" in _entry(html, keys["inferred"])
    russian = client.get("/timeline", headers={"Accept-Language": "ru"}).text
    assert "2 записи с датой, 1 только с датой сообщения, 1 без даты" in russian
    assert "по сообщению от 10 авг. 2022\u202fг." in _entry(russian, keys["reported"])
    assert "апр. 2023\u202fг. (год выведен)" in _entry(russian, keys["inferred"])
    page = client.get("/api/timeline").json()
    assert (page["total"], page["dated"], page["reported"], page["undated"]) == (4, 2, 1, 1)
    marks = {m["record"]: m["reported"] for m in page["moments"]}
    assert marks[keys["reported"]] is True and marks[keys["happened"]] is False
    person = client.get(f"/api/records/{keys['aida']}/timeline").json()
    assert (person["dated"], person["reported"], person["undated"]) == (2, 1, 1)


def test_record_page_and_case_file_mark_reporting_dates_and_inferred_years(
    archive: Archive, client_as: Client
) -> None:
    keys = _reported_world(archive)
    client = client_as("viewer")
    assert "as reported on 10 Aug 2022" in client.get(f"/records/{keys['reported']}").text
    assert "Apr 2023 (year inferred)" in client.get(f"/records/{keys['inferred']}").text
    russian = client.get(f"/records/{keys['reported']}", headers={"Accept-Language": "ru"}).text
    assert "по сообщению от 10 авг. 2022\u202fг." in russian
    case_file = client.get(f"/records/{keys['aida']}/case").text
    assert "as reported on 10 Aug 2022" in case_file
    assert "Apr 2023 (year inferred)" in case_file
    timeline = case_file.split('id="timeline"')[1]
    assert _entry(timeline, keys["reported"]).startswith(' class="reported"')
    acts = case_file.split('id="timeline"')[0]
    assert re.search(
        rf'<tr class="reported">\s*<td>[^<]*(?:<time[^>]*>)?as reported on 10 Aug 2022'
        rf'.*?href="/records/{keys["reported"]}"',
        acts,
        re.S,
    )
