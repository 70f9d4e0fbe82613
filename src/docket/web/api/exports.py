"""Exports over the API: records as JSON Lines, CSV or FollowTheMoney entities, and BagIt
evidence packages of items, each with the caller's permissions applied.

Nothing above the caller's clearance goes into an export: records are read through the caller's
viewer (protected values stay redacted), and an item the caller may not see is "not found" when
asked for by id and never matched by a query. Every export is an entry in the chain of custody,
naming who made it.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, Final, Literal

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import FileResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.background import BackgroundTask

from docket.door import Door
from docket.errors import DocketError, ItemNotFound
from docket.model.record_types import load_record_types
from docket.web.auth import Signed, scoped
from docket.web.ids import MAX_ID

router = APIRouter(prefix="/api", tags=["exports"])

MAX_BAG_ITEMS: Final = 500
MEDIA_TYPES: Final = {
    "jsonl": "application/x-ndjson",
    "csv": "text/csv",
    "ftm": "application/x-ndjson",
}
SUFFIXES: Final = {"jsonl": "jsonl", "csv": "csv", "ftm": "ftm.json"}
RecordFormat = Literal["jsonl", "csv", "ftm"]
RECORD_TYPES: Final = [record_type.name for record_type in load_record_types()]


@dataclass(frozen=True)
class Download:
    """A file ready to send, in a temporary folder removed once it has been sent."""

    path: Path
    filename: str
    media_type: str
    folder: Path

    def response(self) -> FileResponse:
        return FileResponse(
            self.path,
            media_type=self.media_type,
            filename=self.filename,
            background=BackgroundTask(shutil.rmtree, self.folder, ignore_errors=True),
        )


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def records_download(door: Door, fmt: str, type_name: str | None = None) -> Download:
    """Every record the viewer may see, in ``fmt``, written to a temporary file."""
    folder = Path(tempfile.mkdtemp(prefix="docket-export-"))
    try:
        path = folder / f"records.{SUFFIXES.get(fmt, fmt)}"
        with path.open("w", encoding="utf-8", newline="") as out:
            door.export_records(out, fmt=fmt, type_name=type_name)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    name = f"docket-records-{type_name or 'all'}-{_stamp()}.{SUFFIXES[fmt]}"
    return Download(path, name, MEDIA_TYPES[fmt], folder)


def parse_ids(text: str) -> list[int]:
    """Item ids typed as "3, 5 8" or "#3"."""
    found: list[int] = []
    for part in text.replace(",", " ").split():
        number = part.lstrip("#")
        if not number.isdigit() or len(number) > 15 or int(number) > MAX_ID:
            raise DocketError(f"{part!r} is not an item id")
        found.append(int(number))
    return found


def visible_item_ids(door: Door, ids: list[int], query: str | None) -> list[int]:
    """The items of a bag: the ids given (each must be visible: a hidden one is "no item N",
    worded as for a missing one) and those a query matches."""
    chosen: set[int] = set()
    for item_id in ids:
        door.items.get(item_id)
        chosen.add(item_id)
    if query and query.strip():
        hits = door.items.search(query, limit=MAX_BAG_ITEMS)
        if not hits and not ids:
            raise ItemNotFound(f"no item matches {query.strip()!r}: the bag would be empty")
        chosen.update(hit.item_id for hit in hits)
    if not chosen:
        raise DocketError("choose the items of the bag: give their ids or a search query")
    if len(chosen) > MAX_BAG_ITEMS:
        raise DocketError(
            f"a bag holds at most {MAX_BAG_ITEMS} items; {len(chosen)} were chosen: narrow it"
        )
    return sorted(chosen)


def bag_download(door: Door, item_ids: list[int]) -> Download:
    """A zipped BagIt package of the items; the export enters each item's custody."""
    folder = Path(tempfile.mkdtemp(prefix="docket-bag-"))
    try:
        name = f"docket-bag-{_stamp()}"
        bag = door.items.export_bag(folder / name, item_ids)
        archive_path = folder / f"{name}.zip"
        with zipfile.ZipFile(archive_path, "w", compression=zipfile.ZIP_DEFLATED) as packed:
            for path in sorted(bag.rglob("*")):
                if path.is_file():
                    packed.write(path, Path(name) / path.relative_to(bag))
        shutil.rmtree(bag)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return Download(archive_path, f"{name}.zip", "application/zip", folder)


class Problem(BaseModel):
    detail: str


class BagRequest(BaseModel):
    """Item ids, a search query, or both: at least one of them."""

    model_config = ConfigDict(
        json_schema_extra={"anyOf": [{"required": ["items"]}, {"required": ["query"]}]}
    )

    items: list[Annotated[int, Field(ge=1, le=MAX_ID)]] | None = Field(
        default=None, min_length=1, max_length=MAX_BAG_ITEMS
    )
    query: str | None = Field(default=None, max_length=500, pattern=r"\S")


ERRORS: Final[dict[int | str, dict[str, Any]]] = {
    401: {"model": Problem, "description": "Not signed in and no valid token."},
    403: {"model": Problem, "description": "The token lacks the export scope."},
}


@router.get(
    "/exports/records",
    response_class=FileResponse,
    responses={
        **ERRORS,
        200: {
            "description": "The records, one per line (JSON Lines, FtM) or one value per row.",
            "content": {"application/x-ndjson": {}, "text/csv": {}},
        },
        400: {"model": Problem, "description": "Unknown record type."},
    },
)
def export_records_endpoint(
    format: Annotated[RecordFormat, Query()] = "jsonl",
    type: Annotated[
        str | None, Query(max_length=40, json_schema_extra={"enum": RECORD_TYPES})
    ] = None,
    caller: Signed = scoped("export"),
) -> FileResponse:
    """Every record the caller may see, protected values redacted; a custody entry."""
    try:
        download = records_download(caller.door, format, type or None)
    except DocketError as error:
        raise HTTPException(400, str(error)) from None
    return download.response()


@router.post(
    "/exports/bag",
    response_class=FileResponse,
    responses={
        **ERRORS,
        200: {"description": "A zipped BagIt package.", "content": {"application/zip": {}}},
        400: {"model": Problem, "description": "No items chosen, or too many."},
        404: {"model": Problem, "description": "An item is missing or hidden, or none matches."},
    },
)
def export_bag_endpoint(body: BagRequest, caller: Signed = scoped("export")) -> FileResponse:
    """A BagIt evidence package of the items given by id or matched by the query; every
    exported item gets a custody entry."""
    try:
        ids = visible_item_ids(caller.door, list(body.items or []), body.query)
        download = bag_download(caller.door, ids)
    except ItemNotFound:
        raise
    except DocketError as error:
        raise HTTPException(400, str(error)) from None
    return download.response()
