"""Entry point: ``docket [--home PATH] COMMAND``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from docket import __version__
from docket.archive import Archive
from docket.cli import (
    accounts,
    evaluation,
    evidence,
    extraction,
    integrity,
    records,
    reports,
    review,
    searching,
    serving,
    witness,
)
from docket.cli.context import err, out, reports_errors, settings_from
from docket.config import Settings

app = typer.Typer(
    name="docket",
    help="Docket keeps evidence unaltered, proves its chain of custody and finds anything in it.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        out.print(f"docket {__version__}")
        raise typer.Exit()


@app.callback()
@reports_errors
def root(
    ctx: typer.Context,
    home: Annotated[
        Path | None,
        typer.Option(
            "--home",
            envvar="DOCKET_HOME",
            help="Archive folder (blobs, keys, SQLite database). Default: ./docket-data.",
            show_default=False,
        ),
    ] = None,
    database_url: Annotated[
        str | None,
        typer.Option(
            "--database-url",
            envvar="DOCKET_DATABASE_URL",
            help="PostgreSQL URL (postgresql://user@host/db) to keep records on a server "
            "instead of SQLite in the archive folder.",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    ctx.obj = Settings.from_env(home=home, database_url=database_url)


@app.command()
@reports_errors
def init(ctx: typer.Context) -> None:
    """Create a new archive: database, blob store and Ed25519 signing key."""
    settings = settings_from(ctx)
    archive = Archive.create(settings)
    archive.close()
    where = "SQLite" if settings.is_sqlite else "PostgreSQL"
    out.print(f"Created archive {archive.archive_id} in {settings.home} ({where}).")
    err.print(
        f"Keep {settings.home / 'keys'} safe and backed up: it signs the chain of custody.",
    )


evidence.register(app)
searching.register(app)
integrity.register(app)
records.register(app)
extraction.register(app)
serving.register(app)
evaluation.register(app)
review.register(app)
reports.register(app)
app.add_typer(accounts.app, name="user")
app.add_typer(witness.app, name="witness")


def main() -> None:
    app()
