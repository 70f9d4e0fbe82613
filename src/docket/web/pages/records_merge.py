"""Merging records from the workspace, undoing a merge, and splitting a record in two.

Like every change, only editors and admins may; a record the user may not see is "not found"
first. A merge is chosen in two steps: a search among the records of the same type, then a page
that sets both records side by side with what will move, where the reason is given. The versions
shown there travel with the form, so a merge never lands on a record someone changed since.
"""

from __future__ import annotations

from typing import Any, Final

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from docket.door import Door
from docket.errors import DocketError
from docket.face import EditConflict, InvalidRecord, MergeOutcome, Moved, RecordNotFound, RecordView
from docket.web.auth import Signed, csrf_protected, form_data, signed_in
from docket.web.forms import field_text, version_and_reason, whole_number
from docket.web.ids import RecordId
from docket.web.pages.records import merged_title_of, visible_record
from docket.web.pages.records_display import (
    language_of,
    names_in,
    record_row,
    shown_fields,
    title_of,
    value_text,
)
from docket.web.templating import render

router = APIRouter(include_in_schema=False)

CANDIDATES: Final = 20
MAX_QUERY: Final = 200


def _changeable(signed: Signed, record_id: int) -> RecordView:
    """The record, if it exists for the user (else 404) and they may change it (else 403)."""
    view = visible_record(signed.door, record_id, log=False)
    signed.viewer.require_writer()
    return view


def _ids(form: FormData, name: str, what: str) -> list[int]:
    return [whole_number(v.strip(), what) for v in form.getlist(name) if isinstance(v, str)]


def _header(door: Door, view: RecordView, language: str) -> dict[str, Any]:
    return {
        "record": view,
        "title": title_of(view, language),
        "type_label": view.type.label(language),
        "merged_title": merged_title_of(door, view, language),
    }


def _moved_rows(view: RecordView, moved: tuple[Moved, ...], language: str) -> list[dict[str, str]]:
    return [
        {
            "field": view.type.field(m.field).label(language)
            if m.field in view.type.fields
            else m.field,
            "text": m.text
            if m.value is None or m.field not in view.type.fields
            else value_text(view.type.field(m.field), m.value, names_in(view, language), language),
            "how": m.how,
        }
        for m in moved
    ]


# -- merge -----------------------------------------------------------------------------------


def _merge_page(
    request: Request,
    signed: Signed,
    view: RecordView,
    *,
    query: str = "",
    into: int | None = None,
    form: FormData | None = None,
    error: str | None = None,
    conflict: bool = False,
    status: int = 200,
) -> Response:
    door = signed.door
    language = language_of(request)
    context = _header(door, view, language)
    candidates: list[dict[str, Any]] = []
    if query and view.merged_into is None and not view.retracted:
        found = door.find_records(type_name=view.type.name, text=query, limit=CANDIDATES + 1)
        candidates = [
            record_row(other, language) for other in found.records if other.id != view.id
        ][:CANDIDATES]
    target: RecordView | None = None
    outcome: MergeOutcome | None = None
    if into is not None and error is None:
        try:
            target = visible_record(door, into, log=False)
            outcome = door.records.merge_preview(view.id, into)
        except RecordNotFound as missing:
            error, status = str(missing), 404
        except DocketError as refused:
            error, status = str(refused), 400
    elif into is not None:
        try:
            target = visible_record(door, into, log=False)
        except RecordNotFound:
            target = None
    context.update(
        {
            "query": query,
            "candidates": candidates,
            "searched": bool(query),
            "target": target,
            "target_title": title_of(target, language) if target else None,
            "target_type_label": target.type.label(language) if target else None,
            "source_fields": shown_fields(view, language),
            "target_fields": shown_fields(target, language) if target else [],
            "outcome": outcome,
            "moved": _moved_rows(view, outcome.values, language) if outcome else [],
            "referrers": _referrer_rows(door, outcome.referrers, language) if outcome else [],
            "form": form or {},
            "error": error,
            "conflict": conflict,
        }
    )
    return render(request, "record_merge.html", context, status_code=status)


def _referrer_rows(door: Door, ids: tuple[int, ...], language: str) -> list[dict[str, Any]]:
    if not ids:
        return []
    views = door.records.views(ids=list(ids), sources=False, include_retracted=True)
    return [record_row(v, language) for v in views]


@router.get("/records/{record_id:int}/merge")
def merge_page(
    request: Request,
    record_id: RecordId,
    q: str = Query("", max_length=MAX_QUERY),
    into: int | None = Query(None, ge=1, le=999_999_999),
    signed: Signed = Depends(signed_in),
) -> Response:
    view = _changeable(signed, record_id)
    return _merge_page(request, signed, view, query=q.strip(), into=into)


@router.post("/records/{record_id:int}/merge")
def merge_record(
    request: Request,
    record_id: RecordId,
    form: FormData = Depends(form_data),
    signed: Signed = Depends(csrf_protected),
) -> Response:
    view = _changeable(signed, record_id)
    door = signed.door
    into: int | None = None
    try:
        into = whole_number(field_text(form, "into"), "the record to merge into")
        source_version = whole_number(field_text(form, "source_version"), "the version")
        target_version = whole_number(field_text(form, "target_version"), "the version")
        reason = field_text(form, "reason")
        if not reason:
            raise InvalidRecord("say why the records are one")
        door.records.merge(
            record_id,
            into=into,
            reason=reason,
            source_version=source_version,
            target_version=target_version,
        )
    except EditConflict:
        latest = door.records.get(record_id, log=False)
        return _merge_page(request, signed, latest, into=into, form=form, conflict=True, status=409)
    except RecordNotFound as missing:
        return _merge_page(
            request, signed, view, into=into, form=form, error=str(missing), status=404
        )
    except DocketError as error:
        return _merge_page(
            request, signed, view, into=into, form=form, error=str(error), status=400
        )
    survivor = door.records.get(into, log=False)
    return RedirectResponse(f"/records/{into}?saved={survivor.version}", status_code=303)


# -- undo ------------------------------------------------------------------------------------


def _unmerge_page(
    request: Request,
    signed: Signed,
    view: RecordView,
    *,
    form: FormData | None = None,
    error: str | None = None,
    status: int = 200,
) -> Response:
    context = _header(signed.door, view, language_of(request))
    context.update({"form": form or {}, "error": error})
    return render(request, "record_unmerge.html", context, status_code=status)


@router.get("/records/{record_id:int}/unmerge")
def unmerge_page(
    request: Request, record_id: RecordId, signed: Signed = Depends(signed_in)
) -> Response:
    return _unmerge_page(request, signed, _changeable(signed, record_id))


@router.post("/records/{record_id:int}/unmerge")
def unmerge_record(
    request: Request,
    record_id: RecordId,
    form: FormData = Depends(form_data),
    signed: Signed = Depends(csrf_protected),
) -> Response:
    view = _changeable(signed, record_id)
    door = signed.door
    try:
        expected, reason = version_and_reason(form, "reason", "say why the merge is undone")
        door.records.unmerge(record_id, reason=reason, expected_version=expected)
    except EditConflict as conflict:
        latest = door.records.get(record_id, log=False)
        return _unmerge_page(request, signed, latest, form=form, error=str(conflict), status=409)
    except RecordNotFound as missing:
        return _unmerge_page(request, signed, view, form=form, error=str(missing), status=404)
    except DocketError as error:
        return _unmerge_page(request, signed, view, form=form, error=str(error), status=400)
    restored = door.records.get(record_id, log=False)
    return RedirectResponse(f"/records/{record_id}?saved={restored.version}", status_code=303)


# -- split -----------------------------------------------------------------------------------


def _split_page(
    request: Request,
    signed: Signed,
    view: RecordView,
    *,
    form: FormData | None = None,
    error: str | None = None,
    conflict: bool = False,
    status: int = 200,
) -> Response:
    door = signed.door
    language = language_of(request)
    context = _header(door, view, language)
    values = [
        {
            "id": value.id,
            "field": view.type.field(value.field).label(language),
            "text": value_text(
                view.type.field(value.field), value.value, names_in(view, language), language
            ),
            "redacted": value.redacted,
        }
        for value in sorted(
            view.values, key=lambda v: (list(view.type.fields).index(v.field), v.id)
        )
        if value.active
    ]
    referring = door.records.referrers([view.id])
    checked_values = [v for v in form.getlist("value") if isinstance(v, str)] if form else []
    checked_refs = [v for v in form.getlist("referrer") if isinstance(v, str)] if form else []
    context.update(
        {
            "values": values,
            "referrers": _referrer_rows(door, tuple(referring), language),
            "checked_values": checked_values,
            "checked_refs": checked_refs,
            "form": form or {},
            "error": error,
            "conflict": conflict,
        }
    )
    return render(request, "record_split.html", context, status_code=status)


@router.get("/records/{record_id:int}/split")
def split_page(
    request: Request, record_id: RecordId, signed: Signed = Depends(signed_in)
) -> Response:
    return _split_page(request, signed, _changeable(signed, record_id))


@router.post("/records/{record_id:int}/split")
def split_record(
    request: Request,
    record_id: RecordId,
    form: FormData = Depends(form_data),
    signed: Signed = Depends(csrf_protected),
) -> Response:
    view = _changeable(signed, record_id)
    door = signed.door
    try:
        expected, reason = version_and_reason(form, "reason", "say why the record is two")
        outcome = door.records.split(
            record_id,
            _ids(form, "value", "a value"),
            reason=reason,
            referrers=_ids(form, "referrer", "a record"),
            expected_version=expected,
        )
    except EditConflict:
        latest = door.records.get(record_id, log=False)
        return _split_page(request, signed, latest, form=form, conflict=True, status=409)
    except DocketError as error:
        return _split_page(request, signed, view, form=form, error=str(error), status=400)
    return RedirectResponse(f"/records/{outcome.created}?saved=1", status_code=303)
