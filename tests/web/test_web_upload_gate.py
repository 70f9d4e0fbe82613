"""An upload from someone who may not upload is refused before a byte of its body is read.

The body is an endless stream; the test counts how much of it the server pulled. Without the
early check the framework would parse (and spool to disk) the whole multipart body first.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from tests.support import as_owner
from token_support import bearer
from web_support import finished_job, page_csrf

from docket.archive import Archive

BOUNDARY = "docketboundary"
CHUNK = b"x" * 65536
HUGE = 1 << 40  # a terabyte, if anyone read it all


@dataclass
class Stream:
    """A multipart body of one file of ``size`` bytes, counting the chunks handed out."""

    size: int = HUGE
    pulled: int = 0

    async def chunks(self) -> AsyncIterator[bytes]:
        self.pulled += 1
        yield (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="files"; '
            f'filename="statement.txt"\r\nContent-Type: text/plain\r\n\r\n'
        ).encode()
        sent = 0
        while sent < self.size:
            part = CHUNK[: self.size - sent]
            sent += len(part)
            self.pulled += 1
            yield part
        self.pulled += 1
        yield f"\r\n--{BOUNDARY}--\r\n".encode()


def _post(
    app: FastAPI,
    path: str,
    stream: Stream,
    *,
    cookies: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
    params: dict[str, str] | None = None,
) -> httpx.Response:
    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://127.0.0.1", cookies=cookies
        ) as client:
            return await client.post(
                path,
                content=stream.chunks(),
                params=params,
                headers={
                    "content-type": f"multipart/form-data; boundary={BOUNDARY}",
                    **(headers or {}),
                },
            )

    # In a thread of its own: a browser test's driver may hold the main thread's event loop.
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, go()).result()


@pytest.mark.parametrize("path", ["/upload", "/api/items"])
def test_without_a_session_or_token_nothing_is_read(
    app: FastAPI, archive: Archive, path: str
) -> None:
    stream = Stream()
    response = _post(app, path, stream)
    assert response.status_code == 401
    assert stream.pulled == 0
    assert list(as_owner(archive).items.ids()) == []


def test_a_session_without_the_csrf_token_reads_nothing(
    app: FastAPI, client_as: Callable[[str], TestClient]
) -> None:
    editor = client_as("editor")
    for path in ("/upload", "/api/items"):
        stream = Stream()
        response = _post(app, path, stream, cookies=dict(editor.cookies))
        assert response.status_code == 403, path
        assert stream.pulled == 0, path
    stream = Stream()
    wrong = _post(
        app, "/upload", stream, cookies=dict(editor.cookies), params={"csrf_token": "forged"}
    )
    assert wrong.status_code == 403
    assert stream.pulled == 0


def test_roles_and_scopes_that_may_not_upload_read_nothing(
    app: FastAPI, archive: Archive, client_as: Callable[[str], TestClient]
) -> None:
    analyst = client_as("analyst")
    stream = Stream()
    refused = _post(
        app,
        "/upload",
        stream,
        cookies=dict(analyst.cookies),
        params={"csrf_token": page_csrf(analyst)},
    )
    assert refused.status_code == 403
    assert "Only editors and admins may upload evidence." in refused.text
    assert stream.pulled == 0
    for headers in (bearer(archive, "editor-user", "read"), {"Authorization": "Bearer dkt_nope"}):
        stream = Stream()
        answer = _post(app, "/api/items", stream, headers=headers)
        assert answer.status_code in (401, 403)
        assert stream.pulled == 0


@pytest.mark.usefixtures("jobs_worker")
def test_an_uploader_with_the_token_in_the_address_is_read_and_stored(
    app: FastAPI, archive: Archive, client_as: Callable[[str], TestClient]
) -> None:
    editor = client_as("editor")
    stream = Stream(size=3 * len(CHUNK) + 5)
    response = _post(
        app,
        "/upload",
        stream,
        cookies=dict(editor.cookies),
        params={"csrf_token": page_csrf(editor)},
    )
    assert response.status_code == 303, response.text
    assert stream.pulled == 6
    finished_job(editor, editor.get(response.headers["location"]))
    assert len(list(as_owner(archive).items.ids())) == 1
    api_stream = Stream(size=10)
    answer = _post(app, "/api/items", api_stream, headers=bearer(archive, "editor-user", "write"))
    assert answer.status_code == 200, answer.text
    assert answer.json()["results"][0]["status"] == "new"
