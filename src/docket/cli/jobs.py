"""``docket jobs``: the jobs you asked for (on the web workspace or here), what became of them,
and reports, proposals and linkage queued as jobs from the command line.

On PostgreSQL a queued job is run by a ``docket worker``; on the embedded SQLite archive the
command that queues it runs it before it exits, as ``docket serve`` runs the jobs it receives.
A job is seen only by the person who asked for it (here: the user at the terminal,
``DOCKET_ACTOR``), as on the web workspace.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from docket.cli.context import AsJson, AsRole, archive_as, out, print_json, reports_errors
from docket.door import Door
from docket.errors import DocketError
from docket.face import REPORT_LANGUAGES, JobView, check_output

app = typer.Typer(
    help="See your jobs (uploads, captures, reports, proposals, linkage) and queue new ones; "
    "without a command, list them.",
    invoke_without_command=True,
)


JobNumber = Annotated[int, typer.Argument(metavar="ID", help="The job's number.", min=1)]
# What a line of the list shows of a job's names (its files, links, title).
_NAMES_SHOWN = 60


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="jobs")


@app.callback()
def jobs(ctx: typer.Context) -> None:
    if ctx.invoked_subcommand is None:
        ctx.invoke(list_jobs, ctx=ctx)


@app.command("list")
@reports_errors
def list_jobs(
    ctx: typer.Context,
    state: Annotated[
        str | None,
        typer.Option(
            "--state", help="Only jobs queued, running, done or failed.", show_default=False
        ),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            help="Only jobs of this kind: ingest, capture, report, propose or link.",
            show_default=False,
        ),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", help="How many of the newest jobs.")] = 50,
    as_json: AsJson = False,
    as_role: AsRole = None,
) -> None:
    """Your newest jobs, newest first: state and progress, and why a failed one failed."""
    with archive_as(ctx, as_role) as archive:
        found = archive.jobs.recent(limit, state=state, kind=kind)
    if as_json:
        print_json([job.to_json() for job in found])
        return
    if not found:
        out.print("No jobs.")
        return
    table = Table("id", "kind", "state", "owner", "about", "queued", "reason")
    for job in found:
        table.add_row(
            str(job.id),
            job.kind,
            _state(job),
            escape(job.owner),
            escape(_about(job)),
            job.created_at[:16].replace("T", " "),
            escape(job.failure or ""),
        )
    out.print(table)


@app.command("show")
@reports_errors
def show(
    ctx: typer.Context, job_id: JobNumber, as_json: AsJson = False, as_role: AsRole = None
) -> None:
    """One of your jobs: its state, progress, attempts and each result or its failure."""
    with archive_as(ctx, as_role) as archive:
        job = archive.jobs.get(job_id)
    if as_json:
        print_json(job.to_json())
        return
    out.print(
        f"Job {job.id}: {job.kind}, {_state(job)} (attempt {job.attempts}), by {escape(job.owner)}"
    )
    out.print(f"About: {escape(', '.join(job.names))}")
    ended = f", ended {job.finished_at}" if job.finished_at else ""
    out.print(f"Queued {job.created_at}{ended}")
    if job.failure:
        label = "Failed" if job.state == "failed" else "Last attempt failed"
        out.print(f"{label}: {escape(job.failure)}")
    for outcome in job.result.get("outcomes", []) if job.finished else []:
        out.print(escape(_outcome_line(outcome)))


@app.command("file")
@reports_errors
def file(
    ctx: typer.Context,
    job_id: JobNumber,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Where to write the report.", show_default=False)
    ],
    force: Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")] = False,
    as_role: AsRole = None,
) -> None:
    """Write the report a finished report job made (its SHA-256 is in custody since it was
    made); from this first download it is kept DOCKET_REPORT_KEEP_DAYS more days."""
    wanted = check_output(output, force=force)
    with archive_as(ctx, as_role) as archive:
        made = archive.jobs.report_file(job_id)
        if not made.name.endswith(f".{wanted}"):
            raise DocketError(f"job {job_id} made {made.name}; name the file to write after it")
        shutil.copyfile(made.path, output)
    out.print(f"Wrote {output} ({made.name}, {output.stat().st_size:,} bytes).")


@app.command("clean")
@reports_errors
def clean(ctx: typer.Context) -> None:
    """Remove from the archive folder what finished jobs no longer need: failed jobs' folders
    and reports past their keeping time (also done after each job and when a server or worker
    starts; run it from cron on an archive that is rarely served)."""
    with archive_as(ctx) as archive:
        swept = archive.jobs.sweep()
    out.print(f"Removed the folders of {len(swept)} finished job(s).")


@app.command("report")
@reports_errors
def report(
    ctx: typer.Context,
    kind: Annotated[
        str, typer.Argument(metavar="KIND", help="case, incident, period or statement.")
    ],
    subject: Annotated[
        str,
        typer.Argument(
            metavar="SUBJECT",
            help="A case or incident report's record: its #id or name.",
            show_default=False,
        ),
    ] = "",
    file_format: Annotated[
        str, typer.Option("--format", help="The file to make: html or pdf.")
    ] = "pdf",
    audience: Annotated[
        str | None,
        typer.Option(
            "--audience",
            help="The role the report is made for: yours (default) or a lower one.",
            show_default=False,
        ),
    ] = None,
    language: Annotated[
        str, typer.Option("--language", help=f"Language: {', '.join(REPORT_LANGUAGES)}.")
    ] = "en",
    start: Annotated[
        str | None, typer.Option("--from", help="A period report's first day.", show_default=False)
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="A period report's last day.", show_default=False)
    ] = None,
    draft: Annotated[
        Path | None,
        typer.Option(
            "--draft", help="A statement's draft (see `docket report statement`).", dir_okay=False
        ),
    ] = None,
    estimates: Annotated[
        bool, typer.Option("--estimates", help="A period report with its estimates.")
    ] = False,
    as_role: AsRole = None,
) -> None:
    """Queue a report's HTML or PDF file as a job; fetch it with `docket jobs file ID`."""
    period = None
    if start is not None or end is not None:
        period = (_day(start, "--from"), _day(end, "--to"))
    text = ""
    if draft is not None:
        try:
            text = draft.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise DocketError(f"cannot read the draft {draft.name}: {error}") from None
    with archive_as(ctx, as_role) as archive:
        job_id = archive.queue_report(
            kind,
            audience=audience or archive.viewer.role.value,
            language=language,
            file_format=file_format,
            subject=subject,
            period=period,
            estimates=estimates,
            draft=text,
        )
        _queued(archive, job_id)


@app.command("propose")
@reports_errors
def propose(
    ctx: typer.Context,
    item_ids: Annotated[
        list[int] | None,
        typer.Argument(metavar="ITEM_ID...", help="The items to read.", show_default=False),
    ] = None,
    every: Annotated[bool, typer.Option("--all", help="Every item you may see.")] = False,
    as_role: AsRole = None,
) -> None:
    """Queue the reading of items for proposals as a job (as `docket propose` does here)."""
    if every == bool(item_ids):
        raise DocketError("give item ids or --all, one of the two")
    with archive_as(ctx, as_role) as archive:
        wanted = archive.items.ids() if every else list(item_ids or [])
        if not wanted:
            raise DocketError("there are no items to read")
        _queued(archive, archive.jobs.propose(wanted))


@app.command("link")
@reports_errors
def link(
    ctx: typer.Context,
    record_type: Annotated[
        str,
        typer.Argument(metavar="TYPE", help="person, organisation, place or event."),
    ],
    as_role: AsRole = None,
) -> None:
    """Queue the linkage of every record of a type as a job (as `docket link --type` does)."""
    with archive_as(ctx, as_role) as archive:
        _queued(archive, archive.jobs.link(record_type))


def _queued(archive: Door, job_id: int) -> None:
    board = archive.jobs
    if not board.runs_here:
        out.print(f"Queued job {job_id}; a `docket worker` runs it: `docket jobs show {job_id}`.")
        return
    out.print(f"Queued job {job_id}; running it here (an embedded archive has no workers).")
    board.finish_here()
    job = board.get(job_id)
    out.print(f"Job {job_id}: {_state(job)}" + (f": {escape(job.failure)}" if job.failure else ""))


def _state(job: JobView) -> str:
    return job.state if job.finished else f"{job.state} {job.done}/{job.total}"


def _about(job: JobView) -> str:
    names = ", ".join(job.names)
    return names if len(names) <= _NAMES_SHOWN else names[: _NAMES_SHOWN - 1] + "…"


def _outcome_line(outcome: dict[str, Any]) -> str:
    said = [f"{outcome.get('name', '')}: {outcome.get('status', '')}"]
    for key in ("item_id", "proposals", "identities", "review", "sha256", "reason"):
        if outcome.get(key) is not None:
            said.append(f"{key} {outcome[key]}")
    return ", ".join(said)


def _day(text: str | None, option: str) -> date:
    if text is None:
        raise DocketError("a period needs --from and --to")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise DocketError(f"{option} {text[:20]!r} is not a day (YYYY-MM-DD)") from None
