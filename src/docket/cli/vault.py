"""Encryption at rest from the command line: the key that unlocks an archive, ``encrypt``,
``backup`` and ``restore``."""

from __future__ import annotations

import base64
import dataclasses
import sys
from pathlib import Path
from typing import Annotated, Final

import typer

from docket.archive import Archive
from docket.cli.context import EXIT_PROBLEMS, err, out, reports_errors, settings_from
from docket.config import Settings
from docket.errors import DocketError
from docket.safekeeping import encryption
from docket.vault.header import (
    KeyFileSecret,
    Passphrase,
    Unlocker,
    key_text,
    new_key_file,
    read_key_file,
)

# Commands that choose the key themselves: the root does not ask for a passphrase first.
SETS_ITS_OWN_KEY: Final = frozenset({"init"})
MIN_PASSPHRASE: Final = 12


def register(app: typer.Typer) -> None:
    app.command("encrypt")(encrypt)


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

    Stop every other Docket process on the archive first. Interrupted, the archive stays usable
    with its key and running the command again finishes. Plain copies are overwritten and removed
    once their encrypted copies read back; see docs/security.md for what overwriting cannot
    promise on SSDs.
    """
    settings = settings_from(ctx)
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
