"""The receiving side of witnessing: an archive that keeps the checkpoints other archives send."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

from docket.evidence import keys
from docket.evidence.durable_writes import write_new
from docket.evidence.verify import HeadStatement
from docket.evidence.witness_statements import (
    KeyChanged,
    StatementFolder,
    StatementRefused,
    parse_statement,
    signed_by_its_key,
)

# Where an archive keeps the checkpoints other archives send it.
WITNESSED_DIR: Final = "witnessed"
KEY_FILE: Final = "public-key"


@dataclass(frozen=True)
class Receipt:
    archive_id: str
    seq: int
    outcome: Literal["new", "held", "fork"]


class WitnessDesk:
    """Checks and keeps the statements other archives send to this one (``<home>/witnessed``).

    Nothing here touches this archive's database or chain of custody: two archives witnessing
    each other would otherwise send each other a new checkpoint for every one received.
    """

    def __init__(self, home: Path) -> None:
        self.root = home / WITNESSED_DIR
        self.folder = StatementFolder(self.root)

    def receive(self, text: str) -> Receipt:
        statement = parse_statement(text)
        if not signed_by_its_key(statement):
            raise StatementRefused("the checkpoint's signature is not valid for its key")
        self.root.mkdir(mode=0o700, exist_ok=True)
        (self.root / statement.archive_id).mkdir(exist_ok=True)
        key_path = self.root / statement.archive_id / KEY_FILE
        # The first statement of an archive fixes its key; a later key is refused, not learnt.
        write_new(key_path, statement.public_key + "\n")
        known = key_path.read_text(encoding="ascii").strip()
        if known != statement.public_key:
            raise KeyChanged(
                f"archive {statement.archive_id} signed its checkpoints with key "
                f"{keys.fingerprint(known)}, not {keys.fingerprint(statement.public_key)}; "
                "refused"
            )
        kept = self.folder.keep(statement)
        return Receipt(statement.archive_id, statement.seq, kept.outcome)

    def newest(self, archive_id: str) -> list[HeadStatement]:
        try:
            canonical = str(uuid.UUID(archive_id))
        except ValueError:
            return []
        return self.folder.newest(canonical) if canonical == archive_id else []
