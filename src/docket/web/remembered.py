"""Answers a page worked out once, kept for the next request that asks the same of the same data.

A key holds everything the answer depends on: the archive's position (the newest entry of the
chain of custody that changed something; every change appends one, so a change makes every
earlier key unreachable, while entries saying someone opened an item or a record do not), the
viewer's confidentiality levels (so nobody is given what was read for a higher clearance), the
page language and the address asked for. The position is read before the answer is worked out:
an answer is never filed under a position older than the data it was read from.
"""

from __future__ import annotations

from docket.kept import KEPT, Remembered

__all__ = ["KEPT", "Remembered"]
