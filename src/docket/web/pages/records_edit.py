"""Changing records from the workspace: new records, edits with sources, and retraction.

Only editors and admins change records; for anyone else a change is refused (403), but a
record they may not see is "not found" (404) first, so the refusal tells nothing about it.
Every edit names the version it was based on: when someone changed the record in the meantime
the edit is refused, the form comes back with what was typed and the newer version, and
nothing is overwritten.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from docket.door import Door
from docket.errors import DocketError, ItemNotFound
from docket.face import EditConflict, InvalidCitation, InvalidRecord, RecordView
from docket.model.access import Viewer
from docket.model.record_types import FieldSpec, RecordType, ValueKind
from docket.model.taxonomy import load_taxonomy
from docket.web.auth import Signed, csrf_protected, form_data, signed_in
from docket.web.formatting import code_label
from docket.web.forms import field_text, version_and_reason, whole_number
from docket.web.ids import RecordId
from docket.web.pages.picks import chips, creatable, name_field, picked, targets_of, typed_text
from docket.web.pages.records import type_choices, visible_record
from docket.web.pages.records_display import language_of, names_in, title_of, value_text
from docket.web.templating import render

router = APIRouter(include_in_schema=False)


def _source(door: Door, form: FormData, prefix: str) -> dict[str, Any] | None:
    """A citation from the form's ``<prefix>_item/_start/_end/_quote`` inputs, if any given."""
    item, start, end, quote = (
        field_text(form, f"{prefix}_{part}") for part in ("item", "start", "end", "quote")
    )
    if not (item or start or end or quote):
        return None
    if not item:
        raise InvalidCitation("name the item the source is in (its number)")
    item_id = whole_number(item.lstrip("#"), "the item")
    # An item above the viewer's clearance is "no item", exactly like a missing one.
    try:
        door.items.get(item_id)
    except ItemNotFound:
        raise InvalidCitation(f"no item {item_id}") from None
    if start or end:
        if not (start and end):
            raise InvalidCitation("give both the start and the end of the cited span")
        return {
            "item": item_id,
            "start": whole_number(start, "start"),
            "end": whole_number(end, "end"),
        }
    if not quote:
        raise InvalidCitation("give the span (start and end) or the quoted words")
    return {"item": item_id, "quote": quote}


def _raw_value(spec: FieldSpec, text: str) -> Any:
    """What a typed value means: a struct is given as JSON; everything else as text."""
    if spec.kind is not ValueKind.STRUCT:
        return text
    try:
        return json.loads(text)
    except ValueError:
        parts = ", ".join(f'"{name}": ...' for name in spec.parts)
        raise InvalidRecord(f"{spec.name} has parts: give it as JSON like {{{parts}}}") from None


def _level(viewer: Viewer, text: str) -> str:
    if text not in viewer.visible_levels():
        raise InvalidRecord(f"a {viewer.role} cannot make a record {text or 'of no level'}")
    return text


# -- new records -----------------------------------------------------------------------------


def _inputs(
    door: Door, record_type: RecordType, language: str, form: FormData | None
) -> list[dict[str, Any]]:
    """One input per field: a choice list for codes, choices and yes/no, a record picker for
    references, text otherwise."""
    types = door.records.types
    inputs: list[dict[str, Any]] = []
    for name, spec in record_type.fields.items():
        choices: list[tuple[str, str]] | None = None
        if spec.kind is ValueKind.CODE and spec.taxonomy is not None:
            terms = load_taxonomy(spec.taxonomy)
            choices = [
                (term.code, "— " * len(terms.ancestors(term.code)) + term.label(language))
                for term in _in_tree_order(terms)
                if not term.retired
            ]
        elif spec.choices:
            choices = [(choice, code_label(choice, language)) for choice in spec.choices]
        inputs.append(
            {
                "name": name,
                "label": spec.label(language),
                "kind": spec.kind.value,
                "required": spec.required,
                "many": spec.many,
                "protected": spec.protected,
                "choices": choices,
                "parts": list(spec.parts),
                "targets": list(spec.targets),
            }
        )
        if spec.kind is ValueKind.REF:
            posted = f"value.{name}"
            inputs[-1].update(
                {
                    "pick_targets": targets_of(types, spec, language),
                    "creatable": creatable(types, spec.targets),
                    "chips": chips(door, form, posted, language),
                    "typed": typed_text(form, posted),
                }
            )
    return inputs


def _in_tree_order(terms: Any) -> list[Any]:
    ordered: list[Any] = []

    def walk(nodes: Any) -> None:
        for term in nodes:
            ordered.append(term)
            walk(terms.children(term.code))

    walk(terms.roots())
    return ordered


def _new_form(
    request: Request,
    signed: Signed,
    type_name: str | None,
    *,
    form: FormData | None = None,
    error: str | None = None,
    status: int = 200,
) -> Response:
    language = language_of(request)
    door = signed.door
    record_type = door.records.types.get(type_name) if type_name else None
    return render(
        request,
        "record_new.html",
        {
            "types": type_choices(door, language),
            "type": type_name,
            "type_label": record_type.label(language) if record_type else None,
            "inputs": _inputs(door, record_type, language, form) if record_type else [],
            "levels": signed.viewer.visible_levels(),
            "form": form or {},
            "error": error,
        },
        status_code=status,
    )


@router.get("/records/new")
def new_record_page(
    request: Request,
    type: str = Query("", max_length=32),
    signed: Signed = Depends(signed_in),
) -> Response:
    signed.viewer.require_writer()
    return _new_form(request, signed, type or None)


@router.post("/records/new")
def create_record(
    request: Request,
    form: FormData = Depends(form_data),
    signed: Signed = Depends(csrf_protected),
) -> Response:
    viewer = signed.viewer
    viewer.require_writer()
    door = signed.door
    type_name = field_text(form, "type")
    record_type = door.records.types.get(type_name)
    try:
        level = _level(viewer, field_text(form, "confidentiality"))
        fields: dict[str, Any] = {}
        created: list[dict[str, Any]] = []
        for name, spec in record_type.fields.items():
            source = _source(door, form, f"source.{name}")
            if spec.kind is ValueKind.REF:
                values = _references(door, form, record_type, spec, level, created)
            else:
                text = field_text(form, f"value.{name}")
                values = [_raw_value(spec, text)] if text else []
            if not values:
                if source is not None:
                    raise InvalidCitation(f"{spec.label()}: a source was given but no value")
                continue
            entries = [
                {"value": value, "citations": [source]} if source else {"value": value}
                for value in values
            ]
            fields[name] = entries if spec.many else entries[0]
        reason = field_text(form, "reason") or None
        door.check_record(type_name, fields, confidentiality=level)
        if created:
            # The new records the picker named are written with this one, or none is.
            document = {"type": type_name, "confidentiality": level, "fields": fields}
            new_id = door.records.import_documents([*created, document], reason=reason).ids[-1]
        else:
            view = door.records.create(type_name, fields, confidentiality=level, reason=reason)
            new_id = view.id
    except DocketError as error:
        return _new_form(request, signed, type_name, form=form, error=str(error), status=400)
    return RedirectResponse(f"/records/{new_id}?saved=1", status_code=303)


def _references(
    door: Door,
    form: FormData,
    record_type: RecordType,
    spec: FieldSpec,
    level: str,
    created: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """The values of a reference field from its picker; records to create join ``created``
    under a key the values refer to."""
    where = f"{record_type.name}.{spec.name}"
    chosen = picked(door, form, f"value.{spec.name}", spec, where)
    values: list[dict[str, Any]] = [{"ref": record_id} for record_id in chosen.ids]
    for new in chosen.new:
        key = f"new-{len(created) + 1}"
        named_by = name_field(door.records.types.get(new.type))
        assert named_by is not None  # picked() admits only types a name makes
        created.append(
            {"type": new.type, "key": key, "confidentiality": level, "fields": {named_by: new.name}}
        )
        values.append({"key": key})
    return values


# -- edits -----------------------------------------------------------------------------------


def _edit_form(
    request: Request,
    view: RecordView,
    signed: Signed,
    *,
    form: FormData | None = None,
    error: str | None = None,
    conflict: bool = False,
    status: int = 200,
) -> Response:
    language = language_of(request)
    values = [
        {
            "id": value.id,
            "field": view.type.field(value.field).label(language),
            "text": value_text(
                view.type.field(value.field), value.value, names_in(view, language), language
            ),
            "redacted": value.redacted,
            "preferred": value.preferred,
            "single": not view.type.field(value.field).many,
        }
        for value in sorted(
            view.values, key=lambda v: (list(view.type.fields).index(v.field), v.id)
        )
        if value.active
    ]
    return render(
        request,
        "record_edit.html",
        {
            "record": view,
            "title": title_of(view, language),
            "type_label": view.type.label(language),
            "fields": [(n, s.label(language)) for n, s in view.type.fields.items()],
            "values": values,
            "levels": signed.viewer.visible_levels(),
            "form": form or {},
            "removed": [v for v in form.getlist("remove") if isinstance(v, str)] if form else [],
            "pickers": _link_pickers(signed.door, view.type, language, form),
            "error": error,
            "conflict": conflict,
        },
        status_code=status,
    )


def _link_pickers(
    door: Door, record_type: RecordType, language: str, form: FormData | None
) -> list[dict[str, Any]]:
    """A picker per reference field of the record, to link it to more records by name."""
    types = door.records.types
    return [
        {
            "name": f"link.{name}",
            "label": spec.label(language),
            "targets": targets_of(types, spec, language),
            "many": spec.many,
            "chips": chips(door, form, f"link.{name}", language),
            "typed": typed_text(form, f"link.{name}"),
        }
        for name, spec in record_type.fields.items()
        if spec.kind is ValueKind.REF
    ]


def _writable(signed: Signed, record_id: int) -> RecordView:
    """The record, if it exists for the user (else 404) and they may change it (else 403)."""
    view = visible_record(signed.door, record_id, log=False)
    signed.viewer.require_writer()
    return view


@router.get("/records/{record_id:int}/edit")
def edit_page(
    request: Request, record_id: RecordId, signed: Signed = Depends(signed_in)
) -> Response:
    _writable(signed, record_id)
    # Opening the form shows the values: for a confidential record that is a viewing.
    view = signed.door.records.get(record_id)
    return _edit_form(request, view, signed)


def edit_changes(door: Door, view: RecordView, form: FormData) -> dict[str, Any]:
    """The changes the edit form asks for, in the form ``RecordStore.edit`` takes."""
    changes: dict[str, Any] = {}
    field_name = field_text(form, "field")
    text = field_text(form, "value")
    source = _source(door, form, "cite")
    if text:
        spec = view.type.field(field_name)
        where = f"{view.type.name}.{spec.name}"
        value = (
            {"ref": door.resolve(text, spec.targets, where)}
            if spec.kind is ValueKind.REF
            else _raw_value(spec, text)
        )
        entry: dict[str, Any] = {"value": value}
        if source is not None:
            entry["citations"] = [source]
        if field_text(form, "preferred"):
            entry["preferred"] = True
            entry["reason"] = field_text(form, "preference_reason") or None
        mode = "set" if field_text(form, "mode") == "set" else "add"
        changes[mode] = {spec.name: [entry]}
    elif source is not None:
        raise InvalidCitation("a source was given for a new value, but no value")
    for name, spec in view.type.fields.items():
        if spec.kind is not ValueKind.REF:
            continue
        where = f"{view.type.name}.{name}"
        chosen = picked(door, form, f"link.{name}", spec, where, new_allowed=False)
        if chosen.ids:
            # A field of one record is replaced; a field of several gains the new links.
            mode = "add" if spec.many else "set"
            if name in changes.get("set" if spec.many else "add", {}):
                raise InvalidRecord(f"{where}: give it either as a value or by name, not both")
            links = [{"value": {"ref": record_id}} for record_id in chosen.ids]
            changes.setdefault(mode, {}).setdefault(name, []).extend(links)
    prefer = field_text(form, "prefer_value")
    if prefer:
        changes["prefer"] = {
            whole_number(prefer, "the preferred value"): field_text(form, "prefer_reason")
        }
    removed = [v for v in form.getlist("remove") if isinstance(v, str) and v.strip()]
    if removed:
        changes["remove"] = [whole_number(v.strip(), "a removed value") for v in removed]
    cited = field_text(form, "source_value")
    extra = _source(door, form, "source")
    if cited and extra is not None:
        changes["cite"] = [{"value": whole_number(cited, "the cited value"), **extra}]
    elif cited or extra is not None:
        raise InvalidCitation("to add a source to a value, choose the value and give the source")
    level = field_text(form, "confidentiality")
    if level and level != view.confidentiality:
        changes["confidentiality"] = _level(door.viewer, level)
    if not changes:
        raise InvalidRecord("nothing to change: give a value, a preference, a removal or a source")
    return changes


@router.post("/records/{record_id:int}/edit")
def edit_record(
    request: Request,
    record_id: RecordId,
    form: FormData = Depends(form_data),
    signed: Signed = Depends(csrf_protected),
) -> Response:
    view = _writable(signed, record_id)
    door = signed.door
    try:
        expected, reason = version_and_reason(form, "reason", "say why you make this change")
        changes = edit_changes(door, view, form)
        updated = door.records.edit(record_id, changes, expected, reason)
    except EditConflict:
        latest = door.records.get(record_id, log=False)
        return _edit_form(request, latest, signed, form=form, conflict=True, status=409)
    except DocketError as error:
        return _edit_form(request, view, signed, form=form, error=str(error), status=400)
    return RedirectResponse(f"/records/{record_id}?saved={updated.version}", status_code=303)


@router.post("/records/{record_id:int}/retract")
def retract_record(
    request: Request,
    record_id: RecordId,
    form: FormData = Depends(form_data),
    signed: Signed = Depends(csrf_protected),
) -> Response:
    view = _writable(signed, record_id)
    door = signed.door
    try:
        expected, reason = version_and_reason(
            form, "retract_reason", "say why the record is retracted"
        )
        updated = door.records.retract(record_id, reason, expected_version=expected)
    except EditConflict:
        latest = door.records.get(record_id, log=False)
        return _edit_form(request, latest, signed, form=form, conflict=True, status=409)
    except DocketError as error:
        return _edit_form(request, view, signed, form=form, error=str(error), status=400)
    return RedirectResponse(f"/records/{record_id}?saved={updated.version}", status_code=303)
