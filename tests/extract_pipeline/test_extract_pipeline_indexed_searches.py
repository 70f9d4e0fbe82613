"""Searches that look only where a match can be give what the plain searches give: a text's
repeated names without a pattern of its own, a verb's objects from the text's list of them,
a phrase table's entries by their second word (Hypothesis against the plain way)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from docket.extract.missed_names import name_occurrences
from docket.extract.name_words import LETTER
from docket.extract.verb_object import nearest_objects
from docket.model._lexicon import PhraseTable
from docket.model._tokens import tokenize

# Pieces of text that make names meet, overlap, border letters, digits, hyphens and endings.
_PIECES = ["Ала", "Ала-Тоо", "Тоо", "Ош", "Ошко", "дун", "нын", "1", "_", "-", " ", ". ", "Kara"]
_NAMES = ["Ала-Тоо", "Ала", "Тоо", "Ошко", "Ош", "Kara", "Ала-Т", "оо"]


def _plain_occurrences(text: str, names: list[str], ending: bool) -> list[tuple[int, int, int]]:
    alternatives = "|".join(re.escape(name) for name in names)
    after = LETTER + "*" if ending else ""
    pattern = re.compile(rf"(?<![\w-])({alternatives}){after}(?![\w-])")
    return [(match.start(), match.end(1), match.end()) for match in pattern.finditer(text)]


@given(
    st.lists(st.sampled_from(_PIECES), max_size=14),
    st.lists(st.sampled_from(_NAMES), min_size=1, max_size=5, unique=True),
    st.booleans(),
)
def test_names_are_found_as_one_pattern_of_them_finds_them(
    pieces: list[str], names: list[str], ending: bool
) -> None:
    text = "".join(pieces)
    ordered = sorted(names, key=len, reverse=True)
    assert name_occurrences(text, ordered, ending) == _plain_occurrences(text, ordered, ending)


def test_a_name_with_its_case_ending_is_found_with_it() -> None:
    text = "Ала-Тоо, Ала-Тоодун жана Ала-Тоо-2, Ошко"
    assert name_occurrences(text, ["Ала-Тоо", "Ош"], True) == [(0, 7, 7), (9, 16, 19), (36, 38, 40)]
    assert name_occurrences(text, ["Ала-Тоо", "Ош"], False) == [(0, 7, 7)]


def _outward(middle: int, low: int, high: int) -> list[int]:
    """Every index of ``range(low, high)``, nearest ``middle`` first, the earlier of two as
    near: the order the plain search walks."""
    order = [middle]
    for distance in range(1, max(middle - low, high - 1 - middle) + 1):
        if middle - distance >= low:
            order.append(middle - distance)
        if middle + distance < high:
            order.append(middle + distance)
    return order


@given(st.lists(st.booleans(), min_size=1, max_size=30), st.data())
def test_a_verbs_objects_come_in_the_order_of_the_walk_around_it(
    is_object: list[bool], data: st.DataObject
) -> None:
    size = len(is_object)
    middle = data.draw(st.integers(0, size - 1))
    low = data.draw(st.integers(0, middle))
    high = data.draw(st.integers(middle + 1, size + 3))
    objects = [at for at, one in enumerate(is_object) if one]
    plain = [
        other
        for other in _outward(middle, low, min(size, high))
        if other != middle and is_object[other]
    ]
    assert nearest_objects(objects, middle, low, min(size, high)) == plain


_WORDS = ["в", "на", "начале", "конце", "the", "end", "of", "late", "jan", ".", "года", "1990"]
_PHRASES = [
    "в",
    "в начале",
    "в конце",
    "в начале года",
    "на",
    "на конце",
    "the end of",
    "the end",
    "the",
    "late",
    "jan.",
    "jan. of",
    "of the",
]


def _plain_match(pairs: list[tuple[str, int]], text: str, i: int) -> tuple[int, int] | None:
    """The old walk: every entry the first word opens, longest first, in listed order."""
    tokens = tokenize(text)
    if i >= len(tokens):
        return None
    entries = []
    for phrase, value in pairs:
        words = tuple(token.key for token in tokenize(phrase.rstrip(".")))
        if words and words[0] == tokens[i].key:
            entries.append((words, value, phrase.endswith(".")))
    entries.sort(key=lambda entry: len(entry[0]), reverse=True)
    for words, value, abbreviation in entries:
        end = i + len(words)
        if end > len(tokens) or tuple(token.key for token in tokens[i:end]) != words:
            continue
        if (
            abbreviation
            and end < len(tokens)
            and tokens[end].text == "."
            and tokens[end].start == tokens[end - 1].end
        ):
            end += 1
        return value, end
    return None


@given(
    st.lists(st.sampled_from(_WORDS), max_size=10),
    st.lists(st.sampled_from(_PHRASES), min_size=1, max_size=8),
    st.integers(0, 11),
)
def test_a_table_tries_the_entries_of_the_second_word_as_it_tried_all(
    words: list[str], phrases: list[str], i: int
) -> None:
    text = " ".join(words).replace(" .", ".")
    pairs = [(phrase, value) for value, phrase in enumerate(phrases)]
    table = PhraseTable(pairs)
    assert table.match(tokenize(text), i) == _plain_match(pairs, text, i)
