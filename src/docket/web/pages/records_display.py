"""How records look on the pages: labels in the reader's language, values as text and links,
sources with their quoted words, versions as what changed, and long lists a page at a time.

Everything here works on what the record store already filtered for the viewer: hidden
references and citations of hidden items are gone, protected values read "[redacted]".
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final
from urllib.parse import urlencode

from fastapi import Request

from docket.face import REDACTED, Citation, RecordView, Value, Version
from docket.model.count_wording import count_text
from docket.model.counts import Count
from docket.model.dates import UncertainDate
from docket.model.record_types import FieldSpec, RecordType, ValueKind
from docket.model.taxonomy import load_taxonomy
from docket.web.formatting import code_label, date_label
from docket.web.i18n import DEFAULT_LANGUAGE

PAGE_SIZE: Final = 50
# Ids above what the database can hold cannot name a record; they are "not found" like others.
MAX_ID: Final = 2_147_483_647


def language_of(request: Request) -> str:
    return str(getattr(request.state, "language", "en"))


# -- pages of long lists ---------------------------------------------------------------------


@dataclass(frozen=True)
class Pager:
    """Where a page sits in a long list, with links to its neighbours (same filters)."""

    page: int
    pages: int
    total: int
    size: int
    previous_url: str | None
    next_url: str | None

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size


def pager(
    request: Request, total: int, page: int, size: int = PAGE_SIZE, param: str = "page"
) -> Pager:
    """The pager of a list of ``total`` entries, at ``page`` (kept within the list)."""
    pages = max(1, math.ceil(total / size))
    page = min(max(1, page), pages)

    def url(number: int) -> str:
        query = [(k, v) for k, v in request.query_params.multi_items() if k != param]
        query.append((param, str(number)))
        return f"{request.url.path}?{urlencode(query)}"

    return Pager(
        page,
        pages,
        total,
        size,
        url(page - 1) if page > 1 else None,
        url(page + 1) if page < pages else None,
    )


# -- values ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShownCitation:
    item: int
    start: int
    end: int
    quote: str | None = None
    drifted: bool = False


@dataclass(frozen=True)
class ShownValue:
    """One value as a line of text, a link when it names a record, with its sources."""

    id: int | None
    text: str
    ref: int | None = None
    preferred: bool = False
    reason: str | None = None
    redacted: bool = False
    flag: bool | None = None  # a yes/no value, worded by the page in its language
    citations: tuple[ShownCitation, ...] = ()


@dataclass(frozen=True)
class ShownField:
    name: str
    label: str
    many: bool
    protected: bool
    values: list[ShownValue] = field(default_factory=list)

    @property
    def conflicting(self) -> bool:
        """Sources disagree on a field that holds one value: all are shown, one preferred."""
        return not self.many and len(self.values) > 1


def date_text(value: UncertainDate, language: str) -> str:
    """A date with its marks in the reader's language."""
    return date_label(value, language)


def value_text(spec: FieldSpec, value: Any, names: Mapping[int, str], language: str) -> str:
    """One line for a stored value, with taxonomy terms and parts labelled in ``language``."""
    if value == REDACTED:
        return REDACTED
    kind = spec.kind
    if kind is ValueKind.NAME and isinstance(value, Mapping):
        return str(value.get("text", ""))
    if kind is ValueKind.UNCERTAIN_DATE and isinstance(value, Mapping):
        return date_text(UncertainDate.from_json(value), language)
    if kind is ValueKind.COUNT and isinstance(value, Mapping):
        return count_text(Count.from_json(value), language)
    if kind is ValueKind.REF and isinstance(value, Mapping) and "ref" in value:
        ref = int(value["ref"])
        return names.get(ref) or f"#{ref}"
    if kind is ValueKind.CODE and spec.taxonomy is not None:
        terms = load_taxonomy(spec.taxonomy)
        return terms.label(str(value), language) if str(value) in terms else str(value)
    if kind is ValueKind.TEXT and spec.choices and value in spec.choices:
        return code_label(str(value), language)
    if kind is ValueKind.COORDINATES and isinstance(value, Mapping):
        return f"{value.get('lat')}, {value.get('lon')}"
    if kind is ValueKind.STRUCT and isinstance(value, Mapping):
        parts = []
        for name, part in spec.parts.items():
            if name in value and value[name] is not None:
                items = value[name] if isinstance(value[name], list) else [value[name]]
                words = ", ".join(value_text(part, item, names, language) for item in items)
                parts.append(f"{part.label(language)}: {words}")
        return "; ".join(parts)
    return str(value)


def _ref_of(spec: FieldSpec, value: Any) -> int | None:
    if spec.kind is ValueKind.REF and isinstance(value, Mapping) and "ref" in value:
        return int(value["ref"])
    return None


def _citations(citations: Iterable[Citation]) -> tuple[ShownCitation, ...]:
    return tuple(
        ShownCitation(c.item_id, c.start, c.end, c.quote, bool(c.drifted)) for c in citations
    )


def shown_value(
    spec: FieldSpec, value: Value, names: Mapping[int, str], language: str
) -> ShownValue:
    return ShownValue(
        id=value.id,
        text=value_text(spec, value.value, names, language),
        ref=None if value.redacted else _ref_of(spec, value.value),
        preferred=value.preferred,
        reason=value.reason,
        redacted=value.redacted,
        flag=value.value if spec.kind is ValueKind.BOOLEAN and not value.redacted else None,
        citations=_citations(value.citations),
    )


def shown_fields(view: RecordView, language: str) -> list[ShownField]:
    """The record's fields that have values, in the order of the record type."""
    result = []
    names = names_in(view, language)
    for name, spec in view.type.fields.items():
        values = sorted(view.field_values(name), key=lambda v: (not v.preferred, v.id))
        if values:
            result.append(
                ShownField(
                    name,
                    spec.label(language),
                    spec.many,
                    spec.protected,
                    [shown_value(spec, v, names, language) for v in values],
                )
            )
    return result


def names_in(view: RecordView, language: str) -> Mapping[int, str]:
    """The titles of the records ``view`` points to, in the reader's language: the act of an
    involvement is named on a Russian page by its Russian label, not by its English one."""
    if language == DEFAULT_LANGUAGE:
        return view.names
    return view.linked_titles(lambda linked: title_of(linked, language))


def title_of(view: RecordView, language: str) -> str:
    """What names the record, in the reader's language (a code reads as its label)."""
    names = names_in(view, language)
    title = view.title_with(lambda spec, value: value_text(spec, value, names, language))
    return title or f"{view.type.label(language)} #{view.id}"


def record_row(view: RecordView, language: str) -> dict[str, Any]:
    """What a list shows of a record."""
    return {
        "id": view.id,
        "title": title_of(view, language),
        "type": view.type.name,
        "type_label": view.type.label(language),
        "confidentiality": view.confidentiality,
        "retracted": view.retracted,
        "merged_into": view.merged_into,
        "updated_at": view.updated_at,
        "version": view.version,
    }


# -- versions --------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldDiff:
    """What one version did to one field."""

    label: str
    added: list[ShownValue]
    removed: list[ShownValue]
    preferred: list[ShownValue]  # values that became the preferred one
    cited: list[ShownValue]  # values that gained sources (only the new sources shown)


@dataclass(frozen=True)
class ShownVersion:
    version: int
    at: str
    actor: str
    reason: str | None
    created: bool
    level: str | None  # the level a new record was created at
    confidentiality: tuple[str, str] | None  # (old, new) when it changed
    retracted: bool
    fields: list[FieldDiff]
    # What a merge, an undo or a split did: ("merged_into", M), ("merged_from", N), ...
    links: tuple[tuple[str, int], ...] = ()


def history_refs(versions: Sequence[Version], record_type: RecordType) -> set[int]:
    """Records named by values in the versions, to look their titles up."""
    found: set[int] = set()
    for version in versions:
        for name, sides in version.change.get("fields", {}).items():
            spec = record_type.fields.get(name)
            if spec is None:
                continue
            for values in sides.values():
                for snapshot in values:
                    ref = _ref_of(spec, snapshot.get("value"))
                    if ref is not None:
                        found.add(ref)
    return found


def shown_versions(
    versions: Sequence[Version],
    record_type: RecordType,
    names: Mapping[int, str],
    language: str,
) -> list[ShownVersion]:
    """The versions as what each one set, added, removed or preferred, newest first."""
    result = []
    for version in sorted(versions, key=lambda v: v.version, reverse=True):
        change = version.change
        created = change.get("created")
        level = change.get("confidentiality")
        diffs = []
        for name, sides in change.get("fields", {}).items():
            spec = record_type.fields.get(name)
            if spec is None:
                continue
            diffs.append(_field_diff(spec, sides, names, language))
        result.append(
            ShownVersion(
                version=version.version,
                at=version.at,
                actor=version.actor,
                reason=version.reason,
                created=isinstance(created, Mapping),
                level=str(created["confidentiality"]) if isinstance(created, Mapping) else None,
                confidentiality=(str(level["old"]), str(level["new"]))
                if isinstance(level, Mapping)
                else None,
                retracted=isinstance(change.get("retracted"), Mapping),
                fields=diffs,
                links=_links(change),
            )
        )
    return result


def _links(change: Mapping[str, Any]) -> tuple[tuple[str, int], ...]:
    found: list[tuple[str, int]] = []
    merged = change.get("merged_into")
    if isinstance(merged, Mapping):
        if isinstance(merged.get("new"), int):
            found.append(("merged_into", merged["new"]))
        elif isinstance(merged.get("old"), int):
            found.append(("unmerged_from", merged["old"]))
    for key, kind in (("merged", "merged_from"), ("unmerged", "unmerged")):
        part = change.get(key)
        if isinstance(part, Mapping) and isinstance(part.get("from"), int):
            found.append((kind, part["from"]))
    split = change.get("split")
    if isinstance(split, Mapping) and isinstance(split.get("into"), int):
        found.append(("split_into", split["into"]))
    if isinstance(change.get("split_from"), int):
        found.append(("split_from", change["split_from"]))
    return tuple(found)


def _field_diff(
    spec: FieldSpec, sides: Mapping[str, Any], names: Mapping[int, str], language: str
) -> FieldDiff:
    old = list(sides.get("old", []))
    new = list(sides.get("new", []))

    def key(snapshot: Mapping[str, Any]) -> Any:
        return snapshot.get("id") or repr(snapshot.get("value"))

    before = {key(s): s for s in old}
    after = {key(s): s for s in new}

    def show(
        snapshot: Mapping[str, Any], cites: Sequence[Mapping[str, Any]] | None = None
    ) -> ShownValue:
        return _snapshot_value(spec, snapshot, names, language, cites)

    preferred, cited = [], []
    for k, now in after.items():
        was = before.get(k)
        if was is None:
            continue
        if now.get("preferred") and not was.get("preferred") and not spec.many:
            preferred.append(show(now))
        spans = {_span(c) for c in was.get("citations", [])}
        gained = [c for c in now.get("citations", []) if _span(c) not in spans]
        if gained:
            cited.append(show(now, gained))
    return FieldDiff(
        label=spec.label(language),
        added=[show(s) for k, s in after.items() if k not in before],
        removed=[show(s) for k, s in before.items() if k not in after],
        preferred=preferred,
        cited=cited,
    )


def _span(citation: Mapping[str, Any]) -> tuple[Any, Any, Any]:
    return (citation.get("item"), citation.get("start"), citation.get("end"))


def _snapshot_value(
    spec: FieldSpec,
    snapshot: Mapping[str, Any],
    names: Mapping[int, str],
    language: str,
    citations: Sequence[Mapping[str, Any]] | None = None,
) -> ShownValue:
    value = snapshot.get("value")
    redacted = value == REDACTED
    return ShownValue(
        id=snapshot.get("id"),
        text=value_text(spec, value, names, language),
        ref=None if redacted else _ref_of(spec, value),
        preferred=bool(snapshot.get("preferred")),
        reason=snapshot.get("reason"),
        redacted=redacted,
        flag=value if spec.kind is ValueKind.BOOLEAN and not redacted else None,
        citations=tuple(
            ShownCitation(int(c["item"]), int(c["start"]), int(c["end"]))
            for c in (snapshot.get("citations", []) if citations is None else citations)
        ),
    )


def field_text(view: RecordView, name: str, language: str) -> str:
    """A field's current values as one line, preferred first ("" when it has none)."""
    if name not in view.type.fields:
        return ""
    spec = view.type.field(name)
    values = sorted(view.field_values(name), key=lambda v: (not v.preferred, v.id))
    names = names_in(view, language)
    return ", ".join(value_text(spec, v.value, names, language) for v in values)


def field_links(view: RecordView, name: str, language: str) -> list[ShownValue]:
    """A field's current values as shown values (links for references)."""
    if name not in view.type.fields:
        return []
    spec = view.type.field(name)
    names = names_in(view, language)
    return [shown_value(spec, v, names, language) for v in view.field_values(name)]
