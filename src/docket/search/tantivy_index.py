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
- an index of another archive is refused
  (:class:`~docket.search.tantivy_errors.ForeignIndex`) rather than overwritten;
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
stands on the chain and what the entries after it change: :mod:`docket.search.tantivy_chain`;
opening its folder: :mod:`docket.search.tantivy_folder`; the rows it is written from and its
state: :mod:`docket.search.tantivy_writing`; answering a query from a reader:
:mod:`docket.search.tantivy_reading`; why it could not answer:
:mod:`docket.search.tantivy_errors`.
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import tantivy
from sqlalchemy import Connection, Engine, RootTransaction

from docket.db.engine import WRITE, reading
from docket.model.access import Visibility
from docket.search import tantivy_chain as chain
from docket.search.filters import SearchFilters
from docket.search.query import Query
from docket.search.ranking import RankedItem
from docket.search.tantivy_backlog import BacklogProgress, write_backlog
from docket.search.tantivy_chain import Position
from docket.search.tantivy_errors import IndexBusy, IndexUnavailable
from docket.search.tantivy_fields import node_query
from docket.search.tantivy_folder import close_to_others, open_index
from docket.search.tantivy_reading import (
    IndexFacets,
    ids_within,
    item_count,
    item_ids,
    matching,
    ranked,
)
from docket.search.tantivy_reading import facets as facets_of
from docket.search.tantivy_reading import titles as titles_by_id
from docket.search.tantivy_writing import (
    fill,
    let_go,
    read_state,
    state_document,
    state_position,
    writer_of,
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
# How often a search waiting for another process looks whether the index was committed.
_COMMIT_POLL_SECONDS: Final = 0.004
# Written anew (renamed into place) by every commit: the index's list of segments.
_COMMIT_FILE: Final = "meta.json"


@dataclass(frozen=True)
class _Held:
    """An index reader, of the commit at ``committed``, found to hold every item as the
    database does at ``head``."""

    committed: Position
    head: Position
    searcher: tantivy.Searcher


class SearchIndex:
    """One archive's Tantivy index, on disk in ``folder`` or, when it is None, in memory."""

    def __init__(self, archive_id: str, folder: Path | None, *, new: bool = False) -> None:
        self.archive_id = archive_id
        self.folder = folder
        self.notices: list[str] = []
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
        self._index = open_index(archive_id, folder, new=new, notice=self._notice)

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
            while not self._write(connection, head):
                if time.monotonic() >= deadline:
                    raise IndexBusy(
                        f"another process has been writing the search index for over "
                        f"{WRITER_WAIT_SECONDS:g} s; searching with the database's own index"
                    )
                time.sleep(_WRITER_POLL_SECONDS)
        if search and isinstance(transaction, RootTransaction):
            self._searches[transaction] = head
        return head

    def rebuild(
        self,
        engine: Engine,
        progress: BacklogProgress | None = None,
        *,
        step_items: int | None = None,
    ) -> int:
        """Build the index anew from the database, ``step_items`` items at a time, each step in
        a read transaction of its own, committed once (:mod:`docket.search.tantivy_backlog`);
        the number of items indexed. Waits for another process writing the index (at most
        :data:`REBUILD_WAIT_SECONDS`: another rebuild takes that long at 100,000 items), then
        :class:`IndexBusy`."""
        self._in_steps(
            engine,
            progress,
            anew=True,
            step_items=step_items,
            busy="; run `docket reindex` again when it is done",
        )
        return self.count()

    def catch_up_in_steps(self, engine: Engine, progress: BacklogProgress | None = None) -> int:
        """Bring the index to the chain's head reading its items a step at a time, each step
        in a read transaction of its own (:mod:`docket.search.tantivy_backlog`), for a backlog
        too long for one search's transaction; the number of items written. Waits for another
        process writing the index as :meth:`rebuild` does."""
        return self._in_steps(engine, progress, anew=False, step_items=None, busy="")

    def _in_steps(
        self,
        engine: Engine,
        progress: BacklogProgress | None,
        *,
        anew: bool,
        step_items: int | None,
        busy: str,
    ) -> int:
        with self._lock:
            deadline = time.monotonic() + REBUILD_WAIT_SECONDS
            while (writer := self._writer()) is None:
                if time.monotonic() >= deadline:
                    raise IndexBusy(
                        f"another process has been writing the search index for over "
                        f"{REBUILD_WAIT_SECONDS:g} s{busy}"
                    )
                time.sleep(_WRITER_POLL_SECONDS)
            try:
                position, written = write_backlog(
                    engine,
                    writer,
                    self.archive_id,
                    self.committed(),
                    progress=progress,
                    notice=self._notice,
                    anew=anew,
                    step_items=step_items,
                )
            except BaseException:
                let_go(writer)
                raise
            close_to_others(self.folder)
            self._reload()
            self._moved(position)
        return written

    def committed(self) -> tuple[Position | None, tantivy.Searcher]:
        """The position of the index's last commit, whichever process made it, and a reader
        of that commit."""
        self._reload()
        searcher = self._index.searcher()
        return state_position(read_state(searcher), self.archive_id), searcher

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

    def _write(self, connection: Connection, head: Position) -> bool:
        """Bring the index to ``head``, in one commit; True when it is there, whoever wrote it.
        False while another process holds the writer."""
        if self._there(connection, head):
            return True
        writer = self._writer()
        if writer is None:
            return False
        self._write_with(connection, writer, head)
        return True

    def _there(self, connection: Connection, head: Position) -> bool:
        """Whether the index's last commit holds what the database holds at ``head``: then
        this process moves to it."""
        position, searcher = self.committed()
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
        return writer_of(self._index)

    def _write_with(
        self, connection: Connection, writer: tantivy.IndexWriter, head: Position
    ) -> None:
        """Bring the index to ``head`` with ``writer``, which is let go of whatever happens."""
        try:
            # Read again with the writer held: another process may have committed meanwhile.
            position, searcher = self.committed()
            if chain.covers(connection, position, head):
                let_go(writer)
                self._moved(position)
                return
            if position is not None and not chain.in_chain(connection, position):
                self._notice("the search index does not match the database; rebuilding it")
                position = None
            changed = (
                None if position is None else chain.changed_items(connection, position, searcher)
            )
            self._fill(connection, writer, changed, head)
        except BaseException:
            # Let go of the writer now: the traceback would keep it, and its lock, alive.
            let_go(writer)
            raise
        self._moved(head)

    def catch_up_outside(self, engine: Engine, deadline: float) -> bool:
        """Bring the index to the chain's head as it is now (or past it), outside any
        transaction; False when another process still held the writer at ``deadline``.

        A database connection is held only to read the head and to write; the waiting for
        another process's commit holds none. A transaction begun after this finds every item
        committed before it in the index, unless the head moved on meanwhile."""
        # Taken first: a commit after it, even one made before the first try below, is seen.
        mark = self._commit_mark()
        with _reading_alone(engine) as connection:
            head = chain.head(connection)
            with suppress(chain.PastSnapshot):  # then read again below, in a later snapshot
                if head == self._position or self._attempt(connection, head):
                    return True
        seen = self._position
        # Reading the index's last commit anew at each turn costs a reload: that is done every
        # _WRITER_POLL_SECONDS, or as soon as the commit mark changes, which is cheap to look
        # at often (waiting for the next full turn answered 10 ms after another process's
        # commit, on average).
        full_turn = time.monotonic() + _WRITER_POLL_SECONDS
        while time.monotonic() < deadline:
            time.sleep(_COMMIT_POLL_SECONDS)
            if self._position == head:
                return True  # moved there by another thread of this process
            marked = self._commit_mark()
            if marked == mark and time.monotonic() < full_turn:
                continue
            mark = marked
            full_turn = time.monotonic() + _WRITER_POLL_SECONDS
            # Another thread of this process writing holds the lock: waiting on it answers the
            # moment that thread is done, rather than at the next turn.
            if not self._lock.acquire(timeout=max(0.0, deadline - time.monotonic())):
                return False
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
                        self._write_with(connection, writer, chain.head(connection))
                except BaseException:
                    let_go(writer)
                    raise
                return True
            finally:
                self._lock.release()
        return False

    def _commit_mark(self) -> tuple[int, int, int] | None:
        """What any process's commit of the index changes (None in memory, where only this
        process writes, or while the index has no commit)."""
        if self.folder is None:
            return None
        try:
            found = (self.folder / _COMMIT_FILE).stat()
        except OSError:
            return None
        return found.st_ino, found.st_mtime_ns, found.st_size

    def _attempt(self, connection: Connection, head: Position) -> bool:
        """One try at bringing the index to ``head``, unless another thread of this process is
        at it already."""
        if not self._lock.acquire(blocking=False):
            return False
        try:
            return self._write(connection, head)
        finally:
            self._lock.release()

    def _committed_position(self) -> Position | None:
        position, _searcher = self.committed()
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
        fill(connection, writer, changed, state_document(self.archive_id, head))
        close_to_others(self.folder)
        self._reload()

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
        return item_count(self._searcher())

    def ids(self) -> list[int]:
        """The ids of every indexed item, in order."""
        return item_ids(self._searcher())

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
        matched = matching(connection, searcher, query, filters, visibility)
        if matched is None:
            return []
        best = ranked(searcher, matched, limit)
        if not titles:
            return [RankedItem(item_id, score, None) for item_id, score in best]
        titles_of = titles_by_id(connection, [item_id for item_id, _score in best])
        return [RankedItem(item_id, score, titles_of.get(item_id)) for item_id, score in best]

    def rank(self, connection: Connection, query: Query, limit: int) -> list[tuple[int, float]]:
        """``(item_id, score)`` of the best ``limit`` items for ``query``: no filters, titles
        or snippets (for benchmarks, as ``raw_query``)."""
        self.catch_up(connection)
        searcher = self._searcher()
        return ranked(searcher, node_query(searcher, query.root), limit)

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
        matched = matching(connection, searcher, query, filters, visibility)
        if matched is None:
            return set()
        return ids_within(searcher, matched, among)

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
        matched = matching(connection, searcher, query, filters, visibility)
        return facets_of(searcher, matched, visibility, top)

    def _searcher(self) -> tantivy.Searcher:
        """The reader searches use: the one checked to hold the current position when it was
        not committed (a commit of an older position by another process may be live by now),
        else the last commit."""
        with self._view_lock:
            held = self._held
            if held is not None and held.head == self._position:
                return held.searcher
        return self._index.searcher()


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
