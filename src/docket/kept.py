"""The most recently used answers of some work, by key, for work done again with the same inputs.

What a key must hold so that a kept answer is the one the work would give again is the caller's
to say (see ``docket.web.remembered`` for the pages' answers and
``docket.search.service`` for snippets).
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
