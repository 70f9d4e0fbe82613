"""Answers a page worked out once, kept for the next request that asks the same of the same data.

A key holds everything the answer depends on: the archive's position (the newest entry of the
chain of custody that changed something; every change appends one, so a change makes every
earlier key unreachable, while entries saying someone opened an item or a record do not), the
viewer's confidentiality levels (so nobody is given what was read for a higher clearance), the
page language and the address asked for. The position is read before the answer is worked out:
an answer is never filed under a position older than the data it was read from.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Final, Generic, TypeVar

Answer = TypeVar("Answer")

# A search page's answer is a few kilobytes; this many stay per process.
KEPT: Final = 256


class Remembered(Generic[Answer]):
    """The most recently used answers, by key; safe to share between request threads."""

    def __init__(self, kept: int = KEPT) -> None:
        self._kept = kept
        self._answers: OrderedDict[Hashable, Answer] = OrderedDict()
        self._lock = threading.Lock()

    def answer(self, key: Hashable, work_out: Callable[[], Answer]) -> Answer:
        """The answer kept under ``key``, or ``work_out()``'s, kept from now on. Two requests
        asking at once may both work it out; both answers are the same."""
        with self._lock:
            if key in self._answers:
                self._answers.move_to_end(key)
                return self._answers[key]
        found = work_out()
        with self._lock:
            self._answers[key] = found
            self._answers.move_to_end(key)
            while len(self._answers) > self._kept:
                self._answers.popitem(last=False)
        return found

    def __len__(self) -> int:
        return len(self._answers)

    def clear(self) -> None:
        with self._lock:
            self._answers.clear()
