"""What a reader gets back: records, values and citations as one viewer may see them.

``RecordView.to_json`` is the public interchange form (docs/records.md): what ``show --json``
prints, what ``export records`` writes one per line, and what ``import records`` reads back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from docket.model.record_types import FieldSpec, RecordType, ValueKind
from docket.records.values import REDACTED, display


@dataclass(frozen=True)
class Citation:
    """A span of an item's working copy that a value rests on."""

    id: int
    item_id: int
    start: int
    end: int
    sha256: str
    item_sha256: str | None = None
    quote: str | None = None
    # True when the item's newest working copy no longer has the cited words at this span.
    drifted: bool | None = None

    def to_json(self) -> dict[str, Any]:
        result: dict[str, Any] = {
            "item": self.item_id,
            "item_sha256": self.item_sha256,
            "start": self.start,
            "end": self.end,
            "sha256": self.sha256,
        }
        if self.quote is not None:
            result["quote"] = self.quote
        if self.drifted:
            result["drifted"] = True
        return result


@dataclass(frozen=True)
class Value:
    """One value of a field, active or removed, with its sources."""

    id: int
    field: str
    value: Any  # stored JSON, or REDACTED for a protected value not revealed
    preferred: bool
    reason: str | None
    status: str
    added_version: int
    removed_version: int | None = None
    protected: bool = False
    citations: tuple[Citation, ...] = ()

    @property
    def active(self) -> bool:
        return self.status == "active"

    @property
    def redacted(self) -> bool:
        return bool(self.value == REDACTED)

    def to_json(self) -> dict[str, Any]:
        result: dict[str, Any] = {"id": self.id, "value": self.value}
        if self.protected:
            result["protected"] = True
        result["preferred"] = self.preferred
        if self.reason:
            result["reason"] = self.reason
        if not self.active:
            result["status"] = self.status
            result["removed_version"] = self.removed_version
        result["citations"] = [citation.to_json() for citation in self.citations]
        return result


@dataclass(frozen=True)
class RecordView:
    """A record as one viewer sees it: hidden references dropped, protected values redacted."""

    id: int
    type: RecordType
    confidentiality: str
    version: int
    retracted: bool
    retraction_reason: str | None
    created_at: str
    created_by: str
    updated_at: str
    updated_by: str
    values: tuple[Value, ...]
    archive_id: str
    # Titles of the records this one points to and the viewer may see.
    names: Mapping[int, str] = field(default_factory=dict)
    # Those records themselves, so a page or report can title them in its own language.
    linked: Mapping[int, RecordView] = field(default_factory=dict)
    # The record this one was merged into, which holds its values and references now.
    merged_into: int | None = None

    def field_values(self, name: str, *, include_removed: bool = False) -> list[Value]:
        return [v for v in self.values if v.field == name and (include_removed or v.active)]

    def preferred(self, name: str) -> Value | None:
        """The value to use for a field: the preferred one among the active values."""
        active = self.field_values(name)
        return next((v for v in active if v.preferred), active[0] if active else None)

    def first(self, name: str) -> Any:
        value = self.preferred(name)
        return None if value is None or value.redacted else value.value

    def refs(self, name: str) -> list[int]:
        return [int(v.value["ref"]) for v in self.field_values(name) if not v.redacted]

    def text(self, name: str) -> str:
        """The field's active values as one line (preferred first)."""
        spec = self.type.field(name)
        values = sorted(self.field_values(name), key=lambda v: not v.preferred)
        return ", ".join(display(spec, v.value, self.names) for v in values)

    @property
    def title(self) -> str:
        return self.title_with(self._title_text) or f"{self.type.name} #{self.id}"

    def title_with(self, text: Callable[[FieldSpec, Any], str]) -> str | None:
        """The title as ``text`` writes each value (the web writes it in the reader's
        language), or None when no title field has a value the viewer may read."""
        parts: list[tuple[str, str]] = []
        for name in self.type.title:
            value = self.preferred(name)
            if value is not None and not value.redacted:
                parts.append((name, text(self.type.field(name), value.value)))
                if not self.type.title_joins:
                    break
        return self.type.compose_title(parts)

    def _title_text(self, spec: FieldSpec, value: Any) -> str:
        if self.type.title_joins and spec.kind is ValueKind.REF:
            # A joined title names the linked records without their numbers.
            ref = int(value["ref"])
            return self.names.get(ref) or f"#{ref}"
        return display(spec, value, self.names)

    def linked_titles(self, title: Callable[[RecordView], str]) -> Mapping[int, str]:
        """The titles of the records this one points to, as ``title`` writes each (in the
        reader's language, where ``names`` has the store's own wording); each is written
        when first asked for, since a title names only one or two of them."""
        return _Titles(self.linked, title)

    @property
    def key(self) -> str:
        return f"{self.archive_id}/{self.id}"

    def to_json(self, *, include_removed: bool = False) -> dict[str, Any]:
        fields: dict[str, list[dict[str, Any]]] = {}
        for name in self.type.fields:
            values = self.field_values(name, include_removed=include_removed)
            if values:
                fields[name] = [value.to_json() for value in values]
        return {
            "id": self.id,
            "key": self.key,
            "type": self.type.name,
            "title": self.title,
            "confidentiality": self.confidentiality,
            "version": self.version,
            "retracted": self.retracted,
            "retraction_reason": self.retraction_reason,
            "created": {"at": self.created_at, "by": self.created_by},
            "updated": {"at": self.updated_at, "by": self.updated_by},
            "fields": fields,
        } | ({} if self.merged_into is None else {"merged_into": self.merged_into})


@dataclass(frozen=True)
class Version:
    """One entry of a record's history."""

    record_id: int
    version: int
    at: str
    actor: str
    reason: str | None
    change: Mapping[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {
            "record": self.record_id,
            "version": self.version,
            "at": self.at,
            "actor": self.actor,
            "reason": self.reason,
            "change": self.change,
        }


class _Titles(Mapping[int, str]):
    def __init__(self, views: Mapping[int, RecordView], title: Callable[[RecordView], str]):
        self._views = views
        self._title = title
        self._written: dict[int, str] = {}

    def __getitem__(self, record_id: int) -> str:
        if record_id not in self._written:
            self._written[record_id] = self._title(self._views[record_id])
        return self._written[record_id]

    def __iter__(self) -> Iterator[int]:
        return iter(self._views)

    def __len__(self) -> int:
        return len(self._views)
