"""Scores on the held-out decisions: how the shipped and a trained pipeline read them.

Only what reviewers decided is judged. A confirmed span is found when a mention of its kind
covers exactly its words; a mention at a rejected span, or one that overlaps a confirmed span
with other bounds or another kind, is wrong; a mention touching no decided words is not scored
(nobody said whether it was right). Acts and claims: every decided one was proposed by the rules, so
before training every one counts as predicted; a trained classifier predicts those it keeps.
Parties: every decided party counts as predicted before training, and after it when the party
classifier scores it at least ``PARTY_THRESHOLD`` for its role (or was not taught the role).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from docket.extract.evaluation import Tally
from docket.extract.recognise import recognise_many
from docket.extract.trained import PARTY_THRESHOLD, TrainedModels, classify_acts, score_parties
from docket.training.data import CLAIM, ENTITY_LABELS, Example

__all__ = ["KINDS", "figures", "score_held_out"]

# The kinds a score is given for, as the held-out tallies name them.
KINDS: Final = ("person", "organisation", "place", "acts", "claims", "parties")
_KIND_OF_LABEL: Final = {label: kind for kind, label in ENTITY_LABELS.items()}
_KIND_OF_MENTION: Final = {"person": "person", "organization": "organisation", "place": "place"}


def _entity_tallies(
    examples: tuple[Example, ...], language: str, trained: TrainedModels | None
) -> dict[str, Tally]:
    tallies = {kind: Tally() for kind in ENTITY_LABELS}
    scored = [example for example in examples if example.entities or example.rejected]
    recognitions = recognise_many([(e.text, language) for e in scored], None, trained)
    for example, recognition in zip(scored, recognitions, strict=True):
        gold = {(s, e): _KIND_OF_LABEL[label] for s, e, label in example.entities}
        for kind in gold.values():
            tallies[kind] += Tally(gold=1)
        decided = [*gold, *example.rejected]
        for mention in recognition.mentions:
            kind = _KIND_OF_MENTION[mention.kind]
            span = (mention.start, mention.end)
            if not any(s < span[1] and span[0] < e for s, e in decided):
                continue
            right = gold.get(span) == kind
            tallies[kind] += Tally(predicted=1, recalled=int(right), precise=int(right))
    return tallies


def _sentence_tally(
    examples: tuple[Example, ...],
    language: str,
    trained: TrainedModels | None,
    *,
    claims: bool,
) -> Tally:
    """Decided acts (or, with ``claims``, decided claims) the rules proposed and the
    classifier keeps."""
    folder = None if trained is None else trained.acts.get(language)
    tally = Tally()
    for example in examples:
        decided = [(code, ok) for code, ok in example.acts if (code == CLAIM) == claims]
        if not decided:
            continue
        kept = {code for code, _ in decided}
        if folder is not None:
            # The classifier judges the whole example, as it was taught: one sentence.
            found = [{"type": code, "start": 0, "end": len(example.text)} for code, _ in decided]
            kept = {act["type"] for act in classify_acts(folder, example.text, [0], found)}
        for code, accepted in decided:
            predicted = code in kept
            right = predicted and accepted
            tally += Tally(
                gold=int(accepted),
                predicted=int(predicted),
                recalled=int(right),
                precise=int(right),
            )
    return tally


def _party_tally(
    examples: tuple[Example, ...], language: str, trained: TrainedModels | None
) -> Tally:
    """Decided parties the rules proposed and the party classifier keeps."""
    folder = None if trained is None else trained.parties.get(language)
    decided = [
        (example.text, start, end, role, kept)
        for example in examples
        for start, end, role, kept in example.parties
    ]
    scores: list[float | None] = [None] * len(decided)
    if folder is not None and decided:
        scores = score_parties(folder, [(text, s, e, role) for text, s, e, role, _ in decided])
    tally = Tally()
    for (*_, kept), score in zip(decided, scores, strict=True):
        predicted = score is None or score >= PARTY_THRESHOLD
        right = predicted and kept
        tally += Tally(
            gold=int(kept), predicted=int(predicted), recalled=int(right), precise=int(right)
        )
    return tally


def score_held_out(
    examples: tuple[Example, ...], language: str, trained: TrainedModels | None
) -> dict[str, Tally]:
    """Tallies per kind of the held-out ``examples`` read with ``trained`` (None: shipped)."""
    tallies = _entity_tallies(examples, language, trained)
    tallies["acts"] = _sentence_tally(examples, language, trained, claims=False)
    tallies["claims"] = _sentence_tally(examples, language, trained, claims=True)
    tallies["parties"] = _party_tally(examples, language, trained)
    return tallies


def figures(tallies: Mapping[str, Tally]) -> dict[str, dict[str, Any]]:
    """Tallies as stored in a manifest and printed."""
    return {
        kind: {
            "precision": round(tally.precision, 4),
            "recall": round(tally.recall, 4),
            "f1": round(tally.f1, 4),
            "gold": tally.gold,
            "predicted": tally.predicted,
        }
        for kind, tally in tallies.items()
    }
