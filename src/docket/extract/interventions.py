"""Interventions named in a text: the taxonomy's synonyms and the ways appeals word them.

The taxonomy's synonyms are its formal names ("calls for the release", "призыв к
освобождению"); appeals mostly write a verb and its object apart ("calls for their immediate
release", "призываем освободить", "бошотууга чакырабыз") or promise a step ("will refer the case
to the International Criminal Court"). ``vocabulary/interventions.yaml`` adds those phrases and
verb-object patterns. A call for release is the caller's intervention, never a violation: the
detention it asks to end is an act of its own.
"""

from __future__ import annotations

from functools import cache
from typing import Final

from docket.extract.lexicon import FoldedText, PhraseMatch
from docket.extract.verb_object import Vocabulary, load_vocabulary

__all__ = ["find_interventions"]

_VOCABULARY: Final = "vocabulary/interventions.yaml"


@cache
def _interventions(language: str) -> Vocabulary:
    return load_vocabulary(_VOCABULARY, "intervention_types", language)


def find_interventions(text: str, folded: FoldedText, language: str) -> list[PhraseMatch]:
    """Every intervention phrase of ``text`` (folded as ``folded``), then every verb-object
    pattern where no phrase was found, in text order."""
    return _interventions(language).find(text, folded)
