"""``docket witness``: where the archive's signed checkpoints are kept outside it."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from docket.archive import Archive
from docket.cli.context import EXIT_PROBLEMS, err, opened, out, reports_errors, settings_from
from docket.face import Checkpoint, looks_like_api_token, witness, witness_statements, witnesses

app = typer.Typer(
    help="Witnesses: folders on other media and partner archives that keep a copy of every "
    "signed checkpoint, so that cutting off the newest custody entries is found by verify.",
    no_args_is_help=True,
)
add_app = typer.Typer(help="Add a witness; it receives the newest checkpoint at once.")
app.add_typer(add_app, name="add")

AsJson = Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")]


def _warn(message: str) -> None:
    err.print(f"[yellow]warning:[/yellow] {escape(message)}", soft_wrap=True)


def _newest(archive: Archive) -> Checkpoint | None:
    return archive.latest_checkpoint()


def _send_to_new(ctx: typer.Context, added: witnesses.Witness) -> None:
    with opened(ctx) as archive:
        checkpoint = _newest(archive)
        if checkpoint is None:
            return
        for delivery in witness.deliver(
            archive.settings.home, checkpoint, archive.public_key, warn=_warn
        ):
            if delivery.witness.id == added.id and delivery.error is None:
                out.print(f"It holds checkpoint {checkpoint.seq} now.")


@add_app.command("folder")
@reports_errors
def add_folder(
    ctx: typer.Context,
    path: Annotated[
        Path,
        typer.Argument(
            metavar="PATH",
            help="An existing folder on other media: a USB stick, a mounted share.",
            show_default=False,
        ),
    ],
) -> None:
    """Keep every new checkpoint as a file in PATH/ARCHIVE-ID/SEQ.txt (never overwritten).

    The folder must exist: a stick that is not mounted is reported, not replaced by a folder on
    the archive's own disk.
    """
    added = witnesses.Witnesses(settings_from(ctx).home).add_folder(path)
    out.print(f"Added witness {escape(added.describe())}.")
    _send_to_new(ctx, added)


@add_app.command("archive")
@reports_errors
def add_archive(
    ctx: typer.Context,
    url: Annotated[
        str,
        typer.Argument(
            metavar="URL",
            help="The partner's Docket server, e.g. https://docket.partner.org.",
            show_default=False,
        ),
    ],
    token_file: Annotated[
        Path,
        typer.Option(
            "--token-file",
            help="File holding an API token of the partner's with the 'witness' scope; it is "
            "copied into the archive folder (readable by its owner only) and never printed.",
            exists=True,
            dir_okay=False,
            show_default=False,
        ),
    ],
) -> None:
    """Send every new checkpoint to another Docket archive over its web API."""
    token = token_file.read_text(encoding="utf-8").strip()
    if not looks_like_api_token(token):
        raise witness_statements.WitnessError(f"{token_file} does not hold a Docket API token")
    added = witnesses.Witnesses(settings_from(ctx).home).add_archive(url, token)
    out.print(f"Added witness {escape(added.describe())}.")
    _send_to_new(ctx, added)


@app.command("list")
@reports_errors
def list_witnesses(ctx: typer.Context, as_json: AsJson = False) -> None:
    """The witnesses, numbered, with their last delivery that worked and the last that failed."""
    registry = witnesses.Witnesses(settings_from(ctx).home)
    present = registry.all()
    statuses = registry.statuses()
    rows: list[dict[str, Any]] = [
        {
            "number": number,
            "kind": item.kind,
            "target": item.target,
            **statuses.get(item.id, witnesses.Status()).to_json(),
        }
        for number, item in enumerate(present, start=1)
    ]
    if as_json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    if not rows:
        out.print("No witness. Add one with `docket witness add folder PATH`.")
        return
    table = Table("n", "kind", "where", "last success", "last failure")
    for row in rows:
        success = ""
        if row["last_success"]:
            success = f"{_when(row['last_success'])}, entry {row['last_seq']}"
        failure = f"{_when(row['last_failure'])}: {row['error']}" if row["last_failure"] else ""
        table.add_row(
            str(row["number"]), row["kind"], escape(row["target"]), success, escape(failure)
        )
    out.print(table)


def _when(stamp: str) -> str:
    return stamp[:19].replace("T", " ") + " UTC"


@app.command("remove")
@reports_errors
def remove(
    ctx: typer.Context,
    number: Annotated[
        int, typer.Argument(metavar="N", help="The number `witness list` shows.", min=1)
    ],
) -> None:
    """Stop sending checkpoints to witness N; what it already holds stays there."""
    removed = witnesses.Witnesses(settings_from(ctx).home).remove(number)
    out.print(f"Removed witness {escape(removed.describe())}.")


@app.command("send")
@reports_errors
def send(ctx: typer.Context) -> None:
    """Send the newest checkpoint to every witness now, even those that hold it already.

    Exits 1 if any witness did not take it.
    """
    with opened(ctx) as archive:
        checkpoint = _newest(archive)
        if checkpoint is None:
            raise witness_statements.WitnessError("the archive has no checkpoint yet")
        deliveries = witness.deliver(
            archive.settings.home, checkpoint, archive.public_key, force=True, warn=_warn
        )
    if not deliveries:
        out.print("No witness. Add one with `docket witness add folder PATH`.")
        return
    for delivery in deliveries:
        if delivery.error is None:
            state = "already held" if delivery.outcome == "held" else "kept"
            out.print(
                f"witness {delivery.number} ({escape(delivery.witness.describe())}): "
                f"checkpoint {checkpoint.seq} {state}"
            )
    if any(delivery.error for delivery in deliveries):
        raise typer.Exit(EXIT_PROBLEMS)
