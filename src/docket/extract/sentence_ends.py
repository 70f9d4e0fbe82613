"""Where a text's sentences start: after closing punctuation and blank lines, not after the
period of an abbreviation.

A period closes a sentence unless it closes an abbreviation that stands before what it
abbreviates: "School No. 5", "Art. 330", "ст. 330 УК", "ч. 2", "ул. Ленина", "Dr. Asanova", an
initial ("Б. Осмонов"), or any word the next sentence could not go on from, one followed by a
small letter ("т. е.", "e.g. the"). Read as an end, "His sister, a teacher at School No. 5, was
dismissed" lost the sister to the sentence before the act.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["SENTENCE_END", "breaks_sentence", "next_break", "sentence_starts"]

SENTENCE_END: Final = re.compile(r"[.!?…]+[\"'»”)]*\s+|\n\s*\n|\n(?=\s*[-•*\d])")
# A mark that ends a sentence between two words; a full stop inside a word ("Kerege.info") ends
# nothing.
_BREAK: Final = re.compile(r"[.!?…](?!\w)|\n")
_SPACE: Final = re.compile(r"[ \t]*")
_WORD_BEFORE: Final = re.compile(r"(?<![^\W\d_])[^\W\d_]+$")
# Abbreviations written before a number: "No. 5", "Art. 330", "ст. 330", "ч. 2", "п. 3", "д. 14".
_BEFORE_NUMBER: Final = frozenset(
    {"no", "nos", "art", "arts", "para", "paras", "vol", "p", "pp", "ст", "ч", "п", "пп", "д", "кв"}
)
# Abbreviations written before a name, a title or a place: "Dr. Asanova", "ул. Ленина", "с. Арашан".
_BEFORE_NAME: Final = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "ул",
        "пр",
        "просп",
        "пер",
        "мкр",
        "пл",
        "бул",
        "им",
        "пос",
        "пгт",
        "с",
    }
)
# How far back a word before a period is looked for: the longest abbreviation and its boundary.
_REACH: Final = 8


def _abbreviated(text: str, period: int, following: int) -> bool:
    """Whether the period at ``period``, with the next sentence's first character at
    ``following``, closes an abbreviation rather than a sentence."""
    word = _WORD_BEFORE.search(text, max(0, period - _REACH), period)
    if word is None or following >= len(text):
        return False
    next_char = text[following]
    abbreviation = word.group()
    folded = abbreviation.casefold()
    return (
        next_char.islower()
        or (folded in _BEFORE_NUMBER and next_char.isdigit())
        or folded in _BEFORE_NAME
        or (len(abbreviation) == 1 and abbreviation.isupper() and next_char.isupper())
    )


def sentence_starts(text: str) -> list[int]:
    """The offsets where the sentences of ``text`` start, the first at 0."""
    starts = [0]
    for end in SENTENCE_END.finditer(text):
        closing = end.group()
        if (
            closing[0] == "."
            and closing[1:].isspace()
            and closing.count("\n") < 2
            and _abbreviated(text, end.start(), end.end())
        ):
            continue
        starts.append(end.end())
    return starts


def next_break(text: str, start: int = 0, end: int | None = None) -> int | None:
    """Where the first end of a sentence in ``text[start:end]`` is: a closing mark or a line
    break, not the period of an abbreviation ("at School No. 5 was dismissed"); None if none."""
    for found in _BREAK.finditer(text, start, len(text) if end is None else end):
        if found.group() == ".":
            following = _SPACE.match(text, found.end())
            after = found.end() if following is None else following.end()
            if after > found.end() and _abbreviated(text, found.start(), after):
                continue
        return found.start()
    return None


def breaks_sentence(text: str, start: int = 0, end: int | None = None) -> bool:
    """Whether ``text[start:end]`` holds the end of a sentence (see :func:`next_break`)."""
    return next_break(text, start, end) is not None
