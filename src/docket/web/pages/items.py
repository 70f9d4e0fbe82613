"""The evidence pages: the list of items, one item's page, its downloads and verification.

Every read goes through the signed-in user's door: an item above their clearance does not exist
for them, and every handler here (and the API, which shares these helpers) answers it with the
very 404 of a missing item.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, BinaryIO, Final
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import RedirectResponse, Response, StreamingResponse
from markupsafe import Markup, escape
from starlette.datastructures import FormData

from docket.door import Door
from docket.errors import DocketError, InvalidQuery, ItemNotFound, PermissionDenied
from docket.face import SearchFilters, clean_name
from docket.model.access import LEVELS
from docket.web.auth import Signed, csrf_protected, form_data, signed_in
from docket.web.ids import ItemId
from docket.web.pages.capture import capture_panel
from docket.web.pages.item_reading import external_link, note_view
from docket.web.templating import render

router = APIRouter(include_in_schema=False)

PAGE_SIZE: Final = 25
CUSTODY_PAGE_SIZE: Final = 50
# The working text is shown in parts: a 40 MB book must not become a 40 MB page.
TEXT_PART: Final = 100_000
MAX_REASON: Final = 2_000
_MEDIA_TYPE: Final = re.compile(r"[A-Za-z0-9][\w!#$&^.+-]*/[A-Za-z0-9][\w!#$&^.+-]*")
_UNSAFE_NAME: Final = re.compile(r'[\x00-\x1f\x7f"\\/:*?<>|;]')


# -- readings and filters ----------------------------------------------------------------------


def listing_filters(
    *,
    media_type: str | None = None,
    language: str | None = None,
    level: str | None = None,
    date_from: Any = None,
    date_to: Any = None,
) -> SearchFilters:
    """Filters of a form or query, blank fields unset. A level above the viewer's selects
    nothing, like a level nobody uses, so the answer does not tell that such items exist."""
    return SearchFilters(
        language=language or None,
        media_type=media_type or None,
        date_from=date_from,
        date_to=date_to,
        level=level or None,
    )


# -- safe pieces of pages and downloads ------------------------------------------------------


def highlight(text: str, spans: Iterable[tuple[int, int, str]]) -> Markup:
    """``text`` escaped, with each ``(start, end, label)`` span wrapped in ``<mark>``.

    The HTML is assembled from escaped pieces only; overlapping spans are merged and spans
    outside the text ignored, so no offset can cut into markup.
    """
    merged: list[list[Any]] = []
    for start, end, label in sorted(spans):
        start, end = max(0, start), min(len(text), end)
        if start >= end:
            continue
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            if label and label not in merged[-1][2]:
                merged[-1][2].append(label)
            continue
        merged.append([start, end, [label] if label else []])
    parts: list[str] = []
    done = 0
    for start, end, labels in merged:
        parts.append(escape(text[done:start]))
        # Escaped pieces joined as text: Markup.format parses its template on every call, and
        # a page of results marks a hundred words.
        title = f' title="{escape("; ".join(labels))}"' if labels else ""
        parts.append(f"<mark{title}>{escape(text[start:end])}</mark>")
        done = end
    parts.append(escape(text[done:]))
    return Markup("".join(parts))  # noqa: S704 - every piece is escaped above


def safe_filename(name: str, fallback: str = "item") -> str:
    """A file name with no folders, quotes, separators, control or bidirectional characters."""
    last = re.split(r"[/\\]", clean_name(name))[-1]
    cleaned = " ".join(_UNSAFE_NAME.sub("_", last).split()).lstrip(".")
    return cleaned[:200] or fallback


def attachment(filename: str) -> str:
    """A Content-Disposition that makes browsers save the file, never show it."""
    ascii_name = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode("ascii")
    if not ascii_name.split(".")[0].strip():
        # A name in another script leaves only its extension in ASCII: keep that, at least.
        ascii_name = f"item{ascii_name}"
    ascii_name = safe_filename(ascii_name)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


def original_response(door: Door, item: Mapping[str, Any]) -> Response:
    """The original as received, to be saved: its own media type, never rendered inline."""
    try:
        original = door.items.open_original(int(item["id"]))
    except FileNotFoundError:
        raise HTTPException(
            500, f"The stored original of item {item['id']} is missing; run `docket verify`."
        ) from None
    media_type = str(item["media_type"]).split(";")[0].strip()
    if not _MEDIA_TYPE.fullmatch(media_type):
        media_type = "application/octet-stream"
    name = safe_filename(str(item["original_name"] or ""), f"item-{item['id']}")
    # SecurityHeaders adds ``X-Content-Type-Options: nosniff`` and the CSP to every response.
    # Streamed from the store: in an encrypted archive the bytes are decrypted as they are sent.
    return StreamingResponse(
        _chunks(original),
        media_type=media_type,
        headers={"Content-Disposition": attachment(name), "Content-Length": str(item["size"])},
    )


def _chunks(stream: BinaryIO) -> Iterator[bytes]:
    with stream:
        while chunk := stream.read(1 << 20):
            yield chunk


def text_response(door: Door, item: Mapping[str, Any]) -> Response:
    """The working-copy text as a UTF-8 text file to be saved; 404 when there is none."""
    text = door.items.text(int(item["id"]))
    if not text:
        raise HTTPException(404, f"Item {item['id']} has no working-copy text.")
    stem = safe_filename(str(item["original_name"] or ""), f"item-{item['id']}")
    return Response(
        text.encode("utf-8"),
        media_type="text/plain; charset=utf-8",
        headers={"Content-Disposition": attachment(f"{stem}.txt")},
    )


# -- pages of long lists ------------------------------------------------------------------------


@dataclass(frozen=True)
class Pager:
    """Where a page sits in a list, with links to its neighbours (None at either end)."""

    page: int
    pages: int
    total: int
    previous_url: str | None
    next_url: str | None


def with_query(request: Request, **changes: object) -> str:
    """This page's address with some query parameters changed (None or '' removes one)."""
    # A page of results links every facet value and page: the parameters it keeps are encoded
    # once per request, not once per link.
    state = request.state
    kept: dict[str, str] | None = getattr(state, "_encoded_query", None)
    if kept is None:
        kept = state._encoded_query = {
            key: urlencode({key: value}) for key, value in request.query_params.items()
        }
    if changes:
        kept = dict(kept)
        for key, value in changes.items():
            if value is None or value == "":
                kept.pop(key, None)
            else:
                kept[key] = urlencode({key: str(value)})
    query = "&".join(kept.values())
    return request.url.path + (f"?{query}" if query else "")


def pager(request: Request, total: int, page: int, size: int, param: str = "page") -> Pager:
    pages = max(1, math.ceil(total / size))
    previous = with_query(request, **{param: page - 1}) if page > 1 else None
    following = with_query(request, **{param: page + 1}) if page < pages else None
    return Pager(page, pages, total, previous, following)


def check_page(page: int, size: int, limit: int = 10_000) -> int:
    """The offset of ``page``; pages past ``limit`` items are refused in one line."""
    offset = (page - 1) * size
    if offset + size > limit:
        raise InvalidQuery(f"Only the first {limit:,} entries can be paged through; filter more.")
    return offset


# -- the pages ---------------------------------------------------------------------------------


@router.get("/items")
def item_list(
    request: Request,
    signed: Signed = Depends(signed_in),
    page: int = Query(1, ge=1),
    media_type: str | None = None,
    language: str | None = None,
    level: str | None = None,
) -> Response:
    door = signed.door
    filters = listing_filters(media_type=media_type, language=language, level=level)
    offset = check_page(page, PAGE_SIZE)
    listing = door.items.browse(filters, limit=PAGE_SIZE, offset=offset)
    # The choices of the filter form are what the viewer can see, counted.
    choices = door.items.facets(None)
    return render(
        request,
        "items.html",
        {
            "items": listing.items,
            "pager": pager(request, listing.total, page, PAGE_SIZE),
            "choices": choices,
            "levels": signed.viewer.visible_levels(),
            "chosen": {"media_type": media_type, "language": language, "level": level},
        },
    )


@router.get("/items/{item_id}")
def item_page(
    request: Request,
    item_id: ItemId,
    signed: Signed = Depends(signed_in),
    text_part: int = Query(1, ge=1),
    custody_page: int = Query(1, ge=1),
    members_page: int = Query(1, ge=1),
) -> Response:
    door = signed.door
    item = door.items.get(item_id)
    note_view(door, item, "page")
    return render(
        request,
        "item.html",
        _item_context(request, door, item, text_part, custody_page, members_page),
    )


@router.post("/items/{item_id}/confidentiality")
def item_level(
    request: Request,
    item_id: ItemId,
    # The form first: the CSRF check reads the same parsed form.
    form: FormData = Depends(form_data),
    signed: Signed = Depends(csrf_protected),
) -> Response:
    """Move the item to another level, with the reason, as a custody entry."""
    door = signed.door
    item = door.items.get(item_id)
    level, reason = (form.get(name) for name in ("level", "reason"))
    level = level.strip() if isinstance(level, str) else ""
    reason = reason.strip()[:MAX_REASON] if isinstance(reason, str) else ""
    try:
        if level not in LEVELS:
            raise DocketError(f"The level must be one of {', '.join(LEVELS)}.")
        if level == item["confidentiality"]:
            raise DocketError(f"The item is already {level}.")
        door.items.edit(item_id, {"confidentiality": level}, reason)
    except PermissionDenied:
        raise
    except DocketError as error:
        note_view(door, item, "page")
        context = _item_context(request, door, item, 1, 1, 1)
        context["level_error"] = str(error)
        return render(request, "item.html", context, status_code=400)
    return RedirectResponse(f"/items/{item_id}", status_code=303)


@router.get("/items/{item_id}/verify")
def item_verify(request: Request, item_id: ItemId, signed: Signed = Depends(signed_in)) -> Response:
    """Re-check the item's stored files against their hashes and its custody: a fragment for
    HTMX, or the item page with the answer when scripts are off."""
    door = signed.door
    item = door.items.get(item_id)
    problems = [str(problem) for problem in door.items.verify(item_id)]
    if request.headers.get("hx-request"):
        return render(request, "item_verify.html", {"item": item, "problems": problems})
    note_view(door, item, "page")
    context = _item_context(request, door, item, 1, 1, 1)
    context["problems"] = problems
    return render(request, "item.html", context)


@router.get("/items/{item_id}/original")
def item_original(item_id: ItemId, signed: Signed = Depends(signed_in)) -> Response:
    door = signed.door
    item = door.items.get(item_id)
    note_view(door, item, "original")
    return original_response(door, item)


@router.get("/items/{item_id}/text")
def item_text(item_id: ItemId, signed: Signed = Depends(signed_in)) -> Response:
    door = signed.door
    item = door.items.get(item_id)
    response = text_response(door, item)
    note_view(door, item, "text")
    return response


def _item_context(
    request: Request,
    door: Door,
    item: dict[str, Any],
    text_part: int,
    custody_page: int,
    members_page: int,
) -> dict[str, Any]:
    item_id = int(item["id"])
    view = door.items.show(item_id)
    text = door.items.text(item_id)
    parts = max(1, math.ceil(len(text) / TEXT_PART))
    part = min(text_part, parts)
    start = (part - 1) * TEXT_PART
    window = text[start : start + TEXT_PART]
    spans = [
        (m.start - start, m.end - start, f"{m.kind}: {m.label}")
        for m in door.items.mentions(item_id)
        if m.end > start and m.start < start + TEXT_PART
    ]
    history = view.history
    custody_pages = max(1, math.ceil(len(history) / CUSTODY_PAGE_SIZE))
    custody_page = min(custody_page, custody_pages)
    members = door.items.browse(
        limit=PAGE_SIZE,
        offset=check_page(members_page, PAGE_SIZE),
        parent_id=item_id,
    )
    return {
        "item": item,
        "title": item["title"] or item["original_name"],
        "source_link": external_link(item["source_url"]),
        "related": {
            "parent": _related(door, item["parent_id"]),
            "translation_of": _related(door, item["translation_of"]),
        },
        "renditions": view.renditions,
        "has_text": bool(text),
        "text": highlight(window, spans),
        "mention_count": len(spans),
        "text_pager": pager(request, len(text), part, TEXT_PART, "text_part"),
        "custody": history[
            (custody_page - 1) * CUSTODY_PAGE_SIZE : custody_page * CUSTODY_PAGE_SIZE
        ],
        "custody_pager": pager(
            request, len(history), custody_page, CUSTODY_PAGE_SIZE, "custody_page"
        ),
        "members": members.items,
        "members_pager": pager(request, members.total, members_page, PAGE_SIZE, "members_page"),
        "problems": None,
        "level_choices": door.items.level_choices(str(item["confidentiality"])),
        "level_error": None,
        "capture": capture_panel(door, item),
    }


def _related(door: Door, item_id: int | None) -> dict[str, Any] | None:
    """A linked item (the door leaves out links to items the viewer may not see)."""
    if item_id is None:
        return None
    try:
        return door.items.get(int(item_id))
    except ItemNotFound:
        return None
