"""``docket report case RECORD_ID -o FILE``: a footnoted report, written as HTML or PDF by the
file's suffix, holding only what the role it is made for (``--as-role``) may see."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from docket.cli.context import EXIT_PROBLEMS, AsRole, archive_as, err, out, reports_errors
from docket.cli.integrity import export_app
from docket.door import Door
from docket.errors import DocketError
from docket.face import REPORT_LANGUAGES, Report, check_language, check_output, verify_report

app = typer.Typer(
    help="Write reports whose every fact is footnoted with the words of the evidence.",
    no_args_is_help=True,
)

Output = Annotated[
    Path,
    typer.Option("--output", "-o", help="File to write: .pdf or .html.", show_default=False),
]
Language = Annotated[
    str,
    typer.Option("--language", help=f"Language of the report: {', '.join(REPORT_LANGUAGES)}."),
]
From = Annotated[str, typer.Option("--from", help="First day (YYYY-MM-DD).")]
To = Annotated[str, typer.Option("--to", help="Last day (YYYY-MM-DD).")]
PackageFolder = Annotated[
    Path,
    typer.Option("--output", "-o", help="New folder for the package.", show_default=False),
]
Draft = Annotated[
    Path,
    typer.Argument(
        metavar="DRAFT",
        help="Text file: a first line '# Title', paragraphs separated by blank lines, "
        "\\[\\[#ID]] where a record's fact goes.",
        exists=True,
        dir_okay=False,
    ),
]
Force = Annotated[bool, typer.Option("--force", help="Replace the output file if it exists.")]
Estimates = Annotated[
    bool,
    typer.Option(
        "--estimates",
        help="Add how many victims of the period's acts no source recorded (multiple systems "
        "estimation by every method, with 95% intervals and warnings; a minute or so).",
    ),
]
Reveal = Annotated[
    bool,
    typer.Option(
        "--reveal",
        help="Show protected fields (marked as such); only for roles allowed to see them.",
    ),
]


export_report_app = typer.Typer(
    help="Export a report with the evidence it cites as a package anyone can check.",
    no_args_is_help=True,
)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="report")
    export_app.add_typer(export_report_app, name="report")
    root.command("verify-report")(verify_package)


@app.command("case")
@reports_errors
def case(
    ctx: typer.Context,
    record_id: Annotated[int, typer.Argument(metavar="RECORD_ID", help="Person, group or case.")],
    output: Output,
    as_role: AsRole = None,
    language: Language = "en",
    force: Force = False,
    reveal: Reveal = False,
) -> None:
    """A person's or case's file: who, status over time, health, requests and responses,
    interventions, violations with responsibility, claims and sources."""
    _write(
        ctx,
        as_role,
        output,
        language,
        force,
        lambda archive: archive.case_report(record_id, language=language, reveal=reveal),
    )


@app.command("incident")
@reports_errors
def incident(
    ctx: typer.Context,
    event_id: Annotated[int, typer.Argument(metavar="EVENT_ID", help="The event.")],
    output: Output,
    as_role: AsRole = None,
    language: Language = "en",
    force: Force = False,
    reveal: Reveal = False,
) -> None:
    """An event: its acts, victims named and counted, perpetrators and their part, places,
    dates with their uncertainty, and the authorities' response."""
    _write(
        ctx,
        as_role,
        output,
        language,
        force,
        lambda archive: archive.incident_report(event_id, language=language, reveal=reveal),
    )


@app.command("period")
@reports_errors
def period(
    ctx: typer.Context,
    start: From,
    end: To,
    output: Output,
    as_role: AsRole = None,
    language: Language = "en",
    force: Force = False,
    reveal: Reveal = False,
    estimates: Estimates = False,
) -> None:
    """Counts by violation × month × place over a period, with a chart, and its notable cases."""
    _write(
        ctx,
        as_role,
        output,
        language,
        force,
        _period_maker(start, end, language, reveal, estimates),
    )


@app.command("statement")
@reports_errors
def statement(
    ctx: typer.Context,
    draft: Draft,
    output: Output,
    as_role: AsRole = None,
    language: Language = "en",
    force: Force = False,
    reveal: Reveal = False,
) -> None:
    """A draft statement: your paragraphs around facts pulled from records, each footnoted."""
    check_language(language)
    check_output(output, force=force)
    text = _read_draft(draft)
    _write(
        ctx,
        as_role,
        output,
        language,
        force,
        lambda archive: archive.statement_report(text, language=language, reveal=reveal),
    )


def _read_draft(draft: Path) -> str:
    try:
        return draft.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DocketError(f"cannot read the draft {draft.name}: {error}") from None


def _day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise DocketError(f"{option} {text[:20]!r} is not a day (YYYY-MM-DD)") from None


def _period_maker(
    start: str, end: str, language: str, reveal: bool, estimates: bool
) -> Callable[[Door], Report]:
    """The period report the options ask for (its days checked before anything is made)."""
    first, last = _day(start, "--from"), _day(end, "--to")
    return lambda archive: archive.period_report(
        first, last, language=language, reveal=reveal, estimates=estimates
    )


def _write(
    ctx: typer.Context,
    as_role: str | None,
    output: Path,
    language: str,
    force: bool,
    make: Callable[[Door], Report],
) -> None:
    # Refused before the report is made, so nothing enters custody for it.
    check_language(language)
    check_output(output, force=force)
    with archive_as(ctx, as_role) as archive:
        report = make(archive)
        kind = archive.write_report(report, output, force=force)
    out.print(
        f"Wrote {kind.upper()} report {output}: {len(report.footnotes)} footnote(s), "
        f"custody entry {report.seal.entries} signed."
    )


@export_report_app.command("case")
@reports_errors
def export_case(
    ctx: typer.Context,
    record_id: Annotated[int, typer.Argument(metavar="RECORD_ID", help="Person, group or case.")],
    output: PackageFolder,
    as_role: AsRole = None,
    language: Language = "en",
    reveal: Reveal = False,
) -> None:
    """Write a case report with the evidence it cites as a BagIt package anyone can check."""
    _package(
        ctx,
        as_role,
        output,
        language,
        lambda archive: archive.case_report(record_id, language=language, reveal=reveal),
    )


@export_report_app.command("incident")
@reports_errors
def export_incident(
    ctx: typer.Context,
    event_id: Annotated[int, typer.Argument(metavar="EVENT_ID", help="The event.")],
    output: PackageFolder,
    as_role: AsRole = None,
    language: Language = "en",
    reveal: Reveal = False,
) -> None:
    """Write an incident report with the evidence it cites as a BagIt package."""
    _package(
        ctx,
        as_role,
        output,
        language,
        lambda archive: archive.incident_report(event_id, language=language, reveal=reveal),
    )


@export_report_app.command("period")
@reports_errors
def export_period(
    ctx: typer.Context,
    start: From,
    end: To,
    output: PackageFolder,
    as_role: AsRole = None,
    language: Language = "en",
    reveal: Reveal = False,
    estimates: Estimates = False,
) -> None:
    """Write a period report with the evidence its notable cases cite as a BagIt package."""
    _package(ctx, as_role, output, language, _period_maker(start, end, language, reveal, estimates))


@export_report_app.command("statement")
@reports_errors
def export_statement(
    ctx: typer.Context,
    draft: Draft,
    output: PackageFolder,
    as_role: AsRole = None,
    language: Language = "en",
    reveal: Reveal = False,
) -> None:
    """Write a statement with the evidence its facts cite as a BagIt package."""
    text = _read_draft(draft)
    _package(
        ctx,
        as_role,
        output,
        language,
        lambda archive: archive.statement_report(text, language=language, reveal=reveal),
    )


def _package(
    ctx: typer.Context,
    as_role: str | None,
    output: Path,
    language: str,
    make: Callable[[Door], Report],
) -> None:
    check_language(language)
    _new_folder(output)
    with archive_as(ctx, as_role) as archive:
        report = make(archive)
        archive.package_report(report, output)
    out.print(
        f"Wrote report package {output} ({len(report.footnotes)} footnote(s)). "
        f"Check it with: docket verify-report {output}"
    )


def _new_folder(path: Path) -> None:
    # Refused before the report is made, so nothing enters custody for it.
    if path.exists():
        raise DocketError(f"{path} already exists; choose a new folder for the package")


@reports_errors
def verify_package(
    path: Annotated[
        Path,
        typer.Argument(
            metavar="PACKAGE", help="Folder of a report package.", exists=True, file_okay=False
        ),
    ],
) -> None:
    """Check a report package without the archive: bag, evidence, every footnote, signature,
    and the report's files against the custody entry that names them."""
    problems = list(verify_report(path))
    for problem in problems:
        out.print(escape(problem), soft_wrap=True)
    if problems:
        err.print(f"[red]{len(problems)} problem(s) found.[/red]")
        raise typer.Exit(EXIT_PROBLEMS)
    out.print(
        f"Intact: every footnote of {path} holds against its evidence, and the report's files "
        "are the ones the archive signed for."
    )
