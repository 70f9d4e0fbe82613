"""Cyrillic ↔ Latin letter tables: one for search keys, several for display spellings.

The key table writes each Cyrillic letter as the Latin spelling that :mod:`docket.names.fold`
then reduces together with every other system's spelling of it, so it favours fold-friendly
output (``ж`` → ``zh``, ``ы`` → ``y``) over any official system. A test checks it against
``rigour``'s offline transliteration letter by letter and on whole words.

The display systems reproduce the spellings a documenter meets in passports, gazetteers and the
press, for :func:`docket.names.name_variants`.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType

from rigour.text.translit import ascii_text

__all__ = [
    "CYRILLIC_TO_LATIN_LOOKALIKES",
    "DISPLAY_SYSTEMS",
    "KEY_LATIN",
    "LATIN_TO_CYRILLIC_LOOKALIKES",
    "cyrillic_spellings",
    "is_cyrillic",
    "key_latin",
    "to_latin",
]

CYRILLIC_VOWELS = frozenset("аеёиоуыэюяөүәіїєұӣӯ")

# Lower-case Cyrillic letter → Latin as the key fold expects it. Russian letters follow the
# common press spelling (BGN/PCGN without diacritics); ё and э go to plain e because Russian print
# routinely writes ё as е; щ is shch, which the fold merges with sh; ь and ъ vanish as in ICAO
# 9303. Kyrgyz ң ө ү follow Kyrgyz press usage (n, o, u); Kazakh, Ukrainian, Belarusian, Uzbek and
# Tajik letters that appear in names from the region are listed so they never reach the generic
# fallback.
KEY_LATIN: Mapping[str, str] = MappingProxyType(
    {
        "а": "a",
        "б": "b",
        "в": "v",
        "г": "g",
        "д": "d",
        "е": "e",
        "ё": "e",
        "ж": "zh",
        "з": "z",
        "и": "i",
        "й": "i",
        "к": "k",
        "л": "l",
        "м": "m",
        "н": "n",
        "о": "o",
        "п": "p",
        "р": "r",
        "с": "s",
        "т": "t",
        "у": "u",
        "ф": "f",
        "х": "h",
        "ц": "ts",
        "ч": "ch",
        "ш": "sh",
        "щ": "shch",
        "ъ": "",
        "ы": "y",
        "ь": "",
        "э": "e",
        "ю": "yu",
        "я": "ya",
        # Kyrgyz
        "ң": "n",
        "ө": "o",
        "ү": "u",
        # Kazakh
        "ә": "a",
        "ғ": "g",
        "қ": "k",
        "ұ": "u",
        "һ": "h",
        "і": "i",
        # Ukrainian and Belarusian
        "ї": "i",
        "є": "ye",
        "ґ": "g",
        "ў": "u",
        # Tajik and Uzbek
        "ҷ": "zh",
        "ҳ": "h",
        "ӣ": "i",
        "ӯ": "u",
    }
)

# Display systems. Each maps a lower-case letter to its Latin spelling; letters missing from a
# system fall back to KEY_LATIN.
_BGN_PCGN: Mapping[str, str] = MappingProxyType(
    {
        # BGN/PCGN 1947 romanization of Russian, diacritics dropped (ë → yo) as the press does.
        "е": "e",
        "ё": "yo",
        "ж": "zh",
        "й": "y",
        "х": "kh",
        "ы": "y",
        "ю": "yu",
        "я": "ya",
        "щ": "shch",
    }
)
_ICAO_9303: Mapping[str, str] = MappingProxyType(
    {
        # ICAO Doc 9303 part 3, transliteration of Cyrillic in machine-readable passports
        # (used for Russian and, since 2013, Kyrgyz passports).
        "е": "e",
        "ё": "e",
        "ж": "zh",
        "й": "i",
        "х": "kh",
        "ц": "ts",
        "ъ": "ie",
        "ы": "y",
        "ю": "iu",
        "я": "ia",
        "щ": "shch",
    }
)
_KYRGYZ_PRESS: Mapping[str, str] = MappingProxyType(
    {
        # English-language press and NGO reports on Kyrgyzstan: ж as j (Japarov, Jeenbekov),
        # х as h, Kyrgyz vowels without diacritics.
        "е": "e",
        "ё": "yo",
        "ж": "j",
        "й": "y",
        "х": "h",
        "ы": "y",
        "ю": "yu",
        "я": "ya",
        "щ": "sh",
    }
)
_KYRGYZ_LATIN: Mapping[str, str] = MappingProxyType(
    {
        # Turkic-style Latin letters used by Kyrgyz writers online (Ömürbek, Tüñdük).
        "ж": "j",
        "й": "y",
        "х": "h",
        "ы": "y",
        "ң": "ñ",
        "ө": "ö",
        "ү": "ü",
        "ч": "ch",
        "ш": "sh",
    }
)

DISPLAY_SYSTEMS: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "bgn_pcgn": _BGN_PCGN,
        "icao_9303": _ICAO_9303,
        "kyrgyz_press": _KYRGYZ_PRESS,
        "kyrgyz_latin": _KYRGYZ_LATIN,
    }
)

# Latin letters that look exactly like Cyrillic ones (and back). Mixed-script words come from OCR
# and from deliberate evasion of keyword filters; the majority script decides which way to map.
LATIN_TO_CYRILLIC_LOOKALIKES: Mapping[str, str] = MappingProxyType(
    {
        "a": "а",
        "b": "в",
        "c": "с",
        "e": "е",
        "h": "н",
        "i": "і",
        "k": "к",
        "m": "м",
        "o": "о",
        "p": "р",
        "t": "т",
        "x": "х",
        "y": "у",
    }
)
CYRILLIC_TO_LATIN_LOOKALIKES: Mapping[str, str] = MappingProxyType(
    {
        "а": "a",
        "в": "b",
        "с": "c",
        "е": "e",
        "н": "h",
        "і": "i",
        "к": "k",
        "м": "m",
        "о": "o",
        "р": "p",
        "т": "t",
        "х": "x",
        "у": "y",
        "ѕ": "s",
        "ј": "j",
    }
)


def is_cyrillic(char: str) -> bool:
    """Whether ``char`` is a Cyrillic letter (any of the Unicode Cyrillic blocks)."""
    code = ord(char)
    return (
        0x0400 <= code <= 0x052F
        or 0x1C80 <= code <= 0x1C8F
        or 0x2DE0 <= code <= 0x2DFF
        or 0xA640 <= code <= 0xA69F
        or 0x1E030 <= code <= 0x1E08F
    )


@lru_cache(maxsize=1024)
def key_latin(char: str) -> str:
    """Latin spelling of one lower-case Cyrillic letter for key folding (ASCII, maybe empty)."""
    known = KEY_LATIN.get(char)
    if known is not None:
        return known
    fallback = ascii_text(char).lower()
    return "".join(c for c in fallback if c.isascii() and c.isalnum())


# BGN/PCGN writes е as ye at the start of a word and after a vowel, ъ, ь or й.
_BGN_YE_AFTER = CYRILLIC_VOWELS | {"", "ъ", "ь", "й"}


def to_latin(word: str, system: str) -> str:
    """Write a Cyrillic word in one of :data:`DISPLAY_SYSTEMS`, keeping its capitalisation."""
    table = DISPLAY_SYSTEMS[system]
    out: list[str] = []
    previous = ""
    for char in word:
        lower = char.lower()
        if is_cyrillic(lower):
            latin = table.get(lower)
            if latin is None:
                latin = key_latin(lower)
            if system == "bgn_pcgn" and lower == "е" and previous in _BGN_YE_AFTER:
                latin = "ye"
            if char != lower and latin:
                latin = latin[0].upper() + latin[1:]
            out.append(latin)
        else:
            out.append(char)
        previous = lower if char.isalpha() else ""
    return "".join(out)


# Latin → Russian-style Cyrillic, longest spelling first. Several entries offer alternatives
# because Latin spellings are ambiguous: j is ж in Kyrgyz names and дж in Russian spellings of
# them, a word-initial e is е (Elena) or э (Ernest).
_LATIN_TO_CYRILLIC: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("shch", ("щ",)),
    ("dzh", ("дж",)),
    ("zh", ("ж",)),
    ("kh", ("х",)),
    ("ts", ("ц",)),
    ("tz", ("ц",)),
    ("ch", ("ч",)),
    ("sh", ("ш",)),
    ("yu", ("ю",)),
    ("iu", ("ю",)),
    ("ya", ("я",)),
    ("yo", ("ё",)),
    ("ye", ("е",)),
    ("iy", ("ий",)),
    ("ii", ("ий",)),
    ("ck", ("к",)),
    ("ph", ("ф",)),
    ("dj", ("дж",)),
    ("j", ("ж", "дж")),
    ("x", ("кс",)),
    ("h", ("х",)),
    ("c", ("к",)),
    ("q", ("к",)),
    ("w", ("в",)),
    ("a", ("а",)),
    ("b", ("б",)),
    ("d", ("д",)),
    ("e", ("е",)),
    ("f", ("ф",)),
    ("g", ("г",)),
    ("i", ("и",)),
    ("k", ("к",)),
    ("l", ("л",)),
    ("m", ("м",)),
    ("n", ("н",)),
    ("o", ("о",)),
    ("p", ("п",)),
    ("r", ("р",)),
    ("s", ("с",)),
    ("t", ("т",)),
    ("u", ("у",)),
    ("v", ("в",)),
    ("y", ("ы",)),
    ("z", ("з",)),
    ("'", ("ь",)),
    ("\u2019", ("ь",)),
    ("ö", ("ө", "о")),
    ("ü", ("ү", "у")),
    ("ñ", ("ң", "н")),
)
_LATIN_VOWELS = frozenset("aeiouyöü")


def _context_choices(lower: str, index: int, spelling: str, choices: tuple[str, ...]) -> list[str]:
    before = lower[index - 1] if index > 0 else ""
    after = lower[index + len(spelling)] if index + len(spelling) < len(lower) else ""
    after_consonant = before.isalpha() and before not in _LATIN_VOWELS
    if spelling == "y":
        # Aybek, Tsoy, Sergey: y after a vowel is й; Dmitry: a final y after a consonant is -ий.
        if before in _LATIN_VOWELS:
            return ["й"]
        if after == "" and after_consonant:
            return ["ий", "ы"]
        return ["ы"]
    if spelling in ("ya", "yu", "ye") and after_consonant:
        # Natalya, Vasilyev: the y after a consonant is a soft sign before the vowel.
        return ["ь" + choices[0]]
    if spelling == "e" and index == 0:
        return ["е", "э"]
    if spelling == "c" and after in ("e", "i", "y"):
        return ["ц"]
    return list(choices)


def cyrillic_spellings(word: str, limit: int = 4) -> list[str]:
    """Plausible Russian-style Cyrillic spellings of a Latin word, most likely first."""
    lower = word.lower()
    results = [""]
    index = 0
    while index < len(lower):
        for spelling, choices in _LATIN_TO_CYRILLIC:
            if lower.startswith(spelling, index):
                options = _context_choices(lower, index, spelling, choices)
                index += len(spelling)
                break
        else:
            options = [lower[index]]
            index += 1
        results = [done + option for done in results for option in options][:limit]
    return results
