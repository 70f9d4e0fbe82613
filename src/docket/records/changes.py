"""One change to one record, worked out in memory before it is written.

The state of a record's active values is loaded, the requested operations are applied to it,
the invariants of the record type are checked (required fields, one preferred value with a
reason when sources disagree), and the difference becomes the version's ``change``: for every
field touched, its values before and after.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

import orjson

from docket.model.record_types import FieldSpec, RecordType
from docket.records.errors import InvalidRecord

ACTIVE: Final = "active"
REMOVED: Final = "removed"


def dump(value: Any) -> str:
    """The stored text of a JSON value: sorted keys, no spaces, UTF-8 kept."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def dump_floatless(value: Any) -> str:
    """``dump`` of a value that holds no float: the same text, several times faster.

    orjson writes small floats its own way (0.00001 where ``dump`` has 1e-05), and a stored
    text must never depend on which path wrote it, so values that may hold a float use ``dump``.
    """
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()
    except orjson.JSONEncodeError:
        # What orjson refuses (lone surrogates, integers past 64 bits) ``dump`` writes or refuses.
        return dump(value)


@dataclass
class CitationState:
    item_id: int
    start: int
    end: int
    sha256: str
    id: int | None = None

    def snapshot(self) -> dict[str, Any]:
        return {"item": self.item_id, "start": self.start, "end": self.end, "sha256": self.sha256}


@dataclass
class ValueState:
    """A value as stored: ``stored`` is its JSON text, or the sealed token when protected."""

    field: str
    stored: str
    protected: bool
    ref_id: int | None
    preferred: bool
    reason: str | None
    citations: list[CitationState] = dataclasses.field(default_factory=list)
    id: int | None = None
    status: str = ACTIVE
    dirty: bool = False  # preferred flag, reason or status changed since loading
    plain: Any = None  # the JSON value when known, to spare parsing ``stored`` again

    @property
    def active(self) -> bool:
        return self.status == ACTIVE

    def _plain(self) -> Any:
        return json.loads(self.stored) if self.plain is None else self.plain

    def snapshot(self) -> dict[str, Any]:
        result: dict[str, Any] = {
            "id": self.id,
            "value": self.stored if self.protected else self._plain(),
            "preferred": self.preferred,
        }
        if self.protected:
            result["protected"] = True
        if self.reason:
            result["reason"] = self.reason
        result["citations"] = [citation.snapshot() for citation in self.citations]
        return result


def settle_field(record_type: RecordType, spec: FieldSpec, values: list[ValueState]) -> None:
    """Make the preferred flags of one field's active values consistent, or say what is missing.

    A multi-valued field has no alternatives: all its values count. A single-valued field with
    one value prefers it; with several (sources disagree), exactly one must be preferred, with
    the reason.
    """
    active = [v for v in values if v.active]
    where = f"{record_type.name}.{spec.name}"
    if spec.many or len(active) == 1:
        for value in active:
            if not value.preferred:
                value.preferred, value.dirty = True, True
        return
    if not active:
        return
    preferred = [v for v in active if v.preferred]
    if len(preferred) != 1:
        raise InvalidRecord(
            f"{where} has {len(active)} values from different sources: prefer exactly one, "
            'with the reason (--prefer VALUE_ID=REASON, or "preferred": true and "reason")'
        )
    if not preferred[0].reason:
        which = preferred[0].id or "(new)"
        raise InvalidRecord(
            f"{where} has {len(active)} values: say why value {which} is preferred "
            '(--prefer VALUE_ID=REASON, or "reason" in JSON)'
        )


def check_required(record_type: RecordType, values: Iterable[ValueState]) -> None:
    present = {v.field for v in values if v.active}
    for name, spec in record_type.fields.items():
        if spec.required and name not in present:
            raise InvalidRecord(f"{record_type.name}.{name} is required")
    for group in record_type.required_any:
        if not present.intersection(group):
            raise InvalidRecord(f"a {record_type.name} needs at least one of: {', '.join(group)}")


def field_change(
    before: Mapping[str, list[dict[str, Any]]], after: Mapping[str, list[dict[str, Any]]]
) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """``{field: {"old": [...], "new": [...]}}`` for every field whose values differ."""
    return {
        name: {"old": list(before.get(name, [])), "new": list(after.get(name, []))}
        for name in sorted(set(before) | set(after))
        if before.get(name, []) != after.get(name, [])
    }


def created_fields(
    by_field: Mapping[str, list[ValueState]],
) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """``field_change({}, snapshots(values, fields))`` for a new record, from its values grouped
    by field: all of them active and of its type's fields, since they were just checked. A bulk
    import builds one per record, so it skips the comparisons a change to stored values needs;
    the stored text sorts the keys either way."""
    return {
        name: {"old": [], "new": [value.snapshot() for value in values]}
        for name, values in by_field.items()
    }


def snapshots(values: Iterable[ValueState], fields: Iterable[str]) -> dict[str, list[Any]]:
    wanted = set(fields)
    result: dict[str, list[Any]] = {}
    for value in values:
        if value.active and value.field in wanted:
            result.setdefault(value.field, []).append(value.snapshot())
    return result
