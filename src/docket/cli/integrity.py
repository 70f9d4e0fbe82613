"""Commands that prove integrity: verify, checkpoint, export bag, verify-bag."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from docket.cli.context import EXIT_PROBLEMS, err, opened, out, reports_errors
from docket.errors import DocketError
from docket.evidence.bags import verify_bag as check_bag
from docket.evidence.verify import HeadStatement

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
) -> None:
    """Re-hash every original and working copy, walk the chain of custody, check signatures.

    Prints one line per problem and exits 1 if there is any; exits 0 when all is intact.
    """
    statement = HeadStatement.parse(against.read_text(encoding="utf-8")) if against else None
    problems = 0
    with opened(ctx) as archive:
        totals = archive.verify_totals()
        progress = Progress(
            TextColumn("[bold]verify {task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
            disable=not err.is_terminal,
        )
        with progress:
            tasks = {
                "chain": progress.add_task("chain", total=totals["entries"]),
                "items": progress.add_task("items", total=totals["items"]),
                "records": progress.add_task("records", total=totals["records"]),
            }
            for problem in archive.verify(
                statement, lambda stage, done: progress.advance(tasks[stage], done)
            ):
                problems += 1
                out.print(escape(str(problem)), soft_wrap=True)
    if problems:
        err.print(f"[red]{problems} problem(s) found.[/red]")
        raise typer.Exit(EXIT_PROBLEMS)
    checked = "and the outside checkpoint " if statement else ""
    out.print(
        f"Intact: {totals['items']:,} items, {totals['records']:,} records and "
        f"{totals['entries']:,} custody entries "
        f"{checked}verified."
    )


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
) -> None:
    """Write a BagIt evidence package (RFC 8493) that can be verified without the archive."""
    with opened(ctx) as archive:
        ids = list(item or [])
        if query:
            hits = archive.search(query, limit=MAX_QUERY_EXPORT + 1)
            if len(hits) > MAX_QUERY_EXPORT:
                raise DocketError(
                    f"the query finds more than {MAX_QUERY_EXPORT} items; narrow it or use --item"
                )
            ids.extend(hit.item_id for hit in hits)
        if not ids:
            raise DocketError("nothing to export: give --item ID or a --query that finds items")
        path = archive.export_bag(out_dir, ids)
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
