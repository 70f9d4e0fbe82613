"""Character spans of a text, asked which of them overlap a given span.

Readers that keep each phrase clear of those taken before it would otherwise compare it with
every one of them: a text with thousands of dates then costs the square of their number. Spans
are kept by their start, and only those starting within the longest span's length before a
given one can reach it.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator

__all__ = ["Spans"]


class Spans:
    """Spans ``(start, end)``, end exclusive, in the order of their starts."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self._starts: list[int] = []
        self._spans: list[tuple[int, int]] = []
        self._longest = 0
        for start, end in spans:
            self.add(start, end)

    def add(self, start: int, end: int) -> None:
        at = bisect_right(self._starts, start)
        self._starts.insert(at, start)
        self._spans.insert(at, (start, end))
        self._longest = max(self._longest, end - start)

    def overlapping(self, start: int, end: int) -> Iterator[tuple[int, int]]:
        """The spans that share a character with ``start``..``end``, in the order of their
        starts."""
        low = bisect_left(self._starts, start - self._longest)
        high = bisect_left(self._starts, end)
        for found in self._spans[low:high]:
            if start < found[1]:
                yield found
