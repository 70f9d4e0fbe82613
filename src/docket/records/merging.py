"""Two records found to be one subject are merged; a merge is undone; one record that conflates
two subjects is split.

A merge copies the source's active values, with their citations, to the surviving record (a value
the survivor already holds gains the source's citations; a single-valued field that disagrees
keeps the source's value as an alternative, not preferred), re-points every record the merging
person can see that refers to the source, and marks the source "merged into" the survivor. The
source keeps its values and history and stays readable; it no longer counts on its own. The
survivor takes the stricter confidentiality of the two, so nothing the source held reaches a
reader it was hidden from.

What a merge did is written into the source's merge version (``merged_into``: the values it
added, the citations it joined, the references it moved), so an undo takes back exactly what
still stands and keeps every later edit. Each operation is one transaction: a new version and a
custody entry for every record it touches, or nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import TYPE_CHECKING, Any, Final

from sqlalchemy import Connection, and_, insert, or_, select, update
from sqlalchemy.exc import OperationalError

from docket.db.bulk import insert_rows
from docket.db.engine import reading, writing
from docket.db.schema import citations, record_values, record_versions, records
from docket.evidence.custody import utc_now
from docket.model.access import higher_level
from docket.model.record_types import FieldSpec, RecordType, ValueKind
from docket.records.audit import RecordAction, custody_payload, subject, version_row
from docket.records.changes import (
    ACTIVE,
    REMOVED,
    CitationState,
    ValueState,
    check_required,
    dump,
    field_change,
    settle_field,
    snapshots,
)
from docket.records.edits import clean_reason
from docket.records.errors import EditConflict, InvalidRecord
from docket.records.values import MAX_ID, REDACTED, display, refs_in

if TYPE_CHECKING:
    from docket.records.backend import RecordBackend

MERGED_INTO: Final = "merged_into"
DEADLOCK: Final = "40P01"  # PostgreSQL's SQLSTATE for a transaction chosen to break a deadlock


@dataclass(frozen=True)
class Moved:
    """One value a merge, an undo or a split carries, as the person doing it may read it."""

    field: str
    text: str
    # "added", "alternative" (a single-valued field that disagrees), "sources" (an equal value
    # gained the other record's citations), "itself" (not copied: it would point at the record
    # it is on), "removed" or "kept" (an undo), "moved" (a split)
    how: str
    # The value itself, for a page to word in its reader's language; None when protected.
    value: Any = dataclass_field(default=None, compare=False)


@dataclass(frozen=True)
class MergeOutcome:
    """What a merge moved (or, as a preview, would move)."""

    source: int
    target: int
    values: tuple[Moved, ...]
    referrers: tuple[int, ...]
    level: str
    previous_level: str

    @property
    def level_raised(self) -> bool:
        return self.level != self.previous_level


@dataclass(frozen=True)
class UnmergeOutcome:
    source: int
    target: int
    values: tuple[Moved, ...]
    referrers: tuple[int, ...]


@dataclass(frozen=True)
class SplitOutcome:
    source: int
    created: int
    values: tuple[Moved, ...]
    referrers: tuple[int, ...]


@dataclass
class _Touched:
    """A record an operation writes a new version of."""

    row: Any
    values: list[ValueState]
    before: dict[str, list[Any]]
    change: dict[str, Any]


class Merging:
    """Merge, undo and split on behalf of the store's viewer (writers only)."""

    def __init__(self, store: RecordBackend) -> None:
        self.store = store
        self.viewer = store.viewer

    # -- merge ------------------------------------------------------------------------------

    def preview(self, source_id: int, target_id: int) -> MergeOutcome:
        """What merging ``source_id`` into ``target_id`` would move; refused as the merge is."""
        self.viewer.require_writer()
        with reading(self.store.kernel.engine) as connection:
            source, target = self._pair(connection, source_id, target_id, None, None, lock=False)
            plan = self._plan_merge(connection, source, target, seal=False)
        return plan[0]

    def merge(
        self,
        source_id: int,
        target_id: int,
        *,
        reason: str,
        source_version: int,
        target_version: int,
    ) -> MergeOutcome:
        self.viewer.require_writer()
        why = _reason(reason, "say why the records are merged")
        for version in (source_version, target_version):
            if isinstance(version, bool) or not isinstance(version, int):
                raise InvalidRecord("expected version must be a whole number")
        with _one_at_a_time(), writing(self.store.kernel.engine) as connection:
            source, target = self._pair(
                connection, source_id, target_id, source_version, target_version, lock=True
            )
            outcome, survivor, moved_refs = self._plan_merge(
                connection, source, target, seal=True, lock=True
            )
            touched = [survivor, *moved_refs]
            now = utc_now()
            self._claim(connection, source, now, merged_into=target.id)
            self._claim(connection, target, now, confidentiality=outcome.level)
            for other in moved_refs:
                self._claim(connection, other.row, now)
            for record in touched:
                self.store.flush_values(
                    connection, record.row.id, record.values, record.row.version + 1
                )
            details = {
                "old": None,
                "new": target.id,
                "added": [v.id for v in survivor.change["_added"]],
                "joined": sorted(c.id for c in survivor.change["_joined"] if c.id is not None),
                "moved": [
                    [record.row.id, old.id, None if new is None else new.id]
                    for record in touched
                    for old, new in record.change["_moved"]
                ],
            }
            if outcome.level_raised:
                survivor.change["confidentiality"] = {
                    "old": outcome.previous_level,
                    "new": outcome.level,
                }
            survivor.change["merged"] = {"from": source.id}
            self._write_version(
                connection,
                survivor,
                RecordAction.MERGED,
                why,
                now,
                merged_from=source.id,
                # The stricter level of the two, said where the merge is recorded.
                confidentiality=outcome.level,
                previous_confidentiality=outcome.previous_level,
            )
            for other in moved_refs:
                self._write_version(
                    connection,
                    other,
                    RecordAction.EDITED,
                    f"merged {source.id} into {target.id}",
                    now,
                )
            self._write_version(
                connection,
                _Touched(source, [], {}, {MERGED_INTO: details}),
                RecordAction.MERGED,
                why,
                now,
                merged_into=target.id,
                confidentiality=outcome.level,
            )
        self.store.kernel.checkpoint()
        return outcome

    def _pair(
        self,
        connection: Connection,
        source_id: int,
        target_id: int,
        source_version: int | None,
        target_version: int | None,
        *,
        lock: bool,
    ) -> tuple[Any, Any]:
        rows = self._rows(connection, [source_id, target_id], lock=lock)
        source, target = rows[0], rows[-1]
        if source.id == target.id:
            raise InvalidRecord(f"record {source.id} cannot be merged into itself")
        for row, expected in ((source, source_version), (target, target_version)):
            if expected is not None and row.version != expected:
                raise _conflict(connection, row.id, expected)
        for row in (source, target):
            if row.retracted:
                raise InvalidRecord(
                    f"record {row.id} is retracted: a retracted record is neither merged nor "
                    "merged into"
                )
        if source.merged_into is not None:
            raise InvalidRecord(f"record {source.id} is already merged into {source.merged_into}")
        if target.merged_into is not None:
            # Only a record that counts on its own takes a merge: no chains, so no cycles.
            raise InvalidRecord(
                f"record {target.id} is itself merged into {target.merged_into}: merge into "
                f"{target.merged_into} instead"
            )
        if source.type != target.type:
            raise InvalidRecord(
                f"record {source.id} is a {source.type} and record {target.id} a "
                f"{target.type}: only records of one type are merged"
            )
        return source, target

    def _plan_merge(
        self, connection: Connection, source: Any, target: Any, *, seal: bool, lock: bool = False
    ) -> tuple[MergeOutcome, _Touched, list[_Touched]]:
        store = self.store
        record_type = store.types.get(target.type)
        incoming = store.load_states(connection, source.id)
        survivor = self._touched(connection, target, record_type)
        values = survivor.values
        had = {v.field for v in values if v.active}
        moved: list[Moved] = []
        joined: list[CitationState] = []
        new_states: list[ValueState] = []
        for value in incoming:
            spec = record_type.fields.get(value.field)
            if spec is None:
                continue
            plain = _repointed(spec, self._plain(source.id, spec, value), source.id, target.id)
            text = REDACTED if spec.protected else display(spec, plain)
            shown = None if spec.protected else plain
            if not spec.protected and target.id in refs_in(spec, plain):
                # The source pointed at the record it merges into (an organisation whose parent
                # it is): on the survivor that would point at itself. The source keeps it.
                moved.append(Moved(spec.name, text, "itself", shown))
                continue
            same = next(
                (
                    v
                    for v in values
                    if v.active
                    and v.field == value.field
                    and self._plain(target.id, spec, v) == plain
                ),
                None,
            )
            if same is not None:
                spans = {(c.item_id, c.start, c.end) for c in same.citations}
                fresh = [c for c in value.citations if (c.item_id, c.start, c.end) not in spans]
                for citation in fresh:
                    joined.append(_copy(citation))
                    same.citations.append(joined[-1])
                if fresh:
                    moved.append(Moved(spec.name, text, "sources", shown))
                continue
            alternative = not spec.many and value.field in had
            state = self._state(
                target.id,
                spec,
                value,
                plain,
                preferred=value.preferred and not alternative,
                seal=seal,
            )
            new_states.append(state)
            how = "alternative" if alternative else "added"
            moved.append(Moved(spec.name, text, how, shown))
        values.extend(new_states)
        survivor.change["_moved"] = self._repoint(
            target.id, record_type, values, source.id, target.id, seal=seal
        )
        for name in {v.field for v in new_states} | {v.field for v, _ in survivor.change["_moved"]}:
            spec = record_type.field(name)
            current = [v for v in values if v.field == name and v.active]
            if not spec.many and len(current) > 1:
                for v in current:
                    if v.preferred and not v.reason:
                        v.reason = f"kept from record {target.id} when {source.id} was merged in"
                        v.dirty = True
            settle_field(record_type, spec, [v for v in values if v.field == name])
        # Their ids are known once written; the source's merge version lists them for an undo.
        survivor.change["_added"] = new_states
        survivor.change["_joined"] = joined
        others = [
            self._repointed_record(connection, row, source.id, target.id, seal=seal)
            for row in self._referrers(
                connection, source.id, exclude={source.id, target.id}, lock=lock
            )
        ]
        moved_refs = [other for other in others if other.change["_moved"]]
        level = higher_level(source.confidentiality, target.confidentiality)
        outcome = MergeOutcome(
            source=source.id,
            target=target.id,
            values=tuple(moved),
            referrers=tuple(other.row.id for other in moved_refs),
            level=level,
            previous_level=target.confidentiality,
        )
        return outcome, survivor, moved_refs

    # -- undo -------------------------------------------------------------------------------

    def unmerge(
        self, source_id: int, *, reason: str, source_version: int | None = None
    ) -> UnmergeOutcome:
        """Undo the merge of ``source_id``: take back what it added and moved that still
        stands, and let the source count on its own again. Later edits are kept."""
        self.viewer.require_writer()
        why = _reason(reason, "say why the merge is undone")
        store = self.store
        with _one_at_a_time(), writing(store.kernel.engine) as connection:
            source = store.visible_row(connection, source_id, self.viewer)
            if source.merged_into is not None:
                source, _ = self._rows(connection, [source_id, source.merged_into], lock=True)
            if source_version is not None and source.version != source_version:
                raise _conflict(connection, source.id, source_version)
            if source.merged_into is None:
                raise InvalidRecord(f"record {source.id} is not merged into another record")
            target = store.visible_row(connection, source.merged_into, self.viewer, lock=True)
            if target.retracted:
                raise InvalidRecord(
                    f"record {target.id} has been retracted since the merge: a retracted record "
                    "cannot change"
                )
            if target.merged_into is not None:
                raise InvalidRecord(
                    f"record {target.id} has since been merged into {target.merged_into}: undo "
                    "that merge first"
                )
            details = self._merge_details(connection, source.id, target.id)
            record_type = store.types.get(target.type)
            survivor = self._touched(connection, target, record_type)
            values = survivor.values
            taken: list[Moved] = []
            added = set(details.get("added", []))
            for value in values:
                spec = record_type.fields.get(value.field)
                if value.id not in added or spec is None or not value.active:
                    continue
                text = self._text(target.id, spec, value)
                rivals = [v for v in values if v.field == value.field and v.active]
                if not spec.many and value.preferred and len(rivals) > 1:
                    # Someone preferred it since: a later choice, kept.
                    taken.append(Moved(spec.name, text, "kept"))
                    continue
                value.status, value.dirty = REMOVED, True
                taken.append(Moved(spec.name, text, "removed"))
            dropped = set(details.get("joined", []))
            unjoined: list[int] = []
            for value in values:
                if not value.active:
                    continue
                kept = [c for c in value.citations if c.id not in dropped]
                if len(kept) != len(value.citations):
                    unjoined.extend(c.id for c in value.citations if c.id in dropped and c.id)
                    value.citations = kept
            moves: dict[int, set[int]] = {}
            restores: dict[int, set[int]] = {}
            for record_id, old, new in details.get("moved", []):
                moves.setdefault(int(record_id), set())
                if new is None:
                    restores.setdefault(int(record_id), set()).add(int(old))
                else:
                    moves[int(record_id)].add(int(new))
            restores.pop(target.id, None)
            survivor.change["_moved"] = self._repoint(
                target.id,
                record_type,
                values,
                target.id,
                source.id,
                seal=True,
                only=moves.pop(target.id, set()),
            )
            touched_fields = {v.field for v in values if v.dirty or v.id is None}
            for name in touched_fields:
                settle_field(
                    record_type, record_type.field(name), [v for v in values if v.field == name]
                )
            try:
                check_required(record_type, values)
            except InvalidRecord as error:
                raise InvalidRecord(f"the merge cannot be undone: {error}") from None
            others = []
            for row in self._visible_rows(connection, sorted(moves), lock=True):
                other = self._repointed_record(
                    connection,
                    row,
                    target.id,
                    source.id,
                    seal=True,
                    only=moves[row.id],
                    restore=restores.get(row.id, set()),
                )
                if other.change["_moved"]:
                    others.append(other)
            now = utc_now()
            self._claim(connection, source, now, merged_into=None)
            self._claim(connection, target, now)
            for other in others:
                self._claim(connection, other.row, now)
            version = target.version + 1
            for record in [survivor, *others]:
                self.store.flush_values(
                    connection, record.row.id, record.values, record.row.version + 1
                )
            if unjoined:
                connection.execute(
                    update(citations)
                    .where(citations.c.id.in_(sorted(unjoined)))
                    .values(status=REMOVED, removed_version=version)
                )
            survivor.change["unmerged"] = {"from": source.id}
            self._write_version(
                connection, survivor, RecordAction.UNMERGED, why, now, unmerged_from=source.id
            )
            for other in others:
                self._write_version(
                    connection,
                    other,
                    RecordAction.EDITED,
                    f"undid the merge of {source.id} into {target.id}",
                    now,
                )
            self._write_version(
                connection,
                _Touched(source, [], {}, {MERGED_INTO: {"old": target.id, "new": None}}),
                RecordAction.UNMERGED,
                why,
                now,
                unmerged_from=target.id,
            )
        store.kernel.checkpoint()
        return UnmergeOutcome(
            source.id, target.id, tuple(taken), tuple(other.row.id for other in others)
        )

    def _merge_details(self, connection: Connection, source_id: int, target_id: int) -> Any:
        rows = connection.execute(
            select(record_versions.c.change)
            .where(record_versions.c.record_id == source_id)
            .order_by(record_versions.c.version.desc())
        ).scalars()
        for text in rows:
            merged = json.loads(text).get(MERGED_INTO)
            if isinstance(merged, dict) and merged.get("new") == target_id:
                return merged
        raise InvalidRecord(f"record {source_id} has no merge into {target_id} to undo")

    # -- split ------------------------------------------------------------------------------

    def split(
        self,
        record_id: int,
        value_ids: Sequence[int],
        *,
        reason: str,
        referrers: Sequence[int] = (),
        expected_version: int | None = None,
    ) -> SplitOutcome:
        """Move the chosen values (with their citations) to a new record of the same type, and
        the chosen records that refer to this one along with them."""
        self.viewer.require_writer()
        why = _reason(reason, "say why the record is split")
        chosen = _ids(value_ids, "value")
        if not chosen:
            raise InvalidRecord("choose the values that move to the new record")
        wanted_refs = _ids(referrers, "record")
        store = self.store
        with _one_at_a_time(), writing(store.kernel.engine) as connection:
            row = store.visible_row(connection, record_id, self.viewer, lock=True)
            if expected_version is not None and row.version != expected_version:
                raise _conflict(connection, row.id, expected_version)
            if row.retracted:
                raise InvalidRecord(f"record {row.id} is retracted and cannot change")
            if row.merged_into is not None:
                raise InvalidRecord(
                    f"record {row.id} is merged into {row.merged_into} and cannot change"
                )
            record_type = store.types.get(row.type)
            original = self._touched(connection, row, record_type)
            by_id = {v.id: v for v in original.values}
            for value_id in chosen:
                if value_id not in by_id:
                    raise InvalidRecord(f"record {row.id} has no current value {value_id}")
            current = {
                r.id: r for r in self._referrers(connection, row.id, exclude={row.id}, lock=True)
            }
            for other_id in wanted_refs:
                if other_id not in current:
                    raise InvalidRecord(f"record {other_id} does not refer to record {row.id}")
            now = utc_now()
            (created_id,) = insert_rows(
                connection,
                records,
                [
                    {
                        "type": row.type,
                        "confidentiality": row.confidentiality,
                        "version": 1,
                        "retracted": False,
                        "retraction_reason": None,
                        "created_at": now,
                        "created_by": self.viewer.name,
                        "updated_at": now,
                        "updated_by": self.viewer.name,
                        "merged_into": None,
                    }
                ],
            )
            moved: list[Moved] = []
            fresh: list[ValueState] = []
            for value_id in chosen:
                value = by_id[value_id]
                spec = record_type.field(value.field)
                plain = self._plain(row.id, spec, value)
                moved.append(
                    Moved(spec.name, REDACTED if spec.protected else display(spec, plain), "moved")
                )
                state = self._state(
                    created_id, spec, value, plain, preferred=value.preferred, seal=True
                )
                fresh.append(state)
                value.status, value.dirty = REMOVED, True
            _prefer_one(record_type, fresh, f"the preferred value stayed on record {row.id}")
            _prefer_one(
                record_type,
                original.values,
                f"the preferred value moved to record {created_id}",
            )
            for where, states in ((f"record {row.id}", original.values), ("the new record", fresh)):
                try:
                    for name, spec in record_type.fields.items():
                        settle_field(record_type, spec, [v for v in states if v.field == name])
                    check_required(record_type, states)
                except InvalidRecord as error:
                    raise InvalidRecord(f"{where} after the split: {error}") from None
            others = [
                self._repointed_record(connection, current[i], row.id, created_id, seal=True)
                for i in wanted_refs
            ]
            self._claim(connection, row, now)
            for other in others:
                self._claim(connection, other.row, now)
            store.insert_values(connection, [(created_id, fresh)], version=1)
            for record in [original, *others]:
                store.flush_values(connection, record.row.id, record.values, record.row.version + 1)
            created_change = {
                "created": {"type": row.type, "confidentiality": row.confidentiality},
                "split_from": row.id,
            }
            created_row = connection.execute(
                select(records).where(records.c.id == created_id)
            ).one()
            self._write_version(
                connection,
                _Touched(created_row, fresh, {}, created_change),
                RecordAction.SPLIT,
                why,
                now,
                version=1,
                split_from=row.id,
            )
            original.change["split"] = {"into": created_id, "values": chosen}
            self._write_version(
                connection, original, RecordAction.SPLIT, why, now, split_into=created_id
            )
            for other in others:
                self._write_version(
                    connection,
                    other,
                    RecordAction.EDITED,
                    f"split {created_id} from {row.id}",
                    now,
                )
        store.kernel.checkpoint()
        return SplitOutcome(
            row.id, created_id, tuple(moved), tuple(other.row.id for other in others)
        )

    # -- shared -----------------------------------------------------------------------------

    def _touched(self, connection: Connection, row: Any, record_type: RecordType) -> _Touched:
        values = self.store.load_states(connection, row.id)
        return _Touched(row, values, snapshots(values, record_type.fields), {"_moved": []})

    def _text(self, record_id: int, spec: FieldSpec, value: ValueState) -> str:
        if spec.protected:
            return REDACTED
        return display(spec, self._plain(record_id, spec, value))

    def _plain(self, record_id: int, spec: FieldSpec, value: ValueState) -> Any:
        if value.protected:
            return self.store.open_sealed(record_id, spec.name, value.stored)
        return json.loads(value.stored) if value.plain is None else value.plain

    def _state(
        self,
        record_id: int,
        spec: FieldSpec,
        value: ValueState,
        plain: Any,
        *,
        preferred: bool,
        seal: bool,
    ) -> ValueState:
        # A sealed value is bound to its record: it is opened and sealed again for the new one.
        stored, ref = self.store.stored_form(record_id, spec, plain) if seal else ("", None)
        return ValueState(
            field=spec.name,
            stored=stored,
            protected=spec.protected,
            ref_id=ref,
            preferred=preferred,
            reason=value.reason if preferred else None,
            citations=[_copy(c) for c in value.citations],
            plain=None if spec.protected else plain,
        )

    def _repoint(
        self,
        record_id: int,
        record_type: RecordType,
        values: list[ValueState],
        old: int,
        new: int,
        *,
        seal: bool,
        only: set[int] | None = None,
    ) -> list[tuple[ValueState, ValueState | None]]:
        """Replace each active value pointing at ``old`` by one pointing at ``new`` (same
        preference and citations); ``only`` limits it to those value ids. In a many-valued
        field that already points at ``new`` the value goes, its citations joining the one
        there (paired with None), so no record names the same record twice."""
        pairs: list[tuple[ValueState, ValueState | None]] = []
        for value in list(values):
            spec = record_type.fields.get(value.field)
            if spec is None or value.protected or not value.active:
                continue
            if only is not None and value.id not in only:
                continue
            plain = self._plain(record_id, spec, value)
            if old not in refs_in(spec, plain):
                continue
            moved = _repointed(spec, plain, old, new)
            twin = next(
                (
                    v
                    for v in values
                    if spec.many
                    and v.active
                    and v is not value
                    and v.field == value.field
                    and self._plain(record_id, spec, v) == moved
                ),
                None,
            )
            value.status, value.dirty = REMOVED, True
            if twin is not None:
                spans = {(c.item_id, c.start, c.end) for c in twin.citations}
                twin.citations.extend(
                    _copy(c) for c in value.citations if (c.item_id, c.start, c.end) not in spans
                )
                pairs.append((value, None))
                continue
            state = self._state(
                record_id,
                spec,
                value,
                moved,
                preferred=value.preferred,
                seal=seal,
            )
            values.append(state)
            pairs.append((value, state))
        return pairs

    def _repointed_record(
        self,
        connection: Connection,
        row: Any,
        old: int,
        new: int,
        *,
        seal: bool,
        only: set[int] | None = None,
        restore: set[int] | None = None,
    ) -> _Touched:
        record_type = self.store.types.get(row.type)
        record = self._touched(connection, row, record_type)
        back = self._restored(connection, row.id, record_type, record.values, old, new, restore)
        record.change["_moved"] = self._repoint(
            row.id, record_type, record.values, old, new, seal=seal, only=only
        )
        record.values.extend(back)
        record.change["_moved"].extend((state, state) for state in back)
        return record

    def _restored(
        self,
        connection: Connection,
        record_id: int,
        record_type: RecordType,
        values: list[ValueState],
        old: int,
        new: int,
        value_ids: set[int] | None,
    ) -> list[ValueState]:
        """Values a merge folded into an equal one (see ``_repoint``), written again pointing
        at ``new``, while the record still points at ``old`` in that field and not at ``new``."""
        restored: list[ValueState] = []
        for value_id in sorted(value_ids or ()):
            row = connection.execute(
                select(record_values).where(
                    record_values.c.id == value_id,
                    record_values.c.record_id == record_id,
                    record_values.c.status == REMOVED,
                )
            ).first()
            spec = None if row is None else record_type.fields.get(row.field)
            if row is None or spec is None or row.protected:
                continue
            pointing = [
                refs_in(spec, self._plain(record_id, spec, v))
                for v in values
                if v.active and v.field == row.field
            ]
            if not any(old in refs for refs in pointing) or any(new in r for r in pointing):
                continue
            cited = connection.execute(
                select(citations)
                .where(citations.c.value_id == value_id, citations.c.status == ACTIVE)
                .order_by(citations.c.id)
            )
            restored.append(
                ValueState(
                    field=row.field,
                    stored=row.value,
                    protected=False,
                    ref_id=row.ref_id,
                    preferred=True,
                    reason=None,
                    citations=[
                        CitationState(c.item_id, c.span_start, c.span_end, c.quote_sha256)
                        for c in cited
                    ],
                )
            )
        return restored

    def _referrers(
        self, connection: Connection, record_id: int, exclude: set[int], *, lock: bool
    ) -> list[Any]:
        """The records the viewer may see that can change and refer to ``record_id``."""
        # Struct parts hold references inside the JSON text: ``{"ref":N}`` as stored.
        pattern = '%"ref":' + str(record_id) + "}%"
        ids = connection.execute(
            select(record_values.c.record_id)
            .where(
                record_values.c.status == ACTIVE,
                or_(
                    record_values.c.ref_id == record_id,
                    and_(
                        record_values.c.protected.is_(False),
                        record_values.c.value.like(pattern),
                    ),
                ),
            )
            .distinct()
        ).scalars()
        return self._visible_rows(connection, sorted(set(ids) - exclude), lock=lock)

    def _visible_rows(self, connection: Connection, ids: Iterable[int], *, lock: bool) -> list[Any]:
        wanted = sorted(ids)
        if not wanted:
            return []
        # A record the person cannot see is not changed on their behalf: it keeps pointing at
        # the merged record, which stays readable and says where it went.
        query = (
            select(records)
            .where(
                records.c.id.in_(wanted),
                records.c.retracted.is_(False),
                records.c.merged_into.is_(None),
                self.viewer.visibility.clause(records.c.confidentiality),
            )
            .order_by(records.c.id)
        )
        if lock:
            query = query.with_for_update(key_share=True)
        return list(connection.execute(query))

    def _rows(self, connection: Connection, ids: list[int], *, lock: bool) -> list[Any]:
        """The records ``ids`` in the order given, each "no record N" if the viewer may not see
        it; locked in id order, the order every writer takes them in."""
        found = {
            record_id: self.store.visible_row(connection, record_id, self.viewer, lock=lock)
            for record_id in sorted(set(ids))
        }
        return [found[record_id] for record_id in ids]

    def _claim(self, connection: Connection, row: Any, now: str, **columns: Any) -> None:
        """Take the record's next version, or fail if another writer took it first."""
        updated = connection.execute(
            update(records)
            .where(records.c.id == row.id, records.c.version == row.version)
            .values(version=row.version + 1, updated_at=now, updated_by=self.viewer.name, **columns)
        )
        if updated.rowcount != 1:
            raise _conflict(connection, row.id, row.version)

    def _write_version(
        self,
        connection: Connection,
        record: _Touched,
        action: str,
        reason: str,
        now: str,
        *,
        version: int | None = None,
        **extra: Any,
    ) -> None:
        record_type = self.store.types.get(record.row.type)
        change = {k: v for k, v in record.change.items() if not k.startswith("_")}
        if record.values or record.before:
            fields = field_change(record.before, snapshots(record.values, record_type.fields))
            if fields:
                change["fields"] = fields
        number = record.row.version + 1 if version is None else version
        text = dump(change)
        connection.execute(
            insert(record_versions),
            [version_row(record.row.id, number, now, self.viewer, reason, text)],
        )
        payload = custody_payload(record.row.id, record.row.type, number, text, reason, now)
        self.store.kernel.custody.append(
            connection,
            action,
            subject(record.row.id),
            payload | extra,
            actor=self.viewer.name,
        )


@contextmanager
def _one_at_a_time() -> Iterator[None]:
    """Two operations on overlapping records that PostgreSQL found waiting for each other: it
    rolled one back whole, which is an edit conflict to the person who asked for it."""
    try:
        yield
    except OperationalError as error:
        if getattr(error.orig, "sqlstate", None) != DEADLOCK:
            raise
        raise EditConflict(
            "another change to these records ran at the same moment: nothing was changed; "
            "look at the records again and repeat"
        ) from None


def _conflict(connection: Connection, record_id: int, expected: int) -> EditConflict:
    latest = connection.execute(
        select(record_versions.c.version, record_versions.c.actor, record_versions.c.at)
        .where(record_versions.c.record_id == record_id)
        .order_by(record_versions.c.version.desc())
        .limit(1)
    ).one()
    return EditConflict(
        f"record {record_id} was changed by {latest.actor} at {latest.at} (now version "
        f"{latest.version}, you looked at version {expected}): nothing was changed; look at "
        f"it again with `docket record show {record_id}` and repeat with its new version"
    )


def _repointed(spec: FieldSpec, value: Any, old: int, new: int) -> Any:
    if spec.kind is ValueKind.REF:
        if isinstance(value, dict) and value.get("ref") == old:
            return {**value, "ref": new}
        return value
    if spec.kind is not ValueKind.STRUCT or not isinstance(value, dict):
        return value
    result = dict(value)
    for name, part in spec.parts.items():
        if name not in result:
            continue
        items = result[name]
        if isinstance(items, list):
            result[name] = [_repointed(part, item, old, new) for item in items]
        else:
            result[name] = _repointed(part, items, old, new)
    return result


def _copy(citation: CitationState) -> CitationState:
    return CitationState(citation.item_id, citation.start, citation.end, citation.sha256)


def _prefer_one(record_type: RecordType, values: list[ValueState], why: str) -> None:
    """A single-valued field left with alternatives but none preferred prefers its first."""
    for name, spec in record_type.fields.items():
        if spec.many:
            continue
        active = [v for v in values if v.field == name and v.active]
        if len(active) > 1 and not any(v.preferred for v in active):
            active[0].preferred, active[0].reason, active[0].dirty = True, why, True


def _reason(reason: str | None, missing: str) -> str:
    text = clean_reason(reason, required=False)
    if text is None:
        raise InvalidRecord(missing)
    return text


def _ids(raw: Sequence[int], what: str) -> list[int]:
    result: list[int] = []
    for item in raw:
        if isinstance(item, bool) or not isinstance(item, int) or not 1 <= item <= MAX_ID:
            raise InvalidRecord(f"not a {what} id: {item!r}")
        if item not in result:
            result.append(item)
    return result
