"""The words around an act in its clause, found from the sorted clause ends, are the words a
walk from the act would reach before meeting a clause end (Hypothesis against that walk)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from docket.extract.act_filters import words_after, words_before

WORDS = ["что", "that", "он", "был", "задержан", "and"]
JOINS = frozenset({"что", "that"})


def _walk_before(
    breaks: set[int], words: list[str], first: int, reach: int, joins: frozenset[str]
) -> list[int]:
    found = []
    for index in range(first - 1, max(-1, first - reach - 1), -1):
        if index in breaks and words[index + 1] not in joins:
            break
        found.append(index)
    return found


def _walk_after(breaks: set[int], count: int, last: int, reach: int) -> list[int]:
    found = []
    for index in range(last + 1, min(count, last + reach + 1)):
        if index - 1 in breaks:
            break
        found.append(index)
    return found


@st.composite
def clauses(draw: st.DrawFn) -> tuple[list[str], list[int], int, int]:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=40))
    breaks = sorted(draw(st.sets(st.integers(-1, len(words) - 1))))
    at = draw(st.integers(0, len(words) - 1))
    reach = draw(st.integers(0, 15))
    return words, breaks, at, reach


@given(clauses(), st.sampled_from([frozenset(), JOINS]))
def test_words_before_are_those_a_walk_back_reaches(
    clause: tuple[list[str], list[int], int, int], joins: frozenset[str]
) -> None:
    words, breaks, first, reach = clause
    assert list(words_before(breaks, words, first, reach, joins)) == _walk_before(
        set(breaks), words, first, reach, joins
    )


@given(clauses())
def test_words_after_are_those_a_walk_forward_reaches(
    clause: tuple[list[str], list[int], int, int],
) -> None:
    words, breaks, last, reach = clause
    assert list(words_after(breaks, len(words), last, reach)) == _walk_after(
        set(breaks), len(words), last, reach
    )
