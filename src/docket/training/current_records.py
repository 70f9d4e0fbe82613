"""What the records decided proposals became say now: the words their names cite, and the parties
the records of findings name, to compare with what the proposals said.

A reviewer corrects a proposal by editing the record it became, so the record as it stands is the
reviewer's last word on the proposal's spans and parties.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from sqlalchemy import Connection, select

from docket.db.schema import citations, record_values
from docket.names import same_name

__all__ = ["ROLES", "HeldParty", "RecordParties", "cited_names", "held_parties"]

# The parties a finding proposes, by the key of its payload, and the fields of the record it
# became that may hold them (a retyped intervention keeps its author as a claim's claimant).
# An act's perpetrator is an involvement record that names the act.
ROLES: Final = {
    "victim": ("victim",),
    "perpetrator": (),
    "by": ("by", "claimant"),
    "toward": ("addressee", "concerning", "about"),
    "claimant": ("claimant", "by"),
}

Span = tuple[int, int]


def cited_names(
    connection: Connection, record_ids: Sequence[int]
) -> dict[tuple[int, int], list[Span]]:
    """The spans each record's current name cites, by (record, item)."""
    found: dict[tuple[int, int], list[Span]] = {}
    if not record_ids:
        return found
    rows = connection.execute(
        select(
            citations.c.record_id, citations.c.item_id, citations.c.span_start, citations.c.span_end
        )
        .join(record_values, record_values.c.id == citations.c.value_id)
        .where(
            citations.c.record_id.in_(record_ids),
            citations.c.removed_version.is_(None),
            record_values.c.field == "name",
            record_values.c.removed_version.is_(None),
        )
    )
    for record_id, item_id, start, end in rows:
        found.setdefault((record_id, item_id), []).append((int(start), int(end)))
    return found


@dataclass(frozen=True)
class HeldParty:
    """A party a finding's record names now: the record referred to, and the words cited."""

    ref: int
    cites: tuple[tuple[int, Span], ...]


@dataclass
class RecordParties:
    """The parties the records of accepted findings name now, to compare with what was proposed."""

    held: dict[tuple[int, str], list[HeldParty]] = field(default_factory=dict)
    names: dict[int, list[str]] = field(default_factory=dict)
    named_at: dict[tuple[int, int], list[Span]] = field(default_factory=dict)

    def of(self, record_id: int, role: str) -> list[HeldParty]:
        fields = ROLES[role] or ("perpetrator",)
        return [held for name in fields for held in self.held.get((record_id, name), [])]

    def same(self, held: HeldParty, candidate: Mapping[str, Any], item_id: int, span: Span) -> bool:
        """Whether ``held`` is the party ``candidate`` proposed: a record of its name, or one
        whose name cites its words."""
        name = candidate.get("name")
        if isinstance(name, str) and any(same_name(name, n) for n in self.names.get(held.ref, [])):
            return True
        return any(
            s < span[1] and span[0] < e for s, e in self.named_at.get((held.ref, item_id), [])
        )


def held_parties(connection: Connection, record_ids: Sequence[int]) -> RecordParties:
    """The references in the party fields of ``record_ids`` (and the perpetrators of the
    involvements naming them), with what they cite and the names of the records they name."""
    found = RecordParties()
    if not record_ids:
        return found
    fields = sorted({name for names in ROLES.values() for name in names})
    current = record_values.c.removed_version.is_(None)
    by_value: dict[int, tuple[int, str, int]] = {}
    for value_id, record_id, name, ref in connection.execute(
        select(
            record_values.c.id,
            record_values.c.record_id,
            record_values.c.field,
            record_values.c.ref_id,
        ).where(
            record_values.c.record_id.in_(record_ids),
            record_values.c.field.in_(fields),
            record_values.c.ref_id.is_not(None),
            current,
        )
    ):
        by_value[int(value_id)] = (int(record_id), str(name), int(ref))
    acts_of = {
        int(involvement): int(act)
        for involvement, act in connection.execute(
            select(record_values.c.record_id, record_values.c.ref_id).where(
                record_values.c.field == "act", record_values.c.ref_id.in_(record_ids), current
            )
        )
    }
    if acts_of:
        for value_id, involvement, ref in connection.execute(
            select(record_values.c.id, record_values.c.record_id, record_values.c.ref_id).where(
                record_values.c.record_id.in_(sorted(acts_of)),
                record_values.c.field == "perpetrator",
                record_values.c.ref_id.is_not(None),
                current,
            )
        ):
            by_value[int(value_id)] = (acts_of[int(involvement)], "perpetrator", int(ref))
    cites: dict[int, list[tuple[int, Span]]] = {}
    if by_value:
        for value_id, item_id, start, end in connection.execute(
            select(
                citations.c.value_id,
                citations.c.item_id,
                citations.c.span_start,
                citations.c.span_end,
            ).where(
                citations.c.value_id.in_(sorted(by_value)), citations.c.removed_version.is_(None)
            )
        ):
            cites.setdefault(int(value_id), []).append((int(item_id), (int(start), int(end))))
    for value_id, (record_id, name, ref) in sorted(by_value.items()):
        found.held.setdefault((record_id, name), []).append(
            HeldParty(ref, tuple(cites.get(value_id, [])))
        )
    refs = sorted({ref for _, _, ref in by_value.values()})
    if refs:
        for record_id, raw in connection.execute(
            select(record_values.c.record_id, record_values.c.value).where(
                record_values.c.record_id.in_(refs),
                record_values.c.field == "name",
                record_values.c.protected.is_(False),
                current,
            )
        ):
            try:
                name = json.loads(raw)
            except ValueError:
                continue
            if isinstance(name, dict):
                # A name is stored with its script and language: {"text": …, "script": …}.
                name = name.get("text")
            if isinstance(name, str):
                found.names.setdefault(int(record_id), []).append(name)
        found.named_at = cited_names(connection, refs)
    return found
