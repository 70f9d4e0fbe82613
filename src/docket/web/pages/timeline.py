"""The timeline page: events, acts, interventions, cases and claims over time, a page at a time.

Only the records the signed-in user may see are placed, and only the citations of items they
may see are listed; a filter by type and by a range of days narrows it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from docket.errors import InvalidDate
from docket.face import day_bound
from docket.web.auth import Signed, signed_in
from docket.web.pages.records_display import date_text, language_of, pager, title_of
from docket.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/timeline")
def timeline_page(
    request: Request,
    type: list[str] = Query([], max_length=20),
    start: str = Query("", alias="from", max_length=40),
    end: str = Query("", alias="to", max_length=40),
    page: int = Query(1, ge=1, le=1_000_000),
    signed: Signed = Depends(signed_in),
) -> Response:
    door = signed.door
    types = door.records.types
    language = language_of(request)
    choices = [(name, types.get(name).label(language)) for name in door.dated_types()]
    known = {name for name, _ in choices}
    chosen = tuple(t for t in type if t in known)
    context: dict[str, Any] = {
        "choices": choices,
        "chosen": chosen,
        "start": start,
        "end": end,
        "rows": [],
        "pager": None,
        "total": 0,
        "dated": 0,
        "reported": 0,
        "undated": 0,
        "error": None,
        "backwards": False,
    }
    try:
        first = day_bound(start, ending=False) if start.strip() else None
        last = day_bound(end, ending=True) if end.strip() else None
    except InvalidDate as error:
        context["error"] = str(error)
        return render(request, "timeline.html", context, status_code=400)
    if first is not None and last is not None and first > last:
        context["backwards"] = True
        return render(request, "timeline.html", context, status_code=400)
    dated = door.chronology(type_names=chosen or None, start=first, end=last)
    counted = door.date_tally(dated)
    found = pager(request, len(dated), page)
    shown = door.moments(dated[found.offset : found.offset + found.size])
    context.update(
        rows=[
            {
                "id": m.record.id,
                "title": title_of(m.record, language),
                "type_label": m.record.type.label(language),
                "confidentiality": m.record.confidentiality,
                "date": "" if m.date is None else date_text(m.date, language),
                "reported": m.date is not None and m.date.reported,
                "iso": _iso(m.date.start if m.date else None),
                "sources": sorted({c.item_id for c in m.sources}),
            }
            for m in shown
        ],
        pager=found,
        total=len(dated),
        dated=counted.dated,
        reported=counted.reported,
        undated=counted.undated,
    )
    return render(request, "timeline.html", context)


def _iso(day: date | None) -> str | None:
    return None if day is None or day == date.min else day.isoformat()
