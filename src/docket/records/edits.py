"""The operations of one edit, parsed and checked before its transaction starts, then applied
to the record's values inside it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

from sqlalchemy import Connection

from docket.model.access import Viewer
from docket.model.record_types import RecordType
from docket.records.changes import REMOVED, CitationState, ValueState
from docket.records.documents import (
    DocumentInput,
    EntryInput,
    parse_citation,
    parse_entries,
    parse_level,
)
from docket.records.errors import InvalidRecord
from docket.records.sources import Sources

if TYPE_CHECKING:
    from docket.records.backend import RecordBackend

CHANGE_KEYS: Final = frozenset({"set", "add", "remove", "prefer", "confidentiality", "cite"})
MAX_REASON: Final = 2000


class EditPlan:
    """The operations of one edit, parsed and normalised before the transaction starts."""

    def __init__(self) -> None:
        self.set: dict[str, list[tuple[EntryInput, list[Any]]]] = {}
        self.add: dict[str, list[tuple[EntryInput, list[Any]]]] = {}
        self.remove: list[int] = []
        self.prefer: dict[int, str] = {}
        self.cite: list[tuple[int | None, str | None, Any]] = []
        self.level: str | None = None
        self.fields: set[str] = set()

    @classmethod
    def parse(
        cls, record_type: RecordType, changes: Mapping[str, Any], sources: Sources
    ) -> EditPlan:
        ops = cls()
        for kind in ("set", "add"):
            given = changes.get(kind, {})
            if not isinstance(given, Mapping):
                raise InvalidRecord(f"{kind} must map fields to values")
            for name, raw in given.items():
                spec = record_type.field(str(name))
                entries = parse_entries(record_type, spec, raw, str(name), sources.reference_of)
                getattr(ops, kind)[spec.name] = [
                    (e, [sources.resolve(c, f"{name}") for c in e.citations]) for e in entries
                ]
                ops.fields.add(spec.name)
        ops.remove = [_value_id(v) for v in _listed(changes.get("remove", []), "remove")]
        prefer = changes.get("prefer", {})
        if not isinstance(prefer, Mapping):
            raise InvalidRecord("prefer must map value ids to the reason")
        for value_id, why in prefer.items():
            text = clean_reason(why if isinstance(why, str) else None, required=True)
            assert text is not None
            ops.prefer[_value_id(value_id)] = text
        for target in _listed(changes.get("cite", []), "cite"):
            if not isinstance(target, Mapping):
                raise InvalidRecord("each citation names a value or field, an item and a span")
            value_id = target.get("value")
            field_name = target.get("field")
            if value_id is None and field_name is None:
                raise InvalidRecord("a citation names the value id or the field it supports")
            if field_name is not None:
                record_type.field(str(field_name))
            rest = {k: v for k, v in target.items() if k not in ("value", "field")}
            citation = sources.resolve(parse_citation(rest, "citation"), "citation")
            ops.cite.append(
                (None if value_id is None else _value_id(value_id), field_name, citation)
            )
        if "confidentiality" in changes:
            ops.level = parse_level(changes["confidentiality"], "change")
        return ops

    def apply(
        self,
        store: RecordBackend,
        connection: Connection,
        viewer: Viewer,
        record_type: RecordType,
        record_id: int,
        values: list[ValueState],
    ) -> str | None:
        by_id = {v.id: v for v in values}
        for value_id in self.remove:
            value = by_id.get(value_id)
            if value is None:
                raise InvalidRecord(f"record {record_id} has no current value {value_id}")
            value.status, value.dirty = REMOVED, True
            self.fields.add(value.field)
        for name, entries in self.set.items():
            new = self._states(store, connection, viewer, record_type, record_id, entries)
            current = [v for v in values if v.field == name and v.active]
            if not record_type.field(name).protected and _same(current, new):
                continue
            for value in current:
                value.status, value.dirty = REMOVED, True
            values.extend(new)
        for name, entries in self.add.items():
            new = self._states(store, connection, viewer, record_type, record_id, entries)
            if any(v.preferred for v in new) and not record_type.field(name).many:
                for value in values:
                    if value.field == name and value.active and value.preferred:
                        value.preferred, value.reason, value.dirty = False, None, True
            values.extend(new)
        for value_id, why in self.prefer.items():
            chosen = by_id.get(value_id)
            if chosen is None or not chosen.active:
                raise InvalidRecord(f"record {record_id} has no current value {value_id}")
            for value in values:
                if value.field == chosen.field and value.active and value.preferred:
                    value.preferred, value.reason, value.dirty = False, None, True
            chosen.preferred, chosen.reason, chosen.dirty = True, why, True
            self.fields.add(chosen.field)
        for cited_id, field_name, citation in self.cite:
            target = self._cited(values, cited_id, field_name, record_id)
            if any(
                (c.item_id, c.start, c.end) == (citation.item_id, citation.start, citation.end)
                for c in target.citations
            ):
                raise InvalidRecord("that span is already cited for this value")
            target.citations.append(
                CitationState(citation.item_id, citation.start, citation.end, citation.sha256)
            )
            self.fields.add(target.field)
        return self.level

    @staticmethod
    def _cited(
        values: list[ValueState], value_id: int | None, field_name: str | None, record_id: int
    ) -> ValueState:
        if value_id is not None:
            found = next((v for v in values if v.id == value_id and v.active), None)
            if found is None:
                raise InvalidRecord(f"record {record_id} has no current value {value_id}")
            return found
        active = [v for v in values if v.field == field_name and v.active]
        if not active:
            raise InvalidRecord(f"record {record_id} has no value in {field_name} to cite")
        preferred = [v for v in active if v.preferred]
        if len(active) > 1 and len(preferred) != 1:
            raise InvalidRecord(f"{field_name} has several values: name the value id to cite")
        return preferred[0] if len(active) > 1 else active[0]

    @staticmethod
    def _states(
        store: RecordBackend,
        connection: Connection,
        viewer: Viewer,
        record_type: RecordType,
        record_id: int,
        entries: list[tuple[EntryInput, list[Any]]],
    ) -> list[ValueState]:
        result = []
        for entry, found in entries:
            spec = record_type.field(entry.field)
            document = DocumentInput(record_type, "public", [entry], None, f"record {record_id}")
            store.resolve_refs(connection, [document], {}, {}, viewer)
            result.append(store.new_state(record_id, spec, entry, found))
        return result


def _same(current: list[ValueState], new: list[ValueState]) -> bool:
    """Whether setting ``new`` would leave the field as it is (same values and sources)."""

    def essence(values: list[ValueState]) -> list[tuple[str, list[tuple[int, int, int]]]]:
        return [(v.stored, [(c.item_id, c.start, c.end) for c in v.citations]) for v in values]

    return essence(current) == essence(new)


def _listed(raw: object, name: str) -> list[Any]:
    if not isinstance(raw, list):
        raise InvalidRecord(f"{name} must be a list")
    return raw


def _value_id(raw: object) -> int:
    if isinstance(raw, str) and raw.strip().isdigit():
        raw = int(raw)
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise InvalidRecord(f"not a value id: {raw!r}")
    return raw


def clean_reason(reason: str | None, *, required: bool) -> str | None:
    if reason is not None and not isinstance(reason, str):
        raise InvalidRecord("a reason must be text")
    text = (reason or "").strip()
    if len(text) > MAX_REASON:
        raise InvalidRecord(f"reason longer than {MAX_REASON} characters")
    if required and not text:
        raise InvalidRecord("give a reason")
    return text or None
