"""Review of what extraction proposes: each finding is accepted into a record or rejected."""

from __future__ import annotations

from docket.review.proposals import (
    Proposal,
    ProposalDecided,
    ProposalNotFound,
    accept,
    get,
    passage,
    pending,
    reject,
    store_proposals,
)

__all__ = [
    "Proposal",
    "ProposalDecided",
    "ProposalNotFound",
    "accept",
    "get",
    "passage",
    "pending",
    "reject",
    "store_proposals",
]
