"""What a recogniser finds in a text: typed spans with exact character offsets.

Every recogniser (statistical model, rules, gazetteer) answers through the one-method
``Recogniser`` seam, so services can be tested with a ``FunctionRecogniser`` instead of a model.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Literal, Protocol

from docket.errors import DocketError

__all__ = [
    "DEFAULT_CHUNK_CHARS",
    "FunctionRecogniser",
    "Mention",
    "MentionKind",
    "ModelUnavailable",
    "Recogniser",
    "merge_mentions",
    "text_chunks",
]

MentionKind = Literal["person", "organization", "place"]

# Models see at most this many characters at once: memory and time per call stay bounded, and
# the total time grows with the length of the text rather than with its square.
DEFAULT_CHUNK_CHARS = 20_000


class ModelUnavailable(DocketError):
    """A language model needed for extraction is not installed or could not be loaded."""


@dataclass(frozen=True)
class Mention:
    """A name of a person, organisation or place in a text; ``text[start:end] == mention.text``.

    The span is the word form as written, case ending included (Kyrgyz ``Атамбаевдин``);
    ``name`` is then the name without it (``Атамбаев``), empty when the span is the name.
    """

    kind: MentionKind
    text: str
    start: int
    end: int
    source: str
    name: str = ""

    @property
    def as_name(self) -> str:
        """The name this mention writes, in its dictionary form."""
        return self.name or self.text


class Recogniser(Protocol):
    """Finds mentions in a text."""

    def mentions(self, text: str) -> list[Mention]: ...


class FunctionRecogniser:
    """A recogniser made from a plain function, for tests and simple rules."""

    def __init__(self, find: Callable[[str], list[Mention]]) -> None:
        self._find = find

    def mentions(self, text: str) -> list[Mention]:
        return self._find(text)


def merge_mentions(
    mentions: Iterable[Mention], preferred_sources: tuple[str, ...] = ()
) -> list[Mention]:
    """Drop mentions that overlap a better one; the rest ordered by offset.

    A mention from an earlier source in ``preferred_sources`` beats any other, then a longer
    span beats a shorter one, then the earlier span wins, then the one given first: the same
    mentions always give the same result.
    """

    def rank(mention: Mention) -> tuple[int, int, int, int]:
        try:
            preference = preferred_sources.index(mention.source)
        except ValueError:
            preference = len(preferred_sources)
        return (preference, mention.start - mention.end, mention.start, mention.end)

    # Kept spans never overlap, so ordered by start they are ordered by end too, and a
    # candidate can only overlap its two neighbours: a probe is a bisection, not a scan, and a
    # long report with thousands of names costs n log n.
    starts: list[int] = []
    kept: list[Mention] = []
    # Duplicates dropped in the order given, not through a set, whose order changes from one
    # process to the next with the strings' hashes: the stable sort then breaks ties by it.
    for candidate in sorted(dict.fromkeys(mentions), key=rank):
        if candidate.end <= candidate.start:
            continue
        index = bisect.bisect_right(starts, candidate.start)
        if index > 0 and kept[index - 1].end > candidate.start:
            continue
        if index < len(kept) and kept[index].start < candidate.end:
            continue
        starts.insert(index, candidate.start)
        kept.insert(index, candidate)
    return sorted(kept, key=lambda mention: (mention.start, mention.end, mention.kind))


def text_chunks(text: str, limit: int = DEFAULT_CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """Split ``text`` into pieces of at most ``limit`` characters, each with its offset.

    Cuts fall on a paragraph break if one lies in the second half of the window, else on a line
    break, else on whitespace, else anywhere; so names are only cut in text with no spaces.
    """
    if limit < 2:
        raise ValueError("chunk limit must be at least 2 characters")
    start = 0
    length = len(text)
    while start < length:
        end = min(start + limit, length)
        if end < length:
            end = _cut(text, start, end)
        yield start, text[start:end]
        start = end


def _cut(text: str, start: int, end: int) -> int:
    floor = start + (end - start) // 2
    for separator in ("\n\n", "\n"):
        found = text.rfind(separator, floor, end)
        if found != -1:
            return found + len(separator)
    for position in range(end - 1, floor - 1, -1):
        if text[position].isspace():
            return position + 1
    return end
