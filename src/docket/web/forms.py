"""Posted forms with files, read as one dependency that always closes what it spooled."""

from __future__ import annotations

from collections.abc import AsyncIterator

from fastapi import Request
from starlette.datastructures import FormData


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
