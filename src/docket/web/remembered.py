"""The key under which a page keeps what it worked out for the next request asking the same.

A key holds everything such an answer depends on: the archive's position (the newest entry of the
chain of custody that changed something; every change appends one, so a change makes every
earlier key unreachable, while entries saying someone opened an item or a record do not), the
viewer's confidentiality levels (so nobody is given what was read for a higher clearance), the
page language and the address asked for. The position is read before the answer is worked out:
an answer is never filed under a position older than the data it was read from.
"""

from __future__ import annotations

from collections.abc import Hashable

from fastapi import Request

from docket.door import Door


def page_key(door: Door, request: Request, position: tuple[int, str] | None = None) -> Hashable:
    """The key of what ``request``'s page reads through ``door``; the position is read now
    unless given (read in the transaction the page then reads in, ``Door.snapshot``)."""
    return (
        door.position() if position is None else position,
        door.viewer.visibility.levels,
        str(getattr(request.state, "language", "en")),
        request.url.path,
        request.url.query,
    )
