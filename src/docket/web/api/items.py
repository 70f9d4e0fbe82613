"""Items over the API: list, one item with its custody, its original and text, and upload.

The same rules as the pages: an item above the caller's clearance is a 404 with the words used for
a missing one, and only editors and admins (with a token carrying ``write``) upload.
"""

from __future__ import annotations

from typing import Annotated, Any, Final

from fastapi import APIRouter, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field

from docket.face import PermissionDenied
from docket.web.auth import Signed, scoped, workspace
from docket.web.ids import MAX_ID, ItemId
from docket.web.pages.item_reading import note_view
from docket.web.pages.items import listing_filters, original_response, text_response
from docket.web.pages.upload import provenance_from, receive, require_uploader

router = APIRouter(prefix="/api", tags=["items"])

MAX_PAGE: Final = 200
LARGEST_ID: Final = MAX_ID


class Problem(BaseModel):
    detail: str


class Item(BaseModel):
    """An item's metadata: where it came from and what it is."""

    id: int
    sha256: str
    size: int
    media_type: str
    original_name: str
    title: str | None
    author: str | None
    published: str | None
    language: str | None
    source_url: str | None
    collected_at: str
    collected_by: str | None
    translation_of: int | None
    parent_id: int | None
    confidentiality: str
    reliability: str | None
    notes: str | None


class ItemPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[Item]


class WorkingCopy(BaseModel):
    id: int
    kind: str
    sha256: str
    size: int
    tool: str
    tool_version: str
    created_at: str


class CustodyEntry(BaseModel):
    seq: int
    at: str
    actor: str
    action: str
    subject: str
    payload: dict[str, Any]
    prev_hash: str
    hash: str


class Mention(BaseModel):
    """Words of the working text (character offsets) that extraction found something in."""

    start: int
    end: int
    kind: str
    label: str
    status: str
    proposal: int


class ItemDetail(Item):
    working_copies: list[WorkingCopy]
    custody: list[CustodyEntry]
    mentions: list[Mention]
    contained: int


class UploadResult(BaseModel):
    """One uploaded file, or one file found inside it: ``new``, ``duplicate`` or ``error``."""

    name: str
    status: str
    item_id: int | None
    reason: str | None
    inside: bool
    item_confidentiality: str | None = None
    provenance_kept_at: str | None = Field(
        None,
        description="Set when the file was already in the archive at a lower level: the level "
        "the provenance given now is kept at. The item keeps its own level until raised.",
    )


class UploadReport(BaseModel):
    results: list[UploadResult]


READ_ERRORS: Final[dict[int | str, dict[str, Any]]] = {
    400: {"model": Problem, "description": "A filter value makes no sense."},
    401: {"model": Problem, "description": "Not signed in and no valid token."},
    403: {"model": Problem, "description": "The token lacks the 'read' scope."},
    404: {"model": Problem, "description": "No such parent item, or one the caller may not see."},
}
ONE_ERRORS: Final[dict[int | str, dict[str, Any]]] = {
    401: READ_ERRORS[401],
    403: READ_ERRORS[403],
    404: {"model": Problem, "description": "No such item, or one the caller may not see."},
}
UPLOAD_ERRORS: Final[dict[int | str, dict[str, Any]]] = {
    400: {"model": Problem, "description": "The provenance is not valid."},
    401: READ_ERRORS[401],
    403: {"model": Problem, "description": "Not an editor or admin, or no 'write' scope."},
    413: {"description": "The request is larger than the workspace accepts."},
}


def _item(row: dict[str, Any]) -> Item:
    return Item.model_validate({name: row[name] for name in Item.model_fields})


@router.get("/items", response_model=ItemPage, responses=READ_ERRORS)
def list_items(
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    media_type: Annotated[str | None, Query(max_length=100)] = None,
    language: Annotated[str | None, Query(max_length=20)] = None,
    level: Annotated[str | None, Query(max_length=20)] = None,
    parent: Annotated[int | None, Query(ge=1, le=LARGEST_ID)] = None,
    caller: Signed = scoped("read"),
) -> ItemPage:
    """Items the caller may see, newest first; ``parent`` lists the files found inside one."""
    door = caller.door
    if parent is not None:
        door.items.get(parent)
    filters = listing_filters(media_type=media_type, language=language, level=level)
    page = door.items.browse(filters, limit=limit, offset=offset, parent_id=parent)
    return ItemPage(
        total=page.total, limit=limit, offset=offset, items=[_item(row) for row in page.items]
    )


@router.get("/items/{item_id}", response_model=ItemDetail, responses=ONE_ERRORS)
def get_item(item_id: ItemId, caller: Signed = scoped("read")) -> ItemDetail:
    """One item with its working copies, chain of custody and extracted mentions."""
    door = caller.door
    item = door.items.get(item_id)
    view = door.items.show(item_id)
    contained = door.items.browse(limit=1, parent_id=item_id).total
    note_view(door, item, "metadata")
    return ItemDetail(
        **_item(item).model_dump(),
        working_copies=[
            WorkingCopy.model_validate({name: r[name] for name in WorkingCopy.model_fields})
            for r in view.renditions
        ],
        custody=[CustodyEntry.model_validate(entry.to_json()) for entry in view.history],
        mentions=[
            Mention(
                start=m.start,
                end=m.end,
                kind=m.kind,
                label=m.label,
                status=m.status,
                proposal=m.proposal_id,
            )
            for m in door.items.mentions(item_id)
        ],
        contained=contained,
    )


@router.get(
    "/items/{item_id}/original",
    response_class=Response,
    responses={
        200: {
            "description": "The original exactly as received, as an attachment.",
            "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}},
        },
        **ONE_ERRORS,
    },
)
def get_original(item_id: ItemId, caller: Signed = scoped("read")) -> Response:
    """The original bytes, with the media type found at ingest."""
    door = caller.door
    item = door.items.get(item_id)
    note_view(door, item, "original")
    return original_response(door, item)


@router.get(
    "/items/{item_id}/text",
    response_class=Response,
    responses={
        200: {
            "description": "The working-copy text, UTF-8, as an attachment.",
            "content": {"text/plain": {"schema": {"type": "string"}}},
        },
        **ONE_ERRORS,
    },
)
def get_text(item_id: ItemId, caller: Signed = scoped("read")) -> Response:
    """The newest working-copy text; 404 when none could be derived."""
    door = caller.door
    item = door.items.get(item_id)
    response = text_response(door, item)
    note_view(door, item, "text")
    return response


@router.post("/items", response_model=UploadReport, responses=UPLOAD_ERRORS)
def upload_items(
    request: Request,
    files: Annotated[list[UploadFile], File(description="One or more files.")],
    source_url: Annotated[str, Form(max_length=10_000)] = "",
    title: Annotated[str, Form(max_length=10_000)] = "",
    author: Annotated[str, Form(max_length=10_000)] = "",
    published: Annotated[str, Form(max_length=10, description="YYYY-MM-DD")] = "",
    collected_by: Annotated[str, Form(max_length=10_000)] = "",
    note: Annotated[str, Form(max_length=10_000)] = "",
    confidentiality: Annotated[str, Form(max_length=20)] = "public",
    caller: Signed = scoped("write"),
) -> UploadReport:
    """Ingest the files with one provenance; each file (and each file inside a ZIP or e-mail)
    gets its own result: a new item, one already present, or refused with the reason."""
    viewer = caller.viewer
    try:
        require_uploader(viewer)
    except PermissionDenied as error:
        raise HTTPException(403, str(error)) from None
    provenance = provenance_from(
        {
            "source_url": source_url,
            "title": title,
            "author": author,
            "published": published,
            "collected_by": collected_by or caller.user.display_name,
            "note": note,
            "confidentiality": confidentiality,
        },
        viewer,
    )
    outcomes = receive(caller.door, workspace(request).settings, files, provenance)
    return UploadReport(
        results=[
            UploadResult(
                name=o.name,
                status=o.status,
                item_id=o.item_id,
                reason=o.reason,
                inside=o.inside,
                item_confidentiality=o.item_level,
                provenance_kept_at=o.provenance_kept_at,
            )
            for o in outcomes
        ]
    )
