"""What every part of linkage shares: the kinds of record it links, its error, and the viewer
and stores it works for.

Whatever is read goes through the viewer's filter: a record its reader may not see is neither
shown, counted nor judged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from sqlalchemy import Connection, and_, select

from docket.db.schema import records
from docket.errors import DocketError
from docket.model.access import Viewer
from docket.records.reader import current

if TYPE_CHECKING:
    from docket.kernel import Kernel
    from docket.records.store import RecordStore

__all__ = ["KINDS", "LinkageBase", "LinkageError", "check_kind", "visible_ids"]

KINDS: Final = ("person", "organisation", "place", "event")


class LinkageError(DocketError):
    """A linkage request that cannot be carried out as asked."""


class LinkageBase:
    """The viewer linkage acts for, the archive's kernel and the records it reads through."""

    def __init__(self, kernel: Kernel, viewer: Viewer, records_store: RecordStore) -> None:
        self.kernel = kernel
        self.viewer = viewer
        self.store = records_store


def check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise LinkageError(f"linkage links {', '.join(KINDS)} records, not {kind!r}")


def visible_ids(connection: Connection, viewer: Viewer, kind: str | None = None) -> set[int]:
    condition = and_(viewer.visibility.clause(records.c.confidentiality), current())
    if kind is not None:
        condition = and_(condition, records.c.type == kind)
    return set(connection.execute(select(records.c.id).where(condition)).scalars())
