"""Snippets: the stretch of an item's text where the query's words are densest.

Computed in Python for the few hits shown, from the working-copy text, the same way whichever
database found them. Words are matched by their folded keys, so a query for Atambayev highlights
Атамбаевдин. The text is cleaned for a terminal: whitespace runs become one space and control
characters (escape sequences in hostile files) are replaced.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice
from typing import Protocol

from docket.names.tokenize import WORD_PATTERN
from docket.search.keys import word_chunks, word_key
from docket.search.query import Phrase

WINDOW_WORDS = 30
# A snippet needs the first match, not the whole book: look no further than this.
SCAN_CHARACTERS = 1_000_000
# One "word" can be a 100 kB run of base64; show its start only.
MAX_WORD_CHARACTERS = 60
MAX_GAP_CHARACTERS = 12
ELLIPSIS = "…"

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Snippet:
    text: str
    highlights: tuple[tuple[int, int], ...]


class Highlighted(Protocol):
    @property
    def snippet(self) -> str: ...

    @property
    def highlights(self) -> tuple[tuple[int, int], ...]: ...


def render_snippet(hit: Highlighted) -> str:
    """The snippet with every highlighted word wrapped in ``**``."""
    parts: list[str] = []
    done = 0
    for start, end in sorted(hit.highlights):
        if start < done or end > len(hit.snippet):
            continue
        parts += [hit.snippet[done:start], "**", hit.snippet[start:end], "**"]
        done = end
    parts.append(hit.snippet[done:])
    return "".join(parts)


class KeyMatcher:
    """Which query phrase, if any, a folded word belongs to."""

    def __init__(self, phrases: Iterable[Phrase]) -> None:
        self._exact: dict[str, set[int]] = {}
        self._prefixes: list[tuple[str, int]] = []
        self.phrase_count = 0
        for number, phrase in enumerate(dict.fromkeys(phrases)):
            self.phrase_count += 1
            for position, key in enumerate(phrase.keys):
                if phrase.prefix and position == len(phrase.keys) - 1:
                    self._prefixes.append((key, number))
                else:
                    self._exact.setdefault(key, set()).add(number)

        # By word as written: the hits of one search share most of their words, so each is
        # folded and looked up once per search rather than once per hit.
        self._of_word: dict[str, frozenset[int]] = {}

    def phrases_of(self, key: str) -> frozenset[int]:
        found = set(self._exact.get(key, ()))
        for prefix, number in self._prefixes:
            if key.startswith(prefix):
                found.add(number)
        return frozenset(found)

    def phrases_of_word(self, word: str) -> frozenset[int]:
        """:meth:`phrases_of` the key of ``word``."""
        phrases = self._of_word.get(word)
        if phrases is None:
            phrases = self._of_word[word] = self.phrases_of(word_key(word))
        return phrases


def make_snippet(text: str, title: str, matcher: KeyMatcher) -> Snippet:
    """The best window of ``text``; of ``title`` when the text is empty or matches nothing."""
    if text.strip():
        snippet = _best_window(text, matcher)
        if snippet.highlights or not title.strip():
            return snippet
        from_title = _best_window(title, matcher)
        return from_title if from_title.highlights else snippet
    return _best_window(title, matcher)


def _best_window(text: str, matcher: KeyMatcher) -> Snippet:
    scanned = text[:SCAN_CHARACTERS]
    phrases_of_word = matcher.phrases_of_word
    chunks: list[tuple[int, int]] = []  # (character offset, index of its first word)
    matched: set[int] = set()
    window: deque[tuple[int, frozenset[int]]] = deque()
    counts: Counter[int] = Counter()
    best: tuple[tuple[int, int], int, int] | None = None
    complete_at: int | None = None
    words_seen = 0
    stopped = False
    for offset, words in word_chunks(scanned):
        if complete_at is not None and words_seen >= complete_at + WINDOW_WORDS:
            # A window holding every phrase cannot be beaten, and its context is read.
            stopped = True
            break
        chunks.append((offset, words_seen))
        # Most words match nothing: each distinct word is looked up once, and only the words
        # that match are walked one by one.
        phrases_of = {word: phrases for word in set(words) if (phrases := phrases_of_word(word))}
        hits = [index for index, word in enumerate(words, start=words_seen) if word in phrases_of]
        words_seen += len(words)
        matched.update(hits)
        if complete_at is not None:
            continue
        for index in hits:
            phrases = phrases_of[words[index - chunks[-1][1]]]
            window.append((index, phrases))
            counts.update(phrases)
            while window[0][0] <= index - WINDOW_WORDS:
                counts.subtract(window.popleft()[1])
            distinct = sum(1 for count in counts.values() if count > 0)
            score = (distinct, len(window))
            if best is None or score > best[0]:
                best = (score, window[0][0], index)
                if distinct == matcher.phrase_count:
                    complete_at = index
                    break
    if not words_seen:
        return Snippet("", ())
    start = 0
    if best is not None:
        _, first, last = best
        start = max(0, first - (WINDOW_WORDS - (last - first + 1)) // 2)
    end = min(words_seen, start + WINDOW_WORDS)
    start = max(0, end - WINDOW_WORDS)
    cut_end = end < words_seen or stopped or len(scanned) < len(text)
    spans = _spans(scanned, chunks, start, end)
    return _render(scanned, spans, matched, start, start > 0, cut_end)


def _spans(text: str, chunks: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """Where words ``start`` to ``end`` of ``text`` are, matching from the chunk that holds
    word ``start`` rather than from the beginning of the text."""
    offset, first = next((chunk for chunk in reversed(chunks) if chunk[1] <= start), (0, 0))
    found = islice(WORD_PATTERN.finditer(text, offset), start - first, end - first)
    return [match.span() for match in found]


def _render(
    text: str,
    spans: list[tuple[int, int]],
    matched: set[int],
    first_index: int,
    cut_start: bool,
    cut_end: bool,
) -> Snippet:
    # Short punctuation at either end of the text (a quotation mark, a full stop) belongs to the
    # words; anything at a cut is replaced by an ellipsis.
    opening = f"{ELLIPSIS} " if cut_start else _edge(text, 0, spans[0][0])
    closing = f" {ELLIPSIS}" if cut_end else _edge(text, spans[-1][1], len(text))
    begin = spans[0][0]
    stretch = text[begin : spans[-1][1]]
    if _as_written(stretch, spans):
        # Nothing to clean or shorten (most snippets): the words are shown as written, and a
        # highlight is where its word is.
        shift = len(opening) - begin
        highlights = tuple(
            (spans[index - first_index][0] + shift, spans[index - first_index][1] + shift)
            for index in sorted(matched)
            if first_index <= index < first_index + len(spans)
        )
        return Snippet(opening + stretch + closing, highlights)
    parts = [opening]
    highlight_list: list[tuple[int, int]] = []
    length = len(opening)
    previous_end: int | None = None
    for index, (start, end) in enumerate(spans, start=first_index):
        if previous_end is not None:
            gap = _gap(text[previous_end:start])
            parts.append(gap)
            length += len(gap)
        word = _clean(text[start:end])
        if len(word) > MAX_WORD_CHARACTERS:
            word = word[:MAX_WORD_CHARACTERS] + ELLIPSIS
        if index in matched:
            highlight_list.append((length, length + len(word)))
        parts.append(word)
        length += len(word)
        previous_end = end
    parts.append(closing)
    return Snippet("".join(parts), tuple(highlight_list))


def _as_written(stretch: str, spans: list[tuple[int, int]]) -> bool:
    """Whether rendering word by word would give ``stretch`` back unchanged: nothing to clean
    (every character printable, so the only whitespace is single spaces), no word too long and
    no gap between words empty or too long."""
    if not stretch.isprintable() or "  " in stretch:
        return False
    previous_end = spans[0][0]
    for start, end in spans:
        if end - start > MAX_WORD_CHARACTERS:
            return False
        if start != spans[0][0] and not 0 < start - previous_end <= MAX_GAP_CHARACTERS:
            return False
        previous_end = end
    return True


def _gap(between: str) -> str:
    if between == " ":
        return between  # most gaps: nothing to clean
    cleaned = _SPACES.sub(" ", _clean(between))
    if len(cleaned) > MAX_GAP_CHARACTERS:
        cleaned = f" {ELLIPSIS} "
    return cleaned or " "


def _edge(text: str, start: int, end: int) -> str:
    if end - start > 4 * MAX_GAP_CHARACTERS:
        return ""
    cleaned = _SPACES.sub(" ", _clean(text[start:end])).strip()
    return cleaned if len(cleaned) <= MAX_GAP_CHARACTERS else ""


def _clean(text: str) -> str:
    # Every character _CONTROL replaces is unprintable: most words need no search at all.
    return text if text.isprintable() else _CONTROL.sub(" ", text)
