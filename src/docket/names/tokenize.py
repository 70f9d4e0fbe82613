"""Word tokens with character offsets, for indexing, highlighting and entity spans.

A word is a run of letters and digits in any script (Kyrgyz ң ө ү included), with the combining
marks that follow them, so decomposed text (NFD) yields the same words as composed text. An
apostrophe between letters stays inside the word (``O'Brien``, ``Ol'ga``, ``об'єкт``), because in
transliterated Russian it stands for a soft or hard sign. Hyphens split: each part of a Russian
double surname declines on its own (``Римского-Корсакова``), and ``Kara-Suu`` must match the
phrase ``Kara Suu``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from docket.names.marks import COMBINING_MARK_RANGES

__all__ = ["WORD_PATTERN", "Token", "tokenize"]


def _mark_class() -> str:
    parts = []
    for start, end in COMBINING_MARK_RANGES:
        if start == end:
            parts.append(f"\\U{start:08x}")
        else:
            parts.append(f"\\U{start:08x}-\\U{end:08x}")
    return "".join(parts)


_LETTER = r"[^\W_]"
_MARKS = f"[{_mark_class()}]"
# Letters and marks, starting with a letter: the same words as (?:letter|mark)* after the first
# letter, found in a third less time (a run of one class costs less than an alternation tried
# at every character).
_RUN = f"{_LETTER}+(?:{_MARKS}+{_LETTER}*)*"
# U+2019 and U+02BC are what word processors and Ukrainian keyboards put for an apostrophe.
_APOSTROPHE = "['\u2019\u02bc`]"

WORD_PATTERN = re.compile(f"{_RUN}(?:{_APOSTROPHE}{_RUN})*")


class Token(NamedTuple):
    """One word of a text; ``text[start:end] == token.text``."""

    text: str
    start: int
    end: int


def tokenize(text: str) -> Iterator[Token]:
    """Yield the words of ``text`` in order, with their character offsets."""
    for match in WORD_PATTERN.finditer(text):
        yield Token(match.group(), match.start(), match.end())
