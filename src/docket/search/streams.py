"""What the index keeps of one item: three streams of folded keys (title, meta, body).

Both engines index exactly these streams, so they agree on matches and on BM25 statistics. The
caps come from PostgreSQL, the tighter of the two: a tsvector holds at most 1 MB of lexemes and
positions, and positions stop at 16383, which ``postgres_fts`` divides between the fields.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from docket.search.keys import text_keys

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
    original file name, source URL and notes, joined by the caller."""

    item_id: int
    title: str
    body: str
    meta: str


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
    title = tuple(budget.take(islice(text_keys(document.title), MAX_TITLE_KEYS)))
    meta = tuple(budget.take(islice(text_keys(document.meta), MAX_META_KEYS)))
    body = tuple(budget.take(islice(text_keys(document.body), MAX_BODY_KEYS)))
    return KeyStreams(document.item_id, title, meta, body)


class _TsvectorBudget:
    """Bytes a tsvector of the keys taken so far needs, as PostgreSQL counts them."""

    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._used = 0
        self._positions: dict[str, int] = {}

    def take(self, keys: Iterable[str]) -> Iterator[str]:
        for key in keys:
            seen = self._positions.get(key, 0)
            # A new lexeme costs its bytes, one byte of alignment at most, the position count and
            # one position; a repeat one more position, until PostgreSQL stops keeping them.
            cost = len(key) + 5 if seen == 0 else 2 if seen < _MAX_POSITIONS else 0
            if self._used + cost > self._limit:
                self._used = self._limit
                return
            self._used += cost
            self._positions[key] = seen + 1
            yield key
