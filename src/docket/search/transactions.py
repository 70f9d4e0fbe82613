"""The read transaction of a search, which waits for another process's index writing outside it.

A search sees every item committed before it started. When the index is behind the chain and
another process holds its writer, the search waits for that process's commit (at most
:data:`~docket.search.tantivy_index.WRITER_WAIT_SECONDS`). Waiting inside the search's read
transaction held a pooled database connection for all that time: the web app runs many more
request threads than its engine pools connections, so under edits that change the index,
searches piled up holding connections and the requests behind them timed out waiting for one.

So the transaction catches the index up without waiting: in the common case the index is at
the head already, or this process takes the writer and writes (work, not waiting). When
another process holds the writer, the transaction is given back; the wait runs outside any
transaction, with a short read of the head and a connection only to write, and a new
transaction begins once the index is at or past that head. An edit committed in between may
move the head again while the writer is busy elsewhere: then the same again, until one
deadline, after which the database's own index answers (as it did when the wait ran out
inside the transaction).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import Connection

from docket.db.engine import reading
from docket.kernel import Kernel
from docket.search import tantivy_host, tantivy_index
from docket.search.tantivy_errors import IndexUnavailable
from docket.search.tantivy_index import SearchIndex

log = logging.getLogger(__name__)


@contextmanager
def search_reading(kernel: Kernel) -> Iterator[tuple[Connection, SearchIndex | None]]:
    """A read-only transaction for a search of ``kernel``'s archive, and the index to search
    with: None when the archive searches with its database's own full-text index, or when the
    index could not be brought to the transaction's head in time."""
    index = tantivy_host.attached(kernel)
    if index is None:
        with reading(kernel.engine) as connection:
            yield connection, None
        return
    deadline = time.monotonic() + tantivy_index.WRITER_WAIT_SECONDS
    while True:
        with reading(kernel.engine) as connection:
            answers = _unless_unavailable(lambda: index.answers_without_waiting(connection))
            if answers is not False or time.monotonic() >= deadline:
                yield connection, index if answers else None
                return
        caught_up = _unless_unavailable(lambda: index.catch_up_outside(kernel.engine, deadline))
        if not caught_up:
            if caught_up is False:
                log.warning(
                    "another process has been writing the search index for over %g s; "
                    "searching with the database's own index",
                    tantivy_index.WRITER_WAIT_SECONDS,
                )
            with reading(kernel.engine) as connection:
                yield connection, None
            return


def _unless_unavailable(attempt: Callable[[], bool]) -> bool | None:
    """What ``attempt`` says; None, logged, when the index cannot be read or written."""
    try:
        return attempt()
    except IndexUnavailable as error:
        log.warning("searching without the Tantivy index: %s", error)
        return None
