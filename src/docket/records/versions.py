"""A record's history as one viewer may see it.

A version stores the values of each field before and after the change, as they were written:
a reference to a record that is now above the viewer's clearance, or a citation of an item
they may not see, would name what does not exist for them. Those are left out here, like the
record store leaves them out of the current record; protected values are already "[redacted]".
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from docket.db.engine import reading
from docket.db.schema import records
from docket.model.access import Viewer
from docket.records.reader import hidden_refs
from docket.records.sources import Sources
from docket.records.values import REDACTED, refs_in
from docket.records.views import Version

if TYPE_CHECKING:
    from docket.records.backend import RecordBackend


def without_unseen(
    store: RecordBackend, record_id: int, viewer: Viewer, versions: list[Version]
) -> list[Version]:
    """The record's versions without the references and citations the viewer may not see."""
    with reading(store.kernel.engine) as connection:
        type_name = connection.execute(
            select(records.c.type).where(records.c.id == record_id)
        ).scalar_one()
    record_type = store.types.get(type_name)
    refs: set[int] = set()
    items: set[int] = set()
    for version in versions:
        for name, value in _values(version.change):
            if name in record_type.fields and not value.get("protected"):
                refs.update(refs_in(record_type.field(name), value.get("value")))
            items.update(int(c["item"]) for c in value.get("citations", ()))
    with reading(store.kernel.engine) as connection:
        hidden = hidden_refs(connection, viewer, refs, {})
    sources = Sources(store.kernel)
    sources.load(item_ids=items)
    unseen = {
        item
        for item in items
        if (meta := sources.meta(item)) is None or not viewer.can_see(meta.confidentiality)
    }
    result = []
    for version in versions:
        change = dict(version.change)
        fields = change.get("fields")
        if isinstance(fields, Mapping):
            shown = {
                name: {
                    side: _sealed_once(
                        [
                            _without_hidden_items(value, unseen)
                            for value in values
                            if not _points_at(record_type.fields.get(name), value, hidden)
                        ]
                    )
                    for side, values in sides.items()
                }
                for name, sides in fields.items()
            }
            # A field whose change lay only in what the reader may not see did not change
            # for them; a version left with no change at all is not theirs to know of.
            change["fields"] = {name: sides for name, sides in shown.items() if _changed(sides)}
            if not change["fields"]:
                del change["fields"]
                if not change:
                    continue
        result.append(replace(version, change=change))
    return result


def _changed(sides: Mapping[str, list[dict[str, Any]]]) -> bool:
    return sides.get("old", []) != sides.get("new", [])


def _sealed_once(values: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Protected values still sealed for the reader shown as one ``[redacted]`` value: which of
    them were added, removed or preferred, with what reason and source, is theirs not to know."""
    shown: list[dict[str, Any]] = []
    sealed = False
    for value in values:
        if value.get("protected") and value.get("value") == REDACTED:
            if not sealed:
                shown.append({"value": REDACTED, "protected": True, "citations": []})
                sealed = True
        else:
            shown.append(value)
    return shown


def _values(change: Mapping[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for name, sides in change.get("fields", {}).items():
        for values in sides.values():
            for value in values:
                yield name, value


def _points_at(spec: Any, value: Mapping[str, Any], hidden: set[int]) -> bool:
    if spec is None or value.get("protected") or not hidden:
        return False
    return bool(hidden.intersection(refs_in(spec, value.get("value"))))


def _without_hidden_items(value: Mapping[str, Any], unseen: set[int]) -> dict[str, Any]:
    result = dict(value)
    result["citations"] = [c for c in value.get("citations", ()) if int(c["item"]) not in unseen]
    return result
