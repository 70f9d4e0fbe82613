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

The undo is ``docket.records.unmerging``, the split ``docket.records.splitting``; what the three
share is ``docket.records.rewriting``. ``Merging`` does all three.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from docket.db.engine import reading, writing
from docket.evidence.custody import utc_now
from docket.model.access import higher_level
from docket.records.audit import RecordAction
from docket.records.changes import CitationState, ValueState, settle_field
from docket.records.errors import InvalidRecord
from docket.records.rewriting import (
    MERGED_INTO,
    Moved,
    Touched,
    copied,
    one_at_a_time,
    repointed,
    required_reason,
    version_conflict,
)
from docket.records.splitting import Splitting
from docket.records.unmerging import Unmerging
from docket.records.values import REDACTED, display, refs_in


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


class Merging(Unmerging, Splitting):
    """Merge, undo and split on behalf of the store's viewer (writers only)."""

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
        why = required_reason(reason, "say why the records are merged")
        for version in (source_version, target_version):
            if isinstance(version, bool) or not isinstance(version, int):
                raise InvalidRecord("expected version must be a whole number")
        with one_at_a_time(), writing(self.store.kernel.engine) as connection:
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
                Touched(source, [], {}, {MERGED_INTO: details}),
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
                raise version_conflict(connection, row.id, expected)
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
    ) -> tuple[MergeOutcome, Touched, list[Touched]]:
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
            plain = repointed(spec, self._plain(source.id, spec, value), source.id, target.id)
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
                    joined.append(copied(citation))
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
