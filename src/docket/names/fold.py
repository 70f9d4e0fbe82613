"""Folding of one word to a script- and spelling-independent skeleton.

Two steps. :func:`normalise` turns any word into lower-case ASCII letters and digits plus
Cyrillic letters (kept, because case endings are recognised on the Cyrillic spelling).
:func:`skeleton` writes the Cyrillic letters in Latin and then merges the spellings that the
common transliteration systems give for one Cyrillic letter, so that ISO 9, BGN/PCGN, ICAO 9303
and press spellings of a name meet in one string.

The merge rules are data (:data:`VARIANT_RULES`), applied in order; each rule says where the
spellings come from. What the rules deliberately do not merge is listed in README.md beside
this module.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from functools import lru_cache
from types import MappingProxyType

from rigour.text.translit import ascii_text

from docket.names.transliterate import (
    CYRILLIC_TO_LATIN_LOOKALIKES,
    LATIN_TO_CYRILLIC_LOOKALIKES,
    is_cyrillic,
    key_latin,
)

__all__ = [
    "LATIN_LETTER_SPELLINGS",
    "OPEN_ENDINGS",
    "VARIANT_RULES",
    "is_cyrillic_word",
    "normalise",
    "skeleton",
    "trim_open_ending",
]

# Latin letters whose diacritic carries the transliteration, so stripping the accent would lose
# it (ž is zh, not z). Sources: ISO 9:1995 / GOST 7.79 system A (ž š č ŝ û â ë ʹ ʺ), BGN/PCGN
# (ë, ʼ), ALA-LC (ʹ), Turkish-style spellings of Kyrgyz and Kazakh names (ş ç ı ñ ŋ).
LATIN_LETTER_SPELLINGS: Mapping[str, str] = MappingProxyType(
    {
        "ž": "zh",
        "š": "sh",
        "č": "ch",
        "ŝ": "shch",
        "û": "yu",
        "â": "ya",
        "ë": "yo",
        "ş": "sh",
        "ç": "ch",
        "ı": "i",
        "ŋ": "n",
        "ə": "a",
        "æ": "ae",
        "œ": "oe",
        "ø": "o",
        "đ": "dj",
        "ł": "l",
        "þ": "th",
        "ð": "d",
        "ħ": "h",
        "ŧ": "t",
        # Soft and hard sign marks and apostrophe-like letters: no sound of their own.
        "ʹ": "",
        "ʺ": "",
        "ʼ": "",
        "ʻ": "",
        "ʽ": "",
        "ˮ": "",
    }
)

# Ordered (pattern, replacement, letters) rules over lower-case Latin. Order matters: each rule
# sees the output of the previous ones. Every match contains one of the letters, so a word
# without any of them skips the rule (speed only).
VARIANT_RULES: tuple[tuple[str, str, str], ...] = (
    # й written j (ISO 9, German, Czech: Sergej, Nikolaj, Majdan) after a vowel and before a
    # consonant or the end; j before a vowel stays ж (Japarov, Aijan). First, so that the j
    # that stands for zh below is not touched.
    ("(?<=[aeiouy])j(?![aeiouy])", "i", "j"),
    # щ: BGN/PCGN and ICAO shch, GOST 7.79-B shh, German sch; merged with ш (sh) because the
    # press often writes Щербаков as Sherbakov.
    ("shch|shh|sch", "sh", "h"),
    # ж: BGN/PCGN and ICAO zh, Kyrgyz press j (Japarov), Russian spelling of Kyrgyz names
    # дж → dzh/dj (Dzhaparov, Djumabaev).
    ("dzh|dj|zh", "j", "jz"),
    # х: BGN/PCGN and ICAO kh, ISO 9 and Kyrgyz press h.
    ("kh", "h", "k"),
    # Uzbek-style x for х only at the start of a word (Xasanov); elsewhere x is the English ks
    # (Maxim, Alexei), far more common in English-language reports.
    ("(?<![a-z])x", "h", "x"),
    ("x", "ks", "x"),
    # English c: hard c is k (Victor, Nicolai); ch stays (ч). ISO 9 c for ц is not merged.
    ("ck", "k", "c"),
    ("c(?![hiey])", "k", "c"),
    # ц: German tz with ts.
    ("tz", "ts", "z"),
    # е and ё after a vowel or at the start of a word: BGN/PCGN ye/yo (Atambayev, Yevgeny),
    # ICAO and press e (Atambaev, Evgeny). ё is merged with е because Russian print writes ё as е.
    ("y[eo]", "e", "y"),
    # й, ы, и: BGN/PCGN y, ICAO i and y; ю/я: BGN yu/ya, ICAO iu/ia. One letter for all of them.
    ("y", "i", "y"),
    # ье, ие after a consonant: ICAO/press -iev, BGN -yev, ICAO -ev (Vasiliev, Vasilyev, Vasilev,
    # Dmitriev); also ICAO ъ → ie.
    ("i+e", "e", "e"),
)

# Applied last: doubled letters, one letter (Mukhammed/Muhamed, Hassan/Hasan, Жээнбеков/Jeenbekov).
_DOUBLED = re.compile(r"([a-z])\1+")
_HAS_DOUBLED = re.compile(r"([a-z])\1")

_COMPILED_RULES = tuple(
    (re.compile(pattern), replacement, letters) for pattern, replacement, letters in VARIANT_RULES
)

# Latin endings of a prefix that a following letter could still turn into something else
# (d of dzh, z of zh, k of kh, c of ch/ck, y of ye, i of ie, j of the й rule). A prefix query is
# folded without them so that it stays a prefix of every word it starts.
OPEN_ENDINGS = frozenset("dzkcyij")

_SURROGATES = re.compile("[\ud800-\udfff]")
_POSSESSIVE = re.compile("['\u2019\u02bc]s$")
_NOT_ALNUM = re.compile("[^a-z0-9]+")


def is_cyrillic_word(normalised: str) -> bool:
    """Whether a :func:`normalise` output has Cyrillic letters and no Latin ones."""
    has_cyrillic = False
    for char in normalised:
        if "a" <= char <= "z":
            return False
        if not has_cyrillic and not char.isascii():
            has_cyrillic = True
    return has_cyrillic


def _char(char: str) -> str:
    if char.isascii():
        return char if char.isalnum() else ""
    if is_cyrillic(char):
        return char if char.isalpha() else ""
    known = LATIN_LETTER_SPELLINGS.get(char)
    if known is not None:
        return known
    if unicodedata.category(char).startswith("M") or not char.isalnum():
        return ""
    if char.isdecimal():
        return str(unicodedata.decimal(char))
    bare = "".join(c for c in unicodedata.normalize("NFD", char) if c.isascii())
    if bare.isalnum():
        return bare.lower()
    # Letters of other scripts (Greek, Arabic, Han...): rigour's offline transliteration.
    return "".join(c for c in ascii_text(char).lower() if c.isascii() and c.isalnum())


_LATIN_LETTER = re.compile("[a-z]")


def _fix_lookalikes(text: str) -> str:
    if text.isascii() or not _LATIN_LETTER.search(text):
        return text
    cyrillic = sum(1 for c in text if not c.isascii())
    latin = sum(1 for c in text if "a" <= c <= "z")
    if cyrillic >= latin:
        if all(c in LATIN_TO_CYRILLIC_LOOKALIKES for c in text if "a" <= c <= "z"):
            return "".join(LATIN_TO_CYRILLIC_LOOKALIKES.get(c, c) for c in text)
    elif all(c in CYRILLIC_TO_LATIN_LOOKALIKES for c in text if not c.isascii()):
        return "".join(CYRILLIC_TO_LATIN_LOOKALIKES.get(c, c) for c in text)
    return text


def normalise(word: str) -> str:
    """Lower-case ASCII letters and digits plus Cyrillic letters; everything else dropped.

    NFKC and case folding first, so composed and decomposed input and full-width forms agree;
    accents are stripped except where they carry transliteration (:data:`LATIN_LETTER_SPELLINGS`);
    Latin letters standing in for Cyrillic ones inside a Cyrillic word (and back) are replaced.
    """
    if word.isascii():
        text = word.lower()
    else:
        text = unicodedata.normalize("NFKC", _SURROGATES.sub("", word)).casefold()
    if len(text) > 3 and text[-1] == "s":
        # English possessive: Japarov's is about Japarov.
        text = _POSSESSIVE.sub("", text)
    if text.isascii():
        return text if text.isalnum() else _NOT_ALNUM.sub("", text)
    return _fix_lookalikes(text.translate(_NORMALISE_TABLE))


class _CharTable(dict[int, str]):
    """``str.translate`` table that computes and remembers the entry for each new character."""

    def __init__(self, convert: Callable[[str], str]) -> None:
        super().__init__()
        self._convert = convert

    def __missing__(self, code: int) -> str:
        value = self._convert(chr(code))
        self[code] = value
        return value


_NORMALISE_TABLE = _CharTable(_char)
_LATIN_TABLE = _CharTable(lambda char: char if char.isascii() else key_latin(char))


def _latin(normalised: str) -> str:
    if normalised.isascii():
        return normalised
    return normalised.translate(_LATIN_TABLE)


def _apply_rules(latin: str) -> str:
    for pattern, replacement, letters in _COMPILED_RULES:
        for letter in letters:
            if letter in latin:
                latin = pattern.sub(replacement, latin)
                break
    if _HAS_DOUBLED.search(latin):
        latin = _DOUBLED.sub(r"\1", latin)
    return latin


def _skeleton(normalised: str) -> str:
    return _apply_rules(_latin(normalised))


_cached_skeleton = lru_cache(maxsize=65536)(_skeleton)


def skeleton(normalised: str) -> str:
    """ASCII skeleton of a :func:`normalise` output: Latin, with spelling variants merged."""
    if len(normalised) > 64:
        # Not cached: keeps the cache's memory bounded whatever the input.
        return _skeleton(normalised)
    return _cached_skeleton(normalised)


def trim_open_ending(normalised: str) -> str:
    """Skeleton of a word prefix, without a tail that the rest of the word could still change."""
    latin = _latin(normalised)
    end = len(latin)
    while end and latin[end - 1] in OPEN_ENDINGS:
        end -= 1
    return _apply_rules(latin[:end])
