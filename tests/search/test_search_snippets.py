from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from docket.names import search_key
from docket.search import SearchHit, parse_query, render_snippet
from docket.search.snippets import (
    ELLIPSIS,
    MAX_GAP_CHARACTERS,
    MAX_WORD_CHARACTERS,
    SCAN_CHARACTERS,
    WINDOW_WORDS,
    KeyMatcher,
    Snippet,
    make_snippet,
)


def snippet_for(query: str, text: str, title: str = "") -> Snippet:
    return make_snippet(text, title, KeyMatcher(parse_query(query).scored_phrases()))


def highlighted(snippet: Snippet) -> list[str]:
    return [snippet.text[start:end] for start, end in snippet.highlights]


def test_highlights_words_of_any_spelling() -> None:
    snippet = snippet_for("Atambayev", "Атамбаевдин ден соолугу начарлады; Atambaev ооруканада.")
    assert highlighted(snippet) == ["Атамбаевдин", "Atambaev"]
    assert snippet.text == "Атамбаевдин ден соолугу начарлады; Atambaev ооруканада."


def test_render_wraps_highlights() -> None:
    hit = SearchHit(1, None, 1.0, "the Japarov meeting", ((4, 11),))
    assert render_snippet(hit) == "the **Japarov** meeting"


def test_window_with_most_distinct_query_words_wins() -> None:
    filler = " ".join(f"filler{n}" for n in range(200))
    text = f"Atambaev alone here. {filler} Atambaev and Japarov together. {filler} Atambaev again."
    snippet = snippet_for("Atambaev Japarov", text)
    assert highlighted(snippet) == ["Atambaev", "Japarov"]
    assert snippet.text.startswith(ELLIPSIS)
    assert snippet.text.endswith(ELLIPSIS)
    words = snippet.text.strip(f"{ELLIPSIS} ").split()
    assert len(words) == WINDOW_WORDS


def test_prefix_and_phrase_words_are_highlighted() -> None:
    snippet = snippet_for('Атамб* "Kempir Abad"', "Atambayev spoke about Kempir-Abad.")
    assert highlighted(snippet) == ["Atambayev", "Kempir", "Abad"]


def test_excluded_words_are_not_highlighted() -> None:
    snippet = snippet_for("prison -hospital", "From hospital to prison.")
    assert highlighted(snippet) == ["prison"]


def test_title_is_used_without_text_or_without_a_match_in_it() -> None:
    assert highlighted(snippet_for("Japarov", "", title="Japarov visit")) == ["Japarov"]
    from_title = snippet_for("Japarov", "Nothing relevant in the body.", title="Japarov visit")
    assert from_title.text == "Japarov visit"
    no_match = snippet_for("Japarov", "Nothing relevant in the body.", title="Visit")
    assert no_match.text == "Nothing relevant in the body."
    assert no_match.highlights == ()


def test_terminal_control_characters_and_whitespace_are_cleaned() -> None:
    snippet = snippet_for("Japarov", "\x1b]2;x\x07 Japarov\n\n\tmet\r\n\u202ethem")
    assert not any(char in snippet.text for char in "\x1b\x07\n\r\t\u202e")
    assert highlighted(snippet) == ["Japarov"]
    assert "Japarov met them" in snippet.text


def test_empty_text_and_title_give_an_empty_snippet() -> None:
    assert snippet_for("Japarov", "", title="") == Snippet("", ())
    assert snippet_for("Japarov", "... !!!", title="").text == ""


def test_huge_text_costs_bounded_work() -> None:
    text = ("Japarov " + "lorem ipsum dolor sit amet " * 40) * 2000 + "Atambaev"
    assert len(text) > 2 * SCAN_CHARACTERS
    started = time.perf_counter()
    snippet = snippet_for("Japarov", text)
    assert time.perf_counter() - started < 1.0
    assert highlighted(snippet) == ["Japarov"]
    # A word past the scanned part does not make the snippet; the text start does.
    late = snippet_for("Atambaev", text)
    assert late.highlights == ()
    assert late.text.startswith("Japarov lorem")


def test_a_long_run_of_letters_is_shortened() -> None:
    snippet = snippet_for("Japarov", "Japarov " + "x" * 5000)
    assert len(snippet.text) < 100


@settings(max_examples=200, deadline=None)
@given(
    st.text(max_size=300),
    st.sampled_from(["Atambaev", "Жапаров prison", '"Kara Suu"', "Атамб* OR x1"]),
)
def test_highlights_are_query_words_inside_the_snippet(text: str, query: str) -> None:
    parsed = parse_query(query)
    keys = {key for phrase in parsed.scored_phrases() for key in phrase.keys}
    snippet = snippet_for(query, text)
    previous_end = 0
    for start, end in snippet.highlights:
        assert previous_end <= start < end <= len(snippet.text)
        word = snippet.text[start:end]
        assert any(search_key(word).startswith(key) for key in keys)
        previous_end = end


def test_words_as_written_keep_their_punctuation_and_highlights() -> None:
    text = "«Атамбаевдин» иши, (Atambaev) — Атамбаев’дин; Japarov."
    snippet = snippet_for("Atambayev", text)
    assert snippet.text == text
    assert highlighted(snippet) == ["Атамбаевдин", "Atambaev", "Атамбаев’дин"]


@given(
    st.sampled_from(["", "-" * 40, "  ", " \u00a0", "y" * 80, " \n", "\u200b"]),
    st.sampled_from(["", "-" * 40, "  ", "y" * 80, ".  "]),
)
def test_long_gaps_words_and_spaces_inside_a_snippet_are_shortened(left: str, right: str) -> None:
    text = f"Japarov {left} met {right} Atambaev again."
    snippet = snippet_for("Japarov Atambaev", text)
    words = snippet.text.split()
    assert all(len(word) <= MAX_WORD_CHARACTERS + 1 for word in words)
    assert "  " not in snippet.text and snippet.text.isprintable()
    assert not any("-" * (MAX_GAP_CHARACTERS + 1) in word for word in words)
    assert highlighted(snippet) == ["Japarov", "Atambaev"]
