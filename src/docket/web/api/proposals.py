"""Proposals over the API: the review queue for scripts and the pages' own code.

Only editors and admins review. A proposal read in an item above the caller's clearance does not
exist for them: it is absent from the list and its count, and asking for it by id is a 404 with
the same words as for a proposal that never existed.
"""

from __future__ import annotations

from typing import Annotated, Any, Final, Literal

from fastapi import APIRouter, HTTPException, Query
from pydantic import BaseModel, Field

from docket.door import Door
from docket.face import Proposal, record_type_of, required_edits
from docket.model.access import WRITERS
from docket.web.auth import Signed, scoped
from docket.web.ids import ProposalId

router = APIRouter(prefix="/api", tags=["proposals"])

MAX_PAGE: Final = 200
# Ids beyond what a database integer column holds (32 bits on PostgreSQL) are refused as
# invalid input, not looked up.
REVIEWERS_ONLY: Final = "Only editors and admins review proposals."


class Problem(BaseModel):
    detail: str


class ProposalOut(BaseModel):
    id: int
    item: int
    kind: str
    label: str
    payload: dict[str, Any]
    status: str
    decided_by: str | None
    decided_at: str | None
    reason: str | None
    record: int | None
    created_at: str


class Passage(BaseModel):
    before: str
    finding: str
    after: str


class ProposalDetail(ProposalOut):
    passage: Passage
    record_type: str
    required_edits: list[str]
    draft: dict[str, Any] = Field(
        description="Every value accepting keeps, each with the words it cites; the records "
        "an entity may already be (matches), and the types it can be accepted as (retypes)."
    )


class ProposalPage(BaseModel):
    total: int
    limit: int
    offset: int
    proposals: list[ProposalOut]


class AcceptBody(BaseModel):
    edits: dict[str, Any] = Field(
        default_factory=dict,
        description="Record fields replacing what the finding proposes (null leaves one out); "
        'a value may carry "citations" ([{item, start, end}] in the proposal\'s item); a '
        'reference value {"new": {"type": ..., "fields": {...}}} creates that record too.',
    )
    as_type: str | None = Field(
        default=None, description="Accept as another type: one of the draft's retypes."
    )
    into: int | Literal["new"] | None = Field(
        default=None,
        description='The record an entity is added to, or "new" for a new record even when '
        "the archive has the name.",
    )
    as_reported: bool = Field(
        default=False,
        description="Date an undated finding by the day its item was published, marked as a "
        "reporting date (the draft's reported).",
    )


class RejectBody(BaseModel):
    reason: str = Field(min_length=1, max_length=1000)


class Accepted(BaseModel):
    proposal: ProposalOut
    record: int


def _reviewer(caller: Signed) -> Door:
    """The caller's door, if they review: a proposal they may not see is then "not found"."""
    if caller.viewer.role not in WRITERS:
        raise HTTPException(403, REVIEWERS_ONLY)
    return caller.door


def _out(proposal: Proposal) -> ProposalOut:
    return ProposalOut.model_validate(proposal.to_json())


ERRORS: Final[dict[int | str, dict[str, Any]]] = {
    401: {"model": Problem, "description": "Not signed in and no valid token."},
    403: {"model": Problem, "description": "Not a reviewer, or the token lacks the scope."},
}
ONE_ERRORS: Final[dict[int | str, dict[str, Any]]] = {
    **ERRORS,
    404: {"model": Problem, "description": "No such proposal, or one the caller may not see."},
}
DECISION_ERRORS: Final[dict[int | str, dict[str, Any]]] = {
    **ONE_ERRORS,
    400: {"model": Problem, "description": "The edits do not make a valid record."},
    409: {"model": Problem, "description": "The proposal was already decided."},
}


@router.get("/proposals", response_model=ProposalPage, responses=ERRORS)
def list_proposals(
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    caller: Signed = scoped("read"),
) -> ProposalPage:
    """Proposals waiting for review, oldest first, from items the caller may see."""
    door = _reviewer(caller)
    return ProposalPage(
        total=door.proposals.count_pending(),
        limit=limit,
        offset=offset,
        proposals=[_out(p) for p in door.proposals.pending(limit, offset=offset)],
    )


@router.get("/proposals/{proposal_id}", response_model=ProposalDetail, responses=ONE_ERRORS)
def get_proposal(
    proposal_id: ProposalId,
    caller: Signed = scoped("read"),
) -> ProposalDetail:
    """One proposal with the passage it was found in and the fields accepting it needs."""
    door = _reviewer(caller)
    proposal = door.proposals.get(proposal_id)
    before, finding, after = door.proposals.passage(proposal)
    return ProposalDetail(
        **proposal.to_json(),
        passage=Passage(before=before, finding=finding, after=after),
        record_type=record_type_of(proposal).name,
        required_edits=required_edits(proposal),
        draft=door.proposals.draft(proposal).to_json(),
    )


@router.post("/proposals/{proposal_id}/accept", response_model=Accepted, responses=DECISION_ERRORS)
def accept_proposal(
    proposal_id: ProposalId,
    body: AcceptBody,
    caller: Signed = scoped("write"),
) -> Accepted:
    """Accept a proposal as its draft stands, with edits replacing whole fields; returns the
    record's id (a new one, or the one an entity was added to)."""
    door = _reviewer(caller)
    proposal = door.proposals.get(proposal_id)
    # A decided proposal (409), a bad edit (400) or a missing record (404): the app's handlers.
    record = door.proposals.accept(
        proposal.id,
        body.edits or None,
        as_type=body.as_type,
        into=body.into,
        as_reported=body.as_reported,
    )
    return Accepted(proposal=_out(door.proposals.get(proposal.id)), record=record)


@router.post(
    "/proposals/{proposal_id}/reject", response_model=ProposalOut, responses=DECISION_ERRORS
)
def reject_proposal(
    proposal_id: ProposalId,
    body: RejectBody,
    caller: Signed = scoped("write"),
) -> ProposalOut:
    """Reject a proposal with the reason it is wrong; nothing is created."""
    door = _reviewer(caller)
    proposal = door.proposals.get(proposal_id)
    door.proposals.reject(proposal.id, body.reason)
    return _out(door.proposals.get(proposal.id))
