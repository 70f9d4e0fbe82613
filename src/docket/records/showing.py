"""A record as its page shows it, read in one transaction: one snapshot of the archive.

The record, the records referring to it, the titles of those the page names, the record it was
merged into and its identity (with the other records of it the page names) were four or five
reads, each in a transaction of its own, so a change landing between two of them could give a
page half before and half after it. Read together they agree with each other, and the page
takes one connection from the pool.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

from sqlalchemy import Connection

from docket.db.engine import reading
from docket.records.errors import RecordNotFound
from docket.records.values import valid_record_id
from docket.records.views import RecordView

if TYPE_CHECKING:
    from docket.records.store import RecordStore

# What the records' identities are (``docket.linkage``), which the records read without
# depending on it.
IdentityT = TypeVar("IdentityT")


@dataclass(frozen=True)
class RecordShowing(Generic[IdentityT]):
    """A record and what its page says around it, as the viewer may see them."""

    view: RecordView
    # Every record referring to it, newest first.
    referrers: list[int]
    # Those of them the page names, by id, read with their title fields only.
    named: dict[int, RecordView]
    # The record it was merged into, when that one is current.
    merged_into: RecordView | None
    identity: IdentityT


def read_showing(
    store: RecordStore,
    record_id: int,
    named: Callable[[Sequence[int]], Sequence[int]],
    identity_in: Callable[[Connection, int], IdentityT],
    within: Connection | None = None,
) -> RecordShowing[IdentityT]:
    """The record ``record_id`` as :meth:`RecordStore.get` reads it (without entering the view
    in the chain of custody: a page does that for each showing), with what its page says around
    it; ``named`` picks, from the referrers newest first, those the page lists by title.
    RecordNotFound when the record is hidden or missing. ``within``, when given, is the read
    transaction to read in (one whose other reads the page's must agree with)."""
    valid_record_id(record_id)
    with _transaction(store, within) as connection:
        # Through the viewer's levels: a hidden record is not loaded, as a missing one.
        found = store.views_in(connection, ids=[record_id], include_retracted=True, quotes=True)
        if not found:
            raise RecordNotFound(f"no record {record_id}")
        view = found[0]
        referrers = sorted(store.referrers_in(connection, [view]), reverse=True)
        listed = set(named(referrers))
        # The record it was merged into is named by its title as well: one read for both.
        titled = listed if view.merged_into is None else listed | {view.merged_into}
        titled_views = (
            store.views_in(
                connection,
                ids=sorted(titled),
                include_retracted=True,
                sources=False,
                fields=store.title_fields,
                # The referrers' titles name this record: it was read whole just now.
                known={view.id: view},
            )
            if titled
            else []
        )
        by_id = {titled_view.id: titled_view for titled_view in titled_views}
        identity = identity_in(connection, view.id)
    merged = None if view.merged_into is None else by_id.get(view.merged_into)
    if merged is not None and (merged.retracted or merged.merged_into is not None):
        # Only a current record is named: a retracted or merged one is not where it lives on.
        merged = None
    return RecordShowing(
        view=view,
        referrers=referrers,
        named={i: by_id[i] for i in listed if i in by_id},
        merged_into=merged,
        identity=identity,
    )


@contextmanager
def _transaction(store: RecordStore, within: Connection | None) -> Iterator[Connection]:
    if within is not None:
        yield within
        return
    with reading(store.kernel.engine) as connection:
        yield connection
