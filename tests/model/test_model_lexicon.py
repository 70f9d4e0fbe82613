"""The phrase tables that dates and counts read their words from."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from docket.model._lexicon import PhraseTable
from docket.model._tokens import tokenize

_WORDS = ["in", "the", "late", "summer", "of", "mid", "early", "1990", ".", "Jan", "jan."]
_PHRASES = ["in the", "in the late", "late", "mid", "the summer of", "jan.", "early summer"]


def _longest(phrases: list[str], text: str, i: int) -> tuple[str, int] | None:
    """The longest listed phrase at token ``i``, its abbreviation's period taken with it; the
    first listed of equally long ones."""
    tokens = tokenize(text)
    best: tuple[str, int] | None = None
    for phrase in phrases:
        words = [token.key for token in tokenize(phrase.rstrip("."))]
        end = i + len(words)
        if end > len(tokens) or [token.key for token in tokens[i:end]] != words:
            continue
        if best is not None and end - i <= len(tokenize(best[0].rstrip("."))):
            continue
        glued = (
            end < len(tokens)
            and tokens[end].text == "."
            and tokens[end].start == tokens[end - 1].end
        )
        if phrase.endswith(".") and glued:
            end += 1
        best = (phrase, end)
    return best


@given(st.lists(st.sampled_from(_WORDS), max_size=12), st.integers(0, 13))
def test_a_table_finds_the_longest_listed_phrase_at_a_token(words: list[str], i: int) -> None:
    text = " ".join(words).replace(" .", ".")
    table = PhraseTable((phrase, phrase) for phrase in _PHRASES)
    assert table.match(tokenize(text), i) == _longest(_PHRASES, text, i)
