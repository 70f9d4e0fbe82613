"""Shortcuts of the extraction that do once what was done many times, or try less where less
can match, give what the plain way gives (Hypothesis against the plain way, in the three
languages)."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docket.extract.relative_dates import _patterns

LANGUAGES = ("en", "ru", "ky")
_WORD = re.compile(r"\w+")


def _phrase_finders(language: str) -> list[tuple[str, Any]]:
    patterns = _patterns(language)
    return [
        (name, finder)
        for name in (
            "from_document",
            "from_previous",
            "months",
            "weeks",
            "seasons",
            "months_later",
            "months_ago",
            "stretches",
            "same",
            "past",
            "year_of_after",
            "year_of_before",
        )
        if (finder := getattr(patterns, name)) is not None
    ]


def _phrases(language: str) -> list[str]:
    patterns = _patterns(language)
    return sorted(
        {
            *patterns.document_offsets,
            *patterns.previous_offsets,
            *patterns.month_bounds,
            *patterns.week_offsets,
            *patterns.season_names,
            *patterns.month_offsets,
            *patterns.months_back,
            *patterns.stretch_offsets,
            *patterns.same_periods,
            *patterns.past_spans,
        }
    )


def _spans(finder: Any, text: str) -> list[tuple[int, int]]:
    words = [(word.start(), word.group().casefold()) for word in _WORD.finditer(text)]
    return [match.span() for match in finder.finditer(text, words)]


@st.composite
def texts(draw: st.DrawFn, language: str) -> str:
    """Phrases of the language's relative dates, cut short, cased and joined every way."""
    phrases = _phrases(language)
    pieces = []
    for _ in range(draw(st.integers(1, 12))):
        phrase = draw(st.sampled_from(phrases))
        words = phrase.split()
        phrase = " ".join(words[: draw(st.integers(1, len(words)))])
        phrase = draw(st.sampled_from([phrase, phrase.upper(), phrase.title()]))
        pieces.append(phrase)
        pieces.append(draw(st.sampled_from([" ", ", ", "-", "\n", "x", "", " 3 ", " и "])))
    return "".join(pieces)


LANGUAGE_TEXTS = st.sampled_from(LANGUAGES).flatmap(
    lambda language: st.tuples(st.just(language), texts(language))
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(LANGUAGE_TEXTS)
def test_each_first_words_own_phrases_find_what_all_the_phrases_find(
    given_text: tuple[str, str],
) -> None:
    language, text = given_text
    for _, finder in _phrase_finders(language):
        assert _spans(finder, text) == _spans(replace(finder, opened={}), text)


def test_phrases_opened_by_a_common_word_are_found_in_real_sentences() -> None:
    for language, text in [
        ("en", "Over the past three months, and in the last two weeks, the day before"),
        ("ru", "За последние две недели и накануне, в тот же день"),
        ("ky", "Акыркы эки жумада жана ошол эле күнү"),
    ]:
        found = {
            name: _spans(finder, text)
            for name, finder in _phrase_finders(language)
            if _spans(replace(finder, opened={}), text)
        }
        assert found, (language, text)
        for name, finder in _phrase_finders(language):
            assert _spans(finder, text) == _spans(replace(finder, opened={}), text), name
