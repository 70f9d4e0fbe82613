"""Russian and Kyrgyz case endings, and the rules that strip them from a word.

Three rules, tried in order:

1. Surnames (any script, on the skeleton): a stem, a surname suffix -ов/-ев/-ин (skeleton
   ``ov``/``ev``/``in``) and a Russian or Kyrgyz case ending → stem and suffix. -ский/-ская and
   their cases → ``ski``. The suffix anchors the rule, so it is safe on Latin words too.
2. Cyrillic words: Kyrgyz case endings, checked against Kyrgyz voicing and vowel harmony so that
   a name that merely ends like a suffix (Нурдин, Султан) keeps its letters; then one Russian
   noun or adjective ending, never one that also ends a name in the nominative (-ий, -ей, -им,
   -ых, -о).
3. Latin words: only a final -a (Svetlana, Natalya), because a Russian name written in Latin is
   nearly always in the nominative and the feminine -a must meet the Cyrillic oblique forms.

Every rule keeps a stem whose skeleton has at least :data:`MIN_STEM` letters and a vowel.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from types import MappingProxyType

__all__ = [
    "KYRGYZ_SUFFIXES",
    "MIN_STEM",
    "PROTECTED_ENDINGS",
    "RUSSIAN_ENDINGS",
    "SURNAME_ENDINGS",
    "SURNAME_SUFFIXES",
    "strip_cyrillic",
    "strip_latin",
    "strip_surname",
]

MIN_STEM = 3

_SKELETON_VOWELS = frozenset("aeiou")

# --- Rule 1: surnames, on the skeleton --------------------------------------------------------

# Russian surname suffixes -ов, -ев/-ёв, -ин/-ын as the fold writes them.
SURNAME_SUFFIXES: tuple[str, ...] = ("ov", "ev", "in")

# Russian declension of -ов/-ин surnames (skeleton spelling): masculine -а -у -ым -ом -е,
# feminine -а -ой -у -ою, plural -ы -ых -ым -ыми.
_RUSSIAN_SURNAME_CASES: tuple[str, ...] = ("a", "u", "im", "om", "e", "oi", "oiu", "i", "ih", "imi")

# Kyrgyz case suffixes after a voiced consonant (в, н), every vowel-harmony variant, skeleton
# spelling (ы/и → i, ү/у → u, ө/о → o): genitive -дын/-дин/-дун/-дүн, accusative -ды/-ди/-ду/-дү,
# dative -га/-ге/-го/-гө, locative -да/-де/-до/-дө, ablative -дан/-ден/-дон/-дөн, similative
# -дай/-дей/-дой/-дөй, locative-relative -дагы/-деги/-догу/-дөгү.
_KYRGYZ_AFTER_VOICED: tuple[str, ...] = (
    "din", "dun", "di", "du", "ga", "ge", "go", "da", "de", "do", "dan", "den", "don",
    "dai", "dei", "doi", "dagi", "degi", "dogu",
)  # fmt: skip
# Kyrgyz plural -дар/-дер/-дор/-дөр, alone or before a case suffix (after р: -дын, -га, -ды...).
_KYRGYZ_PLURALS: tuple[str, ...] = ("dar", "der", "dor")
# Kyrgyz case suffixes after the vowel of a feminine -ова/-ева/-ина: -нын, -ны, -га, -да, -дан,
# -дай, -дагы, plural -лар.
_KYRGYZ_AFTER_A: tuple[str, ...] = ("nin", "ni", "ga", "da", "dan", "dai", "dagi", "lar")

SURNAME_ENDINGS: tuple[str, ...] = tuple(
    sorted(
        {
            *_RUSSIAN_SURNAME_CASES,
            *_KYRGYZ_AFTER_VOICED,
            *_KYRGYZ_PLURALS,
            *(plural + case for plural in _KYRGYZ_PLURALS for case in _KYRGYZ_AFTER_VOICED),
            *("a" + case for case in _KYRGYZ_AFTER_A),
        },
        key=lambda ending: (-len(ending), ending),
    )
)

# -ский/-ская/-ское and their cases (skeleton spelling; ские → ske after the ie fold).
_SKI_ENDINGS: tuple[str, ...] = (
    "imi", "aia", "ogo", "omu", "oiu", "uiu", "im", "om", "oi", "oe", "ih", "i", "e",
)  # fmt: skip

_SUFFIX_PATTERN = "|".join(SURNAME_SUFFIXES)
_ENDING_PATTERN = "|".join(SURNAME_ENDINGS)
_SURNAME = re.compile(
    f"(?P<stem>[a-z0-9]{{2,}}?)(?P<suffix>{_SUFFIX_PATTERN})(?P<ending>{_ENDING_PATTERN})?"
)
_SKI = re.compile("(?P<stem>[a-z0-9]{2,}?)sk(?:" + "|".join(_SKI_ENDINGS) + ")")


def _has_vowel(skeleton: str) -> bool:
    return any(c in _SKELETON_VOWELS for c in skeleton)


def strip_surname(skeleton: str) -> str | None:
    """The skeleton without its case ending if it is a declined surname, else None.

    A surname already in the nominative gives None too, so that a Kyrgyz genitive, whose
    skeleton also ends in ``in`` (Садырдын → sadirdin), still reaches the Kyrgyz rule.
    """
    match = _SKI.fullmatch(skeleton)
    if match and _has_vowel(match["stem"]):
        return match["stem"] + "ski"
    match = _SURNAME.fullmatch(skeleton)
    if match and match["ending"] and _has_vowel(match["stem"]):
        return match["stem"] + match["suffix"]
    return None


# --- Rule 3: Latin words ----------------------------------------------------------------------


def _stem_ok(skeleton: str) -> bool:
    return len(skeleton) >= MIN_STEM and _has_vowel(skeleton)


def strip_latin(skeleton: str) -> str:
    """Drop a final -a after a consonant or i (Svetlana, Natalya → svetlan, natali)."""
    if skeleton.endswith("a"):
        stem = skeleton[:-1]
        if _stem_ok(stem) and stem[-1] not in "aeou":
            return stem
    return skeleton


# --- Rule 2: Cyrillic words -------------------------------------------------------------------

_CYRILLIC_VOWELS = frozenset("аеёиоуыэюяөүі")
_VOICELESS = frozenset("кпстфхцчшщ")
_VELARS_AND_SIBILANTS = frozenset("гкхжшчщ")

# Russian noun and adjective endings, and where each may follow: C after a consonant (й
# included), S after г к х ж ш ч щ (where spelling turns ы into и), V after a vowel other than
# и, I after и or ь. Absent because they end names in the nominative: -ий/-ый (Юрий), -ей after
# a consonant (Андрей, Сергей), -им (Максим), -ых/-их (Черных), -о (Шевченко); and -ая, -яя,
# -ее, which would cut Николая and Андрее to Никол and Андр.
RUSSIAN_ENDINGS: Mapping[str, str] = MappingProxyType(
    {
        # nouns: genitive, dative, accusative, instrumental, prepositional; plural
        "а": "CI",
        "я": "CVI",
        "у": "CVI",
        "ю": "CVI",
        "ы": "C",
        "и": "SI",
        "е": "CVI",
        "ой": "C",
        "ою": "C",
        "ей": "I",
        "ею": "I",
        "ом": "C",
        "ем": "CVI",
        "ам": "C",
        "ами": "C",
        "ах": "C",
        "ям": "VI",
        "ями": "VI",
        "ях": "VI",
        # adjectives and participles (задержанные, задержанного...)
        "ое": "C",
        "ые": "C",
        "ие": "C",
        "ого": "C",
        "его": "C",
        "ому": "C",
        "ему": "C",
        "ую": "C",
        "юю": "C",
        "ым": "C",
        "ыми": "C",
        "ими": "C",
    }
)

# Word endings that look like a Kyrgyz suffix but belong to the word: -стан (Кыргызстан,
# Дастан), -зада (Айзада), -келди (Ырыскелди).
PROTECTED_ENDINGS: tuple[str, ...] = ("стан", "зада", "келди")

# Kyrgyz suffixes as templates: a consonant that depends on the end of the stem (after a vowel,
# a voiced consonant, a voiceless one), then a vowel that follows vowel harmony (H high: ы и у
# ү, L low: а е о ө) and fixed letters. Source: the standard Kyrgyz grammar tables of case and
# plural affixes.
KYRGYZ_SUFFIXES: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        # name: (consonant after vowel / voiced / voiceless, template)
        "genitive": ("ндт", "#Hн"),
        "accusative": ("ндт", "#H"),
        "dative": ("ггк", "#L"),
        "locative": ("ддт", "#L"),
        "ablative": ("ддт", "#Lн"),
        "locative_relative": ("ддт", "#LгH"),
        "similative": ("ддт", "#Lй"),
        "plural": ("лдт", "#Lр"),
    }
)

_HIGH = {"а": "ы", "ы": "ы", "я": "ы", "е": "и", "и": "и", "э": "и", "і": "и"}
_HIGH.update({"о": "у", "у": "у", "ё": "у", "ю": "у", "ө": "ү", "ү": "ү"})
_LOW = {"а": "а", "ы": "а", "я": "а", "у": "а", "ю": "а", "е": "е", "и": "е", "э": "е", "і": "е"}
_LOW.update({"о": "о", "ё": "о", "ө": "ө", "ү": "ө"})


def _kyrgyz_suffix(name: str, stem: str) -> str | None:
    consonants, template = KYRGYZ_SUFFIXES[name]
    last = stem[-1]
    if last in _CYRILLIC_VOWELS:
        consonant = consonants[0]
    elif last in _VOICELESS:
        consonant = consonants[2]
    elif name == "plural" and last in "йр":
        consonant = "л"
    else:
        consonant = consonants[1]
    vowel = next((c for c in reversed(stem) if c in _CYRILLIC_VOWELS), None)
    if vowel is None or vowel not in _HIGH:
        return None
    low = _LOW[vowel]
    # A high vowel after the suffix's own low vowel harmonises with that vowel (Бишкектеги).
    high = _HIGH[low] if "L" in template else _HIGH[vowel]
    if name == "accusative" and consonant == "н" and high == "ы":
        # -ны after a vowel is far more often Russian (Светланы, задержаны) than Kyrgyz.
        return None
    return template.replace("#", consonant).replace("L", low).replace("H", high)


def _kyrgyz_surfaces(name: str) -> set[str]:
    consonants, template = KYRGYZ_SUFFIXES[name]
    surfaces = set()
    for consonant in set(consonants):
        for low in "аеоө":
            for high in "ыиуү":
                surface = template.replace("#", consonant).replace("L", low).replace("H", high)
                surfaces.add(surface)
    return surfaces


def _candidates_by_tail() -> dict[str, tuple[tuple[str, str], ...]]:
    table: dict[str, list[tuple[str, str]]] = {}
    for name in KYRGYZ_SUFFIXES:
        for surface in _kyrgyz_surfaces(name):
            table.setdefault(surface, []).append(("kyrgyz", name))
    for ending in RUSSIAN_ENDINGS:
        table.setdefault(ending, []).append(("russian", ending))
    return {tail: tuple(entries) for tail, entries in table.items()}


# Every Kyrgyz surface form and Russian ending, by the letters it ends a word with. Longer
# tails are tried first, so a Russian -ого/-ому/-ами wins over the Kyrgyz -го/-му/-ми hidden
# in it (задержанного).
_BY_TAIL = _candidates_by_tail()
_TAIL_LENGTHS = tuple(sorted({len(tail) for tail in _BY_TAIL}, reverse=True))


def _follows(stem: str, allowed: str) -> bool:
    last = stem[-1]
    if last in "иь":
        return "I" in allowed
    if last in _CYRILLIC_VOWELS:
        return "V" in allowed
    if "C" in allowed:
        return True
    return "S" in allowed and last in _VELARS_AND_SIBILANTS


def _soften(stem: str, ending: str) -> str:
    # Наталья, Натальи → Натали (as Latin Natalia → natali); Андрея, Николаю → Андрей, Николай.
    if stem.endswith("ь"):
        return stem[:-1] + "и"
    if stem[-1] in _CYRILLIC_VOWELS and stem[-1] != "и" and ending[0] in "яюе":
        return stem + "й"
    return stem


def _strip_once(word: str, stem_ok: Callable[[str], bool], kyrgyz: bool) -> tuple[str, str] | None:
    for length in _TAIL_LENGTHS:
        if len(word) <= length:
            continue
        entries = _BY_TAIL.get(word[-length:])
        if entries is None:
            continue
        stem = word[:-length]
        for kind, name in entries:
            if kind == "kyrgyz":
                if kyrgyz and word[-length:] == _kyrgyz_suffix(name, stem) and stem_ok(stem):
                    return stem, kind
            elif _follows(stem, RUSSIAN_ENDINGS[name]):
                softened = _soften(stem, name)
                if stem_ok(softened):
                    return softened, kind
    return None


def strip_cyrillic(word: str, skeleton: Callable[[str], str]) -> str:
    """Strip up to two Kyrgyz suffixes (case, plural), or then one Russian ending.

    ``word`` is a normalised Cyrillic word; ``skeleton`` measures a candidate stem.
    """

    def stem_ok(stem: str) -> bool:
        return _stem_ok(skeleton(stem))

    kyrgyz_strips = 0
    while True:
        kyrgyz = kyrgyz_strips < 2 and not word.endswith(PROTECTED_ENDINGS)
        result = _strip_once(word, stem_ok, kyrgyz)
        if result is None:
            return word
        word, kind = result
        if kind == "russian":
            return word
        kyrgyz_strips += 1
