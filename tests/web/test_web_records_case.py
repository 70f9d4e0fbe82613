"""The case file of a detained person: course of the case, health, requests, sources."""

from __future__ import annotations

import re
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


def test_each_quote_is_shown_with_its_source(
    archive: Archive, world: World, client_as: Client, tmp_path: Path
) -> None:
    from docket.face import Provenance

    owner = as_owner(archive)
    statement = tmp_path / "statement.txt"
    statement.write_text("He was taken to the clinic under guard on 27 November.\n")
    provenance = Provenance(title="Statement of the lawyer (Madrid)", published="2022-11-27")
    (result,) = owner.items.ingest([statement], provenance)
    assert result.id is not None
    item = owner.items.get(result.id)
    person = world.seeded.people["public"]
    owner.records.create(
        "case_status",
        {
            "case": {"ref": world.case},
            "status": "hospitalised",
            "date": {
                "value": "2022-11-27",
                "citations": [{"item": result.id, "quote": "taken to the clinic under guard"}],
            },
        },
    )
    html = client_as("viewer").get(f"/records/{person}/case").text
    statuses = _section(html, "statuses")
    assert "<q>taken to the clinic under guard</q>" in statuses
    quote = statuses.split("<q>taken to the clinic under guard</q>")[1].split("</li>")[0]
    assert "<cite>Statement of the lawyer (Madrid)</cite>, Nov 27, 2022," in quote
    assert f'href="/items/{result.id}">Item {result.id}</a>' in quote
    assert f"SHA-256 {item['sha256'][:12]}" in quote
    # The moment on the timeline carries the same quote and source.
    assert "<q>taken to the clinic under guard</q>" in _section(html, "timeline")
    # As read (tags away): no words run together.
    sources = " ".join(re.sub(r"<[^>]+>", "", _section(html, "sources")).split())
    assert f"Item {result.id}: Statement of the lawyer (Madrid) · Nov 27, 2022 · 1 citations" in (
        sources
    )
    # An item the viewer may not see gives neither its words nor its title.
    assert "SECRETWORD" not in html
