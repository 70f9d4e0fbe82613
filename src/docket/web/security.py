"""Protections every response and request pass through: headers, body limits, CSRF, rate limits."""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Final

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# No inline scripts or styles anywhere: the pages load their code from /static only, so an
# injected <script> in a document's text cannot run.
CONTENT_SECURITY_POLICY: Final = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS: Final = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"referrer-policy", b"no-referrer"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
)
OWN_POLICY: Final = frozenset({b"content-security-policy", b"x-frame-options"})
NO_STORE: Final = (b"cache-control", b"no-store")
CSRF_FIELD: Final = "csrf_token"
CSRF_HEADER: Final = "x-csrf-token"
UNSAFE_METHODS: Final = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class SecurityHeaders:
    """Adds the security headers to every response; pages other than static files are no-store.

    Evidence pages must not linger in a shared computer's cache after logout.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        hsts: bool,
        forwarded_https: Callable[[Scope], bool] = lambda scope: False,
    ) -> None:
        self.app = app
        self.hsts = hsts
        self.forwarded_https = forwarded_https

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = str(scope.get("path", "")).startswith("/static/")
        hsts = self.hsts or self.forwarded_https(scope)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (name, value)
                    for name, value in message.get("headers", [])
                    if name.lower() != b"cache-control" or static
                ]
                # Archived pages replayed from a capture bring their own policy, stricter in all
                # but framing: only the workspace itself may frame them.
                own = {name.lower() for name, _ in headers} & OWN_POLICY
                headers.extend(h for h in SECURITY_HEADERS if h[0] not in own)
                if not static:
                    headers.append(NO_STORE)
                if hsts:
                    headers.append((b"strict-transport-security", b"max-age=31536000"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyTooLarge(Exception):
    """A request body went past its limit while it was being read."""


class BodyLimit:
    """Refuses request bodies over a limit, by Content-Length and while streaming.

    Uploads get ``upload_limit``; everything else ``form_limit``, which is plenty for a form
    and stops a client from making the server parse gigabytes of fields.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        form_limit: int,
        upload_limit: int,
        is_upload: Callable[[str], bool],
    ) -> None:
        self.app = app
        self.form_limit = form_limit
        self.upload_limit = upload_limit
        self.is_upload = is_upload

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.upload_limit if self.is_upload(str(scope["path"])) else self.form_limit
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _too_large(send, limit)
            return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await _too_large(send, limit)


class EarlyRefusal:
    """Asks ``refuse`` about a request from its line and headers alone, before anything reads
    the body; a response it returns is sent and the body is never read.

    For uploads: without it the framework parses (and spools to disk) a multipart body before
    any dependency could check who sent it, so anyone could make the server write gigabytes.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        applies: Callable[[str, str], bool],
        refuse: Callable[[Request], Awaitable[Response | None]],
    ) -> None:
        self.app = app
        self.applies = applies
        self.refuse = refuse

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self.applies(str(scope["method"]), str(scope["path"])):
            # No receive channel: a check that tried to read the body would fail, not read it.
            response = await self.refuse(Request(scope))
            if response is not None:
                await response(scope, _nothing_to_read, send)
                return
        await self.app(scope, receive, send)


async def _nothing_to_read() -> Message:
    return {"type": "http.disconnect"}


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _too_large(send: Send, limit: int) -> None:
    body = f"The request is larger than {limit // (1024 * 1024) or 1} MiB allowed here.".encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def new_token() -> str:
    return secrets.token_urlsafe(32)


def same_secret(given: str | None, expected: str | None) -> bool:
    """Compare two secrets in constant time; a missing one never matches."""
    if not given or not expected:
        return False
    return hmac.compare_digest(given.encode(), expected.encode())


class RateLimiter:
    """At most ``limit`` events per key within ``window`` seconds (sliding window, in memory).

    One process serves the archive, so memory is the right place; a restart forgets, which the
    per-account lockout in the database does not.
    """

    def __init__(
        self, limit: int, window: float = 60.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self._events: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        """Count one event for ``key`` unless the limit is reached; whether it was counted."""
        now = self.clock()
        with self._lock:
            events = self._recent(key, now)
            if len(events) >= self.limit:
                return False
            self._append(events, now)
            return True

    def full(self, key: str) -> bool:
        """Whether ``key`` has reached the limit, without counting anything."""
        now = self.clock()
        with self._lock:
            return len(self._recent(key, now)) >= self.limit

    def add(self, key: str) -> None:
        """Count one event for ``key`` (a failure, counted after the fact)."""
        now = self.clock()
        with self._lock:
            self._append(self._recent(key, now), now)

    def _recent(self, key: str, now: float) -> deque[float]:
        events = self._events.setdefault(key, deque())
        while events and now - events[0] >= self.window:
            events.popleft()
        return events

    def _append(self, events: deque[float], now: float) -> None:
        events.append(now)
        if len(self._events) > 10_000:
            self._forget_idle(now)

    def _forget_idle(self, now: float) -> None:
        for key in [k for k, v in self._events.items() if not v or now - v[-1] >= self.window]:
            del self._events[key]
