"""Violations named in a text: the taxonomy's synonyms, report verbs, and what narrows them.

The taxonomy's synonyms are its formal names ("arbitrary detention", "произвольный арест");
reports mostly write verbs ("were detained", "задержали", "кармалды"). ``vocabulary/acts.yaml``
adds those, the verb-object patterns of ``verb_object`` ("denied him surgery", "журналистов
преследуют"), and narrows a general code by the words of its sentence: a detention in a sentence
about a journalist is the detention of a journalist.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Final

from docket.extract.lexicon import FoldedText, PhraseMatch
from docket.extract.verb_object import Vocabulary, load_vocabulary
from docket.model.taxonomy import Term

__all__ = ["find_acts"]

_VOCABULARY: Final = "vocabulary/acts.yaml"


@dataclass(frozen=True)
class _Rule:
    starts: tuple[str, ...]
    term: Term


@dataclass(frozen=True)
class _Acts:
    vocabulary: Vocabulary
    rules: dict[str, list[_Rule]]


@cache
def _acts(language: str) -> _Acts:
    vocabulary = load_vocabulary(_VOCABULARY, "violation_types", language)
    rules: dict[str, list[_Rule]] = {}
    for code, entries in vocabulary.data["refine"].items():
        for entry in entries:
            starts = tuple(word.casefold() for word in entry["when"].get(language) or [])
            if starts:
                rules.setdefault(code, []).append(
                    _Rule(starts, vocabulary.taxonomy.get(entry["code"]))
                )
    return _Acts(vocabulary, rules)


def find_acts(
    text: str, folded: FoldedText, language: str, sentence_of: Callable[[int], int]
) -> list[PhraseMatch]:
    """Every violation phrase of ``text`` (folded as ``folded``), then every verb-object pattern
    where no phrase was found, with general codes narrowed by their sentence."""
    acts = _acts(language)
    found = acts.vocabulary.find(text, folded)
    if not acts.rules or not found:
        return found
    words_by_sentence: dict[int, list[str]] = {}
    for token, word in zip(folded.tokens, folded.words, strict=True):
        words_by_sentence.setdefault(sentence_of(token.start), []).append(word)
    refined = []
    for match in found:
        rules = acts.rules.get(match.term.code)
        if rules:
            words = words_by_sentence.get(sentence_of(match.start), [])
            for rule in rules:
                if any(word.startswith(rule.starts) for word in words):
                    match = PhraseMatch(rule.term, match.start, match.end)
                    break
        refined.append(match)
    return refined
