"""Record linkage: the same person, organisation, place or event across sources, scripts and
spellings, scored with Splink and kept as identities (clusters of records), never as merges."""

from docket.linkage.model import ENGINES, EngineUnavailable
from docket.linkage.store import (
    KINDS,
    AlsoRecorded,
    IdentityView,
    Judgement,
    Linkage,
    LinkageError,
    LinkOutcome,
    ReviewPair,
)

__all__ = [
    "ENGINES",
    "KINDS",
    "AlsoRecorded",
    "EngineUnavailable",
    "IdentityView",
    "Judgement",
    "LinkOutcome",
    "Linkage",
    "LinkageError",
    "ReviewPair",
]
