"""Capturing links from the workspace, and what a capture shows on its item's page.

A capture runs as a job (see ``docket.jobs``), so the form answers at once and the job's page
follows it; on a PostgreSQL archive it runs on a ``docket worker``, which needs Chromium.
Replay serves the archived page from the item's WACZ through the
workspace: the page is rewritten so that every address it names points back at the archive,
and it is served with a policy that lets nothing load from anywhere else and no script run.
"""

from __future__ import annotations

import codecs
import contextlib
import json
from typing import Any, Final
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from docket.door import Door
from docket.errors import DocketError
from docket.face import (
    CaptureOptions,
    PermissionDenied,
    charset_of,
    parse_links,
    rewrite_css,
    rewrite_html,
)
from docket.model.access import WRITERS
from docket.web.auth import Signed, csrf_protected, form_data, signed_in
from docket.web.i18n import N_
from docket.web.ids import ItemId
from docket.web.pages.item_reading import external_link, note_view
from docket.web.pages.upload import provenance_from
from docket.web.templating import render

router = APIRouter(include_in_schema=False)

CAPTURERS_ONLY: Final = N_("Only editors and admins may capture links.")
NO_LINKS: Final = N_("Give at least one link to capture.")
TOO_MANY_LINKS: Final = N_(
    "Give at most 50 links at a time; capture longer lists with the command line."
)
MAX_LINKS: Final = 50
# Everything a replayed page loads comes from the replay route; it may not run scripts, send
# forms or be framed by anyone but the workspace.
REPLAY_POLICY: Final = "; ".join(
    [
        "default-src 'none'",
        "img-src 'self' data:",
        "style-src 'self' 'unsafe-inline'",
        "font-src 'self' data:",
        "media-src 'self'",
        "form-action 'none'",
        "base-uri 'none'",
        "frame-ancestors 'self'",
        "sandbox allow-same-origin",
    ]
)


def _require_capturer(signed: Signed) -> None:
    if signed.viewer.role not in WRITERS:
        raise PermissionDenied(CAPTURERS_ONLY)


def _form_context(signed: Signed, values: dict[str, Any]) -> dict[str, Any]:
    return {
        "levels": signed.viewer.visible_levels(),
        "values": {"collected_by": signed.user.display_name, **values},
        "error": None,
    }


@router.get("/capture")
def capture_form(request: Request, signed: Signed = Depends(signed_in)) -> Response:
    _require_capturer(signed)
    return render(request, "capture.html", _form_context(signed, {}))


@router.post("/capture")
def capture_links(
    request: Request,
    form: FormData = Depends(form_data),
    signed: Signed = Depends(csrf_protected),
) -> Response:
    _require_capturer(signed)
    values = {
        name: value if isinstance(value := form.get(name), str) else None
        for name in ("links", "note", "collected_by", "confidentiality")
    }
    try:
        provenance = provenance_from(values, signed.viewer)
        links = [link.url for link in parse_links(values["links"] or "")]
        if not links:
            raise DocketError(NO_LINKS)
        if len(links) > MAX_LINKS:
            raise DocketError(TOO_MANY_LINKS)
        # Checked here so that a wrong setting is one line now, not a failed job later.
        CaptureOptions.from_env()
    except DocketError as error:
        context = {**_form_context(signed, values), "error": str(error)}
        return render(request, "capture.html", context, status_code=400)
    job_id = signed.door.jobs.capture(links, provenance.to_json())
    return RedirectResponse(f"/jobs/{job_id}", status_code=303)


# -- on the item page ----------------------------------------------------------------------------


def capture_panel(door: Door, item: dict[str, Any]) -> dict[str, Any] | None:
    """What the item page shows of a capture: replay, screenshot, the earlier capture and the
    text diff against it; None for an item that is no capture."""
    item_id = int(item["id"])
    if not door.captures.is_capture(item_id):
        return None
    changes = door.captures.changes(item_id)
    metadata = door.captures.rendition(item_id, "capture")
    facts: dict[str, Any] = {}
    if metadata is not None and metadata.is_file():
        with contextlib.suppress(ValueError):
            facts = json.loads(metadata.read_text(encoding="utf-8"))
    return {
        "replay": item["media_type"] == "application/wacz",
        "screenshot": door.captures.rendition(item_id, "screenshot") is not None,
        "pdf": door.captures.rendition(item_id, "pdf") is not None,
        "earlier": door.captures.earlier(item_id),
        "changes": changes,
        "facts": facts,
        "final_link": external_link(facts.get("final_url")),
    }


@router.get("/items/{item_id}/screenshot")
def item_screenshot(item_id: ItemId, signed: Signed = Depends(signed_in)) -> Response:
    door = signed.door
    item = door.items.get(item_id)
    path = door.captures.rendition(item_id, "screenshot")
    if path is None or not path.is_file():
        raise HTTPException(404, "There is nothing here.")
    note_view(door, item, "screenshot")
    return FileResponse(path, media_type="image/png")


DOWNLOADS: Final = {
    "pdf": ("application/pdf", "pdf"),
    "capture": ("application/json", "capture.json"),
    "media-metadata": ("application/json", "media.json"),
}


@router.get("/items/{item_id}/capture/{kind}")
def item_capture_file(item_id: ItemId, kind: str, signed: Signed = Depends(signed_in)) -> Response:
    """A capture's PDF print or metadata, to be saved."""
    if kind not in DOWNLOADS:
        raise HTTPException(404, "There is nothing here.")
    door = signed.door
    item = door.items.get(item_id)
    path = door.captures.rendition(item_id, kind)
    if path is None or not path.is_file():
        raise HTTPException(404, "There is nothing here.")
    note_view(door, item, kind)
    media_type, suffix = DOWNLOADS[kind]
    return FileResponse(
        path,
        media_type=media_type,
        filename=f"item-{item_id}-{suffix}",
        content_disposition_type="attachment",
    )


@router.get("/items/{item_id}/replay")
def item_replay(
    item_id: ItemId,
    signed: Signed = Depends(signed_in),
    url: str | None = Query(None, max_length=8192),
) -> Response:
    """The archived page (or, with ``url``, one archived response it loaded)."""
    door = signed.door
    item = door.items.get(item_id)
    found = door.captures.archived(item_id, url)
    if found is None:
        return Response(
            "Not in this capture.",
            status_code=404,
            media_type="text/plain",
            headers=_replay_headers(),
        )
    if url is None:
        note_view(door, item, "replay")

    def link(address: str) -> str:
        return f"/items/{item_id}/replay?url={quote(address, safe='')}"

    body = found.body
    media_type = found.media_type or "application/octet-stream"
    if media_type in ("text/html", "application/xhtml+xml"):
        body = rewrite_html(body, found.url, link, charset_of(found.headers))
        media_type = "text/html"
    elif media_type == "text/css":
        css = body.decode(_known(charset_of(found.headers)) or "utf-8", "replace")
        body = rewrite_css(css, found.url, link).encode()
        media_type = "text/css; charset=utf-8"
    elif media_type in ("application/javascript", "text/javascript", "image/svg+xml"):
        # Scripts never run in a replay, and an SVG may carry one.
        return Response(b"", status_code=204, headers=_replay_headers())
    return Response(
        body,
        status_code=200,
        media_type=media_type,
        headers=_replay_headers(),
    )


def _known(charset: str | None) -> str | None:
    if charset is None:
        return None
    try:
        return codecs.lookup(charset).name
    except LookupError:
        return None


def _replay_headers() -> dict[str, str]:
    return {
        "Content-Security-Policy": REPLAY_POLICY,
        "X-Frame-Options": "SAMEORIGIN",
    }
