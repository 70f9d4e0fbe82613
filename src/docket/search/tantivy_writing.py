"""Writing the Tantivy index: the items as each database keeps them, and the state document.

The index is built from the database's own full-text index -- the FTS5 table ``item_fts`` on
SQLite, the tsvectors of ``item_search`` on PostgreSQL -- and from ``items``. One commit
replaces the changed items (or all of them) and the *state*, the document naming the archive
and the custody entry the index holds the items at; which items changed, and when to write:
:mod:`docket.search.tantivy_index`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any, Final

import tantivy
from sqlalchemy import Connection, TextClause, bindparam, text

from docket.search.postgres_fts import key_fields, key_texts
from docket.search.tantivy_chain import Position
from docket.search.tantivy_errors import IndexUnavailable, first_line
from docket.search.tantivy_fields import (
    STATE,
    cited_terms,
    id_span,
    item_document,
    positioned,
    term,
)

# Bumped whenever the fields or what is stored in them change: an older index is rebuilt.
FORMAT: Final = 3
# The writer's memory: enough for a 100,000-item rebuild in a few commits, and Tantivy needs
# at least 15 MB per thread.
WRITER_HEAP_BYTES: Final = 96_000_000
_BATCH: Final = 2_000


@dataclass(frozen=True)
class _Source:
    """Where one database keeps the items' key streams: all rows, the rows of some ids, the
    rows of a span of ids, and the ids it holds."""

    rows: TextClause
    rows_of: TextClause
    rows_from: TextClause
    ids: TextClause


_ITEM_COLUMNS = "i.id, i.media_type, i.language, i.published, i.collected_at, i.confidentiality"


def _source(rows: str, ids: str) -> _Source:
    return _Source(
        text(rows),
        text(f"{rows} WHERE i.id IN :ids").bindparams(bindparam("ids", expanding=True)),
        text(f"{rows} WHERE i.id BETWEEN :first AND :last"),
        text(ids),
    )


_SOURCES: Final = {
    "sqlite": _source(
        f"SELECT {_ITEM_COLUMNS}, f.title, f.body, f.meta "  # noqa: S608 - constant columns
        "FROM items AS i JOIN item_fts AS f ON f.rowid = i.id",
        "SELECT i.id FROM items AS i JOIN item_fts AS f ON f.rowid = i.id",
    ),
    # The tsvector's text form is the cheapest way out of PostgreSQL; its positions give the
    # streams back (``postgres_fts.key_fields``).
    "postgresql": _source(
        f"SELECT {_ITEM_COLUMNS}, CAST(s.doc AS text) AS doc "  # noqa: S608 - constant columns
        "FROM items AS i JOIN item_search AS s ON s.item_id = i.id",
        "SELECT item_id FROM item_search",
    ),
}


def _source_of(connection: Connection) -> _Source:
    return _SOURCES[connection.dialect.name]


def indexed_ids(connection: Connection) -> list[int]:
    """The ids of the items the database's own full-text index holds, in order: the items
    the Tantivy index should hold."""
    indexed = connection.execute(_source_of(connection).ids).scalars()
    return sorted(int(item_id) for item_id in indexed)


def _with_streams(row: Mapping[Any, Any]) -> Mapping[Any, Any]:
    """``row`` with its ``title``, ``meta`` and ``body`` keys, read from its tsvector if that
    is what the database keeps: there they come with PostgreSQL's positions, which the index
    takes as they are, so phrases match as they do in PostgreSQL."""
    if "doc" not in row:
        return row
    doc = str(row["doc"])
    texts = key_texts(doc)
    if texts is not None:
        # Each key at its own position from the field's first: the same positions as
        # splitting the field's text on spaces, which Tantivy does far faster than Python
        # hands it one token at a time.
        title, meta, body = texts
        return {**row, "title": title, "meta": meta, "body": body}
    title_keys, meta_keys, body_keys = key_fields(doc)
    return {
        **row,
        "title": positioned(title_keys),
        "meta": positioned(meta_keys),
        "body": positioned(body_keys),
    }


def writer_of(index: tantivy.Index) -> tantivy.IndexWriter | None:
    """``index``'s writer; None while another process holds it."""
    try:
        return index.writer(heap_size=WRITER_HEAP_BYTES, num_threads=1)
    except ValueError as error:
        if "LockBusy" in str(error):
            return None
        raise IndexUnavailable(f"cannot write the search index: {first_line(error)}") from None


def fill(
    connection: Connection,
    writer: tantivy.IndexWriter,
    changed: set[int] | None,
    state: tantivy.Document,
) -> None:
    """Replace ``changed`` items (all of them when None) and the state document with
    ``state``, in one commit; :class:`IndexUnavailable`, with ``writer`` let go of, when the
    index cannot be written."""
    source = _source_of(connection)
    with _unwritable(writer):
        if changed is None:
            writer.delete_all_documents()
            terms = cited_terms(connection, None)
            rows = connection.execute(source.rows, execution_options={"yield_per": _BATCH})
            for row in rows.mappings():
                writer.add_document(
                    item_document(_with_streams(row), terms.get(int(row["id"]), ()))
                )
        else:
            ids = sorted(changed)
            for start in range(0, len(ids), _BATCH):
                _replace(connection, writer, ids[start : start + _BATCH])
    commit(writer, state)


def clear(writer: tantivy.IndexWriter) -> None:
    """Remove every document, as of the next commit."""
    with _unwritable(writer):
        writer.delete_all_documents()


def replace(
    connection: Connection, writer: tantivy.IndexWriter, ids: list[int], *, fresh: bool = False
) -> None:
    """Replace the items ``ids`` (at most a few thousand) as ``connection`` reads them,
    without committing (``fresh``: the index was cleared, so there is nothing to remove);
    :class:`IndexUnavailable`, with ``writer`` let go of, when the index cannot be written."""
    with _unwritable(writer):
        _replace(connection, writer, ids, fresh=fresh)


def _replace(
    connection: Connection, writer: tantivy.IndexWriter, ids: list[int], *, fresh: bool = False
) -> None:
    if not fresh:
        for item_id in ids:
            writer.delete_documents_by_query(term("id", item_id))
    terms = cited_terms(connection, ids)
    source = _source_of(connection)
    span = id_span(ids)
    if span is None:
        rows = connection.execute(source.rows_of, {"ids": ids})
    else:
        rows = connection.execute(source.rows_from, {"first": span[0], "last": span[1]})
    wanted = set(ids)
    for row in rows.mappings():
        if int(row["id"]) in wanted:
            writer.add_document(item_document(_with_streams(row), terms.get(int(row["id"]), ())))


def commit(writer: tantivy.IndexWriter, state: tantivy.Document) -> None:
    """Commit what ``writer`` was given with the state document ``state``."""
    with _unwritable(writer):
        writer.delete_documents_by_term("kind", STATE)
        writer.add_document(state)
        writer.commit()
        writer.wait_merging_threads()


@contextmanager
def _unwritable(writer: tantivy.IndexWriter) -> Iterator[None]:
    """Tantivy's errors (a full disk) as :class:`IndexUnavailable`, ``writer`` let go of."""
    try:
        yield
    except ValueError as error:
        let_go(writer)
        raise IndexUnavailable(
            f"the search index could not be written ({first_line(error)}); the database is "
            "unchanged: free some disk space and run `docket reindex`"
        ) from None


def let_go(writer: tantivy.IndexWriter) -> None:
    """Drop what ``writer`` added and free it, with its lock; once done, doing it again does
    nothing."""
    # A writer let go of already says it was consumed (RuntimeError).
    with suppress(ValueError, RuntimeError):
        writer.rollback()
    with suppress(ValueError, RuntimeError):
        writer.wait_merging_threads()


def state_document(archive_id: str, head: Position) -> tantivy.Document:
    """The state of an index of archive ``archive_id`` holding the items as at ``head``."""
    document = tantivy.Document()
    document.add_text("kind", STATE)
    state = {"format": FORMAT, "archive_id": archive_id, "seq": head.seq, "hash": head.hash}
    document.add_text("state", json.dumps(state))
    return document


def read_state(searcher: tantivy.Searcher) -> dict[str, Any] | None:
    """The state the index ``searcher`` reads was committed with; None if it has none."""
    hits = searcher.search(term("kind", STATE), 1, count=False).hits
    if not hits:
        return None
    stored = searcher.doc(hits[0][1]).get_first("state")
    loaded = json.loads(str(stored)) if stored else None
    return loaded if isinstance(loaded, dict) else None


def state_position(state: dict[str, Any] | None, archive_id: str) -> Position | None:
    """Where on ``archive_id``'s chain an index with ``state`` stands; None when nowhere (no
    state, another format or another archive)."""
    if state is None or state.get("format") != FORMAT or state.get("archive_id") != archive_id:
        return None
    return Position(int(state["seq"]), str(state["hash"]))
