"""The index on SQLite: an FTS5 table of key streams, ranked by FTS5's own ``bm25()``.

The table (created by migration ``0002_search``) is ``item_fts(title, body, meta)`` with the
item id as rowid, tokenizer ``unicode61`` over text that is already folded keys. Queries reach
MATCH only as double-quoted keys joined by FTS5 operators, so no user text is ever parsed as FTS5
syntax (no column filters, NEAR or stray quotes).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, bindparam, text

from docket.search.filters import ItemCondition
from docket.search.query import AnyOf, Node, Phrase, Query
from docket.search.ranking import BODY_WEIGHT, META_WEIGHT, TITLE_WEIGHT, RankedItem
from docket.search.streams import KeyStreams

# Column order of item_fts: title, body, meta.
_BM25 = f"-bm25(item_fts, {TITLE_WEIGHT!r}, {BODY_WEIGHT!r}, {META_WEIGHT!r})"

_DELETE = text("DELETE FROM item_fts WHERE rowid = :item_id")
_INSERT = text(
    "INSERT INTO item_fts (rowid, title, body, meta) VALUES (:item_id, :title, :body, :meta)"
)
_RAW = text(
    f"SELECT rowid, {_BM25} AS score FROM item_fts WHERE item_fts MATCH :match "  # noqa: S608
    "ORDER BY score DESC, rowid LIMIT :limit"
)


def index(connection: Connection, streams: Sequence[KeyStreams]) -> None:
    # FTS5 has no upsert on rowid; a delete first makes re-indexing replace the entry.
    connection.execute(_DELETE, [{"item_id": each.item_id} for each in streams])
    connection.execute(
        _INSERT,
        [
            {
                "item_id": each.item_id,
                "title": " ".join(each.title),
                "body": " ".join(each.body),
                "meta": " ".join(each.meta),
            }
            for each in streams
        ],
    )


def remove(connection: Connection, item_id: int) -> None:
    connection.execute(_DELETE, {"item_id": item_id})


def match_expression(node: Node) -> str:
    """The FTS5 MATCH string for a query tree of folded keys."""
    if isinstance(node, Phrase):
        quoted = " ".join(node.keys).replace('"', '""')
        return f'"{quoted}"' + ("*" if node.prefix else "")
    if isinstance(node, AnyOf):
        return "(" + " OR ".join(map(match_expression, node.options)) + ")"
    included = "(" + " AND ".join(map(match_expression, node.include)) + ")"
    if not node.exclude:
        return included
    excluded = " OR ".join(map(match_expression, node.exclude))
    return f"({included} NOT ({excluded}))"


def rank(connection: Connection, query: Query, limit: int) -> list[tuple[int, float]]:
    """Just the MATCH and bm25 statement: no filters, no titles."""
    rows = connection.execute(_RAW, {"match": match_expression(query.root), "limit": limit})
    return [(int(item_id), float(score)) for item_id, score in rows]


def find(
    connection: Connection, query: Query, condition: ItemCondition, limit: int
) -> list[RankedItem]:
    """The best ``limit`` items matching ``query`` and ``condition``, best first."""
    where = f" AND {condition.sql}" if condition.sql else ""
    statement = text(
        # The filter condition is code-made SQL too; every value in it is bound.
        f"SELECT item_fts.rowid, {_BM25} AS score, coalesce(i.title, i.original_name) AS title "  # noqa: S608
        # CROSS JOIN fixes the order: FTS5 finds the matches, items is probed by primary key.
        "FROM item_fts CROSS JOIN items AS i "
        f"WHERE item_fts MATCH :match AND i.id = item_fts.rowid{where} "
        "ORDER BY score DESC, item_fts.rowid LIMIT :limit"
    ).bindparams(*(bindparam(name, expanding=True) for name in condition.expanding))
    parameters = {**condition.parameters, "match": match_expression(query.root), "limit": limit}
    rows = connection.execute(statement, parameters)
    return [RankedItem(int(item_id), float(score), title) for item_id, score, title in rows]
