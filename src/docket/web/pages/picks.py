"""What a record picker (templates/pick.html) posted, checked, and how to show it again.

A picker posts the ids of the chosen records, the names and types of records to create, and
the text box as typed. Every id must name a current record the user may see, of a type the
field allows; a typed name must name exactly one such record. Nothing is written here: the
page writes the record and the new ones it refers to together.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from starlette.datastructures import FormData

from docket.door import Door
from docket.face import InvalidRecord
from docket.model.record_types import FieldSpec, RecordType, RecordTypes, ValueKind
from docket.web.pages.records_display import title_of

MAX_NEW_NAME: Final = 200
# A record picked by number must fit the id column; longer digit strings name nothing.
_MAX_DIGITS: Final = 9


@dataclass(frozen=True)
class NewRecord:
    """A record to create by its name, because no existing one was meant."""

    type: str
    name: str


@dataclass
class Picked:
    """The records a picker names: existing ones by id, then the ones to create."""

    ids: list[int] = field(default_factory=list)
    new: list[NewRecord] = field(default_factory=list)


def name_field(record_type: RecordType) -> str | None:
    """The field a new record of this type is named by, when a name alone makes a valid record:
    its first title field, a name or a text, and nothing else required."""
    if not record_type.title:
        return None
    first = record_type.title[0]
    if record_type.field(first).kind not in (ValueKind.NAME, ValueKind.TEXT):
        return None
    others_required = [n for n, s in record_type.fields.items() if s.required and n != first]
    if others_required or any(first not in group for group in record_type.required_any):
        return None
    return first


def creatable(types: RecordTypes, targets: Sequence[str]) -> list[str]:
    """The targets a picker may create a record of by its name."""
    return [name for name in targets if name in types and name_field(types.get(name))]


def targets_of(types: RecordTypes, spec: FieldSpec, language: str) -> list[tuple[str, str]]:
    return [(name, types.get(name).label(language)) for name in spec.targets if name in types]


def picked(
    door: Door, form: FormData, name: str, spec: FieldSpec, where: str, *, new_allowed: bool = True
) -> Picked:
    """The records the picker ``name`` chose for the field ``spec`` (``where`` = "act.victim"),
    each checked; raises one line naming ``where`` when one does not fit."""
    result = Picked()
    for text in _strings(form, name):
        if not text.isdigit() or len(text) > _MAX_DIGITS:
            raise InvalidRecord(f"{where}: {text[:20]!r} is not a record number")
        result.ids.append(int(text))
    result.new = _new_records(door.records.types, form, name, spec, where)
    if result.new and not new_allowed:
        raise InvalidRecord(f"{where}: create the new record first, then link it here")
    typed = _typed(form, name)
    if typed:
        parts = [part.strip() for part in typed.split(";")] if spec.many else [typed]
        result.ids.extend(door.resolve(part, spec.targets, where) for part in parts if part)
    result.ids = list(dict.fromkeys(result.ids))
    _check_ids(door, result.ids, spec, where)
    if not spec.many and len(result.ids) + len(result.new) > 1:
        raise InvalidRecord(
            f"{where} takes one record, and {len(result.ids) + len(result.new)} were chosen"
        )
    return result


def chips(door: Door, form: FormData | None, name: str, language: str) -> list[dict[str, Any]]:
    """What the picker had chosen when the form comes back: visible records and new ones."""
    if form is None:
        return []
    ids = [int(t) for t in _strings(form, name) if t.isdigit() and len(t) <= _MAX_DIGITS]
    shown = record_chips(door, ids, language)
    types = door.records.types
    for new_name, type_name in zip(
        _strings(form, f"new.{name}"), _strings(form, f"newtype.{name}"), strict=False
    ):
        if type_name in types:
            label = types.get(type_name).label(language)
            shown.append({"new": new_name[:MAX_NEW_NAME], "type": type_name, "type_label": label})
    return shown


def record_chips(door: Door, ids: Sequence[int], language: str) -> list[dict[str, Any]]:
    """The ``current`` of a picker for records already chosen (those the viewer may see)."""
    if not ids:
        return []
    views = {v.id: v for v in door.records.views(ids=list(ids), sources=False)}
    return [
        {"id": view.id, "title": title_of(view, language), "type_label": view.type.label(language)}
        for view in (views.get(record_id) for record_id in dict.fromkeys(ids))
        if view is not None
    ]


def typed_text(form: FormData | None, name: str) -> str:
    return _typed(form, name) if form is not None else ""


def _typed(form: FormData, name: str) -> str:
    value = form.get(f"pick.{name}", "")
    return value.strip()[:2000] if isinstance(value, str) else ""


def _strings(form: FormData, name: str) -> list[str]:
    return [v.strip() for v in form.getlist(name) if isinstance(v, str) and v.strip()]


def _new_records(
    types: RecordTypes, form: FormData, name: str, spec: FieldSpec, where: str
) -> list[NewRecord]:
    names = _strings(form, f"new.{name}")
    kinds = _strings(form, f"newtype.{name}")
    if len(names) != len(kinds):
        raise InvalidRecord(f"{where}: each new record needs a name and a type")
    allowed = creatable(types, spec.targets)
    found = []
    for new_name, type_name in zip(names, kinds, strict=True):
        if type_name not in allowed:
            choices = " or ".join(allowed) or "nothing"
            raise InvalidRecord(
                f"{where}: a new {type_name[:32]!r} cannot be created here; only {choices}"
            )
        if len(new_name) > MAX_NEW_NAME:
            raise InvalidRecord(
                f"{where}: a new record's name is at most {MAX_NEW_NAME} characters"
            )
        found.append(NewRecord(type_name, new_name))
    return found


def _check_ids(door: Door, ids: list[int], spec: FieldSpec, where: str) -> None:
    if not ids:
        return
    # A hidden, missing or retracted record is "no record N", alike.
    found = {v.id: v.type.name for v in door.records.views(ids=ids, sources=False, names=False)}
    for record_id in ids:
        type_name = found.get(record_id)
        if type_name is None:
            raise InvalidRecord(f"{where}: no record {record_id}")
        if type_name not in spec.targets:
            raise InvalidRecord(
                f"{where} must refer to a {' or '.join(spec.targets)}, "
                f"and record {record_id} is a {type_name}"
            )
