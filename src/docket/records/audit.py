"""Chain-of-custody entries for records, appended many at a time.

A bulk import makes one entry per record, like any other change, but takes the chain's head lock
once and writes the entries with one multi-row insert. The hashing is the chain's own
(``entry_hash`` over ``canonical_json``), so ``docket verify`` cannot tell them apart from
entries appended one by one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import Connection, insert, select, update

from docket.db.schema import chain_head, custody
from docket.evidence.custody import HEAD_ROW, canonical_json, entry_hash, utc_now


class RecordAction:
    """The custody vocabulary of records."""

    CREATED: Final = "record_created"
    EDITED: Final = "record_edited"
    RETRACTED: Final = "record_retracted"
    VIEWED: Final = "record_viewed"
    EXPORTED: Final = "records_exported"


@dataclass(frozen=True)
class Pending:
    action: str
    subject: str
    payload: Mapping[str, Any]


def subject(record_id: int) -> str:
    return f"record:{record_id}"


def change_digest(change_json: str) -> str:
    """What binds a version row to its custody entry without copying its (sealed) values."""
    return hashlib.sha256(change_json.encode("utf-8")).hexdigest()


def append_entries(connection: Connection, entries: Sequence[Pending], actor: str) -> None:
    """Append ``entries`` in order inside the caller's write transaction."""
    if not entries:
        return
    head = connection.execute(
        select(chain_head.c.seq, chain_head.c.hash)
        .where(chain_head.c.id == HEAD_ROW)
        .with_for_update()
    ).one()
    seq, previous = int(head.seq), str(head.hash)
    rows = []
    for entry in entries:
        seq += 1
        at = utc_now()
        body = canonical_json(entry.payload)
        digest = entry_hash(seq, at, actor, entry.action, entry.subject, body, previous)
        rows.append(
            {
                "seq": seq,
                "at": at,
                "actor": actor,
                "action": entry.action,
                "subject": entry.subject,
                "item_id": None,
                "payload": body,
                "prev_hash": previous,
                "hash": digest,
            }
        )
        previous = digest
    connection.execute(insert(custody), rows)
    connection.execute(
        update(chain_head).where(chain_head.c.id == HEAD_ROW).values(seq=seq, hash=previous)
    )
