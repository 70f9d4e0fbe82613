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
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, RowMapping, Select, func, insert, select, update

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

ACCEPTED = "proposal_accepted"
REJECTED = "proposal_rejected"
STORED = "proposals_stored"

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


def _digest(key: tuple[object, ...]) -> str:
    body = json.dumps(key, ensure_ascii=False)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _spans_of(kind: str, payload: Mapping[str, Any]) -> list[tuple[int, int]]:
    if kind in ("act", "intervention"):
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
    if kind in ("act", "intervention"):
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
        if not isinstance(entity, dict) or entity.get("kind") not in _RECORD_TYPES:
            continue
        mentions = entity.get("mentions")
        if (
            not isinstance(mentions, list)
            or not mentions
            or not isinstance(entity.get("name"), str)
        ):
            continue
        yield entity["kind"], entity
    for section, kind in (("acts", "act"), ("interventions", "intervention")):
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


def _store(kernel: Kernel, item_id: int, document: Mapping[str, Any], actor: str) -> int:
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
            kernel.custody.append(
                connection,
                STORED,
                f"proposals:{item_id}",
                {"item": item_id, "count": len(ids), SEALED: seal(connection, "proposals", ids)},
                actor=actor,
            )
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


def _load(connection: Connection, proposal_id: int, viewer: Viewer) -> Proposal:
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
    return _proposal(row)


def _pending_query(viewer: Viewer) -> Select[Any]:
    return (
        select(proposals)
        .join(items, items.c.id == proposals.c.item_id)
        .where(
            proposals.c.status == "pending",
            viewer.visibility.clause(items.c.confidentiality),
        )
    )


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
    fields = {"name": {"value": payload["name"], "citations": citations}}
    role = payload.get("role")
    if proposal.kind == "person" and isinstance(role, dict) and role.get("text"):
        # "former head of the special services" is the position the source gave the person.
        fields["position"] = {
            "value": {"title": role["text"]},
            "citations": [_cited(item, role["start"], role["end"])],
        }
    return fields


def record_type_of(proposal: Proposal) -> RecordType:
    """The type of record accepting ``proposal`` creates."""
    return load_record_types().get(_RECORD_TYPES[proposal.kind])


def required_edits(proposal: Proposal) -> list[str]:
    """The record fields a reviewer must still give before ``accept`` can succeed.

    Extraction cites what a finding is (a violation, an intervention and its response) but not
    which record is its victim or who made it: those are references to records a person picks.
    """
    record_type = record_type_of(proposal)
    given = set(_fields(proposal))
    missing = [
        name for name, spec in record_type.fields.items() if spec.required and name not in given
    ]
    for group in record_type.required_any:
        if not given.intersection(group) and not set(missing).intersection(group):
            missing.append(group[0])
    return missing


# Who the finding names for each reference a reviewer must give: an act's victim, an
# intervention's author.
_PARTICIPANT_OF_FIELD = {("act", "victim"): "victim", ("intervention", "by"): "by"}


def _record_id_of(kernel: Kernel, archive_id: object) -> int | None:
    """The record id in a gazetteer link ``<archive id>/<record id>`` of this archive."""
    if not isinstance(archive_id, str):
        return None
    prefix, _, number = archive_id.rpartition("/")
    return int(number) if prefix == kernel.archive_id and number.isdigit() else None


def _suggested_edits(kernel: Kernel, proposal: Proposal) -> dict[str, str]:
    """Answers to offer for ``required_edits``, typed as a reviewer would type them.

    The participant extraction named: the record it was linked to (``#12``), else the record
    an accepted proposal for the same name in the same item became, else the name itself (a new
    record). Only a suggestion: the reviewer confirms or replaces it.
    """
    suggestions: dict[str, str] = {}
    for name in required_edits(proposal):
        role = _PARTICIPANT_OF_FIELD.get((proposal.kind, name))
        found = proposal.payload.get(role) if role else None
        if not isinstance(found, dict) or not isinstance(found.get("name"), str):
            continue
        record_id = _record_id_of(kernel, found.get("archive_id")) or _accepted_as(
            kernel, proposal.item_id, found["name"]
        )
        suggestions[name] = f"#{record_id}" if record_id is not None else found["name"]
    return suggestions


def _accepted_as(kernel: Kernel, item_id: int, name: str) -> int | None:
    with reading(kernel.engine) as connection:
        rows = connection.execute(
            select(proposals.c.payload, proposals.c.record_id).where(
                proposals.c.item_id == item_id,
                proposals.c.kind.in_(("person", "organization")),
                proposals.c.record_id.is_not(None),
            )
        )
        for payload, record_id in rows:
            if _normalised(json.loads(payload).get("name")) == _normalised(name):
                return int(record_id)
    return None


def _require_pending(proposal: Proposal) -> None:
    if proposal.status != "pending":
        raise ProposalDecided(
            f"proposal {proposal.id} was already {proposal.status} by {proposal.decided_by} "
            f"at {proposal.decided_at}"
        )


def _claim(connection: Connection, proposal: Proposal, values: dict[str, Any]) -> None:
    """Mark the proposal decided, unless someone decided it first (then ProposalDecided)."""
    changed = connection.execute(
        update(proposals)
        .where(proposals.c.id == proposal.id, proposals.c.status == "pending")
        .values(values)
    )
    if changed.rowcount != 1:
        row = connection.execute(select(proposals).where(proposals.c.id == proposal.id))
        _require_pending(_proposal(row.mappings().one()))


def _document_date(connection: Connection, item_id: int) -> date | None:
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


def _item_level(connection: Connection, item_id: int) -> str:
    level = connection.execute(
        select(items.c.confidentiality).where(items.c.id == item_id)
    ).scalar()
    return str(level or "public")


def _with_new_records(
    records: RecordStore,
    connection: Connection,
    edits: Mapping[str, Any],
    level: str,
    reason: str,
    day: date | None,
) -> dict[str, Any]:
    """``edits`` with each ``{"new": {...}}`` value replaced by a reference to a new record.

    A reviewer often names a victim the archive does not know yet; the record for that person
    is created in the same transaction as the accepted one, so both exist or neither does.
    """
    resolved: dict[str, Any] = {}
    for name, raw in edits.items():
        values = raw if isinstance(raw, list) else [raw]
        fixed = []
        for value in values:
            new = value.get("new") if isinstance(value, Mapping) else None
            if new is None:
                fixed.append(value)
                continue
            if not isinstance(new, Mapping) or not isinstance(new.get("type"), str):
                raise DocketError(f"{name}: a new record needs a type and its fields")
            record_id = records.create_in(
                connection,
                new["type"],
                new.get("fields") or {},
                confidentiality=level,
                reason=reason,
                reference=day,
            )
            fixed.append({"ref": record_id})
        resolved[name] = fixed if isinstance(raw, list) else fixed[0]
    return resolved


def _accept(
    kernel: Kernel,
    proposal: Proposal,
    viewer: Viewer,
    edits: Mapping[str, Any] | None = None,
) -> int:
    """Turn a proposal into a record, with ``edits`` replacing whole fields; the record's id.

    An act needs its victims and an intervention who made it (``required_edits``): extraction
    does not tell them, so those proposals are accepted with edits that give them. A value
    ``{"new": {"type": "person", "fields": {"name": ...}}}`` creates that record too. The
    record, any new ones and the decision are one transaction: all of them or nothing. The
    record is as confidential as the item the finding was read in.
    """
    _require_pending(proposal)
    records = RecordStore(kernel, viewer)
    fields = _fields(proposal)
    why = f"accepted proposal {proposal.id} from item {proposal.item_id}"
    status = "edited" if edits else "accepted"
    with writing(kernel.engine) as connection:
        _claim(
            connection,
            proposal,
            {"status": status, "decided_by": viewer.name, "decided_at": utc_now()},
        )
        level = _item_level(connection, proposal.item_id)
        # "in April" typed by the reviewer takes its year from the item, as extraction does.
        day = _document_date(connection, proposal.item_id)
        fields.update(_with_new_records(records, connection, edits or {}, level, why, day))
        record_id = records.create_in(
            connection,
            _RECORD_TYPES[proposal.kind],
            fields,
            confidentiality=level,
            reason=why,
            reference=day,
        )
        connection.execute(
            update(proposals).where(proposals.c.id == proposal.id).values(record_id=record_id)
        )
        kernel.custody.append(
            connection,
            ACCEPTED,
            f"proposal:{proposal.id}",
            {
                "proposal": proposal.id,
                "item": proposal.item_id,
                "kind": proposal.kind,
                "record": record_id,
                "status": status,
                "edited_fields": sorted(edits or {}),
                SEALED: seal(connection, "proposals", [proposal.id]),
            },
            actor=viewer.name,
        )
    kernel.checkpoint()
    return record_id


def _reject(kernel: Kernel, proposal: Proposal, viewer: Viewer, reason: str) -> None:
    why = " ".join(reason.split()) if isinstance(reason, str) else ""
    if not why:
        raise DocketError("a rejection needs a reason (--reason)")
    _require_pending(proposal)
    with writing(kernel.engine) as connection:
        _claim(
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

    def store(self, item_id: int, document: Mapping[str, Any]) -> int:
        """Keep the findings of one item's extraction for review; returns how many were new."""
        self.viewer.require_writer()
        ItemStore(self.kernel, self.viewer).get(item_id)
        return _store(self.kernel, item_id, document, self.viewer.name)

    def get(self, proposal_id: int) -> Proposal:
        with reading(self.kernel.engine) as connection:
            return _load(connection, proposal_id, self.viewer)

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
            return [_proposal(row) for row in rows]

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

    def suggested_edits(self, proposal: Proposal) -> dict[str, str]:
        """Answers to offer for ``required_edits``, typed as a reviewer would type them."""
        return _suggested_edits(self.kernel, proposal)

    def accept(self, proposal_id: int, edits: Mapping[str, Any] | None = None) -> int:
        """Turn a proposal into a record, with ``edits`` replacing whole fields; the record's id.

        An act needs its victims and an intervention who made it (``required_edits``):
        extraction does not tell them, so those proposals are accepted with edits that give
        them. A value ``{"new": {"type": "person", "fields": {"name": ...}}}`` creates that
        record too. The record, any new ones and the decision are one transaction: all of them
        or nothing. The record is as confidential as the item the finding was read in.
        """
        self.viewer.require_writer()
        return _accept(self.kernel, self.get(proposal_id), self.viewer, edits)

    def reject(self, proposal_id: int, reason: str) -> None:
        """Mark a proposal as wrong, with why; nothing is created."""
        self.viewer.require_writer()
        _reject(self.kernel, self.get(proposal_id), self.viewer, reason)
