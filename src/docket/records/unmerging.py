"""A merge undone: what it added and moved that still stands is taken back, every later edit
is kept, and the source counts on its own again.

What the merge did is read from the source's merge version (``merged_into``: the values it
added, the citations it joined, the references it moved).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select, update

from docket.db.engine import writing
from docket.db.schema import citations, record_versions
from docket.evidence.custody import utc_now
from docket.records.audit import RecordAction
from docket.records.changes import REMOVED, check_required, settle_field
from docket.records.errors import InvalidRecord
from docket.records.rewriting import (
    MERGED_INTO,
    Moved,
    RecordRewriting,
    Touched,
    one_at_a_time,
    required_reason,
    version_conflict,
)

__all__ = ["UnmergeOutcome", "Unmerging"]


@dataclass(frozen=True)
class UnmergeOutcome:
    source: int
    target: int
    values: tuple[Moved, ...]
    referrers: tuple[int, ...]


class Unmerging(RecordRewriting):
    """Merges undone on behalf of the store's viewer (writers only)."""

    def unmerge(
        self, source_id: int, *, reason: str, source_version: int | None = None
    ) -> UnmergeOutcome:
        """Undo the merge of ``source_id``: take back what it added and moved that still
        stands, and let the source count on its own again. Later edits are kept."""
        self.viewer.require_writer()
        why = required_reason(reason, "say why the merge is undone")
        store = self.store
        with one_at_a_time(), writing(store.kernel.engine) as connection:
            source = store.visible_row(connection, source_id, self.viewer)
            if source.merged_into is not None:
                source, _ = self._rows(connection, [source_id, source.merged_into], lock=True)
            if source_version is not None and source.version != source_version:
                raise version_conflict(connection, source.id, source_version)
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
                Touched(source, [], {}, {MERGED_INTO: {"old": target.id, "new": None}}),
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
