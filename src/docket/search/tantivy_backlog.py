"""Writing a search index a step of items at a time: a backlog far behind the chain brought
to its head before a server answers, and the whole index rebuilt (``docket reindex``, and
``docket verify`` when the index disagrees with the database).

Catching up at a search (:meth:`~docket.search.tantivy_index.SearchIndex.catch_up`) reads
every item the entries after the index's position name in the search's own read transaction:
right for the few entries between two searches, wrong for a whole archive's worth (a database
restored, items ingested while the server was down, an index made anew). That transaction, and
its pooled connection, were held for as long as the indexing took, and the other web workers'
searches gave up waiting for the writer and used the database's own index. A rebuild read every
item in one transaction too: at a million items one snapshot held for minutes, which on
PostgreSQL holds back vacuum for the whole database and on SQLite stops the WAL's checkpoints
while the team keeps writing.

Here the head and the items to write are read in one short transaction; the items are then
read and written :data:`STEP_ITEMS` at a time, each step in a transaction of its own, and the
index is committed once. Each step reads its items in a snapshot at or past the head, so the
index holds every item as at the head or later. Caught up, it is committed at that head: a later
change is named by an entry after the head, which the next catching up reads again, as it would
any other. Written anew, it first takes in, in one more short transaction, what the entries
after that head changed (an item added, changed or removed while the steps ran) and is committed
at the head that transaction read. Until the commit the previous index answers, and a failed or
killed writing leaves it as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

import tantivy
from sqlalchemy import Engine

from docket.db.engine import reading
from docket.search import tantivy_chain as chain
from docket.search.tantivy_chain import Position
from docket.search.tantivy_writing import (
    clear,
    commit,
    indexed_ids,
    let_go,
    replace,
    state_document,
)

# Items read in one read transaction: a few hundred milliseconds of work.
STEP_ITEMS: Final = 2_000


@dataclass(frozen=True)
class CatchUp:
    """What bringing an index to the chain's head did: the items written, and when the
    index could not be written, why (searches then use the database's own index)."""

    written: int
    failure: str | None = None


# Told the items written so far and how many there are to write, after each step.
BacklogProgress = Callable[[int, int], None]


def write_backlog(
    engine: Engine,
    writer: tantivy.IndexWriter,
    archive_id: str,
    committed: tuple[Position | None, tantivy.Searcher],
    *,
    progress: BacklogProgress | None,
    notice: Callable[[str], None],
    anew: bool = False,
    step_items: int | None = None,
) -> tuple[Position | None, int]:
    """Bring an index committed at ``committed`` (its position and a reader of it) to the
    chain's head with ``writer``, which is let go of when nothing is to be written; every item
    anew when ``anew``; ``step_items`` items a step (:data:`STEP_ITEMS` when None). The position
    the index is then at, and how many items were written."""
    position, searcher = committed
    with reading(engine) as connection:
        head = chain.head(connection)
        if not anew and chain.covers(connection, position, head):
            let_go(writer)
            return position, 0
        if not anew and position is not None and not chain.in_chain(connection, position):
            notice("the search index does not match the database; rebuilding it")
            position = None
        changed = (
            None
            if anew or position is None
            else chain.changed_items(connection, position, searcher)
        )
        ids = indexed_ids(connection) if changed is None else sorted(changed)
    fresh = changed is None
    steps = _Steps(engine, writer, progress, step_items or STEP_ITEMS)
    steps.write(ids, fresh=fresh)
    if fresh:
        with reading(engine) as connection:
            since, head = head, chain.head(connection)
            meanwhile = chain.changed_items(connection, since, None)
            again = indexed_ids(connection) if meanwhile is None else sorted(meanwhile)
        # The whole archive changed while it was read (a restore): written anew once more.
        steps.write(again, fresh=meanwhile is None)
    commit(writer, state_document(archive_id, head))
    return head, steps.written


@dataclass
class _Steps:
    """Items written with ``writer``, ``size`` at a time, each step read in a transaction of its
    own; the progress counts every item written so far against every item to write."""

    engine: Engine
    writer: tantivy.IndexWriter
    progress: BacklogProgress | None
    size: int
    written: int = 0

    def write(self, ids: list[int], *, fresh: bool) -> None:
        """Write ``ids`` (``fresh``: into a cleared index, so there is nothing to remove)."""
        if fresh:
            clear(self.writer)
        total = self.written + len(ids)
        for start in range(0, len(ids), self.size):
            with reading(self.engine) as connection:
                replace(connection, self.writer, ids[start : start + self.size], fresh=fresh)
            self.written = min(self.written + self.size, total)
            if self.progress is not None:
                self.progress(self.written, total)
