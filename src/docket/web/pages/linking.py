"""The clerical review of linkage: two records side by side with the passages they cite, and a
decision in one keystroke (a: the same, r: different, s: skip). Editors and admins also start
a linkage run here, as a job whose page answers at once.

The pair's version travels with the form, so of two reviewers deciding one pair at once the
second is told the pair was judged and sees it again. Only pairs whose two records the reviewer
may both see are shown; deciding is for editors and admins.
"""

from __future__ import annotations

from typing import Annotated, Any, Final

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from docket.errors import DocketError
from docket.face import LINK_DECISIONS, LINK_KINDS, EditConflict, ReviewPair
from docket.web.auth import Signed, csrf_protected, form_data, signed_in
from docket.web.pages.records_display import language_of, shown_fields, title_of
from docket.web.templating import render

router = APIRouter(include_in_schema=False)

MAX_OFFSET: Final = 100_000
MAX_REASON_INPUT: Final = 2_000


def _side(pair_record: Any, language: str) -> dict[str, Any]:
    return {
        "record": pair_record,
        "title": title_of(pair_record, language),
        "fields": shown_fields(pair_record, language),
    }


def _page(
    request: Request,
    signed: Signed,
    offset: int,
    *,
    error: str | None = None,
    status: int = 200,
) -> Response:
    door = signed.door
    language = language_of(request)
    waiting = door.linkage.queue(limit=offset + 1)
    pair: ReviewPair | None = waiting[offset] if offset < len(waiting) else None
    context: dict[str, Any] = {
        "pair": pair,
        "offset": offset,
        "error": error,
        "can_decide": signed.viewer.may_write,
        # Linkage reads every record of a type, so only those who may see them all start it.
        "can_link": signed.viewer.may_write and signed.viewer.can_see("confidential"),
        "link_types": [(kind, door.records.types.get(kind).label(language)) for kind in LINK_KINDS],
        "left": _side(pair.a, language) if pair else None,
        "right": _side(pair.b, language) if pair else None,
    }
    return render(request, "links.html", context, status_code=status)


@router.get("/links")
def review_page(
    request: Request,
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
    signed: Signed = Depends(signed_in),
) -> Response:
    return _page(request, signed, offset)


@router.post("/links/run")
def run_linkage(
    request: Request,
    kind: Annotated[str, Form(alias="type", max_length=20)] = "person",
    signed: Signed = Depends(csrf_protected),
) -> Response:
    """Queue the linkage of every record of a type; the job's page."""
    try:
        job_id = signed.door.jobs.link(kind)
    except DocketError as error:
        return _page(request, signed, 0, error=str(error), status=400)
    return RedirectResponse(f"/jobs/{job_id}", status_code=303)


def _field(form: FormData, name: str) -> str:
    value = form.get(name, "")
    return value.strip() if isinstance(value, str) else ""


@router.post("/links/{pair_id:int}")
def decide(
    request: Request,
    pair_id: int,
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
    form: FormData = Depends(form_data),
    signed: Signed = Depends(csrf_protected),
) -> Response:
    door = signed.door
    try:
        signed.viewer.require_writer()
        decision = _field(form, "decision")
        if decision not in LINK_DECISIONS:
            raise DocketError("choose: the same, or different")
        version_text = _field(form, "version")
        if not version_text.isdigit() or len(version_text) > 9:
            raise DocketError("the pair's version is missing")
        pair = door.linkage.pair(pair_id)
        door.linkage.judge(
            pair.a.id,
            pair.b.id,
            decision,
            reason=_field(form, "reason")[:MAX_REASON_INPUT] or None,
            version=int(version_text),
        )
    except EditConflict as conflict:
        return _page(request, signed, offset, error=str(conflict), status=409)
    except DocketError as error:
        return _page(request, signed, offset, error=str(error), status=400)
    return RedirectResponse(f"/links?offset={offset}", status_code=303)
