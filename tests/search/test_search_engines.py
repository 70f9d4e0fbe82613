"""Search on both engines: every test runs on SQLite and on PostgreSQL through ``corpus``."""

from __future__ import annotations

import math
import random
import string
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from search_corpus import Corpus
from sqlalchemy import func, select

from docket.db.engine import reading
from docket.db.schema import items
from docket.errors import InvalidQuery
from docket.search import SearchDocument, render_snippet
from docket.search.ranking import (
    BODY_WEIGHT,
    K1,
    META_WEIGHT,
    TITLE_WEIGHT,
    B,
    idf,
)
from docket.search.streams import KeyStreams, key_streams

FILLER = [
    "The weather in Bishkek was cold and the markets were busy.",
    "Parliament discussed the budget for schools and roads.",
    "A football match ended in a draw after extra time.",
    "Farmers in the valley harvested apricots early this year.",
    "The museum opened an exhibition of felt carpets.",
    "Traffic on the mountain road was closed by snow.",
]


def add_filler(corpus: Corpus) -> None:
    for text in FILLER:
        corpus.add(text, title="Local news")


def test_cross_script_spellings_find_each_other(corpus: Corpus) -> None:
    kyrgyz = corpus.add("Атамбаевдин ден соолугу начарлады.", language="ky")
    russian = corpus.add("Врачи подтвердили, что Атамбаеву нужна операция.", language="ru")
    english = corpus.add("Atambayev was returned from hospital to prison.")
    japarov = corpus.add("Президент Жапаров встретился с семьёй.")
    junushaliev = corpus.add("Former security chief Dzhunushaliev is named in the declaration.")
    add_filler(corpus)
    for spelling in ["Atambaev", "Atambayev", "Атамбаев", "Атамбаева", "Атамбаевдин"]:
        assert sorted(corpus.ids(spelling)) == [kyrgyz, russian, english], spelling
    for spelling in ["Japarov", "Zhaparov", "Жапарова"]:
        assert corpus.ids(spelling) == [japarov]
    for spelling in ["Junushaliev", "Zhunushaliev", "Джунушалиева"]:
        assert corpus.ids(spelling) == [junushaliev]


def test_a_name_finds_its_russian_genitive_that_the_fold_reads_as_kyrgyz(corpus: Corpus) -> None:
    # "Мурада" and "Жалал-Абада" are also "Мура", "Жалал-Аба" with the Kyrgyz locative "-да",
    # and the index keeps one key per word: the nominative's search looks for both.
    genitive = corpus.add("Правозащитники требуют освобождения Мурада Ахмедова.", language="ru")
    nominative = corpus.add("Murad Akhmedov was detained in Osh.")
    city = corpus.add("Жители Жалал-Абада вышли на митинг.", language="ru")
    kyrgyz_city = corpus.add("Жалал-Абадда митинг өттү.", language="ky")
    add_filler(corpus)
    for spelling in ["Мурад", "Murad", "мурад"]:
        assert sorted(corpus.ids(spelling)) == [genitive, nominative], spelling
    assert sorted(corpus.ids('"Мурад Ахмедов"')) == [genitive, nominative]
    for spelling in ["Жалал-Абад", '"Jalal-Abad"', "Джалал-Абад"]:
        assert sorted(corpus.ids(spelling)) == [city, kyrgyz_city], spelling
    [hit] = [hit for hit in corpus.search("Мурад Ахмедов") if hit.item_id == genitive]
    assert [hit.snippet[start:end] for start, end in hit.highlights] == ["Мурада", "Ахмедова"]


def test_phrases_prefixes_and_operators(corpus: Corpus) -> None:
    together = corpus.add("Detained in the Kempir-Abad border case.")
    apart = corpus.add("Kempir residents met officials from Abad district.")
    across = corpus.add("Abad district officials.", title="Residents of Kempir")
    hospital = corpus.add("Атамбаевдин from hospital back to prison.")
    prison = corpus.add("Japarov refused the operations; Атамбаева stays in prison.")
    party = corpus.add("Atameken party statement.")
    add_filler(corpus)

    assert sorted(corpus.ids("Kempir Abad")) == [together, apart, across]
    assert corpus.ids('"Kempir Abad"') == [together]
    assert corpus.ids('"Кемпир-Абад"') == [together]
    assert corpus.ids('"Abad Kempir"') == []

    assert sorted(corpus.ids("Atamb*")) == [hospital, prison]
    assert sorted(corpus.ids("Атам*")) == [hospital, prison, party]
    assert corpus.ids('"party stat"*') == [party]

    assert sorted(corpus.ids("Atambaev prison")) == [hospital, prison]
    assert corpus.ids("Atambaev -hospital") == [prison]
    assert corpus.ids("Atambaev NOT hospital") == [prison]
    assert corpus.ids('prison -"from hospital"') == [prison]
    assert corpus.ids("prison -Atamb*") == []
    assert sorted(corpus.ids("hospital OR Japarov")) == [hospital, prison]
    assert corpus.ids("(hospital OR Japarov) -operations") == [hospital]


def test_filters(corpus: Corpus) -> None:
    russian = corpus.add(
        "Атамбаев в тюрьме.",
        language="ru",
        published="2022-10-01",
        media_type="application/pdf",
        confidentiality="public",
    )
    regional = corpus.add(
        "Атамбаев в больнице.",
        language="ru-KG",
        published="2023-05-02",
        media_type="image/jpeg",
        confidentiality="restricted",
    )
    undated = corpus.add(
        "Atambaev in prison.",
        language="en",
        collected_at="2023-01-15T23:59:59Z",
        media_type="text/html; charset=utf-8",
        confidentiality="public",
    )
    add_filler(corpus)

    assert sorted(corpus.ids("Atambaev", language="ru")) == [russian, regional]
    assert corpus.ids("Atambaev", language="RU-kg") == [regional]
    assert corpus.ids("Atambaev", language="ky") == []

    assert sorted(corpus.ids("Atambaev", date_from=date(2023, 1, 1))) == [regional, undated]
    assert corpus.ids("Atambaev", date_to=date(2022, 12, 31)) == [russian]
    day = date(2023, 1, 15)
    assert corpus.ids("Atambaev", date_from=day, date_to=day) == [undated]

    assert corpus.ids("Atambaev", media_type="pdf") == [russian]
    assert corpus.ids("Atambaev", media_type="image") == [regional]
    assert corpus.ids("Atambaev", media_type="image/*") == [regional]
    assert corpus.ids("Atambaev", media_type="IMAGE/JPEG") == [regional]
    assert corpus.ids("Atambaev", media_type="html") == [undated]
    assert corpus.ids("Atambaev", media_type="image/png") == []

    assert sorted(corpus.ids("Atambaev", visible=("public",))) == [russian, undated]
    assert sorted(corpus.ids("Atambaev", visible=("public", "restricted"))) == [
        russian,
        regional,
        undated,
    ]
    assert corpus.ids("Atambaev", visible=()) == []
    assert corpus.ids("Atambaev", language="ru", media_type="pdf", visible=("public",)) == [russian]

    for nonsense in ["spreadsheet", "image/%", "image/_peg"]:
        with pytest.raises(InvalidQuery, match="not a media type"):
            corpus.search("Atambaev", media_type=nonsense)
    with pytest.raises(InvalidQuery, match="language code"):
        corpus.search("Atambaev", language="ru%")
    with pytest.raises(InvalidQuery, match="start date is after"):
        corpus.search("Atambaev", date_from=date(2024, 1, 1), date_to=date(2023, 1, 1))
    with pytest.raises(InvalidQuery, match="between 1 and"):
        corpus.search("Atambaev", limit=0)


def test_bm25_ordering(corpus: Corpus) -> None:
    once_in_long = corpus.add("Atambaev. " + " ".join(FILLER * 20))
    five_in_short = corpus.add("Atambaev, Atambaev, Atambaev: the court, Atambaev and Atambaev.")
    in_body = corpus.add("The declaration mentions Japarov once among many names and places.")
    in_title = corpus.add("The declaration mentions many names and places.", title="Japarov")
    ranked = [corpus.add("Kempir " * count + "spoke.") for count in range(1, 6)]
    add_filler(corpus)
    assert corpus.ids("Atambaev") == [five_in_short, once_in_long]
    assert corpus.ids("Japarov") == [in_title, in_body]
    assert corpus.ids("Kempir", limit=2) == [ranked[4], ranked[3]]
    raw = corpus.raw("Japarov OR Kempir")
    assert raw == [(hit.item_id, hit.score) for hit in corpus.search("Japarov OR Kempir")]
    assert [score for _, score in raw] == sorted((score for _, score in raw), reverse=True)


Phrase = tuple[tuple[str, ...], bool]


def reference_bm25(streams: list[KeyStreams], phrases: list[Phrase]) -> dict[int, float]:
    """FTS5's bm25() for an AND of phrases, written out from its definition."""

    def occurrences(keys: tuple[str, ...], phrase: Phrase) -> int:
        words, prefix = phrase
        width = len(words)
        found = 0
        for start in range(len(keys) - width + 1):
            window = keys[start : start + width]
            if window[:-1] == words[:-1] and (
                window[-1].startswith(words[-1]) if prefix else window[-1] == words[-1]
            ):
                found += 1
        return found

    rows = len(streams)
    average = sum(item.length for item in streams) / rows
    scores: dict[int, float] = {}
    for phrase in phrases:
        counts = {
            item.item_id: TITLE_WEIGHT * occurrences(item.title, phrase)
            + META_WEIGHT * occurrences(item.meta, phrase)
            + BODY_WEIGHT * occurrences(item.body, phrase)
            for item in streams
        }
        weight = idf(rows, sum(1 for count in counts.values() if count))
        for item in streams:
            count = counts[item.item_id]
            norm = K1 * (1 - B + B * item.length / average)
            if count:
                scores[item.item_id] = scores.get(item.item_id, 0.0) + weight * (
                    count * (K1 + 1)
                ) / (count + norm)
            else:
                scores[item.item_id] = math.nan
    return {item_id: score for item_id, score in scores.items() if not math.isnan(score)}


def test_scores_are_bm25_on_every_engine(corpus: Corpus) -> None:
    documents = [
        ("Japarov", "Japarov met the family of Atambaev.", "Author: Japarov's office", "ru"),
        ("Statement", "Japarov refused; Japarov said no. Kempir Abad again.", "", "en"),
        ("", "The Kempir Abad case: Japarov, Kempir Abad, Kempir.", "notes on Japarov", "ru"),
        ("Atambaev", "Hospital, prison, hospital, Kempirov.", "", "en"),
    ]
    streams = []
    for title, body, meta, language in documents:
        item_id = corpus.add(body, title=title, meta=meta, language=language)
        streams.append(key_streams(SearchDocument(item_id, title, body, meta)))
    for text in FILLER:
        item_id = corpus.add(text, title="Local news")
        streams.append(key_streams(SearchDocument(item_id, "Local news", text, "")))
    cases: list[tuple[str, list[Phrase]]] = [
        ("Japarov", [(("japarov",), False)]),
        ('"Kempir Abad"', [(("kempir", "abad"), False)]),
        ('Japarov "Kempir Abad"', [(("japarov",), False), (("kempir", "abad"), False)]),
        ("Kemp*", [(("kemp",), True)]),
        ('"Kempir Ab"*', [(("kempir", "ab"), True)]),
    ]
    for query, phrases in cases:
        expected = reference_bm25(streams, phrases)
        hits = corpus.search(query)
        assert {hit.item_id for hit in hits} == set(expected), query
        assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)
        scores = {hit.item_id: hit.score for hit in hits}
        if corpus.index is None:
            # FTS5's bm25() itself; Tantivy scores each field with its own BM25 statistics.
            for hit in hits:
                assert math.isclose(hit.score, expected[hit.item_id], rel_tol=1e-12), query
        # A filter narrows the hits but does not change how each is scored.
        for hit in corpus.search(query, language="ru"):
            assert math.isclose(hit.score, scores[hit.item_id], rel_tol=1e-6), query


def test_snippets_highlight_the_matched_words(corpus: Corpus) -> None:
    item = corpus.add(
        "Доктора подтвердили: Атамбаевдин ден соолугу начарлады, "
        "бирок ал ооруканадан түрмөгө кайтарылды.",
        title="Атамбаев",
        language="ky",
    )
    add_filler(corpus)
    [hit] = corpus.search("Atambayev")
    assert hit.item_id == item
    assert hit.title == "Атамбаев"
    assert "**Атамбаевдин**" in render_snippet(hit)
    assert [hit.snippet[start:end] for start, end in hit.highlights] == ["Атамбаевдин"]


ATTACKS = [
    "'; DROP TABLE items; --",
    '"; DROP TABLE items; --',
    "title:Japarov",
    "body:Japarov OR meta:x",
    "NEAR(Japarov prison, 2)",
    "Japarov NEAR/2 prison",
    '"Japarov" + "prison"',
    "{title body}: Japarov",
    "Japarov ^prison",
    "!Japarov & prison",
    "Japarov <-> prison",
    "Japarov:*",
    "Japarov:A",
    "\\'Japarov\\'",
    "Japarov' OR '1'='1",
    "Japarov) OR (1=1",
    "Japarov\x00prison",
    "* OR *",
]


def test_injection_attempts_are_harmless(corpus: Corpus) -> None:
    item = corpus.add("Japarov visited the prison.")
    add_filler(corpus)
    for attack in ATTACKS:
        try:
            hits = corpus.search(attack)
        except InvalidQuery:
            continue
        assert {hit.item_id for hit in hits} <= {item}, attack
    with reading(corpus.engine) as connection:
        assert connection.execute(select(func.count()).select_from(items)).scalar() == 7
    assert corpus.ids("Japarov prison") == [item]
    assert corpus.ids("title:Japarov") == []
    for query in ["", "   ", "!!!", "-Japarov", "*"]:
        with pytest.raises(InvalidQuery):
            corpus.search(query)
        with pytest.raises(InvalidQuery):
            corpus.raw(query)


def test_reindexing_replaces_and_removing_drops(corpus: Corpus) -> None:
    item = corpus.add("Atambaev was moved to hospital.")
    other = corpus.add("Japarov spoke.")
    add_filler(corpus)
    before = corpus.raw("Japarov")
    corpus.reindex(item, "Kempir-Abad case files.", title="Case")
    assert corpus.ids("Atambaev") == []
    assert corpus.ids("Kempir Abad") == [item]
    assert corpus.ids("Case") == [item]
    # Same number of items and of words: the other item's score stays only if the statistics
    # were replaced rather than added to. Tantivy counts a replaced document in its statistics
    # until its segment is merged, so there only the hits must stay.
    if corpus.index is None:
        assert corpus.raw("Japarov") == before
    assert [item_id for item_id, _ in corpus.raw("Japarov")] == [item_id for item_id, _ in before]
    corpus.remove(item)
    assert corpus.ids("Kempir") == []
    assert corpus.ids("Japarov") == [other]


def test_long_texts(corpus: Corpus) -> None:
    # Past PostgreSQL's last tsvector position (16383): phrases and snippets still work.
    words = [f"w{n}" for n in range(30_000)]
    words[25_000:25_002] = ["Kempir", "Abad"]
    long_item = corpus.add(" ".join(words))
    # More distinct words than a tsvector can hold: indexed up to the limit, not refused.
    randomness = random.Random(7)
    noise = ["".join(randomness.choices(string.ascii_lowercase, k=60)) for _ in range(18_000)]
    huge_item = corpus.add("Japarov " + " ".join(noise) + " Atambaev")
    add_filler(corpus)
    [hit] = corpus.search('"Kempir Abad"')
    assert hit.item_id == long_item
    assert "**Kempir** **Abad**" in render_snippet(hit)
    assert corpus.ids("Japarov") == [huge_item]
    assert corpus.ids("Atambaev") == []


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(alphabet=st.sampled_from("ab \"()-*:ORNTAD^+Жж\\'"), max_size=30))
def test_any_query_runs_or_is_refused(corpus: Corpus, query: str) -> None:
    if not corpus.texts:
        corpus.add("a b ab ba", title="ab")
        corpus.add("Жж ab", meta="b")
    try:
        hits = corpus.search(query)
    except InvalidQuery:
        return
    assert {hit.item_id for hit in hits} <= set(corpus.texts)
