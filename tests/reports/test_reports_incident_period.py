"""Incident and period reports: an event told with its acts, victims, perpetrators, places and
response; a period told in counts with a chart and its notable cases; both as one audience."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from reports_support import World, pdf_text
from typer.testing import CliRunner

from docket.archive import Archive
from docket.cli.app import app
from docket.model.access import Viewer
from docket.reports import render_html


def _run(args: list[str], env: dict[str, str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, args, env=env)
    return result.exit_code, result.stdout, result.stderr


def test_an_incident_report_tells_the_event_as_the_audience_may_see_it(
    world: World, cli_env: dict[str, str], tmp_path: Path
) -> None:
    full, partner = tmp_path / "full.pdf", tmp_path / "partner.pdf"
    assert _run(["report", "incident", str(world.event), "-o", str(full)], cli_env)[0] == 0
    code, _, stderr = _run(
        ["report", "incident", str(world.event), "-o", str(partner), "--as-role", "viewer"],
        cli_env,
    )
    assert code == 0, stderr
    everything, shown = pdf_text(full), pdf_text(partner)
    assert "Incident: Clash at the border post" in shown
    assert "March 2, 2021 — Event: Clash at the border post" in shown
    assert "Arbitrary detention" in shown
    assert "border detainees" in shown and "Groups: border detainees (at least 22" in shown
    assert "Prosecutor Asanov — ordered" in shown
    assert "Kara-Suu border post" in shown
    assert "Response: Refused" in shown and "“refused the request”" in shown
    # The hidden victim is named and counted for those who may see them, and only for them.
    assert "People named: 2" in everything and "SECRETWORD Hidden Person" in everything
    assert "People named: 1" in shown and "SECRETWORD" not in shown


def test_an_incident_report_is_made_on_an_event(
    world: World, cli_env: dict[str, str], tmp_path: Path
) -> None:
    code, _, stderr = _run(
        ["report", "incident", str(world.person), "-o", str(tmp_path / "x.html")], cli_env
    )
    assert code == 2 and "incident reports are made on events" in stderr


def test_a_period_report_counts_and_charts_what_the_audience_may_see(
    archive: Archive, world: World, cli_env: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "period.pdf"
    code, _, stderr = _run(
        ["report", "period", "--from", "2020-01-01", "--to", "2023-12-31", "-o", str(out)],
        cli_env,
    )
    assert code == 0, stderr
    text = pdf_text(out)
    assert "Violations by month and place" in text and "Torture 2020-08" in text
    assert "Arbitrary detention 2021-03" in text
    assert "Notable cases" in text and "Case of Kubat Ormonov" in text
    # Where it counts people it says they are records, not people linked into one.
    assert "People affected counts records, not people: not linked." in text
    viewer = archive.as_viewer(Viewer.as_role("viewer", "partner"))
    report = viewer.period_report(date(2020, 1, 1), date(2023, 12, 31))
    html = render_html(report)
    assert "<svg" in html and "Violations by month and place" in html
    russian = render_html(viewer.period_report(date(2020, 1, 1), date(2023, 12, 31), language="ru"))
    assert "это число записей, а не людей: записи не связаны" in russian
    (counts,) = [s for s in report.sections if s.key == "counts"]
    assert counts.table is not None
    detention = next(row for row in counts.table.rows if row[0] == "Arbitrary detention")
    # Named persons only those the partner may see, plus the group's 22.
    assert detention[4] == "23"
    admin = as_admin_rows(archive)
    assert next(row for row in admin if row[0] == "Arbitrary detention")[4] == "24"


def as_admin_rows(archive: Archive) -> list[list[str]]:
    report = archive.as_viewer(Viewer.owner("owner")).period_report(
        date(2020, 1, 1), date(2023, 12, 31)
    )
    (counts,) = [s for s in report.sections if s.key == "counts"]
    assert counts.table is not None
    return counts.table.rows


def test_a_period_that_ends_before_it_starts_is_refused(
    world: World, cli_env: dict[str, str], tmp_path: Path
) -> None:
    code, _, stderr = _run(
        ["report", "period", "--from", "2023-01-01", "--to", "2022-01-01", "-o", "p.pdf"], cli_env
    )
    assert code == 2 and "ends (2022-01-01) before it starts (2023-01-01)" in stderr
    code, _, stderr = _run(
        ["report", "period", "--from", "soon", "--to", "2022-01-01", "-o", "p.pdf"], cli_env
    )
    assert code == 2 and "--from 'soon' is not a day" in stderr


def test_counts_are_qualified_in_the_report_language(archive: Archive, world: World) -> None:
    door = archive.as_viewer(Viewer.as_role("viewer", "partner"))
    for language, phrase in (("ru", "Группы: border detainees (не менее 22"), ("ky", "кеминде 22")):
        report = door.incident_report(world.event, language=language)
        assert phrase in render_html(report)


def test_a_period_report_counts_people_once_their_records_are_linked(
    archive: Archive, world: World
) -> None:
    owner = archive.as_viewer(Viewer.owner("o"))
    owner.linkage.run("person")
    html = render_html(owner.period_report(date(2020, 1, 1), date(2023, 12, 31)))
    assert "records linked as one person (docket link) count once" in html
    assert "not linked" not in html
    kyrgyz = render_html(owner.period_report(date(2020, 1, 1), date(2023, 12, 31), language="ky"))
    assert "бир адам катары байланыштырылган жазуулар" in kyrgyz


def test_docket_report_period_estimates(
    world: World, cli_env: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "period.html"
    code, _, stderr = _run(
        ["report", "period", "--from", "2020-01-01", "--to", "2023-12-31", "-o", str(out),
         "--estimates"],
        cli_env,
    )  # fmt: skip
    assert code == 0, stderr
    html = out.read_text(encoding="utf-8")
    assert "Victims of the period" in html and "No estimate:" in html
