"""Records as FollowTheMoney entities, to open in Aleph-compatible tools.

People, organisations and places map to their FollowTheMoney schemata; events, acts and
interventions become Events with the actors involved; cases become CourtCases. The evidence items
the records cite become Documents, linked from each record as its ``proof``. The library is
imported only when this export is asked for.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Final

from docket.errors import DocketError
from docket.model.record_types import ValueKind
from docket.records.values import display
from docket.records.views import RecordView

SCHEMATA: Final = {
    "person": "Person",
    "organisation": "Organization",
    "place": "Address",
    "group": "Organization",
    "event": "Event",
    "act": "Event",
    "intervention": "Event",
    "case": "CourtCase",
    "claim": "Note",
}
# Docket field -> FollowTheMoney property, per schema; refs become links to entity ids.
PROPERTIES: Final = {
    "Person": {"name": "name", "nationality": "nationality", "gender": "gender",
               "description": "notes", "birth_year": "birthDate"},
    "Organization": {"name": "name", "country": "country", "website": "website",
                     "description": "description"},
    "Address": {"name": "full", "country": "country"},
    "Event": {"title": "name", "description": "summary", "date": "date", "place": "location",
              "victim": "involved", "by": "organizer", "concerning": "involved",
              "addressee": "involved", "violation": "name", "kind": "name"},
    "CourtCase": {"title": "name", "court": "court", "opened": "fileDate",
                  "description": "summary"},
    "Note": {"statement": "description", "claimant": "entity", "date": "date"},
}  # fmt: skip


def _model() -> Any:
    try:
        return importlib.import_module("followthemoney").model
    except ImportError:
        raise DocketError(
            "the FollowTheMoney export needs the followthemoney package: pip install followthemoney"
        ) from None


def entity_id(view: RecordView, record_id: int) -> str:
    return f"docket-{view.archive_id}-{record_id}"


def document_id(view: RecordView, item_id: int) -> str:
    return f"docket-{view.archive_id}-item-{item_id}"


# Item column -> FollowTheMoney Document property.
DOCUMENT_PROPERTIES: Final = {
    "title": "title",
    "original_name": "fileName",
    "media_type": "mimeType",
    "language": "language",
    "published": "publishedAt",
    "source_url": "sourceUrl",
    "author": "author",
    "size": "fileSize",
}


def ftm_entities(
    views: list[RecordView], item: Callable[[int], Mapping[str, Any]]
) -> Iterator[dict[str, Any]]:
    """One FollowTheMoney entity (as a dict) per record that has a matching schema, then one
    Document per evidence item those records cite (``item(id)`` gives the item's metadata)."""
    model = _model()
    cited: dict[int, str] = {}
    for view in views:
        schema = SCHEMATA.get(view.type.name)
        if schema is None:
            continue
        entity = model.make_entity(schema)
        entity.id = entity_id(view, view.id)
        for field, prop in PROPERTIES[schema].items():
            if field not in view.type.fields:
                continue
            spec = view.type.field(field)
            for value in view.field_values(field):
                if value.redacted:
                    continue
                if spec.kind is ValueKind.REF:
                    entity.add(prop, entity_id(view, int(value.value["ref"])), quiet=True)
                elif spec.kind is ValueKind.UNCERTAIN_DATE:
                    entity.add(prop, _iso(value.value), quiet=True)
                else:
                    entity.add(prop, display(spec, value.value, view.names), quiet=True)
        for value in view.values:
            for citation in value.citations:
                cited.setdefault(citation.item_id, document_id(view, citation.item_id))
                entity.add("proof", cited[citation.item_id], quiet=True)
        yield dict(entity.to_dict())
    for item_id, identifier in sorted(cited.items()):
        document = model.make_entity("Document")
        document.id = identifier
        metadata = item(item_id)
        for column, prop in DOCUMENT_PROPERTIES.items():
            if metadata.get(column) is not None:
                document.add(prop, str(metadata[column]), quiet=True)
        yield dict(document.to_dict())


def _iso(stored: dict[str, Any]) -> str | None:
    start, end = stored.get("start"), stored.get("end")
    if start and start == end:
        return str(start)
    if start and end and start[:7] == end[:7]:
        return str(start[:7])
    if start and end and start[:4] == end[:4]:
        return str(start[:4])
    return None
