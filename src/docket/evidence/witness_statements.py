"""Checkpoint statements as witnesses hold them: their one strict form, their signature, and the
folder that keeps them without ever overwriting one.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Final, Literal

from docket.errors import DocketError
from docket.evidence import keys
from docket.evidence.custody import Checkpoint, checkpoint_message
from docket.evidence.durable_writes import write_new
from docket.evidence.verify import HeadStatement

# A statement is eight short lines; anything longer is not one.
MAX_STATEMENT: Final = 2048

_HEX64: Final = re.compile(r"[0-9a-f]{64}")
_STAMP: Final = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z")
_SIGNATURE: Final = re.compile(r"[A-Za-z0-9+/]{86}==")
_HELD_NAME: Final = re.compile(r"(\d{1,18})(?:-([0-9a-f]{16}))?\.txt")


class WitnessError(DocketError):
    """A witness cannot be configured, reached or written as asked."""


class StatementRefused(DocketError):
    """A checkpoint statement sent to a witness is malformed or its signature is not valid."""


class KeyChanged(StatementRefused):
    """A statement names an archive this witness knows, but another key signed it."""


# -- statements ---------------------------------------------------------------------------------


def parse_statement(text: str) -> HeadStatement:
    """A checkpoint statement, strictly checked: every field has the one form Docket writes.

    Raises ``StatementRefused`` (one line) for anything else; the signature is not checked here.
    """
    if len(text) > MAX_STATEMENT:
        raise StatementRefused(
            f"not a checkpoint statement: longer than {MAX_STATEMENT} characters"
        )
    try:
        statement = HeadStatement.parse(text)
    except DocketError as error:
        raise StatementRefused(str(error)) from None
    try:
        canonical_id = str(uuid.UUID(statement.archive_id))
    except ValueError:
        canonical_id = ""
    if canonical_id != statement.archive_id:
        raise StatementRefused("not a checkpoint statement: the archive id is not a UUID")
    if statement.seq < 1 or not _HEX64.fullmatch(statement.hash):
        raise StatementRefused("not a checkpoint statement: bad entry number or head hash")
    if not _STAMP.fullmatch(statement.at) or not _SIGNATURE.fullmatch(statement.signature):
        raise StatementRefused("not a checkpoint statement: bad signed-at time or signature")
    keys.decode_public_key(statement.public_key)
    return statement


def render(statement: HeadStatement) -> str:
    """The statement in the one form Docket prints (``docket checkpoint``)."""
    checkpoint = Checkpoint(
        statement.archive_id, statement.seq, statement.hash, statement.at, statement.signature
    )
    return checkpoint.statement(statement.public_key)


def signed_by_its_key(statement: HeadStatement) -> bool:
    """Whether the statement's signature is valid for the public key it names."""
    message = checkpoint_message(statement.archive_id, statement.seq, statement.hash, statement.at)
    return keys.signature_valid(
        keys.decode_public_key(statement.public_key), message, statement.signature
    )


def signed_at(statement: HeadStatement) -> datetime:
    return datetime.strptime(statement.at, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


# -- a folder of kept statements ------------------------------------------------------------------


@dataclass(frozen=True)
class Kept:
    """What keeping one statement did: ``new`` (written), ``held`` (already there) or ``fork``
    (another head for the same entry was already there; both are now kept)."""

    outcome: Literal["new", "held", "fork"]
    path: Path


class StatementFolder:
    """Statements of one or more archives in ``<root>/<archive-id>/<seq>.txt``.

    A statement whose entry number is already held with another head is a fork of that archive's
    history: it is kept beside the first as ``<seq>-<first 16 hex of its head>.txt``. Nothing is
    ever overwritten, so the first statement received for an entry stays the reference.
    """

    def __init__(self, root: Path) -> None:
        self.root = root

    def keep(self, statement: HeadStatement) -> Kept:
        folder = self.root / statement.archive_id
        folder.mkdir(exist_ok=True)
        text = render(statement)
        first = folder / f"{statement.seq}.txt"
        if write_new(first, text):
            return Kept("new", first)
        held = _read_statement(first)
        if held is not None and held.hash == statement.hash:
            return Kept("held", first)
        beside = folder / f"{statement.seq}-{statement.hash[:16]}.txt"
        if not write_new(beside, text) and not _same_head(beside, statement):
            raise WitnessError(f"{beside} exists and holds another statement")
        # A first file that is no statement (cut short by a power cut) is no evidence of a fork.
        return Kept("new" if held is None else "fork", beside)

    def newest(self, archive_id: str) -> list[HeadStatement]:
        """The statements of the highest entry number held for the archive, the first received
        first; files that do not parse as statements of this archive are passed over."""
        folder = self.root / archive_id
        if not folder.is_dir():
            return []
        by_seq: dict[int, list[tuple[str, Path]]] = {}
        for path in folder.iterdir():
            match = _HELD_NAME.fullmatch(path.name)
            if match:
                by_seq.setdefault(int(match[1]), []).append((match[2] or "", path))
        for seq in sorted(by_seq, reverse=True):
            found = []
            for _, path in sorted(by_seq[seq]):
                statement = _read_statement(path)
                if statement and statement.archive_id == archive_id and statement.seq == seq:
                    found.append(statement)
            if found:
                return found
        return []


def _read_statement(path: Path) -> HeadStatement | None:
    try:
        return parse_statement(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, DocketError):
        return None


def _same_head(path: Path, statement: HeadStatement) -> bool:
    held = _read_statement(path)
    return held is not None and (held.seq, held.hash) == (statement.seq, statement.hash)
