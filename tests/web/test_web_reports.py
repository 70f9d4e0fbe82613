"""The Reports area: choose, preview, download; an audience no higher than the user's role;
a hidden subject answered as a missing one; odd input answered in one line, never a 500."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from tests.reports.reports_support import SECRET_WORDS, World, build_world
from web_support import csrf_of

from docket.archive import Archive

Client = Callable[[str], TestClient]


@pytest.fixture
def world(archive: Archive, tmp_path: Path) -> World:
    return build_world(archive, tmp_path / "world")


def _post(client: TestClient, **form: str) -> Response:
    token = csrf_of(client.get("/reports").text)
    # The picker's text box posts as "pick.subject"; a record chosen from its list as "subject".
    data = {("pick.subject" if key == "subject" else key): value for key, value in form.items()}
    return client.post("/reports", data={"csrf_token": token, **data})


def test_the_reports_page_offers_audiences_up_to_the_users_role(client_as: Client) -> None:
    analyst = client_as("analyst").get("/reports")
    assert analyst.status_code == 200
    assert 'value="analyst"' in analyst.text and 'value="viewer"' in analyst.text
    assert 'value="editor"' not in analyst.text and 'name="reveal"' not in analyst.text
    assert 'href="/reports"' in analyst.text


def test_a_preview_shows_the_report_for_the_chosen_audience(
    world: World, client_as: Client
) -> None:
    client = client_as("editor")
    page = _post(client, kind="case", subject="Kubat Ormonov", audience="viewer", language="en")
    assert page.status_code == 200
    html = page.text
    assert 'class="report-preview"' in html and "Case file: Kubat Ormonov" in html
    assert "was arrested in Bishkek" in html and "as viewer" in html
    for word in SECRET_WORDS:
        assert word not in html
    as_editor = _post(client, kind="case", subject=f"#{world.case}", audience="editor").text
    assert "On hunger strike" in as_editor


def test_downloads_are_html_and_pdf(world: World, client_as: Client) -> None:
    client = client_as("viewer")
    html = _post(client, kind="incident", subject=f"#{world.event}", action="html")
    assert html.headers["content-type"].startswith("text/html")
    assert "Incident: Clash at the border post" in html.text
    pdf = _post(client, kind="period", start="2020-01-01", end="2023-12-31", action="pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"kind": "case", "subject": ""}, "Name the subject of the report"),
        ({"kind": "case", "subject": "#999999"}, "report.subject: no record 999999"),
        ({"kind": "poem"}, "Choose a kind of report"),
        ({"kind": "case", "subject": "Kubat Ormonov", "language": "fr"}, "Choose a language"),
        ({"kind": "case", "subject": "Kubat Ormonov", "audience": "admin"}, "your role or a lower"),
        ({"kind": "period", "start": "yesterday", "end": "2023-01-01"}, "give a day as YYYY-MM-DD"),
        ({"kind": "period", "start": "2023-01-01", "end": "2020-01-01"}, "before it starts"),
        ({"kind": "incident", "subject": "Kubat Ormonov"}, "no event is named 'Kubat Ormonov'"),
    ],
)
def test_odd_input_is_one_line_and_keeps_what_was_typed(
    world: World, client_as: Client, form: dict[str, str], message: str
) -> None:
    page = _post(client_as("analyst"), **form)
    assert page.status_code == 400
    assert message in page.text.replace("&#39;", "'")
    if form.get("subject"):
        assert f'value="{form["subject"]}"' in page.text


def test_a_subject_chosen_from_the_picker_stays_chosen(world: World, client_as: Client) -> None:
    client = client_as("viewer")
    token = csrf_of(client.get("/reports").text)
    page = client.post(
        "/reports", data={"csrf_token": token, "kind": "case", "subject": str(world.case)}
    )
    assert page.status_code == 200 and "Case file: Case of Kubat Ormonov" in page.text
    assert f'name="subject" value="{world.case}" checked' in page.text
    wrong = client.post(
        "/reports", data={"csrf_token": token, "kind": "incident", "subject": str(world.case)}
    )
    assert wrong.status_code == 400 and "must refer to a event" in wrong.text


def test_a_hidden_subject_is_answered_as_a_missing_one(world: World, client_as: Client) -> None:
    client = client_as("viewer")
    hidden = _post(client, kind="case", subject=f"#{world.hidden_person}").text
    missing = _post(client, kind="case", subject="#999999").text
    assert f"no record {world.hidden_person}" in hidden and "no record 999999" in missing
    assert "SECRETWORD" not in hidden


def test_the_workspace_never_reveals_protected_fields(world: World, client_as: Client) -> None:
    page = _post(
        client_as("admin"), kind="case", subject=f"#{world.person}", audience="admin", reveal="yes"
    )
    assert page.status_code == 200 and "Case file: Kubat Ormonov" in page.text
    assert "PROTECTEDWORD" not in page.text and "[protected]" not in page.text
