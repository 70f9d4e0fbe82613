"""Mentions in a document of any language: the right recognisers, merged into one list.

English goes to spaCy, Russian to natasha, Kyrgyz to natasha corrected by Kyrgyz rules. Other
languages (or none detected) get the gazetteer alone, with a note saying so, rather than a model
guessing in a language it was never trained on.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from docket.extract.english import SpacyRecogniser, forget_pipelines
from docket.extract.gazetteer import GAZETTEER_SOURCE, Gazetteer
from docket.extract.kyrgyz import KyrgyzRecogniser
from docket.extract.mentions import Mention, Recogniser, merge_mentions
from docket.extract.name_rules import corrected_names
from docket.extract.russian import NatashaRecogniser
from docket.extract.trained import TrainedModels, forget_classifiers, trained_recogniser
from docket.ingest.language import detect_language

__all__ = [
    "RECOGNISED_LANGUAGES",
    "Recognition",
    "forget_trained",
    "recognise",
    "recognise_many",
    "recognise_with_notes",
    "shipped_recogniser",
]

_FACTORIES: dict[str, Callable[[], Recogniser]] = {
    "en": SpacyRecogniser,
    "ru": NatashaRecogniser,
    "ky": KyrgyzRecogniser,
}
RECOGNISED_LANGUAGES: tuple[str, ...] = tuple(_FACTORIES)

_lock = threading.Lock()
# By language and the folder of a trained pipeline ('' for the shipped models).
_recognisers: dict[tuple[str, str], Recogniser] = {}


@dataclass(frozen=True)
class Recognition:
    """The mentions found in a text and anything a reviewer should know about how."""

    mentions: list[Mention]
    language: str | None
    notes: list[str] = field(default_factory=list)


@runtime_checkable
class BatchRecogniser(Protocol):
    """A recogniser that is faster over many texts at once than one by one."""

    def mentions_many(self, texts: Sequence[str]) -> list[list[Mention]]: ...


def _recogniser(language: str, folder: str = "") -> Recogniser:
    with _lock:
        recogniser = _recognisers.get((language, folder))
        if recogniser is None:
            recogniser = trained_recogniser(language, folder) if folder else _FACTORIES[language]()
            _recognisers[(language, folder)] = recogniser
        return recogniser


def forget_trained(folder: str) -> None:
    """Let go of every trained pipeline loaded from below ``folder`` (moved or removed)."""
    with _lock:
        for key in [key for key in _recognisers if key[1] and key[1].startswith(folder)]:
            del _recognisers[key]
    forget_pipelines(folder)
    forget_classifiers(folder)


def shipped_recogniser(language: str) -> Recogniser:
    """The recogniser of ``language`` made from the models shipped with Docket."""
    return _recogniser(language)


def _normalised_language(language: str | None) -> str | None:
    if language is None:
        return None
    code = language.strip().lower().replace("_", "-").split("-")[0]
    return code or None


def recognise_with_notes(
    text: str,
    language: str | None,
    gazetteer: Gazetteer | None = None,
    trained: TrainedModels | None = None,
) -> Recognition:
    """Mentions in ``text`` (language detected when ``language`` is None), with notes."""
    return recognise_many([(text, language)], gazetteer, trained)[0]


def recognise_many(
    texts: Sequence[tuple[str, str | None]],
    gazetteer: Gazetteer | None = None,
    trained: TrainedModels | None = None,
) -> list[Recognition]:
    """``recognise_with_notes`` for each ``(text, language)``, with each model called once.

    A language with a pipeline in ``trained`` is read by it instead of the shipped models.
    """
    folders = {} if trained is None else trained.entities
    codes = [_normalised_language(language) or detect_language(text) for text, language in texts]
    found: list[list[Mention]] = [[] for _ in texts]
    notes: list[list[str]] = [[] for _ in texts]
    for code in dict.fromkeys(codes):
        indexes = [index for index, other in enumerate(codes) if other == code]
        if code not in _FACTORIES:
            described = f"language {code!r}" if code else "an undetected language"
            for index in indexes:
                notes[index].append(
                    f"no entity model for {described}; "
                    "only names already in the archive were looked for"
                )
            continue
        recogniser = _recogniser(code, folders.get(code, ""))
        if isinstance(recogniser, BatchRecogniser):
            for index, mentions in zip(
                indexes, recogniser.mentions_many([texts[i][0] for i in indexes]), strict=True
            ):
                found[index].extend(mentions)
        else:
            for index in indexes:
                found[index].extend(recogniser.mentions(texts[index][0]))
    results = []
    for (text, _), code, mentions, remarks in zip(texts, codes, found, notes, strict=True):
        if code in _FACTORIES:
            mentions = corrected_names(text, code, mentions)
        if gazetteer is not None:
            mentions.extend(gazetteer.mentions(text))
        results.append(Recognition(merge_mentions(mentions, (GAZETTEER_SOURCE,)), code, remarks))
    return results


def recognise(text: str, language: str | None, gazetteer: Gazetteer | None = None) -> list[Mention]:
    """Persons, organisations and places in ``text``, without overlaps, ordered by offset.

    Where spans overlap, a known name from ``gazetteer`` wins, then the longer span.
    """
    return recognise_with_notes(text, language, gazetteer).mentions
