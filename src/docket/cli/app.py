"""Entry point: ``docket [--home PATH] COMMAND``."""

from __future__ import annotations

import dataclasses
import inspect
import re
import signal
from pathlib import Path
from typing import Annotated

import typer

from docket import __version__
from docket.archive import Archive
from docket.cli import (
    accounts,
    capture,
    estimation,
    evaluation,
    evidence,
    extraction,
    integrity,
    jobs,
    linking,
    records,
    reports,
    review,
    searching,
    serving,
    training,
    vault,
    witness,
)
from docket.cli.context import err, out, reports_errors, settings_from, terminated
from docket.config import Settings
from docket.errors import DocketError

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
    key_file: Annotated[
        Path | None,
        typer.Option(
            "--key-file",
            envvar="DOCKET_KEY_FILE",
            help="Key file that unlocks an encrypted archive (e.g. on a removable disk). "
            "Or set DOCKET_KEY to its content, or DOCKET_PASSPHRASE for a passphrase.",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    settings = Settings.from_env(home=home, database_url=database_url, key_file=key_file)
    command = ctx.invoked_subcommand
    if command and command not in vault.ASKS_NO_KEY and Archive.needs_passphrase(settings):
        settings = dataclasses.replace(settings, passphrase=vault.ask_passphrase())
    ctx.obj = settings


@app.command()
@reports_errors
def init(
    ctx: typer.Context,
    encrypt: Annotated[
        bool,
        typer.Option(
            "--encrypt",
            help="Encrypt the archive at rest (database, files, keys): unlocked by a passphrase "
            "(asked for, or DOCKET_PASSPHRASE) or by a key file given with --key-file.",
        ),
    ] = False,
    key_file: Annotated[
        Path | None,
        typer.Option(
            "--key-file",
            help="With --encrypt: the key file that will unlock the archive; made (32 random "
            "bytes) when it does not exist yet.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Create a new archive: database, blob store and Ed25519 signing key.

    A database that already holds an archive is refused. One that holds only the schema (an
    init that stopped part-way, or a database prepared in advance) is finished.
    """
    settings = settings_from(ctx)
    unlocker = vault.new_unlocker(settings, key_file) if encrypt else None
    if key_file is not None and not encrypt:
        raise DocketError("--key-file is for an encrypted archive: add --encrypt")
    archive = Archive.create(settings, encrypt_with=unlocker)
    archive.close()
    where = "SQLite" if settings.is_sqlite else "PostgreSQL"
    sealed = ", encrypted" if unlocker is not None else ""
    out.print(f"Created archive {archive.archive_id} in {settings.home} ({where}{sealed}).")
    err.print(
        f"Keep {settings.home / 'keys'} safe and backed up: it signs the chain of custody.",
    )
    if unlocker is not None:
        err.print(
            "Without its passphrase or key file nobody can read the archive, you included: "
            "keep a copy somewhere safe."
        )


vault.register(app)
evidence.register(app)
searching.register(app)
integrity.register(app)
records.register(app)
extraction.register(app)
serving.register(app)
evaluation.register(app)
review.register(app)
training.register(app)
capture.register(app)
reports.register(app)
estimation.register(app)
linking.register(app)
jobs.register(app)
app.add_typer(accounts.app, name="user")
app.add_typer(witness.app, name="witness")

# A line break inside a paragraph, unless the next line starts a list item or is indented.
_WRAPPED = re.compile(r"\n(?![ \t]|[-*] )")


def reflowed(text: str) -> str:
    """Help text with each paragraph on one line, for the terminal to wrap at its width: Typer
    keeps a docstring's line breaks, which at 80 columns leave every other line short."""
    paragraphs = inspect.cleandoc(text).split("\n\n")
    return "\n\n".join(
        paragraph if paragraph.startswith("\b") else _WRAPPED.sub(" ", paragraph)
        for paragraph in paragraphs
    )


def _reflow_help(typer_app: typer.Typer) -> None:
    for command in typer_app.registered_commands:
        text = command.help or inspect.getdoc(command.callback)
        if text:
            command.help = reflowed(text)
    for group in typer_app.registered_groups:
        if isinstance(group.help, str):
            group.help = reflowed(group.help)
        if group.typer_instance is None:
            continue
        info = group.typer_instance.info
        if isinstance(info.help, str):
            info.help = reflowed(info.help)
        _reflow_help(group.typer_instance)


_reflow_help(app)


def main() -> None:
    # `docket lock` asks with SIGTERM: a command then ends as it would on Ctrl+C, closing the
    # archive on its way out (and killing the restic it waits for) instead of vanishing mid-call.
    signal.signal(signal.SIGTERM, terminated)
    app()
