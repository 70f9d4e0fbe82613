"""BM25 as SQLite FTS5 computes it, so that PostgreSQL can compute the very same score.

FTS5's ``bm25()`` (ext/fts5/fts5_aux.c) scores a row, for each phrase of the query, as
``idf * f * (K1 + 1) / (f + K1 * (1 - B + B * length / average_length))`` where ``f`` sums the
column weight of every occurrence of the phrase in the row, ``length`` counts the tokens of all
columns, and ``idf = ln((rows - rows_with_phrase + 0.5) / (rows_with_phrase + 0.5))``, replaced
by 1e-6 when not positive. ``postgres_fts`` reproduces this formula in SQL.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# FTS5 hard-codes these two.
K1 = 1.2
B = 0.75

# A word in the title says more about an item than the same word in its author or notes, which
# say more than one occurrence in a long body.
TITLE_WEIGHT = 4.0
META_WEIGHT = 2.0
BODY_WEIGHT = 1.0

_SMALLEST_IDF = 1e-6


def idf(rows: int, rows_with_phrase: int) -> float:
    """Inverse document frequency of a phrase, as FTS5 computes it."""
    value = math.log((rows - rows_with_phrase + 0.5) / (rows_with_phrase + 0.5))
    return value if value > 0 else _SMALLEST_IDF


@dataclass(frozen=True)
class RankedItem:
    """One match as an engine returns it, before its snippet is made."""

    item_id: int
    score: float
    title: str | None
