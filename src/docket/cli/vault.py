"""Encryption at rest from the command line: the key that unlocks an archive, ``encrypt``,
``backup`` and ``restore``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Final

import typer

from docket.config import Settings
from docket.errors import DocketError
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
    del app


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


__all__ = ["KeyFileSecret", "ask_passphrase", "new_unlocker", "register"]
