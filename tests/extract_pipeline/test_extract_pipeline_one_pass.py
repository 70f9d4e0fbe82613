"""Shortcuts of the extraction that do once what was done many times, or try less where less
can match, give what the plain way gives (Hypothesis against the plain way, in the three
languages)."""

from __future__ import annotations

import re
from dataclasses import replace
from importlib import resources
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docket.extract.actors import Actor
from docket.extract.acts import act_vocabulary
from docket.extract.claim_words import claim_words
from docket.extract.claims import find_claims
from docket.extract.document_people import witness
from docket.extract.interventions import intervention_vocabulary
from docket.extract.lexicon import Lexicon, PhraseMatch, fold_text
from docket.extract.missed_names import (
    NUMBERED,
    NUMBERED_HOLD,
    OFFICES,
    OFFICES_HOLD,
    OUTLETS,
    OUTLETS_HOLD,
    found_by,
)
from docket.extract.participants import VOCABULARY, phrase_pattern
from docket.extract.relative_date_phrases import TextWords, phrase_patterns

LANGUAGES = ("en", "ru", "ky")
_WORD = re.compile(r"\w+")


def _phrase_finders(language: str) -> list[tuple[str, Any]]:
    patterns = phrase_patterns(language)
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
    patterns = phrase_patterns(language)
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
    return [match.span() for match in finder.finditer(text, TextWords(text))]


@st.composite
def texts(draw: st.DrawFn, language: str) -> str:
    """Phrases of the language's relative dates, cut short, cased and joined every way."""
    phrases = _phrases(language)
    pieces = []
    for _ in range(draw(st.integers(1, 12))):
        phrase = draw(st.sampled_from(phrases))
        words = phrase.split()
        phrase = " ".join(words[: draw(st.integers(1, len(words)))])
        # The patterns ignore case as the Turkish dotted and dotless i do not: "İ" and "ı"
        # match "i" there.
        phrase = draw(
            st.sampled_from(
                [
                    phrase,
                    phrase.upper(),
                    phrase.title(),
                    phrase.replace("i", "ı"),
                    phrase.upper().replace("I", "İ"),
                ]
            )
        )
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
        ("en", "That nıght and THE FOLLOWİNG DAY"),
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


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(LANGUAGE_TEXTS)
def test_a_finder_visits_every_word_that_opens_its_phrases_in_text_order(
    given_text: tuple[str, str],
) -> None:
    language, text = given_text
    words = TextWords(text)
    assert words.words == [(word.start(), word.group().casefold()) for word in _WORD.finditer(text)]
    for _, finder in _phrase_finders(language):
        assert words.opening(finder.starts) == [
            index for index, (_, word) in enumerate(words.words) if word in finder.starts
        ]


def test_the_places_of_a_word_are_those_of_that_word_alone() -> None:
    words = TextWords("В прошлом месяце, в понедельник и в прошлый вторник: В")
    assert words.opening(frozenset({"в"})) == [0, 3, 6, 9]
    assert words.opening(frozenset({"прошлом", "прошлый"})) == [1, 7]
    assert words.opening(frozenset({"прошлом", "вторник"})) == [1, 8]
    assert words.opening(frozenset({"месяц"})) == []


def _lexicons(language: str) -> list[Lexicon]:
    return [act_vocabulary(language).vocabulary.lexicon, intervention_vocabulary(language).lexicon]


def _plainly_found(lexicon: Lexicon, text: str) -> list[tuple[str, int, int]]:
    """Each place tried against every phrase, the longest that stands there kept."""
    phrases = {
        words: term
        for lengths in lexicon._phrases.values()
        for _, by_words in lengths
        for words, term in by_words.items()
    }
    folded = fold_text(text)
    tokens, words = folded.tokens, folded.words
    found, index = [], 0
    while index < len(words):
        standing = [
            phrase for phrase in phrases if tuple(words[index : index + len(phrase)]) == phrase
        ]
        if standing:
            phrase = max(standing, key=len)
            end = tokens[index + len(phrase) - 1].end
            found.append((phrases[phrase].code, tokens[index].start, end))
            index += len(phrase)
        else:
            index += 1
    return found


def _codes(found: list[PhraseMatch]) -> list[tuple[str, int, int]]:
    return [(match.term.code, match.start, match.end) for match in found]


@st.composite
def lexicon_texts(draw: st.DrawFn, language: str) -> str:
    """Phrases of the language's acts and interventions, cut short and run together."""
    phrases = sorted(
        " ".join(words)
        for lexicon in _lexicons(language)
        for lengths in lexicon._phrases.values()
        for _, by_words in lengths
        for words in by_words
    )
    pieces = []
    for _ in range(draw(st.integers(1, 10))):
        words = draw(st.sampled_from(phrases)).split()
        pieces.append(" ".join(words[draw(st.integers(0, len(words) - 1)) :]))
        pieces.append(draw(st.sampled_from([" ", ", ", ". ", "\n"])))
    return "".join(pieces)


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(LANGUAGES).flatmap(
        lambda language: st.tuples(st.just(language), lexicon_texts(language))
    )
)
def test_a_lexicon_finds_the_longest_phrase_at_each_place_as_a_plain_search_does(
    given_text: tuple[str, str],
) -> None:
    language, text = given_text
    for lexicon in _lexicons(language):
        assert _codes(lexicon.find(text)) == _plainly_found(lexicon, text)


NAME_PIECES = [
    "Penal Colony No. 3",
    "Colony No.47",
    "District Hospital No. 2",
    "SIZO No. 1",
    "СИЗО № 1",
    "исправительной колонии № 31",
    "№ 47 түзөтүү колониясында",
    "№ 1 тергөө абагына",
    "Kaktus.media",
    "Kerege.info",
    "Ordo Press",
    "Jangy-Kala Evening News",
    "Sezim FM",
    "Ombudsman of the Republic of Altyn-Tash",
    "Омбудсмен",
    "Акыйкатчынын",
    "No",
    "Press",
    "the",
    "кабарлады",
    "Bishkek",
]
HELD = [(OFFICES, OFFICES_HOLD), (NUMBERED, NUMBERED_HOLD), (OUTLETS, OUTLETS_HOLD)]


@given(
    st.lists(st.sampled_from(NAME_PIECES), max_size=12),
    st.lists(st.sampled_from([" ", ". ", ", ", "\n", "-", ""]), min_size=12, max_size=12),
    st.sampled_from(LANGUAGES),
)
def test_a_name_pattern_is_searched_only_in_a_text_holding_what_its_matches_hold(
    pieces: list[str], joints: list[str], language: str
) -> None:
    text = "".join(piece + joint for piece, joint in zip(pieces, joints, strict=False))
    for pattern, holding in HELD:
        for match in pattern.finditer(text):
            assert any(part in match.group() for part in holding), match.group()
        assert found_by(text, pattern, "organization", language, holding) == found_by(
            text, pattern, "organization", language
        )


def test_offices_colonies_and_outlets_in_real_sentences_are_found_with_what_they_hold() -> None:
    for language, text, pattern, holding in [
        ("en", "He was taken to Penal Colony No. 3, Ordo Press reported.", NUMBERED, NUMBERED_HOLD),
        ("en", "He was taken to Penal Colony No. 3, Ordo Press reported.", OUTLETS, OUTLETS_HOLD),
        ("ru", "Его перевели в СИЗО № 1, сообщил Омбудсмен.", NUMBERED, NUMBERED_HOLD),
        ("ru", "Его перевели в СИЗО № 1, сообщил Омбудсмен.", OFFICES, OFFICES_HOLD),
        ("ky", "Ал № 47 түзөтүү колониясында отурат.", NUMBERED, NUMBERED_HOLD),
    ]:
        found = found_by(text, pattern, "organization", language, holding)
        assert found, text
        assert found == found_by(text, pattern, "organization", language)


CLAIM_PIECES = [
    "told Ordo Press",
    "said",
    "заявил",
    "сообщила журналистам",
    "билдирди",
    "деп",
    ":",
    ": ",
    '"',
    "«",
    "»",
    "“",
    "the",
    "Ташиев",
    "Witness",
    "Свидетель",
    "Күбө",
    "|",
    "\n",
]


def _plain_witness_label(language: str) -> re.Pattern[str]:
    """The label before a witness's name as the vocabulary words it, searched everywhere."""
    text = resources.files("docket.extract").joinpath(VOCABULARY).read_text(encoding="utf-8")
    words = yaml.safe_load(text)["witness"][language]
    body = "|".join(phrase_pattern(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{body})[ \t]*[:|][ \t|]*$", re.IGNORECASE)


@given(
    st.lists(st.sampled_from(CLAIM_PIECES), max_size=16),
    st.sampled_from(LANGUAGES),
    st.integers(0, 16),
)
def test_a_cue_before_a_quotation_and_a_witness_label_hold_what_is_looked_for_first(
    pieces: list[str], language: str, at: int
) -> None:
    """Where a text has no colon, no cue before a quotation is searched for; where the line
    before a name has no colon or bar, no witness label: the witness is the one a search of
    every line finds."""
    said_colon = claim_words(language).said_colon
    assert said_colon is not None
    for match in said_colon.finditer(" ".join(pieces)):
        assert ":" in match.group()
    before = " ".join(pieces[:at])
    text = f"{before} Asanova {' '.join(pieces[at:])}"
    start = len(before) + 1
    person = Actor("person", "Asanova", None, "Asanova", start, start + len("Asanova"))
    line = text.rfind("\n", 0, start) + 1
    plain = _plain_witness_label(language).search(text, line, start) is not None
    assert witness(text, language, [person]) == (person if plain else None)


def test_quotations_and_witnesses_in_real_sentences() -> None:
    for language, text, people in [
        ("en", 'Witness: Cholpon Asanova. "They beat him," Asanova told Ordo Press: "twice."', 1),
        ("ru", "Свидетель: Муратбеков Эркин. «Его избили», — заявил Муратбеков.", 1),
        ("ky", "Күбө: Мирлан Токтосунов. «Аны сабашты», — деди Токтосунов.", 1),
    ]:
        start = text.index(":") + 2
        end = text.index(".", start)
        person = Actor("person", text[start:end], None, text[start:end], start, end)
        assert witness(text, language, [person]) == person
        claims = find_claims(text, language, [person])
        assert [claim["cue"]["text"] for claim in claims], text
        assert len(claims) >= people
