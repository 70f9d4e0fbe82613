"""Interventions named in a text: the taxonomy's synonyms and the ways appeals word them.

The taxonomy's synonyms are its formal names ("calls for the release", "призыв к
освобождению"); appeals mostly write a verb and its object apart ("calls for their immediate
release", "призываем освободить", "бошотууга чакырабыз") or promise a step ("will support the
referral of these events to an international investigation"). ``vocabulary/interventions.yaml``
adds those phrases and verb-object patterns. A call for release is the caller's intervention,
never a violation: the detention it asks to end is an act of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Final

import yaml

from docket.extract.lexicon import FoldedText, Lexicon, PhraseMatch
from docket.extract.verb_object import VerbObjects
from docket.model.taxonomy import load_taxonomy

__all__ = ["find_interventions"]

_VOCABULARY: Final = "vocabulary/interventions.yaml"


@dataclass(frozen=True)
class _Interventions:
    lexicon: Lexicon
    verb_objects: VerbObjects


@cache
def _interventions(language: str) -> _Interventions:
    text = resources.files("docket.extract").joinpath(_VOCABULARY).read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    taxonomy = load_taxonomy("intervention_types")
    extra = {
        code: by_language[language]
        for code, by_language in (data.get("phrases") or {}).items()
        if by_language.get(language)
    }
    return _Interventions(Lexicon(taxonomy, language, extra), VerbObjects(taxonomy, language, data))


def find_interventions(text: str, folded: FoldedText, language: str) -> list[PhraseMatch]:
    """Every intervention phrase of ``text`` (folded as ``folded``), then every verb-object
    pattern where no phrase was found, in text order."""
    interventions = _interventions(language)
    found = interventions.lexicon.find_folded(folded)
    return sorted(
        [*found, *interventions.verb_objects.find(text, folded, found)],
        key=lambda match: match.start,
    )
