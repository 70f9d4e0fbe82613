"""What the index keeps of one item: three streams of folded keys (title, meta, body).

Both engines index exactly these streams, so they agree on matches and on BM25 statistics. The
caps come from PostgreSQL, the tighter of the two: a tsvector holds at most 1 MB of lexemes and
positions, and positions stop at 16383, which ``postgres_fts`` divides between the fields.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from docket.search.keys import key_chunks

MAX_TITLE_KEYS = 998
MAX_META_KEYS = 2998
# Repetitive text costs no tsvector bytes past 256 repeats; this bounds the work it can cause.
MAX_BODY_KEYS = 2_000_000

# PostgreSQL refuses a tsvector whose lexemes and position lists exceed 1 MiB; stay below it.
_TSVECTOR_BUDGET_BYTES = 1_000_000
# PostgreSQL keeps at most this many positions per lexeme.
_MAX_POSITIONS = 256


@dataclass(frozen=True)
class SearchDocument:
    """The text of one item to index: ``body`` is its working-copy text, ``meta`` the author,
    original file name, source URL and notes, joined."""

    item_id: int
    title: str
    body: str
    meta: str

    @classmethod
    def of_item(
        cls, item_id: int, values: Mapping[str, Any], body: str, also: Iterable[object] = ()
    ) -> SearchDocument:
        """The document of an item row's ``values``; ``also`` goes into the meta before the
        notes (a capture's final address)."""
        meta = (values["author"], values["original_name"], values["source_url"], *also)
        return cls(
            item_id=item_id,
            title=values["title"] or "",
            body=body,
            meta=" ".join(str(v) for v in (*meta, values["notes"]) if v),
        )


@dataclass(frozen=True)
class KeyStreams:
    """The folded keys of one item, per field, in text order."""

    item_id: int
    title: tuple[str, ...]
    meta: tuple[str, ...]
    body: tuple[str, ...]

    @property
    def length(self) -> int:
        """Number of keys in all fields: the document length BM25 normalises by."""
        return len(self.title) + len(self.meta) + len(self.body)

    def distinct_keys(self) -> list[str]:
        return sorted({*self.title, *self.meta, *self.body})


def key_streams(document: SearchDocument) -> KeyStreams:
    """Fold ``document`` into key streams, dropping what no index could store.

    Folding stops as soon as the budget is spent, so a huge text costs no more than the part the
    index can hold. The title is kept first, then the meta field, then as much body as fits.
    """
    budget = _TsvectorBudget(_TSVECTOR_BUDGET_BYTES)
    title = budget.take(key_chunks(document.title), MAX_TITLE_KEYS)
    meta = budget.take(key_chunks(document.meta), MAX_META_KEYS)
    body = budget.take(key_chunks(document.body), MAX_BODY_KEYS)
    return KeyStreams(document.item_id, title, meta, body)


class _TsvectorBudget:
    """Bytes a tsvector of the keys taken so far needs, as PostgreSQL counts them.

    No key costs more than its bytes and five more, so while that bound of everything taken
    fits, keys are taken a chunk at a time without counting them one by one (a step of Python
    per key cost as much as folding them). Only a text whose bound passes the budget is counted
    key by key, from its first key, to cut it exactly where PostgreSQL would run out.
    """

    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._used = 0
        self._positions: dict[str, int] = {}
        # The bound of the bytes taken so far, or None once they are counted exactly; and the
        # chunks taken on the bound, to count when that happens.
        self._bound: int | None = 0
        self._uncounted: list[list[str]] = []

    def take(self, chunks: Iterable[list[str]], most: int) -> tuple[str, ...]:
        """The first keys of ``chunks``, at most ``most``, up to the first that does not fit."""
        taken: list[str] = []
        for chunk in chunks:
            room = most - len(taken)
            if len(chunk) > room:
                chunk = chunk[:room]
            if self._fits_whole(chunk):
                taken.extend(chunk)
            else:
                fitting = self._fitting(chunk)
                taken.extend(fitting)
                if len(fitting) < len(chunk):
                    break
            if len(taken) >= most:
                break
        return tuple(taken)

    def _fits_whole(self, chunk: list[str]) -> bool:
        if self._bound is None:
            return False
        bound = self._bound + sum(map(len, chunk)) + 5 * len(chunk)
        if bound > self._limit:
            # From here on every key is counted: first those taken on the bound.
            for taken in self._uncounted:
                self._fitting(taken)
            self._bound = None
            self._uncounted = []
            return False
        self._bound = bound
        self._uncounted.append(chunk)
        return True

    def _fitting(self, keys: list[str]) -> list[str]:
        """The first keys that fit, counted one by one; the rest once one does not."""
        for index, key in enumerate(keys):
            seen = self._positions.get(key, 0)
            # A new lexeme costs its bytes, one byte of alignment at most, the position count and
            # one position; a repeat one more position, until PostgreSQL stops keeping them.
            cost = len(key) + 5 if seen == 0 else 2 if seen < _MAX_POSITIONS else 0
            if self._used + cost > self._limit:
                self._used = self._limit
                return keys[:index]
            self._used += cost
            self._positions[key] = seen + 1
        return keys
