"""Why the Tantivy index could not answer: refused, unreadable or unwritable, or busy elsewhere.

Searches that meet :class:`IndexUnavailable` (or :class:`IndexBusy`) are answered by the
database's own full-text index, which a failed index write leaves untouched.
"""

from __future__ import annotations

from docket.errors import DocketError


class ForeignIndex(DocketError):
    """The search index in the archive folder was built for another archive."""


class IndexUnavailable(DocketError):
    """The search index could not be read or written (disk full, permissions)."""


class IndexBusy(IndexUnavailable):
    """Another process held the index's writer for longer than a search waits."""


def first_line(error: BaseException) -> str:
    """The start of a Tantivy error's message, which may run to a whole backtrace."""
    return (str(error).splitlines() or [type(error).__name__])[0][:200]
