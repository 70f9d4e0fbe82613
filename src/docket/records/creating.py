"""New records from documents: parsed and checked, their citations resolved before any write
begins, then written in the caller's transaction with a version row and a custody entry each.

A batch names its records by number and may refer to its own records by key; a reference to a
record already in the archive must name one the writer may see, that is current and of a type
the field accepts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Final, Literal

from sqlalchemy import Connection, select

from docket.db.bulk import reserve_ids, write_columns, write_rows
from docket.db.schema import record_versions, records
from docket.evidence.custody import utc_now
from docket.model.access import Viewer
from docket.model.record_types import FieldSpec, RecordType, ValueKind
from docket.records.audit import RecordAction, custody_payload, subject, version_row
from docket.records.backend import RecordBackend
from docket.records.changes import (
    ValueState,
    check_required,
    created_fields,
    dump,
    dump_floatless,
    settle_field,
)
from docket.records.documents import CitationInput, DocumentInput, EntryInput, parse_document
from docket.records.errors import InvalidRecord
from docket.records.sources import Sources
from docket.records.values import floatless

_CHUNK: Final = 500
_RECORD_COLUMNS: Final = (
    "id",
    "type",
    "confidentiality",
    "version",
    "retracted",
    "retraction_reason",
    "created_at",
    "created_by",
    "updated_at",
    "updated_by",
)


@dataclass(frozen=True)
class ImportResult:
    """What an import created: record ids in file order, and file keys mapped to ids."""

    ids: list[int]
    keys: dict[str, int]


class Creating:
    """New records written on behalf of the store's viewer."""

    def __init__(self, store: RecordBackend, floatless_types: dict[str, bool]) -> None:
        self.store = store
        # Whether a type's change JSON can take the fast path (``changes.dump_floatless``): the
        # store keeps the answers across its writes.
        self._floatless_types = floatless_types

    def prepare(
        self,
        documents: Iterable[object],
        viewer: Viewer,
        *,
        reference: date | Literal[False] | None = False,
    ) -> tuple[list[DocumentInput], list[list[list[Any]]], dict[str, int]]:
        """Parse and check records and resolve their citations, before any write begins.

        A batch names its records by number; a single record (``reference`` not False) by type.
        """
        sources = Sources(self.store.kernel)
        parsed: list[DocumentInput] = []
        single = reference is not False

        def reference_of(cited: Sequence[CitationInput]) -> date | None:
            return sources.reference_of(cited) or (reference or None)

        for index, document in enumerate(documents):
            if single and isinstance(document, Mapping):
                where = str(document.get("type"))
            else:
                where = f"record {index + 1}"
            parsed.append(
                parse_document(self.store.types, document, where, reference_of, dotted=single)
            )
        if not parsed:
            raise InvalidRecord("nothing to import: no records given")
        keys: dict[str, int] = {}
        for document in parsed:
            if document.key is not None and document.key in keys:
                raise InvalidRecord(f"{document.where}: key {document.key!r} used twice")
            if document.key is not None:
                keys[document.key] = -1
            if not viewer.can_see(document.confidentiality):
                raise InvalidRecord(
                    f"{document.where}: a {viewer.role} cannot write {document.confidentiality} "
                    "records"
                )
        resolved = [
            [
                [sources.resolve(c, d.at(e.field)) for c in e.citations] if e.citations else []
                for e in d.entries
            ]
            for d in parsed
        ]
        return parsed, resolved, keys

    def write_new(
        self,
        connection: Connection,
        parsed: list[DocumentInput],
        resolved: list[list[list[Any]]],
        viewer: Viewer,
        reason: str | None,
        keys: dict[str, int],
    ) -> list[int]:
        now, who = utc_now(), viewer.name
        ids = reserve_ids(connection, records, len(parsed))
        write_columns(
            connection,
            records,
            _RECORD_COLUMNS,
            [
                (
                    rid,
                    document.type.name,
                    document.confidentiality,
                    1,
                    False,
                    None,
                    now,
                    who,
                    now,
                    who,
                )
                for rid, document in zip(ids, parsed, strict=True)
            ],
        )
        for document, record_id in zip(parsed, ids, strict=True):
            if document.key is not None:
                keys[document.key] = record_id
        types_by_id = {rid: d.type.name for rid, d in zip(ids, parsed, strict=True)}
        self.store.resolve_refs(connection, parsed, keys, types_by_id, viewer)
        states: list[list[ValueState]] = []
        grouped: list[dict[str, list[ValueState]]] = []
        for document, record_id, sourced in zip(parsed, ids, resolved, strict=True):
            values = [
                self.store.new_state(record_id, document.type.field(entry.field), entry, found)
                for entry, found in zip(document.entries, sourced, strict=True)
            ]
            by_field: dict[str, list[ValueState]] = {}
            for value in values:
                by_field.setdefault(value.field, []).append(value)
            for name, spec in document.type.fields.items():
                if name in by_field:
                    settle_field(document.type, spec, by_field[name])
            check_required(document.type, values)
            states.append(values)
            grouped.append(by_field)
        self.store.insert_values(connection, [(rid, s) for rid, s in zip(ids, states, strict=True)])
        versions: list[dict[str, Any]] = []
        entries: list[tuple[int, dict[str, Any]]] = []
        for document, record_id, by_field in zip(parsed, ids, grouped, strict=True):
            change = {
                "created": {
                    "type": document.type.name,
                    "confidentiality": document.confidentiality,
                },
                "fields": created_fields(by_field),
            }
            text = dump_floatless(change) if self._floatless(document.type) else dump(change)
            versions.append(version_row(record_id, 1, now, viewer, reason, text))
            entries.append(
                (record_id, custody_payload(record_id, document.type.name, 1, text, reason, now))
            )
        write_rows(connection, record_versions, versions)
        with self.store.kernel.custody.batch(connection) as log:
            for record_id, payload in entries:
                log.append(RecordAction.CREATED, subject(record_id), payload, actor=viewer.name)
        return ids

    def _floatless(self, record_type: RecordType) -> bool:
        found = self._floatless_types.get(record_type.name)
        if found is None:
            found = all(floatless(spec) for spec in record_type.fields.values())
            self._floatless_types[record_type.name] = found
        return found


def resolve_refs(
    archive_id: str,
    connection: Connection,
    parsed: list[DocumentInput],
    keys: Mapping[str, int],
    types_by_id: dict[int, str],
    viewer: Viewer,
) -> None:
    """Check the references of ``parsed`` and make the keys of the batch record ids: each must
    name a record ``viewer`` may see, that is current and of a type its field accepts."""
    wanted: set[int] = set()
    # The entries that refer to records, in file order, so that the checks below read only
    # them and report the same first problem as a pass over every entry would.
    referring: list[tuple[DocumentInput, EntryInput, FieldSpec]] = []
    # Most records (persons, places) have no field that refers; their entries need no look.
    may_refer: dict[str, bool] = {}
    for document in parsed:
        name = document.type.name
        if name not in may_refer:
            may_refer[name] = any(
                spec.kind in (ValueKind.REF, ValueKind.STRUCT)
                for spec in document.type.fields.values()
            )
        if not may_refer[name]:
            continue
        for entry in document.entries:
            spec = document.type.field(entry.field)
            if spec.kind is ValueKind.REF:
                entry.value = _resolved_ref(entry.value, keys, archive_id)
                if entry.value is None:
                    raise InvalidRecord(
                        f"{document.at(entry.field)} refers to a key not in the batch"
                    )
                wanted.add(int(entry.value["ref"]))
                referring.append((document, entry, spec))
            elif spec.kind is ValueKind.STRUCT:
                entry.value = _resolve_struct_refs(archive_id, spec, entry.value, keys, wanted)
                referring.append((document, entry, spec))
    missing = sorted(wanted - set(types_by_id))
    merged: dict[int, int] = {}
    for start in range(0, len(missing), _CHUNK):
        rows = connection.execute(
            select(
                records.c.id, records.c.type, records.c.confidentiality, records.c.merged_into
            ).where(records.c.id.in_(missing[start : start + _CHUNK]))
        )
        for row in rows:
            if viewer.can_see(row.confidentiality):
                types_by_id[row.id] = row.type
                if row.merged_into is not None:
                    merged[row.id] = row.merged_into
    for document, entry, spec in referring:
        for target_spec, ref in _ref_targets(spec, entry.value):
            found = types_by_id.get(ref)
            if found is None:
                raise InvalidRecord(f"{document.at(entry.field)}: no record {ref}")
            if ref in merged:
                raise InvalidRecord(
                    f"{document.at(entry.field)}: record {ref} is merged into "
                    f"{merged[ref]}: refer to record {merged[ref]}"
                )
            if found not in target_spec.targets:
                raise InvalidRecord(
                    f"{document.at(entry.field)} must refer to a "
                    f"{' or '.join(target_spec.targets)}, and record {ref} is a {found}"
                )


def _resolve_struct_refs(
    archive_id: str, spec: FieldSpec, value: Any, keys: Mapping[str, int], wanted: set[int]
) -> Any:
    result = dict(value)
    for name, part in spec.parts.items():
        if part.kind is not ValueKind.REF or name not in result:
            continue
        items = result[name] if part.many else [result[name]]
        fixed = []
        for item in items:
            ref = _resolved_ref(item, keys, archive_id)
            if ref is None:
                raise InvalidRecord(f"{spec.name}.{name} refers to a key not in the batch")
            wanted.add(int(ref["ref"]))
            fixed.append(ref)
        result[name] = fixed if part.many else fixed[0]
    return result


def _resolved_ref(value: Any, keys: Mapping[str, int], archive_id: str) -> dict[str, int] | None:
    key = value.get("key")
    if key is not None and keys.get(key, -1) > 0:
        return {"ref": keys[key]}
    ref = value.get("ref")
    if ref is None:
        return None
    if key is not None and not str(key).startswith(f"{archive_id}/"):
        # An exported reference from another archive: its id means nothing here.
        return None
    return {"ref": int(ref)}


def _ref_targets(spec: FieldSpec, value: Any) -> list[tuple[FieldSpec, int]]:
    if spec.kind is ValueKind.REF:
        return [(spec, int(value["ref"]))]
    if spec.kind is not ValueKind.STRUCT:
        return []
    found: list[tuple[FieldSpec, int]] = []
    for name, part in spec.parts.items():
        if part.kind is ValueKind.REF and name in value:
            items = value[name] if part.many else [value[name]]
            found.extend((part, int(item["ref"])) for item in items)
    return found
