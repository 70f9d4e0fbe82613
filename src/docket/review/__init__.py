"""Review of what extraction proposes: each finding is accepted into a record or rejected."""

from __future__ import annotations

from docket.review.proposals import (
    Proposal,
    ProposalDecided,
    ProposalNotFound,
    accept,
    count_pending,
    get,
    passage,
    pending,
    record_type_of,
    reject,
    required_edits,
    store_proposals,
    suggested_edits,
)

__all__ = [
    "Proposal",
    "ProposalDecided",
    "ProposalNotFound",
    "accept",
    "count_pending",
    "get",
    "passage",
    "pending",
    "record_type_of",
    "reject",
    "required_edits",
    "store_proposals",
    "suggested_edits",
]
