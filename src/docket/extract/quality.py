"""Notes for a reviewer on text that extraction can only partly read.

OCR noise, flattened tables, text without punctuation and sentences that mix scripts do not stop
extraction, but they make it miss things; a reviewer who knows why a finding is missing knows
where to read the item themselves. Each check is one pass over the text.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import Final

__all__ = ["reading_notes"]

# Below this many characters a text is a caption or a title: proportions mean nothing.
_MIN_CHARS: Final = 200
_MIN_LETTER_SHARE: Final = 0.6
_MIN_SCRIPT_SHARE: Final = 0.2
# A sentence longer than this is text without punctuation (a transcript, a flattened table).
_LONGEST_SENTENCE: Final = 2_000
# The runs of text between sentence marks.
_SENTENCE_RUN: Final = re.compile(r"[^.!?…;\n]*")


def _script(character: str) -> str | None:
    name = unicodedata.name(character, "")
    if name.startswith("LATIN"):
        return "Latin"
    if name.startswith("CYRILLIC"):
        return "Cyrillic"
    return None


def reading_notes(text: str) -> list[str]:
    """What about ``text`` may make extraction miss findings, one sentence a note."""
    if not text.strip():
        return ["the item has no text to read (no working copy, or an empty one)"]
    if len(text) < _MIN_CHARS:
        return []
    visible = letters = 0
    scripts = {"Latin": 0, "Cyrillic": 0}
    # Each distinct character is judged once, however often it stands in the text.
    for character, times in Counter(text).items():
        if character.isspace():
            continue
        visible += times
        if character.isalpha():
            letters += times
            script = _script(character)
            if script is not None:
                scripts[script] += times
    longest = max(len(run) for run in _SENTENCE_RUN.findall(text))
    notes: list[str] = []
    share = letters / visible if visible else 0.0
    if share < _MIN_LETTER_SHARE:
        notes.append(
            f"only {share:.0%} of the text is letters: it may be OCR noise or a flattened "
            "table, and names or dates in it may be missed"
        )
    if longest > _LONGEST_SENTENCE:
        notes.append(
            f"a stretch of {longest:,} characters has no sentence punctuation: acts and "
            "interventions in it get no date or place from their sentence"
        )
    latin, cyrillic = scripts["Latin"], scripts["Cyrillic"]
    if latin + cyrillic and min(latin, cyrillic) / (latin + cyrillic) >= _MIN_SCRIPT_SHARE:
        notes.append(
            f"the text mixes Latin ({latin / (latin + cyrillic):.0%}) and Cyrillic script: "
            "names written in the script the item's language does not use may be missed"
        )
    return notes
