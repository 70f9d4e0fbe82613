"""What linkage compares, computed in Python from ``docket.names``: one row per record.

Every name of a record is folded word by word (script, transliteration system, letter case and
Russian/Kyrgyz case endings do not change a word's key), so Атамбаев Алмазбек, Almazbek
Atambayev and ATAMBAEV ALMAZBEK give the same words. The words are sorted, so surname-first and
first-name-first orders meet; patronymics (-ович, -овна) and the Kyrgyz "уулу"/"кызы" are set
apart, so a record that has them meets one that has not. A coarse sound key per word (letters
that typists and transliterators confuse share a digit) catches typos the folded key keeps
apart. Splink's own phonetic functions need a DuckDB extension fetched at run time, so they are
not used.

Birth years are kept as a range: a stated year is a range of one year; an age stated in a dated
source gives the two years the person may have been born in.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from docket.names import name_key, name_variants
from docket.names.keys import PATRONYMIC_KEY_ENDINGS

__all__ = [
    "BLOCK_CAP",
    "FEATURE_COLUMNS",
    "Features",
    "Subject",
    "Unlinkable",
    "cap_blocks",
    "features_of",
    "sound_key",
    "spellings",
    "surname_of",
]

# Keys of the Kyrgyz "son of"/"daughter of" words (уулу, кызы, uulu, kyzy) as the fold gives them.
_FILIAL_KEYS: Final = frozenset({"ulu", "kiz", "kizi"})
# How the keys of surnames end once folded (Атамбаева, Atambayev → atambaev).
_SURNAME_KEY_ENDINGS: Final = ("ov", "ev", "in", "sky", "ski", "enko", "uk")
_MISTYPED_ENDING: Final = re.compile(r"[aeiou][a-z]?v|v[aeiou]")
# A block (records sharing one blocking key) larger than this would compare every pair in it:
# a million "Ivan Ivanov" would be 5·10¹¹ pairs. Such keys are narrowed by birth year, or dropped.
BLOCK_CAP: Final = 2000
# A single word (a common given name) is blocked on alone only while this few records share it;
# common words still count through the whole name and its sound key.
WORD_CAP: Final = 200
# Letters a typist or a transliterator confuses share a digit (after the word's first letter).
_SOUND_CLASSES: Final = {
    **dict.fromkeys("bpfv", "1"),
    **dict.fromkeys("cgjkqsxzh", "2"),
    **dict.fromkeys("dt", "3"),
    **dict.fromkeys("l", "4"),
    **dict.fromkeys("mn", "5"),
    **dict.fromkeys("r", "6"),
}
_DIGITS: Final = re.compile(r"[0-9]")

FEATURE_COLUMNS: Final = (
    "unique_id",
    "name_sorted",
    "tokens",
    "block_tokens",
    "sound",
    "surname",
    "surname_sound",
    "given",
    "given_sound",
    "year_low",
    "year_high",
    "gender",
)


@dataclass(frozen=True)
class Subject:
    """One record as linkage reads it: its names and what else tells people apart."""

    id: int
    names: tuple[str, ...]
    year_low: int | None = None
    year_high: int | None = None
    gender: str | None = None
    sources: tuple[int, ...] = ()


@dataclass(frozen=True)
class Unlinkable:
    """A record that cannot be compared, and why (it stays an identity of its own)."""

    id: int
    reason: str


@dataclass
class Features:
    """The rows Splink compares, and the records left out of the comparison."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    unlinkable: list[Unlinkable] = field(default_factory=list)
    capped: list[str] = field(default_factory=list)


def sound_key(word_key: str) -> str:
    """A word's first letter, then one digit per run of consonants of one class; vowels part
    runs. Atambaev, Atanbaev and Atambaef share ``a3515``."""
    if not word_key:
        return ""
    out = [word_key[0]]
    previous = _SOUND_CLASSES.get(word_key[0], "")
    for letter in word_key[1:]:
        digit = _SOUND_CLASSES.get(letter, "")
        if digit and digit != previous:
            out.append(digit)
        previous = digit
    return "".join(out)


def surname_of(words: Sequence[str]) -> str:
    """The word most likely the surname: the last with a surname ending (-ov, -ev, -in, -iev,
    feminine forms share the key), else the longest (ties: the first in sorted order)."""
    endings = [word for word in words if word.endswith(_SURNAME_KEY_ENDINGS)]
    if not endings:
        # A typo in the ending (Japarvo, Sydykuva): a v among the last letters, with a vowel.
        endings = [word for word in words if _MISTYPED_ENDING.search(word[-4:])]
    if endings:
        return max(endings, key=lambda word: (len(word), word))
    return max(words, key=lambda word: (len(word), [-ord(c) for c in word]))


def _words(names: Iterable[str]) -> tuple[list[str], list[str]]:
    """The folded words of every name (sorted, unique), and the patronymics set apart."""
    words: set[str] = set()
    patronymics: set[str] = set()
    for name in names:
        for key in name_key(name).split():
            if key in _FILIAL_KEYS:
                continue
            if key.endswith(PATRONYMIC_KEY_ENDINGS):
                patronymics.add(key)
            else:
                words.add(key)
    return sorted(words), sorted(patronymics)


def _unlinkable(subject: Subject, words: Sequence[str]) -> str | None:
    names = [name for name in subject.names if name.strip()]
    if not names:
        return "has no name"
    if not words:
        if any(char.isalpha() for name in names for char in name):
            return "its name is in a script Docket cannot fold"
        return "its name has no letters"
    if all(len(_DIGITS.sub("", word)) <= 1 for word in words):
        return "its name is too short to compare (initials only)"
    return None


def features_of(subjects: Iterable[Subject]) -> Features:
    """The comparison rows of ``subjects``; those that cannot be compared are set apart."""
    result = Features()
    for subject in subjects:
        words, _patronymics = _words(subject.names)
        why = _unlinkable(subject, words)
        if why is not None:
            result.unlinkable.append(Unlinkable(subject.id, why))
            continue
        # Single letters (initials) are too common to say anything: they are neither compared
        # nor blocked on, but a name of initials only was set apart above.
        words = [word for word in words if len(word) > 1]
        surname = surname_of(words)
        given = [word for word in words if word != surname]
        result.rows.append(
            {
                "unique_id": subject.id,
                "name_sorted": " ".join(words),
                "tokens": words,
                "block_tokens": list(words),
                "sound": " ".join(sorted(sound_key(word) for word in words)),
                "surname": surname,
                "surname_sound": sound_key(surname),
                "given": " ".join(given) or None,
                "given_sound": " ".join(sound_key(word) for word in given) or None,
                "year_low": subject.year_low,
                "year_high": subject.year_high,
                "gender": subject.gender,
            }
        )
    result.capped = cap_blocks(result.rows)
    return result


def cap_blocks(
    rows: list[dict[str, Any]], cap: int = BLOCK_CAP, word_cap: int = WORD_CAP
) -> list[str]:
    """Narrow blocking keys shared by more than ``cap`` records, in place; what was narrowed.

    A whole name or sound key shared by too many records is joined with the birth year (and
    dropped where the year is unknown); a single word shared by too many records is not blocked
    on. The records are still compared through their other keys.
    """
    notes: list[str] = []
    for column in ("name_sorted", "sound"):
        tally = Counter(row[column] for row in rows)
        crowded = {key for key, count in tally.items() if count > cap}
        if not crowded:
            continue
        target = f"block_{column}"
        for row in rows:
            key = row[column]
            row[target] = key
            if key in crowded:
                row[target] = None if row["year_low"] is None else f"{key}|{row['year_low']}"
        regrouped = Counter(row[target] for row in rows if row[target] is not None)
        still = {key for key, count in regrouped.items() if count > cap}
        for row in rows:
            if row[target] in still:
                row[target] = None
        for key in sorted(crowded):
            notes.append(
                f"{tally[key]} records share the {column.replace('_', ' ')} {key!r}: "
                f"compared only within the same birth year (at most {cap} records a block)"
            )
    for row in rows:
        row.setdefault("block_name_sorted", row["name_sorted"])
        row.setdefault("block_sound", row["sound"])
    words = Counter(word for row in rows for word in set(row["block_tokens"]))
    crowded_words = {word for word, count in words.items() if count > word_cap}
    if crowded_words:
        for row in rows:
            row["block_tokens"] = [w for w in row["block_tokens"] if w not in crowded_words]
        notes.append(
            f"{len(crowded_words)} words are each in more than {word_cap} names and are not "
            "blocked on alone"
        )
    return notes


def spellings(names: Iterable[str]) -> list[str]:
    """Every spelling of ``names`` in other scripts and systems (GOST, BGN/PCGN, ICAO 9303,
    press), for the canonical view of an identity."""
    found: set[str] = set()
    for name in names:
        found |= name_variants(name)
    return sorted(found)
