"""``RecordStore``: structured records with sources, versions, retraction and confidentiality.

Every write is one transaction that adds a ``record_versions`` row and a custody entry per
record touched; nothing is ever deleted. Every read takes a ``Viewer`` and goes through the
same filter: records above the viewer's clearance are "not found", references to them are
dropped, citations of items they may not see are left out, and protected values read as
"[redacted]" unless the viewer may see them and asks to.

The store is the face of the modules beside it, which name it only by its shape
(``backend.RecordBackend``): ``creating`` writes new records, ``applying`` an edit,
``value_rows`` the rows of values and citations, ``merging`` merges and splits, ``reader`` and
``history`` read.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any, Final

from sqlalchemy import Connection, select

from docket.db.engine import reading, writing
from docket.db.lists import in_list
from docket.db.schema import record_values, records
from docket.gc_pauses import without_gc_pauses
from docket.kernel import Kernel
from docket.model.access import Viewer, Visibility
from docket.model.record_types import FieldSpec, RecordTypes, ValueKind, load_record_types
from docket.records.applying import apply_edit
from docket.records.audit import RecordAction, subject
from docket.records.changes import ACTIVE, CitationState, ValueState, dump, dump_floatless
from docket.records.creating import Creating, ImportResult, resolve_refs
from docket.records.crypto import RecordCipher
from docket.records.documents import DocumentInput, EntryInput
from docket.records.edits import CHANGE_KEYS, EditPlan, clean_reason
from docket.records.errors import InvalidRecord, RecordNotFound
from docket.records.history import read_history
from docket.records.merging import MergeOutcome, Merging
from docket.records.reader import Facts, hidden_refs, load_facts, load_views, unmerged
from docket.records.sources import Sources
from docket.records.splitting import SplitOutcome
from docket.records.unmerging import UnmergeOutcome
from docket.records.value_rows import flush_values, insert_values, load_states
from docket.records.values import floatless, valid_record_id
from docket.records.versions import without_unseen
from docket.records.views import RecordView, Version

__all__ = ["ImportResult", "RecordStore"]

_CHUNK: Final = 500


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
        creating = Creating(self, self._floatless_types)
        parsed, resolved, keys = creating.prepare([document], viewer, reference=reference)
        why = clean_reason(reason, required=False)
        return creating.write_new(connection, parsed, resolved, viewer, why, keys)[0]

    def _import(
        self, documents: Iterable[object], viewer: Viewer, reason: str | None
    ) -> ImportResult:
        creating = Creating(self, self._floatless_types)
        parsed, resolved, keys = creating.prepare(documents, viewer)
        with writing(self.kernel.engine) as connection:
            ids = creating.write_new(connection, parsed, resolved, viewer, reason, keys)
        self.kernel.checkpoint()
        return ImportResult(ids, {k: v for k, v in keys.items()})

    def resolve_refs(
        self,
        connection: Connection,
        parsed: list[DocumentInput],
        keys: Mapping[str, int],
        types_by_id: dict[int, str],
        viewer: Viewer,
    ) -> None:
        resolve_refs(self.kernel.archive_id, connection, parsed, keys, types_by_id, viewer)

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
        insert_values(connection, batch, version)

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
            apply_edit(
                self, connection, record_id, viewer, expected_version, reason, operations, retract
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
        return apply_edit(
            self,
            connection,
            record_id,
            viewer,
            expected_version,
            clean_reason(reason, required=False),
            operations,
            False,
        )

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

    def load_states(self, connection: Connection, record_id: int) -> list[ValueState]:
        return load_states(connection, record_id)

    def flush_values(
        self, connection: Connection, record_id: int, values: list[ValueState], version: int
    ) -> None:
        flush_values(connection, record_id, values, version)

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
        known: Mapping[int, RecordView] | None = None,
    ) -> list[RecordView]:
        """:meth:`views` inside the caller's read transaction, for a reader whose other reads
        must see the same state of the archive; ``known`` as ``load_views`` takes it."""
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
            known=known,
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
        result = read_history(self, record_id, viewer, reveal=reveal)
        if reveal:
            self.log_view([record_id], revealed=["history"])
        return without_unseen(self, record_id, viewer, result)

    def open_sealed(self, record_id: int, field_name: str, token: str) -> Any:
        return json.loads(self.cipher().open(token, self._context(record_id, field_name)))


_REFERRERS = (
    select(record_values.c.record_id)
    .join(records, records.c.id == record_values.c.record_id)
    .where(
        in_list(record_values.c.ref_id, "refs"),
        record_values.c.status == ACTIVE,
        # A merged record's links live on in the record it was merged into.
        unmerged(),
        Visibility.bound_clause(records.c.confidentiality),
    )
)
