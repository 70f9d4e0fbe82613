"""Record linkage: the same person, organisation, place or event across sources, scripts and
spellings, scored with Splink and kept as identities (clusters of records), never as merges."""

from docket.linkage.base import KINDS, LinkageError
from docket.linkage.identities import AlsoRecorded, IdentitySummary, IdentityView
from docket.linkage.model import ENGINES, EngineUnavailable
from docket.linkage.review import Judgement, ReviewPair
from docket.linkage.store import Linkage, LinkOutcome

__all__ = [
    "ENGINES",
    "KINDS",
    "AlsoRecorded",
    "EngineUnavailable",
    "IdentitySummary",
    "IdentityView",
    "Judgement",
    "LinkOutcome",
    "Linkage",
    "LinkageError",
    "ReviewPair",
]
