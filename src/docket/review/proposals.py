"""Proposals: findings of extraction kept until a person accepts, edits or rejects each one.

A decision is logged in the chain of custody with who made it and why, and an accepted finding
becomes a record whose values cite the words they were found in. A proposal shows the words of
its item, so it is exactly as confidential as the item: ``ProposalStore`` reads and decides on
behalf of one viewer, for whom proposals of hidden items do not exist.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any

from sqlalchemy import Connection, Select, func, insert, select

from docket.db.engine import reading, writing
from docket.db.schema import items, proposals
from docket.errors import DocketError
from docket.evidence.custody import utc_now
from docket.evidence.sealing import SEALED, seal
from docket.items import ItemStore
from docket.kernel import Kernel
from docket.model.access import Viewer
from docket.model.record_types import RecordType, load_record_types
from docket.records import RecordStore
from docket.review.accepting import ACCEPTED, accept_draft
from docket.review.drafts import (
    ENTITY_KINDS,
    RECORD_TYPES,
    Directory,
    Draft,
    Known,
    build_draft,
    stored_names,
)
from docket.review.found import (
    Proposal,
    ProposalDecided,
    ProposalNotFound,
    claim,
    document_date,
    load,
    proposal_of,
    published_date,
    require_pending,
)

__all__ = [
    "ACCEPTED",
    "REJECTED",
    "STORED",
    "Proposal",
    "ProposalDecided",
    "ProposalNotFound",
    "ProposalStore",
    "record_type_of",
    "required_edits",
]

REJECTED = "proposal_rejected"
STORED = "proposals_stored"

# The kind of finding an entity retyped as this record type would have been.
_ENTITY_KIND_OF = {"person": "person", "organisation": "organization"}

# Where an extraction document lists each kind of finding that is not an entity.
_SECTIONS = (("acts", "act"), ("interventions", "intervention"), ("claims", "claim"))


def _normalised(text: object) -> str:
    return " ".join(unicodedata.normalize("NFC", str(text)).casefold().split())


def _digest(key: tuple[object, ...]) -> str:
    body = json.dumps(key, ensure_ascii=False)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _spans_of(kind: str, payload: Mapping[str, Any]) -> list[tuple[int, int]]:
    if kind not in ENTITY_KINDS:
        return [(int(payload["start"]), int(payload["end"]))]
    return [(int(m["start"]), int(m["end"])) for m in payload["mentions"]]


def _keys(kind: str, payload: Mapping[str, Any], text: str) -> list[str]:
    """What describes a finding, whatever run or model found it; the first is its fingerprint.

    A finding is the same finding when it says the same of the same words: its kind and what it
    is (an act's type, an entity's name) with the words at its span, or the same words found
    at another place once the span moved (the nth time those words occur in the item). Scores,
    labels and any other part of the payload are left out: a new model version changes them.
    """
    spans = _spans_of(kind, payload)
    if kind not in ENTITY_KINDS:
        what = _normalised(payload["type"])
        start, end = spans[0]
        words = text[start:end]
        keys = [_digest((kind, what, start, end, _normalised(words)))]
        if words.strip():
            nth = text.count(words, 0, start)
            keys.append(_digest((kind, what, "words", _normalised(words), nth)))
        return keys
    keys = [_digest((kind, "name", _normalised(payload["name"])))]
    keys.extend(
        _digest((kind, "mention", start, end, _normalised(text[start:end]))) for start, end in spans
    )
    return keys


def _findings(document: Mapping[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each finding of an extraction as (kind, payload); malformed ones skipped."""
    for entity in document.get("entities") or []:
        if not isinstance(entity, dict) or entity.get("kind") not in ENTITY_KINDS:
            continue
        mentions = entity.get("mentions")
        if (
            not isinstance(mentions, list)
            or not mentions
            or not isinstance(entity.get("name"), str)
        ):
            continue
        yield entity["kind"], entity
    for section, kind in _SECTIONS:
        for found in document.get(section) or []:
            if not isinstance(found, dict) or not isinstance(found.get("type"), str):
                continue
            yield kind, found


def _known_keys(connection: Connection, item_id: int, text: str) -> set[str]:
    """The keys of every proposal of the item, pending or decided, and their fingerprints."""
    known: set[str] = set()
    rows = connection.execute(
        select(proposals.c.kind, proposals.c.payload, proposals.c.fingerprint).where(
            proposals.c.item_id == item_id
        )
    )
    for kind, payload, fingerprint in rows:
        known.add(fingerprint)
        try:
            known.update(_keys(kind, json.loads(payload), text))
        except (KeyError, TypeError, ValueError):
            continue
    return known


def _store(
    kernel: Kernel, item_id: int, document: Mapping[str, Any], actor: str, job: int | None
) -> int:
    text = kernel.text(item_id)
    try:
        findings = [
            (kind, payload, _keys(kind, payload, text)) for kind, payload in _findings(document)
        ]
    except (KeyError, TypeError, ValueError):
        raise DocketError(f"item {item_id}: the extraction has a finding without a span") from None
    with writing(kernel.engine) as connection:
        # A finding decided once stays decided: it is compared with every proposal of the item.
        known = _known_keys(connection, item_id, text)
        rows = []
        now = utc_now()
        for kind, payload, keys in findings:
            if known.intersection(keys):
                continue
            known.update(keys)
            rows.append(
                {
                    "item_id": item_id,
                    "kind": kind,
                    "fingerprint": keys[0],
                    "payload": json.dumps(payload, ensure_ascii=False, sort_keys=True),
                    "status": "pending",
                    "created_at": now,
                }
            )
        if rows:
            connection.execute(insert(proposals), rows)
            fresh = {row["fingerprint"] for row in rows}
            ids = [
                row.id
                for row in connection.execute(
                    select(proposals.c.id, proposals.c.fingerprint).where(
                        proposals.c.item_id == item_id
                    )
                )
                if row.fingerprint in fresh
            ]
            # Decisions are held to the chain of custody from the moment a finding is kept.
            entry: dict[str, Any] = {
                "item": item_id,
                "count": len(ids),
                SEALED: seal(connection, "proposals", ids),
            }
            if job is not None:
                # A job run again after a kill counts what it kept from this entry.
                entry["job"] = job
            kernel.custody.append(connection, STORED, f"proposals:{item_id}", entry, actor=actor)
    return len(rows)


def _pending_query(viewer: Viewer) -> Select[Any]:
    return (
        select(proposals)
        .join(items, items.c.id == proposals.c.item_id)
        .where(
            proposals.c.status == "pending",
            viewer.visibility.clause(items.c.confidentiality),
        )
    )


def record_type_of(proposal: Proposal) -> RecordType:
    """The type of record accepting ``proposal`` creates (unless the reviewer retypes it)."""
    return load_record_types().get(RECORD_TYPES[proposal.kind])


def _required(record_type: RecordType) -> dict[str, bool]:
    required = {name: spec.required for name, spec in record_type.fields.items()}
    for group in record_type.required_any:
        required.setdefault(group[0], True)
        required[group[0]] = required[group[0]] or not any(required.get(n) for n in group)
    return required


def required_edits(proposal: Proposal) -> list[str]:
    """The record fields a reviewer must still give before ``accept`` can succeed.

    What the finding names (an act's victim, an intervention's author) is proposed; what it
    does not name, a person picks.
    """
    draft = build_draft(
        proposal.id,
        proposal.item_id,
        proposal.kind,
        proposal.payload,
        directory=None,
        reference=None,
        required=_required(record_type_of(proposal)),
    )
    return list(draft.missing)


def _directory(kernel: Kernel, viewer: Viewer, item_id: int) -> Directory:
    """The records a draft may point at: those the viewer sees, by their names."""
    facts = RecordStore(kernel, viewer).facts(
        {"person": ["name"], "organisation": ["name"], "place": ["name"]}
    )
    known = [
        Known(
            record_id,
            found.type,
            tuple(text for raw, _, _ in found.fields.get("name", []) for text in stored_names(raw)),
        )
        for record_id, found in facts.items()
    ]
    accepted: dict[str, int] = {}
    with reading(kernel.engine) as connection:
        rows = connection.execute(
            select(proposals.c.payload, proposals.c.record_id).where(
                proposals.c.item_id == item_id,
                proposals.c.kind.in_(ENTITY_KINDS),
                proposals.c.record_id.is_not(None),
            )
        )
        # An entity of the same item accepted before is what its name means in this item.
        for payload, record_id in rows:
            name = json.loads(payload).get("name")
            if isinstance(name, str):
                accepted[name.casefold()] = int(record_id)
    return Directory(known, kernel.archive_id, accepted)


def _draft(kernel: Kernel, viewer: Viewer, proposal: Proposal) -> Draft:
    with reading(kernel.engine) as connection:
        reference = document_date(connection, proposal.item_id)
        published = published_date(connection, proposal.item_id)
    return build_draft(
        proposal.id,
        proposal.item_id,
        proposal.kind,
        proposal.payload,
        directory=_directory(kernel, viewer, proposal.item_id),
        reference=reference,
        required=_required(record_type_of(proposal)),
        published=published,
    )


def _suggested_edits(draft: Draft) -> dict[str, str]:
    """Each reference the draft proposes, typed as a reviewer would type it (``#12`` or a
    name for a new record); several are separated by commas."""
    suggestions: dict[str, list[str]] = {}
    for value in draft.values:
        if value.ref is not None:
            suggestions.setdefault(value.field, []).append(f"#{value.ref}")
        elif value.is_new:
            suggestions.setdefault(value.field, []).append(value.shown)
    return {name: ", ".join(found) for name, found in suggestions.items()}


def _reject(kernel: Kernel, proposal: Proposal, viewer: Viewer, reason: str) -> None:
    why = " ".join(reason.split()) if isinstance(reason, str) else ""
    if not why:
        raise DocketError("a rejection needs a reason (--reason)")
    require_pending(proposal)
    with writing(kernel.engine) as connection:
        claim(
            connection,
            proposal,
            {
                "status": "rejected",
                "decided_by": viewer.name,
                "decided_at": utc_now(),
                "reason": why,
            },
        )
        kernel.custody.append(
            connection,
            REJECTED,
            f"proposal:{proposal.id}",
            {
                "proposal": proposal.id,
                "item": proposal.item_id,
                "kind": proposal.kind,
                "reason": why,
                SEALED: seal(connection, "proposals", [proposal.id]),
            },
            actor=viewer.name,
        )
    kernel.checkpoint()


class ProposalStore:
    """Proposals read and decided on behalf of one viewer."""

    def __init__(self, kernel: Kernel, viewer: Viewer) -> None:
        self.kernel = kernel
        self.viewer = viewer

    def store(self, item_id: int, document: Mapping[str, Any], *, job: int | None = None) -> int:
        """Keep the findings of one item's extraction for review; returns how many were new.
        ``job``, the job that keeps them, is named in their custody entry."""
        self.viewer.require_writer()
        ItemStore(self.kernel, self.viewer).get(item_id)
        return _store(self.kernel, item_id, document, self.viewer.name, job)

    def get(self, proposal_id: int) -> Proposal:
        with reading(self.kernel.engine) as connection:
            return load(connection, proposal_id, self.viewer)

    def pending(self, limit: int = 50, *, offset: int = 0) -> list[Proposal]:
        """The oldest proposals still waiting for a decision, skipping the first ``offset``."""
        if limit < 1:
            raise DocketError(f"the limit must be at least 1, not {limit}")
        if offset < 0:
            raise DocketError(f"the offset cannot be negative, not {offset}")
        with reading(self.kernel.engine) as connection:
            rows = connection.execute(
                _pending_query(self.viewer).order_by(proposals.c.id).limit(limit).offset(offset)
            ).mappings()
            return [proposal_of(row) for row in rows]

    def count_pending(self) -> int:
        """How many proposals wait for a decision."""
        with reading(self.kernel.engine) as connection:
            query = select(func.count()).select_from(_pending_query(self.viewer).subquery())
            return int(connection.execute(query).scalar_one())

    def passage(self, proposal: Proposal, context: int = 160) -> tuple[str, str, str]:
        """The words before the finding, the finding itself and the words after."""
        text = ItemStore(self.kernel, self.viewer).text(proposal.item_id)
        start, end = proposal.span
        return text[max(0, start - context) : start], text[start:end], text[end : end + context]

    def draft(self, proposal: Proposal) -> Draft:
        """Every value accepting ``proposal`` would keep, each with the words it cites."""
        return _draft(self.kernel, self.viewer, proposal)

    def suggested_edits(self, proposal: Proposal) -> dict[str, str]:
        """The references the draft proposes, typed as a reviewer would type them."""
        return _suggested_edits(self.draft(proposal))

    def accept(
        self,
        proposal_id: int,
        edits: Mapping[str, Any] | None = None,
        *,
        as_type: str | None = None,
        into: int | str | None = None,
        as_reported: bool = False,
    ) -> int:
        """Accept a proposal as its draft says, with the reviewer's ``edits``; the record's id.

        ``edits`` replace whole fields (None or [] leaves a field out); each value may carry
        ``citations`` the reviewer selected in the proposal's item, else it cites what the
        draft cited for the field or the finding itself. A reference is a record id or a new
        record (``{"new": {"type", "fields"}}`` or a name); an act's ``perpetrator`` (with its
        ``degree``) becomes an involvement record. ``as_type`` retypes the proposal (see the
        draft's ``retypes``). An entity that names exactly one record is added to it; ``into``
        names the record to add to when several could be meant, or ``"new"``. ``as_reported``
        dates an undated finding by the day its item was published, marked as a reporting
        date (the draft's ``reported``). Everything is
        one transaction, and the custody entry lists what was kept, edited, created and left
        out; the record is as confidential as the item the finding was read in.
        """
        self.viewer.require_writer()
        proposal = self.get(proposal_id)
        require_pending(proposal)
        draft = self.draft(proposal)
        retyped = None
        kind = _ENTITY_KIND_OF.get(as_type or "")
        if proposal.kind in ENTITY_KINDS and kind is not None and kind != proposal.kind:
            retyped = self.draft(replace(proposal, kind=kind))
        text = ItemStore(self.kernel, self.viewer).text(proposal.item_id)
        return accept_draft(
            self.kernel,
            self.viewer,
            proposal,
            draft,
            text,
            edits,
            as_type=as_type,
            into=into,
            as_reported=as_reported,
            retyped=retyped,
        )

    def reject(self, proposal_id: int, reason: str) -> None:
        """Mark a proposal as wrong, with why; nothing is created."""
        self.viewer.require_writer()
        _reject(self.kernel, self.get(proposal_id), self.viewer, reason)
