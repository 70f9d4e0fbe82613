"""Checking a record before it is written, with the words a single record is refused in.

A form that writes a record together with new records it refers to (a victim created by name)
writes them as one batch, whose refusals name "record 2"; checked first, the record a person
typed is refused as ``act.date``, naming the field they can fix.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from docket.records.documents import parse_document
from docket.records.sources import Sources

if TYPE_CHECKING:
    from docket.records.store import RecordStore


def check_new(
    store: RecordStore, type_name: str, fields: Mapping[str, Any], confidentiality: str
) -> None:
    """Raise what ``store.create`` would for these values and their citations; write nothing.

    References to records of the same batch (``{"key": ...}``) are taken as given: the batch
    checks them when it is written.
    """
    store.viewer.require_writer()
    sources = Sources(store.kernel)
    document = {"type": type_name, "confidentiality": confidentiality, "fields": fields}
    parsed = parse_document(store.types, document, type_name, sources.reference_of, dotted=True)
    for entry in parsed.entries:
        for citation in entry.citations:
            sources.resolve(citation, parsed.at(entry.field))
