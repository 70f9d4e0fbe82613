"""Days that are part of a name, not dates: streets, squares and districts named after a holiday
("улица 8 Марта", "8-Март көчөсүндө", "1 May Street", "колхоз имени 1 Мая").

The words around such names are data (``vocabulary/dated_names.yaml``): a word for a street or
square right before a capitalised day ("ул. 8 Марта") or right after the day ("8-Март көчөсү",
"1 May Street") makes the day a name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Final

from docket.model._lexicon import read_yaml

__all__ = ["names_a_place"]

_VOCABULARY: Final = "vocabulary/dated_names.yaml"
# What may stand between the day and the word beside it.
_GAP: Final = r"[ \t\u00a0]+"


@dataclass(frozen=True)
class _Words:
    before: re.Pattern[str] | None
    after: re.Pattern[str] | None


def _alternatives(words: list[str]) -> str:
    ordered = sorted({" ".join(word.split()) for word in words}, key=len, reverse=True)
    return "|".join(re.escape(word).replace(r"\ ", _GAP) for word in ordered)


@cache
def _words(language: str) -> _Words:
    text = resources.files("docket.extract").joinpath(_VOCABULARY).read_text(encoding="utf-8")
    data = read_yaml(text)
    before = data["before"].get(language) or []
    after = data["after"].get(language) or []
    return _Words(
        # The word ends right before the day: "ул. 8 Марта", "улице 1 Мая".
        re.compile(rf"(?<!\w)(?:{_alternatives(before)}){_GAP}\Z", re.IGNORECASE)
        if before
        else None,
        # A word beginning right after the day, as written: "8-Март көчөсүндө", "1 May Street".
        re.compile(rf"{_GAP}(?:{_alternatives(after)})") if after else None,
    )


def names_a_place(text: str, start: int, end: int, language: str | None) -> bool:
    """Whether the date phrase at ``[start, end)`` of ``text`` is part of a place's name."""
    if language is None:
        return False
    words = _words(language)
    capitalised = any(letter.isupper() for letter in text[start:end])
    before = words.before
    if capitalised and before is not None and before.search(text, max(0, start - 40), start):
        return True
    return words.after is not None and words.after.match(text, end) is not None
