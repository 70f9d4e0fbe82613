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
_SPACES: Final = re.compile(r"\s*")
# Longer than the longest word of a clause break (``CLAUSE_BREAK``) with the space after it.
_BREAK_WORD: Final = 16


def edges(text: str, start: int, end: int, *, clause: bool) -> tuple[int, int]:
    """Where the clause (or, without ``clause``, the sentence) holding ``text[start:end]``
    starts and ends."""
    patterns = (CLAUSE_BREAK, SENTENCE_BREAK) if clause else (SENTENCE_BREAK,)
    low = max(0, start - LOOK_BACK)
    for pattern in patterns:
        for found in pattern.finditer(text, max(0, start - LOOK_BACK), start):
            low = max(low, found.end())
    following = SENTENCE_BREAK.search(text, end)
    high = len(text) if following is None else following.start()
    if clause:
        # A clause ends before its sentence does: its break is looked for only up to the
        # sentence's end and the spaces after it (where a break of words such as "and" may
        # end), not through all the rest of a text that has none.
        spaces = _SPACES.match(text, high)
        reach = min(len(text), (high if spaces is None else spaces.end()) + _BREAK_WORD)
        following = CLAUSE_BREAK.search(text, end, reach)
        if following is not None:
            high = min(high, following.start())
    return low, high
