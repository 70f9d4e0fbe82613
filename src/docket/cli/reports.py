"""``docket report case RECORD_ID -o FILE``: a footnoted report, written as HTML or PDF by the
file's suffix, holding only what the role it is made for (``--as-role``) may see."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from docket.cli.context import AsRole, archive_as, out, reports_errors
from docket.door import REPORT_LANGUAGES, check_language, check_output, write_report

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
Force = Annotated[bool, typer.Option("--force", help="Replace the output file if it exists.")]
Reveal = Annotated[
    bool,
    typer.Option(
        "--reveal",
        help="Show protected fields (marked as such); only for roles allowed to see them.",
    ),
]


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="report")


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
    check_language(language)
    check_output(output, force=force)
    with archive_as(ctx, as_role) as archive:
        report = archive.case_report(record_id, language=language, reveal=reveal)
        kind = write_report(report, output, force=force)
    out.print(
        f"Wrote {kind.upper()} report {output}: {len(report.footnotes)} footnote(s), "
        f"custody entry {report.seal.entries} signed."
    )
