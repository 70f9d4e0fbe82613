"""Splitting text into words, numbers and marks that keep their character offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

# Only ASCII digits count as numbers: other scripts' digits would turn stray symbols into dates.
_PLAIN = re.compile(r"(?P<num>[0-9]+)|(?P<word>[^\W\d_]+)|(?P<mark>\S)")

# Counts also read grouped thousands ("1,700", "1 700") and decimals ("1,7 тыс."); the grouped
# form is tried first so "1,700" is one number, and each group is exactly three digits so a year
# followed by a number ("2019 700") stays two numbers.
_GROUPED = re.compile(
    r"(?P<num>[0-9]{1,3}(?:(?:,|[ \u00a0\u202f\u2009])[0-9]{3})+(?![0-9])"
    r"|[0-9]+(?:[.,][0-9]+)?(?![0-9]))"
    r"|(?P<word>[^\W\d_]+)|(?P<mark>\S)"
)
# What every grouped number or decimal holds, and what no plain number does.
_SEPARATED = re.compile(r"[0-9](?:[.,]|[ \u00a0\u202f\u2009])[0-9]")


def fold(text: str) -> str:
    """Lower-case text and treat ``ё`` as ``е``, as the lexicons are written."""
    return text.lower().replace("ё", "е")


@dataclass(frozen=True, slots=True)
class Token:
    """One word, number or punctuation mark of a text, with its span."""

    kind: str  # "num", "word" or "mark"
    text: str
    start: int
    end: int
    key: str = field(compare=False)


def tokenize(text: str, *, grouped_numbers: bool = False) -> list[Token]:
    """Split ``text``; whitespace is dropped, everything else becomes a token."""
    return list(_split(text, grouped_numbers))


# Dates and then counts split each text of an extraction, counts with grouped numbers: the last
# texts' tokens are kept for the other, and a text whose grouped numbers are all plain digits
# splits the same both ways, so most texts are split once (making the tokens is most of the
# time of either pass).
@lru_cache(maxsize=4)
def _split(text: str, grouped_numbers: bool) -> tuple[Token, ...]:
    # Without a digit, a separator and a digit, every number the grouped pattern takes is a run
    # of digits, as the plain pattern's are, and everything else both take alike.
    if not grouped_numbers and _SEPARATED.search(text) is None:
        return _split(text, True)
    pattern = _GROUPED if grouped_numbers else _PLAIN
    # A frozen dataclass's constructor sets each field through ``object.__setattr__``, a third
    # of the time of splitting a text: the slots are filled here directly, each once, so each
    # token is the one ``Token(...)`` makes and stays frozen to everything after.
    set_kind, set_text, set_start, set_end, set_key = _SLOTS
    tokens: list[Token] = []
    for match in pattern.finditer(text):
        piece = match.group()
        start, end = match.span()
        token = _new(Token)
        set_kind(token, match.lastgroup or "mark")
        set_text(token, piece)
        set_start(token, start)
        set_end(token, end)
        set_key(token, fold(piece))
        tokens.append(token)
    return tuple(tokens)


_new = object.__new__
_SLOTS = tuple(Token.__dict__[name].__set__ for name in ("kind", "text", "start", "end", "key"))


def quote(text: str) -> str:
    """A piece of input, shortened and quoted for a one-line error message."""
    return repr(text if len(text) <= 60 else text[:57] + "...")


def adjacent(left: Token, right: Token) -> bool:
    """Whether ``right`` follows ``left`` with no space between them."""
    return left.end == right.start
