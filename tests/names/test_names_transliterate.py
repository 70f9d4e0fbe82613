"""The key letter table agrees with rigour's transliteration; the mark table with Unicode."""

from __future__ import annotations

import sys
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rigour.text.translit import ascii_text

from docket.names.fold import normalise, skeleton
from docket.names.marks import COMBINING_MARK_RANGES, UNICODE_VERSION
from docket.names.transliterate import KEY_LATIN, cyrillic_spellings, to_latin

RUSSIAN_AND_KYRGYZ = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяңөү"

# Letters where the key table departs from rigour on purpose: Kazakh қ is k (Kazakhstan),
# not q.
DEPARTURES = {"қ"}


def fold(text: str) -> str:
    return skeleton(normalise(text))


@pytest.mark.parametrize("letter", sorted(set(KEY_LATIN) - DEPARTURES))
def test_each_letter_folds_like_rigours_transliteration(letter: str) -> None:
    assert fold(letter) == fold(ascii_text(letter))


@given(st.text(alphabet=RUSSIAN_AND_KYRGYZ + RUSSIAN_AND_KYRGYZ.upper(), max_size=20))
def test_words_fold_like_rigours_transliteration(text: str) -> None:
    # One word at a time, as keys are made: rigour reads word ends in context (-ый → -y).
    assert fold(text) == fold(ascii_text(text))


@pytest.mark.parametrize(
    ("system", "word", "expected"),
    [
        ("bgn_pcgn", "Атамбаев", "Atambayev"),
        ("bgn_pcgn", "Евгений", "Yevgeniy"),
        ("bgn_pcgn", "Щербаков", "Shcherbakov"),
        ("icao_9303", "Юлия", "Iuliia"),
        ("icao_9303", "Объект", "Obieekt"),
        ("icao_9303", "Хасанов", "Khasanov"),
        ("kyrgyz_press", "Жапаров", "Japarov"),
        ("kyrgyz_press", "Жээнбеков", "Jeenbekov"),
        ("kyrgyz_latin", "Өмүрбек", "Ömürbek"),
        ("kyrgyz_latin", "Түңдүк", "Tüñdük"),
    ],
)
def test_display_systems(system: str, word: str, expected: str) -> None:
    assert to_latin(word, system) == expected


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("Japarov", "жапаров"),
        ("Dzhaparov", "джапаров"),
        ("Dmitry", "дмитрий"),
        ("Aybek", "айбек"),
        ("Natalya", "наталья"),
        ("Kyrgyzstan", "кыргызстан"),
        ("Shcherbakov", "щербаков"),
    ],
)
def test_latin_to_cyrillic_most_likely_first(latin: str, cyrillic: str) -> None:
    assert cyrillic_spellings(latin)[0] == cyrillic


def test_mark_table_matches_unicode() -> None:
    listed = {code for start, end in COMBINING_MARK_RANGES for code in range(start, end + 1)}
    assert all(unicodedata.category(chr(code)).startswith("M") for code in listed)
    if unicodedata.unidata_version == UNICODE_VERSION:
        marks = {
            code
            for code in range(sys.maxunicode + 1)
            if unicodedata.category(chr(code)).startswith("M")
        }
        assert listed == marks
