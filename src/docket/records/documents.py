"""Reading record documents (the JSON interchange form, or what the command line builds).

A field's values may be given bare (``"birth_year": 1956``), as a list (several values, or
alternatives for a single-valued field), or as entries carrying their sources::

    "size": [
      {"value": "about 22", "preferred": true, "reason": "named list of defendants",
       "citations": [{"item": 4, "start": 120, "end": 190}]},
      {"value": 27, "citations": [{"item": 7, "quote": "27 people were detained"}]}
    ]
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from docket.model.access import LEVELS as CONFIDENTIALITY_LEVELS
from docket.model.record_types import (
    FieldSpec,
    RecordType,
    RecordTypes,
    UnknownRecordType,
    ValueKind,
)
from docket.records.errors import InvalidCitation, InvalidRecord
from docket.records.values import MAX_ID, normalise

_ENTRY_KEYS: Final = frozenset(
    {"value", "citations", "preferred", "reason", "id", "protected", "status", "removed_version"}
)
_CITATION_KEYS: Final = frozenset(
    {"item", "item_sha256", "start", "end", "quote", "sha256", "drifted"}
)
# Keys of the exported form that describe a stored record and are not read back.
_OUTPUT_KEYS: Final = frozenset({"id", "title", "version", "created", "updated"})
_DOCUMENT_KEYS: Final = (
    frozenset({"type", "key", "confidentiality", "fields", "retracted", "retraction_reason"})
    | {"merged_into"}
    | _OUTPUT_KEYS
)
MAX_CITATIONS: Final = 100


@dataclass(frozen=True)
class CitationInput:
    """A source as given: an item (by id or SHA-256) and a span or the quoted words."""

    item_id: int | None
    item_sha256: str | None
    start: int | None
    end: int | None
    quote: str | None
    sha256: str | None


@dataclass
class EntryInput:
    field: str
    value: Any
    preferred: bool | None = None
    reason: str | None = None
    citations: list[CitationInput] = dataclasses.field(default_factory=list)


@dataclass
class DocumentInput:
    type: RecordType
    confidentiality: str
    entries: list[EntryInput]
    key: str | None = None
    where: str = "record"
    # A record created on its own names its fields as act.date; one of a batch as record 3: date.
    dotted: bool = False

    def at(self, field: str) -> str:
        """Where a field of this record is, for messages."""
        return f"{self.where}.{field}" if self.dotted else f"{self.where}: {field}"


# Gives the publication date of the first cited item, so "in April" takes its year from it.
ReferenceOf = Callable[[Sequence[CitationInput]], date | None]


def parse_document(
    types: RecordTypes,
    document: object,
    where: str,
    reference_of: ReferenceOf,
    *,
    dotted: bool = False,
) -> DocumentInput:
    if not isinstance(document, Mapping):
        raise InvalidRecord(f"{where}: a record must be a JSON object")
    unknown = set(document) - _DOCUMENT_KEYS
    if unknown:
        raise InvalidRecord(f"{where}: unknown key {sorted(map(str, unknown))[0]!r}")
    type_name = document.get("type")
    try:
        record_type = types.get(type_name)  # type: ignore[arg-type]
    except UnknownRecordType as error:
        raise InvalidRecord(f"{where}: {error}") from None
    if document.get("retracted"):
        raise InvalidRecord(f"{where}: a retracted record is not imported")
    if document.get("merged_into") is not None:
        raise InvalidRecord(f"{where}: a merged record is not imported (its record is)")
    confidentiality = parse_level(document.get("confidentiality", "public"), where)
    key = document.get("key")
    if key is not None and (not isinstance(key, str) or not key.strip() or len(key) > 200):
        raise InvalidRecord(f"{where}: key must be short text")
    fields = document.get("fields", {})
    if not isinstance(fields, Mapping):
        raise InvalidRecord(f"{where}: fields must be an object")
    entries: list[EntryInput] = []
    for name, raw in fields.items():
        spec = record_type.field(name) if isinstance(name, str) else record_type.field(str(name))
        place = f"{where}.{name}" if dotted else f"{where}: {name}"
        entries.extend(parse_entries(record_type, spec, raw, place, reference_of))
    return DocumentInput(record_type, confidentiality, entries, key, where, dotted)


def parse_level(level: object, where: str) -> str:
    if level not in CONFIDENTIALITY_LEVELS:
        raise InvalidRecord(
            f"{where}: confidentiality must be one of {', '.join(CONFIDENTIALITY_LEVELS)}"
        )
    return str(level)


def parse_entries(
    record_type: RecordType,
    spec: FieldSpec,
    raw: object,
    where: str,
    reference_of: ReferenceOf,
) -> list[EntryInput]:
    """The values given for one field, normalised; sources parsed but not yet checked."""
    items = raw if isinstance(raw, list) and not _is_single_list(spec, raw) else [raw]
    if not items:
        raise InvalidRecord(f"{where}: no value given")
    entries = []
    for index, item in enumerate(items):
        place = where if len(items) == 1 else f"{where}[{index}]"
        if isinstance(item, Mapping) and "value" in item and set(item) <= _ENTRY_KEYS:
            citations = parse_citations(item.get("citations", []), place)
            preferred = item.get("preferred")
            if preferred is not None and not isinstance(preferred, bool):
                raise InvalidRecord(f"{place}: preferred must be true or false")
            reason = item.get("reason")
            if reason is not None and (not isinstance(reason, str) or len(reason) > 2000):
                raise InvalidRecord(f"{place}: reason must be text")
            raw_value = item["value"]
        else:
            citations, preferred, reason, raw_value = [], None, None, item
        if raw_value is None:
            raise InvalidRecord(f"{place}: no value given")
        value = normalise(spec, raw_value, place, _reference(spec, citations, reference_of))
        entries.append(
            EntryInput(spec.name, value, preferred, (reason or "").strip() or None, citations)
        )
    return entries


def _is_single_list(spec: FieldSpec, raw: list[Any]) -> bool:
    # [42.5, 74.6] is one pair of coordinates, not two values.
    return (
        spec.kind is ValueKind.COORDINATES
        and len(raw) == 2
        and all(isinstance(x, int | float) and not isinstance(x, bool) for x in raw)
    )


def _reference(
    spec: FieldSpec, citations: Sequence[CitationInput], reference_of: ReferenceOf
) -> date | None:
    needs = spec.kind is ValueKind.UNCERTAIN_DATE or (
        spec.kind is ValueKind.STRUCT
        and any(part.kind is ValueKind.UNCERTAIN_DATE for part in spec.parts.values())
    )
    # Without citations the caller may still know the date (the item a finding was read in).
    return reference_of(citations) if needs else None


def parse_citations(raw: object, where: str) -> list[CitationInput]:
    if not isinstance(raw, list):
        raise InvalidCitation(f"{where}: citations must be a list")
    if len(raw) > MAX_CITATIONS:
        raise InvalidCitation(f"{where}: more than {MAX_CITATIONS} citations")
    return [parse_citation(item, f"{where} citation {n + 1}") for n, item in enumerate(raw)]


def parse_citation(raw: object, where: str) -> CitationInput:
    if not isinstance(raw, Mapping) or set(raw) - _CITATION_KEYS:
        raise InvalidCitation(f"{where}: a citation is {{item, start, end}} or {{item, quote}}")
    item, item_sha = raw.get("item"), raw.get("item_sha256")
    if item is not None and (
        isinstance(item, bool) or not isinstance(item, int) or not 1 <= item <= MAX_ID
    ):
        raise InvalidCitation(f"{where}: item must be an item id")
    if item_sha is not None and (not isinstance(item_sha, str) or len(item_sha) != 64):
        raise InvalidCitation(f"{where}: item_sha256 must be a SHA-256 in hex")
    if item is None and item_sha is None:
        raise InvalidCitation(f"{where}: name the item cited")
    start, end, quote, sha = raw.get("start"), raw.get("end"), raw.get("quote"), raw.get("sha256")
    for name, number in (("start", start), ("end", end)):
        if number is not None and (isinstance(number, bool) or not isinstance(number, int)):
            raise InvalidCitation(f"{where}: {name} must be a character offset")
    if (start is None) != (end is None):
        raise InvalidCitation(f"{where}: give both start and end")
    if start is None and not (isinstance(quote, str) and quote.strip()):
        raise InvalidCitation(f"{where}: give start and end, or the quoted words")
    if quote is not None and not isinstance(quote, str):
        raise InvalidCitation(f"{where}: quote must be text")
    if sha is not None and not isinstance(sha, str):
        raise InvalidCitation(f"{where}: sha256 must be text")
    return CitationInput(item, item_sha, start, end, quote, sha)
