"""Loading records as one viewer may see them: the single read path every query goes through.

Records above the viewer's clearance are never loaded; values pointing at them are dropped;
citations of items the viewer may not see are left out; protected values are "[redacted]", with
no citations (their spans would point at the words), unless revealed.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from sqlalchemy import ColumnElement, Connection, Select, and_, literal_column, or_, select, true

from docket.db.engine import reading
from docket.db.lists import in_list
from docket.db.schema import citations, items, record_values, records
from docket.kernel import newest_text_sha
from docket.model.access import Viewer, Visibility
from docket.records.changes import ACTIVE
from docket.records.sources import quote_hash
from docket.records.values import REDACTED
from docket.records.views import Citation, RecordView, Value

if TYPE_CHECKING:
    from docket.records.backend import RecordBackend

_CHUNK: Final = 500


def load_views(
    store: RecordBackend,
    connection: Connection,
    viewer: Viewer,
    *,
    ids: Sequence[int] | None = None,
    type_names: Sequence[str] | None = None,
    include_retracted: bool = True,
    include_removed: bool = False,
    reveal: bool = False,
    quotes: bool = False,
    sources: bool = True,
    depth: int = 2,
    fields: Sequence[str] | None = None,
    known: Mapping[int, RecordView] | None = None,
) -> list[RecordView]:
    """``fields``, when given, are the only fields whose values are read (the rest of the views
    are empty): what a list of titles needs. ``known`` are views of whole records read in the
    same transaction for the same viewer (every active value, none revealed): a record they
    hold that the views link to is named from it, not read again."""
    return _load(
        store,
        connection,
        viewer,
        ids=ids,
        type_names=type_names,
        include_retracted=include_retracted,
        include_removed=include_removed,
        reveal=reveal,
        quotes=quotes,
        sources=sources,
        depth=depth,
        fields=fields,
        known=known or {},
    )[0]


def _load(
    store: RecordBackend,
    connection: Connection,
    viewer: Viewer,
    *,
    ids: Sequence[int] | None,
    type_names: Sequence[str] | None,
    include_retracted: bool,
    include_removed: bool,
    reveal: bool,
    quotes: bool,
    sources: bool,
    depth: int,
    fields: Sequence[str] | None,
    known: Mapping[int, RecordView],
) -> tuple[list[RecordView], set[int]]:
    """The views, and the ids of every record loaded (those of types no longer known too: the
    viewer may see them, though they make no view)."""
    reads = _reads(
        by_type=type_names is not None,
        current_only=not include_retracted,
        removed_too=include_removed,
        by_field=fields is not None,
        by_id=ids is not None,
        texts=quotes,
    )
    parameters: dict[str, Any] = dict(viewer.visibility.parameters())
    if type_names is not None:
        parameters["types"] = list(type_names)
    if fields is not None:
        parameters["fields"] = list(fields)
    rows: dict[int, Any] = {}
    value_rows: list[_ValueRow] = []
    citation_rows: list[Any] = []
    for chunk in _chunks(ids):
        if chunk is not None:
            parameters["ids"] = chunk
        # A record comes once for each of its values (once with none): one statement for both.
        for row in connection.execute(reads.records_and_values, parameters):
            rows.setdefault(row.id, row)
            if row.value_id is not None:
                value_rows.append(_ValueRow._make(row[_RECORD_WIDTH:]))
        if sources:
            citation_rows.extend(connection.execute(reads.citations, parameters))
    refs = {r.ref_id for r in value_rows if r.ref_id is not None}
    linked: dict[int, RecordView] = {}
    if depth > 1 and refs:
        # The records referred to are loaded through the viewer's levels to name them: those
        # not loaded are the hidden ones, which asking about them apart would read again.
        # A title is made of the values of title fields only: the referenced records' other
        # values and their sources are not read.
        title_fields = sorted({name for record_type in store.types for name in record_type.title})
        # A record already read whole (the one whose page lists these as its referrers) is
        # named from that reading, as this one would have read it.
        reused = {i: _titled(known[i], title_fields) for i in refs if i in known}
        unread = sorted(refs - reused.keys())
        nested, seen = (
            _load(
                store,
                connection,
                viewer,
                ids=unread,
                type_names=None,
                include_retracted=True,
                include_removed=False,
                reveal=False,
                quotes=False,
                sources=False,
                depth=depth - 1,
                fields=title_fields,
                known=known,
            )
            if unread
            else ([], set())
        )
        found = {view.id: view for view in nested} | reused
        linked = {record_id: found[record_id] for record_id in sorted(found)}
        hidden = refs - seen - reused.keys() - set(rows)
    else:
        # A known record was read for this viewer: it is not hidden from them.
        hidden = hidden_refs(connection, viewer, refs - known.keys(), rows)
    # Each citation comes with its item's level and hash (and, for quotes, the hash of the
    # item's newest text): an item the viewer may not see is passed over before any text is read.
    texts: dict[str, str] = {}
    by_value: dict[int, list[Citation]] = {}
    for c in sorted(citation_rows, key=lambda c: c.id):
        if not viewer.can_see(c.item_confidentiality):
            continue
        quote, drifted = None, None
        if quotes:
            text = _text(store, texts, c.text_sha256)
            quote = text[c.span_start : c.span_end]
            drifted = quote_hash(quote) != c.quote_sha256
        by_value.setdefault(c.value_id, []).append(
            Citation(
                id=c.id,
                item_id=c.item_id,
                start=c.span_start,
                end=c.span_end,
                sha256=c.quote_sha256,
                item_sha256=c.item_sha256,
                quote=quote,
                drifted=drifted,
            )
        )
    grouped: dict[int, list[Value]] = {rid: [] for rid in rows}
    for v in sorted(value_rows, key=lambda v: v.id):
        if v.ref_id is not None and v.ref_id in hidden:
            continue
        cited = tuple(by_value.get(v.id, ()))
        if v.protected:
            shown = store.open_sealed(v.record_id, v.field, v.value) if reveal else REDACTED
            if not reveal:
                # The cited words of a witness's identity are the identity itself, and their
                # span points at them in any item the reader may open: the sources go too.
                cited = ()
        else:
            shown = json.loads(v.value)
        grouped[v.record_id].append(
            Value(
                id=v.id,
                field=v.field,
                value=shown,
                preferred=v.preferred,
                reason=v.preference_reason,
                status=v.status,
                added_version=v.added_version,
                removed_version=v.removed_version,
                protected=v.protected,
                citations=cited,
            )
        )
    names = {record_id: view.title for record_id, view in linked.items()}
    result = []
    for record_id in sorted(rows):
        row = rows[record_id]
        if row.type not in store.types:
            continue
        result.append(
            RecordView(
                id=row.id,
                type=store.types.get(row.type),
                confidentiality=row.confidentiality,
                version=row.version,
                retracted=row.retracted,
                retraction_reason=row.retraction_reason,
                merged_into=row.merged_into,
                created_at=row.created_at,
                created_by=row.created_by,
                updated_at=row.updated_at,
                updated_by=row.updated_by,
                values=tuple(grouped[record_id]),
                archive_id=store.kernel.archive_id,
                names=names,
                linked=linked,
            )
        )
    return result, set(rows)


def _titled(view: RecordView, title_fields: Sequence[str]) -> RecordView:
    """``view`` as a read of its title fields without sources or names gives it."""
    wanted = set(title_fields)
    return replace(
        view,
        values=tuple(
            replace(value, citations=()) for value in view.values if value.field in wanted
        ),
        names={},
        linked={},
    )


def _text(store: RecordBackend, read: dict[str, str], sha256: str | None) -> str:
    """The text under ``sha256`` ('' for an item without one), read once per load."""
    if sha256 is None:
        return ""
    found = read.get(sha256)
    if found is None:
        found = read[sha256] = store.kernel.text_of(sha256)
    return found


def current() -> ColumnElement[bool]:
    """A record that counts on its own: neither retracted nor merged into another."""
    return and_(records.c.retracted.is_(False), unmerged())


def unmerged() -> ColumnElement[bool]:
    """A record not merged into another. Written so that no index can serve it: nearly every
    record is unmerged, yet SQLite's planner, knowing nothing of that, rates the index of
    ``merged_into`` above that of a list bound as one parameter (``docket.db.lists``) and
    would go through every record to find the few a page asks for."""
    return (records.c.merged_into + literal_column("0")).is_(None)


def hidden_refs(
    connection: Connection, viewer: Viewer, refs: set[int], loaded: Mapping[int, Any]
) -> set[int]:
    unknown = sorted(refs - set(loaded))
    visible = set(refs) & set(loaded)
    for start in range(0, len(unknown), _CHUNK):
        visible.update(
            connection.execute(
                _VISIBLE_AMONG,
                {"ids": unknown[start : start + _CHUNK], **viewer.visibility.parameters()},
            ).scalars()
        )
    return refs - visible


_VISIBLE_AMONG = select(records.c.id).where(
    in_list(records.c.id, "ids"),
    Visibility.bound_clause(records.c.confidentiality),
)


@dataclass(frozen=True)
class _Reads:
    """The statements that load views, built once for each combination of options: composing
    them cost several times what running them did. The viewer's levels, ids, types and fields
    are bound when they run."""

    # Each record's columns and, on the same row, one of its values' (all null for a record
    # without values): the records and their values were two statements.
    records_and_values: Select[Any]
    citations: Select[Any]


class _ValueRow(NamedTuple):
    """A value's columns, in the order of ``record_values``."""

    id: int
    record_id: int
    field: str
    value: str
    protected: bool
    ref_id: int | None
    preferred: bool
    preference_reason: str | None
    status: str
    added_version: int
    removed_version: int | None


_RECORD_WIDTH: Final = len(records.c)


@functools.cache
def _reads(
    *,
    by_type: bool,
    current_only: bool,
    removed_too: bool,
    by_field: bool,
    by_id: bool,
    texts: bool = False,
) -> _Reads:
    condition = Visibility.bound_clause(records.c.confidentiality)
    if by_type:
        condition = and_(condition, in_list(records.c.type, "types"))
    if current_only:
        condition = and_(condition, current())
    if by_id:
        condition = and_(condition, in_list(records.c.id, "ids"))
    value_filter = true() if removed_too else record_values.c.status == ACTIVE
    if by_field:
        value_filter = and_(value_filter, in_list(record_values.c.field, "fields"))
    return _Reads(
        records_and_values=select(
            records, *(column.label(f"value_{column.name}") for column in record_values.c)
        )
        .select_from(
            records.outerjoin(
                record_values, and_(record_values.c.record_id == records.c.id, value_filter)
            )
        )
        .where(condition),
        citations=select(
            citations,
            items.c.sha256.label("item_sha256"),
            items.c.confidentiality.label("item_confidentiality"),
            *([_NEWEST_TEXT.label("text_sha256")] if texts else []),
        )
        .join(records, records.c.id == citations.c.record_id)
        .join(items, items.c.id == citations.c.item_id)
        .where(condition, citations.c.status == ACTIVE),
    )


# The hash of the newest working-copy text of a citation's item, as ``Kernel.text_in`` finds it.
_NEWEST_TEXT = newest_text_sha(citations.c.item_id).scalar_subquery()


def _chunks(ids: Sequence[int] | None) -> Iterator[list[int] | None]:
    if ids is None:
        yield None
        return
    unique = sorted(set(ids))
    for start in range(0, len(unique), _CHUNK):
        yield unique[start : start + _CHUNK]


@dataclass
class Facts:
    """Some fields of one record, without building a view: for counting over many records."""

    type: str
    fields: dict[str, list[tuple[Any, bool, int | None]]] = field(default_factory=dict)

    def first(self, name: str) -> Any:
        values = self.fields.get(name, [])
        return next((v for v, preferred, _ in values if preferred), None)

    def refs(self, name: str) -> list[int]:
        return [ref for _, _, ref in self.fields.get(name, []) if ref is not None]


def load_facts(
    store: RecordBackend, viewer: Viewer, wanted: Mapping[str, Sequence[str]]
) -> tuple[dict[int, Facts], dict[int, str]]:
    """The unprotected ``wanted`` fields ({type: fields}) of every current record the viewer
    may see, and the type of every such record. References to hidden records are dropped."""
    levels = viewer.visibility.clause(records.c.confidentiality)
    current_ones = and_(levels, current())
    which = or_(
        *(
            and_(records.c.type == name, record_values.c.field.in_(list(fields)))
            for name, fields in wanted.items()
        )
    )
    with reading(store.kernel.engine) as connection:
        visible = dict(
            connection.execute(select(records.c.id, records.c.type).where(current_ones)).all()
        )
        rows = connection.execute(
            select(
                record_values.c.record_id,
                record_values.c.field,
                record_values.c.value,
                record_values.c.ref_id,
                record_values.c.preferred,
            )
            .join(records, records.c.id == record_values.c.record_id)
            .where(
                current_ones,
                which,
                record_values.c.status == ACTIVE,
                record_values.c.protected.is_(False),
            )
            .order_by(record_values.c.id)
        )
        facts: dict[int, Facts] = {}
        for record_id, name, value, ref, preferred in rows:
            if ref is not None and ref not in visible:
                continue
            entry = facts.get(record_id)
            if entry is None:
                entry = facts[record_id] = Facts(visible[record_id])
            entry.fields.setdefault(name, []).append((json.loads(value), preferred, ref))
    return facts, visible
