"""One record that conflates two subjects split: the chosen values, with their citations, move
to a new record of the same type, and the chosen records that refer to it point at the new one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from docket.db.bulk import insert_rows
from docket.db.engine import writing
from docket.db.schema import records
from docket.evidence.custody import utc_now
from docket.model.record_types import RecordType
from docket.records.audit import RecordAction
from docket.records.changes import REMOVED, ValueState, check_required, settle_field
from docket.records.errors import InvalidRecord
from docket.records.rewriting import (
    Moved,
    RecordRewriting,
    Touched,
    one_at_a_time,
    required_reason,
    version_conflict,
)
from docket.records.values import MAX_ID, REDACTED, display

__all__ = ["SplitOutcome", "Splitting"]


@dataclass(frozen=True)
class SplitOutcome:
    source: int
    created: int
    values: tuple[Moved, ...]
    referrers: tuple[int, ...]


class Splitting(RecordRewriting):
    """Records split on behalf of the store's viewer (writers only)."""

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
        why = required_reason(reason, "say why the record is split")
        chosen = _ids(value_ids, "value")
        if not chosen:
            raise InvalidRecord("choose the values that move to the new record")
        wanted_refs = _ids(referrers, "record")
        store = self.store
        with one_at_a_time(), writing(store.kernel.engine) as connection:
            row = store.visible_row(connection, record_id, self.viewer, lock=True)
            if expected_version is not None and row.version != expected_version:
                raise version_conflict(connection, row.id, expected_version)
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
                Touched(created_row, fresh, {}, created_change),
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


def _prefer_one(record_type: RecordType, values: list[ValueState], why: str) -> None:
    """A single-valued field left with alternatives but none preferred prefers its first."""
    for name, spec in record_type.fields.items():
        if spec.many:
            continue
        active = [v for v in values if v.field == name and v.active]
        if len(active) > 1 and not any(v.preferred for v in active):
            active[0].preferred, active[0].reason, active[0].dirty = True, why, True


def _ids(raw: Sequence[int], what: str) -> list[int]:
    result: list[int] = []
    for item in raw:
        if isinstance(item, bool) or not isinstance(item, int) or not 1 <= item <= MAX_ID:
            raise InvalidRecord(f"not a {what} id: {item!r}")
        if item not in result:
            result.append(item)
    return result
