"""Review of what extraction proposes: each finding is accepted into a record or rejected."""

from __future__ import annotations

from docket.review.assignments import InvalidAssignment
from docket.review.drafts import Alternative, Draft, DraftValue
from docket.review.proposals import (
    Proposal,
    ProposalDecided,
    ProposalNotFound,
    ProposalStore,
    record_type_of,
    required_edits,
)

__all__ = [
    "Alternative",
    "Draft",
    "DraftValue",
    "InvalidAssignment",
    "Proposal",
    "ProposalDecided",
    "ProposalNotFound",
    "ProposalStore",
    "record_type_of",
    "required_edits",
]
