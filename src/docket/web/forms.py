"""Posted forms: read as one dependency that always closes what it spooled, and their fields
read as trimmed text and whole numbers, with one clear error for a malformed one."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import Any, Final

from fastapi import Request
from starlette.datastructures import FormData

from docket.face import InvalidRecord

MAX_FIELD: Final = 20_000


async def posted_form(request: Request) -> AsyncIterator[FormData]:
    """The posted form, its spooled files closed whatever happens to the request.

    Read here rather than as typed parameters: a browser sends an empty file field as a part
    without a name, which typed parameters refuse as a malformed request instead of saying that
    no file was chosen. Starlette spools large files to disk while it parses.
    """
    form = await request.form()
    try:
        yield form
    finally:
        await form.close()


def field_text(form: FormData | Mapping[str, Any], name: str) -> str:
    """A text field, trimmed and cut to ``MAX_FIELD`` characters; a file or no field is ""."""
    value = form.get(name, "")
    return value.strip()[:MAX_FIELD] if isinstance(value, str) else ""


def whole_number(text: str, what: str) -> int:
    """``text`` as a whole number of at most nine digits, or a line saying what it should be."""
    if not text.isdigit() or len(text) > 9:
        raise InvalidRecord(f"{what} must be a whole number, not {text[:20]!r}")
    return int(text)


def version_and_reason(form: FormData, reason_field: str, missing: str) -> tuple[int, str]:
    """The record version a change was made against and the reason given for it; ``missing``
    is the error when no reason is given, since every change to a record says why."""
    expected = whole_number(field_text(form, "expected_version"), "the version")
    reason = field_text(form, reason_field)
    if not reason:
        raise InvalidRecord(missing)
    return expected, reason
