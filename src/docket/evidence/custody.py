"""The chain of custody: an append-only, hash-chained log with signed checkpoints.

Each entry's hash covers its sequence number, time, actor, action, subject, payload and the
previous entry's hash, so editing, deleting, inserting or reordering any entry breaks the chain
from that point on. Checkpoints sign the head with the archive key; a checkpoint kept outside the
archive proves the history up to it was not rewritten later, even by someone holding the key.
"""

from __future__ import annotations

import functools
import getpass
import hashlib
import json
import os
import time
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Final

import orjson
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Connection, bindparam, insert, select, update

from docket.db.bulk import write_columns
from docket.db.schema import chain_head, checkpoints, custody, items
from docket.evidence import keys

HEAD_ROW = 1
_HEAD = select(chain_head.c.seq, chain_head.c.hash).where(chain_head.c.id == HEAD_ROW)
# How far back from the head ``last_change`` looks past reads when it knows of no change nearer:
# a long run of reads makes it answer with the head (a change it cannot see past) rather than walk
# the whole run each time.
CHANGE_REACH: Final = 512
_LAST_CHANGE = (
    select(custody.c.seq, custody.c.hash)
    .where(
        custody.c.action.not_in(bindparam("reads", expanding=True)),
        custody.c.seq > bindparam("after"),
        custody.c.seq <= bindparam("head"),
    )
    .order_by(custody.c.seq.desc())
    .limit(1)
)
_HEAD_AND_KNOWN = select(
    chain_head.c.seq,
    chain_head.c.hash,
    select(custody.c.hash)
    .where(custody.c.seq == bindparam("known"))
    .scalar_subquery()
    .label("known_hash"),
).where(chain_head.c.id == HEAD_ROW)
# The same three as columns another statement can carry (``CustodyLog.last_change_from``): a
# request reads the archive's position with its signed-in session, in one statement.
HEAD_COLUMNS: Final = (
    select(chain_head.c.seq).where(chain_head.c.id == HEAD_ROW).scalar_subquery().label("head_seq"),
    select(chain_head.c.hash)
    .where(chain_head.c.id == HEAD_ROW)
    .scalar_subquery()
    .label("head_hash"),
    select(custody.c.hash)
    .where(custody.c.seq == bindparam("known"))
    .scalar_subquery()
    .label("head_known_hash"),
)
# The level of an entry that names an item which cannot be found: no reader's clearance has it.
UNKNOWN_LEVEL = "unknown"


class Action:
    """The vocabulary of custody entries."""

    ARCHIVE_CREATED = "archive_created"
    RECEIVED = "received"
    SEEN_AGAIN = "seen_again"
    TEXT_DERIVED = "text_derived"
    TEXT_FAILED = "text_failed"
    # A rendition other than the working copy (a capture's screenshot, PDF print, metadata).
    RENDITION_DERIVED = "rendition_derived"
    METADATA_EDITED = "metadata_edited"
    EXPORTED = "exported"
    ARCHIVE_ENCRYPTED = "archive_encrypted"
    BACKED_UP = "backed_up"
    BACKUP_PLAN_SET = "backup_plan_set"
    BACKUP_PLAN_STOPPED = "backup_plan_stopped"
    RESTORED = "restored"
    # A model trained on the archive's review decisions, and which one extraction uses.
    MODEL_TRAINED = "model_trained"
    MODEL_ACTIVATED = "model_activated"


@dataclass(frozen=True)
class Entry:
    seq: int
    at: str
    actor: str
    action: str
    subject: str
    item_id: int | None
    payload: str
    prev_hash: str
    hash: str

    @property
    def data(self) -> dict[str, Any]:
        loaded: dict[str, Any] = json.loads(self.payload)
        return loaded

    def to_json(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "at": self.at,
            "actor": self.actor,
            "action": self.action,
            "subject": self.subject,
            "item_id": self.item_id,
            "payload": self.data,
            "prev_hash": self.prev_hash,
            "hash": self.hash,
        }


def linked_items(entry: Entry) -> frozenset[int]:
    """The ids of other items an item's entry names: the container it came in, the item it
    translates (as received, seen again or edited)."""
    if entry.item_id is None:
        return frozenset()
    data = entry.data
    named: list[Any] = []
    if entry.action == Action.RECEIVED:
        item = data.get("item") or {}
        named += [item.get("parent_id"), item.get("translation_of")]
    elif entry.action == Action.SEEN_AGAIN:
        named.append(data.get("parent_id"))
    elif entry.action == Action.METADATA_EDITED:
        change = (data.get("changes") or {}).get("translation_of") or {}
        named += [change.get("old"), change.get("new")]
    provenance = data.get("provenance") or {}
    named.append(provenance.get("translation_of"))
    return frozenset(
        int(value)
        for value in named
        if isinstance(value, int) and not isinstance(value, bool) and value != entry.item_id
    )


def entry_levels(
    entry: Entry, subject_level: str, linked_levels: Mapping[int, str | None] | None = None
) -> frozenset[str]:
    """The confidentiality levels of what an entry reveals; a reader must be cleared for each.

    An entry has at least the level of its subject (the item or record it is about). A
    ``seen_again`` entry also has the level its provenance was given at: whoever brought known
    bytes again at a higher level keeps their source, name and note at that level, whatever the
    item's own level. An entry naming other items (``linked_items``) has their levels too; an
    item that cannot be found there counts as one nobody may see.
    """
    levels = {subject_level}
    if entry.action == Action.SEEN_AGAIN:
        provenance = entry.data.get("provenance") or {}
        levels.add(str(provenance.get("confidentiality") or subject_level))
    for item_id in linked_items(entry):
        level = (linked_levels or {}).get(item_id)
        levels.add(UNKNOWN_LEVEL if level is None else level)
    return frozenset(levels)


def visible_entries(
    history: Iterable[Entry],
    subject_level: str,
    can_see: Callable[[str], bool],
    linked_levels: Mapping[int, str | None] | None = None,
) -> list[Entry]:
    """The entries of ``history`` whose every level (``entry_levels``) the reader may see."""
    return [
        entry
        for entry in history
        if all(can_see(level) for level in entry_levels(entry, subject_level, linked_levels))
    ]


# The payloads orjson writes as ``json.dumps`` does: no float (orjson writes small ones its own
# way) and nothing nested that could hold one.
_FLAT_TYPES: Final = frozenset({str, int, bool, type(None)})


def canonical_json(value: Mapping[str, Any]) -> str:
    """The one serialisation that is hashed: sorted keys, no spaces, UTF-8 kept."""
    if all(type(part) in _FLAT_TYPES for part in value.values()):
        # Most payloads (every record's) are flat: orjson gives the same text several times
        # faster, and a bulk import writes one entry per record.
        try:
            return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()
        except orjson.JSONEncodeError:
            pass  # lone surrogates, integers past 64 bits, keys that are not text
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(
    seq: int, at: str, actor: str, action: str, subject: str, payload: str, prev_hash: str
) -> str:
    material = "\n".join([str(seq), at, actor, action, subject, payload, prev_hash])
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def genesis_hash(archive_id: str) -> str:
    """The ``prev_hash`` of the first entry, binding the chain to one archive."""
    return hashlib.sha256(f"docket-archive:{archive_id}".encode()).hexdigest()


def utc_now() -> str:
    return utc_stamp(time.time_ns())


# The last second written and its text: a bulk import stamps thousands of entries a second.
_last_second: tuple[int, str] = (-1, "")


def utc_stamp(nanoseconds: int) -> str:
    """The time ``nanoseconds`` after the epoch as ``2024-01-31T09:05:00.000000Z`` (what
    ``datetime.strftime`` writes), the seconds formatted once for all the entries in each."""
    global _last_second
    second, microsecond = divmod(nanoseconds // 1000, 1_000_000)
    known = _last_second
    if known[0] != second:
        # A tuple swapped whole: threads that race only format the same second twice.
        known = _last_second = (second, time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(second)))
    return f"{known[1]}.{microsecond:06d}Z"


# Who is acting in this request or task, when it is not the person at the terminal: the web
# workspace serves many people from one operating-system user.
_ACTING_AS: ContextVar[str | None] = ContextVar("docket_acting_as", default=None)


def current_actor() -> str:
    """Who performs an action: the signed-in user acting now, ``$DOCKET_ACTOR``, or the
    operating-system user."""
    return _ACTING_AS.get() or os.environ.get("DOCKET_ACTOR") or _system_user()


def act_as(name: str) -> None:
    """Make ``name`` the actor of every entry written from this context from now on."""
    _ACTING_AS.set(name)


@contextmanager
def acting_as(name: str) -> Iterator[None]:
    """Make ``name`` the actor of the entries written inside the block."""
    token = _ACTING_AS.set(name)
    try:
        yield
    finally:
        _ACTING_AS.reset(token)


@functools.cache
def _system_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return f"uid:{os.getuid()}"


def checkpoint_message(archive_id: str, seq: int, head: str, at: str) -> bytes:
    return f"docket-checkpoint\n{archive_id}\n{seq}\n{head}\n{at}".encode()


def _entry(row: Any) -> Entry:
    return Entry(
        seq=row.seq,
        at=row.at,
        actor=row.actor,
        action=row.action,
        subject=row.subject,
        item_id=row.item_id,
        payload=row.payload,
        prev_hash=row.prev_hash,
        hash=row.hash,
    )


@dataclass(frozen=True)
class _LastChange:
    """The newest change among the entries up to ``head``, not counting ``reads``."""

    reads: tuple[str, ...]
    head: tuple[int, str]
    change: tuple[int, str]


class CustodyLog:
    """Appends to, reads and checkpoints one archive's chain."""

    def __init__(self, archive_id: str) -> None:
        self.archive_id = archive_id
        # Shared by the threads of a process; each memory is a fact about entries that never
        # change, so whichever thread's is kept last, it is true.
        self._last_change: _LastChange | None = None

    def start(self, connection: Connection) -> None:
        connection.execute(
            insert(chain_head).values(id=HEAD_ROW, seq=0, hash=genesis_hash(self.archive_id))
        )

    def append(
        self,
        connection: Connection,
        action: str,
        subject: str,
        payload: Mapping[str, Any],
        *,
        item_id: int | None = None,
        actor: str | None = None,
    ) -> Entry:
        """Add one entry inside the caller's write transaction."""
        with self.batch(connection) as log:
            return log.append(action, subject, payload, item_id=item_id, actor=actor)

    @contextmanager
    def batch(self, connection: Connection, *, actor: str | None = None) -> Iterator[Appender]:
        """Append several entries with one head lock and one bulk insert; written on exit.

        ``actor`` is who acts in every entry that names nobody else."""
        appender = Appender(connection, actor)
        yield appender
        appender.write()

    def last_change(self, connection: Connection, reads: Iterable[str]) -> tuple[int, str]:
        """The newest entry that is not one of ``reads`` (actions that only say someone read
        something). What was read at one last change holds until the next.

        The answer is remembered with the head it was found at: entries up to that head never
        change, so the next call only looks at the entries after it. Without such a memory (or
        after a run of reads longer than :data:`CHANGE_REACH` since it), the newest
        :data:`CHANGE_REACH` entries are looked at, and the head itself is the answer when they
        are all reads; the memory then keeps that answer through the reads that follow."""
        parameters = self.head_parameters()
        row = connection.execute(_HEAD_AND_KNOWN, parameters).one()
        return self.last_change_from(
            connection, reads, (int(row.seq), str(row.hash)), row.known_hash
        )

    def head_parameters(self) -> dict[str, int]:
        """What :data:`HEAD_COLUMNS` are bound with: the head of the memory, if any."""
        known = self._last_change
        return {"known": known.head[0] if known else -1}

    def last_change_from(
        self,
        connection: Connection,
        reads: Iterable[str],
        head: tuple[int, str],
        known_hash: str | None,
    ) -> tuple[int, str]:
        """:meth:`last_change`, from the head and known hash another statement read (through
        :data:`HEAD_COLUMNS`, bound with :meth:`head_parameters`) in ``connection``'s
        transaction."""
        wanted = tuple(sorted(reads))
        known = self._last_change
        # The memory holds for this chain only: the entry it was found at is still there, with
        # the same hash (an archive restored in place would not have it). Had another thread
        # kept a newer memory since the parameters were taken, the hash read would be another
        # entry's, and the memory would not hold either.
        holds = (
            known is not None
            and known.reads == wanted
            and known.head[0] <= head[0]
            and known_hash == known.head[1]
        )
        if holds and known is not None and known.head == head:
            return known.change
        after = head[0] - CHANGE_REACH
        if holds and known is not None:
            after = max(after, known.head[0])
        found = connection.execute(
            _LAST_CHANGE, {"reads": list(wanted), "after": after, "head": head[0]}
        ).first()
        if found is not None:
            change = (int(found.seq), str(found.hash))
        elif holds and known is not None and known.head[0] == after:
            change = known.change
        else:
            change = head
        self._last_change = _LastChange(wanted, head, change)
        return change

    def head(self, connection: Connection, *, lock: bool = False) -> tuple[int, str]:
        row = connection.execute(_HEAD.with_for_update() if lock else _HEAD).one()
        return int(row.seq), str(row.hash)

    def checkpoint(self, connection: Connection, key: Ed25519PrivateKey) -> Checkpoint | None:
        """Sign the current head unless it is already signed; returns the newest checkpoint."""
        # The head is locked: two processes signing the same head at once (two workers ending
        # their jobs) would otherwise both insert its checkpoint, and one would fail. The second
        # waits, then finds the head signed.
        seq, head = self.head(connection, lock=True)
        latest = self.latest_checkpoint(connection)
        if latest is not None and latest.seq == seq:
            return latest
        if seq == 0:
            return None
        at = utc_now()
        signature = keys.sign(key, checkpoint_message(self.archive_id, seq, head, at))
        connection.execute(
            insert(checkpoints).values(seq=seq, hash=head, at=at, signature=signature)
        )
        return Checkpoint(self.archive_id, seq, head, at, signature)

    def latest_checkpoint(self, connection: Connection) -> Checkpoint | None:
        row = connection.execute(
            select(checkpoints).order_by(checkpoints.c.seq.desc()).limit(1)
        ).first()
        if row is None:
            return None
        return Checkpoint(self.archive_id, row.seq, row.hash, row.at, row.signature)

    def entries(
        self, connection: Connection, item_id: int | None = None
    ) -> Generator[Entry, None, None]:
        """Entries in order; all of them, or those of one item. Streams; memory stays flat."""
        query = select(custody).order_by(custody.c.seq)
        if item_id is not None:
            query = query.where(custody.c.item_id == item_id)
        streaming = connection.execution_options(stream_results=True, yield_per=2000)
        result = streaming.execute(query)
        # A reader that stops early must not leave the server-side cursor open.
        try:
            for row in result:
                yield _entry(row)
        finally:
            result.close()

    def readable(
        self,
        connection: Connection,
        item_id: int,
        item_level: str,
        can_see: Callable[[str], bool],
    ) -> list[Entry]:
        """The item's entries a reader who ``can_see`` these levels may read, in order."""
        history = list(self.entries(connection, item_id=item_id))
        linked = sorted(set().union(*(linked_items(entry) for entry in history)))
        levels: dict[int, str | None] = {}
        if linked:
            rows = connection.execute(
                select(items.c.id, items.c.confidentiality).where(items.c.id.in_(linked))
            )
            levels.update({row.id: row.confidentiality for row in rows})
        return visible_entries(history, item_level, can_see, levels)


@dataclass(frozen=True)
class LoggedItem:
    """What an item's custody entries say it is: its metadata and its working copies."""

    metadata: dict[str, Any]
    renditions: list[dict[str, Any]]


def replay(history: Iterable[Entry]) -> LoggedItem | None:
    """Rebuild an item from its entries in order; None when it was never received."""
    metadata: dict[str, Any] | None = None
    derived: list[dict[str, Any]] = []
    for entry in history:
        if entry.action == Action.RECEIVED:
            metadata = dict(entry.data["item"])
        elif entry.action == Action.METADATA_EDITED and metadata is not None:
            for name, change in entry.data["changes"].items():
                metadata[name] = change["new"]
        elif entry.action in (Action.TEXT_DERIVED, Action.RENDITION_DERIVED):
            derived.append(entry.data)
    return None if metadata is None else LoggedItem(metadata, derived)


_COLUMNS: Final = (
    "seq",
    "at",
    "actor",
    "action",
    "subject",
    "item_id",
    "payload",
    "prev_hash",
    "hash",
)


class Appender:
    """Entries being added in one transaction: the head is read (and locked) once."""

    def __init__(self, connection: Connection, actor: str | None = None) -> None:
        self.connection = connection
        self.actor = actor
        self._rows: list[tuple[Any, ...]] = []  # in the order of _COLUMNS
        self._seq = -1
        self._hash = ""

    def append(
        self,
        action: str,
        subject: str,
        payload: Mapping[str, Any],
        *,
        item_id: int | None = None,
        actor: str | None = None,
    ) -> Entry:
        if self._seq < 0:
            head = self.connection.execute(
                select(chain_head.c.seq, chain_head.c.hash)
                .where(chain_head.c.id == HEAD_ROW)
                .with_for_update()
            ).one()
            self._seq, self._hash = int(head.seq), str(head.hash)
        seq = self._seq + 1
        at = utc_now()
        who = actor or self.actor or current_actor()
        body = canonical_json(payload)
        digest = entry_hash(seq, at, who, action, subject, body, self._hash)
        entry = Entry(seq, at, who, action, subject, item_id, body, self._hash, digest)
        self._rows.append((seq, at, who, action, subject, item_id, body, self._hash, digest))
        self._seq, self._hash = seq, digest
        return entry

    def write(self) -> None:
        if not self._rows:
            return
        write_columns(self.connection, custody, _COLUMNS, self._rows)
        self.connection.execute(
            update(chain_head)
            .where(chain_head.c.id == HEAD_ROW)
            .values(seq=self._seq, hash=self._hash)
        )
        self._rows = []


@dataclass(frozen=True)
class Checkpoint:
    """A signed statement of the chain's head, meant to be kept outside the archive."""

    archive_id: str
    seq: int
    hash: str
    at: str
    signature: str

    def statement(self, public_key: str) -> str:
        """The printable form: plain ``name: value`` lines, easy to mail, print or publish."""
        return "\n".join(
            [
                "Docket custody checkpoint",
                f"archive: {self.archive_id}",
                f"entries: {self.seq}",
                f"head: {self.hash}",
                f"signed-at: {self.at}",
                f"public-key: {public_key}",
                f"key-fingerprint: {keys.fingerprint(public_key)}",
                f"signature: {self.signature}",
                "",
            ]
        )

    def message(self) -> bytes:
        return checkpoint_message(self.archive_id, self.seq, self.hash, self.at)
