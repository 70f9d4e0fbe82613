"""Encryption at rest from the command line: the key that unlocks an archive, ``encrypt``,
``backup`` and ``restore``."""

from __future__ import annotations

import base64
import dataclasses
import os
import re
import sys
import time
from pathlib import Path
from typing import Annotated, Final

import typer
from rich.markup import escape

from docket.archive import Archive
from docket.cli.context import EXIT_PROBLEMS, err, opened, out, reports_errors, settings_from
from docket.config import Settings
from docket.errors import DocketError
from docket.safekeeping import backups, encryption, lockdown, schedule
from docket.vault.header import (
    KeyFileSecret,
    Passphrase,
    Unlocker,
    key_text,
    new_key_file,
    read_key_file,
)

# Commands the root does not ask a passphrase for: init chooses the key, lock never opens the
# archive (it makes the processes that did forget the key).
ASKS_NO_KEY: Final = frozenset({"init", "lock"})
MIN_PASSPHRASE: Final = 12


def register(app: typer.Typer) -> None:
    app.command("encrypt")(encrypt)
    app.command("backup")(backup)
    app.command("backups")(list_backups)
    app.command("restore")(restore)
    app.command("lock")(lock)


# Destinations are text, not paths: a path would fold the // of s3:https://host/bucket.
Destination = Annotated[
    str,
    typer.Argument(
        help="Folder of the restic repository (a removable disk, a mounted share, "
        "sftp:\\[user@]host:/path on a server, or s3:https://host[:port]/bucket\\[/prefix] with "
        "the credentials in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY); made when new.",
    ),
]


@reports_errors
def backup(
    ctx: typer.Context,
    destination: Annotated[
        str | None,
        typer.Argument(
            help="Folder of the restic repository (a removable disk, a mounted share, "
            "sftp:\\[user@]host:/path on a server, or s3:https://host[:port]/bucket\\[/prefix] "
            "with the credentials in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY); made when "
            "new. Left out with --scheduled.",
            show_default=False,
        ),
    ] = None,
    reason: Annotated[str, typer.Option(help="Why, for the chain of custody.")] = "backup",
    every: Annotated[
        str | None,
        typer.Option(
            "--every",
            metavar="INTERVAL",
            help="Keep running: a snapshot now, then one every INTERVAL (30m, 6h, 1d) until "
            "stopped. A failed run is reported on one line and the next one is tried.",
            show_default=False,
        ),
    ] = None,
    scheduled: Annotated[
        bool,
        typer.Option(
            "--scheduled",
            help="Follow the backup plan an admin set in the web app (folder, daily or weekly, "
            "where the password comes from): back up only if it is due. For cron; not together "
            "with `docket serve`, which follows the plan itself.",
        ),
    ] = False,
) -> None:
    """Snapshot the archive with restic (incremental, deduplicated, encrypted) and record in the
    chain of custody which custody head the snapshot holds.

    An encrypted archive's backups open with its own passphrase or key file; a plain archive's
    need a password of their own: DOCKET_BACKUP_PASSPHRASE, or typed when asked.
    """
    if scheduled:
        if destination is not None or every is not None:
            raise DocketError("--scheduled takes the folder and interval from the backup plan")
        _scheduled_backup(ctx)
        return
    if destination is None:
        raise DocketError("give the backup folder, or --scheduled to follow the backup plan")
    interval = parse_interval(every) if every is not None else None
    with opened(ctx) as archive:
        password = None if archive.encrypted else _backup_password(confirm=True)
        while True:
            started = time.monotonic()
            try:
                snapshot = backups.backup(archive, destination, password, reason)
            except DocketError as error:
                if interval is None:
                    raise
                err.print(
                    f"[red]error:[/red] {escape(str(error))}; next try in {every}", markup=True
                )
            else:
                _made(snapshot, destination)
            if interval is None:
                return
            time.sleep(max(0.0, interval - (time.monotonic() - started)))


def _scheduled_backup(ctx: typer.Context) -> None:
    with opened(ctx) as archive:
        ran = schedule.run_if_due(archive)
    if ran.snapshot is None:
        due = ran.next_due.strftime("%Y-%m-%d %H:%M UTC")
        out.print(f"No backup due: the {ran.plan.every} plan wants the next one at {due}.")
    else:
        _made(ran.snapshot, ran.plan.target)


def _made(snapshot: backups.Snapshot, destination: str) -> None:
    out.print(
        f"Snapshot {snapshot.id} of archive {snapshot.archive_id} in {destination}: "
        f"custody head {snapshot.head_seq}."
    )


_UNITS: Final = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_interval(text: str) -> int:
    """Seconds in an interval written as a whole number and a unit: 45s, 30m, 6h, 1d."""
    match = re.fullmatch(r"\s*(\d{1,7})\s*([smhd])\s*", text.lower())
    if match is None or int(match.group(1)) == 0:
        raise DocketError(f"--every takes an interval such as 30m, 6h or 1d, not {text!r}")
    return int(match.group(1)) * _UNITS[match.group(2)]


@reports_errors
def list_backups(ctx: typer.Context, destination: Destination) -> None:
    """List the snapshots in a backup repository, oldest first."""
    settings = _settings_for_backups(ctx, destination)
    for snapshot in backups.snapshots(destination, settings, _plain_password(destination)):
        out.print(f"{snapshot.id}  {snapshot.time}  custody head {snapshot.head_seq}")


@reports_errors
def restore(
    ctx: typer.Context,
    snapshot: Annotated[str, typer.Argument(help="Snapshot id, as `docket backups` lists it.")],
    target: Annotated[
        Path, typer.Argument(help="New folder for the restored archive.", file_okay=False)
    ],
    source: Annotated[
        str,
        typer.Option(
            "--from",
            help="Folder of the restic repository, sftp:\\[user@]host:/path, or "
            "s3:https://host[:port]/bucket\\[/prefix].",
        ),
    ],
    expect_archive: Annotated[
        str | None,
        typer.Option(
            "--archive", help="Refuse a snapshot of any other archive than this id.", metavar="ID"
        ),
    ] = None,
) -> None:
    """Restore a snapshot into a new folder, after reading back every byte of the repository
    (restic check --read-data), and verify it against the custody head the snapshot holds.

    Nothing is overwritten: the folder must be new or empty. On PostgreSQL give --database-url
    an empty database to restore the records into.
    """
    settings = _settings_for_backups(ctx, source)
    restored = backups.restore(
        source,
        snapshot,
        target,
        settings,
        _plain_password(source),
        expect_archive=expect_archive,
    )
    for problem in restored.problems:
        out.print(f"{problem.kind}: {problem.message}")
    if restored.problems:
        raise typer.Exit(EXIT_PROBLEMS)
    out.print(
        f"Restored snapshot {restored.snapshot.id} into {restored.home}: verified intact "
        f"against custody head {restored.snapshot.head_seq}."
    )


def _settings_for_backups(ctx: typer.Context, destination: str) -> Settings:
    settings = settings_from(ctx)
    given = settings.passphrase or settings.key_file or settings.key_text
    if not given and backups.key_kind(destination) == "passphrase":
        typed = ask_passphrase()
        if typed:
            settings = dataclasses.replace(settings, passphrase=typed)
    return settings


def _plain_password(destination: str) -> str | None:
    return None if backups.key_kind(destination) else _backup_password(confirm=False)


def _backup_password(*, confirm: bool) -> str | None:
    given = os.environ.get(backups.PASSWORD_ENV)
    if given or not sys.stdin.isatty():
        return given
    text: str = typer.prompt(
        "Backup password", hide_input=True, confirmation_prompt=confirm, err=True
    )
    return text


@reports_errors
def encrypt(
    ctx: typer.Context,
    key_file: Annotated[
        Path | None,
        typer.Option(
            "--key-file",
            help="The key file that will unlock the archive; made (32 random bytes) when it "
            "does not exist yet. Without it a passphrase is asked for (or DOCKET_PASSPHRASE).",
            show_default=False,
        ),
    ] = None,
    reason: Annotated[
        str, typer.Option(help="Why, for the chain of custody.")
    ] = "encryption at rest",
) -> None:
    """Encrypt an existing plain archive: database, files and keys; then verify it.

    Refused while another Docket process has the archive open (stop it first). Interrupted, the
    archive stays usable with its key and running the command again finishes. Plain copies are
    overwritten and removed once their encrypted copies read back; see docs/security.md for what
    overwriting cannot promise on SSDs.
    """
    settings = settings_from(ctx)
    with encryption.alone(settings):
        # Alone before a key file is made: refused, the command leaves nothing behind.
        unlocker = new_unlocker(settings, key_file)
        settings = with_unlocker(settings, unlocker)
        done = encryption.encrypt(settings, reason, lambda step: err.print(f"encrypting: {step}"))
    out.print(
        f"Encrypted {settings.home}: {done.blobs_sealed} files sealed"
        + (", database encrypted." if done.database_encrypted else ".")
    )
    with Archive.open(settings) as archive:
        problems = list(archive.verify())
    if problems:
        for problem in problems:
            out.print(f"{problem.kind}: {problem.message}")
        raise typer.Exit(EXIT_PROBLEMS)
    out.print("Verified: intact.")


@reports_errors
def lock(
    ctx: typer.Context,
    archive: Annotated[
        Path | None,
        typer.Option(
            "--archive",
            metavar="DIR",
            help="Archive folder to lock. Default: --home (DOCKET_HOME, ./docket-data).",
            file_okay=False,
            # Only passed through: the folder of a server run by another user may be closed.
            readable=False,
            show_default=False,
        ),
    ] = None,
    wait: Annotated[
        float,
        typer.Option(
            "--wait",
            metavar="SECONDS",
            help="How long the processes get to stop cleanly before they are killed.",
            min=0,
            max=600,
        ),
    ] = 10,
) -> None:
    """Stop every process of this machine that has the archive open (docket serve, backup
    --every, an ingest…) and what they started, so the archive key leaves memory now.

    Each is asked to stop (SIGTERM) and killed (SIGKILL) if it has not after --wait seconds;
    what was committed is kept. Nothing is asked for: the archive stays closed until a command
    is given its passphrase or key file again. A plain archive's processes are stopped too,
    though that protects nothing on its disk.
    """
    home = (archive or settings_from(ctx).home).absolute()
    locked = lockdown.lock(home, wait, _said)
    stopped = len(locked.stopped)
    if locked.refused:
        out.print(
            f"{len(locked.refused)} process(es) could not be stopped and may still hold the "
            f"key of the archive in {home}: stop them as their user or as root."
        )
        raise typer.Exit(EXIT_PROBLEMS)
    if not locked.encrypted:
        out.print(
            f"The archive in {home} is not encrypted: its files are readable on disk, so "
            f"stopping its processes ({stopped}) protects nothing at rest."
        )
    elif stopped == 0:
        out.print(f"No process has the archive in {home} open: its key is in no memory.")
    else:
        out.print(
            f"Locked {home}: {stopped} process(es) stopped; its key is in no memory until it "
            "is unlocked again."
        )


def _said(outcome: lockdown.Stopped | lockdown.Refused) -> None:
    process = outcome.process
    if isinstance(outcome, lockdown.Refused):
        err.print(f"cannot stop {process.pid} ({process.command}): {outcome.reason}")
    elif outcome.how == "killed":
        out.print(f"Killed {process.pid} ({process.command}): it did not stop in time.")
    else:
        out.print(f"Stopped {process.pid} ({process.command}).")


def with_unlocker(settings: Settings, unlocker: Unlocker) -> Settings:
    """``settings`` that unlock with ``unlocker`` and nothing else."""
    if isinstance(unlocker, Passphrase):
        return dataclasses.replace(settings, passphrase=unlocker.text, key_file=None, key_text=None)
    text = base64.b64encode(unlocker.secret).decode("ascii")
    return dataclasses.replace(settings, key_text=text, key_file=None, passphrase=None)


def ask_passphrase() -> str | None:
    """The passphrase typed at a terminal; None without one (the archive then says how to give
    it)."""
    if not sys.stdin.isatty():
        return None
    text: str = typer.prompt("Passphrase", hide_input=True, err=True)
    return text


def new_unlocker(settings: Settings, key_file: Path | None) -> Unlocker:
    """What will unlock a new encrypted archive: a key file (made when it does not exist),
    ``$DOCKET_KEY``, or a passphrase from ``$DOCKET_PASSPHRASE`` or typed twice."""
    key_file = key_file or settings.key_file
    if key_file is not None:
        key_file = key_file.absolute()
        return read_key_file(key_file) if key_file.exists() else new_key_file(key_file)
    if settings.key_text:
        return key_text(settings.key_text, "DOCKET_KEY")
    passphrase = settings.passphrase
    if passphrase is None:
        if not sys.stdin.isatty():
            raise DocketError(
                "--encrypt needs a passphrase (type it at a terminal or set DOCKET_PASSPHRASE) "
                "or a key file (--key-file PATH)"
            )
        passphrase = typer.prompt(
            "New passphrase", hide_input=True, confirmation_prompt=True, err=True
        )
    return checked_passphrase(passphrase)


def checked_passphrase(text: str) -> Passphrase:
    if len(text) < MIN_PASSPHRASE:
        raise DocketError(
            f"the passphrase must be at least {MIN_PASSPHRASE} characters: a few words "
            "nobody could guess"
        )
    return Passphrase(text)


__all__ = ["KeyFileSecret", "ask_passphrase", "new_unlocker", "register", "with_unlocker"]
