"""The review queue: one proposal at a time beside the words it was found in, to accept (as it
is or edited) or reject with a reason.

Only editors and admins review. A proposal is as confidential as the item it was read in: one
from an item above the reviewer's clearance is never shown, counted or decided here, and asking
for it answers "not found" exactly like a proposal that does not exist. With JavaScript, HTMX
swaps in the next proposal; without it, each form posts and redirects back to the queue.
"""

from __future__ import annotations

from typing import Annotated, Any, Final
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from docket.door import Door
from docket.errors import DocketError
from docket.face import PermissionDenied, Proposal, ProposalDecided, record_type_of
from docket.model.access import WRITERS, Viewer
from docket.web.api.exports import parse_ids
from docket.web.auth import Signed, csrf_protected, form_data, signed_in
from docket.web.i18n import translations
from docket.web.ids import ProposalId
from docket.web.pages.review_form import decision_from_form, review_form
from docket.web.templating import render

router = APIRouter(include_in_schema=False)

MAX_REASON: Final = 1000
PASSAGE_CONTEXT: Final = 240
REVIEWERS_ONLY: Final = "Only editors and admins review proposals."


def require_reviewer(viewer: Viewer) -> None:
    if viewer.role not in WRITERS:
        raise PermissionDenied(REVIEWERS_ONLY)


def _gettext(request: Request) -> Any:
    return translations(getattr(request.state, "language", "en")).gettext


def _is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def _queue_context(
    request: Request,
    door: Door,
    *,
    offset: int,
    proposal: Proposal | None = None,
    error: str | None = None,
    done: str | None = None,
    form: FormData | None = None,
) -> dict[str, Any]:
    waiting = door.proposals.count_pending()
    if proposal is None and waiting:
        offset = min(max(offset, 0), waiting - 1)
        found = door.proposals.pending(1, offset=offset)
        proposal = found[0] if found else None
    language = getattr(request.state, "language", "en")
    context: dict[str, Any] = {
        "waiting": waiting,
        "offset": offset,
        "proposal": proposal,
        "error": error,
        "done": done,
    }
    if proposal is not None:
        before, finding, after = door.proposals.passage(proposal, PASSAGE_CONTEXT)
        record_type = record_type_of(proposal)
        item = door.items.get(proposal.item_id)
        text = door.items.text(proposal.item_id)
        pending = proposal.status == "pending"
        context.update(
            {
                "before": before,
                "finding": finding,
                "after": after,
                # Where the passage starts in the item: selected words are cited from there.
                "passage_start": proposal.span[0] - len(before),
                # The passage is a window on the text: say so where it cuts the text short.
                "more_before": proposal.span[0] > len(before),
                "more_after": len(after) >= PASSAGE_CONTEXT,
                "item": item,
                "record_type": record_type.labels.get(language) or record_type.labels["en"],
                "form": review_form(
                    door, proposal, door.proposals.draft(proposal), language, text, form
                )
                if pending
                else None,
                "pending": pending,
            }
        )
    return context


def _show(request: Request, context: dict[str, Any], *, status_code: int = 200) -> Response:
    if _is_htmx(request):
        # HTMX swaps only successful answers in; a refused decision is shown in the panel.
        return render(request, "review_panel.html", context)
    return render(request, "review.html", context, status_code=status_code)


def _back_to_queue(request: Request, offset: int, done: str) -> Response:
    return RedirectResponse(
        "/review?" + urlencode({"offset": max(offset, 0), "done": done}), status_code=303
    )


@router.get("/review")
def review_queue(
    request: Request,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    done: Annotated[str | None, Query(max_length=20)] = None,
    signed: Signed = Depends(signed_in),
) -> Response:
    require_reviewer(signed.viewer)
    context = _queue_context(request, signed.door, offset=offset, done=_known_outcome(done))
    # The queue itself, not one proposal's page, is where more items are sent for reading.
    context["offer_reading"] = True
    return _show(request, context)


def _known_outcome(done: str | None) -> str | None:
    # Only our own words come back from the address bar, never text someone put in a link.
    return done if done in ("accepted", "rejected", "decided") else None


@router.post("/review/propose")
def propose_items(
    request: Request,
    items: Annotated[str, Form(max_length=100_000)] = "",
    every: Annotated[str, Form(max_length=5)] = "",
    signed: Signed = Depends(csrf_protected),
) -> Response:
    """Queue the reading of the items named (or every item) for proposals; the job's page."""
    require_reviewer(signed.viewer)
    door = signed.door
    try:
        if every == "on":
            wanted = door.items.ids()
            if not wanted:
                raise DocketError(_gettext(request)("There are no items to read."))
        else:
            wanted = parse_ids(items)
        job_id = door.jobs.propose(wanted)
    except DocketError as error:
        context = _queue_context(request, door, offset=0, error=str(error))
        context["offer_reading"] = True
        return render(request, "review.html", context, status_code=400)
    return RedirectResponse(f"/jobs/{job_id}", status_code=303)


@router.get("/review/{proposal_id}")
def review_one(
    request: Request,
    proposal_id: ProposalId,
    signed: Signed = Depends(signed_in),
) -> Response:
    require_reviewer(signed.viewer)
    door = signed.door
    proposal = door.proposals.get(proposal_id)
    position = 0
    if proposal.status == "pending":
        position = _position(door, proposal)
    context = _queue_context(request, door, offset=position, proposal=proposal)
    return _show(request, context)


def _position(door: Door, proposal: Proposal) -> int:
    """Where a pending proposal stands in the queue (the queue is in id order)."""
    earlier = 0
    offset = 0
    while True:
        page = door.proposals.pending(500, offset=offset)
        for found in page:
            if found.id == proposal.id:
                return earlier
            earlier += 1
        if len(page) < 500:
            return 0
        offset += 500


@router.post("/review/{proposal_id}/accept")
def accept(
    request: Request,
    proposal_id: ProposalId,
    form: FormData = Depends(form_data),
    offset: Annotated[int, Form(ge=0, le=10_000_000)] = 0,
    signed: Signed = Depends(csrf_protected),
) -> Response:
    require_reviewer(signed.viewer)
    door = signed.door
    proposal = door.proposals.get(proposal_id)
    language = getattr(request.state, "language", "en")
    try:
        draft = door.proposals.draft(proposal)
        text = door.items.text(proposal.item_id)
        edits, as_type, into, reported = decision_from_form(
            door, proposal, draft, form, language, text
        )
        door.proposals.accept(
            proposal.id, edits or None, as_type=as_type, into=into, as_reported=reported
        )
    except ProposalDecided as decided:
        return _refused(request, door, offset, str(decided), proposal=None)
    except DocketError as error:
        return _refused(request, door, offset, str(error), proposal=proposal, form=form)
    return _next(request, door, offset, "accepted")


@router.post("/review/{proposal_id}/reject")
def reject(
    request: Request,
    proposal_id: ProposalId,
    reason: Annotated[str, Form(max_length=MAX_REASON)] = "",
    offset: Annotated[int, Form(ge=0, le=10_000_000)] = 0,
    signed: Signed = Depends(csrf_protected),
) -> Response:
    require_reviewer(signed.viewer)
    door = signed.door
    proposal = door.proposals.get(proposal_id)
    if not reason.strip():
        return _refused(
            request,
            door,
            offset,
            "Say why the proposal is wrong: a rejection needs a reason.",
            proposal=proposal,
        )
    try:
        door.proposals.reject(proposal.id, reason)
    except ProposalDecided as decided:
        return _refused(request, door, offset, str(decided), proposal=None)
    return _next(request, door, offset, "rejected")


def _next(request: Request, door: Door, offset: int, done: str) -> Response:
    # The decided proposal left the queue, so the same offset now holds the next one.
    if _is_htmx(request):
        context = _queue_context(request, door, offset=offset, done=done)
        return render(request, "review_panel.html", context)
    return _back_to_queue(request, offset, done)


def _refused(
    request: Request,
    door: Door,
    offset: int,
    message: str,
    *,
    proposal: Proposal | None,
    form: FormData | None = None,
) -> Response:
    if proposal is not None:
        # Reload it: the form shows the proposal as it stands now, with what was typed.
        proposal = door.proposals.get(proposal.id)
        if proposal.status != "pending":
            form = None
    context = _queue_context(
        request, door, offset=offset, proposal=proposal, error=message, form=form
    )
    return _show(request, context, status_code=400)
