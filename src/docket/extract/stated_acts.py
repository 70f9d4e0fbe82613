"""Whether an act a text names is stated: not denied, feared, asked for or inside a phrase that
is no act.

``find_acts`` asks this of every act its vocabulary finds, and ``stated_only`` of acts found
other ways (by the recall stage of ``docket.extract.act_recall``), so each act proposed passes
the same filters: the words of ``vocabulary/acts.yaml`` (``not_acts``, ``calls``, ``feared``)
and those of ``docket.extract.act_filters``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Mapping, Sequence
from typing import Final

from docket.extract.act_filters import NotStated
from docket.extract.act_vocabulary import ActVocabulary, act_vocabulary
from docket.extract.lexicon import FoldedText, PhraseMatch

__all__ = ["phrases_within", "stated_only", "unstated"]

_CALL_REACH: Final = 12
# What ends the clause of a call: the act named after it is what is asked for, an act told in a
# clause of its own ("release Temirova, who was detained on 15 January") is stated.
_CLAUSE_END: Final = re.compile(r"[,;:()«»\"“”.!?…\n]")
# How far before an act (after it, in Kyrgyz) a word of fear makes it only feared: "I fear that
# I will be detained again" (four words), not "feared for their lives after police beat them".
_FEAR_REACH: Final = 5
_FEAR_JOINS: Final = frozenset({"that", "что", "чтобы"})


def phrases_within(
    words: Sequence[str], by_first: Mapping[str, Sequence[tuple[str, ...]]]
) -> list[tuple[int, int]]:
    """The word ranges ``[first, last]`` where one of the phrases (``by_first`` word) stands in
    ``words``."""
    found = []
    for index, word in enumerate(words):
        for phrase in by_first.get(word, ()):
            if tuple(words[index : index + len(phrase)]) == phrase:
                found.append((index, index + len(phrase) - 1))
    return found


def _demanded(acts: ActVocabulary, text: str, folded: FoldedText, first: int, last: int) -> bool:
    """Whether words ``first``..``last`` are what a call in their clause asks for ("calls on
    the authorities to lift the travel ban", "куугунтуктоону токтотууга чакырабыз")."""
    tokens, words = folded.tokens, folded.words
    index = first - 1
    while index >= max(0, first - _CALL_REACH) and acts.calls_before:
        if _CLAUSE_END.search(text, tokens[index].end, tokens[index + 1].start):
            break
        if words[index] in acts.calls_before:
            return True
        index -= 1
    index = last + 1
    while index < min(len(words), last + 1 + _CALL_REACH) and acts.calls_after:
        if _CLAUSE_END.search(text, tokens[index - 1].end, tokens[index].start):
            break
        if words[index] in acts.calls_after:
            return True
        index += 1
    return False


def _feared(
    acts: ActVocabulary,
    text: str,
    folded: FoldedText,
    first: int,
    last: int,
    sentence_of: Callable[[int], int],
) -> bool:
    """Whether a word of fear stands close before words ``first``..``last`` in their sentence
    ("Я боюсь, что меня снова задержат"), or, in Kyrgyz, after them ("кыйнап жатышат деп
    кооптонот"), or a threat after a quoting word ("камакка алабыз деп коркутушкан"): the act
    is feared or threatened, not told."""
    tokens, words = folded.tokens, folded.words
    sentence = sentence_of(tokens[first].start)

    def parted(left: int) -> bool:
        # A comma parts the fear from the act ("Residents, afraid of reprisals, said police beat
        # them") unless it opens what is feared ("боюсь, что меня задержат").
        return bool(_CLAUSE_END.search(text, tokens[left].end, tokens[left + 1].start)) and (
            words[left + 1] not in _FEAR_JOINS
        )

    if acts.feared_before:
        for index in range(first - 1, max(-1, first - _FEAR_REACH - 1), -1):
            if sentence_of(tokens[index].start) != sentence or parted(index):
                break
            if words[index].startswith(acts.feared_before):
                return True
    if acts.feared_after or acts.threatened:
        for index in range(last + 1, min(len(words), last + _FEAR_REACH + 1)):
            if sentence_of(tokens[index].start) != sentence or parted(index - 1):
                break
            if acts.feared_after and words[index].startswith(acts.feared_after):
                return True
            if (
                acts.threatened
                and words[index - 1] in acts.quoting
                and words[index].startswith(acts.threatened)
            ):
                return True
    return False


def unstated(
    acts: ActVocabulary,
    text: str,
    folded: FoldedText,
    sentence_of: Callable[[int], int],
    excluded: Sequence[tuple[int, int]],
    not_stated: NotStated,
    match: PhraseMatch,
    first: int,
    last: int,
) -> bool:
    """Whether the act at words ``first``..``last`` is named but not stated: inside a phrase of
    ``not_acts`` (``excluded``), asked for, feared, or one of ``act_filters``' kinds."""
    return (
        any(first <= high and low <= last for low, high in excluded)
        or _demanded(acts, text, folded, first, last)
        or _feared(acts, text, folded, first, last, sentence_of)
        or not_stated(match, first, last)
    )


def stated_only(
    text: str,
    folded: FoldedText,
    language: str,
    sentence_of: Callable[[int], int],
    matches: Sequence[PhraseMatch],
) -> list[PhraseMatch]:
    """The acts of ``matches``, found other than by the vocabulary's words, that the filters of
    ``find_acts`` keep: none denied, feared, asked for, forbidden or inside a ``not_acts``
    phrase. A match's words are those of the text's tokens it overlaps."""
    if not matches or not folded.tokens:
        return []
    acts = act_vocabulary(language)
    not_stated = NotStated(text, folded, language, sentence_of)
    excluded = phrases_within(folded.words, acts.not_acts)
    starts = [token.start for token in folded.tokens]
    kept = []
    for match in matches:
        first = max(0, bisect_right(starts, match.start) - 1)
        last = max(first, bisect_left(starts, match.end) - 1)
        if not unstated(acts, text, folded, sentence_of, excluded, not_stated, match, first, last):
            kept.append(match)
    return kept
