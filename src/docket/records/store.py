"""``RecordStore``: structured records with sources, versions, retraction and confidentiality.

Every write is one transaction that adds a ``record_versions`` row and a custody entry per
record touched; nothing is ever deleted. Every read takes a ``Viewer`` and goes through the
same filter: records above the viewer's clearance are "not found", references to them are
dropped, citations of items they may not see are left out, and protected values read as
"[redacted]" unless the viewer may see them and asks to.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Final, Literal

from sqlalchemy import Connection, bindparam, insert, select, update

from docket.db.bulk import insert_rows, write_rows
from docket.db.engine import reading, writing
from docket.db.schema import citations, record_values, record_versions, records
from docket.evidence.custody import utc_now
from docket.kernel import Kernel
from docket.model.access import Viewer, Visibility
from docket.model.record_types import (
    FieldSpec,
    RecordType,
    RecordTypes,
    ValueKind,
    load_record_types,
)
from docket.records.audit import RecordAction, custody_payload, subject, version_row
from docket.records.bulk import without_gc_pauses
from docket.records.changes import (
    ACTIVE,
    REMOVED,
    CitationState,
    ValueState,
    check_required,
    dump,
    dump_floatless,
    field_change,
    settle_field,
    snapshots,
)
from docket.records.crypto import RecordCipher
from docket.records.documents import (
    CitationInput,
    DocumentInput,
    EntryInput,
    parse_document,
)
from docket.records.edits import CHANGE_KEYS, EditPlan, clean_reason
from docket.records.errors import EditConflict, InvalidRecord, RecordNotFound
from docket.records.merging import MergeOutcome, Merging, SplitOutcome, UnmergeOutcome
from docket.records.reader import Facts, hidden_refs, load_facts, load_views
from docket.records.sources import Sources
from docket.records.values import REDACTED, floatless, valid_record_id
from docket.records.versions import without_unseen
from docket.records.views import RecordView, Version

_CHUNK: Final = 500


@dataclass(frozen=True)
class ImportResult:
    """What an import created: record ids in file order, and file keys mapped to ids."""

    ids: list[int]
    keys: dict[str, int]


class RecordStore:
    """Records of one archive, read and written on behalf of one viewer."""

    def __init__(self, kernel: Kernel, viewer: Viewer, types: RecordTypes | None = None) -> None:
        self.kernel = kernel
        self.viewer = viewer
        self.types = types or load_record_types()
        self._cipher: RecordCipher | None = None
        # Whether a type's change JSON can take the fast path (``changes.dump_floatless``).
        self._floatless_types: dict[str, bool] = {}

    # -- keys -------------------------------------------------------------------------------

    @property
    def keys_dir(self) -> Path:
        return self.kernel.keys_dir

    def cipher(self, *, create: bool = False) -> RecordCipher:
        if self._cipher is None:
            self._cipher = RecordCipher.load(
                self.keys_dir, create=create, sealed=self.kernel.sealed_record_key
            )
        return self._cipher

    def _context(self, record_id: int, field_name: str) -> str:
        return f"{self.kernel.archive_id}/record/{record_id}/{field_name}"

    def stored_form(self, record_id: int, spec: FieldSpec, value: Any) -> tuple[str, int | None]:
        text = dump_floatless(value) if floatless(spec) else dump(value)
        ref = int(value["ref"]) if spec.kind is ValueKind.REF else None
        if spec.protected:
            return self.cipher(create=True).seal(text, self._context(record_id, spec.name)), ref
        return text, ref

    # -- writing ----------------------------------------------------------------------------

    def create(
        self,
        type_name: str,
        fields: Mapping[str, Any],
        *,
        confidentiality: str = "public",
        reason: str | None = None,
    ) -> RecordView:
        """Add one record; ``fields`` as in the JSON form (docs/records.md)."""
        document = {"type": type_name, "confidentiality": confidentiality, "fields": fields}
        result = self.import_documents([document], reason=reason)
        return self.get(result.ids[0], log=False)

    def import_documents(
        self, documents: Iterable[object], *, reason: str | None = None
    ) -> ImportResult:
        """Add many records in one transaction: all of them, or none if any is invalid.

        A record may carry a ``key``; other records of the same batch refer to it with
        ``{"key": ...}``. A ``{"ref": id}`` names a record already in the archive; an exported
        ref carries both, and its key wins when that record is in the batch.
        """
        self.viewer.require_writer()
        with without_gc_pauses():
            return self._import(documents, self.viewer, clean_reason(reason, required=False))

    def create_in(
        self,
        connection: Connection,
        type_name: str,
        fields: Mapping[str, Any],
        *,
        confidentiality: str = "public",
        reason: str | None = None,
        reference: date | None = None,
    ) -> int:
        """Add one record inside the caller's write transaction; the new record's id.

        For a caller whose own rows must commit with the record or not at all (accepting a
        proposal). The caller signs the custody head after its commit (``kernel.checkpoint``).
        ``reference`` gives the year to date phrases without one that cite nothing dated;
        messages name the field as ``act.date``.
        """
        viewer = self.viewer
        viewer.require_writer()
        document = {"type": type_name, "confidentiality": confidentiality, "fields": fields}
        parsed, resolved, keys = self._prepare([document], viewer, reference=reference)
        why = clean_reason(reason, required=False)
        return self._write_new(connection, parsed, resolved, viewer, why, keys)[0]

    def _import(
        self, documents: Iterable[object], viewer: Viewer, reason: str | None
    ) -> ImportResult:
        parsed, resolved, keys = self._prepare(documents, viewer)
        with writing(self.kernel.engine) as connection:
            ids = self._write_new(connection, parsed, resolved, viewer, reason, keys)
        self.kernel.checkpoint()
        return ImportResult(ids, {k: v for k, v in keys.items()})

    def _prepare(
        self,
        documents: Iterable[object],
        viewer: Viewer,
        *,
        reference: date | Literal[False] | None = False,
    ) -> tuple[list[DocumentInput], list[list[list[Any]]], dict[str, int]]:
        """Parse and check records and resolve their citations, before any write begins.

        A batch names its records by number; a single record (``reference`` not False) by type.
        """
        sources = Sources(self.kernel)
        parsed: list[DocumentInput] = []
        single = reference is not False

        def reference_of(cited: Sequence[CitationInput]) -> date | None:
            return sources.reference_of(cited) or (reference or None)

        for index, document in enumerate(documents):
            if single and isinstance(document, Mapping):
                where = str(document.get("type"))
            else:
                where = f"record {index + 1}"
            parsed.append(parse_document(self.types, document, where, reference_of, dotted=single))
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
            [[sources.resolve(c, d.at(e.field)) for c in e.citations] for e in d.entries]
            for d in parsed
        ]
        return parsed, resolved, keys

    def _write_new(
        self,
        connection: Connection,
        parsed: list[DocumentInput],
        resolved: list[list[list[Any]]],
        viewer: Viewer,
        reason: str | None,
        keys: dict[str, int],
    ) -> list[int]:
        now = utc_now()
        ids = insert_rows(
            connection,
            records,
            [
                {
                    "type": document.type.name,
                    "confidentiality": document.confidentiality,
                    "version": 1,
                    "retracted": False,
                    "retraction_reason": None,
                    "created_at": now,
                    "created_by": viewer.name,
                    "updated_at": now,
                    "updated_by": viewer.name,
                }
                for document in parsed
            ],
        )
        for document, record_id in zip(parsed, ids, strict=True):
            if document.key is not None:
                keys[document.key] = record_id
        types_by_id = {rid: d.type.name for rid, d in zip(ids, parsed, strict=True)}
        self.resolve_refs(connection, parsed, keys, types_by_id, viewer)
        states: list[list[ValueState]] = []
        for document, record_id, sourced in zip(parsed, ids, resolved, strict=True):
            values = [
                self.new_state(record_id, document.type.field(entry.field), entry, found)
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
        self.insert_values(connection, [(rid, s) for rid, s in zip(ids, states, strict=True)])
        versions: list[dict[str, Any]] = []
        entries: list[tuple[int, dict[str, Any]]] = []
        for document, record_id, values in zip(parsed, ids, states, strict=True):
            change = {
                "created": {
                    "type": document.type.name,
                    "confidentiality": document.confidentiality,
                },
                "fields": field_change({}, snapshots(values, document.type.fields)),
            }
            text = dump_floatless(change) if self._floatless(document.type) else dump(change)
            versions.append(version_row(record_id, 1, now, viewer, reason, text))
            entries.append(
                (record_id, custody_payload(record_id, document.type.name, 1, text, reason, now))
            )
        write_rows(connection, record_versions, versions)
        with self.kernel.custody.batch(connection) as log:
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
        self,
        connection: Connection,
        parsed: list[DocumentInput],
        keys: Mapping[str, int],
        types_by_id: dict[int, str],
        viewer: Viewer,
    ) -> None:
        wanted: set[int] = set()
        for document in parsed:
            for entry in document.entries:
                spec = document.type.field(entry.field)
                if spec.kind is ValueKind.REF:
                    entry.value = _resolved_ref(entry.value, keys, self.kernel.archive_id)
                    if entry.value is None:
                        raise InvalidRecord(
                            f"{document.at(entry.field)} refers to a key not in the batch"
                        )
                    wanted.add(int(entry.value["ref"]))
                elif spec.kind is ValueKind.STRUCT:
                    entry.value = self._resolve_struct_refs(spec, entry.value, keys, wanted)
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
        for document in parsed:
            for entry in document.entries:
                spec = document.type.field(entry.field)
                targets = _ref_targets(spec, entry.value)
                for target_spec, ref in targets:
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
        self, spec: FieldSpec, value: Any, keys: Mapping[str, int], wanted: set[int]
    ) -> Any:
        result = dict(value)
        for name, part in spec.parts.items():
            if part.kind is not ValueKind.REF or name not in result:
                continue
            items = result[name] if part.many else [result[name]]
            fixed = []
            for item in items:
                ref = _resolved_ref(item, keys, self.kernel.archive_id)
                if ref is None:
                    raise InvalidRecord(f"{spec.name}.{name} refers to a key not in the batch")
                wanted.add(int(ref["ref"]))
                fixed.append(ref)
            result[name] = fixed if part.many else fixed[0]
        return result

    def new_state(
        self, record_id: int, spec: FieldSpec, entry: EntryInput, found: Sequence[Any]
    ) -> ValueState:
        stored, ref = self.stored_form(record_id, spec, entry.value)
        return ValueState(
            field=spec.name,
            stored=stored,
            plain=None if spec.protected else entry.value,
            protected=spec.protected,
            ref_id=ref,
            preferred=bool(entry.preferred),
            reason=entry.reason if entry.preferred else None,
            citations=[CitationState(c.item_id, c.start, c.end, c.sha256) for c in found],
        )

    def insert_values(
        self,
        connection: Connection,
        batch: Sequence[tuple[int, list[ValueState]]],
        version: int = 1,
    ) -> None:
        """Insert new value rows and their citations, filling in the ids they get."""
        new = [(rid, v) for rid, values in batch for v in values if v.id is None]
        if not new:
            return
        value_ids = insert_rows(
            connection,
            record_values,
            [
                {
                    "record_id": rid,
                    "field": v.field,
                    "value": v.stored,
                    "protected": v.protected,
                    "ref_id": v.ref_id,
                    "preferred": v.preferred,
                    "preference_reason": v.reason,
                    "status": v.status,
                    "added_version": version,
                    "removed_version": None,
                }
                for rid, v in new
            ],
        )
        rows: list[dict[str, Any]] = []
        for (rid, value), value_id in zip(new, value_ids, strict=True):
            value.id = value_id
            rows.extend(
                {
                    "value_id": value_id,
                    "record_id": rid,
                    "item_id": c.item_id,
                    "span_start": c.start,
                    "span_end": c.end,
                    "quote_sha256": c.sha256,
                    "status": ACTIVE,
                    "added_version": version,
                    "removed_version": None,
                }
                for c in value.citations
            )
        self._insert_citations(connection, rows, [c for _, v in new for c in v.citations])

    def _insert_citations(
        self, connection: Connection, rows: list[dict[str, Any]], states: list[CitationState]
    ) -> None:
        if not rows:
            return
        ids = insert_rows(connection, citations, rows)
        for state, citation_id in zip(states, ids, strict=True):
            state.id = citation_id

    def edit(
        self,
        record_id: int,
        changes: Mapping[str, Any],
        expected_version: int,
        reason: str | None,
    ) -> RecordView:
        """Apply ``changes`` to the record if it is still at ``expected_version``.

        ``changes`` may hold ``set`` ({field: values}: replace the field's values), ``add``
        ({field: values}: more values, or alternatives from other sources), ``remove`` (value
        ids), ``prefer`` ({value id: reason}), ``cite`` ([{value or field, item, start, end}])
        and ``confidentiality``. Raises EditConflict when someone else changed it first.
        """
        viewer = self.viewer
        viewer.require_writer()
        if not isinstance(changes, Mapping) or not changes:
            raise InvalidRecord("nothing to change: give set, add, remove, prefer or cite")
        unknown = set(changes) - CHANGE_KEYS
        if unknown:
            raise InvalidRecord(
                f"unknown change {sorted(map(str, unknown))[0]!r}; changes: "
                f"{', '.join(sorted(CHANGE_KEYS))}"
            )
        if isinstance(expected_version, bool) or not isinstance(expected_version, int):
            raise InvalidRecord("expected version must be a whole number")
        return self._change(record_id, viewer, expected_version, reason, changes)

    def cite(
        self,
        record_id: int,
        field_name: str,
        item_id: int,
        start: int,
        end: int,
        *,
        value_id: int | None = None,
        expected_version: int | None = None,
        reason: str | None = None,
    ) -> RecordView:
        """Add a source to a field's value (the preferred one unless ``value_id`` is given)."""
        viewer = self.viewer
        viewer.require_writer()
        target: dict[str, Any] = {"item": item_id, "start": start, "end": end}
        target.update({"value": value_id} if value_id is not None else {"field": field_name})
        return self._change(record_id, viewer, expected_version, reason, {"cite": [target]})

    def retract(
        self,
        record_id: int,
        reason: str,
        *,
        expected_version: int,
    ) -> RecordView:
        """Withdraw a record with the reason if it is still at ``expected_version`` (like an
        edit: a retraction must not land on a version its author never saw); it stays, marked,
        with its whole history."""
        viewer = self.viewer
        viewer.require_writer()
        if clean_reason(reason, required=True) is None:
            raise InvalidRecord("say why the record is retracted")
        return self._change(record_id, viewer, expected_version, reason, {}, retract=True)

    def _change(
        self,
        record_id: int,
        viewer: Viewer,
        expected_version: int | None,
        reason: str | None,
        changes: Mapping[str, Any],
        *,
        retract: bool = False,
    ) -> RecordView:
        reason = clean_reason(reason, required=False)
        with reading(self.kernel.engine) as connection:
            row = self.visible_row(connection, record_id, viewer)
        record_type = self.types.get(row.type)
        operations = EditPlan.parse(record_type, changes, Sources(self.kernel))
        with writing(self.kernel.engine) as connection:
            self._apply(
                connection, record_id, viewer, expected_version, reason, operations, retract
            )
        self.kernel.checkpoint()
        return self.get(record_id, log=False)

    def edit_in(
        self,
        connection: Connection,
        record_id: int,
        changes: Mapping[str, Any],
        expected_version: int,
        reason: str | None,
    ) -> int:
        """``edit`` inside the caller's write transaction; the record's new version.

        For a caller whose own rows must commit with the edit or not at all (a proposal
        accepted into a record the archive already has). The caller signs the custody head
        after its commit (``kernel.checkpoint``).
        """
        viewer = self.viewer
        viewer.require_writer()
        if not isinstance(changes, Mapping) or not changes:
            raise InvalidRecord("nothing to change: give set, add, remove, prefer or cite")
        row = self.visible_row(connection, record_id, viewer)
        operations = EditPlan.parse(self.types.get(row.type), changes, Sources(self.kernel))
        return self._apply(
            connection,
            record_id,
            viewer,
            expected_version,
            clean_reason(reason, required=False),
            operations,
            False,
        )

    def _apply(
        self,
        connection: Connection,
        record_id: int,
        viewer: Viewer,
        expected_version: int | None,
        reason: str | None,
        operations: EditPlan,
        retract: bool,
    ) -> int:
        """Apply a parsed edit to the locked record row; the new version."""
        row = self.visible_row(connection, record_id, viewer, lock=True)
        record_type = self.types.get(row.type)
        expected = row.version if expected_version is None else expected_version
        if row.version != expected:
            raise self._conflict(connection, record_id, expected)
        if row.retracted:
            raise InvalidRecord(f"record {record_id} is retracted and cannot change")
        if row.merged_into is not None:
            raise InvalidRecord(
                f"record {record_id} is merged into {row.merged_into} and cannot change: "
                f"change record {row.merged_into}, or undo the merge"
            )
        values = self.load_states(connection, record_id)
        before = snapshots(values, record_type.fields)
        new_level = operations.apply(self, connection, viewer, record_type, record_id, values)
        touched = {v.field for v in values if v.dirty or v.id is None}
        for name in touched | operations.fields:
            settle_field(
                record_type, record_type.field(name), [v for v in values if v.field == name]
            )
        check_required(record_type, values)
        change: dict[str, Any] = {}
        if new_level is not None and new_level != row.confidentiality:
            change["confidentiality"] = {"old": row.confidentiality, "new": new_level}
        if retract:
            change["retracted"] = {"old": False, "new": True}
        version = expected + 1
        self.flush_values(connection, record_id, values, version)
        after = snapshots(values, record_type.fields)
        fields_changed = field_change(before, after)
        if fields_changed:
            change["fields"] = fields_changed
        if not change:
            raise InvalidRecord("nothing to change: the record already says that")
        now = utc_now()
        updated = connection.execute(
            update(records)
            .where(records.c.id == record_id, records.c.version == expected)
            .values(
                version=version,
                updated_at=now,
                updated_by=viewer.name,
                confidentiality=new_level or row.confidentiality,
                retracted=retract or row.retracted,
                retraction_reason=reason if retract else row.retraction_reason,
            )
        )
        if updated.rowcount != 1:
            raise self._conflict(connection, record_id, expected)
        text = dump(change)
        connection.execute(
            insert(record_versions),
            [version_row(record_id, version, now, viewer, reason, text)],
        )
        action = RecordAction.RETRACTED if retract else RecordAction.EDITED
        self.kernel.custody.append(
            connection,
            action,
            subject(record_id),
            custody_payload(record_id, row.type, version, text, reason, now),
            actor=viewer.name,
        )
        return version

    # -- merging and splitting (docket.records.merging) -------------------------------------

    def merge_preview(self, source_id: int, into: int) -> MergeOutcome:
        """What merging ``source_id`` into ``into`` would move, refused as the merge would be."""
        return Merging(self).preview(source_id, into)

    def merge(
        self,
        source_id: int,
        *,
        into: int,
        reason: str,
        source_version: int,
        target_version: int,
    ) -> MergeOutcome:
        """Merge ``source_id`` into ``into`` if both are still at the versions the person saw."""
        return Merging(self).merge(
            source_id,
            into,
            reason=reason,
            source_version=source_version,
            target_version=target_version,
        )

    def unmerge(
        self, source_id: int, *, reason: str, expected_version: int | None = None
    ) -> UnmergeOutcome:
        """Undo the merge of ``source_id``, keeping every later edit."""
        return Merging(self).unmerge(source_id, reason=reason, source_version=expected_version)

    def split(
        self,
        record_id: int,
        value_ids: Sequence[int],
        *,
        reason: str,
        referrers: Sequence[int] = (),
        expected_version: int | None = None,
    ) -> SplitOutcome:
        """Move ``value_ids`` (and ``referrers``) to a new record of the same type."""
        return Merging(self).split(
            record_id,
            value_ids,
            reason=reason,
            referrers=referrers,
            expected_version=expected_version,
        )

    def _conflict(self, connection: Connection, record_id: int, expected: int) -> EditConflict:
        latest = connection.execute(
            select(record_versions.c.version, record_versions.c.actor, record_versions.c.at)
            .where(record_versions.c.record_id == record_id)
            .order_by(record_versions.c.version.desc())
            .limit(1)
        ).one()
        return EditConflict(
            f"record {record_id} was changed by {latest.actor} at {latest.at} (now version "
            f"{latest.version}, your edit was based on version {expected}): look at it again "
            f"with `docket record show {record_id}` and repeat your edit with "
            f"--expect-version {latest.version}"
        )

    def load_states(self, connection: Connection, record_id: int) -> list[ValueState]:
        rows = connection.execute(
            select(record_values)
            .where(record_values.c.record_id == record_id, record_values.c.status == ACTIVE)
            .order_by(record_values.c.id)
        ).all()
        cited: dict[int, list[CitationState]] = {}
        for c in connection.execute(
            select(citations)
            .where(citations.c.record_id == record_id, citations.c.status == ACTIVE)
            .order_by(citations.c.id)
        ):
            cited.setdefault(c.value_id, []).append(
                CitationState(c.item_id, c.span_start, c.span_end, c.quote_sha256, c.id)
            )
        return [
            ValueState(
                field=r.field,
                stored=r.value,
                protected=r.protected,
                ref_id=r.ref_id,
                preferred=r.preferred,
                reason=r.preference_reason,
                citations=cited.get(r.id, []),
                id=r.id,
                status=r.status,
            )
            for r in rows
        ]

    def flush_values(
        self, connection: Connection, record_id: int, values: list[ValueState], version: int
    ) -> None:
        for value in values:
            if value.id is None or not value.dirty:
                continue
            connection.execute(
                update(record_values)
                .where(record_values.c.id == value.id)
                .values(
                    preferred=value.preferred,
                    preference_reason=value.reason,
                    status=value.status,
                    removed_version=version if value.status == REMOVED else None,
                )
            )
        self.insert_values(connection, [(record_id, values)], version=version)
        new_citations = [
            (value, c) for value in values if value.id is not None for c in value.citations
        ]
        rows = [
            {
                "value_id": value.id,
                "record_id": record_id,
                "item_id": c.item_id,
                "span_start": c.start,
                "span_end": c.end,
                "quote_sha256": c.sha256,
                "status": ACTIVE,
                "added_version": version,
                "removed_version": None,
            }
            for value, c in new_citations
            if c.id is None
        ]
        self._insert_citations(connection, rows, [c for _, c in new_citations if c.id is None])

    # -- reading ----------------------------------------------------------------------------

    def visible_row(
        self, connection: Connection, record_id: int, viewer: Viewer, *, lock: bool = False
    ) -> Any:
        """The ``records`` row of a record ``viewer`` may see, none of its values;
        RecordNotFound if it is hidden or missing, as :meth:`get`."""
        query = select(records).where(
            records.c.id == valid_record_id(record_id),
            viewer.visibility.clause(records.c.confidentiality),
        )
        if lock:
            # Writers take their records' rows before anything else, so two of them never hold
            # each other's rows (a merge touches several). Not the key: references stay free.
            query = query.with_for_update(key_share=True)
        row = connection.execute(query).first()
        if row is None:
            raise RecordNotFound(f"no record {record_id}")
        return row

    def get(
        self,
        record_id: int,
        *,
        reveal: bool = False,
        include_removed: bool = False,
        log: bool = True,
    ) -> RecordView:
        """One record as the viewer may see it; RecordNotFound if it is hidden or missing.

        Viewing a confidential record, or revealing protected values, is logged in the chain
        of custody.
        """
        viewer = self.viewer
        if reveal:
            viewer.require_reveal()
        valid_record_id(record_id)
        with reading(self.kernel.engine) as connection:
            # Loading goes through the viewer's levels: a hidden record is not loaded at all,
            # as a missing one, so no separate look at its row first.
            views = load_views(
                self,
                connection,
                viewer,
                ids=[record_id],
                reveal=reveal,
                include_removed=include_removed,
                quotes=True,
            )
        if not views:
            raise RecordNotFound(f"no record {record_id}")
        view = views[0]
        if log:
            self.log_viewed(view)
        return view

    def log_viewed(self, view: RecordView) -> None:
        """Enter in the chain of custody that the viewer was shown ``view``, when it is
        confidential or shows protected values. :meth:`get` does it for what it reads; a page
        showing a view read for an earlier request does it again for each showing."""
        revealed = sorted({v.field for v in view.values if v.protected and not v.redacted})
        if view.confidentiality == "confidential" or revealed:
            self.log_view([view.id], revealed=revealed)

    def log_view(self, record_ids: Sequence[int], *, revealed: Sequence[str] = ()) -> None:
        if not record_ids:
            return
        with (
            writing(self.kernel.engine) as connection,
            self.kernel.custody.batch(connection) as log,
        ):
            for record_id in record_ids:
                log.append(
                    RecordAction.VIEWED,
                    subject(record_id),
                    {"record": record_id, "revealed": list(revealed)},
                    actor=self.viewer.name,
                )

    def list_records(
        self,
        *,
        type_name: str | None = None,
        include_retracted: bool = False,
    ) -> list[RecordView]:
        """Every record the viewer may see (protected values redacted), in id order."""
        if type_name is not None:
            self.types.get(type_name)
        with reading(self.kernel.engine) as connection:
            return load_views(
                self,
                connection,
                self.viewer,
                type_names=None if type_name is None else [type_name],
                include_retracted=include_retracted,
            )

    def views(
        self,
        *,
        ids: Sequence[int] | None = None,
        type_names: Sequence[str] | None = None,
        include_retracted: bool = False,
        reveal: bool = False,
        quotes: bool = False,
        sources: bool = True,
        names: bool = True,
        fields: Sequence[str] | None = None,
    ) -> list[RecordView]:
        """Records by id or type as the viewer may see them (the analyses read through this).

        ``sources=False`` leaves citations out and ``names=False`` the titles of referenced
        records, for analyses that need neither; ``fields``, when given, are the only fields
        read (``title_fields`` for a list of records by their titles).
        """
        with reading(self.kernel.engine) as connection:
            return self.views_in(
                connection,
                ids=ids,
                type_names=type_names,
                include_retracted=include_retracted,
                reveal=reveal,
                quotes=quotes,
                sources=sources,
                names=names,
                fields=fields,
            )

    def views_in(
        self,
        connection: Connection,
        *,
        ids: Sequence[int] | None = None,
        type_names: Sequence[str] | None = None,
        include_retracted: bool = False,
        reveal: bool = False,
        quotes: bool = False,
        sources: bool = True,
        names: bool = True,
        fields: Sequence[str] | None = None,
    ) -> list[RecordView]:
        """:meth:`views` inside the caller's read transaction, for a reader whose other reads
        must see the same state of the archive."""
        viewer = self.viewer
        if reveal:
            viewer.require_reveal()
        return load_views(
            self,
            connection,
            viewer,
            ids=ids,
            type_names=type_names,
            include_retracted=include_retracted,
            reveal=reveal,
            quotes=quotes,
            sources=sources,
            depth=2 if names else 1,
            fields=fields,
        )

    @functools.cached_property
    def title_fields(self) -> list[str]:
        """The fields any record type's title is made of."""
        return sorted({name for record_type in self.types for name in record_type.title})

    def titles(self, ids: Sequence[int]) -> dict[int, str]:
        """The title of each current record of ``ids`` the viewer may see, as
        :meth:`views` without names gives it (a linked record in a joined title is named by its
        number), read from the values of title fields only: a search names thirty records."""
        if not ids:
            return {}
        with reading(self.kernel.engine) as connection:
            views = load_views(
                self,
                connection,
                self.viewer,
                ids=ids,
                include_retracted=False,
                sources=False,
                depth=1,
                fields=self.title_fields,
            )
        return {view.id: view.title for view in views}

    def facts(self, wanted: Mapping[str, Sequence[str]]) -> dict[int, Facts]:
        """The unprotected ``wanted`` fields ({type: fields}) of every current record the
        viewer may see, without building views: for counting and mapping many records."""
        found, _ = load_facts(self, self.viewer, wanted)
        return found

    def referrers(self, record_ids: Iterable[int]) -> list[int]:
        """Ids of the visible records that refer to any of ``record_ids``."""
        wanted = set(record_ids)
        with reading(self.kernel.engine) as connection:
            # A hidden record's links would betray it: ask only about visible ones.
            visible = wanted - hidden_refs(connection, self.viewer, wanted, {})
            return self._referring(connection, visible)

    def referrers_in(self, connection: Connection, views: Iterable[RecordView]) -> list[int]:
        """Ids of the visible records that refer to any of ``views``, inside the caller's read
        transaction. The views were read through the viewer's levels, in that transaction:
        whether the viewer may see them is not asked again."""
        return self._referring(connection, {view.id for view in views})

    def _referring(self, connection: Connection, record_ids: set[int]) -> list[int]:
        wanted = sorted(record_ids)
        found: set[int] = set()
        for start in range(0, len(wanted), _CHUNK):
            found.update(
                connection.execute(
                    _REFERRERS,
                    {"refs": wanted[start : start + _CHUNK], **self.viewer.visibility.parameters()},
                ).scalars()
            )
        return sorted(found)

    def history(self, record_id: int, *, reveal: bool = False) -> list[Version]:
        """Every version of a record, oldest first; protected values redacted unless revealed,
        and references or citations the viewer may not see left out (see ``versions``)."""
        viewer = self.viewer
        if reveal:
            viewer.require_reveal()
        with reading(self.kernel.engine) as connection:
            self.visible_row(connection, record_id, viewer)
            rows = connection.execute(
                select(record_versions)
                .where(record_versions.c.record_id == record_id)
                .order_by(record_versions.c.version)
            ).all()
        result = [
            Version(
                record_id,
                row.version,
                row.at,
                row.actor,
                row.reason,
                self._open_change(record_id, json.loads(row.change), reveal),
            )
            for row in rows
        ]
        if reveal:
            self.log_view([record_id], revealed=["history"])
        return without_unseen(self, record_id, viewer, result)

    def _open_change(self, record_id: int, change: dict[str, Any], reveal: bool) -> dict[str, Any]:
        merged = change.get("merged_into")
        if isinstance(merged, dict):
            # What a merge moved (value ids, other records' ids) is for its undo, not its reader.
            change["merged_into"] = {"old": merged.get("old"), "new": merged.get("new")}
        for name, sides in change.get("fields", {}).items():
            for side in sides.values():
                for value in side:
                    if value.get("protected"):
                        value["value"] = (
                            self.open_sealed(record_id, name, value["value"])
                            if reveal
                            else REDACTED
                        )
        return change

    def open_sealed(self, record_id: int, field_name: str, token: str) -> Any:
        return json.loads(self.cipher().open(token, self._context(record_id, field_name)))


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


_REFERRERS = (
    select(record_values.c.record_id)
    .join(records, records.c.id == record_values.c.record_id)
    .where(
        record_values.c.ref_id.in_(bindparam("refs", expanding=True)),
        record_values.c.status == ACTIVE,
        # A merged record's links live on in the record it was merged into.
        records.c.merged_into.is_(None),
        Visibility.bound_clause(records.c.confidentiality),
    )
)
