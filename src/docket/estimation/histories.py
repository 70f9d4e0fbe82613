"""Capture histories: how many people each combination of lists recorded.

A history is a pattern of 0/1, one digit per list in the order the lists are named ("101": in the
first and third list, not the second). The all-zero pattern is the people no list recorded — what
estimation is for — so it is never given. The table is validated once, here, so that every method
receives a table it can estimate from, and the reasons it cannot are one line each.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from docket.errors import DocketError, TooLarge

# A table of 2^J − 1 patterns: beyond 15 lists it has more rows than any documentation project has
# people, and the methods below cannot search their models anyway.
MAX_LISTS = 15
MAX_CSV_BYTES = 8 * 1024 * 1024
MAX_COUNT = 10**9
COUNT_COLUMN = "count"


class InvalidHistories(DocketError):
    """A capture-history table that no method can estimate from, and why."""


@dataclass(frozen=True)
class CaptureHistories:
    """Counts of people by the set of lists that recorded them (validated, immutable)."""

    lists: tuple[str, ...]
    cells: tuple[int, ...]
    """Counts by pattern read as a binary number (first list the highest bit); cell 0 is 0."""

    @classmethod
    def of(cls, lists: tuple[str, ...] | list[str], counts: Mapping[str, int]) -> CaptureHistories:
        """Build and validate a table from list names and ``{"101": count}``."""
        names = tuple(lists)
        _check_lists(names)
        cells = [0] * (1 << len(names))
        for pattern, count in counts.items():
            index = pattern_index(pattern, len(names))
            if isinstance(count, bool) or not isinstance(count, int):
                raise InvalidHistories(f"the count of pattern {pattern} is not a whole number")
            if count < 0:
                raise InvalidHistories(f"the count of pattern {pattern} is negative ({count})")
            if count > MAX_COUNT:
                raise InvalidHistories(f"the count of pattern {pattern} is too large ({count})")
            if index == 0 and count:
                raise InvalidHistories(
                    f"pattern {pattern} counts people no list recorded: that number is what is "
                    "estimated, it cannot be given"
                )
            cells[index] += count
        histories = cls(names, tuple(cells))
        histories._check_estimable()
        return histories

    @property
    def size(self) -> int:
        """Number of lists, J."""
        return len(self.lists)

    @property
    def documented(self) -> int:
        """People recorded by at least one list."""
        return sum(self.cells)

    def pattern(self, index: int) -> str:
        return format(index, f"0{self.size}b")

    def counts(self) -> dict[str, int]:
        """``{"101": count}`` for every observed pattern, zero counts included, in pattern order."""
        return {self.pattern(index): self.cells[index] for index in range(1, len(self.cells))}

    def observed(self) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.int64]]:
        """The 2^J − 1 observed patterns as a 0/1 matrix (one row per pattern) and their counts."""
        indices = np.arange(1, len(self.cells))
        shifts = np.arange(self.size - 1, -1, -1)
        patterns = ((indices[:, None] >> shifts[None, :]) & 1).astype(np.int8)
        return patterns, np.asarray(self.cells[1:], dtype=np.int64)

    def on_list(self, list_index: int) -> int:
        """People the list recorded."""
        bit = 1 << (self.size - 1 - list_index)
        return sum(count for index, count in enumerate(self.cells) if index & bit)

    def _check_estimable(self) -> None:
        if self.documented == 0:
            raise InvalidHistories("every count is zero: no one is documented, nothing to estimate")
        for position, name in enumerate(self.lists):
            if self.on_list(position) == 0:
                raise InvalidHistories(f"list {name!r} records no one: leave it out of the table")
        singles = sum(self.cells[1 << bit] for bit in range(self.size))
        if singles == self.documented:
            raise InvalidHistories(
                "no one is on more than one list: without overlaps the number never documented "
                "cannot be estimated"
            )
        if self.cells[-1] == self.documented:
            raise InvalidHistories(
                "everyone is on every list: the lists agree completely, which says nothing about "
                "who they all missed"
            )


def _check_lists(names: tuple[str, ...]) -> None:
    if len(names) < 2:
        raise InvalidHistories(
            f"{len(names)} list: estimation needs at least two lists (three or more to allow for "
            "lists that depend on each other)"
        )
    if len(names) > MAX_LISTS:
        raise InvalidHistories(f"{len(names)} lists: at most {MAX_LISTS} can be estimated together")
    for name in names:
        if not name.strip():
            raise InvalidHistories("a list has no name")
        if name.strip().casefold() == COUNT_COLUMN:
            raise InvalidHistories(f"a list may not be called {COUNT_COLUMN!r}")
    seen: set[str] = set()
    for name in names:
        if name.casefold() in seen:
            raise InvalidHistories(f"list {name!r} is named twice")
        seen.add(name.casefold())


def pattern_index(pattern: str, size: int) -> int:
    """The cell index of a pattern such as ``"101"``, or a clear error."""
    if len(pattern) != size or not re.fullmatch(r"[01]+", pattern):
        shown = pattern if len(pattern) <= 40 else pattern[:40] + "…"
        raise InvalidHistories(
            f"pattern {shown!r} is not {size} digits of 0 and 1, one for each list"
        )
    return int(pattern, 2)


def parse_histories_csv(data: bytes, *, name: str = "the table") -> CaptureHistories:
    """Read a CSV table of capture histories: a header naming the lists and ``count``, one row per
    pattern of 0/1. Zero rows may be left out. Any problem is one ``InvalidHistories`` line."""
    if len(data) > MAX_CSV_BYTES:
        raise TooLarge(
            f"{name} is {len(data):,} bytes; a table of capture histories is at most "
            f"{MAX_CSV_BYTES:,}"
        )
    text = _decode(data, name)
    rows = _rows(text, name)
    header = next(rows, None)
    if header is None or not any(cell.strip() for cell in header[1]):
        raise InvalidHistories(f"{name} is empty: it needs a header naming the lists and 'count'")
    columns = [cell.strip() for cell in header[1]]
    folded = [cell.casefold() for cell in columns]
    if folded.count(COUNT_COLUMN) != 1:
        problem = "has no" if COUNT_COLUMN not in folded else "has more than one"
        raise InvalidHistories(
            f"{name} {problem} 'count' column: the header names the lists and then 'count'"
        )
    count_at = folded.index(COUNT_COLUMN)
    lists = [cell for at, cell in enumerate(columns) if at != count_at]
    _check_lists(tuple(lists))
    counts: dict[str, int] = {}
    first_line: dict[str, int] = {}
    for line, row in rows:
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        if len(cells) != len(columns):
            raise InvalidHistories(
                f"{name}, line {line}: {len(cells)} fields where the header has {len(columns)}"
            )
        digits = [cell for at, cell in enumerate(cells) if at != count_at]
        for list_name, digit in zip(lists, digits, strict=True):
            if digit not in ("0", "1"):
                raise InvalidHistories(
                    f"{name}, line {line}: list {list_name!r} is {_shown(digit)}, not 0 or 1"
                )
        pattern = "".join(digits)
        count = _count(cells[count_at], f"{name}, line {line}")
        if pattern in first_line:
            raise InvalidHistories(
                f"{name}, line {line}: pattern {pattern} was already given on line "
                f"{first_line[pattern]}"
            )
        first_line[pattern] = line
        counts[pattern] = count
    return CaptureHistories.of(lists, counts)


def _decode(data: bytes, name: str) -> str:
    if b"\x00" in data:
        raise InvalidHistories(f"{name} is not a text file (save it as UTF-8 CSV)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidHistories(
            f"{name} is not UTF-8 text (byte {error.start}): save it as UTF-8 CSV"
        ) from None


def _rows(text: str, name: str) -> Iterator[tuple[int, list[str]]]:
    first = text.split("\n", 1)[0]
    delimiter = ","
    if "," not in first:
        delimiter = ";" if ";" in first else "\t" if "\t" in first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        for row in reader:
            yield reader.line_num, row
    except csv.Error as error:
        raise InvalidHistories(f"{name}, line {reader.line_num}: {error}") from None


def _count(text: str, where: str) -> int:
    if not text:
        raise InvalidHistories(f"{where}: the count is empty")
    if not re.fullmatch(r"[+-]?[0-9]+", text):
        raise InvalidHistories(f"{where}: count {_shown(text)} is not a whole number")
    if len(text) > 12:
        raise InvalidHistories(f"{where}: count {_shown(text)} is too large")
    value = int(text)
    if value < 0:
        raise InvalidHistories(f"{where}: count {value} is negative")
    if value > MAX_COUNT:
        raise InvalidHistories(f"{where}: count {value} is too large")
    return value


def _shown(text: str) -> str:
    return repr(text if len(text) <= 20 else text[:20] + "…")
