"""Mentions in a document of any language: the right recognisers, merged into one list.

English goes to spaCy, Russian to natasha, Kyrgyz to natasha corrected by Kyrgyz rules. Other
languages (or none detected) get the gazetteer alone, with a note saying so, rather than a model
guessing in a language it was never trained on.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from docket.extract.english import SpacyRecogniser
from docket.extract.gazetteer import GAZETTEER_SOURCE, Gazetteer
from docket.extract.kyrgyz import KyrgyzRecogniser
from docket.extract.mentions import Mention, Recogniser, merge_mentions
from docket.extract.russian import NatashaRecogniser
from docket.ingest.language import detect_language

__all__ = ["RECOGNISED_LANGUAGES", "Recognition", "recognise", "recognise_with_notes"]

_FACTORIES: dict[str, Callable[[], Recogniser]] = {
    "en": SpacyRecogniser,
    "ru": NatashaRecogniser,
    "ky": KyrgyzRecogniser,
}
RECOGNISED_LANGUAGES: tuple[str, ...] = tuple(_FACTORIES)

_lock = threading.Lock()
_recognisers: dict[str, Recogniser] = {}


@dataclass(frozen=True)
class Recognition:
    """The mentions found in a text and anything a reviewer should know about how."""

    mentions: list[Mention]
    language: str | None
    notes: list[str] = field(default_factory=list)


def _recogniser(language: str) -> Recogniser:
    with _lock:
        recogniser = _recognisers.get(language)
        if recogniser is None:
            recogniser = _FACTORIES[language]()
            _recognisers[language] = recogniser
        return recogniser


def _normalised_language(language: str | None) -> str | None:
    if language is None:
        return None
    code = language.strip().lower().replace("_", "-").split("-")[0]
    return code or None


def recognise_with_notes(
    text: str, language: str | None, gazetteer: Gazetteer | None = None
) -> Recognition:
    """Mentions in ``text`` (language detected when ``language`` is None), with notes."""
    code = _normalised_language(language)
    notes: list[str] = []
    if code is None:
        code = detect_language(text)
    found: list[Mention] = []
    if code in _FACTORIES:
        found.extend(_recogniser(code).mentions(text))
    else:
        described = f"language {code!r}" if code else "an undetected language"
        notes.append(
            f"no entity model for {described}; only names already in the archive were looked for"
        )
    if gazetteer is not None:
        found.extend(gazetteer.mentions(text))
    return Recognition(merge_mentions(found, (GAZETTEER_SOURCE,)), code, notes)


def recognise(text: str, language: str | None, gazetteer: Gazetteer | None = None) -> list[Mention]:
    """Persons, organisations and places in ``text``, without overlaps, ordered by offset.

    Where spans overlap, a known name from ``gazetteer`` wins, then the longer span.
    """
    return recognise_with_notes(text, language, gazetteer).mentions
