"""Proposals: findings of extraction kept until a person accepts, edits or rejects each one.

A decision is logged in the chain of custody with who made it and why, and an accepted finding
becomes a record whose values cite the words they were found in.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, RowMapping, insert, select, update

from docket.db.engine import reading, writing
from docket.db.schema import proposals
from docket.errors import DocketError
from docket.evidence.custody import utc_now

if TYPE_CHECKING:
    from docket.archive import Archive
    from docket.records import Viewer

ACCEPTED = "proposal_accepted"
REJECTED = "proposal_rejected"

# Extraction spells organisation the American way; record types use the British spelling.
_RECORD_TYPES = {
    "person": "person",
    "organization": "organisation",
    "place": "place",
    "act": "act",
    "intervention": "intervention",
}


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
        if self.kind in ("act", "intervention"):
            return int(self.payload["start"]), int(self.payload["end"])
        first = self.payload["mentions"][0]
        return int(first["start"]), int(first["end"])

    @property
    def label(self) -> str:
        if self.kind in ("act", "intervention"):
            return str(self.payload.get("label") or self.payload.get("type"))
        return str(self.payload.get("name"))

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


def _normalised(text: object) -> str:
    return " ".join(unicodedata.normalize("NFC", str(text)).casefold().split())


def _fingerprint(kind: str, spans: list[tuple[int, int]], content: str) -> str:
    body = json.dumps([kind, sorted(spans), _normalised(content)], ensure_ascii=False)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _findings(document: Mapping[str, Any]) -> Iterator[tuple[str, dict[str, Any], str]]:
    """Each finding of an extraction as (kind, payload, fingerprint); malformed ones skipped."""
    for entity in document.get("entities") or []:
        if not isinstance(entity, dict) or entity.get("kind") not in _RECORD_TYPES:
            continue
        mentions = entity.get("mentions")
        if (
            not isinstance(mentions, list)
            or not mentions
            or not isinstance(entity.get("name"), str)
        ):
            continue
        spans = [(int(m["start"]), int(m["end"])) for m in mentions]
        yield entity["kind"], entity, _fingerprint(entity["kind"], spans, entity["name"])
    for section, kind in (("acts", "act"), ("interventions", "intervention")):
        for found in document.get(section) or []:
            if not isinstance(found, dict) or not isinstance(found.get("type"), str):
                continue
            span = (int(found["start"]), int(found["end"]))
            yield kind, found, _fingerprint(kind, [span], found["type"])


def store_proposals(archive: Archive, item_id: int, document: Mapping[str, Any]) -> int:
    """Keep the findings of one item's extraction for review; returns how many were new."""
    archive.get_item(item_id)
    try:
        findings = list(_findings(document))
    except (KeyError, TypeError, ValueError):
        raise DocketError(f"item {item_id}: the extraction has a finding without a span") from None
    with writing(archive.engine) as connection:
        known = set(
            connection.execute(
                select(proposals.c.fingerprint).where(proposals.c.item_id == item_id)
            ).scalars()
        )
        rows = []
        now = utc_now()
        for kind, payload, fingerprint in findings:
            if fingerprint in known:
                continue
            known.add(fingerprint)
            rows.append(
                {
                    "item_id": item_id,
                    "kind": kind,
                    "fingerprint": fingerprint,
                    "payload": json.dumps(payload, ensure_ascii=False, sort_keys=True),
                    "status": "pending",
                    "created_at": now,
                }
            )
        if rows:
            connection.execute(insert(proposals), rows)
    return len(rows)


def _proposal(row: RowMapping) -> Proposal:
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


def _load(connection: Connection, proposal_id: int) -> Proposal:
    row = (
        connection.execute(select(proposals).where(proposals.c.id == proposal_id))
        .mappings()
        .first()
    )
    if row is None:
        raise ProposalNotFound(f"no proposal {proposal_id}")
    return _proposal(row)


def get(archive: Archive, proposal_id: int) -> Proposal:
    with reading(archive.engine) as connection:
        return _load(connection, proposal_id)


def pending(archive: Archive, limit: int = 50) -> list[Proposal]:
    """The oldest proposals still waiting for a decision."""
    if limit < 1:
        raise DocketError(f"the limit must be at least 1, not {limit}")
    with reading(archive.engine) as connection:
        rows = connection.execute(
            select(proposals)
            .where(proposals.c.status == "pending")
            .order_by(proposals.c.id)
            .limit(limit)
        ).mappings()
        return [_proposal(row) for row in rows]


def passage(archive: Archive, proposal: Proposal, context: int = 160) -> tuple[str, str, str]:
    """The words before the finding, the finding itself and the words after, from its item."""
    text = archive.text(proposal.item_id)
    start, end = proposal.span
    return text[max(0, start - context) : start], text[start:end], text[end : end + context]


def _cited(item_id: int, start: int, end: int) -> dict[str, int]:
    return {"item": item_id, "start": start, "end": end}


def _fields(proposal: Proposal) -> dict[str, Any]:
    payload, item = proposal.payload, proposal.item_id
    if proposal.kind in ("act", "intervention"):
        code = {
            "value": payload["type"],
            "citations": [_cited(item, payload["start"], payload["end"])],
        }
        if proposal.kind == "act":
            return {"violation": code, "status": "alleged"}
        fields: dict[str, Any] = {"kind": code}
        response = payload.get("response")
        if isinstance(response, dict):
            fields["response"] = {
                "value": response["code"],
                "citations": [_cited(item, response["start"], response["end"])],
            }
        return fields
    citations = [_cited(item, m["start"], m["end"]) for m in payload["mentions"]]
    return {"name": {"value": payload["name"], "citations": citations}}


def _require_pending(proposal: Proposal) -> None:
    if proposal.status != "pending":
        raise ProposalDecided(
            f"proposal {proposal.id} was already {proposal.status} by {proposal.decided_by} "
            f"at {proposal.decided_at}"
        )


def _decide(
    archive: Archive,
    proposal: Proposal,
    values: dict[str, Any],
    action: str,
    payload: dict[str, Any],
) -> None:
    with writing(archive.engine) as connection:
        changed = connection.execute(
            update(proposals)
            .where(proposals.c.id == proposal.id, proposals.c.status == "pending")
            .values(values)
        )
        if changed.rowcount != 1:
            _require_pending(_load(connection, proposal.id))
        archive.custody.append(connection, action, f"proposal:{proposal.id}", payload)
    archive.checkpoint()


def accept(
    archive: Archive,
    proposal_id: int,
    viewer: Viewer,
    edits: Mapping[str, Any] | None = None,
) -> int:
    """Turn a proposal into a record, with ``edits`` replacing whole fields; the record's id.

    An act needs its victims and an intervention who made it: extraction does not tell them,
    so those proposals are accepted with edits that give them.
    """
    proposal = get(archive, proposal_id)
    _require_pending(proposal)
    fields = _fields(proposal)
    fields.update(edits or {})
    record = archive.records.create(
        _RECORD_TYPES[proposal.kind],
        fields,
        viewer,
        reason=f"accepted proposal {proposal.id} from item {proposal.item_id}",
    )
    status = "edited" if edits else "accepted"
    _decide(
        archive,
        proposal,
        {
            "status": status,
            "decided_by": viewer.name,
            "decided_at": utc_now(),
            "record_id": record.id,
        },
        ACCEPTED,
        {
            "proposal": proposal.id,
            "item": proposal.item_id,
            "kind": proposal.kind,
            "record": record.id,
            "status": status,
            "edited_fields": sorted(edits or {}),
        },
    )
    return record.id


def reject(archive: Archive, proposal_id: int, viewer: Viewer, reason: str) -> None:
    """Mark a proposal as wrong, with why; nothing is created."""
    why = " ".join(reason.split()) if isinstance(reason, str) else ""
    if not why:
        raise DocketError("a rejection needs a reason (--reason)")
    proposal = get(archive, proposal_id)
    _require_pending(proposal)
    _decide(
        archive,
        proposal,
        {
            "status": "rejected",
            "decided_by": viewer.name,
            "decided_at": utc_now(),
            "reason": why,
        },
        REJECTED,
        {"proposal": proposal.id, "item": proposal.item_id, "kind": proposal.kind, "reason": why},
    )
