"""Kyrgyz case endings: how many final letters of a word are its grammar, not its name.

Kyrgyz glues its case endings to the word (Атамбаевдин, Бишкекте) and assimilates their first
consonant to the sound before it; the rules that find names read a word's stem through these.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = [
    "ATTRIBUTIVE_ENDINGS",
    "ENDINGS",
    "LOCATIVE",
    "SPATIAL_ENDINGS",
    "case_ending_length",
    "place_ending_length",
    "possessed",
]

_VOWELS = frozenset("аеёиоуыэюяөү")
_VOICELESS = frozenset("кпстфхцчшщ")

# Ending → which stem-final sounds it follows: Kyrgyz assimilates the first consonant of an
# ending to the sound before it, so Бишкек+те and Атамбаев+дин are endings while the "та" of
# Кара-Балта (л takes -да) and the "ты" of Алматы (м takes -ды) are part of the name.
_AFTER_VOICED = ("д", "г")
_AFTER_VOICELESS = ("т", "к")
_AFTER_VOWEL = ("н",)
_ENDING_TAILS = (
    "ын", "ин", "ун", "үн",  # genitive
    "ы", "и", "у", "ү",  # accusative
    "а", "е", "о", "ө",  # dative, locative
    "ан", "ен", "он", "өн",  # ablative
)  # fmt: skip

ENDINGS: tuple[str, ...] = tuple(
    sorted(
        {
            consonant + tail
            for consonant in (*_AFTER_VOICED, *_AFTER_VOICELESS, *_AFTER_VOWEL)
            for tail in _ENDING_TAILS
            # -г/-к only start the dative (-га, -ке...); -н never starts it or the locative,
            # whose -на/-да after a vowel would cut Зарина or Мадина.
            if not (consonant in "гк" and tail not in ("а", "е", "о", "ө"))
            and not (consonant == "н" and tail in ("а", "е", "о", "ө"))
        },
        key=len,
        reverse=True,
    )
)

# Given names that end in what looks like a past-tense verb plus ending (Ырыскелди, Кудайберди).
_NAME_FINALS = ("келди", "берди", "алды", "турду")
_MIN_STEM = 2

# The attributive locative ("Жаңы-Каладагы", "of Jangy-Kala"): a locative plus -гы/-ги.
ATTRIBUTIVE_ENDINGS = ("дагы", "даги", "дегы", "деги", "тагы", "таги", "тегы", "теги",
                       "догу", "дөгү", "тогу", "төгү")  # fmt: skip

SPATIAL_ENDINGS = tuple(
    ending for ending in ENDINGS if ending[1:] in ("а", "е", "о", "ө", "ан", "ен", "он", "өн")
)

# A Kyrgyz head noun after a name takes the possessive (Ала-Мыш району, "the district of
# Ala-Mysh"), and a case ending after it starts with -н: районуна, аянтында, көчөсүндөгү.
_POSSESSED = re.compile(r"(.*?(?:ы|и|у|ү|сы|си|су|сү))(?:н[^\W\d_]*)?$")


def possessed(word: str) -> str:
    """The Kyrgyz head noun ``word`` in its possessive form, without a case ending."""
    found = _POSSESSED.match(word)
    return word if found is None else found.group(1)


# Asked of the same words many times a text (by the name rules, the places, the participants),
# and told by the word alone.
@lru_cache(maxsize=8192)
def case_ending_length(word: str) -> int:
    """How many final letters of ``word`` are a Kyrgyz case ending (0 when none is found).

    An acronym keeps its capitals and loses any lowercase tail (УКМКнын → УКМК).
    """
    if len(word) > 1 and word[0].isupper():
        capitals = len(word) - len(word.lstrip("АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯӨҮҢ"))
        if capitals >= 2 and word[capitals:].islower() and word[capitals:].lower() in ENDINGS:
            return len(word) - capitals
    lowered = word.lower()
    if lowered.endswith(_NAME_FINALS):
        return 0
    for ending in ENDINGS:
        if not lowered.endswith(ending) or min(len(lowered), len(word)) - len(ending) < _MIN_STEM:
            continue
        before = lowered[-len(ending) - 1]
        if not before.isalpha():
            continue
        first = ending[0]
        if first in _AFTER_VOWEL and before in _VOWELS:
            return len(ending)
        if first in _AFTER_VOICELESS and before in _VOICELESS:
            return len(ending)
        if first in _AFTER_VOICED and before not in _VOICELESS and before not in "ъь":
            return len(ending)
    return 0


# A word inside a name never carries a locative ("Ала-Мыш районундагы ...", "февраль айында"):
# such a word places what follows, and the name starts after it.
LOCATIVE = re.compile(r"(?:да|де|до|дө|та|те|то|тө)(?:гы|ги|гу|гү)?$")


def place_ending_length(word: str) -> int:
    """How many final letters of a place's name ``word`` are its ending: the attributive
    locative (Сары-Белдеги, "of Sary-Bel") or a case ending."""
    lowered = word.lower()
    for ending in ATTRIBUTIVE_ENDINGS:
        if lowered.endswith(ending) and len(word) - len(ending) >= _MIN_STEM:
            return len(ending)
    return case_ending_length(word)
