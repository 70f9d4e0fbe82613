"""The case file of a detained person: course of the case, health, requests, sources."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from seed import as_owner
from web_records_support import World, build_world, views_logged

from docket.archive import Archive

Client = Callable[[str], TestClient]


@pytest.fixture
def world(archive: Archive, tmp_path: Path) -> World:
    return build_world(archive, tmp_path / "world")


def _section(html: str, anchor: str) -> str:
    return html.split(f'<h2 id="{anchor}">')[1].split("</section>")[0]


def test_the_case_file_of_a_person_gathers_their_case(world: World, client_as: Client) -> None:
    person = world.seeded.people["public"]
    page = client_as("viewer").get(f"/records/{person}/case")
    assert page.status_code == 200
    html = page.text
    assert "Case file: Almazbek Atambayev" in html
    assert f'href="/records/{world.case}"' in _section(html, "cases")
    statuses = _section(html, "statuses")
    order = [statuses.index(f'href="/records/{s}"') for s in world.statuses]
    assert order == sorted(order)
    assert "Arrested" in statuses and "Returned to prison" in statuses
    health = _section(html, "health")
    assert "Hospitalised" in health and "Request for medical care" in health
    assert "Arrested" not in health
    requests = _section(html, "requests")
    assert f'href="/records/{world.request}"' in requests and "Refused" in requests
    assert f'href="/records/{world.visit}"' not in requests
    interventions = _section(html, "interventions")
    assert f'href="/records/{world.visit}"' in interventions
    assert "Council of Parties" in interventions
    acts = _section(html, "acts")
    assert f'href="/records/{world.mixed_act}"' in acts
    assert f'href="/records/{world.seeded.acts["public"]}"' in acts
    timeline = _section(html, "timeline")
    assert timeline.index("7 Aug 2020") < timeline.index("15 Apr 2023")
    sources = _section(html, "sources")
    assert f'href="/items/{world.seeded.items["public"]}"' in sources
    # A case's own file names the person it is about.
    case = client_as("viewer").get(f"/records/{world.case}/case").text
    assert f'href="/records/{person}"' in _section(case, "people")
    assert f'href="/records/{world.statuses[1]}"' in _section(case, "statuses")


def test_an_empty_case_file_says_so(world: World, client_as: Client) -> None:
    html = client_as("viewer").get(f"/records/{world.witness}/case").text
    assert "No case is recorded." in html
    assert "No status of a case is recorded yet." in html
    assert "Nothing is recorded about health." in html
    assert "No request or appeal is recorded." in html
    assert "No intervention is recorded." in html
    assert "No violation against them is recorded." in html
    assert "No source is cited in this file." in html


def test_a_case_file_leaves_out_what_the_role_may_not_see(
    archive: Archive, world: World, client_as: Client
) -> None:
    secret = as_owner(archive).records.create(
        "case_status",
        {"case": {"ref": world.case}, "status": "hunger_strike", "date": "2023-05-01"},
        confidentiality="confidential",
    )
    viewer = client_as("viewer").get(f"/records/{world.case}/case").text
    assert f'href="/records/{secret.id}"' not in viewer and "Hunger strike" not in viewer
    assert f'href="/records/{world.seeded.people["confidential"]}"' not in viewer
    editor = client_as("editor").get(f"/records/{world.case}/case").text
    assert f'href="/records/{secret.id}"' in _section(editor, "health")
    # The file of a confidential person is a viewing of that record.
    hidden = world.seeded.people["confidential"]
    assert client_as("analyst").get(f"/records/{hidden}/case").status_code == 404
    assert client_as("editor").get(f"/records/{hidden}/case").status_code == 200
    assert views_logged(archive, hidden) == ["editor-user"]


def test_long_sections_are_paginated(archive: Archive, world: World, client_as: Client) -> None:
    as_owner(archive).records.import_documents(
        [
            {
                "type": "case_status",
                "fields": {
                    "case": {"ref": world.case},
                    "status": "transferred",
                    "date": f"2021-{month:02d}-{day:02d}",
                },
            }
            for month in range(1, 12)
            for day in (3, 17)
        ]
    )
    client = client_as("viewer")
    first = _section(client.get(f"/records/{world.case}/case").text, "statuses")
    assert "Page 1 of 2" in first and first.count("<tr>") == 21
    second = client.get(f"/records/{world.case}/case", params={"statuses_page": 2}).text
    assert _section(second, "statuses").count("<tr>") == 1 + 5
