"""The review queue: one proposal at a time beside the words it was found in, to accept (as it
is or edited) or reject with a reason.

Only editors and admins review. A proposal is as confidential as the item it was read in: one
from an item above the reviewer's clearance is never shown, counted or decided here, and asking
for it answers "not found" exactly like a proposal that does not exist. With JavaScript, HTMX
swaps in the next proposal; without it, each form posts and redirects back to the queue.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Final
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from docket.door import (
    Door,
    PermissionDenied,
    Proposal,
    ProposalDecided,
    record_type_of,
    required_edits,
)
from docket.errors import DocketError
from docket.model.access import WRITERS, Viewer
from docket.model.record_types import FieldSpec, RecordType, ValueKind, load_record_types
from docket.model.taxonomy import load_taxonomy
from docket.web.auth import Signed, csrf_protected, form_data, signed_in
from docket.web.ids import MAX_ID, ProposalId
from docket.web.templating import render

router = APIRouter(include_in_schema=False)

MAX_REASON: Final = 1000
PASSAGE_CONTEXT: Final = 240
# Form field names: "edit.<field>" holds a value; for a reference, "new.<field>" names a record
# to create with it and "newtype.<field>" says of which type.
EDIT_PREFIX: Final = "edit."
NEW_PREFIX: Final = "new."
NEW_TYPE_PREFIX: Final = "newtype."
REVIEWERS_ONLY: Final = "Only editors and admins review proposals."
# Kinds of field a reviewer can type into one box; structured ones are edited on the record.
FORM_KINDS: Final = frozenset(
    {
        ValueKind.TEXT,
        ValueKind.NAME,
        ValueKind.UNCERTAIN_DATE,
        ValueKind.COUNT,
        ValueKind.INTEGER,
        ValueKind.COORDINATES,
        ValueKind.URL,
        ValueKind.REF,
        ValueKind.CODE,
    }
)


def require_reviewer(viewer: Viewer) -> None:
    if viewer.role not in WRITERS:
        raise PermissionDenied(REVIEWERS_ONLY)


def _is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def _field_form(spec: FieldSpec, language: str, current: Any = None) -> dict[str, Any]:
    """What a template needs to draw one field of the edit form."""
    options: list[tuple[str, str]] = []
    if spec.kind is ValueKind.CODE and spec.taxonomy:
        options = [
            (term.code, term.label(language))
            for term in load_taxonomy(spec.taxonomy)
            if not term.retired
        ]
    elif spec.choices:
        options = [(choice, choice) for choice in spec.choices]
    return {
        "name": spec.name,
        "label": spec.label(language),
        "kind": spec.kind.value,
        "many": spec.many,
        "ref": spec.kind is ValueKind.REF,
        "targets": list(spec.targets),
        "options": options,
        "current": current,
        "input": EDIT_PREFIX + spec.name,
        "new_input": NEW_PREFIX + spec.name,
        "new_type_input": NEW_TYPE_PREFIX + spec.name,
    }


def _current_values(proposal: Proposal) -> dict[str, Any]:
    """The values the finding fills in, shown as the starting point of an edit."""
    payload = proposal.payload
    if proposal.kind == "act":
        return {"violation": payload.get("type"), "status": "alleged"}
    if proposal.kind == "intervention":
        response = payload.get("response")
        values = {"kind": payload.get("type")}
        if isinstance(response, Mapping):
            values["response"] = response.get("code")
        return values
    return {"name": payload.get("name")}


def _finding_citations(proposal: Proposal, field_name: str) -> list[dict[str, int]]:
    """The words a filled-in field was read from: a corrected value still rests on them."""
    payload, item = proposal.payload, proposal.item_id
    if proposal.kind not in ("act", "intervention"):
        if field_name != "name":
            return []
        return [
            {"item": item, "start": int(m["start"]), "end": int(m["end"])}
            for m in payload.get("mentions", [])
        ]
    if field_name in ("violation", "kind"):
        return [{"item": item, "start": int(payload["start"]), "end": int(payload["end"])}]
    response = payload.get("response")
    if field_name == "response" and isinstance(response, Mapping):
        return [{"item": item, "start": int(response["start"]), "end": int(response["end"])}]
    return []


def _new_record(spec: FieldSpec, form: FormData, text: str) -> dict[str, Any]:
    """A value asking ``accept`` to create the record a reference names (a new victim)."""
    chosen = str(form.get(NEW_TYPE_PREFIX + spec.name) or "")
    type_name = chosen if chosen in spec.targets else spec.targets[0]
    record_type = load_record_types().get(type_name)
    if not record_type.title:
        raise DocketError(f"{spec.name}: a new {type_name} cannot be named here")
    return {"new": {"type": type_name, "fields": {record_type.title[0]: text}}}


def _ref_values(spec: FieldSpec, form: FormData) -> list[Any]:
    raw = str(form.get(EDIT_PREFIX + spec.name) or "")
    values: list[Any] = []
    for part in raw.replace(",", " ").split():
        number = part.lstrip("#")
        if not number.isdigit() or len(number) > 15 or int(number) > MAX_ID:
            raise DocketError(f"{spec.name}: {part!r} is not a record id")
        values.append({"ref": int(number)})
    new_name = str(form.get(NEW_PREFIX + spec.name) or "").strip()
    if new_name:
        values.append(_new_record(spec, form, new_name))
    return values


def edits_from_form(proposal: Proposal, form: FormData) -> dict[str, Any]:
    """The fields a reviewer gave or changed, in the form ``door.proposals.accept`` takes.

    A value left as the finding proposed it is no edit; a corrected finding keeps citing the
    words it was read in.
    """
    record_type = record_type_of(proposal)
    current = _current_values(proposal)
    edits: dict[str, Any] = {}
    for spec in record_type.fields.values():
        if spec.kind not in FORM_KINDS or spec.protected:
            continue
        if spec.kind is ValueKind.REF:
            refs = _ref_values(spec, form)
            if len(refs) > 1 and not spec.many:
                raise DocketError(f"{spec.name} takes one record, not {len(refs)}")
            if refs:
                edits[spec.name] = refs if spec.many else refs[0]
            continue
        given = " ".join(str(form.get(EDIT_PREFIX + spec.name) or "").split())
        if not given or given == str(current.get(spec.name) or ""):
            continue
        citations = _finding_citations(proposal, spec.name)
        edits[spec.name] = {"value": given, "citations": citations} if citations else given
    return edits


def edit_form(proposal: Proposal, record_type: RecordType, language: str) -> dict[str, Any]:
    """The required fields a reviewer must give, and the optional ones they may correct."""
    required = required_edits(proposal)
    current = _current_values(proposal)
    usable = [
        spec
        for spec in record_type.fields.values()
        if spec.kind in FORM_KINDS and not spec.protected
    ]
    return {
        "required": [
            _field_form(spec, language, current.get(spec.name))
            for spec in usable
            if spec.name in required
        ],
        "optional": [
            _field_form(spec, language, current.get(spec.name))
            for spec in usable
            if spec.name not in required
        ],
    }


def _queue_context(
    request: Request,
    door: Door,
    *,
    offset: int,
    proposal: Proposal | None = None,
    error: str | None = None,
    done: str | None = None,
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
        context.update(
            {
                "before": before,
                "finding": finding,
                "after": after,
                # The passage is a window on the text: say so where it cuts the text short.
                "more_before": proposal.span[0] > len(before),
                "more_after": len(after) >= PASSAGE_CONTEXT,
                "item": item,
                "record_type": record_type.labels.get(language) or record_type.labels["en"],
                "form": edit_form(proposal, record_type, language),
                "pending": proposal.status == "pending",
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
    return _show(request, context)


def _known_outcome(done: str | None) -> str | None:
    # Only our own words come back from the address bar, never text someone put in a link.
    return done if done in ("accepted", "rejected", "decided") else None


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
    try:
        edits = edits_from_form(proposal, form)
        door.proposals.accept(proposal.id, edits or None)
    except ProposalDecided as decided:
        return _refused(request, door, offset, str(decided), proposal=None)
    except DocketError as error:
        return _refused(request, door, offset, str(error), proposal=proposal)
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
) -> Response:
    if proposal is not None:
        # Reload it: the form shows the proposal as it stands now.
        proposal = door.proposals.get(proposal.id)
    context = _queue_context(request, door, offset=offset, proposal=proposal, error=message)
    return _show(request, context, status_code=400)
