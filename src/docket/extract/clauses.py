"""Where the clause or sentence around a phrase starts and ends.

Several readers look for a phrase's words within its clause or sentence: whom an intervention is
toward, whether a step is only undertaken, a letter's own voice. They share these bounds, and
look back only so far: a sentence is shorter, and a long text is not scanned from its start for
every phrase.
"""

from __future__ import annotations

import re
from typing import Final

from docket.extract.participants import CLAUSE_BREAK

__all__ = ["LOOK_BACK", "SENTENCE_BREAK", "edges"]

SENTENCE_BREAK: Final = re.compile(r"[.!?…](?!\w)|\n")
LOOK_BACK: Final = 2000


def edges(text: str, start: int, end: int, *, clause: bool) -> tuple[int, int]:
    """Where the clause (or, without ``clause``, the sentence) holding ``text[start:end]``
    starts and ends."""
    patterns = (CLAUSE_BREAK, SENTENCE_BREAK) if clause else (SENTENCE_BREAK,)
    low, high = max(0, start - LOOK_BACK), len(text)
    for pattern in patterns:
        for found in pattern.finditer(text, max(0, start - LOOK_BACK), start):
            low = max(low, found.end())
        following = pattern.search(text, end)
        if following is not None:
            high = min(high, following.start())
    return low, high
