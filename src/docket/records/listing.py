"""Finding records a page at a time: by type, and by the words of their names in any script.

A list of thousands of records must not load thousands of views to show fifty: the ids are
chosen first (through the viewer's filter), and only the page is loaded. A name filter reads
the unprotected values of the fields that name a record (``title`` in the record types), and
one step further for a title that is a reference (an act is named by its victim), and matches
each word of the query folded across scripts, spellings and case endings, so "Атамбаев" finds
"Atambayev".
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from sqlalchemy import ColumnElement, Connection, and_, func, select

from docket.db.engine import reading
from docket.db.schema import record_values, records
from docket.model.access import Viewer
from docket.model.record_types import RecordTypes, ValueKind
from docket.model.taxonomy import load_taxonomy
from docket.names import fold_text, search_key, search_key_prefix
from docket.records.changes import ACTIVE
from docket.records.reader import current
from docket.records.views import RecordView

if TYPE_CHECKING:
    from docket.records.store import RecordStore

_CHUNK: Final = 500
_MAX_QUERY_WORDS: Final = 12


@dataclass(frozen=True)
class RecordPage:
    """One page of a list: its records (newest first) and how many match in all."""

    records: list[RecordView]
    total: int


def find_records(
    store: RecordStore,
    *,
    type_name: str | None = None,
    text: str | None = None,
    include_retracted: bool = False,
    limit: int = 50,
    offset: int = 0,
) -> RecordPage:
    """The records the viewer may see, newest first, optionally of one type and matching
    ``text`` (every word of it in the record's name, or ``#id``)."""
    if type_name is not None:
        store.types.get(type_name)
    viewer = store.viewer
    limit, offset = max(0, limit), max(0, offset)
    condition: ColumnElement[bool] = viewer.visibility.clause(records.c.confidentiality)
    if type_name is not None:
        condition = and_(condition, records.c.type == type_name)
    if not include_retracted:
        condition = and_(condition, current())
    # Records of a type no longer in the record types cannot be shown: leave them out here too.
    condition = and_(condition, records.c.type.in_(list(store.types.names())))
    words = (text or "").split()[:_MAX_QUERY_WORDS]
    with reading(store.kernel.engine) as connection:
        if not words:
            total = connection.execute(select(func.count()).where(condition)).scalar_one()
            page = list(
                connection.execute(
                    select(records.c.id)
                    .where(condition)
                    .order_by(records.c.id.desc())
                    .limit(limit)
                    .offset(offset)
                ).scalars()
            )
        else:
            matched = _matching(connection, store.types, viewer, condition, words)
            total = len(matched)
            page = matched[offset : offset + limit]
    views = {view.id: view for view in store.views(ids=page, sources=False, include_retracted=True)}
    return RecordPage([views[i] for i in page if i in views], int(total))


def _matching(
    connection: Connection,
    types: RecordTypes,
    viewer: Viewer,
    condition: ColumnElement[bool],
    words: list[str],
) -> list[int]:
    """Ids of the records whose names hold every word, newest first."""
    # A query that is only a number (or "#12") also finds the record with that id.
    only = words[0].lstrip("#") if len(words) == 1 else ""
    by_id = int(only) if only.isdigit() and len(only) < 12 else None
    texts: dict[int, list[str]] = {}
    refs: dict[int, list[int]] = {}
    candidates: dict[int, str] = dict(
        connection.execute(select(records.c.id, records.c.type).where(condition)).all()
    )
    for record_id, type_name, field_name, value, ref_id in _title_values(
        connection, types, condition
    ):
        spec = types.get(type_name).field(field_name)
        if spec.kind is ValueKind.REF:
            if ref_id is not None:
                refs.setdefault(record_id, []).append(ref_id)
            continue
        texts.setdefault(record_id, []).extend(title_texts(spec.kind, spec.taxonomy, value))
    referenced = sorted({ref for found in refs.values() for ref in found})
    names = _reference_names(connection, types, viewer, referenced)
    for record_id, found in refs.items():
        for ref in found:
            texts.setdefault(record_id, []).extend(names.get(ref, []))
    matcher = _Query(words)
    result = [
        record_id
        for record_id in candidates
        if record_id == by_id or matcher.matches(texts.get(record_id, []))
    ]
    return sorted(result, reverse=True)


def _title_values(
    connection: Connection, types: RecordTypes, condition: ColumnElement[bool]
) -> Iterable[tuple[int, str, str, Any, int | None]]:
    """(record, type, field, value, ref) of every unprotected active title value."""
    fields = {name for record_type in types for name in record_type.title}
    rows = connection.execute(
        select(
            record_values.c.record_id,
            records.c.type,
            record_values.c.field,
            record_values.c.value,
            record_values.c.ref_id,
        )
        .join(records, records.c.id == record_values.c.record_id)
        .where(
            condition,
            record_values.c.field.in_(sorted(fields)),
            record_values.c.status == ACTIVE,
            record_values.c.protected.is_(False),
        )
    )
    for record_id, type_name, field_name, value, ref_id in rows:
        if field_name in types.get(type_name).title:
            yield record_id, type_name, field_name, json.loads(value), ref_id


def _reference_names(
    connection: Connection, types: RecordTypes, viewer: Viewer, ids: list[int]
) -> dict[int, list[str]]:
    """The name words of referenced records the viewer may see (hidden ones say nothing)."""
    found: dict[int, list[str]] = {}
    for start in range(0, len(ids), _CHUNK):
        visible = and_(
            records.c.id.in_(ids[start : start + _CHUNK]),
            viewer.visibility.clause(records.c.confidentiality),
            records.c.type.in_(list(types.names())),
        )
        for record_id, type_name, field_name, value, _ in _title_values(connection, types, visible):
            spec = types.get(type_name).field(field_name)
            if spec.kind is not ValueKind.REF:
                found.setdefault(record_id, []).extend(title_texts(spec.kind, spec.taxonomy, value))
    return found


def title_texts(kind: ValueKind, taxonomy: str | None, value: Any) -> list[str]:
    """The searchable texts of a stored title value: a name's text, a code and its labels."""
    if kind is ValueKind.NAME and isinstance(value, Mapping):
        return [str(value.get("text", ""))]
    if kind is ValueKind.CODE and taxonomy is not None and isinstance(value, str):
        terms = load_taxonomy(taxonomy)
        if value in terms:
            return [value.replace("_", " "), *terms.get(value).labels.values()]
        return [value]
    if isinstance(value, str | int):
        return [str(value)]
    return []


class _Query:
    """The words of a name filter, folded once."""

    def __init__(self, words: list[str]) -> None:
        self.words = [
            (word.casefold(), search_key(word), search_key_prefix(word)) for word in words
        ]

    def matches(self, texts: list[str]) -> bool:
        if not texts:
            return False
        plain = " ".join(texts).casefold()
        keys = fold_text(" ".join(texts)).split()
        return all(
            word in plain
            or (bool(key) and key in keys)
            or (bool(prefix) and any(k.startswith(prefix) for k in keys))
            for word, key, prefix in self.words
        )
