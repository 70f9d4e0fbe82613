"""The Reports area: choose, preview, download; an audience no higher than the user's role;
a hidden subject answered as a missing one; odd input answered in one line, never a 500.
Statements: the user's paragraphs with facts tied by record number, a fact added by picking its
record, previewed and downloaded with what was handed over entered in custody."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import select
from tests.reports.reports_support import SECRET_WORDS, World, build_world
from web_support import csrf_of, finished_job

from docket.archive import Archive
from docket.db.engine import reading
from docket.db.schema import custody

Client = Callable[[str], TestClient]


@pytest.fixture
def world(archive: Archive, tmp_path: Path) -> World:
    return build_world(archive, tmp_path / "world")


# The pickers' text boxes post as "pick.subject" and "pick.fact"; a record chosen from their
# lists as "subject" and "fact".
_TYPED = {"subject": "pick.subject", "fact_typed": "pick.fact"}


def _post(client: TestClient, **form: str) -> Response:
    token = csrf_of(client.get("/reports").text)
    data = {_TYPED.get(key, key): value for key, value in form.items()}
    return client.post("/reports", data={"csrf_token": token, **data})


def _statement(client: TestClient, **form: str) -> Response:
    return _post(client, kind="statement", **form)


def _file(client: TestClient, **form: str) -> Response:
    """The file of the report a form asks for: the answer is the job's page, the file is
    downloaded from it once the job has made it."""
    page = finished_job(client, _post(client, **form))
    assert "Done: the report is made." in page.text, page.text
    path = page.url.path
    assert f'href="{path}/file"' in page.text
    return client.get(f"{path}/file")


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


@pytest.mark.usefixtures("jobs_worker")
def test_downloads_are_html_and_pdf(world: World, client_as: Client) -> None:
    client = client_as("viewer")
    html = _file(client, kind="incident", subject=f"#{world.event}", action="html")
    assert html.headers["content-type"].startswith("text/html")
    assert "Incident: Clash at the border post" in html.text
    pdf = _file(client, kind="period", start="2020-01-01", end="2023-12-31", action="pdf")
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


def _words(html: str) -> str:
    """What a reader sees of the page: its text without tags, spaces as one."""
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


def _draft(world: World, opening: str) -> str:
    return (
        "# Statement on Kubat Ormonov\n\n"
        f"{opening} [[#{world.statuses[0]}]]\n\n"
        f"The authorities refused help. [[#{world.request}]]\n"
    )


def test_a_statement_is_previewed_with_its_facts_tied_into_the_users_words(
    world: World, client_as: Client
) -> None:
    page = _statement(
        client_as("editor"), draft=_draft(world, "We are alarmed."), audience="viewer"
    )
    assert page.status_code == 200, page.text
    html = page.text
    assert 'class="report-preview"' in html and "Statement on Kubat Ormonov" in html
    assert "We are alarmed. August 7, 2020 — Case status: Arrested." in _words(html)
    assert "was arrested in Bishkek" in html and "refused the request" in html
    assert f'data-record="{world.request}"' in html
    # The draft comes back as typed, so the user goes on writing it.
    assert "We are alarmed. [[#" in html


@pytest.mark.usefixtures("jobs_worker")
def test_rewording_keeps_the_ties_and_downloads_are_html_and_pdf(
    archive: Archive, world: World, client_as: Client
) -> None:
    client = client_as("analyst")
    first = _file(client, kind="statement", draft=_draft(world, "We are alarmed."), action="html")
    second = _file(
        client, kind="statement", draft=_draft(world, "His arrest was unlawful."), action="html"
    )
    assert first.headers["content-type"].startswith("text/html")
    assert "attachment" in first.headers["content-disposition"]
    for download in (first, second):
        assert download.text.count('class="fact tied') == 2
        assert "<q>was arrested in Bishkek</q>" in download.text
    assert "His arrest was unlawful. August 7, 2020" in _words(second.text)
    pdf = _file(client, kind="statement", draft=_draft(world, "We are alarmed."), action="pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    # What was handed over entered custody by its SHA-256, and the chain was signed after it.
    with reading(archive.kernel.engine) as connection:
        rows = connection.execute(
            select(custody.c.seq, custody.c.payload).where(custody.c.action == "report_rendered")
        ).all()
    named = [json.loads(row.payload)["files"] for row in rows]
    assert {"report.pdf": hashlib.sha256(pdf.content).hexdigest()} in named
    assert {"report.html": hashlib.sha256(first.content).hexdigest()} in named
    signed = archive.latest_checkpoint()
    assert signed is not None and signed.seq >= max(row.seq for row in rows)


def test_a_fact_picked_by_name_is_tied_at_the_end_of_the_draft(
    world: World, client_as: Client
) -> None:
    client = client_as("viewer")
    by_id = _statement(
        client, draft="# Title\n\nWe note this.", fact=str(world.claim), action="tie"
    )
    assert by_id.status_code == 200
    assert f"We note this. [[#{world.claim}]]" in by_id.text
    assert 'class="report-preview"' not in by_id.text  # nothing is made by tying a fact
    by_name = _statement(client, draft="", fact_typed="Kubat Ormonov", action="tie")
    assert by_name.status_code == 200 and f"[[#{world.person}]]" in by_name.text
    title_only = _statement(client, draft="# Title", fact_typed=f"#{world.claim}", action="tie")
    assert f"# Title\n\n[[#{world.claim}]]" in title_only.text


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"draft": "Only our own words."}, "the draft ties no fact"),
        ({"draft": "Gone: [[#999999]]"}, "statement paragraph 1: no record 999999"),
        ({"draft": "Words", "action": "tie"}, "Name the record whose fact to add"),
        ({"draft": "Words", "fact_typed": "#999999", "action": "tie"}, "fact: no record 999999"),
        ({"draft": "Words", "fact_typed": "Nobody Such", "action": "tie"}, "is named 'Nobody"),
        ({"draft": "[[#1]]", "language": "fr"}, "Choose a language"),
    ],
)
def test_odd_input_is_one_line_and_keeps_the_draft(
    world: World, client_as: Client, form: dict[str, str], message: str
) -> None:
    page = _statement(client_as("analyst"), **form)
    assert page.status_code == 400
    assert message in page.text.replace("&#39;", "'")
    assert form["draft"].replace("[", "") in page.text.replace("[", "")


def test_a_hidden_record_is_answered_as_a_missing_one(world: World, client_as: Client) -> None:
    client = client_as("viewer")
    for action in ("preview", "tie"):
        hidden = _statement(
            client,
            draft=f"Starved: [[#{world.secret_status}]]",
            fact_typed=f"#{world.secret_status}",
            action=action,
        )
        missing = _statement(
            client, draft="Starved: [[#999999]]", fact_typed="#999999", action=action
        )
        assert hidden.status_code == missing.status_code == 400
        error = hidden.text.split('role="alert">')[1].split("<")[0]
        other = missing.text.split('role="alert">')[1].split("<")[0]
        assert error.replace(str(world.secret_status), "N") == other.replace("999999", "N")
        for word in SECRET_WORDS:
            assert word not in hidden.text


@pytest.mark.usefixtures("jobs_worker")
def test_a_statement_for_a_lower_audience_leaves_out_what_it_may_not_see(
    world: World, client_as: Client
) -> None:
    draft = f"Our concern. [[#{world.person}]]\n\nThe case. [[#{world.case}]]"
    client = client_as("admin")
    as_viewer = _file(client, kind="statement", draft=draft, audience="viewer", action="html").text
    assert "Kubat Ormonov" in as_viewer and "PROTECTEDWORD" not in as_viewer
    assert "SECRETWORD" not in as_viewer


def test_a_statement_without_csrf_is_refused(world: World, client_as: Client) -> None:
    client = client_as("editor")
    client.get("/reports")
    page = client.post("/reports", data={"kind": "statement", "draft": f"[[#{world.claim}]]"})
    assert page.status_code in (400, 403)


def test_a_period_report_can_carry_its_estimates(world: World, client_as: Client) -> None:
    client = client_as("analyst")
    plain = _post(client, kind="period", start="2020-01-01", end="2023-12-31").text
    assert "Victims of the period" not in plain
    asked = _post(client, kind="period", start="2020-01-01", end="2023-12-31", estimates="on")
    assert asked.status_code == 200
    # The fixture's few victims cannot be estimated: the report says why, never a bare number.
    assert "Victims of the period" in asked.text and "No estimate:" in asked.text
    assert 'name="estimates" checked' in asked.text
