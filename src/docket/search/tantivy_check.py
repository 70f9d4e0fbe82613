"""Whether the search index agrees with the database: the custody position it has caught up to,
the items it holds, and no item twice. ``docket verify`` asks, after catching the index up."""

from __future__ import annotations

from sqlalchemy import Connection

from docket.search import tantivy_chain as chain
from docket.search.tantivy_index import SearchIndex
from docket.search.tantivy_writing import indexed_ids

__all__ = ["disagreements"]


def disagreements(index: SearchIndex, connection: Connection) -> list[str]:
    """How the index disagrees with the database (empty when it agrees): its position, the
    number of items and which ids; the index must be caught up first."""
    problems = []
    head = chain.head(connection)
    position, searcher = index.committed()
    if not chain.covers(connection, position, head) and (
        position is None or not chain.holds(connection, position, position, searcher, head)
    ):
        problems.append(
            f"search index: at custody entry {position.seq if position else 'none'}, "
            f"the chain is at {head.seq}"
        )
    expected = indexed_ids(connection)
    found = index.ids()
    if len(found) != len(expected):
        problems.append(f"search index: holds {len(found):,} items, the database {len(expected):,}")
    missing = sorted(set(expected) - set(found))
    extra = sorted(set(found) - set(expected))
    if missing:
        problems.append(f"search index: items missing from it: {_listed(missing)}")
    if extra:
        problems.append(f"search index: items not in the database: {_listed(extra)}")
    if len(found) != len(set(found)):
        problems.append("search index: some items are indexed twice")
    return problems


def _listed(ids: list[int]) -> str:
    shown = ", ".join(map(str, ids[:10]))
    return shown + (f" and {len(ids) - 10:,} more" if len(ids) > 10 else "")
