"""What a merge, its undo and a split share: a record's values read to be written again,
references re-pointed from one record to another, and each touched record's next version written
with its custody entry.

A record the person cannot see is never changed on their behalf, and each operation takes the
records it touches in id order, the order every writer takes them in.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import TYPE_CHECKING, Any, Final

from sqlalchemy import Connection, and_, insert, or_, select, update
from sqlalchemy.exc import OperationalError

from docket.db.schema import citations, record_values, record_versions, records
from docket.model.record_types import FieldSpec, RecordType, ValueKind
from docket.records.audit import custody_payload, latest_version, subject, version_row
from docket.records.changes import (
    ACTIVE,
    REMOVED,
    CitationState,
    ValueState,
    dump,
    field_change,
    snapshots,
)
from docket.records.edits import clean_reason
from docket.records.errors import EditConflict, InvalidRecord
from docket.records.values import REDACTED, display, refs_in

if TYPE_CHECKING:
    from docket.records.backend import RecordBackend

__all__ = [
    "MERGED_INTO",
    "Moved",
    "RecordRewriting",
    "Touched",
    "copied",
    "one_at_a_time",
    "repointed",
    "required_reason",
    "version_conflict",
]

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


@dataclass
class Touched:
    """A record an operation writes a new version of."""

    row: Any
    values: list[ValueState]
    before: dict[str, list[Any]]
    change: dict[str, Any]


class RecordRewriting:
    """Records read and written again on behalf of the store's viewer (writers only)."""

    def __init__(self, store: RecordBackend) -> None:
        self.store = store
        self.viewer = store.viewer

    def _touched(self, connection: Connection, row: Any, record_type: RecordType) -> Touched:
        values = self.store.load_states(connection, row.id)
        return Touched(row, values, snapshots(values, record_type.fields), {"_moved": []})

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
            citations=[copied(c) for c in value.citations],
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
            moved = repointed(spec, plain, old, new)
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
                    copied(c) for c in value.citations if (c.item_id, c.start, c.end) not in spans
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
    ) -> Touched:
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
            raise version_conflict(connection, row.id, row.version)

    def _write_version(
        self,
        connection: Connection,
        record: Touched,
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
def one_at_a_time() -> Iterator[None]:
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


def version_conflict(connection: Connection, record_id: int, expected: int) -> EditConflict:
    latest = latest_version(connection, record_id)
    return EditConflict(
        f"record {record_id} was changed by {latest.actor} at {latest.at} (now version "
        f"{latest.version}, you looked at version {expected}): nothing was changed; look at "
        f"it again with `docket record show {record_id}` and repeat with its new version"
    )


def repointed(spec: FieldSpec, value: Any, old: int, new: int) -> Any:
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
            result[name] = [repointed(part, item, old, new) for item in items]
        else:
            result[name] = repointed(part, items, old, new)
    return result


def copied(citation: CitationState) -> CitationState:
    return CitationState(citation.item_id, citation.start, citation.end, citation.sha256)


def required_reason(reason: str | None, missing: str) -> str:
    text = clean_reason(reason, required=False)
    if text is None:
        raise InvalidRecord(missing)
    return text
