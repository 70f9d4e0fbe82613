"""Interventions named in a text: the taxonomy's synonyms and the ways appeals word them.

The taxonomy's synonyms are its formal names ("calls for the release", "призыв к
освобождению"); appeals mostly write a verb and its object apart ("calls for their immediate
release", "призываем освободить", "бошотууга чакырабыз") or promise a step ("will refer the case
to the International Criminal Court"). ``vocabulary/interventions.yaml`` adds those phrases and
verb-object patterns. A call for release is the caller's intervention, never a violation: the
detention it asks to end is an act of its own.

A general word ("appeal", "обращение", "кайрылды": a kind with narrower kinds under it) standing
in one clause with a pattern of a narrower kind is that intervention, told by both: "направил
обращение ... с просьбой о госпитализации" is a request for medical care, "иликтөө жүргүзүүнү
талап кылып кайрылды" a call for an investigation.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Final

from docket.extract.lexicon import FoldedText, PhraseMatch
from docket.extract.participants import CLAUSE_BREAK
from docket.extract.verb_object import Vocabulary, load_vocabulary

__all__ = ["find_interventions"]

_VOCABULARY: Final = "vocabulary/interventions.yaml"
# A general word this many words or fewer from a narrower pattern, in its clause, tells it.
_BESIDE: Final = 4
_SENTENCE_BREAK: Final = re.compile(r"[.!?…](?!\w)|\n")


@cache
def _interventions(language: str) -> Vocabulary:
    return load_vocabulary(_VOCABULARY, "intervention_types", language)


def find_interventions(text: str, folded: FoldedText, language: str) -> list[PhraseMatch]:
    """Every intervention phrase of ``text`` (folded as ``folded``), then every verb-object
    pattern where no phrase was found, in text order; a general word beside a pattern of a
    narrower kind is taken into that pattern's span."""
    vocabulary = _interventions(language)
    taxonomy = vocabulary.taxonomy
    phrases = vocabulary.lexicon.find_folded(folded)
    general = [match for match in phrases if taxonomy.children(match.term.code)]
    narrow = [match for match in phrases if not taxonomy.children(match.term.code)]
    # A general word is no verb or object of a pattern ("Эл аралык уюмдар кайрылуу жарыялашты"
    # is no appeal to an international court): only one standing beside a pair joins it.
    pairs = vocabulary.verb_objects.find(text, folded, phrases)
    index_at = {token.start: index for index, token in enumerate(folded.tokens)}
    index_to = {token.end: index for index, token in enumerate(folded.tokens)}
    kept: list[PhraseMatch] = []
    for word in general:
        beside = [
            (position, pair)
            for position, pair in enumerate(pairs)
            if pair.term.code != word.term.code
            and not taxonomy.children(pair.term.code)
            and _beside(text, word, pair, index_at, index_to)
        ]
        if not beside:
            kept.append(word)
            continue
        position, pair = beside[0]
        pairs[position] = PhraseMatch(
            pair.term, min(pair.start, word.start), max(pair.end, word.end)
        )
    return sorted([*narrow, *kept, *pairs], key=lambda match: match.start)


def _beside(
    text: str,
    word: PhraseMatch,
    pair: PhraseMatch,
    index_at: dict[int, int],
    index_to: dict[int, int],
) -> bool:
    """Whether the general ``word`` and the ``pair`` stand at most ``_BESIDE`` words apart with
    nothing between them that ends a clause."""
    first, second = (word, pair) if word.end <= pair.start else (pair, word)
    gap = index_at[second.start] - index_to[first.end] - 1
    between = text[first.end : second.start]
    return (
        gap <= _BESIDE and not CLAUSE_BREAK.search(between) and not _SENTENCE_BREAK.search(between)
    )
