"""Searches that look only where a match can be, and answers kept for words asked again, give
what the plain way gives: a text's repeated names without a pattern of its own, a phrase
table's entries by their second word, a Kyrgyz word's case ending, the obligations' modals
(Hypothesis against the plain way)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from docket.extract.interventions import intervention_vocabulary
from docket.extract.kyrgyz_endings import case_ending_length
from docket.extract.lexicon import fold_text
from docket.extract.missed_names import name_occurrences
from docket.extract.name_words import LETTER
from docket.extract.obligations import obliged
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


_KYRGYZ_PIECES = ["Атамбаев", "УКМК", "Ош", "нын", "дун", "га", "ка", "да", "та", "тан", "келди"]


@given(st.lists(st.sampled_from(_KYRGYZ_PIECES), min_size=1, max_size=4), st.booleans())
def test_a_kept_case_ending_is_the_one_the_word_has(pieces: list[str], lower: bool) -> None:
    word = "".join(pieces)
    word = word.lower() if lower else word
    assert case_ending_length(word) == case_ending_length.__wrapped__(word)
    # Asked again, from what was kept.
    assert case_ending_length(word) == case_ending_length.__wrapped__(word)


_MODAL_WORDS = ["should", "Must", "ought", "shall", "must-have", "должны", "ДОЛЖЕН", "керек"]


@given(
    st.lists(st.sampled_from([*_MODAL_WORDS, "the", "office", "бошотулушу"]), max_size=8),
    st.sampled_from(["en", "ru", "ky"]),
)
def test_an_obligation_is_told_by_the_modals_folded_each_time(
    words: list[str], language: str
) -> None:
    data = intervention_vocabulary(language).data
    text = " ".join(words)
    modals = tuple(
        fold_text(" ".join(data["obligations"].get(language, {}).get("modals") or ())).words
    )
    plain = bool(modals) and any(word.startswith(modals) for word in fold_text(text).words)
    for _ in range(2):
        assert obliged(text, 0, len(text), "call_for_release", data, language) is plain
