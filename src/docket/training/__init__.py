"""Learning from review decisions: training data, fine-tuned pipelines and their versions."""

from __future__ import annotations

from docket.training.data import Decisions, Example, TrainingSet
from docket.training.exemplars import accepted_act_examples
from docket.training.models import (
    ModelRefused,
    ModelStore,
    ModelVersion,
    TrainingResult,
    trained_for,
)

__all__ = [
    "Decisions",
    "Example",
    "ModelRefused",
    "ModelStore",
    "ModelVersion",
    "TrainingResult",
    "TrainingSet",
    "accepted_act_examples",
    "trained_for",
]
