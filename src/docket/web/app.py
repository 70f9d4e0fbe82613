"""The application: one archive, its accounts, the pages and the API, behind the protections."""

from __future__ import annotations

import functools
import importlib
import pkgutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from types import ModuleType
from typing import Final
from urllib.parse import quote

import anyio.to_thread
from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from docket import __version__
from docket.archive import Archive
from docket.errors import DocketError, ItemNotFound
from docket.face import (
    Accounts,
    EditConflict,
    PermissionDenied,
    ProposalDecided,
    ProposalNotFound,
    RecordNotFound,
)
from docket.safekeeping.schedule import Scheduler
from docket.web import api, pages
from docket.web.auth import (
    CsrfRejected,
    EnrolmentRequired,
    SecondFactorRequired,
    SignInRequired,
    request_language,
)
from docket.web.config import WebSettings
from docket.web.i18n import N_
from docket.web.pages import upload
from docket.web.security import BodyLimit, EarlyRefusal, SecurityHeaders
from docket.web.templating import render
from docket.web.workspace import Workspace

STATIC_DIR: Final = Path(__file__).parent / "static"
UPLOAD_PATHS: Final = ("/upload", "/api/items")
FORM_EXPIRED: Final = N_(
    "The form had expired or did not come from Docket. Go back, reload the page and try again."
)
NOTHING_HERE: Final = N_("There is nothing here.")
# Pages that read the archive run in a thread of the process's pool. The pages' work holds
# Python's global lock, so more threads than this add switching and database connections, not
# answers: under 50 clients, a record page cost 3.7-4.6 ms of processor time with eight threads
# against 5.5 ms with the 40 of anyio's default.
REQUEST_THREADS: Final = 8


def create_app(
    archive: Archive,
    settings: WebSettings | None = None,
    *,
    accounts: Accounts | None = None,
    backups: bool = False,
) -> FastAPI:
    """The workspace over ``archive``; the caller keeps the archive open while it serves.

    ``accounts`` replaces the archive's accounts with the settings' session lifetimes, for a
    caller that needs another clock or password hasher. With ``backups``, the archive's backup
    plan is kept while the application runs (:class:`Scheduler`).
    """
    settings = settings or WebSettings()
    app = FastAPI(
        title="Docket",
        version=__version__,
        description="Evidence, records and their review, with the permissions of the caller.",
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
        lifespan=functools.partial(_serving, archive if backups else None),
    )
    accounts = accounts or archive.accounts_with(
        idle_minutes=settings.idle_minutes,
        absolute_hours=settings.absolute_hours,
        min_password_score=settings.min_password_score,
    )
    space = Workspace(archive, accounts, settings)
    # Jobs a stopped server left unfinished on an embedded archive are run again here.
    archive.jobs.resume()
    archive.jobs.tidy()
    app.state.workspace = space
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for module in (*_modules(pages), *_modules(api)):
        app.include_router(module.router)
    _handle_errors(app)
    app.add_middleware(
        BodyLimit,
        form_limit=settings.max_form_bytes,
        upload_limit=settings.max_upload_bytes,
        is_upload=lambda path: path.startswith(UPLOAD_PATHS),
    )
    app.add_middleware(
        EarlyRefusal,
        applies=lambda method, path: method == "POST" and path in UPLOAD_PATHS,
        refuse=_refuse_upload,
    )
    app.add_middleware(
        SecurityHeaders, hsts=settings.cookies_secure, forwarded_https=space.proxies.forwarded_https
    )
    return app


@asynccontextmanager
async def _serving(backed_up: Archive | None, _app: FastAPI) -> AsyncIterator[None]:
    anyio.to_thread.current_default_thread_limiter().total_tokens = REQUEST_THREADS
    scheduler = Scheduler(backed_up) if backed_up is not None else None
    if scheduler is not None:
        scheduler.start()
    try:
        yield
    finally:
        if scheduler is not None:
            # Waits for a backup under way: the process ends only after its snapshot is whole.
            await anyio.to_thread.run_sync(scheduler.stop)


async def _refuse_upload(request: Request) -> Response | None:
    """An upload from someone who may not upload is answered before its body is read."""
    api = _is_api(request)
    found = await run_in_threadpool(upload.refusal, request, api=api)
    if found is None:
        return None
    status, message = found
    headers = {"WWW-Authenticate": "Bearer"} if api and status == 401 else None
    request.state.language = request_language(request)
    return _error(request, status, message, headers=headers)


def _modules(package: ModuleType) -> list[ModuleType]:
    """Every module of a routes package that offers a ``router``, in name order."""
    found = []
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        if hasattr(module, "router"):
            found.append(module)
    return found


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _redirect(request: Request, target: str) -> Response:
    if request.headers.get("hx-request"):
        return Response(status_code=204, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)


def _handle_errors(app: FastAPI) -> None:
    @app.exception_handler(SignInRequired)
    async def sign_in(request: Request, _: Exception) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": "Sign in first."}, status_code=401)
        wanted = request.url.path
        if request.url.query:
            wanted += "?" + request.url.query
        target = "/login" if wanted == "/" else f"/login?next={quote(wanted, safe='')}"
        return _redirect(request, target)

    @app.exception_handler(SecondFactorRequired)
    async def second_factor(request: Request, _: Exception) -> Response:
        return _redirect(request, "/login/2fa")

    @app.exception_handler(EnrolmentRequired)
    async def enrolment(request: Request, _: Exception) -> Response:
        return _redirect(request, "/account/2fa")

    @app.exception_handler(CsrfRejected)
    async def csrf(request: Request, _: Exception) -> Response:
        return _error(request, 403, FORM_EXPIRED)

    # Hidden and missing are the same answer: a viewer cannot tell one from the other.
    for missing_thing in (RecordNotFound, ItemNotFound, ProposalNotFound):

        @app.exception_handler(missing_thing)
        async def not_found(request: Request, error: Exception) -> Response:
            return _error(request, 404, str(error) or NOTHING_HERE)

    # Someone else was first: the proposal is decided, or the record moved on.
    @app.exception_handler(EditConflict)
    @app.exception_handler(ProposalDecided)
    async def decided(request: Request, error: Exception) -> Response:
        return _error(request, 409, str(error))

    @app.exception_handler(PermissionDenied)
    async def denied(request: Request, error: Exception) -> Response:
        return _error(request, 403, str(error))

    @app.exception_handler(DocketError)
    async def refused(request: Request, error: Exception) -> Response:
        return _error(request, 400, str(error))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, HTTPException)
        headers = getattr(error, "headers", None)
        return _error(request, error.status_code, str(error.detail), headers=headers)

    @app.exception_handler(404)
    async def missing(request: Request, error: Exception) -> Response:
        # Routing's own 404 says "Not Found"; a handler's HTTPException(404) says what is missing.
        detail = getattr(error, "detail", None)
        message = detail if isinstance(detail, str) and detail != "Not Found" else NOTHING_HERE
        return _error(request, 404, message)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: Exception) -> Response:
        assert isinstance(error, RequestValidationError)
        if any(tuple(e.get("loc", ()))[:1] == ("path",) for e in error.errors()):
            # An id no column can hold (or no number at all) names nothing: missing, not malformed.
            return _error(request, 404, NOTHING_HERE)
        if _is_api(request):
            return JSONResponse({"detail": _plain(error)}, status_code=422)
        return _error(request, 422, "; ".join(str(e["msg"]) for e in error.errors()))


def _plain(error: RequestValidationError) -> list[dict[str, object]]:
    return [
        {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": e.get("type", "")}
        for e in error.errors()
    ]


def _error(
    request: Request, status: int, message: str, headers: dict[str, str] | None = None
) -> Response:
    """One line saying what went wrong: JSON for the API, a page for people."""
    if _is_api(request):
        return JSONResponse({"detail": message}, status_code=status, headers=headers)
    if not hasattr(request.state, "language"):
        request.state.language = request_language(request)
    response = render(
        request, "error.html", {"status": status, "message": message}, status_code=status
    )
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response
