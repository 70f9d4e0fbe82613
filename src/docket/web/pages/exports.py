"""The exports page: records as JSON Lines, CSV or FollowTheMoney, and BagIt evidence packages,
each holding only what the signed-in user may see, each a custody entry."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from docket.errors import DocketError, ItemNotFound
from docket.face import RECORD_FORMATS
from docket.model.record_types import load_record_types
from docket.web.api.exports import (
    MAX_BAG_ITEMS,
    bag_download,
    parse_ids,
    records_download,
    visible_item_ids,
)
from docket.web.auth import Signed, csrf_protected, signed_in
from docket.web.templating import render

router = APIRouter(include_in_schema=False)


def _page(
    request: Request, *, error: str | None = None, status_code: int = 200, **given: Any
) -> Response:
    language = getattr(request.state, "language", "en")
    types = [
        (record_type.name, record_type.labels.get(language) or record_type.labels["en"])
        for record_type in load_record_types()
    ]
    return render(
        request,
        "exports.html",
        {
            "types": types,
            "error": error,
            "max_items": MAX_BAG_ITEMS,
            "given": given,
        },
        status_code=status_code,
    )


@router.get("/exports")
def exports_page(request: Request, signed: Signed = Depends(signed_in)) -> Response:
    return _page(request)


@router.post("/exports/records")
def export_records_page(
    request: Request,
    format: Annotated[str, Form(max_length=10)] = "jsonl",
    type: Annotated[str, Form(max_length=40)] = "",
    signed: Signed = Depends(csrf_protected),
) -> Response:
    if format not in RECORD_FORMATS:
        return _page(request, error=f"Unknown format {format!r}.", status_code=400)
    try:
        download = records_download(signed.door, format, type or None)
    except DocketError as error:
        return _page(request, error=str(error), status_code=400)
    return download.response()


@router.post("/exports/bag")
def export_bag_page(
    request: Request,
    items: Annotated[str, Form(max_length=10_000)] = "",
    query: Annotated[str, Form(max_length=500)] = "",
    signed: Signed = Depends(csrf_protected),
) -> Response:
    try:
        ids = visible_item_ids(signed.door, parse_ids(items), query)
        download = bag_download(signed.door, ids)
    except ItemNotFound:
        raise
    except DocketError as error:
        return _page(request, error=str(error), status_code=400, items=items, query=query)
    return download.response()
