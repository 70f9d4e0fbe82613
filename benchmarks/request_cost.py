"""Server time of one request to the trivial endpoint (GET /api/me), in-process, no network.

    .venv/bin/python benchmarks/request_cost.py [--requests 3000] [--profile]

A fresh archive with one signed-in editor. The app is called straight through its ASGI
interface, one request after another, so what is timed is the server's own work per request:
the middleware, routing, the session lookup (on a worker thread, as in production), the handler
and the JSON answer. The floor, in the same run, is a bare Starlette route answering JSON through
the same interface. ``--profile`` prints where the time goes (cProfile, event loop thread, and
the session lookup on its own).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import pstats
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from docket.archive import Archive
from docket.config import Settings
from docket.web import WebSettings, create_app

USER = "bench-editor"
PASSWORD = "a long benchmark password, not used elsewhere"
App = Callable[[dict[str, Any], Any, Any], Awaitable[None]]


def scope(cookie: str | None, target: str = "/api/me") -> dict[str, Any]:
    """An ASGI GET of ``target`` (a path and query) in English, signed in with ``cookie``."""
    path, _, query = target.partition("?")
    headers = [(b"host", b"127.0.0.1"), (b"accept-language", b"en")]
    if cookie:
        headers.append((b"cookie", f"docket_session={cookie}".encode()))
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }


async def receive() -> dict[str, Any]:
    """The body of a GET: none."""
    return {"type": "http.request", "body": b"", "more_body": False}


class Statuses(list[int]):
    """The ASGI ``send`` of requests made in turn: keeps the status of each answer."""

    async def __call__(self, message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            self.append(message["status"])


async def _per_request(app: App, cookie: str | None, requests: int) -> float:
    statuses = send = Statuses()
    for _ in range(50):
        await app(scope(cookie), receive, send)
    statuses.clear()
    started = time.perf_counter()
    for _ in range(requests):
        await app(scope(cookie), receive, send)
    seconds = (time.perf_counter() - started) / requests
    assert set(statuses) == {200}, set(statuses)
    return seconds


def _floor_app() -> Starlette:
    async def me(_request: Request) -> JSONResponse:
        return JSONResponse({"name": USER, "role": "editor", "levels": ["public"]})

    return Starlette(routes=[Route("/api/me", me)])


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("DOCKET_ACTOR", "bench")
    with tempfile.TemporaryDirectory() as folder:
        archive = Archive.create(Settings.from_env(home=Path(folder) / "archive"))
        try:
            accounts = archive.accounts
            user = accounts.add(USER, "editor", PASSWORD, actor="bench")
            token, _ = accounts.start_session(user.id, second_factor_done=True)
            app = create_app(archive, WebSettings(secure_cookies=False))
            floor = asyncio.run(_per_request(_floor_app(), None, args.requests))
            cost = asyncio.run(_per_request(app, token, args.requests))
            started = time.perf_counter()
            for _ in range(args.requests):
                assert accounts.signed_in(token) is not None
            lookup = (time.perf_counter() - started) / args.requests
            if args.profile:
                profiler = cProfile.Profile()
                profiler.enable()
                asyncio.run(_per_request(app, token, args.requests))
                for _ in range(args.requests):
                    accounts.signed_in(token)
                profiler.disable()
                pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
        finally:
            archive.close()
    print(f"floor: bare Starlette route  {floor * 1000:7.3f} ms per request")
    print(f"GET /api/me                  {cost * 1000:7.3f} ms per request")
    print(f"  of which the session lookup {lookup * 1000:6.3f} ms")
    print(f"ratio to the floor           {cost / floor:7.1f}x")


if __name__ == "__main__":
    main()
