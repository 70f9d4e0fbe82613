"""Commands that prove integrity: verify, checkpoint, export bag, verify-bag."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from docket.archive import Archive
from docket.cli.context import (
    EXIT_PROBLEMS,
    AsRole,
    archive_as,
    err,
    opened,
    out,
    progress_bar,
    reports_errors,
    search_index_progress,
    settings_from,
)
from docket.errors import DocketError
from docket.face import HeadStatement, Problem, witness, witnesses
from docket.face import verify_bag as check_bag

MAX_QUERY_EXPORT = 999
export_app = typer.Typer(help="Export evidence packages and records.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.command()(verify)
    app.command()(checkpoint)
    app.command("verify-bag")(verify_bag)
    app.add_typer(export_app, name="export")


@reports_errors
def verify(
    ctx: typer.Context,
    against: Annotated[
        Path | None,
        typer.Option(
            help="A checkpoint printed earlier by `docket checkpoint` and kept outside the "
            "archive: proves history was not rewritten since, even by someone with the key.",
            exists=True,
            dir_okay=False,
        ),
    ] = None,
    no_witness: Annotated[
        bool,
        typer.Option(
            "--no-witness", help="Do not read back the newest checkpoint the witnesses hold."
        ),
    ] = False,
    max_witness_age: Annotated[
        float | None,
        typer.Option(
            "--max-witness-age",
            metavar="DAYS",
            min=0,
            help="Warn when the newest witnessed checkpoint is older than this and newer entries "
            "exist. Default: $DOCKET_WITNESS_MAX_AGE_DAYS or 7.",
            show_default=False,
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Re-hash every original and working copy, walk the chain of custody, check signatures.

    Also checks the chain against the newest checkpoint its witnesses hold (see `docket witness`),
    which finds the newest entries cut off together with their checkpoints. Prints one line per
    problem and exits 1 if there is any; exits 0 when all is intact. Warnings go to stderr.
    """
    statement = HeadStatement.parse(against.read_text(encoding="utf-8")) if against else None
    settings = settings_from(ctx)
    max_age = settings.witness_max_age_days if max_witness_age is None else max_witness_age
    problems: list[Problem] = []
    warnings: list[str] = []
    used: list[dict[str, Any]] = []
    outside: list[HeadStatement] = []
    if statement is not None:
        outside.append(statement)
        used.append({"source": "file", "path": str(against), **_describe(statement)})
    with opened(ctx) as archive:
        totals = archive.verify_totals()
        if not no_witness:
            for reading, held in _witnessed(archive, totals["entries"], max_age, warnings):
                outside.append(held)
                used.append(
                    {
                        "source": "witness",
                        "witness": reading.number,
                        "where": reading.witness.describe(),
                        **_describe(held),
                    }
                )
        with search_index_progress("catching up") as advanced:
            search_index = archive.verify_search_index(advanced)
        warnings.extend(f"{line}; rebuilt it" for line in search_index)
        for line in warnings:
            err.print(f"[yellow]warning:[/yellow] {escape(line)}", soft_wrap=True)
        progress = progress_bar("[bold]verify {task.description}")
        with progress:
            tasks = {
                "chain": progress.add_task("chain", total=totals["entries"]),
                "items": progress.add_task("items", total=totals["items"]),
                "records": progress.add_task("records", total=totals["records"]),
            }
            for problem in archive.verify(
                outside, lambda stage, done: progress.advance(tasks[stage], done)
            ):
                problems.append(problem)
                if not as_json:
                    out.print(escape(str(problem)), soft_wrap=True)
    if as_json:
        report = {
            "intact": not problems,
            "items": totals["items"],
            "entries": totals["entries"],
            "problems": [{"kind": p.kind, "message": p.message} for p in problems],
            "checked_against": used,
            "warnings": warnings,
        }
        sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    if problems:
        err.print(f"[red]{len(problems)} problem(s) found.[/red]")
        raise typer.Exit(EXIT_PROBLEMS)
    if as_json:
        return
    checked = " and the outside checkpoint" if statement is not None else ""
    witnessed = [entry for entry in used if entry["source"] == "witness"]
    reach = ""
    if witnessed:
        names = ", ".join(str(entry["witness"]) for entry in witnessed)
        reach = f"; the chain holds entry {witnessed[0]['seq']} as witness {names} does"
    out.print(
        f"Intact: {totals['items']:,} items, {totals['records']:,} records and "
        f"{totals['entries']:,} custody entries{checked} verified{reach}."
    )


def _describe(statement: HeadStatement) -> dict[str, Any]:
    return {"seq": statement.seq, "head": statement.hash, "signed_at": statement.at}


def _witnessed(
    archive: Archive, entries: int, max_age: float, warnings: list[str]
) -> list[tuple[witness.Reading, HeadStatement]]:
    """The newest checkpoints the witnesses hold; what stands in the way goes to ``warnings``."""
    home = archive.settings.home
    registry = witnesses.Witnesses(home)
    if not registry.all():
        warnings.append(
            "no witness is configured: the newest custody entries could be cut off together "
            "with their checkpoints unnoticed; add one with `docket witness add folder PATH`"
        )
        return []
    readings = witness.read_back(home, archive.archive_id)
    statuses = registry.statuses()
    for reading in readings:
        where = f"witness {reading.number} ({reading.witness.describe()})"
        if reading.error is not None:
            warnings.append(f"{where} could not be read: {reading.error}")
        status = statuses.get(reading.witness.id, witnesses.Status())
        # Checked apart from age: someone who stops deliveries and later cuts the chain back
        # to the last witnessed entry leaves nothing newer for the age warning to count.
        if status.last_failure and (status.last_success or "") < status.last_failure:
            warnings.append(
                f"{where} did not take the last checkpoint sent to it "
                f"({status.last_failure}: {status.error})"
            )
    newest = witness.newest_witnessed(readings)
    if not newest:
        if any(reading.error is None for reading in readings):
            warnings.append(
                "no witness holds a checkpoint of this archive yet; send the newest with "
                "`docket witness send`"
            )
        return newest
    held = newest[0][1]
    days = witness.age_days(held)
    if days > max_age and entries > held.seq:
        warnings.append(
            f"the newest witnessed checkpoint (entry {held.seq}, signed {held.at}) is "
            f"{days:.1f} days old and {entries - held.seq} newer entries have no witness: they "
            "could be cut off unnoticed; see `docket witness list`"
        )
    return newest


@reports_errors
def checkpoint(
    ctx: typer.Context,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Also write the checkpoint to this file.")
    ] = None,
) -> None:
    """Sign and print the chain's head, to keep outside the archive (mail, print, publish)."""
    with opened(ctx) as archive:
        statement = archive.checkpoint_statement()
    if output is not None:
        output.write_text(statement, encoding="utf-8")
    out.print(statement, end="")


@export_app.command("bag")
@reports_errors
def export_bag(
    ctx: typer.Context,
    out_dir: Annotated[Path, typer.Argument(metavar="OUT", help="New folder for the bag.")],
    item: Annotated[
        list[int] | None, typer.Option("--item", help="Item id (repeat for several).")
    ] = None,
    query: Annotated[
        str | None, typer.Option("--query", help="Export every item this search finds.")
    ] = None,
    as_role: AsRole = None,
) -> None:
    """Write a BagIt evidence package (RFC 8493) that can be verified without the archive.

    With --as-role, only what that role may see goes into the package.
    """
    with archive_as(ctx, as_role) as archive:
        ids = list(item or [])
        if query:
            hits = archive.items.search(query, limit=MAX_QUERY_EXPORT + 1)
            if len(hits) > MAX_QUERY_EXPORT:
                raise DocketError(
                    f"the query finds more than {MAX_QUERY_EXPORT} items; narrow it or use --item"
                )
            ids.extend(hit.item_id for hit in hits)
        if not ids:
            raise DocketError("nothing to export: give --item ID or a --query that finds items")
        path = archive.items.export_bag(out_dir, ids)
    out.print(f"Wrote {len(set(ids))} item(s) to {path}. Check it with: docket verify-bag {path}")


@reports_errors
def verify_bag(
    path: Annotated[
        Path, typer.Argument(metavar="BAG", help="Folder of a bag.", exists=True, file_okay=False)
    ],
) -> None:
    """Check an evidence package without the archive: manifests, custody chain, signature."""
    problems = [*check_bag(path)]
    for problem in problems:
        out.print(escape(problem), soft_wrap=True)
    if problems:
        err.print(f"[red]{len(problems)} problem(s) found.[/red]")
        raise typer.Exit(EXIT_PROBLEMS)
    out.print(f"Intact: {path} verifies.")
