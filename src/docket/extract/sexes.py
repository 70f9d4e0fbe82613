"""Whom a person's name can name, a man or a woman, by its endings.

A surname's ending tells the bearer's sex where only one sex's form ends so, in any case:
Атамбаев, Атамбаевым, Atambaev are a man's; Атамбаевой, Atambaeva a woman's. Written in a
sentence, Russian Атамбаева (his genitive, her nominative) and Атамбаеву (his dative, her
accusative) are either's; an entity's name, which is in the nominative, Атамбаева is hers.
"""

from __future__ import annotations

import re
from typing import Final

MALE: Final = frozenset({"m"})
FEMALE: Final = frozenset({"f"})
EITHER: Final = frozenset({"m", "f"})

_MALE_ENDINGS: Final = (
    *("ов", "ев", "ёв", "ин", "овым", "евым", "ёвым", "иным", "ове", "еве", "уулу"),
    *("ov", "ev", "in", "uulu"),
)
_FEMALE_ENDINGS: Final = ("овой", "евой", "ёвой", "иной", "кызы", "ova", "eva", "ina", "kyzy")
# Her nominative, his genitive: hers only where the word is known to be in the nominative.
_FEMALE_NOMINATIVE: Final = ("ова", "ева", "ёва", "ина")

# Kyrgyz given names built on "-бек" (lord) are men's, on "гүл"/"гуль" (flower) women's, in
# whatever case the Russian sentence puts them (Таалайбека, Айгуль, Гүлнара).
_MALE_GIVEN: Final = re.compile(r".+(?:бек|bek)(?:а|у|ом|е|ke|ka)?")
_FEMALE_GIVEN: Final = re.compile(r"(?:гул|гүл|gul|gül).*|.+(?:гуль|гүл|gul|gül)")


def by_surname(word: str, *, nominative: bool = False) -> frozenset[str]:
    """Whom a surname can name; ``nominative`` when the word is known to be in that case (an
    entity's name rather than its mention in a sentence)."""
    last = word.casefold()
    if last.endswith(_FEMALE_ENDINGS) or (nominative and last.endswith(_FEMALE_NOMINATIVE)):
        return FEMALE
    if last.endswith(_MALE_ENDINGS):
        return MALE
    return EITHER


def by_given_name(word: str) -> frozenset[str]:
    """Whom a Kyrgyz given name can name."""
    first = word.casefold()
    if _FEMALE_GIVEN.fullmatch(first):
        return FEMALE
    if _MALE_GIVEN.fullmatch(first):
        return MALE
    return EITHER


def by_name(name: str) -> frozenset[str]:
    """Whom an entity's name (in the nominative) can name: by its surname, else by its given
    name ("Aigul")."""
    words = name.split()
    if not words:
        return EITHER
    sexes = by_surname(words[-1], nominative=True)
    return by_given_name(words[0]) if sexes == EITHER else sexes
