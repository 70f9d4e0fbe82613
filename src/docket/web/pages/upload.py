"""Uploading evidence: many files at once with one provenance, each reported on its own.

Uploaded bytes are copied into a private scratch folder on the archive's disk and ingested from
there. The name the browser sends is never used as a path: only its last part, cleaned, names the
scratch copy (so it becomes the item's original name) and the line of the report.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData, UploadFile

from docket.door import Door
from docket.errors import DocketError, TooLarge
from docket.face import (
    ContainerLimits,
    IngestOptions,
    PermissionDenied,
    Provenance,
    options_json,
    stored_name,
)
from docket.model.access import WRITERS, Viewer
from docket.web.auth import Signed, csrf_protected, current_session, signed_in, workspace
from docket.web.config import WebSettings
from docket.web.forms import posted_form
from docket.web.i18n import N_
from docket.web.security import CSRF_FIELD, CSRF_HEADER, same_secret
from docket.web.templating import render

router = APIRouter(include_in_schema=False)

CHUNK: Final = 1 << 20
UPLOADERS_ONLY: Final = N_("Only editors and admins may upload evidence.")
NO_FILES: Final = N_("Choose at least one file to upload.")
PROVENANCE_FIELDS: Final = (
    "source_url",
    "title",
    "author",
    "published",
    "collected_by",
    "note",
    "confidentiality",
)


@dataclass(frozen=True)
class UploadOutcome:
    """What became of one uploaded file, or of one file found inside it.

    ``status`` is ``new``, ``duplicate`` (already in the archive) or ``error`` (refused,
    ``reason`` says why in one line); ``item_id`` is set for the first two.
    """

    name: str
    status: str
    item_id: int | None = None
    reason: str | None = None
    inside: bool = False
    item_level: str | None = None
    provenance_kept_at: str | None = None


SIGN_IN_FIRST: Final = N_("Sign in first.")
FORM_NOT_OURS: Final = N_(
    "The form had expired or did not come from Docket. Go back, reload the page and try again."
)


def refusal(request: Request, *, api: bool) -> tuple[int, str] | None:
    """Why an upload must be refused, judged from its headers and address alone, or None.

    Runs before the body is read (see ``EarlyRefusal``): the caller must be signed in (the API
    also takes a bearer token with the ``write`` scope), past the second step, an editor or
    admin, and a session must show its CSRF token in the ``X-CSRF-Token`` header or the
    ``csrf_token`` query parameter, since the form body is not read yet. The handlers check
    all of this again once they run.
    """
    accounts = workspace(request).accounts
    scheme, _, credential = request.headers.get("authorization", "").partition(" ")
    if api and scheme.lower() == "bearer" and credential.strip():
        found = accounts.authenticate_token(credential.strip())
        if found is None:
            return 401, "The token is unknown, revoked or its user disabled."
        user, token = found
        if "write" not in token.scopes:
            return 403, "This token lacks the 'write' scope."
    else:
        session_found = current_session(request)
        if session_found is None or not session_found[1].second_factor_done:
            return 401, SIGN_IN_FIRST
        user, session = session_found
        if user.require_2fa and not user.totp_enabled:
            return 403, "Set up two-factor sign-in before uploading."
        given = request.headers.get(CSRF_HEADER) or request.query_params.get(CSRF_FIELD)
        if not same_secret(given, session.csrf_token):
            return 403, FORM_NOT_OURS
    if user.role not in WRITERS:
        return 403, UPLOADERS_ONLY
    return None


def require_uploader(viewer: Viewer) -> None:
    if viewer.role not in WRITERS:
        raise PermissionDenied(UPLOADERS_ONLY)


def provenance_from(values: Mapping[str, str | None], viewer: Viewer) -> Provenance:
    """The provenance of a form or API call; blank fields are unknown. Refuses a
    confidentiality level above the uploader's own clearance, since they could not see it."""

    def given(name: str) -> str | None:
        value = values.get(name)
        return (value.strip() or None) if isinstance(value, str) else None

    provenance = Provenance(
        source_url=given("source_url"),
        title=given("title"),
        author=given("author"),
        published=given("published"),
        collected_by=given("collected_by"),
        note=given("note"),
        confidentiality=given("confidentiality") or "public",
    )
    if not viewer.can_see(provenance.confidentiality):
        raise PermissionDenied(
            f"You may not file items as {provenance.confidentiality}: it is above your clearance."
        )
    return provenance


def ingest_options(settings: WebSettings) -> IngestOptions:
    """Ingest limits for the workspace: no file, nor any file inside a container, larger than
    one uploaded file may be; the container limits (members, ratio, depth) stay as they are."""
    limits = ContainerLimits()
    return IngestOptions(
        max_size=settings.max_file_bytes,
        container_limits=ContainerLimits(
            max_members=limits.max_members,
            max_member_bytes=min(limits.max_member_bytes, settings.max_file_bytes),
            max_total_bytes=limits.max_total_bytes,
            max_ratio=limits.max_ratio,
        ),
    )


@dataclass(frozen=True)
class _Copied:
    """One upload copied into a folder: ``path`` (relative) or why it was refused."""

    shown: str
    path: str | None = None
    refused: str | None = None


def _copy_all(uploads: Sequence[UploadFile], folder: Path, limit: int) -> Iterator[_Copied]:
    """Copy each upload into ``folder/NUMBER/NAME``: the copy keeps the name as sent (the
    custody entry records its bytes); every line shown to a person uses the cleaned one."""
    for number, upload in enumerate(uploads):
        if not upload.filename and not upload.size:
            continue  # a file input left empty still sends a nameless, empty part
        name = _scratch_name(upload.filename or "", f"upload-{number + 1}")
        shown = stored_name(name)
        (folder / str(number)).mkdir()
        copy = folder / str(number) / name
        try:
            _save(upload, copy, limit)
        except TooLarge as error:
            copy.unlink(missing_ok=True)
            yield _Copied(shown, refused=str(error))
            continue
        yield _Copied(shown, path=f"{number}/{name}")


def receive(
    door: Door,
    settings: WebSettings,
    uploads: Sequence[UploadFile],
    provenance: Provenance,
) -> list[UploadOutcome]:
    """Copy each upload to the scratch folder and ingest it; one bad file spoils nothing."""
    options = ingest_options(settings)
    outcomes: list[UploadOutcome] = []
    scratch = door.scratch()
    try:
        for copied in _copy_all(uploads, scratch, settings.max_file_bytes):
            if copied.path is None:
                outcomes.append(UploadOutcome(copied.shown, "error", reason=copied.refused))
                continue
            copy = scratch / copied.path
            outcomes.extend(_ingest(door, copy, copied.shown, provenance, options))
            copy.unlink(missing_ok=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return outcomes


def queue_ingest(
    door: Door,
    settings: WebSettings,
    uploads: Sequence[UploadFile],
    provenance: Provenance,
) -> int:
    """Copy each upload into a new job's folder and queue their ingest; the job's number.

    Only the copy happens during the request: the ingest (reading, OCR, indexing) runs as a job,
    so the answer comes at once and the job's page shows how far it got.
    """
    folder = door.jobs.inbox()
    try:
        files = [
            {"name": copied.shown, "path": copied.path}
            if copied.path is not None
            else {"name": copied.shown, "refused": copied.refused or ""}
            for copied in _copy_all(uploads, folder, settings.max_file_bytes)
        ]
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return door.jobs.ingest(
        folder, files, provenance.to_json(), options_json(ingest_options(settings))
    )


def _scratch_name(filename: str, fallback: str) -> str:
    """The last part of the name a browser sent, as a name the file system takes: no folders,
    control characters or leading dots, at most 240 bytes. Everything else is kept, so that
    the pipeline cleans it and records the bytes as given."""
    last = re.split(r"[/\\]", filename)[-1]
    kept = "".join(
        "\ufffd" if unicodedata.category(char) == "Cs" else char
        for char in last
        if unicodedata.category(char) != "Cc"
    )
    kept = kept.strip().lstrip(".")
    encoded = kept.encode("utf-8")[:240]
    return encoded.decode("utf-8", "ignore").strip() or fallback


def _save(upload: UploadFile, target: Path, limit: int) -> None:
    """Copy the upload in chunks, stopping as soon as it passes ``limit`` bytes."""
    size = 0
    upload.file.seek(0)
    with open(target, "xb") as out:
        while chunk := upload.file.read(CHUNK):
            size += len(chunk)
            if size > limit:
                raise TooLarge(f"larger than the limit of {limit:,} bytes for one file")
            out.write(chunk)


def _ingest(
    door: Door, copy: Path, name: str, provenance: Provenance, options: IngestOptions
) -> list[UploadOutcome]:
    where = str(copy)
    try:
        results = list(door.items.ingest([copy], provenance, options))
    except DocketError as error:
        return [UploadOutcome(name, "error", reason=str(error).replace(where, name))]
    return [
        UploadOutcome(
            name=result.path.replace(where, name, 1),
            status=result.status,
            item_id=result.id,
            reason=(result.error or "").replace(where, name) or None,
            inside=result.parent_id is not None,
            item_level=result.confidentiality,
            provenance_kept_at=result.provenance_kept_at,
        )
        for result in results
    ]


# -- the pages ---------------------------------------------------------------------------------


def _form_context(viewer: Viewer, signed: Signed, values: dict[str, Any]) -> dict[str, Any]:
    return {
        "levels": viewer.visible_levels(),
        "values": {"collected_by": signed.user.display_name, **values},
    }


@router.get("/upload")
def upload_form(request: Request, signed: Signed = Depends(signed_in)) -> Response:
    viewer = signed.viewer
    require_uploader(viewer)
    return render(request, "upload.html", {**_form_context(viewer, signed, {}), "error": None})


@router.post("/upload")
def upload(
    request: Request,
    # The form first: its clean-up then also runs when the CSRF check refuses the request.
    form: FormData = Depends(posted_form),
    signed: Signed = Depends(csrf_protected),
) -> Response:
    viewer = signed.viewer
    require_uploader(viewer)
    values: dict[str, str | None] = {}
    for name in PROVENANCE_FIELDS:
        value = form.get(name)
        values[name] = value if isinstance(value, str) else None
    try:
        provenance = provenance_from(values, viewer)
        chosen = [
            part
            for part in form.getlist("files")
            if isinstance(part, UploadFile) and (part.filename or part.size)
        ]
        if not chosen:
            raise DocketError(NO_FILES)
    except DocketError as error:
        context = {**_form_context(viewer, signed, values), "error": str(error)}
        return render(request, "upload.html", context, status_code=400)
    job_id = queue_ingest(signed.door, workspace(request).settings, chosen, provenance)
    return RedirectResponse(f"/jobs/{job_id}", status_code=303)
