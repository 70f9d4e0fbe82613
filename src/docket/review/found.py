"""A proposal as stored, and the one-row steps every decision about it takes.

Deciding a proposal is a race: two reviewers may press accept at once. ``claim`` marks it decided
only while it is still pending, inside the decision's own transaction, so one of them wins and
the other is told who decided first.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, RowMapping, select, update

from docket.db.schema import items, proposals
from docket.errors import DocketError
from docket.model.access import Viewer
from docket.review.drafts import ENTITY_KINDS, finding_span


class ProposalNotFound(DocketError):
    """No proposal with that id."""


class ProposalDecided(DocketError):
    """The proposal was already accepted or rejected."""


@dataclass(frozen=True)
class Proposal:
    """One finding of extraction and the decision about it, if any."""

    id: int
    item_id: int
    kind: str
    payload: dict[str, Any]
    status: str
    decided_by: str | None
    decided_at: str | None
    reason: str | None
    record_id: int | None
    created_at: str

    @property
    def span(self) -> tuple[int, int]:
        """The words a reviewer should read: the finding, or an entity's first mention."""
        return finding_span(self.kind, self.payload)

    @property
    def label(self) -> str:
        if self.kind in ENTITY_KINDS:
            return str(self.payload.get("name"))
        if self.kind == "claim":
            statement = self.payload.get("statement")
            if isinstance(statement, dict) and isinstance(statement.get("text"), str):
                return str(statement["text"])
            return "claim"
        return str(self.payload.get("label") or self.payload.get("type"))

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "item": self.item_id,
            "kind": self.kind,
            "label": self.label,
            "payload": self.payload,
            "status": self.status,
            "decided_by": self.decided_by,
            "decided_at": self.decided_at,
            "reason": self.reason,
            "record": self.record_id,
            "created_at": self.created_at,
        }


def proposal_of(row: RowMapping) -> Proposal:
    return Proposal(
        id=row["id"],
        item_id=row["item_id"],
        kind=row["kind"],
        payload=json.loads(row["payload"]),
        status=row["status"],
        decided_by=row["decided_by"],
        decided_at=row["decided_at"],
        reason=row["reason"],
        record_id=row["record_id"],
        created_at=row["created_at"],
    )


def load(connection: Connection, proposal_id: int, viewer: Viewer) -> Proposal:
    # Ids are 32-bit columns: a larger number names nothing, and the engines refuse to compare.
    if isinstance(proposal_id, bool) or not isinstance(proposal_id, int) or proposal_id > 2**31 - 1:
        raise ProposalNotFound(f"no proposal {proposal_id}")
    row = (
        connection.execute(
            select(proposals)
            .join(items, items.c.id == proposals.c.item_id)
            .where(
                proposals.c.id == proposal_id,
                viewer.visibility.clause(items.c.confidentiality),
            )
        )
        .mappings()
        .first()
    )
    if row is None:
        raise ProposalNotFound(f"no proposal {proposal_id}")
    return proposal_of(row)


def require_pending(proposal: Proposal) -> None:
    if proposal.status != "pending":
        raise ProposalDecided(
            f"proposal {proposal.id} was already {proposal.status} by {proposal.decided_by} "
            f"at {proposal.decided_at}"
        )


def claim(connection: Connection, proposal: Proposal, values: dict[str, Any]) -> None:
    """Mark the proposal decided, unless someone decided it first (then ProposalDecided)."""
    changed = connection.execute(
        update(proposals)
        .where(proposals.c.id == proposal.id, proposals.c.status == "pending")
        .values(values)
    )
    if changed.rowcount != 1:
        row = connection.execute(select(proposals).where(proposals.c.id == proposal.id))
        require_pending(proposal_of(row.mappings().one()))


def document_date(connection: Connection, item_id: int) -> date | None:
    """The day the item speaks from (published, else collected), as extraction reads it."""
    row = connection.execute(
        select(items.c.published, items.c.collected_at).where(items.c.id == item_id)
    ).first()
    for value in row or ():
        try:
            return date.fromisoformat(str(value)[:10])
        except ValueError:
            continue
    return None


def published_date(connection: Connection, item_id: int) -> date | None:
    """The day the item was published, if it says."""
    value = connection.execute(select(items.c.published).where(items.c.id == item_id)).scalar()
    try:
        return None if value is None else date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def item_level(connection: Connection, item_id: int) -> str:
    level = connection.execute(
        select(items.c.confidentiality).where(items.c.id == item_id)
    ).scalar()
    return str(level or "public")
