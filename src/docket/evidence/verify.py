"""Proof of integrity: re-hash every blob, walk the whole chain, check every signature, and hold
every table that keeps evidence, records or decisions to what the chain says it holds.

Items and working copies are replayed from their entries (here), records, values, citations and
versions from the versions the chain binds (``record_integrity``), linkage judgements from their
entries (``link_integrity``), proposals, users and API
tokens are compared with the state digests their entries carry (``sealing``). Everything is
streamed in key order and merged, so memory stays flat however large the archive. Each problem
is one line that says what is wrong and where.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from sqlalchemy import Connection, func, select

from docket.db.schema import chain_head, checkpoints, custody, items, renditions
from docket.errors import DocketError
from docket.evidence import keys
from docket.evidence.blobs import BlobStore
from docket.evidence.custody import Entry, checkpoint_message, entry_hash, genesis_hash, replay
from docket.evidence.link_integrity import JudgementCheck
from docket.evidence.problems import Problem
from docket.evidence.record_integrity import RecordCheck
from docket.evidence.sealing import NOUNS, SEALED, TABLES, sealed_in, state_digest

__all__ = ["HeadStatement", "Problem", "Verifier"]

BATCH = 2000
RENDITION_FIELDS = (
    "id",
    "item_id",
    "kind",
    "sha256",
    "size",
    "tool",
    "tool_version",
    "created_at",
    "page_starts",
    "notes",
)
Progress = Callable[[str, int], None]
Rehashed = dict[str, tuple[str, int] | None]
Launched = tuple[list[tuple[int, str, int]], list[Future[Rehashed]]]
_PER_TASK = 50


@dataclass(frozen=True)
class HeadStatement:
    """A checkpoint kept outside the archive (the output of ``docket checkpoint``)."""

    archive_id: str
    seq: int
    hash: str
    at: str
    public_key: str
    signature: str

    @classmethod
    def parse(cls, text: str) -> HeadStatement:
        fields: dict[str, str] = {}
        for line in text.splitlines():
            name, sep, value = line.partition(":")
            if sep:
                fields[name.strip().lower()] = value.strip()
        try:
            return cls(
                archive_id=fields["archive"],
                seq=int(fields["entries"]),
                hash=fields["head"],
                at=fields["signed-at"],
                public_key=fields["public-key"],
                signature=fields["signature"],
            )
        except (KeyError, ValueError):
            raise DocketError(
                "not a Docket checkpoint: expected archive, entries, head, signed-at, "
                "public-key and signature lines"
            ) from None


class Verifier:
    def __init__(
        self,
        connection: Connection,
        blobs: BlobStore,
        archive_id: str,
        public_key: str,
        progress: Progress | None = None,
    ) -> None:
        self.connection = connection
        self.blobs = blobs
        self.archive_id = archive_id
        self.public_key = keys.decode_public_key(public_key)
        self.public_key_text = public_key
        self.progress = progress or (lambda _stage, _n: None)
        # The newest state digest the chain holds for each proposal, user and API token row,
        # gathered while the chain is walked: ints to 32 bytes, a few dozen bytes a row.
        self._sealed: dict[str, dict[int, bytes]] = {table: {} for table in TABLES}

    def totals(self) -> dict[str, int]:
        count = self.connection.execute
        return {
            "entries": int(count(select(func.count()).select_from(custody)).scalar_one()),
            "items": int(count(select(func.count()).select_from(items)).scalar_one()),
            "records": RecordCheck(self.connection).count(),
        }

    def run(
        self, against: HeadStatement | Sequence[HeadStatement] | None = None
    ) -> Iterator[Problem]:
        yield from self.chain()
        yield from self.items()
        yield from RecordCheck(self.connection, self.progress).run()
        yield from JudgementCheck(self.connection).run()
        yield from self.sealed_rows()
        outside = [against] if isinstance(against, HeadStatement) else list(against or [])
        for statement in outside:
            yield from self.against(statement)

    # -- the chain -------------------------------------------------------------------------

    def chain(self) -> Iterator[Problem]:
        signed = {
            row.seq: row
            for row in self.connection.execute(select(checkpoints).order_by(checkpoints.c.seq))
        }
        expected_seq = 1
        previous = genesis_hash(self.archive_id)
        last_seq = 0
        for entry in self._entries():
            if entry.seq > expected_seq:
                yield Problem("deleted", f"{_span(expected_seq, entry.seq - 1)} (deleted)")
            recomputed = entry_hash(
                entry.seq,
                entry.at,
                entry.actor,
                entry.action,
                entry.subject,
                entry.payload,
                entry.prev_hash,
            )
            if recomputed != entry.hash:
                yield Problem("edited", f"custody entry {entry.seq} was altered (hash mismatch)")
            if entry.prev_hash != previous:
                yield Problem(
                    "relinked",
                    f"custody entry {entry.seq} does not follow the entry before it "
                    "(entries inserted, deleted or reordered)",
                )
            if _subject_item(entry.subject) != entry.item_id:
                yield Problem("edited", f"custody entry {entry.seq} was moved to another item")
            if SEALED in entry.payload:
                self._gather_sealed(entry)
            checkpoint = signed.get(entry.seq)
            if checkpoint is not None:
                yield from self._checkpoint(checkpoint, entry)
            previous = entry.hash
            expected_seq = entry.seq + 1
            last_seq = entry.seq
            if entry.seq % BATCH == 0:
                self.progress("chain", BATCH)
        self.progress("chain", last_seq % BATCH)
        for seq in sorted(s for s in signed if s > last_seq):
            yield Problem(
                "deleted",
                f"custody entries after {last_seq} are missing: checkpoint {seq} signed them",
            )
        head = self.connection.execute(select(chain_head.c.seq, chain_head.c.hash)).first()
        if head is None or head.seq != last_seq or (last_seq and head.hash != previous):
            yield Problem(
                "deleted",
                f"the chain head records entry {head.seq if head else '?'} but the log ends "
                f"at {last_seq} (entries deleted or head altered)",
            )

    def _gather_sealed(self, entry: Entry) -> None:
        try:
            payload = entry.data
        except ValueError:
            return  # the entry's hash already tells it was altered
        for table, row_id, digest in sealed_in(payload):
            try:
                self._sealed[table][row_id] = bytes.fromhex(digest)
            except ValueError:
                self._sealed[table][row_id] = b""

    def _checkpoint(self, checkpoint: Any, entry: Entry) -> Iterator[Problem]:
        if checkpoint.hash != entry.hash:
            yield Problem(
                "rewritten",
                f"checkpoint {checkpoint.seq} signed a different head than the log now holds "
                "(history rewritten)",
            )
        message = checkpoint_message(
            self.archive_id, checkpoint.seq, checkpoint.hash, checkpoint.at
        )
        if not keys.signature_valid(self.public_key, message, checkpoint.signature):
            yield Problem("signature", f"checkpoint {checkpoint.seq} has an invalid signature")

    def _entries(self, query: Any = None) -> Iterator[Entry]:
        statement = query if query is not None else select(custody).order_by(custody.c.seq)
        stream = self.connection.execution_options(stream_results=True, yield_per=BATCH)
        for row in stream.execute(statement):
            yield Entry(
                row.seq,
                row.at,
                row.actor,
                row.action,
                row.subject,
                row.item_id,
                row.payload,
                row.prev_hash,
                row.hash,
            )

    # -- items against the log and the blob store -----------------------------------------

    def items(self) -> Iterator[Problem]:
        logged = groupby(
            self._entries(
                select(custody)
                .where(custody.c.item_id.is_not(None))
                .order_by(custody.c.item_id, custody.c.seq)
            ),
            key=lambda entry: entry.item_id,
        )
        derived = groupby(self._renditions(), key=lambda row: row["item_id"])
        log_group = next(logged, None)
        rendition_group = next(derived, None)
        pending: list[tuple[int, str, int]] = []
        in_flight: Launched | None = None
        with ThreadPoolExecutor(max_workers=4) as pool:
            for item in self._items():
                item_id = item["id"]
                while log_group is not None and log_group[0] < item_id:
                    yield Problem(
                        "deleted",
                        f"item {log_group[0]} is in the custody log but not in the archive",
                    )
                    log_group = next(logged, None)
                history: list[Entry] = []
                if log_group is not None and log_group[0] == item_id:
                    history = list(log_group[1])
                    log_group = next(logged, None)
                while rendition_group is not None and rendition_group[0] < item_id:
                    yield Problem(
                        "inserted",
                        f"working copies of item {rendition_group[0]} exist without the item",
                    )
                    rendition_group = next(derived, None)
                stored: list[dict[str, Any]] = []
                if rendition_group is not None and rendition_group[0] == item_id:
                    stored = list(rendition_group[1])
                    rendition_group = next(derived, None)
                yield from compare_item(item, history, stored)
                pending.append((item_id, item["sha256"], item["size"]))
                pending.extend((item_id, r["sha256"], r["size"]) for r in stored)
                if len(pending) >= BATCH:
                    # The pool hashes this batch while the next one is read and compared.
                    launched = self._launch(pool, pending)
                    if in_flight is not None:
                        yield from self._rehashed(*in_flight)
                    in_flight, pending = launched, []
            if in_flight is not None:
                yield from self._rehashed(*in_flight)
            yield from self._rehashed(*self._launch(pool, pending))
        while log_group is not None:
            yield Problem(
                "deleted", f"item {log_group[0]} is in the custody log but not in the archive"
            )
            log_group = next(logged, None)

    def _items(self) -> Iterator[dict[str, Any]]:
        stream = self.connection.execution_options(stream_results=True, yield_per=BATCH)
        for row in stream.execute(select(items).order_by(items.c.id)).mappings():
            yield dict(row)

    def _renditions(self) -> Iterator[dict[str, Any]]:
        stream = self.connection.execution_options(stream_results=True, yield_per=BATCH)
        query = select(renditions).order_by(renditions.c.item_id, renditions.c.id)
        for row in stream.execute(query).mappings():
            yield dict(row)

    def _launch(self, pool: ThreadPoolExecutor, blobs: list[tuple[int, str, int]]) -> Launched:
        # Each stored file once, even when an item's text is the same file as its original, and
        # a few dozen files a task: a task per file cost more to hand over than to hash.
        unique = list(dict.fromkeys(sha256 for _, sha256, _ in blobs))
        tasks = [
            pool.submit(self._rehash_many, unique[start : start + _PER_TASK])
            for start in range(0, len(unique), _PER_TASK)
        ]
        return blobs, tasks

    def _rehash_many(self, digests: list[str]) -> dict[str, tuple[str, int] | None]:
        return {sha256: self.blobs.rehash(sha256) for sha256 in digests}

    def _rehashed(
        self, blobs: list[tuple[int, str, int]], tasks: list[Future[Rehashed]]
    ) -> Iterator[Problem]:
        results: Rehashed = {}
        for task in tasks:
            results.update(task.result())
        for item_id, sha256, size in blobs:
            actual = results[sha256]
            if actual is None:
                yield Problem("missing", f"item {item_id}: stored file {sha256[:12]}… is missing")
            elif actual != (sha256, size):
                yield Problem(
                    "changed", f"item {item_id}: stored file {sha256[:12]}… was changed on disk"
                )
        self.progress("items", len({b[0] for b in blobs}))

    # -- proposals, users and API tokens against their sealed states ----------------------

    def sealed_rows(self) -> Iterator[Problem]:
        """Every row of a sealed table against the newest digest the chain holds for it."""
        stream = self.connection.execution_options(stream_results=True, yield_per=BATCH)
        for name, table in TABLES.items():
            expected = self._sealed[name]
            noun = NOUNS[name]
            for row in stream.execute(select(table).order_by(table.c.id)).mappings():
                row_id = int(row["id"])
                digest = expected.pop(row_id, None)
                if digest is None:
                    yield Problem(
                        "inserted",
                        f"{noun} {row_id} has no custody entry (added outside the log)",
                    )
                elif bytes.fromhex(state_digest(name, row)) != digest:
                    yield Problem("edited", f"{noun} {row_id} differs from its custody entries")
            for row_id in sorted(expected):
                yield Problem(
                    "deleted",
                    f"{noun} {row_id} is in the custody log but not in the archive (deleted)",
                )

    # -- an outside checkpoint -------------------------------------------------------------

    def against(self, statement: HeadStatement) -> Iterator[Problem]:
        outside_key = keys.decode_public_key(statement.public_key)
        message = checkpoint_message(
            statement.archive_id, statement.seq, statement.hash, statement.at
        )
        if not keys.signature_valid(outside_key, message, statement.signature):
            yield Problem("signature", "the outside checkpoint's signature is not valid")
            return
        if statement.archive_id != self.archive_id:
            yield Problem("foreign", "the outside checkpoint belongs to another archive")
            return
        if statement.public_key != self.public_key_text:
            yield Problem(
                "key",
                "the archive's key differs from the key that signed the outside checkpoint "
                f"({keys.fingerprint(statement.public_key)})",
            )
        held = self.connection.execute(
            select(custody.c.hash).where(custody.c.seq == statement.seq)
        ).scalar()
        if held is None:
            yield Problem(
                "deleted",
                f"custody entry {statement.seq}, signed outside the archive at {statement.at}, "
                "is gone (history truncated)",
            )
        elif held != statement.hash:
            yield Problem(
                "rewritten",
                f"custody history up to entry {statement.seq} was rewritten since the outside "
                f"checkpoint of {statement.at}",
            )


def compare_item(
    item: dict[str, Any], history: list[Entry], stored: list[dict[str, Any]]
) -> Iterator[Problem]:
    item_id = item["id"]
    logged_item = replay(history)
    if logged_item is None:
        yield Problem(
            "inserted", f"item {item_id} has no 'received' custody entry (added outside the log)"
        )
        return
    expected = logged_item.metadata
    changed = sorted(name for name, value in expected.items() if item.get(name) != value)
    if changed:
        yield Problem(
            "metadata",
            f"item {item_id}: {', '.join(changed)} changed outside the chain of custody",
        )
    logged = {r["id"]: r for r in logged_item.renditions}
    for row in stored:
        recorded = logged.pop(row["id"], None)
        if recorded is None:
            yield Problem(
                "inserted", f"item {item_id}: working copy {row['id']} was added outside the log"
            )
        elif any(_differs(row[f], recorded.get(f)) for f in RENDITION_FIELDS):
            yield Problem(
                "metadata", f"item {item_id}: working copy {row['id']} changed outside the log"
            )
    for missing in logged:
        yield Problem("deleted", f"item {item_id}: working copy {missing} was deleted")


def _differs(stored: Any, logged: Any) -> bool:
    # Most columns are equal as they come; only JSON text needs parsing to compare.
    return bool(stored != logged and _json_safe(stored) != _json_safe(logged))


def _json_safe(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _subject_item(subject: str) -> int | None:
    kind, _, ident = subject.partition(":")
    return int(ident) if kind == "item" and ident.isdigit() else None


def _span(first: int, last: int) -> str:
    if first == last:
        return f"custody entry {first} is missing"
    return f"custody entries {first}–{last} are missing"
