"""The records pages: the lists, one record with its sources, its history, and case files.

Every read goes through the signed-in user's door: a record above their clearance is "no
record N" exactly like a missing one, and protected values stay "[redacted]" for everyone (the
workspace never reveals them). Viewing a confidential record is entered in the chain of custody
by the store itself, and by the record page on each showing of what it kept.

The record page keeps what it read and rendered for the next request asking for the same
address, in the same language, with the same confidentiality levels, until the archive changes
(see ``docket.web.remembered.page_key``); who is signed in decides only the rest of the page.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Final, TypeVar

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from markupsafe import Markup

from docket.door import Door
from docket.face import (
    FILE_SUBJECTS,
    Citation,
    Fact,
    Moment,
    RecordNotFound,
    RecordPage,
    RecordView,
)
from docket.model.dates import UncertainDate
from docket.web.auth import Signed, signed_in, workspace
from docket.web.formatting import relation_label
from docket.web.ids import RecordId
from docket.web.pages.records_display import (
    MAX_ID,
    PAGE_SIZE,
    Pager,
    date_text,
    field_links,
    field_text,
    history_refs,
    language_of,
    pager,
    record_row,
    shown_fields,
    shown_versions,
    title_of,
)
from docket.web.remembered import page_key
from docket.web.templating import render, render_part

router = APIRouter(include_in_schema=False)

HISTORY_PAGE: Final = 20
SECTION_PAGE: Final = 20
# The types offered first in the list's type filter: what a documenter looks for most.
LIST_ORDER: Final = (
    "person",
    "organisation",
    "place",
    "event",
    "act",
    "intervention",
    "case",
    "group",
    "involvement",
    "case_status",
    "claim",
)

T = TypeVar("T")


def visible_record(door: Door, record_id: int, *, log: bool) -> RecordView:
    """The record as the door's viewer sees it; "no record N" when it is hidden or missing."""
    if record_id > MAX_ID:
        raise RecordNotFound(f"no record {record_id}")
    return door.records.get(record_id, log=log)


def merged_title_of(door: Door, view: RecordView, language: str) -> str | None:
    """The title of the record ``view`` was merged into, when the viewer may see that one."""
    if view.merged_into is None:
        return None
    found = door.records.views(ids=[view.merged_into], sources=False)
    return title_of(found[0], language) if found else None


def type_choices(door: Door, language: str) -> list[tuple[str, str]]:
    """(name, label) of every record type, the common ones first."""
    types = door.records.types
    names = list(types.names())
    ordered = [n for n in LIST_ORDER if n in names] + [n for n in names if n not in LIST_ORDER]
    return [(n, types.get(n).label(language)) for n in ordered]


def section(request: Request, entries: Sequence[T], param: str) -> tuple[Sequence[T], Pager]:
    """One page of a section of a long page, with its own page number in the address."""
    try:
        wanted = int(request.query_params.get(param, "1"))
    except ValueError:
        wanted = 1
    found = pager(request, len(entries), wanted, SECTION_PAGE, param)
    return entries[found.offset : found.offset + found.size], found


@router.get("/records")
def records_page(
    request: Request,
    type: str = Query("", max_length=32),
    q: str = Query("", max_length=200),
    retracted: bool = False,
    page: int = Query(1, ge=1, le=1_000_000),
    signed: Signed = Depends(signed_in),
) -> Response:
    door = signed.door
    language = language_of(request)
    type_name = type or None

    def page_of(number: int) -> RecordPage:
        return door.find_records(
            type_name=type_name,
            text=q,
            include_retracted=retracted,
            limit=PAGE_SIZE,
            offset=(number - 1) * PAGE_SIZE,
        )

    result = page_of(page)
    if not result.records and result.total:
        # Past the end (the list shrank since the link was made): show the last page.
        page = math.ceil(result.total / PAGE_SIZE)
        result = page_of(page)
    return render(
        request,
        "records.html",
        {
            "rows": [record_row(view, language) for view in result.records],
            "pager": pager(request, result.total, page),
            "total": result.total,
            "types": type_choices(door, language),
            "type": type_name,
            "type_label": door.records.types.get(type_name).label(language) if type_name else None,
            "q": q,
            "retracted": retracted,
            "can_write": signed.user.role in ("admin", "editor"),
        },
    )


@dataclass(frozen=True)
class ShownRecord:
    """What a record page shows that the archive decides, read through the viewer's levels and
    rendered in the page's language; what depends on who is signed in is added per request."""

    # The record as read (without the records it links to, which the parts below name).
    view: RecordView
    title: str
    type_label: str
    header: Markup
    body: Markup


@router.get("/records/{record_id:int}")
def record_page(
    request: Request,
    record_id: RecordId,
    saved: int | None = Query(None, ge=1, le=MAX_ID),
    signed: Signed = Depends(signed_in),
) -> Response:
    door = signed.door
    # The shown parts depend on the levels, not the role or the name, and on the address,
    # whose query the pager links keep. The position was read with the session, before the
    # page's reads (which are one transaction of their own): what they read is never older
    # than the position it is kept under.
    shown = workspace(request).record_pages.answer(
        page_key(door, request, signed.position),
        lambda: _shown_record(request, door, record_id),
    )
    view = shown.view
    # Every showing of a confidential record is entered in the chain of custody, kept or not.
    door.records.log_viewed(view)
    writer = signed.user.role in ("admin", "editor")
    return render(
        request,
        "record.html",
        {
            "record": view,
            "shown": shown,
            "title": shown.title,
            "type_label": shown.type_label,
            "has_case_file": view.type.name in FILE_SUBJECTS,
            "can_write": writer and not view.retracted and view.merged_into is None,
            "can_unmerge": writer and view.merged_into is not None,
            "saved": saved,
        },
    )


def _shown_record(request: Request, door: Door, record_id: int) -> ShownRecord:
    """The record page's reads, through the viewer's levels in one transaction, and the parts
    they make."""
    language = language_of(request)
    if record_id > MAX_ID:
        raise RecordNotFound(f"no record {record_id}")
    # A referrer, or another record of the identity, is listed by its title: its other fields
    # are not read, and only those on the section's page are read at all.
    showing = door.record_showing(
        record_id,
        lambda ids: section(request, ids, "refs")[0],
        lambda ids: section(request, ids, "same")[0],
    )
    view = showing.view
    page_ids, refs_pager = section(request, showing.referrers, "refs")
    identity = showing.identity
    same_pager = section(request, [] if identity is None else identity.others, "same")[1]
    title = title_of(view, language)
    type_label = view.type.label(language)
    merged = showing.merged_into
    header = render_part(
        request,
        "record_header.html",
        {
            "record": view,
            "title": title,
            "type_label": type_label,
            "merged_title": None if merged is None else title_of(merged, language),
        },
    )
    body = render_part(
        request,
        "record_body.html",
        {
            "record": view,
            "fields": shown_fields(view, language),
            "referrers": [
                record_row(showing.named[i], language) for i in page_ids if i in showing.named
            ],
            "refs_pager": refs_pager,
            "identity": identity,
            "same_as": []
            if identity is None
            else [record_row(m, language) for m in identity.shown],
            "same_pager": same_pager,
        },
    )
    kept = replace(view, names={}, linked={})
    return ShownRecord(kept, title, type_label, header, body)


@router.get("/records/{record_id:int}/history")
def history_page(
    request: Request,
    record_id: RecordId,
    page: int = Query(1, ge=1, le=1_000_000),
    signed: Signed = Depends(signed_in),
) -> Response:
    door = signed.door
    language = language_of(request)
    view = visible_record(door, record_id, log=True)
    versions = sorted(door.records.history(record_id), key=lambda v: v.version, reverse=True)
    found = pager(request, len(versions), page, HISTORY_PAGE)
    shown = versions[found.offset : found.offset + found.size]
    refs = sorted(history_refs(shown, view.type))
    names = {
        v.id: title_of(v, language)
        for v in (door.records.views(ids=refs, sources=False) if refs else [])
    }
    return render(
        request,
        "record_history.html",
        {
            "record": view,
            "title": title_of(view, language),
            "type_label": view.type.label(language),
            "versions": shown_versions(shown, view.type, names, language),
            "pager": found,
            "merged_title": merged_title_of(door, view, language),
        },
    )


@router.get("/records/{record_id:int}/case")
def case_file_page(
    request: Request, record_id: RecordId, signed: Signed = Depends(signed_in)
) -> Response:
    door = signed.door
    language = language_of(request)
    if record_id > MAX_ID:
        raise RecordNotFound(f"no record {record_id}")
    found = door.case_file(record_id)
    # case_file has logged the reading of a confidential subject; the timeline is part of it.
    moments = door.timeline(record_id, log=False)
    sections: dict[str, Any] = {}
    pagers: dict[str, Pager] = {}
    for name, entries in (
        ("cases", [_fact_row(f, language) for f in found.cases]),
        ("statuses", [_fact_row(f, language) for f in found.statuses]),
        ("health", [_fact_row(f, language) for f in found.health]),
        ("requests", [_fact_row(f, language) for f in found.requests]),
        ("interventions", [_fact_row(f, language) for f in found.interventions]),
        (
            "acts",
            [_fact_row(f, language, found.involvements.get(f.view.id, [])) for f in found.acts],
        ),
        ("timeline", [_moment_row(m, language) for m in moments]),
        ("sources", found.sources),
    ):
        sections[name], pagers[name] = section(request, entries, f"{name}_page")
    # Only the items on the page are looked up.
    sections["sources"] = _source_rows(door, sections["sources"])
    cited = {
        quote["item"]
        for name, rows in sections.items()
        if name != "sources"
        for row in rows
        for quote in row.get("quotes", [])
    } | {item for alias in found.also for item in alias.sources}
    subject = found.subject
    return render(
        request,
        "case_file.html",
        {
            "record": subject,
            "title": title_of(subject, language),
            "type_label": subject.type.label(language),
            "people": [record_row(p, language) for p in found.people],
            "also": [
                {**record_row(a.view, language), "reviewed": a.reviewed, "sources": a.sources}
                for a in found.also
            ],
            "groups": [record_row(g, language) for g in found.groups],
            "sections": sections,
            "pagers": pagers,
            "items": _cited_items(door, sorted(cited)),
        },
    )


def _day(value: UncertainDate | None, language: str) -> tuple[str, str | None]:
    """(label, ISO start) of a date; "undated" is worded by the page."""
    if value is None or (value.start is None and value.end is None):
        return "", None
    start = value.start or value.end
    label = date_text(value, language)
    return label, None if start is None or start == date.min else start.isoformat()


def _fact_row(fact: Fact, language: str, involvements: Sequence[RecordView] = ()) -> dict[str, Any]:
    view = fact.view
    label, iso = _day(fact.date, language)
    details = []
    for name, spec in view.type.fields.items():
        if spec.protected or name == view.type.date_field or name in ("case", "concerning"):
            continue
        if name in ("victim", "subject") and view.type.name in ("act", "case"):
            continue
        links = field_links(view, name, language)
        if links:
            details.append({"label": spec.label(language), "shown": links})
    return {
        "id": view.id,
        "title": title_of(view, language),
        "type_label": view.type.label(language),
        "confidentiality": view.confidentiality,
        "date": label,
        "reported": fact.date is not None and fact.date.reported,
        "iso": iso,
        "details": details,
        "status": field_text(view, "status", language),
        "response": field_text(view, "response", language),
        "perpetrators": [
            {
                "id": inv.id,
                "who": field_links(inv, "perpetrator", language),
                "degree": field_text(inv, "degree", language),
            }
            for inv in involvements
        ],
        "sources": sorted(
            {c.item_id for value in view.values if value.active for c in value.citations}
        ),
        "quotes": _quotes(c for value in view.values if value.active for c in value.citations),
    }


def _moment_row(moment: Moment, language: str) -> dict[str, Any]:
    label, iso = _day(moment.date, language)
    view = moment.record
    return {
        "id": view.id,
        "title": title_of(view, language),
        "type_label": view.type.label(language),
        "date": label,
        "reported": moment.date is not None and moment.date.reported,
        "iso": iso,
        "relation": moment.relation
        if moment.related_by is None
        else relation_label(moment.related_by, language),
        "linked_from": moment.linked_from,
        "sources": sorted({c.item_id for c in moment.sources}),
        "quotes": _quotes(moment.sources),
    }


def _quotes(found: Iterable[Citation]) -> list[dict[str, Any]]:
    """Each cited passage once, in the order of the items and of the text."""
    unique = {(c.item_id, c.start, c.end): c for c in found}
    return [
        {"item": c.item_id, "quote": c.quote, "start": c.start, "end": c.end}
        for _, c in sorted(unique.items())
    ]


def _cited_items(door: Door, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """Title, publication day and SHA-256 of the items quoted on the page, that the viewer
    may see."""
    return {
        item_id: {
            "title": item.get("title") or item.get("original_name") or "",
            "published": item.get("published"),
            "sha256": item.get("sha256") or "",
        }
        for item_id, item in door.items.rows(ids).items()
    }


def _source_rows(door: Door, sources: Sequence[tuple[int, int]]) -> list[dict[str, Any]]:
    """The items cited by the file; only visible items reach here (the store filtered them)."""
    shown = door.items.rows([item_id for item_id, _ in sources])
    rows = []
    for item_id, count in sources:
        item = shown.get(item_id)
        if item is None:
            continue  # gone or hidden since the file was read
        rows.append(
            {
                "id": item_id,
                "title": item.get("title") or item.get("original_name") or "",
                "published": item.get("published"),
                "citations": count,
            }
        )
    return rows
