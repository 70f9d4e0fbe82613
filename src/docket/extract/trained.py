"""Pipelines an archive trained on its own review decisions, as extraction uses them.

``TrainedModels`` names, per language, the folder of a trained entity recogniser, of a trained
act classifier and of a trained party classifier; it is plain data, so it travels to worker
processes, and each process loads a folder once. Which folders are active, and whether a viewer
may use them, is decided above this layer (``docket.training.models``); here they are only read.
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
    "PARTY_ROLES",
    "PARTY_THRESHOLD",
    "TrainedModels",
    "classify_acts",
    "classify_parties",
    "forget_classifiers",
    "marked",
    "score_parties",
    "trained_recogniser",
]

# An act whose sentence the classifier scores below this for the act's code is not proposed.
ACT_THRESHOLD: Final = 0.5
# A party whose mention the party classifier scores below this for its role is not proposed.
PARTY_THRESHOLD: Final = 0.5
# The roles of the parties each kind of finding proposes, by the keys of its payload.
PARTY_ROLES: Final = {
    "acts": ("victim", "perpetrator"),
    "interventions": ("by", "toward"),
    "claims": ("claimant",),
}
# The words set around the mention a party classifier judges: tokens no language has, so the
# classifier learns the words beside them ("condemned by ⟨party⟩").
_OPEN: Final = "xxpartyopen"
_CLOSE: Final = "xxpartyclose"


@dataclass(frozen=True)
class TrainedModels:
    """Folders of trained pipelines by language, and why an active one is not used (a note for
    each item of that language)."""

    entities: Mapping[str, str] = field(default_factory=dict)
    acts: Mapping[str, str] = field(default_factory=dict)
    notes: Mapping[str, str] = field(default_factory=dict)
    parties: Mapping[str, str] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.entities and not self.acts and not self.parties


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
                    f"the trained classifier in {folder} could not be loaded"
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


def marked(sentence: str, start: int, end: int) -> str:
    """``sentence`` with the mention at ``start``-``end`` set between markers: what a party
    classifier reads, in training and in extraction alike."""
    return f"{sentence[:start]} {_OPEN} {sentence[start:end]} {_CLOSE} {sentence[end:]}"


def score_parties(folder: str, mentions: Sequence[tuple[str, int, int, str]]) -> list[float | None]:
    """The score of each (sentence, start, end, role): whether the mention at start-end of the
    sentence takes that role; None for a role the classifier was not taught."""
    nlp = _classifier(folder)
    classifier: Any = nlp.get_pipe("textcat_multilabel")
    labels = set(classifier.labels)
    wanted = [index for index, (*_, role) in enumerate(mentions) if role in labels]
    scores: list[float | None] = [None] * len(mentions)
    texts = (marked(*mentions[index][:3]) for index in wanted)
    for index, doc in zip(wanted, nlp.pipe(texts), strict=True):
        scores[index] = float(doc.cats.get(mentions[index][3], 0.0))
    return scores


def classify_parties(
    folder: str,
    text: str,
    sentence_starts: Sequence[int],
    findings: list[dict[str, Any]],
    roles: Sequence[str],
) -> list[dict[str, Any]]:
    """``findings`` with the parties under ``roles`` the classifier keeps, each with its
    ``model_score``; a party it scores below ``PARTY_THRESHOLD`` is dropped (a role of one party
    becomes None, a list loses it).

    A party of a role the classifier was not taught, or outside its finding's sentence, is kept
    as the rules found it.
    """
    if not findings:
        return findings
    import bisect

    bounds = [*sentence_starts, len(text)]
    asked: dict[tuple[int, int, int, str], int] = {}
    mentions: list[tuple[str, int, int, str]] = []
    for finding in findings:
        index = bisect.bisect_right(sentence_starts, finding["start"]) - 1
        low, high = bounds[index], bounds[index + 1]
        for role in roles:
            for party in _parties(finding.get(role)):
                key = (index, party["start"], party["end"], role)
                if low <= party["start"] < party["end"] <= high and key not in asked:
                    asked[key] = len(mentions)
                    mentions.append(
                        (text[low:high], party["start"] - low, party["end"] - low, role)
                    )
    if not mentions:
        return findings
    scores = score_parties(folder, mentions)
    kept = []
    for finding in findings:
        index = bisect.bisect_right(sentence_starts, finding["start"]) - 1
        changed = dict(finding)
        for role in roles:
            raw = finding.get(role)
            proposed = _parties(raw)
            if not proposed:
                continue
            judged = []
            for party in proposed:
                at = asked.get((index, party["start"], party["end"], role))
                score = None if at is None else scores[at]
                if score is None:
                    judged.append(party)
                elif score >= PARTY_THRESHOLD:
                    judged.append({**party, "model_score": round(score, 4)})
            if isinstance(raw, list):
                changed[role] = judged
            else:
                changed[role] = judged[0] if judged else None
        kept.append(changed)
    return kept


def _parties(raw: object) -> list[dict[str, Any]]:
    """The parties a finding proposes in one role: none, one, or a list of them."""
    found = raw if isinstance(raw, list) else [raw]
    return [
        party
        for party in found
        if isinstance(party, dict)
        and isinstance(party.get("start"), int)
        and isinstance(party.get("end"), int)
    ]
