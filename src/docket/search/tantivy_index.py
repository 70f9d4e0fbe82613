"""The embedded archive's search index on Tantivy: top-k ranking without scoring every match.

FTS5 and PostgreSQL's tsvector score every item a query matches before they can return the best
twenty; a frequent name costs as much time as there are items holding it. Tantivy ranks top-k
with block-max pruning over compressed posting lists and counts facets over columnar fast
fields, so a page costs milliseconds whatever the query.

The index is derived data. The database is the truth: its own full-text index keeps every
item's folded key streams (written in the same transaction as the item) -- the FTS5 table
``item_fts`` on SQLite, the tsvectors of ``item_search`` on PostgreSQL -- and this index is
built from them and from ``items``. One extra document, the *state*, records the archive id and the
custody entry (sequence number and hash) the index has caught up to; it is committed with the
items it describes, so the index is always exactly at one position of the chain:

- before each search the head of the chain is compared with the state; items named by the
  entries after it are re-read from the database and replaced in the index; when the entries
  after it name no item (nor a record whose citations the index keeps), the index already holds
  what it would at the head and nothing is written (for at most
  :data:`~docket.search.tantivy_chain.UNCOMMITTED_ENTRIES` entries; the state is committed past
  them);
- a position that is not in this chain (an index copied from another archive, or a database
  restored to an earlier state) is not trusted: the index is rebuilt;
- an index of another archive is refused (:class:`ForeignIndex`) rather than overwritten;
- a commit is atomic (Tantivy writes its segment list last), so a process killed while writing
  leaves the previous commit; a missing or unreadable index is rebuilt, with a notice;
- an encrypted archive's index lives in memory only and is built the first time a process
  searches, so that no plaintext words reach the disk.

Several processes share one index on disk (the web workers and commands of one host). Tantivy
lets one writer at a time hold the index (an flock, let go when its process dies); the process
that finds the index behind the chain takes it, writes the missing items in and commits, while
the others wait for it (at most :data:`WRITER_WAIT_SECONDS`), reload, and find the index at or
past the position they needed. A search therefore sees every item committed before it started;
one that cannot (the writer held for longer) is answered by the database's own index instead.
A search waits outside its database transaction, holding no pooled connection
(:mod:`docket.search.transactions`).

On PostgreSQL the folder may sit on a folder shared by several machines; which host's processes
use it, and when an opened archive opens its index: :mod:`docket.search.tantivy_host`.

What the index holds and how queries reach it: :mod:`docket.search.tantivy_fields`; where it
stands on the chain and what the entries after it change: :mod:`docket.search.tantivy_chain`.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import shutil
import threading
import time
import weakref
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import tantivy
from sqlalchemy import (
    Connection,
    Engine,
    RootTransaction,
    TextClause,
    bindparam,
    select,
    text,
)

from docket.db.engine import WRITE, reading
from docket.db.schema import items
from docket.errors import DocketError
from docket.model.access import Visibility
from docket.search import tantivy_chain as chain
from docket.search.filters import SearchFilters, item_condition
from docket.search.postgres_fts import key_fields, key_texts
from docket.search.query import Query
from docket.search.ranking import RankedItem
from docket.search.tantivy_chain import Position
from docket.search.tantivy_fields import (
    CITED_FACETS,
    ITEM,
    SCHEMA,
    STATE,
    all_of,
    as_filter,
    both,
    cited_field,
    cited_ids,
    cited_terms,
    clearance_of,
    facet_parts,
    item_document,
    item_filters,
    node_query,
    one_of,
    positioned,
    record_filters,
    term,
    with_key_tokenizer,
)

log = logging.getLogger(__name__)

INDEX_DIR: Final = "search-index"
# Beside the folder on a server archive: the host whose processes use the index.
HOST_FILE: Final = "search-index.host"
# How long a search waits for another process to finish writing the index before the
# database's own index answers it instead.
WRITER_WAIT_SECONDS: Final = 5.0
# How long a rebuild waits for another process's writing (which may be a rebuild too).
REBUILD_WAIT_SECONDS: Final = 120.0
_WRITER_POLL_SECONDS: Final = 0.02
# Bumped whenever the fields or what is stored in them change: an older index is rebuilt.
FORMAT: Final = 3
# The writer's memory: enough for a 100,000-item rebuild in a few commits, and Tantivy needs
# at least 15 MB per thread.
WRITER_HEAP_BYTES: Final = 96_000_000
_BATCH: Final = 2_000


class ForeignIndex(DocketError):
    """The search index in the archive folder was built for another archive."""


class IndexUnavailable(DocketError):
    """The search index could not be read or written (disk full, permissions)."""


class IndexBusy(IndexUnavailable):
    """Another process held the index's writer for longer than a search waits."""


@dataclass(frozen=True)
class _Held:
    """An index reader, of the commit at ``committed``, found to hold every item as the
    database does at ``head``."""

    committed: Position
    head: Position
    searcher: tantivy.Searcher


@dataclass(frozen=True)
class IndexFacets:
    """Facet counts of the items a query matched, as :class:`~docket.search.browse.Facets`.

    ``cited``: the matched items per key of each record facet (``violations``, ``places``,
    ``actors``: stored violation codes and record ids, as text), for every key among the ``top``
    largest counts and every key tied with them; None when the index cannot tell them for the
    viewer (see :func:`~docket.search.tantivy_fields.clearance_of`)."""

    total: int
    media_types: Counter[str]
    languages: Counter[str | None]
    years: Counter[str]
    cited: dict[str, dict[str, int]] | None = None


@dataclass(frozen=True)
class _Source:
    """Where one database keeps the items' key streams: all rows, the rows of some ids, and
    the ids it holds."""

    rows: TextClause
    rows_of: TextClause
    ids: TextClause


_ITEM_COLUMNS = "i.id, i.media_type, i.language, i.published, i.collected_at, i.confidentiality"


def _source(rows: str, ids: str) -> _Source:
    return _Source(
        text(rows),
        text(f"{rows} WHERE i.id IN :ids").bindparams(bindparam("ids", expanding=True)),
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


class SearchIndex:
    """One archive's Tantivy index, on disk in ``folder`` or, when it is None, in memory."""

    def __init__(self, archive_id: str, folder: Path | None, *, new: bool = False) -> None:
        self.archive_id = archive_id
        self.folder = folder
        self.notices: list[str] = []
        self._new = new
        self._lock = threading.Lock()
        self._position: Position | None = None
        # When the index was found to hold what the database holds at ``_position`` without
        # a commit: that position, and the reader that was checked. It answers while the head
        # stays there, since another process may still commit an older position on top.
        self._held: _Held | None = None
        self._view_lock = threading.Lock()
        # The read-only transaction that last found the index at the chain's head, and that
        # head: a page's ranking and counting, in one transaction, read the head once.
        self._checked: tuple[weakref.ref[RootTransaction], Position] | None = None
        # The transactions of searches (``answers_without_waiting``), and the head at which
        # the index was found to answer each: their catching up never waits for another
        # process (they are given back to wait outside them), and once it answered, what they
        # read next sees the index at or past that head, whatever other threads move it to.
        self._searches: weakref.WeakKeyDictionary[RootTransaction, Position | None] = (
            weakref.WeakKeyDictionary()
        )
        self._index = self._open_index()

    # -- opening and catching up --------------------------------------------------------------

    @classmethod
    def open(
        cls, connection: Connection, archive_id: str, folder: Path | None, *, new: bool = False
    ) -> SearchIndex:
        """The index in ``folder`` caught up with the database (built if missing or unreadable);
        :class:`ForeignIndex` if it belongs to another archive. ``new`` says the archive was
        just created, so an index is not expected yet."""
        index = cls(archive_id, folder, new=new)
        try:
            index.catch_up(connection)
        except IndexUnavailable as error:
            # Searches fall back to the database's index and try to catch up again.
            index._notice(str(error))
        return index

    def _close_to_others(self) -> None:
        """Tantivy makes its files with the process's umask: they hold every word of the
        archive, so they are made owner-only like the rest of the archive folder."""
        if self.folder is None:
            return
        for path in self.folder.iterdir():
            if path.is_file() and path.stat().st_mode & 0o077:
                path.chmod(0o600)

    def _open_index(self) -> tantivy.Index:
        with _repairing(self.folder):
            opened = self._open_or_make_index()
            self._close_to_others()
        return opened

    def _open_or_make_index(self) -> tantivy.Index:
        if self.folder is None:
            return self._with_tokenizer(tantivy.Index(SCHEMA))
        # Owner-only like the rest of the archive folder: the index holds every word.
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.folder.chmod(0o700)
        try:
            if tantivy.Index.exists(str(self.folder)):
                opened = self._with_tokenizer(tantivy.Index.open(str(self.folder)))
                if self._owned(opened):
                    return opened
                self._notice(
                    "the search index was made by another version of Docket; rebuilding it"
                )
                shutil.rmtree(self.folder)
                self.folder.mkdir(mode=0o700)
                return self._with_tokenizer(tantivy.Index(SCHEMA, path=str(self.folder)))
        except ForeignIndex:
            raise
        except ValueError as error:
            log.info("unreadable search index: %s", _first_line(error))
            self._notice("the search index was unreadable; rebuilding it")
            shutil.rmtree(self.folder)
            self.folder.mkdir(mode=0o700)
        else:
            if any(self.folder.iterdir()):
                self._notice("the search index was incomplete; rebuilding it")
                shutil.rmtree(self.folder)
                self.folder.mkdir(mode=0o700)
            elif not self._new:
                self._notice("the search index was missing; building it")
        return self._with_tokenizer(tantivy.Index(SCHEMA, path=str(self.folder), reuse=False))

    @staticmethod
    def _with_tokenizer(index: tantivy.Index) -> tantivy.Index:
        return with_key_tokenizer(index)

    def _owned(self, index: tantivy.Index) -> bool:
        """Whether ``index`` is this archive's, in this version's format (then its fields are
        the ones :data:`SCHEMA` names); :class:`ForeignIndex` when another archive's."""
        state = _read_state(index.searcher())
        if state is not None and state.get("archive_id") != self.archive_id:
            raise ForeignIndex(
                f"the search index in {self.folder} belongs to another archive; move it away "
                "and run `docket reindex`"
            )
        return state is None or state.get("format") == FORMAT

    def _notice(self, message: str) -> None:
        log.info(message)
        self.notices.append(message)

    def catch_up(self, connection: Connection) -> Position:
        """Take in every custody entry after the index's position; rebuild when that position
        is not in this archive's chain. While another process writes, wait for it (at most
        :data:`WRITER_WAIT_SECONDS`, then :class:`IndexBusy`).

        A read-only transaction that found the index at the head already is not asked again:
        what it reads next sees the index at the position its first read saw."""
        transaction = connection.get_transaction()
        search = transaction is not None and transaction in self._searches
        if search:
            assert transaction is not None
            answered = self._searches.get(transaction)
            if answered is not None:
                return answered
        reader = transaction is not None and not connection.get_execution_options().get(WRITE)
        checked = self._checked
        seen = reader and checked is not None and checked[0]() is transaction
        if seen and checked is not None and checked[1] == self._position:
            return checked[1]
        head = chain.head(connection)
        if head == self._position:
            if reader and isinstance(transaction, RootTransaction):
                self._checked = (weakref.ref(transaction), head)
                if search:
                    self._searches[transaction] = head
            return head
        # A search's transaction must not hold its connection while another process, or
        # another thread of this one, writes: it is given back, and the wait runs outside it
        # (:mod:`docket.search.transactions`). A thread waiting there for a connection may
        # hold the lock.
        if not self._lock.acquire(blocking=not search):
            raise IndexBusy("another thread is writing the search index")
        with _holding_lock(self._lock):
            deadline = time.monotonic() + (0.0 if search else WRITER_WAIT_SECONDS)
            while not self._write(connection, head, everything=False):
                if time.monotonic() >= deadline:
                    raise IndexBusy(
                        f"another process has been writing the search index for over "
                        f"{WRITER_WAIT_SECONDS:g} s; searching with the database's own index"
                    )
                time.sleep(_WRITER_POLL_SECONDS)
        if search and isinstance(transaction, RootTransaction):
            self._searches[transaction] = head
        return head

    def rebuild(self, connection: Connection) -> int:
        """Build the index anew from the database; returns the number of items indexed. Waits
        for another process writing the index (at most :data:`REBUILD_WAIT_SECONDS`: another
        rebuild takes that long at 100,000 items), then :class:`IndexBusy`."""
        head = chain.head(connection)
        with self._lock:
            deadline = time.monotonic() + REBUILD_WAIT_SECONDS
            while not self._write(connection, head, everything=True):
                if time.monotonic() >= deadline:
                    raise IndexBusy(
                        f"another process has been writing the search index for over "
                        f"{REBUILD_WAIT_SECONDS:g} s; run `docket reindex` again when it is done"
                    )
                time.sleep(_WRITER_POLL_SECONDS)
        return self.count()

    def _committed(self) -> tuple[Position | None, tantivy.Searcher]:
        """The position of the index's last commit, whichever process made it, and a reader
        of that commit."""
        self._reload()
        searcher = self._index.searcher()
        return _state_position(_read_state(searcher), self.archive_id), searcher

    def _moved(self, position: Position | None, held: _Held | None = None) -> None:
        with self._view_lock:
            self._position = position
            self._held = held

    def _reload(self) -> None:
        # Another process's commit may remove the files of the segments it merged between our
        # reading of its segment list and our opening them; the next list names live ones.
        for attempt in range(3):
            try:
                self._index.reload()
                return
            except ValueError:
                if attempt == 2:
                    raise
                time.sleep(_WRITER_POLL_SECONDS)

    def _write(self, connection: Connection, head: Position, *, everything: bool) -> bool:
        """Bring the index to ``head`` (every item anew when ``everything``), in one commit;
        True when it is there, whoever wrote it. False while another process holds the writer.
        """
        if not everything and self._there(connection, head):
            return True
        writer = self._writer()
        if writer is None:
            return False
        self._write_with(connection, writer, head, everything=everything)
        return True

    def _there(self, connection: Connection, head: Position) -> bool:
        """Whether the index's last commit holds what the database holds at ``head``: then
        this process moves to it."""
        position, searcher = self._committed()
        if chain.covers(connection, position, head):
            self._moved(position)
            return True
        held = self._holding(connection, position, searcher, head)
        if held is not None:
            self._moved(held.head, held)
            return True
        return False

    def _writer(self) -> tantivy.IndexWriter | None:
        """The index's writer; None while another process holds it."""
        try:
            return self._index.writer(heap_size=WRITER_HEAP_BYTES, num_threads=1)
        except ValueError as error:
            if "LockBusy" in str(error):
                return None
            raise IndexUnavailable(f"cannot write the search index: {_first_line(error)}") from None

    def _write_with(
        self,
        connection: Connection,
        writer: tantivy.IndexWriter,
        head: Position,
        *,
        everything: bool,
    ) -> None:
        """Bring the index to ``head`` with ``writer``, which is let go of whatever happens."""
        try:
            changed: set[int] | None = None
            if not everything:
                # Read again with the writer held: another process may have committed meanwhile.
                position, searcher = self._committed()
                if chain.covers(connection, position, head):
                    _let_go(writer)
                    self._moved(position)
                    return
                if position is not None and not chain.in_chain(connection, position):
                    self._notice("the search index does not match the database; rebuilding it")
                    position = None
                changed = (
                    None
                    if position is None
                    else chain.changed_items(connection, position, searcher)
                )
            self._fill(connection, writer, changed, head)
        except BaseException:
            # Let go of the writer now: the traceback would keep it, and its lock, alive.
            _let_go(writer)
            raise
        self._moved(head)

    def catch_up_outside(self, engine: Engine, deadline: float) -> bool:
        """Bring the index to the chain's head as it is now (or past it), outside any
        transaction; False when another process still held the writer at ``deadline``.

        A database connection is held only to read the head and to write; the waiting for
        another process's commit holds none. A transaction begun after this finds every item
        committed before it in the index, unless the head moved on meanwhile."""
        with _reading_alone(engine) as connection:
            head = chain.head(connection)
            with suppress(chain.PastSnapshot):  # then read again below, in a later snapshot
                if head == self._position or self._attempt(connection, head):
                    return True
        seen = self._position
        while time.monotonic() < deadline:
            time.sleep(_WRITER_POLL_SECONDS)
            if not self._lock.acquire(blocking=False):
                continue  # another thread of this process is writing
            try:
                committed = self._committed_position()
                if committed != seen:
                    seen = committed
                    # Begun after that commit, its snapshot holds the commit's position (a
                    # later commit is looked at on the next turn).
                    with _reading_alone(engine) as connection, suppress(chain.PastSnapshot):
                        if self._there(connection, head):
                            return True
                writer = self._writer()
                if writer is None:
                    continue
                try:
                    # Begun with the writer held: no commit can be past its snapshot.
                    with _reading_alone(engine) as connection:
                        self._write_with(
                            connection, writer, chain.head(connection), everything=False
                        )
                except BaseException:
                    _let_go(writer)
                    raise
                return True
            finally:
                self._lock.release()
        return False

    def _attempt(self, connection: Connection, head: Position) -> bool:
        """One try at bringing the index to ``head``, unless another thread of this process is
        at it already."""
        if not self._lock.acquire(blocking=False):
            return False
        try:
            return self._write(connection, head, everything=False)
        finally:
            self._lock.release()

    def _committed_position(self) -> Position | None:
        position, _searcher = self._committed()
        return position

    def answers_without_waiting(self, connection: Connection) -> bool:
        """Whether the index holds what ``connection``'s transaction sees of the chain, caught
        up now if need be, without waiting for another process's writing: not then, nor in
        any later search of this transaction, which the database answers instead."""
        transaction = connection.get_transaction()
        if isinstance(transaction, RootTransaction):
            self._searches.setdefault(transaction, None)
        connection.execution_options(**{chain.ONE_CONNECTION: True})
        try:
            self.catch_up(connection)
        except (IndexBusy, chain.PastSnapshot):
            return False
        return True

    def _holding(
        self,
        connection: Connection,
        position: Position | None,
        searcher: tantivy.Searcher,
        head: Position,
    ) -> _Held | None:
        """The index committed at ``position`` (read by ``searcher``) as the database holds it
        at ``head`` or later, if it already holds that; see :func:`_holds`. When it was found to
        hold a position since that commit, only the entries after that one are read again; a
        search whose transaction reads an earlier head than that one is answered as at that one
        (as it is by a commit past its head)."""
        if position is None:
            return None
        held = self._held
        since = position
        if (
            held is not None
            and held.committed == position
            and chain.in_chain(connection, held.head)
        ):
            if held.head.seq >= head.seq:
                return held
            searcher, since = held.searcher, held.head
        if chain.holds(connection, position, since, searcher, head):
            return _Held(position, head, searcher)
        return None

    def _fill(
        self,
        connection: Connection,
        writer: tantivy.IndexWriter,
        changed: set[int] | None,
        head: Position,
    ) -> None:
        """Replace ``changed`` items (all of them when None) and move the state to ``head``."""
        source = _source_of(connection)
        try:
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
                    batch = ids[start : start + _BATCH]
                    for item_id in batch:
                        writer.delete_documents_by_query(term("id", item_id))
                    terms = cited_terms(connection, batch)
                    for row in connection.execute(source.rows_of, {"ids": batch}).mappings():
                        writer.add_document(
                            item_document(_with_streams(row), terms.get(int(row["id"]), ()))
                        )
            writer.delete_documents_by_term("kind", STATE)
            writer.add_document(self._state_document(head))
            writer.commit()
            writer.wait_merging_threads()
            self._close_to_others()
        except ValueError as error:
            _let_go(writer)
            raise IndexUnavailable(
                f"the search index could not be written ({_first_line(error)}); the database is "
                "unchanged: free some disk space and run `docket reindex`"
            ) from None
        self._reload()

    def _state_document(self, head: Position) -> tantivy.Document:
        document = tantivy.Document()
        document.add_text("kind", STATE)
        state = {
            "format": FORMAT,
            "archive_id": self.archive_id,
            "seq": head.seq,
            "hash": head.hash,
        }
        document.add_text("state", json.dumps(state))
        return document

    @contextmanager
    def unless_unavailable(self) -> Iterator[None]:
        """Swallow :class:`IndexUnavailable` with a log line: the caller then searches with the
        database's own full-text index, which the failed write left untouched."""
        try:
            yield
        except IndexUnavailable as error:
            log.warning("searching without the Tantivy index: %s", error)

    # -- reading ------------------------------------------------------------------------------

    def count(self) -> int:
        """How many items the index holds."""
        return _count(self._searcher(), term("kind", ITEM))

    def ids(self) -> list[int]:
        """The ids of every indexed item, in order."""
        searcher = self._searcher()
        everything = term("kind", ITEM)
        total = _count(searcher, everything)
        if not total:
            return []
        hits = searcher.search(everything, total, count=False).hits
        return sorted(_ids(searcher, hits))

    def find(
        self,
        connection: Connection,
        query: Query,
        filters: SearchFilters,
        visibility: Visibility,
        limit: int,
        *,
        titles: bool = True,
    ) -> list[RankedItem]:
        """The best ``limit`` items matching ``query`` and ``filters``, best first; without
        their titles (None) unless ``titles``, for a caller that reads the hits' rows anyway."""
        self.catch_up(connection)
        searcher = self._searcher()
        matched = self._matching(connection, searcher, query, filters, visibility)
        if matched is None:
            return []
        ranked = _ranked(searcher, matched, limit)
        if not titles:
            return [RankedItem(item_id, score, None) for item_id, score in ranked]
        titles_of = _titles(connection, [item_id for item_id, _score in ranked])
        return [RankedItem(item_id, score, titles_of.get(item_id)) for item_id, score in ranked]

    def rank(self, connection: Connection, query: Query, limit: int) -> list[tuple[int, float]]:
        """``(item_id, score)`` of the best ``limit`` items for ``query``: no filters, titles
        or snippets (for benchmarks, as ``raw_query``)."""
        self.catch_up(connection)
        searcher = self._searcher()
        return _ranked(searcher, node_query(searcher, query.root), limit)

    def matching_ids(
        self,
        connection: Connection,
        query: Query | None,
        filters: SearchFilters,
        visibility: Visibility,
        among: Sequence[int],
    ) -> set[int]:
        """Which of the items ``among`` match ``query`` (any item when None) and ``filters``."""
        if not among:
            return set()
        self.catch_up(connection)
        searcher = self._searcher()
        matched = self._matching(connection, searcher, query, filters, visibility)
        if matched is None:
            return set()
        within = both(matched, as_filter(tantivy.Query.term_set_query(SCHEMA, "id", list(among))))
        hits = searcher.search(within, len(among), count=False).hits
        return set(_ids(searcher, hits))

    def facets(
        self,
        connection: Connection,
        query: Query | None,
        filters: SearchFilters,
        visibility: Visibility,
        top: int = 10,
    ) -> IndexFacets:
        """Counts by media type, language and year of the items matching ``query``, and the
        ``top`` keys of each record facet."""
        self.catch_up(connection)
        searcher = self._searcher()
        matched = self._matching(connection, searcher, query, filters, visibility)
        empty = IndexFacets(0, Counter(), Counter(), Counter())
        if matched is None:
            return empty
        # Every item has one value, so the counts add up to the total: one pass over the
        # matches gives both, and the record facets' terms in the same pass.
        wanted: dict[str, Any] = {"facets": {"terms": {"field": "facets", "size": _AGGREGATED}}}
        clearance = clearance_of(visibility)
        if clearance is not None:
            wanted.update(_top_cited(clearance, top))
        result = searcher.aggregate(matched, wanted)
        media_types: Counter[str] = Counter()
        languages: Counter[str | None] = Counter()
        years: Counter[str] = Counter()
        for bucket in result["facets"]["buckets"]:
            media, language, year = facet_parts(str(bucket["key"]))
            number = int(bucket["doc_count"])
            media_types[media] += number
            languages[language or None] += number
            years[year] += number
        total = sum(media_types.values())
        if not total:
            return empty
        cited = None
        if clearance is not None:
            cited = _cited_counts(searcher, matched, result, clearance, top)
        return IndexFacets(total, media_types, languages, years, cited)

    def _searcher(self) -> tantivy.Searcher:
        """The reader searches use: the one checked to hold the current position when it was
        not committed (a commit of an older position by another process may be live by now),
        else the last commit."""
        with self._view_lock:
            held = self._held
            if held is not None and held.head == self._position:
                return held.searcher
        return self._index.searcher()

    def _matching(
        self,
        connection: Connection,
        searcher: tantivy.Searcher,
        query: Query | None,
        filters: SearchFilters,
        visibility: Visibility,
    ) -> tantivy.Query | None:
        """The whole query with its filters; None when no item can pass them."""
        condition = item_condition(filters, visibility)
        if condition.impossible:
            return None
        restrictions = list(item_filters(filters))
        clearance = clearance_of(visibility)
        if clearance is not None:
            restrictions.extend(record_filters(filters, clearance))
        else:
            found = cited_ids(connection, filters, visibility)
            if found is not None:
                if not found:
                    return None
                restrictions.append(tantivy.Query.term_set_query(SCHEMA, "id", sorted(found)))
        if query is None:
            # Selecting the visible levels also leaves out the state document.
            return as_filter(all_of([one_of("level", visibility.levels), *restrictions]))
        clauses = [(tantivy.Occur.Must, node_query(searcher, query.root))]
        if restrictions:
            clauses.append((tantivy.Occur.Must, as_filter(all_of(restrictions))))
        # The permission filter as the levels the viewer may not see, excluded: the same items
        # as selecting the visible ones (every item has one level), at a fraction of the cost
        # (an intersection with the visible levels made ranking and counting visit every
        # match: 15 ms against 7 ms for a word in 600,000 of a million items), and nothing at
        # all when the index holds no level hidden from the viewer. Every level the index
        # holds that is not visible is excluded, so one unknown to this version stays hidden.
        hidden = sorted(_levels(searcher) - set(visibility.levels))
        if hidden:
            clauses.append((tantivy.Occur.MustNot, one_of("level", hidden)))
        return tantivy.Query.boolean_query(clauses)

    # -- checking -----------------------------------------------------------------------------

    def check(self, connection: Connection) -> list[str]:
        """How the index disagrees with the database (empty when it agrees): its position, the
        number of items and which ids; the index must be caught up first."""
        problems = []
        head = chain.head(connection)
        position, searcher = self._committed()
        if not chain.covers(connection, position, head) and (
            position is None or not chain.holds(connection, position, position, searcher, head)
        ):
            problems.append(
                f"search index: at custody entry {position.seq if position else 'none'}, "
                f"the chain is at {head.seq}"
            )
        indexed = connection.execute(_source_of(connection).ids).scalars()
        expected = sorted(int(item_id) for item_id in indexed)
        found = self.ids()
        if len(found) != len(expected):
            problems.append(
                f"search index: holds {len(found):,} items, the database {len(expected):,}"
            )
        missing = sorted(set(expected) - set(found))
        extra = sorted(set(found) - set(expected))
        if missing:
            problems.append(f"search index: items missing from it: {_listed(missing)}")
        if extra:
            problems.append(f"search index: items not in the database: {_listed(extra)}")
        if len(found) != len(set(found)):
            problems.append("search index: some items are indexed twice")
        return problems


# More values of a facet than this in one answer (which no archive of the sizes Docket is made
# for has) and the counts would leave some out: the database counts them instead.
_AGGREGATED: Final = 1_000_000


def _top_cited(
    clearance: str, size: int, min_count: int = 1, facets: Sequence[str] = CITED_FACETS
) -> dict[str, Any]:
    """Aggregations of the ``size`` largest counts of each record facet that ``clearance``
    sees, at least ``min_count`` each. Every segment hands over all its values, so the counts
    are exact (by default a segment hands over its largest few, and the counts may miss some).
    """
    return {
        facet: {
            "terms": {
                "field": cited_field(facet, clearance),
                "size": size,
                "segment_size": _AGGREGATED,
                "min_doc_count": min_count,
            }
        }
        for facet in facets
    }


def _cited_counts(
    searcher: tantivy.Searcher,
    matched: tantivy.Query,
    result: Mapping[str, Any],
    clearance: str,
    top: int,
) -> dict[str, dict[str, int]]:
    """Counts by key of each record facet: the ``top`` largest, and every key with as many as
    the smallest of those (which of several tied keys the index kept is its choice, not the
    key order the page sorts by), asked of the index a second time when some may be missing.
    """
    counts: dict[str, dict[str, int]] = {}
    smallest: dict[str, int] = {}
    for facet in CITED_FACETS:
        answer = result[facet]
        counts[facet] = _counts(answer)
        if answer.get("sum_other_doc_count"):
            smallest[facet] = min(counts[facet].values())
    for facet, least in smallest.items():
        again = searcher.aggregate(matched, _top_cited(clearance, _AGGREGATED, least, [facet]))
        counts[facet] = _counts(again[facet])
    return counts


def _counts(answer: Mapping[str, Any]) -> dict[str, int]:
    """Count by key of a terms aggregation, refused unless every count is exact."""
    buckets = answer["buckets"]
    if answer.get("doc_count_error_upper_bound") or len(buckets) >= _AGGREGATED:
        raise IndexUnavailable("too many record facet values to count in the search index")
    return {str(bucket["key"]): int(bucket["doc_count"]) for bucket in buckets}


def _listed(ids: list[int]) -> str:
    shown = ", ".join(map(str, ids[:10]))
    return shown + (f" and {len(ids) - 10:,} more" if len(ids) > 10 else "")


def _first_line(error: BaseException) -> str:
    return (str(error).splitlines() or [type(error).__name__])[0][:200]


def _levels(searcher: tantivy.Searcher) -> set[str]:
    """Every confidentiality level an item in the index has (or had, before a deletion)."""
    return {str(level) for level, _count in searcher.terms_with_prefix("level", "")}


def _read_state(searcher: tantivy.Searcher) -> dict[str, Any] | None:
    hits = searcher.search(term("kind", STATE), 1, count=False).hits
    if not hits:
        return None
    stored = searcher.doc(hits[0][1]).get_first("state")
    loaded = json.loads(str(stored)) if stored else None
    return loaded if isinstance(loaded, dict) else None


def _state_position(state: dict[str, Any] | None, archive_id: str) -> Position | None:
    if state is None or state.get("format") != FORMAT or state.get("archive_id") != archive_id:
        return None
    return Position(int(state["seq"]), str(state["hash"]))


def _titles(connection: Connection, ids: list[int]) -> dict[int, str | None]:
    if not ids:
        return {}
    rows = connection.execute(
        select(items.c.id, items.c.title, items.c.original_name).where(items.c.id.in_(ids))
    )
    return {int(row.id): row.title or row.original_name for row in rows}


def _ranked(
    searcher: tantivy.Searcher, query: tantivy.Query, limit: int
) -> list[tuple[int, float]]:
    """``(item_id, score)`` of the best ``limit`` items, best first, ties by id as FTS5 has."""
    hits = searcher.search(query, limit, count=False).hits
    ids = _ids(searcher, hits)
    pairs = ((item_id, float(score)) for (score, _a), item_id in zip(hits, ids, strict=True))
    return sorted(pairs, key=lambda pair: (-pair[1], pair[0]))


def _ids(searcher: tantivy.Searcher, hits: list[tuple[Any, tantivy.DocAddress]]) -> list[int]:
    values = searcher.fast_field_values("id", _addresses(hits))
    return [value for value in values if isinstance(value, int)]


def _count(searcher: tantivy.Searcher, query: tantivy.Query) -> int:
    """How many documents ``query`` matches (counted without scoring)."""
    # The type stubs leave out ``count``, which search() fills when asked.
    counted: object = getattr(searcher.search(query, 1, count=True), "count", None)
    assert isinstance(counted, int)
    return counted


def _addresses(hits: Iterable[tuple[Any, tantivy.DocAddress]]) -> list[tantivy.DocAddress]:
    return [address for _score, address in hits]


@contextmanager
def _holding_lock(lock: threading.Lock) -> Iterator[None]:
    """Let go of ``lock``, acquired already, when done."""
    try:
        yield
    finally:
        lock.release()


@contextmanager
def _reading_alone(engine: Engine) -> Iterator[Connection]:
    """A read transaction that takes no second connection
    (:data:`~docket.search.tantivy_chain.ONE_CONNECTION`)."""
    with reading(engine) as connection:
        connection.execution_options(**{chain.ONE_CONNECTION: True})
        yield connection


def _let_go(writer: tantivy.IndexWriter) -> None:
    """Drop what ``writer`` added and free it, with its lock; once done, doing it again does
    nothing."""
    # A writer let go of already says it was consumed (RuntimeError).
    with suppress(ValueError, RuntimeError):
        writer.rollback()
    with suppress(ValueError, RuntimeError):
        writer.wait_merging_threads()


@contextmanager
def _repairing(folder: Path | None) -> Iterator[None]:
    """One process at a time opens, and if need be clears and remakes, the index folder: two
    finding it unreadable at once must not remove each other's new index."""
    if folder is None:
        yield
        return
    folder.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    lock = os.open(folder.with_name(folder.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield
    finally:
        os.close(lock)
