"""``Kernel``: what every service of one opened archive stands on.

The engine, the blob store, the custody appender, checkpoints and settings — and nothing that
reads on anyone's behalf: services take a kernel and a viewer, and only ``Archive`` (the door
above them) builds either.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from sqlalchemy import ColumnElement, Connection, Engine, Select, bindparam, func, select

from docket.config import Settings
from docket.db.engine import reading, writing
from docket.db.schema import renditions
from docket.errors import DocketError
from docket.evidence import keys, witness
from docket.evidence.blobs import BlobStore
from docket.evidence.custody import Checkpoint, CustodyLog, Entry
from docket.evidence.kept_texts import KeptTexts
from docket.vault import conversion
from docket.vault.keyring import ArchiveKeys

KEYS_DIR: Final = "keys"
BLOBS_DIR: Final = "blobs"


@dataclass
class Kernel:
    """One archive's storage and chain of custody, shared by its services."""

    settings: Settings
    engine: Engine
    archive_id: str
    public_key: str
    # The unlocked archive key of an encrypted archive; None for a plain one.
    sealing: ArchiveKeys | None = field(default=None, repr=False)
    blobs: BlobStore = field(init=False)
    custody: CustodyLog = field(init=False)
    # Working-copy texts read before, by hash: pages cite the same reports over and over.
    texts: KeptTexts = field(default_factory=KeptTexts, init=False, repr=False)
    # Indexes derived from the database that services above keep for the archive while it is
    # open (the search index), by name: the kernel holds them without knowing what they are.
    derived: dict[str, object] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        self.blobs = BlobStore(
            self.settings.home / BLOBS_DIR,
            self.sealing,
            plain_fallback=conversion.in_progress(self.settings.home),
        )
        self.custody = CustodyLog(self.archive_id)

    @property
    def keys_dir(self) -> Path:
        return self.settings.home / KEYS_DIR

    @property
    def encrypted(self) -> bool:
        return self.sealing is not None

    @property
    def sealed_record_key(self) -> Callable[[bool], bytes | None] | None:
        """How an encrypted archive's record key is unsealed (``create`` makes it); None for a
        plain archive, whose record key lies in ``records.key``."""
        sealing = self.sealing
        if sealing is None:
            return None
        return lambda create: keys.sealed_record_key(self.keys_dir, sealing, create=create)

    def checkpoint(self) -> Checkpoint | None:
        """Sign the chain's head (no-op when the head is already signed)."""
        key = keys.load_private_key(self.settings.home / KEYS_DIR, self.sealing)
        with writing(self.engine) as connection:
            checkpoint = self.custody.checkpoint(connection, key)
        if checkpoint is not None:
            # After the commit: witnesses must only ever hold checkpoints the archive holds.
            witness.deliver(self.settings.home, checkpoint, self.public_key)
        return checkpoint

    def append_signed(
        self, action: str, subject: str, payload: Mapping[str, Any], *, actor: str
    ) -> tuple[Entry, Checkpoint]:
        """Append one entry and sign the chain at it in the same transaction, so the signed
        head is that very entry: its statement proves the entry alone, whatever came after."""
        key = keys.load_private_key(self.settings.home / KEYS_DIR, self.sealing)
        with writing(self.engine) as connection:
            entry = self.custody.append(connection, action, subject, payload, actor=actor)
            checkpoint = self.custody.checkpoint(connection, key)
            if checkpoint is None or checkpoint.seq != entry.seq:
                # Rolled back with the entry: nothing stands that the signature does not prove.
                raise DocketError("the chain of custody could not be signed at its new entry")
        witness.deliver(self.settings.home, checkpoint, self.public_key)
        return entry, checkpoint

    def sign(self, message: bytes) -> str:
        """``message`` signed with the archive's key (base64)."""
        return keys.sign(
            keys.load_private_key(self.settings.home / KEYS_DIR, self.sealing), message
        )

    def checkpoint_statement(self) -> str:
        checkpoint = self.checkpoint()
        if checkpoint is None:
            raise DocketError("the chain of custody is empty")
        return checkpoint.statement(self.public_key)

    def text(self, item_id: int) -> str:
        """The newest working-copy text of an item ('' when none could be derived).

        No permission check: services call it for items whose visibility they have checked.
        """
        with reading(self.engine) as connection:
            return self.text_in(connection, item_id)

    def text_in(self, connection: Connection, item_id: int) -> str:
        sha = connection.execute(_NEWEST_TEXT, {"item_id": item_id}).scalar()
        return self.text_of(sha) if sha else ""

    def texts_in(self, connection: Connection, item_ids: Sequence[int]) -> dict[int, str]:
        """The newest working-copy text of each item, as :meth:`text_in`, found in one query:
        a page of search results needs twenty."""
        if not item_ids:
            return {}
        newest = dict.fromkeys(item_ids, "")
        for item_id, sha in connection.execute(_NEWEST_TEXTS, {"item_ids": list(item_ids)}):
            newest[int(item_id)] = str(sha)
        return {item_id: self.text_of(sha) if sha else "" for item_id, sha in newest.items()}

    def text_of(self, sha256: str) -> str:
        """The text of the blob ``sha256``, kept for the next reader (see ``KeptTexts``)."""
        return self.texts.text(sha256, self.blobs.read_text)


# Built once: a page of search results reads twenty working copies, and building the statement
# cost as much as running it.
def newest_text_sha(item_id: ColumnElement[int]) -> Select[Any]:
    """The SHA-256 of the newest working-copy text of the item ``item_id`` names (a bound
    value, or a column a larger query correlates it with)."""
    return (
        select(renditions.c.sha256)
        .where(renditions.c.item_id == item_id, renditions.c.kind == "text")
        .order_by(renditions.c.id.desc())
        .limit(1)
    )


_NEWEST_TEXT = newest_text_sha(bindparam("item_id"))
_NEWEST_TEXTS = select(renditions.c.item_id, renditions.c.sha256).where(
    renditions.c.id.in_(
        select(func.max(renditions.c.id))
        .where(
            renditions.c.item_id.in_(bindparam("item_ids", expanding=True)),
            renditions.c.kind == "text",
        )
        .group_by(renditions.c.item_id)
    )
)
