"""Pipelines an archive trained on its own review decisions, as extraction uses them.

``TrainedModels`` names, per language, the folder of a trained entity recogniser and of a
trained act classifier; it is plain data, so it travels to worker processes, and each process
loads a folder once. Which folders are active, and whether a viewer may use them, is decided
above this layer (``docket.training.models``); here they are only read.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from docket.extract.english import SpacyRecogniser
from docket.extract.kyrgyz import KyrgyzRecogniser
from docket.extract.mentions import ModelUnavailable, Recogniser

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = [
    "ACT_THRESHOLD",
    "TrainedModels",
    "classify_acts",
    "forget_classifiers",
    "trained_recogniser",
]

# An act whose sentence the classifier scores below this for the act's code is not proposed.
ACT_THRESHOLD: Final = 0.5


@dataclass(frozen=True)
class TrainedModels:
    """Folders of trained pipelines by language, and why an active one is not used (a note for
    each item of that language)."""

    entities: Mapping[str, str] = field(default_factory=dict)
    acts: Mapping[str, str] = field(default_factory=dict)
    notes: Mapping[str, str] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.entities and not self.acts


_lock = threading.Lock()
_classifiers: dict[str, Language] = {}


def forget_classifiers(prefix: str) -> None:
    """Drop the loaded classifiers whose folder starts with ``prefix``."""
    with _lock:
        for folder in [folder for folder in _classifiers if folder.startswith(prefix)]:
            del _classifiers[folder]


def trained_recogniser(language: str, folder: str) -> Recogniser:
    """The recogniser of a trained folder; Kyrgyz keeps its rules on top of the model."""
    recogniser = SpacyRecogniser(model_name=folder)
    if language == "ky":
        return KyrgyzRecogniser(base=recogniser)
    return recogniser


def _classifier(folder: str) -> Language:
    with _lock:
        found = _classifiers.get(folder)
        if found is None:
            try:
                import spacy

                found = spacy.load(folder)
            except (ImportError, OSError, ValueError) as error:
                raise ModelUnavailable(
                    f"the trained act classifier in {folder} could not be loaded"
                ) from error
            _classifiers[folder] = found
        return found


def classify_acts(
    folder: str, text: str, sentence_starts: Sequence[int], acts: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """``acts`` the classifier keeps, each with its ``model_score``.

    An act of a code the classifier was taught is kept when its sentence scores at least
    ``ACT_THRESHOLD``; an act of any other code is kept as the rules found it.
    """
    if not acts:
        return acts
    import bisect

    nlp = _classifier(folder)
    classifier: Any = nlp.get_pipe("textcat_multilabel")
    labels = set(classifier.labels)
    bounds = [*sentence_starts, len(text)]
    wanted = sorted(
        {
            bisect.bisect_right(sentence_starts, act["start"]) - 1
            for act in acts
            if act["type"] in labels
        }
    )
    scores = {
        index: doc.cats
        for index, doc in zip(
            wanted, nlp.pipe(text[bounds[i] : bounds[i + 1]] for i in wanted), strict=True
        )
    }
    kept = []
    for act in acts:
        if act["type"] not in labels:
            kept.append(act)
            continue
        sentence = bisect.bisect_right(sentence_starts, act["start"]) - 1
        score = float(scores[sentence].get(act["type"], 0.0))
        if score >= ACT_THRESHOLD:
            kept.append({**act, "model_score": round(score, 4)})
    return kept
