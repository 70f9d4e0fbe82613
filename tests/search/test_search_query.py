from __future__ import annotations

import re

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from docket.errors import InvalidQuery
from docket.names import fold_text, search_key
from docket.names.fold import normalise, skeleton
from docket.search import parse_query
from docket.search.postgres_fts import tsquery
from docket.search.query import MAX_DEPTH, MAX_KEYS, MAX_QUERY_LENGTH, AllOf, Phrase
from docket.search.sqlite_fts import match_expression

KEY = re.compile(r"[a-z0-9]+")


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("Atambayev", "atambaev"),
        ("Атамбаевдин Жапаров", "atambaev AND japarov"),
        ("Atambaev AND Japarov", "atambaev AND japarov"),
        ('"Kempir Tash"', '"kempir tash"'),
        ("«Кемпир Таш»", '"kempir tash"'),
        ("Kempir-Tash", '"kempir tash"'),
        # The genitive "Кемпир-Абада" folds as a Kyrgyz locative, to "kempir aba".
        ('"Kempir Abad"', '"kempir abad" OR "kempir aba"'),
        ("Жалал-Абад", '"jalal abad" OR "jalal aba"'),
        ("Мурад Japarov", "(murad OR mur) AND japarov"),
        ("Атамб*", "atamb*"),
        ('"Kara Su"*', '"kar su"*'),
        ("Atambaev OR Japarov", "atambaev OR japarov"),
        ("prison -hospital", "prison NOT hospital"),
        ("prison NOT hospital", "prison NOT hospital"),
        ("prison -(hospital doctor)", "prison NOT (hospital AND doktor)"),
        ("(Atambaev OR Japarov) prison", "(atambaev OR japarov) AND prison"),
        ("a OR (b OR d)", "a OR b OR d"),
        ("prison (-hospital)", "prison NOT hospital"),
        ("or and not", "or AND and AND not"),
    ],
)
def test_query_syntax(text: str, canonical: str) -> None:
    assert str(parse_query(text)) == canonical


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ('"Kempir Tash', '"kempir tash"'),
        ("(Atambaev OR Japarov", "atambaev OR japarov"),
        ("Atambaev) Japarov", "atambaev AND japarov"),
        ("OR Atambaev OR", "atambaev"),
        ("Atambaev OR OR Japarov", "atambaev OR japarov"),
        ("Atambaev !!! -- ***", "atambaev"),
        ("Atambaev -", "atambaev"),
        ("Atambaev NOT", "atambaev"),
        ("Atambaev NOT ) Japarov", "atambaev AND japarov"),
        ("prison -(-hospital)", "prison"),
    ],
)
def test_lenient_where_intent_is_clear(text: str, canonical: str) -> None:
    assert str(parse_query(text)) == canonical


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "no words"),
        ("   ", "no words"),
        ("!!! ... ()", "no words"),
        ('""', "no words"),
        ("-amnesty", "only excludes"),
        ("NOT amnesty NOT pardon", "only excludes"),
        ("prison OR -hospital", "Each side of OR"),
        ("Дж*", "too short"),
        ("x" * (MAX_QUERY_LENGTH + 1), "longer than"),
        ("(" * (MAX_DEPTH + 1) + "a", "deeper than"),
        (" ".join(f"word{n}" for n in range(MAX_KEYS + 1)), "more than"),
    ],
)
def test_refused_queries_say_why_in_one_line(text: str, reason: str) -> None:
    with pytest.raises(InvalidQuery) as raised:
        parse_query(text)
    assert reason in str(raised.value)
    assert "\n" not in str(raised.value)


def test_cross_script_spellings_fold_to_one_key() -> None:
    spellings = ["Атамбаев", "Atambaev", "Atambayev", "Атамбаева", "Атамбаевдин"]
    assert {str(parse_query(word)) for word in spellings} == {"atambaev"}
    junushaliev = ["Junushaliev", "Zhunushaliev", "Dzhunushaliev", "Джунушалиев"]
    assert len({str(parse_query(word)) for word in junushaliev}) == 1


def test_phrases_and_scored_phrases() -> None:
    query = parse_query('"Kempir Tash" Atamb* -hospital')
    assert isinstance(query.root, AllOf)
    assert list(query.scored_phrases()) == [
        Phrase(("kempir", "tash")),
        Phrase(("atamb",), prefix=True),
    ]
    assert [str(phrase) for phrase in query.phrases()] == ['"kempir tash"', "atamb*", "hospital"]


def test_engine_syntax_is_built_from_keys_only() -> None:
    query = parse_query('"Kempir Tash" (Atamb* OR Japarov) -hospital')
    assert match_expression(query.root) == (
        '(("kempir tash" AND ("atamb"* OR "japarov")) NOT ("hospital"))'
    )
    assert tsquery(query.root) == "(('kempir' <-> 'tash') & ('atamb':* | 'japarov') & !'hospital')"
    assert tsquery(query.root, loose=True) == (
        "(('kempir' & 'tash') & ('atamb':* | 'japarov') & !'hospital')"
    )


def test_excluded_phrase_is_dropped_from_the_loose_query() -> None:
    query = parse_query('prison -"Kempir Tash"')
    assert tsquery(query.root, loose=True) == "('prison')"
    assert tsquery(query.root) == "('prison' & !('kempir' <-> 'tash'))"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_any_text_parses_or_is_refused(text: str) -> None:
    try:
        query = parse_query(text)
    except InvalidQuery as error:
        message = str(error)
        query = None
    if query is None:
        assert "\n" not in message
        return
    phrases = list(query.phrases())
    assert phrases
    assert all(KEY.fullmatch(key) for phrase in phrases for key in phrase.keys)
    for rendered in (match_expression(query.root), tsquery(query.root)):
        assert rendered.count("(") == rendered.count(")")


OPERATORS = st.sampled_from(
    ['"', "«", "»", "(", ")", "-", "*", " OR ", " AND ", " NOT ", " ", "NEAR(", ":", "'", "^"]
)
WORDS = st.sampled_from(["Atambaev", "Жапаров", "prison", "Kara-Suu", "x", "Дж", "2010"])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(OPERATORS, WORDS), max_size=30))
def test_operator_soup_parses_or_is_refused(parts: list[str]) -> None:
    try:
        query = parse_query("".join(parts))
    except InvalidQuery:
        return
    assert all(KEY.fullmatch(key) for phrase in query.phrases() for key in phrase.keys)
    assert list(query.scored_phrases())


RUSSIAN_LETTERS = "абвгдежзийклмнопрстуфхцчшщыэюя"
RUSSIAN_CONSONANTS = "бвгджзклмнпрстфхцчшщ"


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=RUSSIAN_LETTERS, min_size=3, max_size=10),
    st.sampled_from(RUSSIAN_CONSONANTS),
)
@example("мура", "д")
@example("самаркан", "д")
def test_a_word_is_looked_for_under_every_key_its_russian_case_forms_are_indexed_under(
    stem: str, last: str
) -> None:
    word = stem + last
    # A word the fold reads as already declined is searched for as typed.
    assume(search_key(word) == skeleton(normalise(word)))
    looked_for = {phrase.keys for phrase in parse_query(word).phrases()}
    for ending in ("а", "у", "е", "ом"):
        assert (fold_text(word + ending),) in looked_for, ending
