"""The readings of one Russian word in a name: each case and gender it may stand in, with its
dictionary form in that gender.

Surnames in -ов, -ев, -ин decline by their endings; other words by pymorphy3's readings, and a
word pymorphy3 does not know (Жалал-Абада, Кара-Балты) by its guesses, taken only when the
dictionary form keeps the written word but for its last two letters (three for an adjective). A
Kyrgyz word ending in a long vowel (Кок-Суу, Айсулуу) is not declined, nor are уулу and кызы.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Final

from docket.extract.non_names import russian_analyser
from docket.extract.sexes import FEMALE, MALE, by_given_name

__all__ = [
    "CASES",
    "GENDERS",
    "Reading",
    "a_declension",
    "adjective_readings",
    "case_of",
    "noun_readings",
    "parses_of",
    "person_word_readings",
    "styled",
]

CASES: Final = ("nomn", "gent", "datv", "accs", "ablt", "loct")
# pymorphy3's second genitive, locative and vocative are read as the case they stand for.
_CASE_OF: Final = {"gen2": "gent", "loc2": "loct", "acc2": "accs", "voct": "nomn"}
GENDERS: Final = ("masc", "femn")
# A Russian surname of the -ов, -ев, -ин family: its stem and its case ending.
_SURNAME: Final = re.compile(r"(.+(?:ов|ев|ёв|ин|ын))(а|у|ым|е|ой|ою)?", re.IGNORECASE)
# The endings of such a surname in each case, a man's and a woman's.
_SURNAME_ENDINGS: Final = {
    ("nomn", "masc"): "", ("gent", "masc"): "а", ("datv", "masc"): "у",
    ("accs", "masc"): "а", ("ablt", "masc"): "ым", ("loct", "masc"): "е",
    ("nomn", "femn"): "а", ("gent", "femn"): "ой", ("datv", "femn"): "ой",
    ("accs", "femn"): "у", ("ablt", "femn"): "ой", ("loct", "femn"): "ой",
}  # fmt: skip
# Words a Kyrgyz name is built with that Russian leaves undeclined (Мурат уулу, Айгуль кызы).
_UNDECLINED: Final = frozenset(("уулу", "кызы"))
_VOWELS: Final = "аеёиоуыэюяөү"
# How many letters at its end a word pymorphy3 does not know may change: a noun's case ending
# (Жалал-Абада, Жалал-Абад), an adjective's (Ат-Башинского, Ат-Башинский).
_GUESSED_ENDING = 2
_GUESSED_ADJECTIVE_ENDING = 3
# A Kyrgyz word ending in a long vowel (Кок-Суу, Айсулуу) is not declined in Russian.
_LONG_VOWEL: Final = re.compile(r"([аоуыэөү])\1$")
# The endings of a noun declined like Кала (Жангы-Кала, -Калы, -Кале, -Калу, -Калой), the
# cases each stands for, and those only it has: the bare stem and -ом are another declension's.
_A_ENDINGS: Final = {
    "а": ("nomn",), "ы": ("gent",), "е": ("datv", "loct"), "у": ("accs",),
    "ой": ("ablt",), "ою": ("ablt",),
}  # fmt: skip
_A_ONLY: Final = ("ы", "ой", "ою")
_OTHER_DECLENSION: Final = ("", "ом", "ем")

# A reading of a word: its case and gender, and its dictionary form in that gender.
Reading = tuple[str, str, str]


@lru_cache(maxsize=20_000)
def parses_of(word: str) -> tuple[Any, ...]:
    """pymorphy3's readings of a word in lower case, kept for the words a text repeats."""
    return tuple(russian_analyser().parse(word))


def case_of(tag: Any) -> str | None:
    case = tag.case
    return None if case is None else _CASE_OF.get(str(case), str(case))


def _close(written: str, nominative: str, ending: int = _GUESSED_ENDING) -> bool:
    """Whether a guessed dictionary form keeps the written word but for its ending."""
    common = 0
    for a, b in zip(written, nominative, strict=False):
        if a != b:
            break
        common += 1
    return common >= max(len(written), len(nominative)) - ending


def _nominative_of(parse: Any, lowered: str) -> str | None:
    inflected = parse.inflect({"nomn", "sing"}) if "sing" in parse.tag else None
    form = inflected.word if inflected is not None else None
    if form is None or ("-" in lowered and "-" not in form):
        return None
    if not parse.is_known and not _close(lowered, form):
        return None
    return str(form)


def styled(written: str, form: str) -> str:
    """``form`` with the capitals of ``written``: all capitals, or those of its hyphened parts."""
    if written.isupper() and len(written) > 1:
        return form.upper()
    parts, shapes = form.split("-"), written.split("-")
    if len(parts) != len(shapes):
        return form[:1].upper() + form[1:] if written[:1].isupper() else form
    return "-".join(
        part[:1].upper() + part[1:] if shape[:1].isupper() else part
        for part, shape in zip(parts, shapes, strict=True)
    )


@lru_cache(maxsize=20_000)
def noun_readings(word: str) -> tuple[Reading, ...]:
    """The (case, gender, nominative) a word can be read as when it heads a name."""
    lowered = word.lower()
    found: dict[tuple[str, str], str] = {}
    if _LONG_VOWEL.search(lowered):
        return tuple((case, gender, lowered) for case in CASES for gender in GENDERS)
    for parse in parses_of(lowered):
        tag = parse.tag
        if tag.POS != "NOUN" or "plur" in tag:
            continue
        # A noun of common gender (судья, сирота) agrees as a man's or a woman's.
        genders = GENDERS if tag.gender is None or "ms-f" in tag else (str(tag.gender),)
        if "Fixd" in tag:
            for case in CASES:
                for gender in genders:
                    found.setdefault((case, gender), lowered)
            continue
        read = case_of(tag)
        nominative = lowered if read == "nomn" else _nominative_of(parse, lowered)
        if read is not None and nominative is not None:
            for gender in genders:
                found.setdefault((read, gender), nominative)
    if (
        lowered[-1:] in "ая"
        and not any(parse.is_known for parse in parses_of(lowered))
        and not any(case == "nomn" for case, _ in found)
    ):
        # Жангы-Кала, which pymorphy3 guesses to be the genitive of a Жангы-Кал, may as well be
        # a nominative: the text or its other forms have to tell.
        for gender in GENDERS:
            found.setdefault(("nomn", gender), lowered)
    if (
        lowered[-1:] == "у"
        and len(lowered) > 3
        and lowered[-2] not in _VOWELS
        and not any(parse.is_known for parse in parses_of(lowered))
        and not any(case == "accs" for case, _ in found)
    ):
        # Likewise Жангы-Калу, guessed to be a Жангы-Кал's dative, may be Жангы-Кала's
        # accusative.
        found.setdefault(("accs", "femn"), lowered[:-1] + "а")
    if not any(parse.is_known for parse in parses_of(lowered)):
        # A guessed neuter (Токмоко, for Токмока) beside a guessed masculine of the same case
        # (Токмок) is left out: a name of the region does not end in -о.
        found = {
            (case, gender): form
            for (case, gender), form in found.items()
            if gender != "neut" or (case, "masc") not in found
        }
    return tuple((case, gender, form) for (case, gender), form in found.items())


@lru_cache(maxsize=20_000)
def adjective_readings(word: str) -> tuple[Reading, ...]:
    """The (case, gender, nominative) of an adjective agreeing with a singular noun."""
    lowered = word.lower()
    found: dict[tuple[str, str], str] = {}
    for parse in parses_of(lowered):
        tag = parse.tag
        if tag.POS != "ADJF" or "plur" in tag:
            continue
        case = case_of(tag)
        inflected = parse.inflect({"nomn"})
        if case is None or tag.gender is None or inflected is None:
            continue
        if not parse.is_known and not _close(lowered, inflected.word, _GUESSED_ADJECTIVE_ENDING):
            continue
        found.setdefault((case, str(tag.gender)), lowered if case == "nomn" else inflected.word)
    return tuple((case, gender, form) for (case, gender), form in found.items())


def _known(word: str) -> bool:
    return any(parse.is_known for parse in parses_of(word.lower()))


def a_declension(word: str, written: frozenset[str]) -> tuple[Reading, ...] | None:
    """The readings of a word pymorphy3 does not know that the text declines like Кала: it
    writes the nominative and a form only that declension has (Жангы-Кала, Жангы-Калы), and
    neither the bare stem nor its -ом (which Жалал-Абад, Жалал-Абада, Жалал-Абадом would)."""
    lowered = word.lower()
    if _known(lowered):
        return None
    for ending in sorted(_A_ENDINGS, key=len, reverse=True):
        stem = lowered[: len(lowered) - len(ending)]
        if lowered.endswith(ending) and len(stem) >= 3 and stem[-1] not in _VOWELS:
            break
    else:
        return None
    if (
        stem + "а" not in written
        or not any(stem + only in written for only in _A_ONLY)
        or any(stem + other in written for other in _OTHER_DECLENSION)
    ):
        return None
    return tuple((case, gender, stem + "а") for case in _A_ENDINGS[ending] for gender in GENDERS)


@lru_cache(maxsize=20_000)
def person_word_readings(word: str) -> tuple[Reading, ...]:
    lowered = word.lower()
    if lowered in _UNDECLINED:
        return tuple((case, gender, lowered) for case in CASES for gender in GENDERS)
    surname = _SURNAME.fullmatch(lowered)
    readings: dict[tuple[str, str], str] = {}
    if surname is not None:
        stem, ending = surname.group(1), surname.group(2) or ""
        for (case, gender), expected in _SURNAME_ENDINGS.items():
            if expected == ending:
                readings[case, gender] = stem + ("а" if gender == "femn" else "")
        if ending == "ою":
            readings["ablt", "femn"] = stem + "а"
    else:
        for case, gender, form in noun_readings(word):
            if gender in GENDERS:
                readings.setdefault((case, gender), form)
        if lowered[-1:] not in _VOWELS:
            # A woman's given name or foreign surname ending in a consonant is not declined.
            for case in CASES:
                readings.setdefault((case, "femn"), lowered)
    sexes = by_given_name(word)
    if sexes == MALE:
        readings = {key: form for key, form in readings.items() if key[1] == "masc"}
    elif sexes == FEMALE:
        readings = {key: form for key, form in readings.items() if key[1] == "femn"}
    return tuple((case, gender, form) for (case, gender), form in readings.items())
