"""Where the search index stands on the chain of custody, and what the entries after it change.

The index records the custody entry it has caught up to (:class:`Position`). Before a search,
that position is compared with the chain's head: whether it is an entry of this chain at all
(an index copied from another archive, or a database restored to an earlier state, is not),
whether it covers the head, and which items the entries after it change, if any. These checks
read only the database and what the index already holds; writing the index is
:mod:`docket.search.tantivy_index`'s.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import tantivy
from sqlalchemy import Connection, bindparam, select, text

from docket.db.schema import chain_head, custody
from docket.errors import DocketError
from docket.search import cited
from docket.search.tantivy_held import differing

# Custody actions that say someone opened an item: they change nothing the index keeps.
ITEM_READS: Final = frozenset({"item_viewed"})
# Custody actions after which every item may have changed.
WHOLE_ARCHIVE_ACTIONS: Final = frozenset({"archive_encrypted", "restored"})
# How many custody entries that change no indexed item the index's committed position may lag
# behind the chain before it is committed anyway (see :func:`holds`).
UNCOMMITTED_ENTRIES: Final = 256
# Set on the connections of searches: a request thread that holds one must not wait for a
# second (to look up a position past its snapshot), or threads that each hold one could take
# the whole pool and wait for each other. The search gives its transaction back instead.
ONE_CONNECTION: Final = "docket_one_connection"
# Records whose citing items one statement reads.
_BATCH: Final = 2_000


class PastSnapshot(DocketError):
    """The index's position is past the snapshot of a transaction that may not look it up in a
    second connection (see :data:`ONE_CONNECTION`)."""


@dataclass(frozen=True)
class Position:
    """A custody entry: the index has taken in every entry up to it."""

    seq: int
    hash: str


_HEAD = select(chain_head.c.seq, chain_head.c.hash)


def head(connection: Connection) -> Position:
    """The chain's last entry as ``connection`` sees it."""
    row = connection.execute(_HEAD).first()
    return Position(0, "") if row is None else Position(int(row.seq), str(row.hash))


def covers(connection: Connection, position: Position | None, head: Position) -> bool:
    """Whether an index at ``position`` holds every entry up to ``head``."""
    if position is None or position.seq < head.seq:
        return False
    return position == head or in_chain(connection, position)


def holds(
    connection: Connection,
    position: Position,
    since: Position,
    searcher: tantivy.Searcher,
    head: Position,
) -> bool:
    """Whether an index committed at ``position``, read by ``searcher`` and known to hold what
    it would at ``since``, already holds what it would at ``head``: no entry between them
    changed an item or what the index keeps of one (a record edit that no item's facets name
    or that leaves their facet terms as they are, such as a birth year; someone opening a
    confidential record). Then nothing is written: a
    commit of the position alone cost a Tantivy commit, with its disk writes and a new segment,
    for every change anywhere in the archive, while every search waited for it. At most
    :data:`UNCOMMITTED_ENTRIES` entries are looked past, so that the entries read again on each
    check stay few; past them the position is committed as before."""
    if not 0 < head.seq - position.seq <= UNCOMMITTED_ENTRIES or since.seq >= head.seq:
        return False
    return in_chain(connection, position) and changed_items(connection, since, searcher) == set()


_HASH_AT = select(custody.c.hash).where(custody.c.seq == bindparam("seq"))


def in_chain(connection: Connection, position: Position) -> bool:
    """Whether ``position`` is an entry of this archive's chain. An index ahead of this
    transaction's snapshot was brought there by another process: its entry is looked up
    outside the snapshot, where it is committed."""
    if position.seq == 0:
        return True
    stored = connection.execute(_HASH_AT, {"seq": position.seq}).scalar()
    if stored is None:
        if connection.get_execution_options().get(ONE_CONNECTION):
            raise PastSnapshot("the search index is past this transaction's snapshot")
        with connection.engine.connect() as fresh:
            stored = fresh.execute(_HASH_AT, {"seq": position.seq}).scalar()
    return stored == position.hash


def changed_items(
    connection: Connection, position: Position, searcher: tantivy.Searcher | None
) -> set[int] | None:
    """Items named by the entries after ``position``, and the items whose record facets the
    records they name changed (their terms in the index read by ``searcher`` differ from the
    database's, :func:`~docket.search.tantivy_held.differing`; all of them when ``searcher``
    is None, for an index being written whose terms cannot be read yet); None when the whole
    archive changed."""
    rows = connection.execute(
        select(custody.c.item_id, custody.c.action, custody.c.subject).where(
            custody.c.seq > position.seq
        )
    )
    changed: set[int] = set()
    records: set[int] = set()
    for item_id, action, subject in rows:
        if action in WHOLE_ARCHIVE_ACTIONS:
            return None
        if item_id is not None and action not in ITEM_READS:
            changed.add(int(item_id))
        record = cited.changed_record(str(action), str(subject))
        if record is not None:
            records.add(record)
    named = sorted(records)
    reached: set[int] = set()
    for start in range(0, len(named), _BATCH):
        batch = named[start : start + _BATCH]
        found = connection.execute(_AFFECTED_ITEMS, {cited.RECORDS_PARAMETER: batch}).scalars()
        reached.update(int(item_id) for item_id in found)
    if searcher is None:
        return changed | reached
    return changed | differing(searcher, connection, reached - changed)


_AFFECTED_ITEMS: Final = text(cited.AFFECTED_ITEMS).bindparams(
    bindparam(cited.RECORDS_PARAMETER, expanding=True)
)
