"""The bounds that readers of a long text look up for each act, against the plain scans they
replace: the same answer, without reading the text from its start (or to its end) every time."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from docket.extract.addressees import _WORD, _within_words
from docket.extract.carried import _FULL_STOP, _sentence_around
from docket.extract.clauses import LOOK_BACK, SENTENCE_BREAK, edges
from docket.extract.participants import CLAUSE_BREAK

# Pieces that make every kind of break likely: stops, commas, blank lines, the words of a
# clause break with spaces and line ends around them, in three scripts.
_PIECES = st.sampled_from(
    [
        " ",
        "\n",
        "\n\n",
        " \t\n ",
        ".",
        ",",
        "!",
        "…",
        "a",
        "word",
        "Бишкек",
        "and",
        "but",
        "и",
        "жана",
        "ал",
        "эми",
        "ал эми",
        "ал\n эми",
        " and\n",
        "(",
        "x.y",
        "-",
        "'",
    ]
)
_TEXTS = st.lists(_PIECES, max_size=60).map("".join)


def _edges_scanned(text: str, start: int, end: int, *, clause: bool) -> tuple[int, int]:
    patterns = (CLAUSE_BREAK, SENTENCE_BREAK) if clause else (SENTENCE_BREAK,)
    low, high = max(0, start - LOOK_BACK), len(text)
    for pattern in patterns:
        for found in pattern.finditer(text, max(0, start - LOOK_BACK), start):
            low = max(low, found.end())
        following = pattern.search(text, end)
        if following is not None:
            high = min(high, following.start())
    return low, high


@given(_TEXTS, st.data())
def test_clause_and_sentence_edges_are_those_of_a_scan_to_the_end(
    text: str, data: st.DataObject
) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    for clause in (True, False):
        assert edges(text, start, end, clause=clause) == _edges_scanned(
            text, start, end, clause=clause
        )


@given(_TEXTS, st.data())
def test_a_sentence_opens_after_the_last_stop_before_it(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    stops = [found.end() for found in _FULL_STOP.finditer(text)]
    opening = max((found.end() for found in _FULL_STOP.finditer(text, 0, start)), default=0)
    closing = _FULL_STOP.search(text, end)
    assert _sentence_around(text, stops, start, end) == (
        opening,
        closing.start() if closing else len(text),
    )


@given(_TEXTS, st.data(), st.integers(0, 6))
def test_counting_words_stops_past_the_most_allowed(
    text: str, data: st.DataObject, most: int
) -> None:
    low = data.draw(st.integers(0, len(text)))
    high = data.draw(st.integers(0, len(text)))
    assert _within_words(text, low, high, most) == (len(_WORD.findall(text[low:high])) <= most)


def test_a_clause_break_of_words_across_a_line_end_still_ends_the_clause() -> None:
    text = "Алар чакырышты ал\n  эми башкалар"
    start = text.index("чакырышты")
    assert edges(text, start, start + 9, clause=True) == (0, text.index(" ал\n"))
    assert edges(text, start, start + 9, clause=False) == (0, text.index("\n"))
