"""The dictionary form of a counted noun ("articles" -> "article", "наблюдателей" -> "наблюдатель").

Counted nouns stand in a handful of forms only: English plurals, the Russian genitive that
numerals govern (singular after 2-4, plural after 5 and more, substantivised adjectives in -ых),
Kyrgyz nouns with case, possessive and plural endings. Suffix rules cover those forms; they are
not a general lemmatiser (the morphological dictionary natasha ships, pymorphy2, does not load on
the Python versions Docket supports), so an irregular word may keep a wrong ending.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["noun_lemma"]

_LATIN: Final = re.compile(r"[a-z]+")
_ENGLISH_IRREGULAR: Final = {
    "people": "person",
    "men": "man",
    "women": "woman",
    "children": "child",
    "policemen": "policeman",
    "policewomen": "policewoman",
    "media": "media",
    "police": "police",
    "staff": "staff",
}
_ENGLISH_KEPT: Final = ("ss", "us", "is")
_ENGLISH_ES: Final = ("ches", "shes", "sses", "xes", "zes")

# Russian endings after a numeral, longest first, with what replaces them in the dictionary form.
_RUSSIAN: Final = (
    ("ций", "ция"),
    ("ний", "ние"),
    ("ьей", "ья"),
    ("ьи", "ья"),
    ("ии", "ия"),
    ("ых", "ый"),
    ("их", "ий"),
    ("ий", "ия"),
    ("ей", "ь"),
    ("ов", ""),
    ("ки", "ка"),
    ("ги", "га"),
    ("хи", "ха"),
    ("ы", "а"),
    ("я", "ь"),
    ("а", ""),
)
_VOWELS: Final = frozenset("аеёиоуыэюя")

# Kyrgyz endings a counted noun carries (case, genitive, accusative, plural, possessive).
_KYRGYZ: Final = tuple(
    sorted(
        (
            *(
                [
                    "га",
                    "ге",
                    "го",
                    "гө",
                    "ка",
                    "ке",
                    "ко",
                    "кө",
                    "да",
                    "де",
                    "до",
                    "дө",
                    "та",
                    "те",
                    "то",
                    "тө",
                ]
            ),
            *(["дан", "ден", "дон", "дөн", "тан", "тен", "тон", "төн"]),
            *(["дын", "дин", "дун", "дүн", "тын", "тин", "тун", "түн"]),
            *(["ды", "ди", "ду", "дү", "ты", "ти", "ту", "тү"]),
            *(["лар", "лер", "лор", "лөр", "дар", "дер", "дор", "дөр", "тар", "тер", "тор", "төр"]),
            *(["сы", "си", "су", "сү"]),
            *(
                [
                    "нда",
                    "нде",
                    "ндо",
                    "ндө",
                    "нан",
                    "нен",
                    "нон",
                    "нөн",
                    "нын",
                    "нин",
                    "нун",
                    "нүн",
                    "ны",
                    "ни",
                    "ну",
                    "нү",
                    "на",
                    "не",
                    "но",
                    "нө",
                ]
            ),
        ),
        key=len,
        reverse=True,
    )
)
_KYRGYZ_PLURALS: Final = tuple(
    ["лар", "лер", "лор", "лөр", "дар", "дер", "дор", "дөр", "тар", "тер", "тор", "төр"]
)
# Locative, ablative and dative opening with н only follow a possessive vowel ("бөлүмүндө" is
# бөлүм + ү + ндө); genitive and accusative do so too after a vowel, but also follow any
# vowel-final stem ("кишинин"), so there the vowel goes only after a plural ("күбөлөрүнүн").
_KYRGYZ_AFTER_POSSESSIVE: Final = frozenset(
    ["нда", "нде", "ндо", "ндө", "нан", "нен", "нон", "нөн", "на", "не", "но", "нө"]
)
_KYRGYZ_POSSESSIVE_VOWELS: Final = frozenset("ыиуү")
_MIN_STEM: Final = 3
_MAX_STRIPS: Final = 3


def noun_lemma(noun: str, language: str | None) -> str:
    """The dictionary form of ``noun`` (lower-cased); a phrase has its last word changed."""
    words = noun.lower().replace("ё", "е").split()
    if not words:
        return ""
    last = words[-1]
    if _LATIN.fullmatch(last):
        last = _english(last)
    elif language == "ky" or (language is None and any(letter in "өүң" for letter in last)):
        last = _kyrgyz(last)
    elif language in (None, "ru"):
        last = _russian(last)
    return " ".join([*words[:-1], last])


def _english(word: str) -> str:
    if word in _ENGLISH_IRREGULAR:
        return _ENGLISH_IRREGULAR[word]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(_ENGLISH_ES):
        return word[:-2]
    if word.endswith("s") and not word.endswith(_ENGLISH_KEPT) and len(word) > 3:
        return word[:-1]
    return word


def _russian(word: str) -> str:
    for ending, replacement in _RUSSIAN:
        stem = word[: -len(ending)]
        if word.endswith(ending) and len(stem) >= _MIN_STEM:
            if ending == "ей" and stem[-1] in _VOWELS:
                return word
            return stem + replacement
    return word


def _kyrgyz(word: str) -> str:
    for _ in range(_MAX_STRIPS):
        ending = next(
            (e for e in _KYRGYZ if word.endswith(e) and len(word) - len(e) >= _MIN_STEM), None
        )
        if ending is None:
            break
        word = word[: -len(ending)]
        possessive = word[-1] in _KYRGYZ_POSSESSIVE_VOWELS and len(word) - 1 >= _MIN_STEM
        if possessive and (
            ending in _KYRGYZ_AFTER_POSSESSIVE
            or (ending.startswith("н") and word[:-1].endswith(_KYRGYZ_PLURALS))
        ):
            word = word[:-1]
    return word
