"""The names of every record, folded once and kept until a record changes.

A picker asks for records at each keystroke; reading and folding ten thousand names each time
costs a quarter of a second. Every change to a record (creation, edit, retraction, a new level)
adds a ``record_versions`` row, so the highest version row id and the number of rows say
whether the kept names are still true, and the rows above the id kept name the records to read
again.

The index holds names of every level. It never leaves this package: :func:`visible_names`
gives a viewer only the records their clearance allows, the same rule as ``Visibility.clause``.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from sqlalchemy import Connection, func, select

from docket.db.engine import reading
from docket.db.schema import record_values, record_versions, records
from docket.model.record_types import RecordTypes, ValueKind
from docket.names import fold_text
from docket.records.changes import ACTIVE
from docket.records.listing import title_texts

if TYPE_CHECKING:
    from docket.model.access import Viewer
    from docket.records.store import RecordStore

_CHUNK: Final = 500
# Archives whose names are kept at once (a server has one; tests open many in turn).
_KEPT: Final = 4


@dataclass(frozen=True)
class Name:
    """One name a record goes by, with its folded forms."""

    text: str
    plain: str
    keys: tuple[str, ...]


@dataclass(frozen=True)
class Entry:
    """What the index knows of one record: its own names and the records its title names."""

    type: str
    level: str
    retracted: bool
    names: tuple[Name, ...]
    refs: tuple[int, ...]
    # Every name at once, so a word is looked for by one search in C rather than a loop:
    # the names case-folded, and their keys each between spaces.
    plain: str = ""
    keyline: str = " "


@dataclass(frozen=True)
class _Index:
    head: int
    versions: int
    entries: dict[int, Entry]


_indexes: dict[tuple[str, str], _Index] = {}
_lock = threading.Lock()


def visible_names(
    store: RecordStore, type_names: Iterable[str]
) -> Iterator[tuple[int, Entry, list[Name]]]:
    """(id, entry, names borrowed from the records its title refers to) of every current
    record of ``type_names`` the viewer may see."""
    viewer = store.viewer
    wanted = set(type_names)
    entries = _current(store).entries
    for record_id, entry in entries.items():
        if entry.type not in wanted or entry.retracted or not viewer.can_see(entry.level):
            continue
        yield record_id, entry, _borrowed(entries, entry, viewer)


def visible_entry(store: RecordStore, record_id: int) -> Entry | None:
    """The record's entry if it is current and the viewer may see it."""
    entry = _current(store).entries.get(record_id)
    if entry is None or entry.retracted or not store.viewer.can_see(entry.level):
        return None
    return entry


def _borrowed(entries: dict[int, Entry], entry: Entry, viewer: Viewer) -> list[Name]:
    found: list[Name] = []
    for ref in entry.refs:
        target = entries.get(ref)
        # A hidden record lends no name: the record that refers to it is found without it.
        if target is not None and viewer.can_see(target.level):
            found.extend(target.names)
    return found


def _current(store: RecordStore) -> _Index:
    key = (store.kernel.archive_id, str(store.kernel.engine.url))
    with reading(store.kernel.engine) as connection:
        head, versions = connection.execute(
            select(func.coalesce(func.max(record_versions.c.id), 0), func.count())
        ).one()
        kept = _indexes.get(key)
        if kept is not None and (kept.head, kept.versions) == (head, versions):
            return kept
        changed: list[int] | None = None
        if kept is not None and kept.head < head:
            rows = connection.execute(
                select(record_versions.c.record_id).where(record_versions.c.id > kept.head)
            ).scalars()
            newer = list(rows)
            # Versions commit out of id order on a server database: one committed below the
            # kept head since the names were read shows in the count, and everything is read.
            if kept.versions + len(newer) == versions:
                changed = sorted(set(newer))
        if kept is not None and changed is not None:
            entries = {k: v for k, v in kept.entries.items() if k not in changed}
            entries.update(_load(connection, store.types, changed))
        else:
            entries = _load(connection, store.types, None)
    fresh = _Index(head, versions, entries)
    with _lock:
        if len(_indexes) >= _KEPT and key not in _indexes:
            _indexes.pop(next(iter(_indexes)))
        latest = _indexes.get(key)
        if latest is None or (latest.head, latest.versions) <= (head, versions):
            _indexes[key] = fresh
    return fresh


def _load(connection: Connection, types: RecordTypes, ids: list[int] | None) -> dict[int, Entry]:
    """Entries of the records ``ids`` (or of all records) of a type still in the record types."""
    known = list(types.names())
    found: dict[int, Entry] = {}
    chunks = [None] if ids is None else [ids[i : i + _CHUNK] for i in range(0, len(ids), _CHUNK)]
    fields = sorted({name for record_type in types for name in record_type.title})
    for chunk in chunks:
        rows = select(records.c.id, records.c.type, records.c.confidentiality, records.c.retracted)
        values = (
            select(
                record_values.c.record_id,
                record_values.c.field,
                record_values.c.value,
                record_values.c.ref_id,
            )
            .join(records, records.c.id == record_values.c.record_id)
            .where(
                records.c.type.in_(known),
                record_values.c.field.in_(fields),
                record_values.c.status == ACTIVE,
                record_values.c.protected.is_(False),
            )
        )
        if chunk is not None:
            rows = rows.where(records.c.id.in_(chunk))
            values = values.where(records.c.id.in_(chunk))
        heads = {row.id: row for row in connection.execute(rows.where(records.c.type.in_(known)))}
        texts: dict[int, list[str]] = {}
        refs: dict[int, list[int]] = {}
        for record_id, field_name, value, ref_id in connection.execute(values):
            record_type = types.get(heads[record_id].type)
            if field_name not in record_type.title:
                continue
            spec = record_type.field(field_name)
            if spec.kind is ValueKind.REF:
                if ref_id is not None:
                    refs.setdefault(record_id, []).append(ref_id)
                continue
            texts.setdefault(record_id, []).extend(
                title_texts(spec.kind, spec.taxonomy, json.loads(value))
            )
        for record_id, head in heads.items():
            names = tuple(_name(text) for text in dict.fromkeys(texts.get(record_id, [])))
            found[record_id] = Entry(
                head.type,
                head.confidentiality,
                bool(head.retracted),
                names,
                tuple(refs.get(record_id, [])),
                *joined(names),
            )
    return found


def joined(names: Iterable[Name]) -> tuple[str, str]:
    """(plain, keyline) of several names together."""
    listed = list(names)
    plain = "\n".join(name.plain for name in listed)
    keyline = " " + " ".join(key for name in listed for key in name.keys) + " "
    return plain, keyline


def _name(text: str) -> Name:
    return Name(text, text.casefold(), tuple(fold_text(text).split()))
