"""Bringing a search index far behind the chain to its head in steps, before a server answers.

Catching up at a search (:meth:`~docket.search.tantivy_index.SearchIndex.catch_up`) reads
every item the entries after the index's position name in the search's own read transaction:
right for the few entries between two searches, wrong for a whole archive's worth (a database
restored, items ingested while the server was down, an index made anew). That transaction, and
its pooled connection, were held for as long as the indexing took, and the other web workers'
searches gave up waiting for the writer and used the database's own index.

Here the head and the items to write are read in one short transaction; the items are then
read and written :data:`STEP_ITEMS` at a time, each step in a transaction of its own, and the
index is committed once, at that head. Each step reads its items in a snapshot at or past the
head, so the index holds every item as at the head or later: a later change is named by an
entry after the head, which the next catching up reads again, as it would any other.
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
) -> tuple[Position | None, int]:
    """Bring an index committed at ``committed`` (its position and a reader of it) to the
    chain's head with ``writer``, which is let go of when nothing is to be written; the
    position the index is then at, and how many items were written."""
    position, searcher = committed
    with reading(engine) as connection:
        head = chain.head(connection)
        if chain.covers(connection, position, head):
            let_go(writer)
            return position, 0
        if position is not None and not chain.in_chain(connection, position):
            notice("the search index does not match the database; rebuilding it")
            position = None
        changed = None if position is None else chain.changed_items(connection, position, searcher)
        ids = indexed_ids(connection) if changed is None else sorted(changed)
    fresh = changed is None
    if fresh:
        clear(writer)
    for start in range(0, len(ids), STEP_ITEMS):
        with reading(engine) as connection:
            replace(connection, writer, ids[start : start + STEP_ITEMS], fresh=fresh)
        if progress is not None:
            progress(min(start + STEP_ITEMS, len(ids)), len(ids))
    commit(writer, state_document(archive_id, head))
    return head, len(ids)
